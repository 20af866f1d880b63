/// The one explanation model of a cell: every rendering (detail pane, overlay, `explain`, `render --view detail`,
/// the diff) reads these values and none recomputes them.

/// Why a cell has its tier: one rule or cap that fired, with its facts and where they come from.
public struct Reason: Hashable, Sendable {
    public enum Kind: String, Sendable {
        case unreleased, unavailable
        case notApplicable = "not-applicable"
        case compatible, rule, vendor, age, lifecycle
        /// An ability the guest's source does not record, inferred from its family and release date; the cell's
        /// tier rests on it (see `Catalog.inferringFamilyAbilities`).
        case inferred
    }

    public var kind: Kind
    public var text: String
    public var source: String
    /// What would make the cell Recommended, where this reason keeps it from it.
    public var remedy: String?
    /// True when the reason rests on an estimated date (a QEMU release the catalog does not list yet).
    public var estimated: Bool = false
    /// The distinct sources that `source` joins (the rule, the defaults it read, the guest's capabilities), for
    /// reports that list each source once.
    public var sources: [String] = []

    public init(kind: Kind, text: String, source: String, remedy: String? = nil, estimated: Bool = false) {
        self.kind = kind
        self.text = text
        self.source = source
        self.remedy = remedy
        self.estimated = estimated
        self.sources = [source]
    }
}

/// The policy caps that hold for a cell at a date (whether or not they lower its tier).
public struct CapSet: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let vendor = CapSet(rawValue: 1)
    public static let age = CapSet(rawValue: 2)
    public static let lifecycle = CapSet(rawValue: 4)

    /// The caps in a fixed order (vendor, age, lifecycle), as reason kinds.
    public var kinds: [Reason.Kind] {
        [(CapSet.vendor, Reason.Kind.vendor), (.age, .age), (.lifecycle, .lifecycle)].compactMap { contains($0.0) ? $0.1 : nil }
    }
}

/// Why a Supported cell is Supported: a compatibility rule fired (the guest needs settings), or only policy caps
/// lower a technically Recommended cell.
public enum SupportCause: Hashable, Sendable {
    case rule
    case caps(CapSet)
}

/// One condition of a cell's evaluation that starts or stops holding on a day: the cause of a change.
public struct ChangeCause: Hashable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// The guest is released (Unreleased → a tier).
        case released
        /// The QEMU release that first ships the machine type (Unavailable → a tier).
        case machineReleased = "machine-released"
        /// Vendor support ends: the vendor cap starts to hold.
        case vendor
        /// The guest's release leaves the age window: the age cap starts to hold.
        case age
        /// A newer point release restarts the age window (latest-point-release policies): the age cap lifts.
        case pointRelease = "point-release"
        /// QEMU deprecates the machine type: the lifecycle cap starts to hold.
        case lifecycle
        /// QEMU deletes the machine type (a tier → Unavailable).
        case deleted
    }

    public var kind: Kind
    /// What happens, without the day (`QEMU 9.1 deprecates pc-i440fx-4.2`).
    public var text: String
    public var source: String
    /// True when the day is an estimate (a QEMU release the catalog does not list yet).
    public var estimated: Bool

    public init(kind: Kind, text: String, source: String, estimated: Bool = false) {
        self.kind = kind
        self.text = text
        self.source = source
        self.estimated = estimated
    }
}

/// A change of one cell's evaluation on a day: the tier before and after, and every condition that flipped.
/// `before == tier` for a change a cap hides (vendor support ends for a cell already capped by age); timelines
/// may list those, the next change never does.
public struct TierChange: Hashable, Sendable {
    public var day: Day
    /// The tier on the day before.
    public var before: Tier
    /// The tier from `day` on.
    public var tier: Tier
    /// The conditions that flip on the day, the one that decides the new tier first. Never empty for a change
    /// the engine reports.
    public var causes: [ChangeCause]

    public init(day: Day, tier: Tier, before: Tier? = nil, causes: [ChangeCause] = []) {
        self.day = day
        self.tier = tier
        self.before = before ?? tier
        self.causes = causes
    }

    /// The deciding cause's kind (nil only for a change built without causes).
    public var kind: ChangeCause.Kind? { causes.first?.kind }
    /// Every cause's text, the deciding one first.
    public var text: String { causes.map(\.text).joined(separator: "; ") }
    /// Every cause's source, each once.
    public var source: String {
        var seen: [String] = []
        for cause in causes where !seen.contains(cause.source) { seen.append(cause.source) }
        return seen.joined(separator: "; ")
    }
    /// True when any cause's day is an estimate.
    public var estimated: Bool { causes.contains(where: \.estimated) }
    /// False for a change a cap hides: the conditions moved, the tier did not.
    public var changesTier: Bool { before != tier }

    /// Equality is the day and the new tier: causes describe a change, they do not make it another one.
    public static func == (a: TierChange, b: TierChange) -> Bool { a.day == b.day && a.tier == b.tier }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(day)
        hasher.combine(tier)
    }
}

/// The full answer for one cell.
public struct Evaluation: Sendable {
    public var guest: Guest
    public var machine: MachineType
    public var date: Day
    public var policy: Policy
    public var cutoff: Day
    public var tier: Tier
    /// The technical tier from the compatibility rules, before caps; nil where the cell does not exist.
    public var baseTier: Tier?
    /// Settings that would lift the base tier (from the rules that fired).
    public var settings: [String]
    public var reasons: [Reason]
    public var nextChange: TierChange?
    /// The policy caps that hold at the date (their reasons are in `reasons`).
    public var caps: CapSet = []

    /// Why a Supported cell is Supported; nil for any other tier.
    public var supportCause: SupportCause? {
        guard tier == .supported, let baseTier else { return nil }
        return baseTier == .supported ? .rule : .caps(caps)
    }

    /// Whether any date this explanation rests on is an estimate (a reason's or the next change's).
    public var hasEstimate: Bool { reasons.contains(where: \.estimated) || (nextChange?.estimated ?? false) }
}
