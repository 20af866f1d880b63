/// Which reasons a cell has, apart from their texts. `evaluate` lists a cell's reasons as `forEachReason` names
/// them, each built by `reason(_:date:policy:)`; exports of every cell ask for the same refs and build (and
/// escape) each distinct text once, or only their kinds (`summary`), so that there is still one explanation.

/// The reason kinds of a cell, each once. `kinds` lists them in the order `evaluate` gives them first: the cell's
/// existence, then the rules (or "compatible"), the inferences they rest on, the caps.
public struct ReasonKinds: OptionSet, Hashable, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    static let order: [Reason.Kind] = [.unreleased, .unavailable, .notApplicable, .compatible, .rule, .inferred, .vendor, .age, .lifecycle]

    public init(_ kind: Reason.Kind) { self.init(rawValue: 1 << UInt16(ReasonKinds.position(kind))) }

    /// The kind's place in `order` (a switch: comparing kinds by their raw strings would be slower).
    public static func position(_ kind: Reason.Kind) -> Int {
        switch kind {
        case .unreleased: return 0
        case .unavailable: return 1
        case .notApplicable: return 2
        case .compatible: return 3
        case .rule: return 4
        case .inferred: return 5
        case .vendor: return 6
        case .age: return 7
        case .lifecycle: return 8
        }
    }

    public var kinds: [Reason.Kind] { ReasonKinds.order.filter { contains(ReasonKinds($0)) } }
}

/// One reason of a cell, named by the catalog entries it is built from (indices into the evaluator's guests,
/// machine types and shared rule outcomes), at the date and under the policy it was asked for.
public enum ReasonRef: Hashable, Sendable {
    case unreleased(guest: Int)
    case notOffered(machine: Int)
    case notYetReleased(machine: Int)
    case deleted(machine: Int)
    case notApplicable(guest: Int, machine: Int)
    case compatible(guest: Int, machine: Int)
    /// The `fired`th rule of the shared outcome `base`.
    case rule(base: Int, fired: Int, guest: Int, machine: Int)
    /// The `index`th inference of the shared outcome `base`.
    case inferred(base: Int, index: Int, guest: Int)
    /// A cap; `baseRecommended` decides only whether the reason says what would lift it.
    case vendor(guest: Int, baseRecommended: Bool)
    case age(guest: Int, baseRecommended: Bool)
    case lifecycle(machine: Int, baseRecommended: Bool)

    public var kind: Reason.Kind {
        switch self {
        case .unreleased: return .unreleased
        case .notOffered, .notYetReleased, .deleted: return .unavailable
        case .notApplicable: return .notApplicable
        case .compatible: return .compatible
        case .rule: return .rule
        case .inferred: return .inferred
        case .vendor: return .vendor
        case .age: return .age
        case .lifecycle: return .lifecycle
        }
    }

    /// One word hashed per ref (the derived hashing fed each payload apart, and was most of the time an export
    /// of every cell spent looking texts up). Equal refs give equal words; equality stays the derived one.
    public func hash(into hasher: inout Hasher) {
        func word(_ tag: Int, _ a: Int, _ b: Int = 0, _ c: Int = 0, _ d: Int = 0) -> Int {
            (((tag &* 1_000_003 &+ a) &* 1_000_003 &+ b) &* 1_000_003 &+ c) &* 1_000_003 &+ d
        }
        switch self {
        case let .unreleased(g): hasher.combine(word(0, g))
        case let .notOffered(m): hasher.combine(word(1, m))
        case let .notYetReleased(m): hasher.combine(word(2, m))
        case let .deleted(m): hasher.combine(word(3, m))
        case let .notApplicable(g, m): hasher.combine(word(4, g, m))
        case let .compatible(g, m): hasher.combine(word(5, g, m))
        case let .rule(b, f, g, m): hasher.combine(word(6, b, f, g, m))
        case let .inferred(b, i, g): hasher.combine(word(7, b, i, g))
        case let .vendor(g, r): hasher.combine(word(8, g, r ? 1 : 0))
        case let .age(g, r): hasher.combine(word(9, g, r ? 1 : 0))
        case let .lifecycle(m, r): hasher.combine(word(10, m, r ? 1 : 0))
        }
    }

    /// Refs with equal `textKey`s have equal texts (at one date under one policy): the ref without what the
    /// text does not read (−1).
    public var textKey: ReasonRef {
        switch self {
        case .unreleased, .notOffered, .notYetReleased, .deleted, .notApplicable: return self
        case let .compatible(_, m): return .compatible(guest: -1, machine: m)
        case let .rule(b, f, _, m): return .rule(base: b, fired: f, guest: -1, machine: m)
        case let .inferred(b, i, _): return .inferred(base: b, index: i, guest: -1)
        case let .vendor(g, _): return .vendor(guest: g, baseRecommended: false)
        case let .age(g, _): return .age(guest: g, baseRecommended: false)
        case let .lifecycle(m, _): return .lifecycle(machine: m, baseRecommended: false)
        }
    }

