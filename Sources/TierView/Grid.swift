import TierEngine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The last value computed for a key in an ExplorerContext: the Grid of a state (a pure function of the state
/// and the context, so an equal state gets the same Grid), the status line's rows. One key press asks for them
/// several times (update, the layout, the frame). Locked: contexts are Sendable.
final class LastValue<Key: Equatable, Value>: @unchecked Sendable {
    private var last: (key: Key, value: Value)?
    private let mutex: UnsafeMutablePointer<pthread_mutex_t> = {
        let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(m, nil)
        return m
    }()

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func value(for key: Key) -> Value? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard let last, last.key == key else { return nil }
        return last.value
    }

    func remember(_ value: Value, for key: Key) {
        pthread_mutex_lock(mutex)
        last = (key, value)
        pthread_mutex_unlock(mutex)
    }

    func forget() {
        pthread_mutex_lock(mutex)
        last = nil
        pthread_mutex_unlock(mutex)
    }

    /// The value for `key`, computed by `make` unless it is the last one asked for.
    func value(for key: Key, _ make: () -> Value) -> Value {
        if let known = value(for: key) { return known }
        let made = make()
        remember(made, for: key)
        return made
    }
}

/// Values computed once per key, at most `limit` of them (past that the memo starts again): the help wrapped to
/// a width, detail lines wrapped to a width. Locked: the explorer's functions may run on any thread.
final class BoundedMemo<Key: Hashable, Value>: @unchecked Sendable {
    private var known: [Key: Value] = [:]
    private let limit: Int
    private let mutex: UnsafeMutablePointer<pthread_mutex_t> = {
        let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(m, nil)
        return m
    }()

    init(limit: Int) { self.limit = limit }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func value(for key: Key, _ make: (Key) -> Value) -> Value {
        pthread_mutex_lock(mutex)
        let cached = known[key]
        pthread_mutex_unlock(mutex)
        if let cached { return cached }
        let made = make(key)
        pthread_mutex_lock(mutex)
        if known.count >= limit { known.removeAll(keepingCapacity: true) }
        known[key] = made
        pthread_mutex_unlock(mutex)
        return made
    }
}

/// Which guests (rows) and machine types (columns) are on screen for a state, in display order.
public struct Grid: Sendable {
    /// Catalog guest indices, grouped by vendor (vendors in catalog order).
    public let rows: [Int]
    /// Evaluator machine indices, one per column (a run's newest): families in catalog order, newest version
    /// first within a family.
    public let columns: [Int]

    /// The grid for a state: one key press asks for the same state's grid several times (update, the frame,
    /// the status line), so the last one is kept.
    public init(state: AppState, context: ExplorerContext) {
        self = context.gridMemo.value(for: state) { Grid(computing: state, context: context) }
    }

    /// How adjacent versions are found identical: by the engine per row and column kind (`Evaluator.sameCells`,
    /// cost independent of the number of cells), or by comparing every visible cell's key (diff mode, whose
    /// marks depend on a second evaluation; and the tests' reference).
    enum Merging { case byKinds, byCellKeys }

    init(computing state: AppState, context: ExplorerContext, merging: Merging = .byKinds) {
        // Rows first: which columns merge depends on the visible rows.
        let catalog = context.catalog
        let date = state.date
        // Fields read in place, the filter only when there is one: every row is tested on every frame, and a
        // copy of a whole Guest retains and releases each of its fields.
        let filtering = !state.filter.isEmpty
        func shown(_ index: Int) -> Bool {
            if let arch = state.arch, !catalog.guests[index].arch.contains(arch) { return false }
            if filtering, !state.filter.shows(catalog.guests[index]) { return false }
            // A guest without a known release date counts as unreleased, as the engine says.
            if !state.showHidden, catalog.guests[index].released.day.map({ $0 > date }) ?? true { return false }
            return true
        }
        let expandAll = state.expanded.contains("all")
        var rows: [Int] = []
        for line in context.lineOrder where shown(line) {
            rows.append(line)
            // Point releases follow their line when it is expanded.
            if expandAll || (!state.expanded.isEmpty && state.expanded.contains(catalog.guests[line].id)),
               let members = context.pointReleaseRows[catalog.guests[line].id] {
                rows += members.filter(shown)
            }
        }
        var runs: [[Int]] = []
        let evaluator = context.evaluator
        func available(_ m: Int) -> Bool { evaluator.isAvailable(machine: m, at: date) }
        var families: [[Int]] = []
        for (family, members) in context.familyColumns {
            if let arch = state.arch, !family.arch.contains(arch) { continue }
            families.append(members.filter {
                (state.showHidden || available($0)) && (!filtering || state.filter.shows(evaluator.machines[$0], in: catalog))
            })
        }
        // The row filter looks at every machine type shown (before identical versions merge, which depends on
        // the rows kept).
        let shownMachines = state.collapsed ? families.compactMap { f in f.first(where: available) ?? f.first } : families.flatMap { $0 }
        rows = Grid.filtered(rows, columns: shownMachines, state: state, context: context, byKinds: merging == .byKinds)
        let merge = !state.collapsed && !state.everyVersion
        let key = merge && (merging == .byCellKeys || state.reference != nil) ? Grid.cellKeys(state, context) : nil
        let releasedKinds = merge && key == nil ? evaluator.releasedRowKinds(rows, at: date) : nil
        for shownColumns in families {
            if state.collapsed {
                if let newest = shownColumns.first(where: available) ?? shownColumns.first { runs.append([newest]) }
            } else if let releasedKinds {
                // Adjacent versions whose cells are identical in every visible row share one column.
                var previous: Int?
                for m in shownColumns {
                    if let previous, !runs.isEmpty,
                       evaluator.sameCells(previous, m, rows: releasedKinds, date: date, policy: state.shownPolicy) {
                        runs[runs.count - 1].append(m)
                    } else {
                        runs.append([m])
                    }
                    previous = m
                }
            } else if let key {
                // Adjacent versions whose cells are identical in every visible row share one column.
                var previous: [Int]?
                for m in shownColumns {
                    let cells = rows.map { key($0, m) }
                    if let previous, previous == cells, !runs.isEmpty { runs[runs.count - 1].append(m) } else { runs.append([m]) }
                    previous = cells
                }
            } else {
                runs += shownColumns.map { [$0] }
            }
        }
        self.rows = rows
        self.runs = runs
        self.columns = runs.map { $0[0] }
        var position: [Int: Int] = [:]
        for (i, run) in runs.enumerated() { for m in run { position[m] = i } }
        self.runPosition = position
    }

