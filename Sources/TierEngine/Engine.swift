/// The tier of one cell. The first three are support tiers; the others say the cell does not exist at the date.
public enum Tier: String, Sendable, CaseIterable {
    case recommended
    case supported
    case unsupported
    case notApplicable = "not-applicable"
    case unreleased
    case unavailable

    /// Higher is better; cells that do not exist rank below every support tier.
    public var rank: Int {
        switch self {
        case .recommended: return 3
        case .supported: return 2
        case .unsupported: return 1
        case .notApplicable, .unreleased, .unavailable: return 0
        }
    }

    public var isSupportTier: Bool { rank > 0 }

    /// 0–5 in declaration order, for tables indexed by tier (a switch: faster than looking the case up).
    public var index: Int {
        switch self {
        case .recommended: return 0
        case .supported: return 1
        case .unsupported: return 2
        case .notApplicable: return 3
        case .unreleased: return 4
        case .unavailable: return 5
        }
    }

    public var title: String {
        switch self {
        case .recommended: return "Recommended"
        case .supported: return "Supported"
        case .unsupported: return "Unsupported"
        case .notApplicable: return "Not applicable"
        case .unreleased: return "Unreleased"
        case .unavailable: return "Unavailable"
        }
    }
}

/// Cell counts per tier, for a status line.
public struct TierCounts: Equatable, Sendable {
    /// Indexed by `Tier.rank`: 0 no support tier (unreleased, unavailable, other architecture), 1 Unsupported,
    /// 2 Supported, 3 Recommended.
    public var byRank: [Int]
    /// The Supported cells whose base tier is Recommended: Supported only because a cap applies.
    public var supportedByCapsOnly: Int

    public init(byRank: [Int], supportedByCapsOnly: Int) {
        self.byRank = byRank
        self.supportedByCapsOnly = supportedByCapsOnly
    }
}

/// Evaluates cells as the README ("How a tier is decided") says. The date-independent part (the compatibility rules against a machine
/// type's defaults) is computed once per guest × machine type, so re-evaluating a whole date costs only the caps.
public final class Evaluator: Sendable {
    public let catalog: Catalog
    public let proposal: Proposal?
    /// Whether the proposal's changes apply (an opt-in proposal applies only where the option is set).
    public let proposalApplies: Bool
    /// The machine types a real QEMU binary offers (`--qemu`); nil: every machine type the catalog derives.
    public let offered: OfferedMachines?

    /// The date-independent outcome of the rules for one guest class × machine-type class.
    struct Base: Sendable {
        var tier: Tier
        var fired: [(rule: CompatibilityRule, facts: [PropertyDefault])]
        var settings: [String]
        /// The guest's inferred abilities this outcome rests on, in capability order (see `Inference`).
        var inferences: [Inference]
    }

    /// The date-independent part of a cell, 8 bytes and no references (so the per-date pass retains nothing):
    /// the base tier and whether the architectures meet, read on every evaluation, and which shared `Base`
    /// holds the rules that fired.
    struct Cell: Sendable, Equatable {
        var baseIndex: UInt32
        var tier: Tier
        var archMeets: Bool
    }

    let bases: [Base]
    /// A cell is a function of two small classes: its guest's row kind (the rules' view of the guest, its
    /// capabilities and unknowns, plus its architectures) and its machine type's column kind (defaults plus
    /// architectures). So nothing is stored per cell: one row of cells per row kind, `rowCells[rowStart[g] + m]`.
    /// Hundreds of guests imported from osinfo-db share a few row kinds, and an N× larger catalog of the same
    /// kinds adds no cells here.
    let rowCells: [Cell]
    /// Per guest: its row kind × the machine count (where its row starts in `rowCells`).
    let rowStart: [Int]
    /// Per guest: its row kind.
    let rowKind: [Int]
    let rowKindCount: Int
    let machineCount: Int
    // Day ordinals copied into flat arrays: the per-date pass reads only these.
    let guestReleased: [Int]
    /// Each guest's dated point releases, oldest first (ordinals and short-ids), for the latest-point age rule.
    let pointDays: [[Int]]
    let pointIDs: [[String]]
    let guestEnd: [Int]
    let guestEndExtended: [Int]
    let machineReleased: [Int]
    let machineDeprecated: [Int]
    let machineDeleted: [Int]
    let machineOffered: [Bool]