    /// Refs with equal `sourceKey`s have equal sources.
    public var sourceKey: ReasonRef {
        switch self {
        case .unreleased, .notYetReleased, .deleted, .inferred: return self
        case .notOffered: return .notOffered(machine: -1)
        // Both cite the guest's capabilities.
        case let .notApplicable(g, _), let .compatible(g, _): return .compatible(guest: g, machine: -1)
        case let .rule(b, f, g, _): return .rule(base: b, fired: f, guest: g, machine: -1)
        case let .vendor(g, _): return .vendor(guest: g, baseRecommended: false)
        case let .age(g, _): return .age(guest: g, baseRecommended: false)
        case let .lifecycle(m, _): return .lifecycle(machine: m, baseRecommended: false)
        }
    }
}

/// What an export of every cell prints of a cell besides its reasons' texts.
public struct CellSummary: Hashable, Sendable {
    public var tier: Tier
    /// As `Evaluation.baseTier`: nil where the cell does not exist.
    public var baseTier: Tier?
    /// As `Evaluation.supportCause`.
    public var supportCause: SupportCause?
    /// The kinds of `Evaluation.reasons`.
    public var kinds: ReasonKinds

    /// A small number, equal for equal summaries and different for different ones (a cheap key for tables of
    /// what each summary prints).
    public var code: Int {
        let cause: Int
        switch supportCause {
        case nil: cause = 0
        case .rule?: cause = 1
        case let .caps(caps)?: cause = 2 + Int(caps.rawValue)
        }
        let base: Int = baseTier.map { $0.index + 1 } ?? 0
        let tiers: Int = tier.index * 7 + base
        return ((tiers * 10 + cause) << 9) | Int(kinds.rawValue)
    }
}

/// An inferred ability a shared rule outcome rests on: the rules whose machine conditions hold and whose other
/// guest conditions hold or are unknown, so that the inference alone decides whether they apply.
struct Inference: Sendable {
    var capability: String
    /// Rules that need the ability absent: the inference spares the guest them.
    var spared: [String]
    /// Rules that need it present.
    var applies: [String]
}

extension Evaluator {
    /// The cell's tier, base tier, support cause and reason kinds, without building any reason: `evaluate`'s
    /// values, for exports that print only kinds. `cutoff` must be `Evaluator.cutoff(date, policy.windowYears)`.
    public func summary(guest g: Int, machine m: Int, date: Int, cutoff: Int, policy: Policy) -> CellSummary {
        let tier = self.tier(guest: g, machine: m, date: date, cutoff: cutoff, policy: policy)
        var kinds: ReasonKinds = []
        forEachReason(guest: g, machine: m, date: date, cutoff: cutoff, policy: policy, tier: tier) { kinds.insert(ReasonKinds($0.kind)) }
        let base = rowCells[rowStart[g] + m].tier
        return CellSummary(tier: tier, baseTier: tier.isSupportTier ? base : nil,
                           supportCause: tier != .supported ? nil
                               : base == .supported ? .rule : .caps(caps(guest: g, machine: m, date: date, cutoff: cutoff, policy: policy)),
                           kinds: kinds)
    }

    /// The cell's reasons in `evaluate`'s order, as refs. `tier` must be the cell's tier at `date`.
    @inline(__always)
    public func forEachReason(guest g: Int, machine m: Int, date: Int, cutoff: Int, policy: Policy, tier: Tier,
                              _ body: (ReasonRef) -> Void) {
        switch tier {
        case .unreleased:
            body(.unreleased(guest: g))
        case .unavailable:
            // The first that holds: not offered by --qemu, not yet released, deleted.
            if !machineOffered[m] && offered != nil {
                body(.notOffered(machine: m))
            } else if machineReleased[m] > date {
                body(.notYetReleased(machine: m))
            } else if machineDeleted[m] != Evaluator.never {
                body(.deleted(machine: m))
            }
        case .notApplicable:
            body(.notApplicable(guest: g, machine: m))
        case .recommended, .supported, .unsupported:
            let cell = rowCells[rowStart[g] + m]
            let b = Int(cell.baseIndex)
            let fired = bases[b].fired.count
            if fired == 0 { body(.compatible(guest: g, machine: m)) }
            for f in 0..<fired { body(.rule(base: b, fired: f, guest: g, machine: m)) }
            for i in 0..<bases[b].inferences.count { body(.inferred(base: b, index: i, guest: g)) }
            let caps = self.caps(guest: g, machine: m, date: date, cutoff: cutoff, policy: policy)
            let recommended = cell.tier == .recommended
            if caps.contains(.vendor) { body(.vendor(guest: g, baseRecommended: recommended)) }
            if caps.contains(.age) { body(.age(guest: g, baseRecommended: recommended)) }
            if caps.contains(.lifecycle) { body(.lifecycle(machine: m, baseRecommended: recommended)) }
        }
    }

