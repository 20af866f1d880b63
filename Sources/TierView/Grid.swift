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
        var seenVendors = Set<String>()
        for guest in catalog.guests where seenVendors.insert(guest.vendor).inserted { vendorOrder.append(guest.vendor) }
        func byRelease(_ a: Int, _ b: Int) -> Bool {
            (catalog.guests[a].released.day?.ordinal ?? Int.max, a) < (catalog.guests[b].released.day?.ordinal ?? Int.max, b)
        }
        func shown(_ guest: Guest) -> Bool {
            if let arch = state.arch, !guest.arch.contains(arch) { return false }
            if !state.showHidden, let released = guest.released.day, released > date { return false }
            return true
        }
        // Point releases (rows with a lineID) follow their line when it is expanded.
        var pointReleases: [String: [Int]] = [:]
        if !state.expanded.isEmpty {
            for index in catalog.guests.indices {
                guard let line = catalog.guests[index].lineID, state.expanded.contains(line) || state.expanded.contains("all") else { continue }
                pointReleases[line, default: []].append(index)
            }
        }
        var rows: [Int] = []
        for vendor in vendorOrder {
            // Within a vendor, lines in release order (oldest first), as a maintainer reads a lifecycle table.
            let lines = catalog.guests.indices.filter { catalog.guests[$0].vendor == vendor && catalog.guests[$0].lineID == nil }
                .sorted(by: byRelease)
            for index in lines where shown(catalog.guests[index]) {
                rows.append(index)
                rows += (pointReleases[catalog.guests[index].id] ?? []).sorted(by: byRelease).filter { shown(catalog.guests[$0]) }
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