    static let never = Int.max
    /// A machine type whose release is unknown (offered by a binary, unknown to the catalog) counts as available.
    static let always = Int.min

    /// The machine-type side of an evaluator, which depends only on the catalog's machine types, the proposal
    /// and the QEMU binary: computed once and shared by `replacingGuests` (lint's conflict impacts evaluate
    /// hundreds of one-guest variants against the same machine types).
    struct MachineSide: Sendable {
        var machines: [MachineType]
        /// Each machine type's class (equal defaults, equally known): the rules read nothing else of it.
        var classOf: [Int]
        var classCount: Int
        /// Each machine type's column kind (class and architectures), and one machine type of each kind.
        var kindOf: [Int]
        var kindExample: [Int]
        var released: [Int]
        var deprecated: [Int]
        var deleted: [Int]
        var offered: [Bool]

        init(_ catalog: Catalog, proposal: Proposal?, applies: Bool, offered: OfferedMachines?) {
            machines = catalog.machineTypes.map { applies ? Evaluator.applying(proposal!, to: $0) : $0 }
            struct MachineKey: Hashable {
                var defaults: [String: PropertyDefault]
                var known: Bool
                // Hashes only properties and values (what tells classes apart): hashing every default's source
                // and location too was two thirds of building an evaluator for `explain`. Equality (the
                // synthesised ==) still compares everything, so the classes are the same.
                func hash(into hasher: inout Hasher) {
                    hasher.combine(known)
                    var mix = 0
                    for (property, fact) in defaults {
                        var one = Hasher()
                        one.combine(property)
                        one.combine(fact.value)
                        mix ^= one.finalize()   // order-independent, as a dictionary's own hash
                    }
                    hasher.combine(mix)
                }
            }
            var classes: [MachineKey: Int] = [:]
            classOf = machines.map { machine in
                let key = MachineKey(defaults: machine.defaults, known: machine.defaultsKnown)
                return classes[key] ?? { let n = classes.count; classes[key] = n; return n }()
            }
            classCount = classes.count
            // Column kinds: the class and the architectures (whether a cell exists depends on them too).
            struct KindKey: Hashable { var machineClass: Int; var arch: Set<String> }
            var kinds: [KindKey: Int] = [:]
            var examples: [Int] = [], kindOf: [Int] = []
            for (m, machine) in machines.enumerated() {
                let key = KindKey(machineClass: classOf[m], arch: Set(machine.arch))
                if let known = kinds[key] {
                    kindOf.append(known)
                } else {
                    kinds[key] = examples.count
                    kindOf.append(examples.count)
                    examples.append(m)
                }
            }
            self.kindOf = kindOf
            kindExample = examples
            released = machines.map { $0.released.day?.ordinal ?? Evaluator.always }
            deprecated = machines.map { $0.deprecated?.day?.ordinal ?? Evaluator.never }
            deleted = machines.map { $0.deleted?.day?.ordinal ?? Evaluator.never }
            self.offered = machines.map { machine in offered.map { $0.nameSet.contains(machine.name) } ?? true }
        }
    }

    let machineSide: MachineSide

    public convenience init(catalog: Catalog, proposal: Proposal? = nil, optIns: Set<String> = [], offered: OfferedMachines? = nil) {
        let applies: Bool
        if let proposal {
            applies = proposal.optIn.map { optIns.contains($0) } ?? true
        } else {
            applies = false
        }
        self.init(catalog: catalog, proposal: proposal, applies: applies, offered: offered,
                  machineSide: MachineSide(catalog, proposal: proposal, applies: applies, offered: offered))
    }

    /// The same machine types, proposal and QEMU binary with other guests: the machine-type side is not
    /// computed again.
    public func replacingGuests(_ guests: [Guest]) -> Evaluator {
        var other = catalog
        other.guests = guests
        return Evaluator(catalog: other, proposal: proposal, applies: proposalApplies, offered: offered, machineSide: machineSide)
    }

