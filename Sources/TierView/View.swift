import TierEngine

/// The one view: the explorer's screen as a pure function of (state, context, theme-independent roles).
/// The ncurses backend, `render --view screen` and every screenshot paint the Frame this returns.
public enum ExplorerView {
    public static func frame(_ state: AppState, _ context: ExplorerContext) -> Frame {
        let size = state.size
        var frame = Frame(width: size.width, height: size.height)
        let layout = Layout(size)
        if layout.isTooSmall {
            drawTooSmall(&frame)
            return frame
        }
        let grid = Grid(state: state, context: context)
        let glyphs = context.glyphs
        let cutoff = Evaluator.cutoff(state.date, windowYears: state.policy.windowYears)
        drawStatus(&frame, state, context, grid: grid, cutoff: cutoff)
        drawHeaders(&frame, state, context, grid: grid, layout: layout)
        drawBody(&frame, state, context, grid: grid, layout: layout)
        drawSlider(&frame, state, context, layout: layout, cutoff: cutoff)
        drawDetail(&frame, state, context, grid: grid, layout: layout)
        drawHints(&frame, state, context, layout: layout)
        switch state.overlay {
        case .some(.help(let scroll)): drawHelp(&frame, scroll: scroll, glyphs: glyphs)
        case .some(.detail(let scroll)): drawDetailOverlay(&frame, state, context, grid: grid, scroll: scroll)
        case .some(.search), .none: break
        }
        return frame
    }

    static func drawTooSmall(_ frame: inout Frame) {
        let text = "terminal too small (need \(Layout.minimumWidth)×\(Layout.minimumHeight); q quits)"
        let lines = DisplayText.wrap(text, columns: max(1, frame.width))
        let top = max(0, (frame.height - lines.count) / 2)
        for (i, line) in lines.enumerated() {
            frame.put(max(0, (frame.width - DisplayText.width(line)) / 2), top + i, line, .warning)
        }
    }

    static func drawStatus(_ frame: inout Frame, _ state: AppState, _ context: ExplorerContext, grid: Grid, cutoff: Day) {
        frame.fill(0, 0, frame.width, 1, .status)
        // Counted over every visible cell (not only those on screen, every member of a merged run), by the
        // engine in one pass. Supported counts twice: by a rule, and only by caps.
        let policy = state.shownPolicy
        let tally = context.evaluator.tierCounts(guests: grid.rows, machines: grid.allColumns, date: state.date, policy: policy)
        let counts = tally.byRank, capped = tally.supportedByCapsOnly
        let modified = state.policyModified ? "*" : ""
        // Most wanted first (the date and the counts), so that a narrow terminal cuts the least useful part.
        var x = frame.put(0, 0, " guest-tiers  \(state.date) ", .title)
        x += frame.put(x, 0, " ", .status)
        let chips: [(String, Tier, Int)] = [("R", .recommended, counts[Tier.recommended.rank]),
                                             ("S!", .supported, counts[Tier.supported.rank] - capped),
                                             ("s", .supported, capped), ("U", .unsupported, counts[Tier.unsupported.rank])]
        for (mark, tier, count) in chips {
            x += frame.put(x, 0, " \(mark) ", .tierChip(tier))
            x += frame.put(x, 0, " \(count) ", .status)
        }
        var parts = [state.baseTierOnly ? "base tiers (caps off, B)" : "policy \(policy.id)\(modified)" + (policy.extendedCounts ? " +extended" : "")]
        parts.append(state.policy.ageCap
            ? "window \(policy.windowYears)y\(policy.ageFrom == .latestPointRelease ? " from latest point" : ""), cutoff \(cutoff)"
            : "age cap off")
        parts.append("lifecycle \(policy.lifecycle ? "on" : "off")")
        parts.append("arch \(state.arch ?? "all")")
        if let proposal = context.evaluator.proposal {
            parts.append("proposal \(proposal.id)\(context.evaluator.proposalApplies ? "" : " (not opted in)")")
        }
        // The sources by name only (the directory's last component), so that a screenshot does not depend on
        // where the repository was cloned.
        var origin = "catalog " + CatalogLabel.text(context.catalog)
        if context.catalog.guests.contains(where: { $0.isImported || !$0.pointReleases.isEmpty }) { origin += " + osinfo-db" }
        if let offered = context.evaluator.offered { origin += " + " + offered.shownAs }
        parts.append(origin)
        let rest = " " + parts.joined(separator: context.glyphs.ascii ? " | " : " · ")
        frame.put(x, 0, rest, .status)
        if x + DisplayText.width(rest) > frame.width { frame.markCut(row: 0, ellipsis: context.glyphs.ellipsis) }
    }