    /// The reason a ref names, as `evaluate` gives it at `date` under `policy`: `text`, `source`, and what
    /// would lift it.
    public func reason(_ ref: ReasonRef, date: Day, policy: Policy) -> Reason {
        var reason = Reason(kind: ref.kind, text: text(ref, date: date, policy: policy), source: source(ref, date: date, policy: policy))
        switch ref {
        case let .deleted(m):
            reason.estimated = machines[m].deleted!.estimated
        case let .rule(b, f, g, _):
            let rule = bases[b].fired[f].rule
            reason.remedy = rule.fix.isEmpty ? nil : rule.fix.joined(separator: "; ")
            reason.sources = ruleSources(bases[b].fired[f], guest: catalog.guests[g])
        case let .vendor(g, baseRecommended):
            let guest = catalog.guests[g]
            let extendedLeft = guest.extended.contains { ($0.end.day ?? date) >= date } && !policy.extendedCounts
            reason.remedy = !baseRecommended ? nil : extendedLeft
                ? "a policy without the vendor cap, or one that counts extended support (--extended)"
                : "a policy without the vendor cap"
        case let .age(g, baseRecommended):
            if baseRecommended {
                let released = Day(ordinal: ageReleased(g, date: date.ordinal, policy: policy))
                reason.remedy = "a window of at least \(yearsNeeded(released: released, date: date)) years"
            }
        case let .lifecycle(m, baseRecommended):
            let machine = machines[m]
            if baseRecommended { reason.remedy = "a newer, non-deprecated \(machine.familyID) machine type" }
            reason.estimated = machine.deprecated!.estimated
        case .unreleased, .notOffered, .notYetReleased, .notApplicable, .compatible, .inferred:
            break
        }
        return reason
    }

    /// The reason's text alone (equal for refs with equal `textKey`s).
    public func text(_ ref: ReasonRef, date: Day, policy: Policy) -> String {
        switch ref {
        case let .unreleased(g):
            let guest = catalog.guests[g]
            return guest.released.day.map { "\(guest.name) is released on \($0), after \(date)" } ?? "\(guest.name) has no known release date"
        case let .notOffered(m):
            return "\(machines[m].name) is not offered by \(offered!.shownAs)"
        case let .notYetReleased(m):
            let machine = machines[m]
            return "\(machine.name) first ships in QEMU \(machine.version) on \(machine.released.day!), after \(date)"
        case let .deleted(m):
            return "\(machines[m].name) is no longer in QEMU: deleted on \(machines[m].deleted!.day!)"
        case let .notApplicable(g, m):
            return notApplicableGuestPart(g) + notApplicableMachinePart(m)
        case let .compatible(_, m):
            return "meets every compatibility rule against \(machines[m].name)'s defaults"
        case let .rule(b, f, _, m):
            let fired = bases[b].fired[f]
            let facts = fired.facts.map { "\($0.property)=\($0.value)" }.joined(separator: ", ")
            return facts.isEmpty ? fired.rule.text : "\(fired.rule.text) (\(machines[m].name) defaults: \(facts))"
        case let .inferred(b, i, _):
            let inference = bases[b].inferences[i]
            var effects: [String] = []
            if !inference.spared.isEmpty { effects.append("rule \(inference.spared.map { "'\($0)'" }.joined(separator: ", ")) does not apply") }
            if !inference.applies.isEmpty { effects.append("rule \(inference.applies.map { "'\($0)'" }.joined(separator: ", ")) applies") }
            return "\(inference.capability) inferred from the guest's family and release date, so \(effects.joined(separator: " and "))"
        case let .vendor(g, _):
            return "vendor support ended \(catalog.guests[g].supportEnd(countingExtended: policy.extendedCounts).day!) (last supported day): at most Supported"
        case let .age(g, _):
            let cutoff = Evaluator.cutoff(date, windowYears: policy.windowYears)
            return "\(ageMeasured(g, date: date, policy: policy).what), before the cutoff \(cutoff) (\(policy.windowYears) years before \(date)): at most Supported"
        case let .lifecycle(m, _):
            let machine = machines[m], deprecated = machine.deprecated!
            return deprecated.byBinary.map { "\(machine.name) is deprecated in \($0): at most Supported" }
                ?? "\(machine.name) is deprecated since \(deprecated.day!): at most Supported"
        }
    }