    private init(catalog: Catalog, proposal: Proposal?, applies: Bool, offered: OfferedMachines?, machineSide: MachineSide) {
        self.catalog = catalog
        self.proposal = proposal
        self.offered = offered
        self.proposalApplies = applies
        self.machineSide = machineSide
        let machines = machineSide.machines
        machineCount = machines.count
        var bases: [Base] = []
        // The rules read only a guest's capabilities and a machine type's defaults, so the base tier is computed
        // once per distinct pair (hundreds of guests imported from osinfo-db share a few capability sets, and a
        // family's versions share a few default sets); only the architecture check is per kind pair.
        // A guest's class is its capabilities, which of them are unknown (an unknown one makes a rule "may apply")
        // and which are inferred (a reason names the rules an inference decides).
        struct GuestKey: Hashable { var capabilities: [String: Bool]; var unknown: Set<String>; var inferred: Set<String> }
        struct RowKey: Hashable { var guestClass: Int; var arch: Set<String> }
        var guestClasses: [GuestKey: Int] = [:]
        var rowKinds: [RowKey: Int] = [:]
        var rowExamples: [(guest: Guest, guestClass: Int)] = []
        let rowKind = catalog.guests.map { guest in
            let key = GuestKey(capabilities: guest.capabilities, unknown: guest.unknownCapabilities,
                               inferred: Set(guest.inferredCapabilities.keys))
            let guestClass = guestClasses[key] ?? { let n = guestClasses.count; guestClasses[key] = n; return n }()
            let row = RowKey(guestClass: guestClass, arch: Set(guest.arch))
            if let known = rowKinds[row] { return known }
            rowKinds[row] = rowExamples.count
            rowExamples.append((guest, guestClass))
            return rowExamples.count - 1
        }
        let machineClass = machineSide.classOf, machineClassCount = machineSide.classCount
        var memo = [UInt32?](repeating: nil, count: guestClasses.count * max(machineClassCount, 1))
        var rowCells: [Cell] = []
        rowCells.reserveCapacity(rowExamples.count * machines.count)
        for (guest, guestClass) in rowExamples {
            let meets = machineSide.kindExample.map { m in guest.arch.contains { machines[m].arch.contains($0) } }
            for (m, machine) in machines.enumerated() {
                let slot = guestClass * machineClassCount + machineClass[m]
                let index: UInt32
                if let known = memo[slot] {
                    index = known
                } else {
                    index = UInt32(bases.count)
                    bases.append(Evaluator.baseTier(guest: guest, machine: machine, rules: catalog.rules))
                    memo[slot] = index
                }
                rowCells.append(Cell(baseIndex: index, tier: bases[Int(index)].tier, archMeets: meets[machineSide.kindOf[m]]))
            }
        }
        self.rowCells = rowCells
        self.rowKind = rowKind
        rowKindCount = rowExamples.count
        rowStart = rowKind.map { $0 * machines.count }
        self.bases = bases
        guestReleased = catalog.guests.map { $0.released.day?.ordinal ?? Evaluator.never }
        let points = catalog.guests.map { guest in
            guest.pointReleases.compactMap { p in p.released.day.map { ($0.ordinal, p.id) } }.sorted { $0.0 < $1.0 }
        }
        pointDays = points.map { $0.map(\.0) }
        pointIDs = points.map { $0.map(\.1) }
        guestEnd = catalog.guests.map { $0.supportEnd(countingExtended: false).day?.ordinal ?? Evaluator.never }
        guestEndExtended = catalog.guests.map { $0.supportEnd(countingExtended: true).day?.ordinal ?? Evaluator.never }
        machineReleased = machineSide.released
        machineDeprecated = machineSide.deprecated
        machineDeleted = machineSide.deleted
        machineOffered = machineSide.offered
        self.machines = machines
    }

    /// The machine types as evaluated: with the proposal's changed defaults where it applies.
    public let machines: [MachineType]

    static func applying(_ proposal: Proposal, to machine: MachineType) -> MachineType {
        var changed = machine
        for change in proposal.changes(for: machine) {
            changed.defaults[change.property] = PropertyDefault(
                property: change.property, value: change.value, versions: change.versions,
                provenance: Provenance("proposal \(proposal.id): \(proposal.provenance.source)",
                                       verified: proposal.provenance.verified))
        }
        return changed
    }

