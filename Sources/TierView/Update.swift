import TierEngine

/// The pure state transition: every key the explorer understands ends up here.
public enum Explorer {
    /// What diff mode compares against, as an evaluator, a date and a policy; nil when it is off.
    static func referenceSide(_ state: AppState, _ context: ExplorerContext) -> (evaluator: Evaluator, date: Day, policy: Policy)? {
        switch state.reference {
        case .none: return nil
        case let .pinned(date, policy): return (context.evaluator, date, policy)
        case .withoutProposal: return (context.baseline, state.date, state.shownPolicy)
        }
    }

    /// The reference tier of any cell, with the reference's cutoff worked out once: for loops over every cell
    /// of a frame. Nil when diff mode is off.
    public static func referenceTiers(_ state: AppState, _ context: ExplorerContext) -> ((Int, Int) -> Tier)? {
        guard let side = referenceSide(state, context) else { return nil }
        let date = side.date.ordinal, cutoff = Evaluator.cutoff(side.date, windowYears: side.policy.windowYears).ordinal
        return { g, m in side.evaluator.tier(guest: g, machine: m, date: date, cutoff: cutoff, policy: side.policy) }
    }

    /// The reference as an evaluation of the same cell (for the detail pane's "before").
    public static func referenceEvaluation(_ state: AppState, _ context: ExplorerContext, guest g: Int, machine m: Int) -> Evaluation? {
        referenceSide(state, context).map { $0.evaluator.evaluate(guest: g, machine: m, date: $0.date, policy: $0.policy) }
    }

    public static func referenceLabel(_ state: AppState, _ context: ExplorerContext) -> String? {
        switch state.reference {
        case .none: return nil
        case let .pinned(date, policy): return "\(date), policy \(policy.id)"
        case .withoutProposal: return "without proposal \(context.evaluator.proposal?.id ?? "")"
        }
    }

    /// Where everything goes for this state: the status may take more than one row (see StatusLine).
    public static func layout(_ state: AppState, _ context: ExplorerContext, grid: Grid? = nil) -> Layout {
        let size = state.size
        guard !Layout(size).isTooSmall else { return Layout(size) }
        return Layout(size, statusRows: StatusLine.rows(state, context, grid: grid ?? Grid(state: state, context: context)))
    }

    /// The first state shown: the cursor on the first visible guest and machine type.
    public static func begin(_ state: AppState, _ context: ExplorerContext) -> AppState {
        let grid = Grid(state: state, context: context)
        var s = state
        s.top = 0
        s.left = 0
        return place(s, grid: grid, layout: layout(s, context, grid: grid), row: 0, column: 0)
    }

    /// One action: the state after it and what it asks the runner to do (quit, save the screen), which the
    /// state does not carry. Each group of actions has its function below; all start from the same `Start`.
    public static func update(_ state: AppState, _ action: Action, _ context: ExplorerContext) -> Transition {
        var s = state
        s.message = nil
        let start = Start(s, context)
        // Help and detail scroll like a pager (j k, PgUp PgDn, g G), within their text.
        if let scrolled = scrollOverlay(s, action, context, start) { return Transition(scrolled) }
        switch action {
        case .move, .page, .firstRow, .lastRow, .firstColumn, .lastColumn, .nextFamily, .previousFamily, .scroll, .click, .resize:
            return Transition(moveCursor(s, action, context, start))
        case .shiftDate, .today, .startDate, .nextChange, .previousChange, .cellNextChange, .cellPreviousChange:
            return Transition(changeDate(s, action, context, start))
        case .window, .cyclePolicy, .toggleLifecycle, .toggleAgeFrom:
            return Transition(changePolicy(s, action, context, start))
        case .cycleArch, .cycleRowFilter, .toggleCollapse, .toggleEveryVersion, .toggleBaseTier, .toggleHidden:
            return Transition(changeView(s, action, context, start))
        case .toggleExpand:
            return Transition(toggleLine(s, context, start))
        case .toggleExpandAll:
            return Transition(toggleEveryLine(s, context))
        case .startSearch, .promptDate, .type, .erase, .submit, .nextMatch, .previousMatch:
            return Transition(prompt(s, action, context, start))
        case .pinReference, .compareProposal:
            return Transition(diffMode(s, action, context))
        case .openDetail:
            s.overlay = .detail(scroll: 0)
        case .openHelp:
            s.overlay = .help(scroll: 0)
        case .closeOverlay:
            s.overlay = nil
        case .screenshot:
            return Transition(s, effects: [.saveScreen])
        case .quit:
            return Transition(s, effects: [.quit])
        }
        return Transition(s)
    }