    static func drawHeaders(_ frame: inout Frame, _ state: AppState, _ context: ExplorerContext, grid: Grid, layout: Layout) {
        let machines = context.evaluator.machines
        let (_, cursorColumn) = grid.cursor(state)
        frame.put(0, 1, DisplayText.pad("guest \\ machine type", columns: layout.rowHeaderWidth), .header)
        let merged = grid.runs.count < grid.allColumns.count ? " (v splits)" : ""
        frame.put(0, 2, DisplayText.pad("\(grid.rows.count) guests, \(grid.allColumns.count) types", columns: layout.rowHeaderWidth), .dim)
        if !merged.isEmpty { frame.put(0, 3, DisplayText.pad("\(grid.columns.count) columns\(merged)", columns: layout.rowHeaderWidth), .dim) }
        let slots = min(layout.visibleColumns, max(0, grid.columns.count - state.left))
        // No run on screen (collapsed, or every version): the third header line is free, so the family names
        // take two staggered lines and are never cut; the versions go on the third.
        let dash = context.glyphs.ascii ? "-" : "–"
        let visible = Array(state.left..<(state.left + slots))
        if !visible.isEmpty, visible.allSatisfy({ grid.label($0, context, dash: dash).through.isEmpty }) {
            let rows = MatrixReport.familyRows(visible, grid, context, left: layout.bodyLeft, width: frame.width)
            if rows.count == 2 {
                for (i, row) in rows.enumerated() { frame.put(layout.bodyLeft, 1 + i, String(row.dropFirst(layout.bodyLeft)), .header) }
                for (slot, position) in visible.enumerated() {
                    let x = layout.bodyLeft + slot * Layout.columnWidth
                    let label = grid.label(position, context, dash: dash).from
                    frame.put(x, 3, DisplayText.pad(label, columns: Layout.columnWidth - 1, ellipsis: context.glyphs.ellipsis),
                              position == cursorColumn ? .headerSelected : .dim)
                }
                return
            }
        }
        for slot in 0..<slots {
            let position = state.left + slot
            let machine = machines[grid.columns[position]]
            let x = layout.bodyLeft + slot * Layout.columnWidth
            if slot == 0 || machines[grid.columns[position - 1]].familyID != machine.familyID {
                // The family's type name, or its short alias where the name does not fit before the next family.
                var span = 0
                while slot + span < slots, machines[grid.columns[position + span]].familyID == machine.familyID { span += 1 }
                let room = slot + span >= slots ? frame.width - x : span * Layout.columnWidth
                let family = context.catalog.family(machine.familyID)
                let name = family.map { $0.pattern.replacingVersion(with: "").trimmingTrailingDash() } ?? machine.familyID
                let alias = family?.alias ?? machine.familyID
                let label = DisplayText.width(name) + 1 < room || alias == name ? name : alias
                frame.put(x, 1, DisplayText.fit(context.glyphs.vertical + label, columns: room - (slot + span >= slots ? 0 : 1)), .header, limit: room)
            }
            let role: Role = position == cursorColumn ? .headerSelected : .dim
            let label = grid.label(position, context, dash: context.glyphs.ascii ? "-" : "–")
            frame.put(x, 2, DisplayText.pad(label.from, columns: Layout.columnWidth - 1, ellipsis: context.glyphs.ellipsis), role)
            if !label.through.isEmpty {
                frame.put(x, 3, DisplayText.pad(label.through, columns: Layout.columnWidth - 1, ellipsis: context.glyphs.ellipsis), role)
            }
        }
    }