    /// The stand-in rule for a machine type whose defaults the catalog does not know.
    static let unknownDefaultsRule = CompatibilityRule(
        id: "unknown-machine-type",
        text: "the catalog does not know this machine type's defaults, so no compatibility rule could be checked",
        guestConditions: [], machineConditions: [],
        fix: ["use a machine type the catalog knows, or add its family to Catalog/machine-families.yaml"],
        provenance: Provenance("guest-tiers: machine types a QEMU binary offers under a name no catalog family derives are at most Supported"))

    private static func baseTier(guest: Guest, machine: MachineType, rules: [CompatibilityRule]) -> Base {
        var fired: [(rule: CompatibilityRule, facts: [PropertyDefault])] = []
        var settings: [String] = []
        var tier = Tier.recommended
        if !machine.defaultsKnown {
            fired.append((unknownDefaultsRule, []))
            tier = .supported
            settings += unknownDefaultsRule.fix
        }
        for rule in rules {
            // A condition on a capability the source does not record neither holds nor fails: the rule may apply.
            var unknown: [String] = []
            guard rule.guestConditions.allSatisfy({ capability, wanted in
                guard let value = guest.knows(capability) else { unknown.append(capability); return true }
                return value == wanted
            }) else { continue }
            var facts: [PropertyDefault] = []
            let machineMatches = rule.machineConditions.allSatisfy { property, values in
                guard let fact = machine.defaults[property], values.contains(fact.value) else { return false }
                facts.append(fact)
                return true
            }
            guard machineMatches else { continue }
            if !unknown.isEmpty {
                // Missing data is not evidence of a failure: at most Supported, never Unsupported.
                // Its source is the rule and the unknown, not the rule's own evidence (which is about guests
                // known to lack the ability); the guest's source, which does not record it, follows in the reason.
                var maybe = rule
                let names = unknown.joined(separator: ", ")
                maybe.text = "may apply, as the guest's source does not record \(names): " + rule.text
                maybe.fix = rule.fix + ["record \(names) for this guest in the catalog"]
                maybe.provenance = Provenance("guest-tiers rule '\(rule.id)' (Catalog/rules.yaml), which depends on \(names): unknown for this guest")
                fired.append((maybe, facts))
                if tier == .recommended { tier = .supported }
                for setting in rule.fix where !settings.contains(setting) { settings.append(setting) }
                continue
            }
            fired.append((rule, facts))
            if rule.fix.isEmpty {
                tier = .unsupported
            } else {
                if tier == .recommended { tier = .supported }
                for setting in rule.fix where !settings.contains(setting) { settings.append(setting) }
            }
        }
        return Base(tier: tier, fired: fired, settings: settings,
                    inferences: inferences(guest: guest, machine: machine, rules: rules))
    }

    /// Bytes of evaluator state per cell: the rows of cells per row kind and the two words per guest that find
    /// them, over the cells (the shared rule outcomes come on top, one per distinct class pair). At most the
    /// 8 bytes of one `Cell`, plus 16 bytes per guest spread over its row, when every guest is a kind of its own.
    public var bytesPerCell: Double {
        Double(rowCells.count * MemoryLayout<Cell>.stride + (rowStart.count + rowKind.count) * MemoryLayout<Int>.stride)
            / Double(max(1, catalog.guests.count * machineCount))
    }
    public var distinctRowKinds: Int { rowKindCount }
    public var distinctBaseOutcomes: Int { bases.count }

    public var guestCount: Int { catalog.guests.count }
    public var machineTypeCount: Int { machineCount }

    /// The day the age rule's window starts: D − W in calendar years (2024-02-29 − 5 = 2019-02-28).
    public static func cutoff(_ date: Day, windowYears: Int) -> Day { date.adding(years: -windowYears) }

