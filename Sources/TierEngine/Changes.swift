/// Changes of a cell over time, with their causes. A cell's tier is a function of a few date-dependent
/// conditions (guest released, machine type shipped / deleted, each cap); it can change only on a day one of
/// them flips, and those days are the evaluator's edges. So the next change, the previous one and a whole
/// timeline all come from the edges, never from a day-by-day scan.

/// The date-dependent conditions of one cell's evaluation at one day.
public struct CellConditions: Equatable, Sendable {
    public var guestReleased: Bool
    public var machineReleased: Bool
    public var machineDeleted: Bool
    public var caps: CapSet
    /// The release day the age rule measures (the first release, or the latest point release by then); 0 when
    /// the policy has no age cap.
    public var ageFrom: Int
}

extension Evaluator {
    /// The policy caps that hold for a cell at `date` (whether or not they lower its tier). `cutoff` must be
    /// `Evaluator.cutoff(date, policy.windowYears)`.
    @inline(__always)
    public func caps(guest g: Int, machine m: Int, date: Int, cutoff: Int, policy: Policy) -> CapSet {
        var caps: CapSet = []
        let end = policy.extendedCounts ? guestEndExtended[g] : guestEnd[g]
        if policy.vendorCap && date > end { caps.insert(.vendor) }
        if policy.ageCap && ageReleased(g, date: date, policy: policy) < cutoff { caps.insert(.age) }
        if policy.lifecycle && machineDeprecated[m] <= date { caps.insert(.lifecycle) }
        return caps
    }

    public func caps(guest g: Int, machine m: Int, date: Day, policy: Policy) -> CapSet {
        caps(guest: g, machine: m, date: date.ordinal,
             cutoff: Evaluator.cutoff(date, windowYears: policy.windowYears).ordinal, policy: policy)
    }

    /// Why a Supported cell is Supported (rule or caps); nil for any other tier. The per-frame path of the grid.
    @inline(__always)
    public func supportCause(guest g: Int, machine m: Int, date: Int, cutoff: Int, policy: Policy) -> SupportCause? {
        guard tier(guest: g, machine: m, date: date, cutoff: cutoff, policy: policy) == .supported else { return nil }
        if rowCells[rowStart[g] + m].tier == .supported { return .rule }
        return .caps(caps(guest: g, machine: m, date: date, cutoff: cutoff, policy: policy))
    }

    public func conditions(guest g: Int, machine m: Int, date: Day, policy: Policy) -> CellConditions {
        let day = date.ordinal
        let cutoff = Evaluator.cutoff(date, windowYears: policy.windowYears).ordinal
        return CellConditions(guestReleased: guestReleased[g] <= day, machineReleased: machineReleased[m] <= day,
                              machineDeleted: machineDeleted[m] <= day,
                              caps: caps(guest: g, machine: m, date: day, cutoff: cutoff, policy: policy),
                              ageFrom: policy.ageCap ? ageReleased(g, date: day, policy: policy) : 0)
    }

