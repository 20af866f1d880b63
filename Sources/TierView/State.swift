import TierEngine

/// What does not change while the explorer runs: the evaluator (catalog + proposal) and "today", read once.
public struct ExplorerContext: Sendable {
    public let evaluator: Evaluator
    /// The same catalog without the proposal (the evaluator itself when there is none): the reference of `P`.
    public let baseline: Evaluator
    public let today: Day
    public private(set) var glyphs: Glyphs
    /// The architecture filter cycles through nil (all) and these.
    public let architectures: [String]

    /// Display order, computed once (the Grid of each frame only filters it): guest lines grouped by vendor
    /// (vendors alphabetically), oldest first within a vendor …
    let lineOrder: [Int]
    /// … each line's point-release rows, oldest first …
    let pointReleaseRows: [String: [Int]]
    /// … and each family's machine types, newest first.
    let familyColumns: [(family: MachineFamily, machines: [Int])]
    /// Each guest's row label width in columns (its id, behind a two-column tree mark for a point release):
    /// measured once, as the row header is sized to the longest visible one on every frame.
    let labelWidths: [Int]
    /// The last Grid computed in this context (shared by copies made with other glyphs: a Grid has none) …
    let gridMemo = LastValue<AppState, Grid>()
    /// … and the last status line, for a state and glyphs (its separator depends on them).
    let statusMemo = LastValue<StatusLine.Key, [[StatusLine.Piece]]>()
    /// Whether any guest comes from osinfo-db (the status line names it as a source): read once.
    let hasOsinfoGuests: Bool

    public var catalog: Catalog { evaluator.catalog }

    /// The same context drawn with other glyphs (the terminal picks them from its locale): the display order and
    /// the proposal baseline are not computed again.
    public func with(glyphs: Glyphs) -> ExplorerContext {
        var copy = self
        copy.glyphs = glyphs
        return copy
    }

    public init(evaluator: Evaluator, today: Day, glyphs: Glyphs = .unicode) {
        self.evaluator = evaluator
        self.baseline = evaluator.withoutProposal()
        self.today = today
        self.glyphs = glyphs
        let catalog = evaluator.catalog
        let used = Set(catalog.families.flatMap(\.arch))
        architectures = Vocabulary.architectures.filter { used.contains($0) }

        func byRelease(_ a: Int, _ b: Int) -> Bool {
            (catalog.guests[a].released.day?.ordinal ?? Int.max, a) < (catalog.guests[b].released.day?.ordinal ?? Int.max, b)
        }
        var vendors: [String] = []
        var linesByVendor: [String: [Int]] = [:]
        var members: [String: [Int]] = [:]
        for (index, guest) in catalog.guests.enumerated() {
            if let line = guest.lineID {
                members[line, default: []].append(index)
                continue
            }
            if linesByVendor[guest.vendor] == nil { vendors.append(guest.vendor) }
            linesByVendor[guest.vendor, default: []].append(index)
        }
        // Vendors alphabetically (case-insensitive), as a reader looks them up.
        lineOrder = vendors.sorted { $0.lowercased() < $1.lowercased() }.flatMap { linesByVendor[$0]!.sorted(by: byRelease) }
        pointReleaseRows = members.mapValues { $0.sorted(by: byRelease) }
        let machines = evaluator.machines
        var byFamily: [String: [Int]] = [:]
        for index in machines.indices { byFamily[machines[index].familyID, default: []].append(index) }
        labelWidths = catalog.guests.map { DisplayText.width($0.id) + ($0.lineID == nil ? 0 : 2) }
        hasOsinfoGuests = catalog.guests.contains { $0.isImported || !$0.pointReleases.isEmpty }
        familyColumns = catalog.families.map { family in
            (family, (byFamily[family.id] ?? []).sorted { machines[$0].version > machines[$1].version })
        }
    }
}

/// What the diff mode compares the screen against: a pinned date and policy, or the same state without the
/// proposal.
public enum Reference: Hashable, Sendable {
    case pinned(date: Day, policy: Policy)
    case withoutProposal
}