    /// The tier alone: the per-keystroke path. `cutoff` must be `Evaluator.cutoff(date, policy.windowYears)`.
    @inline(__always)
    public func tier(guest g: Int, machine m: Int, date: Int, cutoff: Int, policy: Policy) -> Tier {
        if guestReleased[g] > date { return .unreleased }
        if machineReleased[m] > date || machineDeleted[m] <= date || !machineOffered[m] { return .unavailable }
        let cell = rowCells[rowStart[g] + m]
        if !cell.archMeets { return .notApplicable }
        if cell.tier != .recommended { return cell.tier }
        let end = policy.extendedCounts ? guestEndExtended[g] : guestEnd[g]
        if policy.vendorCap && date > end { return .supported }
        if policy.ageCap && ageReleased(g, date: date, policy: policy) < cutoff { return .supported }
        if policy.lifecycle && machineDeprecated[m] <= date { return .supported }
        return .recommended
    }

    /// The release the age rule measures at `date`: the line's first release, or its latest point release by then.
    @inline(__always)
    func ageReleased(_ g: Int, date: Int, policy: Policy) -> Int {
        guard policy.ageFrom == .latestPointRelease else { return guestReleased[g] }
        let days = pointDays[g]
        var i = days.count - 1
        while i >= 0 && days[i] > date { i -= 1 }
        return i >= 0 ? max(days[i], guestReleased[g]) : guestReleased[g]
    }

    /// Every cell at one date, row-major (guest × machine type).
    public func tiers(at date: Day, policy: Policy) -> [Tier] {
        let cutoff = Evaluator.cutoff(date, windowYears: policy.windowYears).ordinal
        var result = [Tier](repeating: .unavailable, count: catalog.guests.count * machineCount)
        for g in 0..<catalog.guests.count {
            for m in 0..<machineCount {
                result[g * machineCount + m] = tier(guest: g, machine: m, date: date.ordinal, cutoff: cutoff, policy: policy)
            }
        }
        return result
    }

    public func tier(guest g: Int, machine m: Int, date: Day, policy: Policy) -> Tier {
        tier(guest: g, machine: m, date: date.ordinal,
             cutoff: Evaluator.cutoff(date, windowYears: policy.windowYears).ordinal, policy: policy)
    }

    /// The days after `date` on which this cell's tier may change: every edge the evaluation depends on.
    public func edges(guest g: Int, machine m: Int, after date: Day, policy: Policy) -> [Day] {
        var days: [Int] = [guestReleased[g], machineReleased[m], machineDeprecated[m], machineDeleted[m]]
        let end = policy.extendedCounts ? guestEndExtended[g] : guestEnd[g]
        if end != Evaluator.never { days.append(end + 1) }   // an end date is the last supported day
        for released in ageRelevantReleases(g, policy: policy) {
            days.append(released)   // a newer point release can lift the age cap
            if let crossing = ageCrossing(released: Day(ordinal: released), after: date, windowYears: policy.windowYears) {
                days.append(crossing.ordinal)
            }
        }
        return Set(days.filter { $0 != Evaluator.never && $0 > date.ordinal }).sorted().map(Day.init(ordinal:))
    }

    /// The release days whose age can matter: the first release, and with the latest-point rule every point release.
    private func ageRelevantReleases(_ g: Int, policy: Policy) -> [Int] {
        guard guestReleased[g] != Evaluator.never else { return [] }
        return policy.ageFrom == .latestPointRelease ? [guestReleased[g]] + pointDays[g] : [guestReleased[g]]
    }

    /// The first day after `date` on which `released < day − W` (strictly), or nil if that already holds.
    func ageCrossing(released: Day, after date: Day, windowYears: Int) -> Day? {
        if released < Evaluator.cutoff(date, windowYears: windowYears) { return nil }
        // cutoff(day) is non-decreasing in day and stalls only where day − W would be a 29 February that year
        // lacks, so the first crossing lies within a few days of released + W.
        var day = max(date.adding(days: 1), released.adding(years: windowYears).adding(days: -3))
        while !(released < Evaluator.cutoff(day, windowYears: windowYears)) { day = day.adding(days: 1) }
        return day
    }

    /// Every day on which this cell's tier may change, at any date (for jumping backwards in time): the guest's
    /// edges and the machine type's (in no particular order, possibly repeated).
    public func allEdges(guest g: Int, machine m: Int, policy: Policy) -> [Int] {
        guestEdges(guest: g, policy: policy) + machineEdges(machine: m)
    }