    /// What every action starts from: the grid and layout of the state before it, and the cursor's position
    /// (row, column) in that grid.
    struct Start {
        let grid: Grid
        let layout: Layout
        let row: Int
        let column: Int

        init(_ state: AppState, _ context: ExplorerContext) {
            grid = Grid(state: state, context: context)
            layout = Explorer.layout(state, context, grid: grid)
            (row, column) = grid.cursor(state)
        }
    }

    /// j k PgUp PgDn g G (and the wheel) while help or detail is open: its scroll position, clamped to its text.
    /// Nil for every other action or when neither is open.
    static func scrollOverlay(_ state: AppState, _ action: Action, _ context: ExplorerContext, _ start: Start) -> AppState? {
        guard let scroll = overlayScroll(state.overlay) else { return nil }
        let limit = ExplorerView.overlayScrollLimit(state, context)
        let page = max(1, start.layout.size.height - 4)
        let target: Int
        switch action {
        case let .move(_, dy): target = scroll + dy
        case let .page(direction): target = scroll + direction * page
        case let .scroll(amount): target = scroll + amount
        case .firstRow: target = 0
        case .lastRow: target = limit
        default: return nil
        }
        var s = state
        let clamped = min(max(0, target), limit)
        if case .help = s.overlay { s.overlay = .help(scroll: clamped) } else { s.overlay = .detail(scroll: clamped) }
        return s
    }

    /// The cursor and the scrolled body: keys, the wheel, a click (on the slider: the date), a resize. The cursor
    /// ends on a visible cell.
    static func moveCursor(_ state: AppState, _ action: Action, _ context: ExplorerContext, _ start: Start) -> AppState {
        var s = state
        let grid = start.grid, layout = start.layout
        var (row, column) = (start.row, start.column)
        switch action {
        case let .move(dx, dy):
            row += dy
            column += dx
        case let .page(direction):
            row += direction * max(1, layout.bodyHeight - 1)
            s.top += direction * max(1, layout.bodyHeight - 1)
        case .firstRow: row = 0
        case .lastRow: row = grid.rows.count - 1
        case .firstColumn: column = 0
        case .lastColumn: column = grid.columns.count - 1
        case .nextFamily, .previousFamily:
            let machines = context.evaluator.machines
            let starts = grid.columns.indices.filter { $0 == 0 || machines[grid.columns[$0]].familyID != machines[grid.columns[$0 - 1]].familyID }
            if action == .nextFamily {
                column = starts.first { $0 > column } ?? column
            } else {
                column = starts.last { $0 < column } ?? 0
            }
            // Show the family from its first column on.
            s.left = column
        case let .scroll(amount):
            s.top += amount
            row += amount
        case let .click(x, y):
            guard s.overlay == nil, !layout.isTooSmall else { return s }
            if y == layout.sliderTop || y == layout.sliderTop + 1 {
                // The slider: the date under the click.
                s.date = SliderScale(s).day(atColumn: x)
                s.message = "date \(s.date) (clicked on the slider)"
                return settle(s, context, keepOn: grid, row: row, column: column)
            }
            if y >= layout.bodyTop, y < layout.bodyTop + layout.bodyHeight, x >= layout.bodyLeft {
                row = s.top + (y - layout.bodyTop)
                column = s.left + (x - layout.bodyLeft) / Layout.columnWidth
                if row >= grid.rows.count || column >= grid.columns.count { return s }
            } else if y >= layout.bodyTop, y < layout.bodyTop + layout.bodyHeight, x < layout.rowHeaderWidth {
                row = s.top + (y - layout.bodyTop)
                if row >= grid.rows.count { return s }
            } else {
                return s
            }
        case let .resize(size):
            s.size = size
            // Below the minimum nothing is laid out: keep the scroll position for when the terminal grows again.
            if Layout(size).isTooSmall { return s }
        default:
            return s   // not a movement (update sends none here)
        }
        return place(s, grid: grid, layout: Explorer.layout(s, context, grid: grid), row: row, column: column)
    }