    static func drawBody(_ frame: inout Frame, _ state: AppState, _ context: ExplorerContext, grid: Grid, layout: Layout) {
        let evaluator = context.evaluator
        let (cursorRow, cursorColumn) = grid.cursor(state)
        let cutoff = Evaluator.cutoff(state.date, windowYears: state.shownPolicy.windowYears).ordinal
        if grid.rows.isEmpty {
            frame.put(1, layout.bodyTop, "no guests to show (arch \(state.arch ?? "all"); u shows unreleased ones)", .dim)
            return
        }
        var previousVendor: String?
        if state.top > 0 { previousVendor = context.catalog.guests[grid.rows[state.top - 1]].vendor }
        // Ids are what tell rows apart (alpinelinux3.15 … 3.22): they get the room they need, the vendor the rest,
        // and no vendor column at all when fewer than five columns are left for it.
        let longestID = grid.rows.reduce(0) { max($0, context.labelWidths[$1]) }
        let idColumn = min(longestID, layout.rowHeaderWidth - 1)
        let vendorColumn = layout.rowHeaderWidth - idColumn - 1 >= 5 ? layout.rowHeaderWidth - idColumn - 1 : 0
        let compare = Explorer.comparisons(state, context)
        let policy = state.shownPolicy
        for line in 0..<layout.bodyHeight {
            let position = state.top + line
            guard position < grid.rows.count else { break }
            let y = layout.bodyTop + line
            let guest = context.catalog.guests[grid.rows[position]]
            // The vendor is written once, on its group's first visible row; the guest goes by its libosinfo id.
            let vendor = guest.vendor != previousVendor ? shortVendor(guest.vendor) : ""
            previousVendor = guest.vendor
            let selected = position == cursorRow
            if vendorColumn > 0 { frame.put(0, y, DisplayText.pad(vendor, columns: vendorColumn, ellipsis: context.glyphs.ellipsis), .dim) }
            let idLeft = vendorColumn > 0 ? vendorColumn + 1 : 0
            // A point release shown under its line is indented behind a tree mark.
            let label = guest.lineID == nil ? guest.id : (context.glyphs.ascii ? " `" : " └") + guest.id
            frame.put(idLeft, y, DisplayText.pad(label, columns: layout.rowHeaderWidth - idLeft, ellipsis: context.glyphs.ellipsis),
                      selected ? .headerSelected : (guest.lineID == nil ? .text : .dim))
            for slot in 0..<layout.visibleColumns {
                let column = state.left + slot
                guard column < grid.columns.count else { break }
                let g = grid.rows[position], m = grid.columns[column]
                let tier = evaluator.tier(guest: g, machine: m, date: state.date.ordinal, cutoff: cutoff, policy: policy)
                let isCursor = selected && column == cursorColumn
                let x = layout.bodyLeft + slot * Layout.columnWidth
                let cause = evaluator.supportCause(guest: g, machine: m, date: state.date.ordinal, cutoff: cutoff, policy: policy)
                let mark = CellMarks.mark(tier, cause: cause, glyphs: context.glyphs)
                switch compare?(g, m) ?? .same {
                case let .tier(before):
                    // Diff mode: "R›S" — the reference tier, then the tier now.
                    frame.put(x, y, context.glyphs.tier(before), .tier(before))
                    frame.put(x + 1, y, context.glyphs.ascii ? ">" : "›", isCursor ? .tierSelected(tier) : .changed)
                    frame.put(x + 2, y, context.glyphs.tier(tier) + (isCursor ? "]" : " "), isCursor ? .tierSelected(tier) : .tier(tier))
                case let .technical(before, after):
                    // Diff mode, tier kept by a cap: "R~S" — the technical base tiers before and now.
                    frame.put(x, y, context.glyphs.tier(before), .tier(before))
                    frame.put(x + 1, y, "~", isCursor ? .tierSelected(tier) : .changed)
                    frame.put(x + 2, y, context.glyphs.tier(after) + (isCursor ? "]" : " "), isCursor ? .tierSelected(tier) : .tier(after))
                case .same:
                    // In diff mode the unchanged cells step back, so that the changed ones stand out.
                    let role: Role = isCursor ? .tierSelected(tier) : (state.reference != nil ? .dim : .tier(tier))
                    frame.put(x, y, DisplayText.pad(isCursor ? "[\(mark)]" : " \(mark)", columns: 4), role, limit: Layout.columnWidth - 1)
                }
            }
        }
    }

