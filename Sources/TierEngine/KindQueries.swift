/// The explorer's per-frame questions about many cells at once — how many cells have each tier, do two
/// machine types show the same cells, which rows have an Unsupported cell — answered per row kind and column
/// kind (see `Evaluator.rowCells`) instead of per cell: the work grows with the rows and columns shown, not with
/// their product, so a step through time costs the same at 10 M cells as at 10 k.
///
/// Each answer equals the cell-by-cell one (`tier(...)` and `supportCause(...)` of every cell); the tests compare
/// them on random states.
extension Evaluator {
    /// How many of the cells `guests` × `machines` have each tier at `date`: the status line's counts.
    public func tierCounts(guests: [Int], machines: [Int], date: Day, policy: Policy) -> TierCounts {
        let day = date.ordinal
        let cutoff = Evaluator.cutoff(date, windowYears: policy.windowYears).ordinal
        var counts = [Int](repeating: 0, count: 4)
        var capsOnly = 0
        // Released rows by kind, split by whether a cap of the row's own (vendor end, age) holds.
        var capped = [Int](repeating: 0, count: rowKindCount), uncapped = capped
        var rowKinds: [Int] = []
        var released = 0
        for g in guests where guestReleased[g] <= day {
            released += 1
            let kind = rowKind[g]
            if capped[kind] == 0 && uncapped[kind] == 0 { rowKinds.append(kind) }
            let end = policy.extendedCounts ? guestEndExtended[g] : guestEnd[g]
            if (policy.vendorCap && day > end) || (policy.ageCap && ageReleased(g, date: day, policy: policy) < cutoff) {
                capped[kind] += 1
            } else {
                uncapped[kind] += 1
            }
        }
        counts[0] += (guests.count - released) * machines.count   // unreleased rows
        // Available columns by kind and lifecycle cap; an unavailable column has no support tier in any row.
        let kindOf = machineSide.kindOf, kindExample = machineSide.kindExample
        var columns = [Int](repeating: 0, count: kindExample.count * 2)
        var slots: [Int] = []
        for m in machines {
            guard isAvailable(m, day) else {
                counts[0] += released
                continue
            }
            let slot = kindOf[m] * 2 + (policy.lifecycle && machineDeprecated[m] <= day ? 1 : 0)
            if columns[slot] == 0 { slots.append(slot) }
            columns[slot] += 1
        }
        for kind in rowKinds {
            let rowsCapped = capped[kind], rowsFree = uncapped[kind]
            for slot in slots {
                let width = columns[slot], cell = rowCells[kind * machineCount + kindExample[slot >> 1]]
                let all = (rowsCapped + rowsFree) * width
                if !cell.archMeets {
                    counts[0] += all
                } else if cell.tier != .recommended {
                    counts[cell.tier.rank] += all
                } else if slot & 1 == 1 {   // the lifecycle cap holds for the whole column
                    counts[Tier.supported.rank] += all
                    capsOnly += all
                } else {
                    counts[Tier.supported.rank] += rowsCapped * width
                    capsOnly += rowsCapped * width
                    counts[Tier.recommended.rank] += rowsFree * width
                }
            }
        }
        return TierCounts(byRank: counts, supportedByCapsOnly: capsOnly)
    }

    @inline(__always)
    func isAvailable(_ m: Int, _ day: Int) -> Bool {
        machineReleased[m] <= day && machineDeleted[m] > day && machineOffered[m]
    }

    /// The row kinds that have a released guest among `guests` at `date`: only there can two machine types'
    /// cells differ (an unreleased guest's cells are Unreleased whatever the machine type).
    public func releasedRowKinds(_ guests: [Int], at date: Day) -> RowKinds {
        var seen = [Bool](repeating: false, count: rowKindCount)
        var kinds: [Int] = []
        for g in guests where guestReleased[g] <= date.ordinal && !seen[rowKind[g]] {
            seen[rowKind[g]] = true
            kinds.append(rowKind[g])
        }
        return RowKinds(kinds: kinds)
    }

    /// Whether machine types `a` and `b` give every guest of `rows` the same tier and, where it is Supported,
    /// the same cause (a rule, or which caps) at `date`: the explorer then draws them as one column.
    public func sameCells(_ a: Int, _ b: Int, rows: RowKinds, date: Day, policy: Policy) -> Bool {
        let day = date.ordinal
        let availableA = isAvailable(a, day), availableB = isAvailable(b, day)
        // Unavailable: every released row says so, and unreleased rows say Unreleased in both.
        if !availableA || !availableB { return availableA == availableB || rows.kinds.isEmpty }
        let kindA = machineSide.kindOf[a], kindB = machineSide.kindOf[b]
        let lifecycleA = policy.lifecycle && machineDeprecated[a] <= day, lifecycleB = policy.lifecycle && machineDeprecated[b] <= day
        if kindA == kindB && lifecycleA == lifecycleB { return true }
        for kind in rows.kinds {
            let x = rowCells[kind * machineCount + a], y = rowCells[kind * machineCount + b]
            guard x.archMeets == y.archMeets else { return false }
            guard x.archMeets else { continue }   // Not applicable in both
            // Different base tiers never look alike (Supported by a rule is not Supported by caps); a base
            // Recommended cell under the lifecycle cap in one column only differs in its caps, or its tier.
            if x.tier != y.tier || (lifecycleA != lifecycleB && x.tier == .recommended) { return false }
        }
        return true
    }

    /// The guests among `guests` with a cell among `machines` that exists at `date` (guest released, machine
    /// type available, architectures meet) with base tier `base`. As caps never lower a tier below Supported,
    /// `.unsupported` gives the rows with an Unsupported cell; `.supported` those with a cell that needs settings.
    public func guests(_ guests: [Int], withBaseTier base: Tier, among machines: [Int], date: Day) -> [Int] {
        let day = date.ordinal
        var columnKinds: [Int] = []
        var seenColumn = [Bool](repeating: false, count: machineSide.kindExample.count)
        for m in machines where isAvailable(m, day) && !seenColumn[machineSide.kindOf[m]] {
            seenColumn[machineSide.kindOf[m]] = true
            columnKinds.append(machineSide.kindOf[m])
        }
        // Per row kind, worked out on first use: 0 unknown, 1 no such cell, 2 has one.
        var answer = [UInt8](repeating: 0, count: rowKindCount)
        return guests.filter { g in
            guard guestReleased[g] <= day else { return false }
            let kind = rowKind[g]
            if answer[kind] == 0 {
                let has = columnKinds.contains { column in
                    let cell = rowCells[kind * machineCount + machineSide.kindExample[column]]
                    return cell.archMeets && cell.tier == base
                }
                answer[kind] = has ? 2 : 1
            }
            return answer[kind] == 2
        }
    }
}

/// A set of row kinds (see `Evaluator.releasedRowKinds`).
public struct RowKinds: Sendable {
    let kinds: [Int]
}