    /// The date: by months, back to today or the start, to the next / previous change of any visible cell or of
    /// the cursor's cell. The cursor stays on its cell where it can.
    static func changeDate(_ state: AppState, _ action: Action, _ context: ExplorerContext, _ start: Start) -> AppState {
        var s = state
        switch action {
        case let .shiftDate(months):
            s.date = s.date.adding(months: months)
        case .today, .startDate:
            s.date = action == .today ? context.today : s.startDate
        case .nextChange, .previousChange:
            let forward = action == .nextChange
            if let day = changeDay(forward: forward, state: s, grid: start.grid, context: context) {
                s.date = day
                s.message = "\(forward ? "next" : "previous") tier change: \(day)" + describeChange(on: day, grid: start.grid, state: s, context: context)
            } else {
                s.message = "no \(forward ? "later" : "earlier") tier change among the visible cells"
            }
        case .cellNextChange, .cellPreviousChange:
            return jumpToCellChange(s, context, forward: action == .cellNextChange, grid: start.grid, row: start.row, column: start.column)
        default:
            return s   // not a date change
        }
        return settle(s, context, keepOn: start.grid, row: start.row, column: start.column)
    }

    /// The policy's knobs and presets. The cursor keeps its row and column.
    static func changePolicy(_ state: AppState, _ action: Action, _ context: ExplorerContext, _ start: Start) -> AppState {
        var s = state
        switch action {
        case let .window(delta):
            let years = min(100, max(0, s.policy.windowYears + delta))
            s.policy.windowYears = years
        case .cyclePolicy:
            // The catalog's presets in its order; the knobs changed on this one carry over (the same engine
            // function as `diff --vs-policy`).
            if let next = context.catalog.nextPreset(after: s.policy) {
                s.policy = next
                s.message = "policy \(context.catalog.policyDescription(next))"
            }
        case .toggleLifecycle:
            s.policy.lifecycle.toggle()
        case .toggleAgeFrom:
            s.policy.ageFrom = s.policy.ageFrom == .firstRelease ? .latestPointRelease : .firstRelease
            s.message = s.policy.ageFrom == .firstRelease
                ? "age rule: from each line's first release"
                : "age rule: from each line's latest point release by the date (point releases come from --osinfo)"
        default:
            return s   // not a policy change
        }
        return place(s, grid: start.grid, layout: Explorer.layout(s, context, grid: start.grid), row: start.row, column: start.column)
    }

    /// Which rows and columns show and how: architecture, row filter, collapsed families, merged versions, base
    /// tiers, hidden cells. The cursor stays on its cell where it is still shown.
    static func changeView(_ state: AppState, _ action: Action, _ context: ExplorerContext, _ start: Start) -> AppState {
        var s = state
        switch action {
        case .cycleArch:
            let options: [String?] = [nil] + context.architectures.map { Optional($0) }
            let index = options.firstIndex { $0 == s.arch } ?? 0
            s.arch = options[(index + 1) % options.count]
        case .cycleRowFilter:
            var next = s.rowFilter.next
            // "changed" means against diff mode's reference: without one it would show no rows.
            if next == .changed && s.reference == nil { next = next.next }
            s.rowFilter = next
            let filtered = Grid(state: s, context: context)
            let all = Grid(state: { var u = s; u.rowFilter = .all; return u }(), context: context)
            s.message = next == .all ? "rows: all (\(all.rows.count))"
                : "rows \(StatusLine.rowFilterLabel(next)): \(filtered.rows.count) of \(all.rows.count) (f: next filter)"
        case .toggleCollapse:
            s.collapsed.toggle()
        case .toggleEveryVersion:
            s.everyVersion.toggle()
            s.message = s.everyVersion ? "one column per version (v again: merge identical versions)"
                : "identical adjacent versions merged into ranges (v again: every version)"
        case .toggleBaseTier:
            // Only the tiers change: the same rows and columns.
            s.baseTierOnly.toggle()
            s.message = s.baseTierOnly ? "technical base tiers: every policy cap off (B again: the policy's tiers)"
                : "the policy's tiers again"
            return s
        case .toggleHidden:
            s.showHidden.toggle()
        default:
            return s   // not a view change
        }
        return settle(s, context, keepOn: start.grid, row: start.row, column: start.column)
    }

