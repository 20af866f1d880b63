import TierEngine

/// The one view: the explorer's screen as a pure function of (state, context, theme-independent roles).
/// The ncurses backend, `render --view screen` and every screenshot paint the Frame this returns.
public enum ExplorerView {
    public static func frame(_ state: AppState, _ context: ExplorerContext) -> Frame {
        let size = state.size
        var frame = Frame(width: size.width, height: size.height)
        if Layout(size).isTooSmall {
            drawTooSmall(&frame)
            return frame
        }
        let grid = Grid(state: state, context: context)
        let layout = Explorer.layout(state, context, grid: grid)
        let cutoff = Evaluator.cutoff(state.date, windowYears: state.policy.windowYears)
        StatusLine.draw(&frame, state, context, grid: grid)
        drawHeaders(&frame, state, context, grid: grid, layout: layout)
        drawBody(&frame, state, context, grid: grid, layout: layout)
        drawSlider(&frame, state, context, layout: layout, cutoff: cutoff)
        drawDetail(&frame, state, context, grid: grid, layout: layout)
        drawHints(&frame, state, context, layout: layout)
        switch state.overlay {
        case .some(.help(let scroll)): drawHelp(&frame, state, context, scroll: scroll)
        case .some(.detail(let scroll)): drawDetailOverlay(&frame, state, context, grid: grid, scroll: scroll)
        case .some(.search), .some(.datePrompt), .none: break
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

    static func drawHeaders(_ frame: inout Frame, _ state: AppState, _ context: ExplorerContext, grid: Grid, layout: Layout) {
        let machines = context.evaluator.machines
        let (_, cursorColumn) = grid.cursor(state)
        // The three header rows sit under the status rows (one or two, see StatusLine).
        let familyRow = layout.bodyTop - 3, fromRow = layout.bodyTop - 2, throughRow = layout.bodyTop - 1
        frame.put(0, familyRow, DisplayText.pad("guest \\ machine type", columns: layout.rowHeaderWidth), .header)
        let merged = grid.runs.count < grid.allColumns.count ? " (v splits)" : ""
        frame.put(0, fromRow, DisplayText.pad("\(grid.rows.count) guests, \(grid.allColumns.count) types", columns: layout.rowHeaderWidth), .dim)
        if !merged.isEmpty { frame.put(0, throughRow, DisplayText.pad("\(grid.columns.count) columns\(merged)", columns: layout.rowHeaderWidth), .dim) }
        let slots = min(layout.visibleColumns, max(0, grid.columns.count - state.left))
        // No run on screen (collapsed, or every version): the third header line is free, so the family names
        // take two staggered lines and are never cut; the versions go on the third.
        let dash = context.glyphs.ascii ? "-" : "–"
        let visible = Array(state.left..<(state.left + slots))
        if !visible.isEmpty, visible.allSatisfy({ grid.label($0, context, dash: dash).through.isEmpty }) {
            let rows = MatrixReport.familyRows(visible, grid, context, left: layout.bodyLeft, width: frame.width)
            if rows.count == 2 {
                for (i, row) in rows.enumerated() { frame.put(layout.bodyLeft, familyRow + i, String(row.dropFirst(layout.bodyLeft)), .header) }
                for (slot, position) in visible.enumerated() {
                    let x = layout.bodyLeft + slot * Layout.columnWidth
                    let label = grid.label(position, context, dash: dash).from
                    frame.put(x, throughRow, DisplayText.pad(label, columns: Layout.columnWidth - 1, ellipsis: context.glyphs.ellipsis),
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
                frame.put(x, familyRow, DisplayText.fit(context.glyphs.vertical + label, columns: room - (slot + span >= slots ? 0 : 1), ellipsis: context.glyphs.ellipsis), .header, limit: room)
            }
            let role: Role = position == cursorColumn ? .headerSelected : .dim
            let label = grid.label(position, context, dash: context.glyphs.ascii ? "-" : "–")
            frame.put(x, fromRow, DisplayText.pad(label.from, columns: Layout.columnWidth - 1, ellipsis: context.glyphs.ellipsis), role)
            if !label.through.isEmpty {
                frame.put(x, throughRow, DisplayText.pad(label.through, columns: Layout.columnWidth - 1, ellipsis: context.glyphs.ellipsis), role)
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
        // A frame draws hundreds of cells from a dozen texts: each built once (by tier, cause and cursor).
        struct Look: Hashable { var tier: Tier; var cause: SupportCause?; var cursor: Bool }
        var texts: [Look: String] = [:]
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
                let cause = tier == .supported
                    ? evaluator.supportCause(guest: g, machine: m, date: state.date.ordinal, cutoff: cutoff, policy: policy) : nil
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
                    let look = Look(tier: tier, cause: cause, cursor: isCursor)
                    let text = texts[look] ?? {
                        let mark = CellMarks.mark(tier, cause: cause, glyphs: context.glyphs)
                        let text = DisplayText.pad(isCursor ? "[\(mark)]" : " \(mark)", columns: 4)
                        texts[look] = text
                        return text
                    }()
                    frame.put(x, y, text, role, limit: Layout.columnWidth - 1)
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
        let scale = SliderScale(state)
        let start = scale.start, end = scale.end
        func column(_ day: Day) -> Int? { scale.column(day) }
        frame.putRepeated(0, y, glyphs.horizontal, count: width, .sliderAxis)
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
        let at = DetailText.insertionPoint(evaluation, compact: compact)
        if let before = Explorer.referenceEvaluation(state, context, guest: grid.rows[row], machine: grid.columns[column]),
           let label = Explorer.referenceLabel(state, context) {
            lines.insert(contentsOf: comparisonLines(before: before, now: evaluation, label: label, glyphs: context.glyphs), at: at)
        }
        if !compact { lines += timelineLines(state, context, guest: grid.rows[row], machine: evaluation.machine) }
        return lines
    }

    /// The full detail ends with the cell's timeline: every tier change from its first day to its last, each with
    /// the tiers, the cause and "(estimated)" where it is (`guest-tiers timeline` prints the same changes).
    static func timelineLines(_ state: AppState, _ context: ExplorerContext, guest g: Int, machine: MachineType) -> [(String, Role)] {
        guard let m = context.evaluator.machines.firstIndex(where: { $0.name == machine.name }) else { return [] }
        let changes = context.evaluator.timeline(guest: g, machine: m, policy: state.shownPolicy)
        var lines: [(String, Role)] = [("", .text), ("timeline (every tier change of this cell; . and , jump to them):", .text)]
        if changes.isEmpty { lines.append(("  none", .dim)) }
        let arrow = context.glyphs.arrowRight
        for change in changes {
            let now = change.day <= state.date && (changes.last { $0.day <= state.date }?.day == change.day)
            lines.append(("  \(change.day)  \(change.before.title) \(arrow) \(change.tier.title): \(change.text)\(change.estimated ? " (estimated)" : "")\(now ? "  (in force)" : "")",
                          change.day > state.date ? .text : .dim))
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
        return ": \(machines[run[run.count - 1]].name) \(context.glyphs.ascii ? "..." : "…") \(machines[run[0]].version) alike (v splits)"
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
        frame.putRepeated(0, y, glyphs.horizontal, count: 1, .border)
        let titleWidth = frame.put(1, y, title, .border)
        frame.putRepeated(1 + titleWidth, y, glyphs.horizontal, count: frame.width - 1 - DisplayText.width(title), .border)
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

    /// A line and a width, equal by their bytes (String's equality would let canonically equal lines share an
    /// entry, and the frame show the other's bytes).
    private struct WrapKey: Hashable {
        var text: String
        var columns: Int

        static func == (a: WrapKey, b: WrapKey) -> Bool { a.columns == b.columns && a.text.utf8.elementsEqual(b.text.utf8) }

        func hash(into hasher: inout Hasher) {
            hasher.combine(columns)
            hasher.combine(text.utf8.count)
            if text.utf8.withContiguousStorageIfAvailable({ hasher.combine(bytes: UnsafeRawBufferPointer($0)) }) == nil {
                for byte in text.utf8 { hasher.combine(byte) }
            }
        }
    }

    /// Detail lines wrapped, per line and width: a date step changes few of them.
    private static let wrappedLineMemo = BoundedMemo<WrapKey, [String]>(limit: 4_096)

    /// One line wider than `columns`, wrapped: its indentation kept, continuations indented two more.
    private static func wrapLine(_ key: WrapKey) -> [String] {
        let indent = key.text.prefix { $0 == " " }.count
        let pieces = DisplayText.wrap(String(key.text.dropFirst(indent)), columns: max(1, key.columns - indent - 2), longWords: .break)
        if pieces.isEmpty { return [""] }
        return pieces.enumerated().map { i, piece in String(repeating: " ", count: indent + (i == 0 ? 0 : 2)) + piece }
    }

    /// Wraps each line to `columns`, keeping its indentation and indenting continuations two more. A word longer
    /// than the line (a URL in a source) continues on the next line: cut, it could not be opened.
    static func wrapped(_ lines: [(String, Role)], columns: Int) -> [(String, Role)] {
        var out: [(String, Role)] = []
        for (text, role) in lines {
            // A line that fits keeps its own spacing (the help's key column).
            if DisplayText.width(text) <= columns {
                out.append((text, role))
                continue
            }
            for piece in wrappedLineMemo.value(for: WrapKey(text: text, columns: columns), wrapLine) {
                out.append((piece, role))
            }
        }
        return out
    }

    static func drawHints(_ frame: inout Frame, _ state: AppState, _ context: ExplorerContext, layout: Layout) {
        let y = layout.hintRow
        frame.fill(0, y, frame.width, layout.hintRows, .hint)
        // A message or prompt may use every hint row (wrapped), so that it is read whole.
        func putWrapped(_ text: String, _ role: Role) {
            for (i, line) in DisplayText.wrap(text, columns: max(1, frame.width)).prefix(layout.hintRows).enumerated() {
                frame.put(0, y + i, line, role)
            }
        }
        if state.overlay == .search {
            frame.put(0, y, "/" + state.searchInput + "_", .hintKey)
            frame.put(min(frame.width - 1, DisplayText.width(state.searchInput) + 3), y, "Enter search (empty: repeat)  Esc cancel", .hint)
            return
        }
        if state.overlay == .datePrompt {
            let prompt = "date: " + state.dateInput + "_"
            frame.put(0, y, prompt, .hintKey)
            let help = "YYYY-MM-DD, YYYY-MM, YYYY, today, +1y -6m +2w  Enter go  Esc cancel"
            let x = DisplayText.width(prompt) + 2
            if x + DisplayText.width(help) <= frame.width || layout.hintRows == 1 {
                frame.put(min(frame.width - 1, x), y, help, .hint)
            } else {
                frame.put(0, y + 1, help, .hint)
            }
            return
        }
        if let message = state.message {
            putWrapped(" " + message + " ", .message)
            return
        }
        if let label = Explorer.referenceLabel(state, context) {
            let counts = Explorer.changeCounts(state, context, grid: Grid(state: state, context: context))
            let off = state.reference == .withoutProposal ? "P" : "D"
            let technical = counts.technical > 0 ? ", \(counts.technical) technical-only (~)" : ""
            // The counts first; wrapped over the hint rows rather than cut.
            putWrapped(" \(counts.tier) visible cells changed\(technical) vs \(label) · \(off) turns it off ", .changed)
            return
        }
        for (i, line) in Layout.hintLines(width: frame.width).enumerated() {
            var x = 0
            for (key, text) in line {
                x += frame.put(x, y + i, " " + key, .hintKey)
                x += frame.put(x, y + i, " " + text + " ", .hint)
            }
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

    /// The help screen, generated from the key table (made once: the table is fixed).
    public static func helpLines() -> [(String, Role)] { helpTable }

    private static let helpTable: [(String, Role)] = makeHelpLines()
    /// The widest help line, in columns.
    private static let helpTableWidth = helpTable.map { DisplayText.width($0.0) }.max() ?? 0
    /// The help wrapped to each width asked for: the pager asks on every key while the help is open.
    /// The help per width (at most the help box's width, so a few hundred entries).
    private static let wrappedHelpMemo = BoundedMemo<Int, [(String, Role)]>(limit: 1_000)

    private static func makeHelpLines() -> [(String, Role)] {
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

    /// Where an overlay goes: everything under the status rows is the overlay's (nothing of the matrix shows
    /// around it, on screen or in a saved screen); the help box is centred in that area and its lines wrapped to it.
    struct OverlayArea {
        let x: Int, y: Int, width: Int, height: Int
        /// Rows inside the border.
        var room: Int { max(0, height - 2) }
    }

    static func overlayArea(_ state: AppState, _ context: ExplorerContext) -> (cover: Int, box: OverlayArea) {
        let size = state.size
        let top = Explorer.layout(state, context).statusRows
        let available = max(3, size.height - top)
        switch state.overlay {
        case .some(.help):
            let width = min(size.width, max(84, helpTableWidth + 4))
            let count = wrappedHelp(columns: width - 4).count
            let height = min(available, count + 2)
            return (top, OverlayArea(x: (size.width - width) / 2, y: top + (available - height) / 2, width: width, height: height))
        default:
            return (top, OverlayArea(x: 0, y: top, width: size.width, height: available))
        }
    }

    /// The help wrapped to `columns`: a key line's text continues under its text column, not under the keys.
    static func wrappedHelp(columns: Int) -> [(String, Role)] {
        wrappedHelpMemo.value(for: columns) { wrapHelp(columns: $0) }
    }

    private static func wrapHelp(columns: Int) -> [(String, Role)] {
        let keyColumn = 22
        var out: [(String, Role)] = []
        for (text, role) in helpLines() {
            guard DisplayText.width(text) > columns, text.hasPrefix("  "), columns > keyColumn + 10,
                  DisplayText.width(String(text.prefix(keyColumn))) == keyColumn, text.dropFirst(keyColumn - 1).first == " " else {
                out += wrapped([(text, role)], columns: columns)
                continue
            }
            let pieces = DisplayText.wrap(String(text.dropFirst(keyColumn)), columns: columns - keyColumn)
            for (i, piece) in pieces.enumerated() {
                out.append(((i == 0 ? String(text.prefix(keyColumn)) : String(repeating: " ", count: keyColumn)) + piece, role))
            }
        }
        return out
    }

    static func drawHelp(_ frame: inout Frame, _ state: AppState, _ context: ExplorerContext, scroll: Int) {
        let glyphs = context.glyphs
        let (cover, area) = overlayArea(state, context)
        frame.fill(0, cover, frame.width, frame.height - cover, .overlay)
        let lines = wrappedHelp(columns: area.width - 4)
        box(&frame, x: area.x, y: area.y, width: area.width, height: area.height, title: "help: keys (Esc or q closes, j/k scroll)", glyphs: glyphs)
        let first = min(scroll, max(0, lines.count - area.room))
        for (i, line) in lines.dropFirst(first).prefix(area.room).enumerated() {
            frame.put(area.x + 2, area.y + 1 + i, line.0.asciiGlyphs(glyphs), line.1, limit: area.width - 4)
        }
        scrollMarks(&frame, x: area.x + area.width - 14, top: area.y, bottom: area.y + area.height - 1, first: first, room: area.room, count: lines.count)
    }

    /// How far the open overlay can scroll at this size (0 when everything fits): update clamps to it.
    public static func overlayScrollLimit(_ state: AppState, _ context: ExplorerContext) -> Int {
        let (_, area) = overlayArea(state, context)
        switch state.overlay {
        case .some(.help):
            return max(0, wrappedHelp(columns: area.width - 4).count - area.room)
        case .some(.detail):
            let grid = Grid(state: state, context: context)
            guard let detail = detailLines(state, context, grid: grid, compact: false) else { return 0 }
            return max(0, wrapped(detail, columns: area.width - 6).count - area.room)
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
        let (cover, area) = overlayArea(state, context)
        frame.fill(0, cover, frame.width, frame.height - cover, .overlay)
        box(&frame, x: area.x, y: area.y, width: area.width, height: area.height, title: "detail\(runNote(state, context, grid: grid)) (Esc closes, j/k scroll)", glyphs: glyphs)
        guard let detail = detailLines(state, context, grid: grid, compact: false) else { return }
        let lines = wrapped(detail, columns: area.width - 6)
            .map { ($0.0, $0.1 == .text ? Role.overlay : $0.1) }
        let first = min(scroll, max(0, lines.count - area.room))
        for (i, line) in lines.dropFirst(first).prefix(area.room).enumerated() {
            frame.put(area.x + 3, area.y + 1 + i, line.0, line.1 == .dim ? .overlay : line.1, limit: area.width - 6)
        }
        scrollMarks(&frame, x: area.width - 13, top: area.y, bottom: area.y + area.height - 1, first: first, room: area.room, count: lines.count)
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