    /// What changes for a cell on `day` against the day before, with every cause; nil when no condition flips.
    /// The result's `before` and `tier` may be equal (a change a cap or another condition hides).
    public func change(guest g: Int, machine m: Int, on day: Day, policy: Policy) -> TierChange? {
        let previous = day.adding(days: -1)
        let was = conditions(guest: g, machine: m, date: previous, policy: policy)
        let now = conditions(guest: g, machine: m, date: day, policy: policy)
        guard was != now else { return nil }
        let guest = catalog.guests[g], machine = machines[m]
        var causes: [ChangeCause] = []
        // The deciding cause first: existence beats caps (a deleted type is Unavailable whatever the caps).
        if now.machineDeleted && !was.machineDeleted, let deleted = machine.deleted {
            causes.append(ChangeCause(kind: .deleted, text: Evaluator.lifecycleText(deleted, "deletes", machine),
                                      source: deleted.provenance.cited, estimated: deleted.estimated))
        }
        if now.guestReleased != was.guestReleased {
            causes.append(ChangeCause(kind: .released, text: "\(guest.name) is released",
                                      source: guest.released.provenance.cited))
        }
        if now.machineReleased != was.machineReleased {
            causes.append(ChangeCause(kind: .machineReleased, text: "QEMU \(machine.version) ships \(machine.name)",
                                      source: machine.released.provenance.cited))
        }
        if now.caps.contains(.vendor) && !was.caps.contains(.vendor) {
            let end = guest.supportEnd(countingExtended: policy.extendedCounts)
            let counted = policy.extendedCounts && end != guest.vendorSupportEnd ? " (extended support counted)" : ""
            causes.append(ChangeCause(kind: .vendor,
                                      text: "vendor support for \(guest.name) ends after \(end.day.map(String.init(describing:)) ?? previous.description)\(counted)",
                                      source: end.provenance.cited))
        }
        if now.caps.contains(.age) && !was.caps.contains(.age) {
            let (what, source) = ageSubject(g, released: now.ageFrom)
            causes.append(ChangeCause(kind: .age,
                                      text: "\(what) leaves the \(policy.windowYears)-year age window",
                                      source: source))
        } else if now.ageFrom != was.ageFrom {
            // Only a newer point release moves the measured day, and it can only lift the age cap.
            let (what, source) = ageSubject(g, released: now.ageFrom)
            let lifted = was.caps.contains(.age) && !now.caps.contains(.age) ? ", lifting the age cap" : ""
            causes.append(ChangeCause(kind: .pointRelease,
                                      text: "\(what): the age window restarts from it\(lifted)", source: source))
        }
        if now.caps.contains(.lifecycle) && !was.caps.contains(.lifecycle), let deprecated = machine.deprecated {
            causes.append(ChangeCause(kind: .lifecycle, text: Evaluator.lifecycleText(deprecated, "deprecates", machine),
                                      source: deprecated.provenance.cited, estimated: deprecated.estimated))
        }
        return TierChange(day: day, tier: tier(guest: g, machine: m, date: day, policy: policy),
                          before: tier(guest: g, machine: m, date: previous, policy: policy), causes: causes)
    }

    /// The first day after `date` on which the cell's tier changes, with its causes.
    public func nextChange(guest g: Int, machine m: Int, date: Day, policy: Policy) -> TierChange? {
        for day in edges(guest: g, machine: m, after: date, policy: policy) {
            if let change = change(guest: g, machine: m, on: day, policy: policy), change.changesTier { return change }
        }
        return nil
    }

    /// The last day before `date` on which the cell's tier changed, with its causes (strictly before, as
    /// `nextChange` is strictly after: stepping back from a change's own day finds the one before it).
    public func previousChange(guest g: Int, machine m: Int, date: Day, policy: Policy) -> TierChange? {
        for edge in Set(allEdges(guest: g, machine: m, policy: policy)).sorted(by: >) where edge < date.ordinal {
            if let change = change(guest: g, machine: m, on: Day(ordinal: edge), policy: policy), change.changesTier {
                return change
            }
        }
        return nil
    }

    /// Every change of the cell in `(after, through]`, oldest first: the cell's timeline. `includeHidden` keeps
    /// the days a condition flips while the tier stays (vendor support ends under an age cap).
    public func changes(guest g: Int, machine m: Int, after: Day, through: Day, policy: Policy,
                        includeHidden: Bool = false) -> [TierChange] {
        Set(allEdges(guest: g, machine: m, policy: policy)).sorted()
            .filter { $0 > after.ordinal && $0 <= through.ordinal }
            .compactMap { change(guest: g, machine: m, on: Day(ordinal: $0), policy: policy) }
            .filter { includeHidden || $0.changesTier }
    }

    /// The guest release the age rule measures, named for a sentence, with its source.
    private func ageSubject(_ g: Int, released ordinal: Int) -> (String, String) {
        let guest = catalog.guests[g]
        let day = Day(ordinal: ordinal)
        if ordinal != guestReleased[g], let i = pointDays[g].lastIndex(of: ordinal) {
            let point = guest.pointReleases.first { $0.id == pointIDs[g][i] }
            return ("point release \(pointIDs[g][i]), released \(day),",
                    point?.released.provenance.cited ?? guest.released.provenance.cited)
        }
        return ("\(guest.name), released \(day),", guest.released.provenance.cited)
    }

    /// `QEMU 9.1 deprecates pc-i440fx-4.2`; for an estimate, the release number the rule names.
    static func lifecycleText(_ fact: DatedFact, _ verb: String, _ machine: MachineType) -> String {
        if let binary = fact.byBinary { return "\(machine.name) is deprecated in \(binary)" }
        guard let release = fact.qemuRelease else { return "QEMU \(verb) \(machine.name)" }
        return fact.estimated
            ? "the first QEMU release numbered \(release) or later (not yet in the catalog) \(verb) \(machine.name)"
            : "QEMU \(release) \(verb) \(machine.name)"
    }
}