    /// `x`: the cursor's line shown with its point releases under it, or closed again.
    static func toggleLine(_ state: AppState, _ context: ExplorerContext, _ start: Start) -> AppState {
        var s = state
        let catalog = context.catalog
        guard catalog.guests.indices.contains(s.guest) else { return s }
        let line = catalog.guests[s.guest].lineID ?? catalog.guests[s.guest].id
        let members = catalog.guests.filter { $0.lineID == line }.count
        if members == 0 {
            s.message = "no point releases known for \(DisplayText.sanitize(line)) (they come from --osinfo)"
            return s
        }
        if s.expanded.contains(line) || s.expanded.contains("all") {
            s.expanded.remove(line)
            if s.expanded.contains("all") {
                // Collapsing one line out of "all": every other line stays open.
                s.expanded = Set(catalog.guests.compactMap(\.lineID)).subtracting([line])
            }
            if let index = catalog.guests.firstIndex(where: { $0.id == line && $0.lineID == nil }) { s.guest = index }
        } else {
            s.expanded.insert(line)
            s.message = "\(DisplayText.sanitize(line)): \(members) point release\(members == 1 ? "" : "s") (x hides them)"
            // Scroll so that the opened point releases show below their line, as far as they fit.
            let opened = Grid(state: s, context: context)
            if let at = opened.rows.firstIndex(where: { catalog.guests[$0].id == line && catalog.guests[$0].lineID == nil }) {
                let shown = opened.rows[(at + 1)...].prefix { catalog.guests[$0].lineID == line }.count
                s.top = max(s.top, min(at, at + shown - start.layout.bodyHeight + 1))
            }
        }
        return placeOnCursor(s, context)
    }

    /// `X`: every line's point releases shown, or none.
    static func toggleEveryLine(_ state: AppState, _ context: ExplorerContext) -> AppState {
        var s = state
        if s.expanded.isEmpty {
            s.expanded = ["all"]
            let count = context.catalog.guests.filter { $0.lineID != nil }.count
            s.message = count == 0 ? "no point releases known (they come from --osinfo)" : "every line's point releases shown (X hides them)"
        } else {
            s.expanded = []
            if let line = context.catalog.guests[s.guest].lineID,
               let index = context.catalog.guests.firstIndex(where: { $0.id == line && $0.lineID == nil }) { s.guest = index }
        }
        return placeOnCursor(s, context)
    }

    /// The search (`/`, `n`, `N`) and date (`d`) prompts: opening one, typing into it, Enter.
    static func prompt(_ state: AppState, _ action: Action, _ context: ExplorerContext, _ start: Start) -> AppState {
        var s = state
        switch action {
        case .startSearch:
            s.overlay = .search
            s.searchInput = ""
        case .promptDate:
            s.overlay = .datePrompt
            s.dateInput = ""
        case let .type(character):
            if s.overlay == .datePrompt { s.dateInput.append(character) } else { s.searchInput.append(character) }
        case .erase:
            if s.overlay == .datePrompt {
                if !s.dateInput.isEmpty { s.dateInput.removeLast() }
            } else if !s.searchInput.isEmpty {
                s.searchInput.removeLast()
            }
        case .submit:
            if s.overlay == .datePrompt {
                s.overlay = nil
                return goToTypedDate(s, context, keepOn: start.grid, row: start.row, column: start.column)
            }
            s.overlay = nil
            // As in vim and less, an empty search repeats the last one.
            if !s.searchInput.isEmpty { s.query = s.searchInput }
            return search(s, grid: start.grid, from: start.row, step: 1, includeCurrent: !s.searchInput.isEmpty, context: context)
        case .nextMatch, .previousMatch:
            return search(s, grid: start.grid, from: start.row, step: action == .nextMatch ? 1 : -1, includeCurrent: false, context: context)
        default:
            break   // not a prompt action
        }
        return s
    }