    /// A not-applicable text is its guest's part followed by its machine type's (`text` joins them): an export
    /// of every cell builds each part once instead of one distinct text per cell.
    public func notApplicableGuestPart(_ g: Int) -> String {
        "\(catalog.guests[g].name) runs on \(catalog.guests[g].arch.joined(separator: ", ")); "
    }

    public func notApplicableMachinePart(_ m: Int) -> String {
        "\(machines[m].name) is for \(machines[m].arch.joined(separator: ", "))"
    }

    /// The reason's source alone (equal for refs with equal `sourceKey`s).
    public func source(_ ref: ReasonRef, date: Day, policy: Policy) -> String {
        switch ref {
        case let .unreleased(g): return catalog.guests[g].released.provenance.cited
        case .notOffered: return "\(offered!.binary) -machine help"
        case let .notYetReleased(m): return machines[m].released.provenance.cited
        case let .deleted(m): return machines[m].deleted!.provenance.cited
        case let .notApplicable(g, _), let .compatible(g, _): return catalog.guests[g].capabilitiesProvenance.cited
        case let .rule(b, f, g, _): return Provenance.joined(ruleSources(bases[b].fired[f], guest: catalog.guests[g]))
        case let .inferred(b, i, g): return catalog.guests[g].inferredCapabilities[bases[b].inferences[i].capability]!.cited
        case let .vendor(g, _): return catalog.guests[g].supportEnd(countingExtended: policy.extendedCounts).provenance.cited
        case let .age(g, _): return ageMeasured(g, date: date, policy: policy).source
        case let .lifecycle(m, _): return machines[m].deprecated!.provenance.cited
        }
    }

    /// The rule, the defaults it read and the guest's capabilities, each whole source once: each part once in
    /// the reason's source, each whole source once in `sources` (a diff cites the guest's own apart).
    private func ruleSources(_ fired: (rule: CompatibilityRule, facts: [PropertyDefault]), guest: Guest) -> [String] {
        var sources: [String] = []
        for source in [fired.rule.provenance.cited] + fired.facts.map(\.provenance.cited) + [guest.capabilitiesProvenance.cited]
        where !sources.contains(source) {
            sources.append(source)
        }
        return sources
    }

    /// The release the age cap measures (the line's first, or its latest point release by `date`) as the
    /// reason names it, and its source.
    private func ageMeasured(_ g: Int, date: Day, policy: Policy) -> (what: String, source: String) {
        let guest = catalog.guests[g]
        let ageDay = ageReleased(g, date: date.ordinal, policy: policy)
        let released = Day(ordinal: ageDay)
        if ageDay != guestReleased[g], let i = pointDays[g].lastIndex(of: ageDay) {
            return ("latest point release \(pointIDs[g][i]) released \(released)",
                    guest.pointReleases.first { $0.id == pointIDs[g][i] }?.released.provenance.cited ?? guest.released.provenance.cited)
        }
        return ("released \(released)", guest.released.provenance.cited)
    }

    /// The smallest whole window in years that keeps a guest released on `released` inside it at `date`.
    private func yearsNeeded(released: Day, date: Day) -> Int {
        var years = 0
        while released < Evaluator.cutoff(date, windowYears: years) { years += 1 }
        return years
    }

    /// The inferred abilities a rule outcome of `guest` × `machine` rests on, in capability order: those a rule
    /// reads whose machine conditions hold for the machine type (so that without the inference the rule would
    /// fire or "may apply"). Date-independent, so computed once per shared outcome.
    static func inferences(guest: Guest, machine: MachineType, rules: [CompatibilityRule]) -> [Inference] {
        guard !guest.inferredCapabilities.isEmpty else { return [] }
        var inferences: [Inference] = []
        for capability in guest.inferredCapabilities.keys.sorted() {
            // A rule relies on it when its machine conditions hold and its other guest conditions hold or are
            // unknown: then this ability alone decides whether it applies.
            let relied = rules.filter { rule in
                rule.guestConditions.contains { $0.0 == capability }
                    && rule.guestConditions.allSatisfy { c, wanted in c == capability || (guest.knows(c).map { $0 == wanted } ?? true) }
                    && rule.machineConditions.allSatisfy { property, values in
                        machine.defaults[property].map { values.contains($0.value) } ?? false
                    }
            }
            guard !relied.isEmpty else { continue }
            let applies = relied.filter { rule in rule.guestConditions.contains { $0.0 == capability && $0.1 } }
            let spared = relied.filter { rule in !applies.contains(rule) }
            inferences.append(Inference(capability: capability, spared: spared.map(\.id), applies: applies.map(\.id)))
        }
        return inferences
    }
}