    /// "CentOS Project" → "CentOS": the row header has little room, and the suffix tells nothing.
    static func shortVendor(_ vendor: String) -> String {
        var name = vendor
        for suffix in [" Project", " Foundation", " Corporation", " Inc.", " Inc", " Ltd.", " GmbH", " LLC"] where name.hasSuffix(suffix) {
            name = String(name.dropLast(suffix.count))
        }
        return name
    }

    static func drawSlider(_ frame: inout Frame, _ state: AppState, _ context: ExplorerContext, layout: Layout, cutoff: Day) {
        let y = layout.sliderTop
        let glyphs = context.glyphs
        let width = frame.width
        // The axis spans from two years before the cutoff to three years after the date.
        let start = cutoff.adding(years: -2)
        let end = state.date.adding(years: 3)
        let span = max(1, end.ordinal - start.ordinal)
        func column(_ day: Day) -> Int? {
            guard day >= start, day <= end else { return nil }
            return min(width - 1, (day.ordinal - start.ordinal) * (width - 1) / span)
        }
        frame.put(0, y, String(repeating: glyphs.horizontal, count: width), .sliderAxis)
        frame.fill(0, y + 1, width, 1, .text)
        for release in context.catalog.releases {
            if let x = column(release.date) { frame.put(x, y, glyphs.tick, .sliderRelease) }
        }
        var year = start.year + 1
        while let first = Day(year: year, month: 1, day: 1), first <= end {
            if let x = column(first), x + 4 < width { frame.put(x, y + 1, String(year), .dim) }
            year += 1
        }
        let guest = context.catalog.guests.indices.contains(state.guest) ? context.catalog.guests[state.guest] : nil
        if let released = guest?.released.day, let x = column(released) { frame.put(x, y, glyphs.guestRelease, .sliderGuest) }
        if let last = guest?.supportEnd(countingExtended: state.policy.extendedCounts).day, let x = column(last) {
            frame.put(x, y, glyphs.guestEnd, .sliderGuest)
        }
        if state.policy.ageCap, let x = column(cutoff) { frame.put(x, y, glyphs.cutoff, .sliderCutoff) }
        if case let .some(.pinned(pinned, _)) = state.reference, let x = column(pinned) { frame.put(x, y, glyphs.pinned, .changed) }
        if let x = column(state.date) { frame.put(x, y, glyphs.now, .sliderNow) }
    }

    /// The detail lines for the cursor's cell; in diff mode they start with the reference's tier and the reasons
    /// that differ.
    static func detailLines(_ state: AppState, _ context: ExplorerContext, grid: Grid, compact: Bool) -> [(String, Role)]? {
        guard let evaluation = cellEvaluation(state, context, grid: grid) else { return nil }
        var lines = DetailText.lines(evaluation, glyphs: context.glyphs, compact: compact)
        let (row, column) = grid.cursor(state)
        if let before = Explorer.referenceEvaluation(state, context, guest: grid.rows[row], machine: grid.columns[column]),
           let label = Explorer.referenceLabel(state, context) {
            lines.insert(contentsOf: comparisonLines(before: before, now: evaluation, label: label, glyphs: context.glyphs), at: 1)
        }
        return lines
    }