    /// `D` and `P`: diff mode against a pinned date and policy, or against the catalog without the proposal.
    static func diffMode(_ state: AppState, _ action: Action, _ context: ExplorerContext) -> AppState {
        var s = state
        switch action {
        case .pinReference:
            if case .pinned = s.reference {
                s.reference = nil
                s.message = "diff mode off"
            } else {
                s.reference = .pinned(date: s.date, policy: s.policy)
                s.message = "diff mode: changes against \(s.date), policy \(s.policy.id) (D again: off)"
            }
        case .compareProposal:
            guard let proposal = context.evaluator.proposal else {
                s.message = "no proposal loaded: start with --proposal ID"
                return s
            }
            if s.reference == .withoutProposal {
                s.reference = nil
                s.message = "diff mode off"
            } else {
                s.reference = .withoutProposal
                s.message = "diff mode: cells that proposal \(proposal.id) changes (P again: off)"
            }
        default:
            break   // not a diff-mode action
        }
        return s
    }

    static func overlayScroll(_ overlay: Overlay?) -> Int? {
        switch overlay {
        case let .some(.help(scroll)), let .some(.detail(scroll)): return scroll
        default: return nil
        }
    }

    /// Moves the cursor to (row, column) of `grid`, clamped, and scrolls so that it is visible.
    static func place(_ state: AppState, grid: Grid, layout: Layout, row: Int, column: Int) -> AppState {
        var s = state
        if let (r, top) = follow(row, count: grid.rows.count, offset: s.top, visible: layout.bodyHeight) {
            s.guest = grid.rows[r]
            s.top = top
        } else {
            s.top = 0
        }
        if let (c, left) = follow(column, count: grid.columns.count, offset: s.left, visible: layout.visibleColumns) {
            s.machine = grid.columns[c]
            s.left = left
        } else {
            s.left = 0
        }
        return s
    }

    /// After the rows themselves changed (point releases opened or closed): the cursor placed on its cell in the
    /// new grid.
    static func placeOnCursor(_ state: AppState, _ context: ExplorerContext) -> AppState {
        let grid = Grid(state: state, context: context)
        let (row, column) = grid.cursor(state)
        return place(state, grid: grid, layout: layout(state, context, grid: grid), row: row, column: column)
    }

    /// One axis of `place`: the position clamped to 0..<count, and the scroll offset moved as little as needed to
    /// show it (never past the end). Nil when there is nothing on that axis.
    static func follow(_ position: Int, count: Int, offset: Int, visible: Int) -> (position: Int, offset: Int)? {
        guard count > 0 else { return nil }
        let p = min(max(0, position), count - 1)
        let o = min(max(offset, p - visible + 1), p)
        return (p, max(0, min(o, max(0, count - visible))))
    }

    /// After a change that alters which rows and columns exist, keep the cursor on the same cell when it is still
    /// visible, else on the nearest one.
    static func settle(_ state: AppState, _ context: ExplorerContext, keepOn old: Grid, row: Int, column: Int) -> AppState {
        let grid = Grid(state: state, context: context)
        var s = state
        if !old.rows.isEmpty, row < old.rows.count { s.guest = old.rows[row] }
        if !old.columns.isEmpty, column < old.columns.count { s.machine = old.columns[column] }
        let (r, c) = grid.cursor(s)
        return place(s, grid: grid, layout: layout(s, context, grid: grid), row: r, column: c)
    }