public enum Overlay: Hashable, Sendable {
    case help(scroll: Int)
    case detail(scroll: Int)
    case search
    /// The date prompt (`d`): a date typed as `--date` takes it, or an offset from the date on screen.
    case datePrompt
}

/// Which rows the matrix shows (`f` cycles): every row, or only rows with a cell that is Unsupported, needs
/// settings (Supported by the rules, with a documented fix), or changed against the diff-mode reference.
public enum RowFilter: String, Hashable, Sendable, CaseIterable {
    case all
    case unsupported
    case needsSettings = "needs settings"
    case changed

    public var next: RowFilter {
        let all = RowFilter.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

public struct ScreenSize: Hashable, Sendable {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// Parses `120x40`.
    public init?(_ text: String) {
        let parts = text.lowercased().split(separator: "x")
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]), w > 0, h > 0, w <= 1000, h <= 1000 else { return nil }
        self.init(width: w, height: h)
    }
}

/// Everything the screen shows is a function of this state (plus the context, the size and the theme).
public struct AppState: Hashable, Sendable {
    public var date: Day
    /// The date the session started with (--date, or today): `T` returns to it.
    public let startDate: Day
    public var policy: Policy
    public var arch: String?
    public var collapsed = false
    /// Lines shown with their point releases under them (ids of lines; "all" for every line).
    public var expanded: Set<String> = []
    public var showHidden = false
    /// `v`: one column per machine-type version. Off (the default), adjacent versions of a family whose cells
    /// are identical in every visible row are drawn as one column labelled with their range.
    public var everyVersion = false
    /// Only these guests and machine types (`render` and `diff` filters); empty: all.
    public var filter = CellFilter()
    /// `B`: the technical base tier alone, every policy cap off, for the whole matrix.
    public var baseTierOnly = false
    /// The cursor, as catalog indices: it stays on the same guest and machine type when filters change.
    public var guest: Int = 0
    public var machine: Int = 0
    /// First visible row and column of the scrolled body (indices into the visible lists).
    public var top = 0
    public var left = 0
    public var overlay: Overlay?
    /// Diff mode: cells whose tier differs from the reference are marked.
    public var reference: Reference?
    public var rowFilter: RowFilter = .all
    public var query = ""
    public var searchInput = ""
    /// What the date prompt holds while it is open.
    public var dateInput = ""
    public var message: String?
    public var size: ScreenSize

    /// The policy the matrix is drawn with: the chosen one, or with `B` the same one with every cap off (the
    /// tier is then the technical base tier).
    public var shownPolicy: Policy {
        guard baseTierOnly else { return policy }
        var off = policy
        off.vendorCap = false
        off.ageCap = false
        off.lifecycle = false
        return off
    }

    public init(date: Day, policy: Policy, arch: String? = nil, size: ScreenSize) {
        self.date = date
        self.startDate = date
        self.policy = policy
        self.arch = arch
        self.size = size
    }
}

public enum Action: Hashable, Sendable {
    case move(dx: Int, dy: Int)
    case page(Int)
    case firstRow, lastRow, firstColumn, lastColumn
    case nextFamily, previousFamily
    case shiftDate(months: Int)
    case today, startDate
    case nextChange, previousChange
    case window(Int)
    case cyclePolicy, toggleLifecycle, toggleAgeFrom, cycleArch
    case startSearch, nextMatch, previousMatch
    /// `d`: open the date prompt. `.` `,`: the cursor cell's next / previous tier change.
    case promptDate, cellNextChange, cellPreviousChange
    case cycleRowFilter
    case toggleCollapse, toggleHidden, toggleBaseTier, toggleEveryVersion
    case pinReference, compareProposal
    case toggleExpand, toggleExpandAll
    case openDetail, openHelp, closeOverlay
    case screenshot, quit
    case click(x: Int, y: Int)
    case scroll(Int)
    case resize(ScreenSize)
    case type(Character), erase, submit
}