    /// Diff mode's first detail lines: the tier before and now, or the technical change a cap hides, and the
    /// reasons that appeared and went.
    static func comparisonLines(before: Evaluation, now: Evaluation, label: String, glyphs: Glyphs) -> [(String, Role)] {
        var diff: [(String, Role)] = []
        let arrow = glyphs.arrowRight
        if before.tier != now.tier {
            diff.append(("before (\(label)): \(before.tier.title) \(arrow) now: \(now.tier.title)", .changed))
        } else if let baseBefore = before.baseTier, let baseNow = now.baseTier, baseBefore != baseNow {
            let caps = now.caps.kinds.map(\.rawValue).joined(separator: " and ")
            diff.append(("against \(label): technical tier \(baseBefore.title) \(arrow) \(baseNow.title); the tier stays \(now.tier.title)"
                + (caps.isEmpty ? "" : " (capped by \(caps))"), .changed))
        } else {
            return [("unchanged against \(label): \(before.tier.title)", .dim)]
        }
        let (added, removed) = TierDiff.reasonDelta(from: before.reasons, to: now.reasons)
        diff += added.map { ("  + \($0.kind.rawValue): \($0.text)", Role.text) }
        diff += removed.map { ("  - \($0.kind.rawValue): \($0.text)", Role.text) }
        return diff
    }

    /// ": pc-q35-2.7 … 2.11 alike (v splits)" for a merged column, else "".
    static func runNote(_ state: AppState, _ context: ExplorerContext, grid: Grid) -> String {
        guard !grid.rows.isEmpty, !grid.columns.isEmpty else { return "" }
        let run = grid.runs[grid.cursor(state).column]
        guard run.count > 1 else { return "" }
        let machines = context.evaluator.machines
        return ": \(machines[run[run.count - 1]].name) … \(machines[run[0]].version) alike (v splits)"
    }

    static func cellEvaluation(_ state: AppState, _ context: ExplorerContext, grid: Grid) -> Evaluation? {
        guard !grid.rows.isEmpty, !grid.columns.isEmpty else { return nil }
        let (row, column) = grid.cursor(state)
        return context.evaluator.evaluate(guest: grid.rows[row], machine: grid.columns[column], date: state.date, policy: state.shownPolicy)
    }

    static func drawDetail(_ frame: inout Frame, _ state: AppState, _ context: ExplorerContext, grid: Grid, layout: Layout) {
        let y = layout.detailTop
        let glyphs = context.glyphs
        // A merged column's detail is its newest type's; the title says which types it stands for, so that the
        // lines stay exactly `explain`'s.
        let title = " detail" + runNote(state, context, grid: grid) + " "
        frame.put(0, y, glyphs.horizontal + title + String(repeating: glyphs.horizontal, count: max(0, frame.width - 1 - DisplayText.width(title))), .border)
        guard let detail = detailLines(state, context, grid: grid, compact: true) else {
            frame.put(1, y + 1, "no cell selected", .dim)
            return
        }
        let lines = wrapped(detail, columns: frame.width - 2)
        let room = layout.detailHeight - 1
        for (i, line) in lines.prefix(room).enumerated() {
            frame.put(1, y + 1 + i, line.0, line.1, limit: frame.width - 1)
        }
        if lines.count > room {
            let hidden = lines.count - room
            let more = " \(hidden) more line\(hidden == 1 ? "" : "s"): Enter "
            frame.put(max(0, frame.width - DisplayText.width(more)), y, more, .hintKey)
        }
    }