    /// The part of `allEdges` that depends only on the guest (its release, the end of support, the age cap's
    /// crossings), the same for every machine type: lint's conflict impacts compute it once per guest, not once
    /// per cell.
    public func guestEdges(guest g: Int, policy: Policy) -> [Int] {
        var days: [Int] = [guestReleased[g]]
        let end = policy.extendedCounts ? guestEndExtended[g] : guestEnd[g]
        if end != Evaluator.never { days.append(end + 1) }
        for ordinal in ageRelevantReleases(g, policy: policy) {
            let released = Day(ordinal: ordinal)
            days.append(ordinal)
            if let crossing = ageCrossing(released: released, after: released.adding(days: -1), windowYears: policy.windowYears) {
                days.append(crossing.ordinal)
            }
        }
        return days.filter { $0 != Evaluator.never && $0 != Evaluator.always }
    }

    /// The part of `allEdges` that depends only on the machine type: its release, deprecation and deletion.
    public func machineEdges(machine m: Int) -> [Int] {
        [machineReleased[m], machineDeprecated[m], machineDeleted[m]].filter { $0 != Evaluator.never && $0 != Evaluator.always }
    }

    /// The technical tier from the compatibility rules alone (date-independent), or nil across architectures.
    public func baseTier(guest g: Int, machine m: Int) -> Tier? {
        let cell = rowCells[rowStart[g] + m]
        return cell.archMeets ? cell.tier : nil
    }

    public func guestIndex(_ id: String) -> Int? { catalog.guests.firstIndex { $0.id == id } }
    /// The machine type's index; with `--qemu`, an alias the binary prints (`pc`, `q35`) finds its target too.
    public func machineIndex(_ name: String) -> Int? {
        if let exact = machines.firstIndex(where: { $0.name == name }) { return exact }
        guard let target = offered?.aliases[name] else { return nil }
        return machines.firstIndex { $0.name == target }
    }

    /// Whether the `--qemu` binary offers machine type `m` (always true without one).
    public func isOffered(machine m: Int) -> Bool { machineOffered[m] }

    /// Whether a machine type can be used at `date`: released (an unknown release counts as released), not yet
    /// deleted, and offered by the --qemu binary if one was given.
    public func isAvailable(machine m: Int, at date: Day) -> Bool {
        machineReleased[m] <= date.ordinal && machineDeleted[m] > date.ordinal && machineOffered[m]
    }

    /// The same catalog and QEMU binary without the proposal: the "before" of a proposal diff.
    public func withoutProposal() -> Evaluator {
        proposal == nil ? self : Evaluator(catalog: catalog, offered: offered)
    }

    /// The whole answer for one cell: tier, base tier, every rule and cap that fired, settings, next change.
    /// `nextChange: false` leaves the next change out (nil): for exports of every cell, which do not show it.
    /// The reasons are `forEachReason`'s refs, each built by `reason(_:date:policy:)` (see Reasons.swift).
    public func evaluate(guest g: Int, machine m: Int, date: Day, policy: Policy, nextChange withNext: Bool = true) -> Evaluation {
        let cutoff = Evaluator.cutoff(date, windowYears: policy.windowYears)
        let summary = self.summary(guest: g, machine: m, date: date.ordinal, cutoff: cutoff.ordinal, policy: policy)
        let cell = bases[Int(rowCells[rowStart[g] + m].baseIndex)]
        var reasons: [Reason] = []
        forEachReason(guest: g, machine: m, date: date.ordinal, cutoff: cutoff.ordinal, policy: policy, tier: summary.tier) {
            reasons.append(reason($0, date: date, policy: policy))
        }
        return Evaluation(guest: catalog.guests[g], machine: machines[m], date: date, policy: policy, cutoff: cutoff, tier: summary.tier,
                          baseTier: summary.baseTier, settings: cell.tier == .supported && summary.tier.isSupportTier ? cell.settings : [],
                          reasons: reasons, nextChange: withNext ? nextChange(guest: g, machine: m, date: date, policy: policy) : nil,
                          caps: caps(guest: g, machine: m, date: date.ordinal, cutoff: cutoff.ordinal, policy: policy))
    }
}