    /// Each column's machine types, newest first: one, or a run of identical adjacent versions.
    public let runs: [[Int]]
    /// Machine index → its column.
    private let runPosition: [Int: Int]
    /// Every visible machine type (the members of every run): what counts and reports go over.
    public var allColumns: [Int] { runs.flatMap { $0 } }

    /// What a cell shows, as a number: its tier, why it is Supported, and how it compares in diff mode.
    /// Two columns merge when these agree row by row.
    static func cellKeys(_ state: AppState, _ context: ExplorerContext) -> (Int, Int) -> Int {
        let evaluator = context.evaluator, policy = state.shownPolicy, date = state.date.ordinal
        let cutoff = Evaluator.cutoff(state.date, windowYears: policy.windowYears).ordinal
        let compare = Explorer.comparisons(state, context)
        return { g, m in
            let tier = evaluator.tier(guest: g, machine: m, date: date, cutoff: cutoff, policy: policy)
            var key = Tier.allCases.firstIndex(of: tier)!
            if tier == .supported {
                switch evaluator.supportCause(guest: g, machine: m, date: date, cutoff: cutoff, policy: policy) {
                case .rule?: key |= 1 << 3
                case let .caps(caps)?: key |= (2 + Int(caps.rawValue)) << 3
                case nil: break
                }
            }
            if let compare {
                switch compare(g, m) {
                case .same: break
                case let .tier(before): key |= (1 + Tier.allCases.firstIndex(of: before)!) << 8
                case let .technical(before, after):
                    key |= (8 + Tier.allCases.firstIndex(of: before)! * 8 + Tier.allCases.firstIndex(of: after)!) << 8
                }
            }
            return key
        }
    }

    /// `2.7–4.2` for a run, the version alone for one type; the start of the name for a type the catalog does
    /// not know (from --qemu). `from` and `through` are the two header lines.
    public func label(_ column: Int, _ context: ExplorerContext, dash: String) -> (from: String, through: String) {
        let run = runs[column]
        let newest = context.evaluator.machines[run[0]]
        guard newest.defaultsKnown else { return (newest.name, "") }
        // A variant a --qemu binary offers (pc-q35-4.0.1) shows its suffix.
        func shown(_ machine: MachineType) -> String { machine.version.description + machine.variant }
        guard run.count > 1 else { return (shown(newest), "") }
        return (shown(context.evaluator.machines[run[run.count - 1]]) + dash, shown(newest))
    }

    /// The rows the row filter (`f`) keeps: those with at least one cell, among the visible columns, that is
    /// Unsupported / needs settings / changed against the diff-mode reference (nothing is changed without one).
    /// `byKinds`: Unsupported and needs-settings rows from the engine per row kind (the same rows as testing
    /// every cell, which the tests do with `false`).
    static func filtered(_ rows: [Int], columns: [Int], state: AppState, context: ExplorerContext, byKinds: Bool = true) -> [Int] {
        let evaluator = context.evaluator
        if byKinds, state.rowFilter == .unsupported || state.rowFilter == .needsSettings {
            return evaluator.guests(rows, withBaseTier: state.rowFilter == .unsupported ? .unsupported : .supported,
                                    among: columns, date: state.date)
        }
        let policy = state.shownPolicy
        let date = state.date.ordinal, cutoff = Evaluator.cutoff(state.date, windowYears: policy.windowYears).ordinal
        func tier(_ g: Int, _ m: Int) -> Tier { evaluator.tier(guest: g, machine: m, date: date, cutoff: cutoff, policy: policy) }
        let keep: (Int, Int) -> Bool
        switch state.rowFilter {
        case .all: return rows
        case .unsupported: keep = { tier($0, $1) == .unsupported }
        case .needsSettings:
            // Supported by the rules with a documented fix, whatever the caps make of it.
            keep = { evaluator.baseTier(guest: $0, machine: $1) == .supported && tier($0, $1).isSupportTier }
        case .changed:
            guard let reference = Explorer.referenceTiers(state, context) else { return [] }
            keep = { g, m in
                let before = reference(g, m), now = tier(g, m)
                return before != now && before.isSupportTier && now.isSupportTier
            }
        }
        return rows.filter { g in columns.contains { keep(g, $0) } }
    }

