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
        var vendorOrder: [String] = []
        for guest in catalog.guests where !vendorOrder.contains(guest.vendor) { vendorOrder.append(guest.vendor) }
        var rows: [Int] = []
        for vendor in vendorOrder {
            // Within a vendor, lines in release order (oldest first), as a maintainer reads a lifecycle table.
            let members = catalog.guests.indices.filter { catalog.guests[$0].vendor == vendor }.sorted {
                let a = catalog.guests[$0], b = catalog.guests[$1]
                return (a.released.day?.ordinal ?? Int.max, $0) < (b.released.day?.ordinal ?? Int.max, $1)
            }
            for index in members {
                let guest = catalog.guests[index]
                if let arch = state.arch, !guest.arch.contains(arch) { continue }
                if !state.showHidden, let released = guest.released.day, released > date { continue }
                rows.append(index)
            }
        }
        var columns: [Int] = []
        let machines = context.evaluator.machines
        for family in catalog.families {
            if let arch = state.arch, !family.arch.contains(arch) { continue }
            let members = machines.indices.filter { machines[$0].familyID == family.id }
                .sorted { machines[$0].version > machines[$1].version }
            let evaluator = context.evaluator
            func available(_ m: Int) -> Bool { evaluator.isOffered(machine: m) && Grid.isAvailable(machines[m], at: date) }
            let shown = members.filter { state.showHidden || available($0) }
            if state.collapsed {
                if let newest = shown.first(where: available) ?? shown.first {
                    columns.append(newest)
                }
            } else {
                columns += shown
            }
        }
        self.rows = rows
        self.columns = columns
    }

    /// Released by `date` (an unknown release date, from a --qemu binary, counts as released) and not deleted.
    static func isAvailable(_ machine: MachineType, at date: Day) -> Bool {
        if let released = machine.released.day, released > date { return false }
        if let deleted = machine.deleted?.day, deleted <= date { return false }
        return true
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
        rowHeaderWidth = size.width >= 100 ? 26 : 22
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