    /// Wraps each line to `columns`, keeping its indentation and indenting continuations two more. A word longer
    /// than the line (a URL in a source) continues on the next line: cut, it could not be opened.
    static func wrapped(_ lines: [(String, Role)], columns: Int) -> [(String, Role)] {
        var out: [(String, Role)] = []
        for (text, role) in lines {
            let indent = text.prefix { $0 == " " }.count
            let pieces = DisplayText.wrap(String(text.dropFirst(indent)), columns: max(1, columns - indent - 2), longWords: .break)
            for (i, piece) in pieces.enumerated() {
                out.append((String(repeating: " ", count: indent + (i == 0 ? 0 : 2)) + piece, role))
            }
            if pieces.isEmpty { out.append(("", role)) }
        }
        return out
    }

    static func drawHints(_ frame: inout Frame, _ state: AppState, _ context: ExplorerContext, layout: Layout) {
        let y = layout.hintRow
        frame.fill(0, y, frame.width, 1, .hint)
        if state.overlay == .search {
            frame.put(0, y, "/" + state.searchInput + "_", .hintKey)
            frame.put(min(frame.width - 1, DisplayText.width(state.searchInput) + 3), y, "Enter search  Esc cancel", .hint)
            return
        }
        if let message = state.message {
            frame.put(0, y, " " + message + " ", .message)
            return
        }
        if let label = Explorer.referenceLabel(state, context) {
            let counts = Explorer.changeCounts(state, context, grid: Grid(state: state, context: context))
            let off = state.reference == .withoutProposal ? "P" : "D"
            let technical = counts.technical > 0 ? ", \(counts.technical) technical-only (~)" : ""
            // The counts first, so that a narrow terminal cuts the label rather than them.
            frame.put(0, y, " \(counts.tier) visible cells changed\(technical) vs \(label) · \(off) turns it off ", .changed)
            return
        }
        var x = 0
        for (key, text) in Keymap.hints {
            let needed = DisplayText.width(key) + DisplayText.width(text) + 3
            if x + needed > frame.width { break }
            x += frame.put(x, y, " " + key, .hintKey)
            x += frame.put(x, y, " " + text + " ", .hint)
        }
    }

    static func box(_ frame: inout Frame, x: Int, y: Int, width: Int, height: Int, title: String, glyphs: Glyphs) {
        frame.fill(x, y, width, height, .overlay)
        let inner = max(0, width - 2)
        frame.put(x, y, glyphs.topLeft + String(repeating: glyphs.horizontal, count: inner) + glyphs.topRight, .overlay)
        frame.put(x + 2, y, " " + title + " ", .overlayTitle, limit: max(0, width - 4))
        for row in (y + 1)..<(y + height - 1) {
            frame.put(x, row, glyphs.vertical, .overlay)
            frame.put(x + width - 1, row, glyphs.vertical, .overlay)
        }
        frame.put(x, y + height - 1, glyphs.bottomLeft + String(repeating: glyphs.horizontal, count: inner) + glyphs.bottomRight, .overlay)
    }

    /// The help screen, generated from the key table.
    public static func helpLines() -> [(String, Role)] {
        var lines: [(String, Role)] = []
        var section = ""
        for binding in Keymap.bindings {
            if binding.section != section {
                if !section.isEmpty { lines.append(("", .overlay)) }
                section = binding.section
                lines.append((section, .overlayTitle))
            }
            let keys = binding.keys.map(\.label).joined(separator: " ")
            lines.append(("  " + DisplayText.pad(keys, columns: 20) + binding.help, .overlay))
        }
        lines.append(("", .overlay))
        lines.append(("Mouse: click a cell to select it; the wheel scrolls.", .overlay))
        lines.append(("Tiers: R Recommended  S Supported  U Unsupported  · unreleased  × unavailable  blank: other architecture", .overlay))
        lines.append(("Why Supported: " + CellMarks.legend, .overlay))
        lines.append(("Diff mode: R›S is a cell that was Recommended and is now Supported; R~S: its technical tier went from", .overlay))
        lines.append(("  Recommended to Supported while a cap keeps the tier; unchanged cells are dimmed.", .overlay))
        lines.append(("Columns: 2.7–4.2 is one column for the versions from 2.7 to 4.2, identical in every visible row (v splits).", .overlay))
        lines.append(("Slider: ▼ the date  ◆ the cutoff (date − window)  ◇ the pinned date  ▲ ■ the guest's release and vendor end  ┴ QEMU releases", .overlay))
        return lines
    }

