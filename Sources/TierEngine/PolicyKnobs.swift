/// The user's knobs on top of a catalog preset: the window, the lifecycle cap, counting extended support, and
/// which release the age rule measures. `p` in the explorer, `diff --vs-policy` and the status line all read them
/// through here, so a changed knob survives a change of preset in the same way everywhere.
public struct PolicyKnobs: Hashable, Sendable {
    public var windowYears: Int?
    public var lifecycle: Bool?
    public var extendedCounts: Bool?
    public var ageFrom: Policy.AgeFrom?

    public init(windowYears: Int? = nil, lifecycle: Bool? = nil, extendedCounts: Bool? = nil, ageFrom: Policy.AgeFrom? = nil) {
        self.windowYears = windowYears
        self.lifecycle = lifecycle
        self.extendedCounts = extendedCounts
        self.ageFrom = ageFrom
    }

    public var isEmpty: Bool { self == PolicyKnobs() }

    /// "window 3y, no lifecycle": what was changed, in the order the knobs are listed.
    public var summary: [String] {
        var parts: [String] = []
        if let windowYears { parts.append("window \(windowYears)y") }
        if let lifecycle { parts.append(lifecycle ? "lifecycle" : "no lifecycle") }
        if let extendedCounts { parts.append(extendedCounts ? "extended" : "no extended") }
        if let ageFrom { parts.append(ageFrom == .latestPointRelease ? "age from latest point" : "age from first release") }
        return parts
    }
}

extension Policy {
    /// The knobs whose value differs from `preset` (normally the catalog preset of the same id).
    public func knobs(changedFrom preset: Policy) -> PolicyKnobs {
        PolicyKnobs(windowYears: windowYears != preset.windowYears ? windowYears : nil,
                    lifecycle: lifecycle != preset.lifecycle ? lifecycle : nil,
                    extendedCounts: extendedCounts != preset.extendedCounts ? extendedCounts : nil,
                    ageFrom: ageFrom != preset.ageFrom ? ageFrom : nil)
    }

    /// This policy with the given knobs set.
    public func applying(_ knobs: PolicyKnobs) -> Policy {
        var policy = self
        if let value = knobs.windowYears { policy.windowYears = value }
        if let value = knobs.lifecycle { policy.lifecycle = value }
        if let value = knobs.extendedCounts { policy.extendedCounts = value }
        if let value = knobs.ageFrom { policy.ageFrom = value }
        return policy
    }

    /// Changing preset: `next` as the catalog defines it, with every knob the user changed on this policy (against
    /// its own preset `preset`) carried over. Knobs left at the preset's value take the new preset's value, so a
    /// preset that counts extended support keeps doing so.
    public func switched(to next: Policy, from preset: Policy) -> Policy {
        next.applying(knobs(changedFrom: preset))
    }
}

extension Catalog {
    /// The knobs changed on `policy` against the catalog's preset of the same id (none if it has no such preset).
    public func changedKnobs(_ policy: Policy) -> PolicyKnobs {
        self.policy(policy.id).map { policy.knobs(changedFrom: $0) } ?? PolicyKnobs()
    }

    /// "both" or "both, window 3y, no lifecycle": how the status line and reports name a policy.
    public func policyDescription(_ policy: Policy) -> String {
        ([policy.id] + changedKnobs(policy).summary).joined(separator: ", ")
    }

    /// The preset after `policy`'s in the catalog's order (wrapping), with the changed knobs carried over.
    public func nextPreset(after policy: Policy) -> Policy? {
        guard !policies.isEmpty else { return nil }
        let index = policies.firstIndex { $0.id == policy.id } ?? -1
        let next = policies[(index + 1) % policies.count]
        guard let current = self.policy(policy.id) else { return next }
        return policy.switched(to: next, from: current)
    }
}
