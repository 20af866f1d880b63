import TierEngine

/// Which guests (rows) and machine types (columns) are on screen for a state, in display order.
public struct Grid: Sendable {
    /// Catalog guest indices, grouped by vendor (vendors in catalog order).
    public let rows: [Int]
    /// Evaluator machine indices: families in catalog order, newest version first within a family.
    public let columns: [Int]

    public init(state: AppState, context: ExplorerContext) {
        let catalog = context.catalog
        let date = state.date
        func shown(_ index: Int) -> Bool {
            let guest = catalog.guests[index]
            if let arch = state.arch, !guest.arch.contains(arch) { return false }
            // A guest without a known release date counts as unreleased, as the engine says.
            if !state.showHidden, guest.released.day.map({ $0 > date }) ?? true { return false }
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
        var columns: [Int] = []
        let evaluator = context.evaluator
        func available(_ m: Int) -> Bool { evaluator.isAvailable(machine: m, at: date) }
        for (family, members) in context.familyColumns {
            if let arch = state.arch, !family.arch.contains(arch) { continue }
            let shownColumns = members.filter { state.showHidden || available($0) }
            if state.collapsed {
                if let newest = shownColumns.first(where: available) ?? shownColumns.first { columns.append(newest) }
            } else {
                columns += shownColumns
            }
        }
        self.rows = rows
        self.columns = columns
    }

    /// The visible position of the cursor (clamped to the nearest visible row/column).
    public func cursor(_ state: AppState) -> (row: Int, column: Int) {
        (Grid.nearest(state.guest, in: rows), Grid.nearest(state.machine, in: columns))
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
    public static let columnWidth = 5

    public let size: ScreenSize
    public let rowHeaderWidth: Int
    public let bodyTop: Int
    public let bodyHeight: Int
    public let bodyLeft: Int
    public let visibleColumns: Int
    public let sliderTop: Int
    public let detailTop: Int
    public let detailHeight: Int
    public let hintRow: Int

    public var isTooSmall: Bool { size.width < Layout.minimumWidth || size.height < Layout.minimumHeight }

    public init(_ size: ScreenSize) {
        self.size = size
        rowHeaderWidth = size.width >= 100 ? 28 : 24
        bodyTop = 3
        hintRow = size.height - 1
        detailHeight = size.height >= 36 ? 9 : (size.height >= 24 ? 6 : 4)
        detailTop = hintRow - detailHeight
        sliderTop = detailTop - 2
        bodyHeight = max(1, sliderTop - bodyTop)
        bodyLeft = rowHeaderWidth + 1
        visibleColumns = max(1, (size.width - bodyLeft) / Layout.columnWidth)
    }
}
