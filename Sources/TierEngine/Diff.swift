/// One side of a comparison: an evaluator (catalog + proposal), a date and a policy.
public struct DiffSide: Sendable {
    public var evaluator: Evaluator
    public var date: Day
    public var policy: Policy

    public init(evaluator: Evaluator, date: Day, policy: Policy) {
        self.evaluator = evaluator
        self.date = date
        self.policy = policy
    }

    func tier(_ g: Int, _ m: Int) -> Tier { evaluator.tier(guest: g, machine: m, date: date, policy: policy) }
}

/// A cell whose tier differs between two sides, with the reasons that appeared and disappeared.
public struct CellChange: Sendable {
    public var guest: Guest
    public var machine: MachineType
    public var before: Tier
    public var after: Tier
    /// The technical tiers before and after (nil where the cell does not exist). They can differ while the tier
    /// does not: a proposal that breaks a guest already capped at Supported.
    public var baseBefore: Tier?
    public var baseAfter: Tier?
    public var added: [Reason]
    public var removed: [Reason]
    public var settingsAfter: [String]

    /// The tier stays while the technical tier (the compatibility rules' alone) changes: a policy cap hides what
    /// changed (the `R~S` mark, `technical_only` in JSON). `TierDiff` lists such cells only in a proposal diff.
    public var isTechnicalOnly: Bool { Self.isTechnicalOnly(before: before, after: after, baseBefore: baseBefore, baseAfter: baseAfter) }

    public static func isTechnicalOnly(before: Tier, after: Tier, baseBefore: Tier?, baseAfter: Tier?) -> Bool {
        before == after && baseBefore != baseAfter
    }
}

/// Cells whose tier changes between two sides (dates, policies, or with and without a proposal). Both sides
/// must use the same catalog, so that guest and machine indices agree.
public enum TierDiff {
    /// The reasons that appeared and disappeared between two evaluations of a cell. Rules compare by their text;
    /// caps by kind alone, since their text carries dates (a cutoff that moved is the same cap).
    public static func reasonDelta(from old: [Reason], to new: [Reason]) -> (added: [Reason], removed: [Reason]) {
        func key(_ r: Reason) -> String { [.age, .vendor, .lifecycle].contains(r.kind) ? r.kind.rawValue : r.kind.rawValue + "\u{0}" + r.text }
        let oldKeys = Set(old.map(key)), newKeys = Set(new.map(key))
        return (new.filter { !oldKeys.contains(key($0)) && $0.kind != .compatible },
                old.filter { !newKeys.contains(key($0)) && $0.kind != .compatible })
    }

    /// By default only cells that exist on both sides count (a machine type that appears between two dates is
    /// not a change of tier); `includeExistence` counts those too.
    /// `includeHidden` also lists cells whose tier stays but whose technical tier changes under a cap.
    public static func changes(from a: DiffSide, to b: DiffSide, includeExistence: Bool = false,
                               includeHidden: Bool = false) -> [CellChange] {
        var changes: [CellChange] = []
        let guests = a.evaluator.guestCount, machines = a.evaluator.machineTypeCount
        precondition(guests == b.evaluator.guestCount && machines == b.evaluator.machineTypeCount, "diff needs one catalog")
        for g in 0..<guests {
            for m in 0..<machines {
                let before = a.tier(g, m), after = b.tier(g, m)
                let baseBefore = before.isSupportTier ? a.evaluator.baseTier(guest: g, machine: m) : nil
                let baseAfter = after.isSupportTier ? b.evaluator.baseTier(guest: g, machine: m) : nil
                if before == after {
                    // The tier stays, but what the machine type's defaults demand may not (a proposal's diff).
                    guard includeHidden, let baseBefore, let baseAfter, baseBefore != baseAfter else { continue }
                } else if !includeExistence && !(before.isSupportTier && after.isSupportTier) {
                    continue
                }
                // A change lists reasons and settings, never the next change: not worked out.
                let old = a.evaluator.evaluate(guest: g, machine: m, date: a.date, policy: a.policy, nextChange: false)
                let new = b.evaluator.evaluate(guest: g, machine: m, date: b.date, policy: b.policy, nextChange: false)
                let (added, removed) = reasonDelta(from: old.reasons, to: new.reasons)
                changes.append(CellChange(guest: new.guest, machine: new.machine, before: before, after: after,
                                          baseBefore: baseBefore, baseAfter: baseAfter,
                                          added: added, removed: removed, settingsAfter: new.settings))
            }
        }
        return changes
    }
}