    static func drawHelp(_ frame: inout Frame, scroll: Int, glyphs: Glyphs) {
        let lines = helpLines()
        let width = min(frame.width - 2, max(84, (lines.map { DisplayText.width($0.0) }.max() ?? 0) + 4))
        let height = min(frame.height - 2, lines.count + 3)
        let x = (frame.width - width) / 2, y = max(0, (frame.height - height) / 2)
        box(&frame, x: x, y: y, width: width, height: height, title: "help: keys (Esc or q closes, j/k scroll)", glyphs: glyphs)
        let room = height - 2
        let first = min(scroll, max(0, lines.count - room))
        for (i, line) in lines.dropFirst(first).prefix(room).enumerated() {
            frame.put(x + 2, y + 1 + i, line.0.asciiGlyphs(glyphs), line.1, limit: width - 4)
        }
        scrollMarks(&frame, x: x + width - 14, top: y, bottom: y + height - 1, first: first, room: room, count: lines.count)
    }

    /// How far the open overlay can scroll at this size (0 when everything fits): update clamps to it.
    public static func overlayScrollLimit(_ state: AppState, _ context: ExplorerContext) -> Int {
        let size = state.size
        switch state.overlay {
        case .some(.help):
            let count = helpLines().count
            let height = min(size.height - 2, count + 3)
            return max(0, count - (height - 2))
        case .some(.detail):
            let grid = Grid(state: state, context: context)
            guard let detail = detailLines(state, context, grid: grid, compact: false) else { return 0 }
            return max(0, wrapped(detail, columns: size.width - 2 - 6).count - (size.height - 4))
        default:
            return 0
        }
    }

    /// "more above" / "more below" in an overlay's borders when its lines do not all fit.
    static func scrollMarks(_ frame: inout Frame, x: Int, top: Int, bottom: Int, first: Int, room: Int, count: Int) {
        if first > 0 { frame.put(max(0, x), top, " more: k ", .overlayTitle) }
        if first + room < count { frame.put(max(0, x), bottom, " more: j ", .overlayTitle) }
    }

    static func drawDetailOverlay(_ frame: inout Frame, _ state: AppState, _ context: ExplorerContext, grid: Grid, scroll: Int) {
        let glyphs = context.glyphs
        let width = frame.width - 2
        let height = frame.height - 2
        box(&frame, x: 1, y: 1, width: width, height: height, title: "detail\(runNote(state, context, grid: grid)) (Esc closes, j/k scroll)", glyphs: glyphs)
        guard let detail = detailLines(state, context, grid: grid, compact: false) else { return }
        let lines = wrapped(detail, columns: width - 6)
            .map { ($0.0, $0.1 == .text ? Role.overlay : $0.1) }
        let room = height - 2
        let first = min(scroll, max(0, lines.count - room))
        for (i, line) in lines.dropFirst(first).prefix(room).enumerated() {
            frame.put(3, 2 + i, line.0, line.1 == .dim ? .overlay : line.1, limit: width - 4)
        }
        scrollMarks(&frame, x: width - 13, top: 1, bottom: height, first: first, room: room, count: lines.count)
    }
}

extension String {
    /// The help text names the Unicode glyphs (tiers, slider marks, arrows); in ASCII mode, their ASCII twins.
    func asciiGlyphs(_ glyphs: Glyphs) -> String {
        guard glyphs.ascii else { return self }
        let ascii: [Character: String] = ["·": ".", "×": "x", "▼": "v", "◆": "#", "◇": "o", "▲": "^", "■": "X", "┴": "'",
                                          "›": ">", "−": "-", "→": "->", "↑": "Up", "↓": "Down", "←": "Left"]
        return self.map { ascii[$0] ?? String($0) }.joined()
    }

}