    /// The date prompt's Enter: a date as `--date` takes it, or an offset from the date on screen; anything else
    /// says what is expected and changes nothing.
    static func goToTypedDate(_ state: AppState, _ context: ExplorerContext, keepOn grid: Grid, row: Int, column: Int) -> AppState {
        var s = state
        let typed = s.dateInput
        guard typed.contains(where: { $0 != " " }) else { return s }
        guard let day = DateInput.resolve(typed, today: context.today, base: s.date) else {
            s.message = "'\(DisplayText.sanitize(typed))' is not a date; expected \(DateInput.expected). The date stays \(s.date)."
            return s
        }
        s.date = day
        return settle(s, context, keepOn: grid, row: row, column: column)
    }

    /// `.` and `,`: the date moves to the cursor cell's next (previous) tier change, and the message says what
    /// changes.
    static func jumpToCellChange(_ state: AppState, _ context: ExplorerContext, forward: Bool, grid: Grid, row: Int, column: Int) -> AppState {
        var s = state
        guard !grid.rows.isEmpty, !grid.columns.isEmpty else { return s }
        // In a merged run the cursor may sit on one of its machine types other than the newest.
        let g = grid.rows[row], m = grid.runs[column].contains(s.machine) ? s.machine : grid.columns[column]
        let evaluator = context.evaluator
        let name = "\(DisplayText.sanitize(context.catalog.guests[g].id)) on \(evaluator.machines[m].name)"
        // The tiers on screen: under `B` the base tiers (caps off).
        let change = forward ? evaluator.nextChange(guest: g, machine: m, date: s.date, policy: s.shownPolicy)
            : evaluator.previousChange(guest: g, machine: m, date: s.date, policy: s.shownPolicy)
        guard let change else {
            s.message = "\(name): no \(forward ? "later" : "earlier") tier change"
            return s
        }
        s.date = change.day
        let cause = change.causes.isEmpty ? "" : ": " + change.text
        s.message = "\(name): \(change.day) \(change.before.title) \(context.glyphs.arrowRight) \(change.tier.title)\(cause)\(change.estimated ? " (estimated)" : "")"
        // The cursor stays on this cell even where it is hidden at the new date (unreleased / unavailable).
        s.guest = g
        s.machine = m
        let moved = Grid(state: s, context: context)
        let (r, c) = moved.cursor(s)
        var placed = place(s, grid: moved, layout: layout(s, context, grid: moved), row: r, column: c)
        // Inside a merged run, the cursor stays on this machine type rather than the run's newest.
        if moved.allColumns.contains(m) { placed.machine = m }
        return placed
    }