    /// The visible position of the cursor (clamped to the nearest visible row/column).
    public func cursor(_ state: AppState) -> (row: Int, column: Int) {
        (Grid.nearest(state.guest, in: rows), runPosition[state.machine] ?? Grid.nearest(state.machine, in: columns))
    }

    static func nearest(_ value: Int, in list: [Int]) -> Int {
        if let exact = list.firstIndex(of: value) { return exact }
        guard !list.isEmpty else { return 0 }
        var best = 0
        for (position, candidate) in list.enumerated() where abs(candidate - value) < abs(list[best] - value) { best = position }
        return best
    }
}

/// Where each part of the main screen goes at a size; shared by update (paging, clicks) and the view.
public struct Layout: Sendable {
    public static let minimumWidth = 60
    public static let minimumHeight = 16
    /// Six: room for a run's first header line (`2.12–`) and a two-letter cell mark (`[S!]`).
    public static let columnWidth = 6

    public let size: ScreenSize
    public let rowHeaderWidth: Int
    public let bodyTop: Int
    public let bodyHeight: Int
    public let bodyLeft: Int
    public let visibleColumns: Int
    public let sliderTop: Int
    public let detailTop: Int
    public let detailHeight: Int
    /// The first row of the key hints (and messages); `hintRows` rows from there to the bottom.
    public let hintRow: Int
    public let hintRows: Int
    public let statusRows: Int

    public var isTooSmall: Bool { size.width < Layout.minimumWidth || size.height < Layout.minimumHeight }

    /// `statusRows`: what `StatusLine.rows` says the status needs (one unless the width is short of it).
    public init(_ size: ScreenSize, statusRows: Int = 1) {
        self.size = size
        self.statusRows = statusRows
        rowHeaderWidth = size.width >= 100 ? 28 : 24
        // Three header lines under the status: the family, then a version or a run's first version, then a run's last.
        bodyTop = statusRows + 3
        hintRows = Layout.hintLines(width: size.width).count
        hintRow = size.height - hintRows
        detailHeight = size.height >= 36 ? 9 : (size.height >= 24 ? 6 : 4)
        detailTop = hintRow - detailHeight
        sliderTop = detailTop - 2
        bodyHeight = max(1, sliderTop - bodyTop)
        bodyLeft = rowHeaderWidth + 1
        // Only whole columns: a column that would not fit entirely is not drawn.
        visibleColumns = max(1, (size.width - bodyLeft) / Layout.columnWidth)
    }

    /// The key hints flowed into rows of `width` (wrapping between hints, never inside one), as (key, text) runs.
    public static func hintLines(width: Int) -> [[(key: String, text: String)]] {
        hintLinesMemo.value(for: width, flowHints)
    }

    /// Per width: a date step builds the layout several times, and the hints never change.
    private static let hintLinesMemo = BoundedMemo<Int, [[(key: String, text: String)]]>(limit: 1_000)

    private static func flowHints(width: Int) -> [[(key: String, text: String)]] {
        var lines: [[(key: String, text: String)]] = [[]]
        var x = 0
        for (key, text) in Keymap.hints {
            let needed = DisplayText.width(key) + DisplayText.width(text) + 3
            if x > 0 && x + needed > width {
                lines.append([])
                x = 0
            }
            lines[lines.count - 1].append((key, text))
            x += needed
        }
        return lines
    }
}

/// The date slider's axis: from two years before the cutoff to three years after the date. The view draws with
/// `column(_:)`, a click maps back with `day(atColumn:)`.
public struct SliderScale: Sendable {
    public let start: Day
    public let end: Day
    public let width: Int

    public init(_ state: AppState) {
        let cutoff = Evaluator.cutoff(state.date, windowYears: state.policy.windowYears)
        start = cutoff.adding(years: -2)
        end = state.date.adding(years: 3)
        width = state.size.width
    }

    var span: Int { max(1, end.ordinal - start.ordinal) }

    public func column(_ day: Day) -> Int? {
        guard day >= start, day <= end, width > 1 else { return nil }
        return min(width - 1, (day.ordinal - start.ordinal) * (width - 1) / span)
    }

    /// The first day drawn at column `x` (so that `column(day(atColumn: x)) == x`).
    public func day(atColumn x: Int) -> Day {
        let clamped = min(max(0, x), max(0, width - 1))
        let columns = max(1, width - 1)
        return Day(ordinal: start.ordinal + (clamped * span + columns - 1) / columns)
    }
}
