import TierEngine

/// How a cell compares with diff mode's reference (`D` a pinned date and policy, `P` without the proposal).
public enum CellComparison: Hashable, Sendable {
    case same
    /// The tier changed (between support tiers, as `diff` counts).
    case tier(before: Tier)
    /// The tier stays, but the technical base tier changed under a cap: a proposal that breaks a guest that a
    /// policy cap already holds at Supported.
    case technical(before: Tier, after: Tier)
}

extension Explorer {
    /// Every cell's comparison with the reference, with the reference's cutoff worked out once: for the loops
    /// over a frame's cells. Nil when diff mode is off.
    public static func comparisons(_ state: AppState, _ context: ExplorerContext) -> ((Int, Int) -> CellComparison)? {
        guard let side = referenceSide(state, context) else { return nil }
        let now = context.evaluator, policy = state.shownPolicy, date = state.date.ordinal
        let cutoff = Evaluator.cutoff(state.date, windowYears: policy.windowYears).ordinal
        let refDate = side.date.ordinal, refCutoff = Evaluator.cutoff(side.date, windowYears: side.policy.windowYears).ordinal
        return { g, m in
            let before = side.evaluator.tier(guest: g, machine: m, date: refDate, cutoff: refCutoff, policy: side.policy)
            let after = now.tier(guest: g, machine: m, date: date, cutoff: cutoff, policy: policy)
            guard before.isSupportTier, after.isSupportTier else { return .same }
            if before != after { return .tier(before: before) }
            guard let baseBefore = side.evaluator.baseTier(guest: g, machine: m), let baseAfter = now.baseTier(guest: g, machine: m),
                  baseBefore != baseAfter else { return .same }
            return .technical(before: baseBefore, after: baseAfter)
        }
    }

    /// How many visible cells changed tier, and how many changed only their technical tier.
    public static func changeCounts(_ state: AppState, _ context: ExplorerContext, grid: Grid) -> (tier: Int, technical: Int) {
        guard let compare = comparisons(state, context) else { return (0, 0) }
        var counts = (tier: 0, technical: 0)
        for g in grid.rows {
            for m in grid.allColumns {
                switch compare(g, m) {
                case .same: break
                case .tier: counts.tier += 1
                case .technical: counts.technical += 1
                }
            }
        }
        return counts
    }
}