    /// `/`, `n`, `N`. A query that names a family (its alias `q35` or id) or a machine type jumps between
    /// columns; otherwise it finds guests by id or name, case-insensitively and ignoring spaces ("RHEL 6" finds
    /// rhel6, "windows 10" Microsoft Windows 10). A query no guest matches but some machine type names contain
    /// (`i440fx-4`) searches the columns too.
    static func search(_ state: AppState, grid: Grid, from row: Int, step: Int, includeCurrent: Bool, context: ExplorerContext) -> AppState {
        var s = state
        let query = String(s.query.lowercased().drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        guard !query.isEmpty else {
            s.message = "no search yet: press / to search"
            return s
        }
        let shown = DisplayText.sanitize(s.query)
        let guestRows = grid.rows.indices.filter { guestMatches(context.catalog.guests[grid.rows[$0]], query) }
        let machineColumns = columnMatches(query, grid: grid, context: context)
        if machineColumns.exact || (guestRows.isEmpty && !machineColumns.positions.isEmpty) {
            let column = grid.cursor(s).column
            guard let target = cycle(machineColumns.positions, from: column, step: step, includeCurrent: includeCurrent) else {
                s.message = "no machine type shown matches '\(shown)' (a filter, c or the date may hide it; u shows unavailable ones)"
                return s
            }
            if target.wrapped { s.message = "search wrapped" }
            s.left = target.position   // show the family from the found column on
            return place(s, grid: grid, layout: layout(s, context, grid: grid), row: row, column: target.position)
        }
        guard let target = cycle(guestRows, from: row, step: step, includeCurrent: includeCurrent) else {
            s.message = "no guest or machine type matches '\(shown)'"
            return s
        }
        if target.wrapped { s.message = "search wrapped" }
        return place(s, grid: grid, layout: layout(s, context, grid: grid), row: target.position, column: grid.cursor(s).column)
    }

    /// The next position in `positions` (sorted) from `current` in `step`'s direction, wrapping.
    static func cycle(_ positions: [Int], from current: Int, step: Int, includeCurrent: Bool) -> (position: Int, wrapped: Bool)? {
        guard !positions.isEmpty else { return nil }
        if step > 0 {
            if let next = positions.first(where: { includeCurrent ? $0 >= current : $0 > current }) { return (next, false) }
            return (positions.first!, true)
        }
        if let previous = positions.last(where: { includeCurrent ? $0 <= current : $0 < current }) { return (previous, false) }
        return (positions.last!, true)
    }

    static func guestMatches(_ guest: Guest, _ query: String) -> Bool {
        let id = guest.id.lowercased(), name = guest.name.lowercased()
        if id.contains(query) || name.contains(query) { return true }
        let squeezed = query.filter { $0 != " " }
        return id.contains(squeezed) || name.filter { $0 != " " }.contains(squeezed)
    }

    /// The visible columns a query names: a family's (alias or id) or a machine type's exact name (`exact`), or
    /// else the machine types whose names contain it.
    static func columnMatches(_ query: String, grid: Grid, context: ExplorerContext) -> (positions: [Int], exact: Bool) {
        let machines = context.evaluator.machines
        let families = Set(context.catalog.families.filter { $0.alias?.lowercased() == query || $0.id.lowercased() == query }.map(\.id))
        // A column may be a run of identical versions: it matches when any of its machine types does.
        func any(_ column: Int, _ test: (MachineType) -> Bool) -> Bool { grid.runs[column].contains { test(machines[$0]) } }
        let named = grid.columns.indices.filter { any($0) { families.contains($0.familyID) || $0.name.lowercased() == query } }
        if !named.isEmpty { return (named, true) }
        // Named exactly but not shown now: say so rather than fall back to guests.
        let existsHidden = !families.isEmpty || machines.contains { $0.name.lowercased() == query }
        let containing = grid.columns.indices.filter { any($0) { $0.name.lowercased().contains(query) } }
        return (containing, existsHidden)
    }

    /// ": fedora30 on pc-i440fx-4.2 Recommended → Supported (fedora30 leaves the 5-year age window), and 78 more
    /// cells" for the cells that change on `day`: the first one with its cause.
    static func describeChange(on day: Day, grid: Grid, state: AppState, context: ExplorerContext) -> String {
        let evaluator = context.evaluator
        var first: (Int, Int, TierChange)?
        var count = 0
        for g in grid.rows {
            for m in grid.columns {
                if let change = evaluator.change(guest: g, machine: m, on: day, policy: state.shownPolicy), change.changesTier {
                    count += 1
                    if first == nil { first = (g, m, change) }
                }
            }
        }
        guard let (g, m, change) = first else { return "" }
        let more = count > 1 ? ", and \(count - 1) more cell\(count == 2 ? "" : "s")" : ""
        let cause = change.causes.isEmpty ? "" : " (\(change.text)\(change.estimated ? ", estimated" : ""))"
        return DisplayText.sanitize(": \(context.catalog.guests[g].id) on \(evaluator.machines[m].name) "
            + "\(change.before.title) → \(change.tier.title)\(cause)") + more
    }

    /// The next (or previous) day on which any visible cell's tier changes.
    static func changeDay(forward: Bool, state: AppState, grid: Grid, context: ExplorerContext) -> Day? {
        let evaluator = context.evaluator
        let policy = state.shownPolicy
        let date = state.date
        // The nearest change of any visible cell: the engine's next / previous change of each, strictly after /
        // before the date on screen.
        var best: Day?
        for g in grid.rows {
            for m in grid.columns {
                let change = forward ? evaluator.nextChange(guest: g, machine: m, date: date, policy: policy)
                    : evaluator.previousChange(guest: g, machine: m, date: date, policy: policy)
                guard let day = change?.day else { continue }
                if best == nil || (forward ? day < best! : day > best!) { best = day }
            }
        }
        return best
    }
}
