/// Timelines: every tier change of a cell, or of a guest over many machine types, with its causes. Built on the
/// evaluator's changes (`changes(guest:machine:after:through:)`, from the edges — no day-by-day scan), so a
/// timeline, the next change in the detail pane and `explain` always agree.

/// One entry of a guest's timeline: the cells (machine types) whose tier changes on the same day, from the same
/// tier to the same tier, for the same cause.
public struct TimelineEntry: Sendable {
    public var day: Day
    public var before: Tier
    public var tier: Tier
    /// The deciding cause's kind first, then the others (as in `TierChange.causes`).
    public var kinds: [ChangeCause.Kind]
    /// The cause in words; where it names the machine type, with every member named (see `Timeline.group`).
    public var text: String
    /// Every source once.
    public var source: String
    public var estimated: Bool
    /// The machine types (evaluator indices) that change, in the order the timeline was asked for.
    public var machines: [Int]
    /// The cause text with the machine type's name as a placeholder: what identifies the change (with the day and
    /// the tiers) whatever the machine types that share it — the basis of calendar UIDs.
    public var identity: String
    /// The members' own changes (one per machine type, same order as `machines`).
    public var changes: [TierChange]
}

public enum Timeline {
    /// The placeholder for a member's machine type name in `TimelineEntry.identity`.
    public static let machinePlaceholder = "{machine}"

    /// Whether a change belongs in a timeline: into or out of a support tier. "Unreleased → Unavailable" (the
    /// guest appears before the machine type exists) is a day on which the cell exists neither before nor after.
    public static func isShown(_ change: TierChange) -> Bool {
        change.changesTier && (change.before.isSupportTier || change.tier.isSupportTier)
    }

    /// Groups per-machine changes (each list oldest first) into entries, oldest first; entries on the same day
    /// keep the order of their first member.
    public static func group(_ perMachine: [(machine: Int, name: String, changes: [TierChange])]) -> [TimelineEntry] {
        struct Key: Hashable { var day: Day; var before: Tier; var tier: Tier; var identity: String }
        var order: [Key] = []
        var entries: [Key: TimelineEntry] = [:]
        var names: [Key: [String]] = [:]
        var sources: [Key: [String]] = [:]
        for (machine, name, changes) in perMachine {
            for change in changes {
                let identity = change.text.replacing(name, with: machinePlaceholder)
                let key = Key(day: change.day, before: change.before, tier: change.tier, identity: identity)
                if entries[key] == nil {
                    order.append(key)
                    entries[key] = TimelineEntry(day: change.day, before: change.before, tier: change.tier,
                                                 kinds: change.causes.map(\.kind), text: change.text, source: "",
                                                 estimated: false, machines: [], identity: identity, changes: [])
                }
                entries[key]!.machines.append(machine)
                entries[key]!.changes.append(change)
                entries[key]!.estimated = entries[key]!.estimated || change.estimated
                names[key, default: []].append(name)
                for cause in change.causes where !(sources[key] ?? []).contains(cause.source) {
                    sources[key, default: []].append(cause.source)
                }
            }
        }
        for key in order {
            entries[key]!.source = (sources[key] ?? []).joined(separator: "; ")
            // A cause that names the machine type names every member ("QEMU 9.1 deprecates pc-i440fx-2.0 … 2.12").
            if key.identity.contains(machinePlaceholder) {
                entries[key]!.text = key.identity.replacing(machinePlaceholder, with: listing(names[key] ?? []))
            }
        }
        // Stable: by day, then by first appearance.
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        return order.sorted { ($0.day, position[$0]!) < ($1.day, position[$1]!) }.map { entries[$0]! }
    }

    /// "pc-i440fx-2.0", "pc-i440fx-2.0 and pc-i440fx-2.1", "pc-i440fx-2.0, pc-i440fx-2.1, … pc-i440fx-2.12 (13
    /// machine types)".
    public static func listing(_ names: [String]) -> String {
        switch names.count {
        case 0: return ""
        case 1: return names[0]
        case 2, 3: return names.dropLast().joined(separator: ", ") + " and " + names.last!
        default: return "\(names[0]), \(names[1]), … \(names.last!) (\(names.count) machine types)"
        }
    }
}

extension Evaluator {
    /// Every tier change of one cell in `[from, through]` (default: its whole life, first day to last), oldest
    /// first, each with its causes.
    public func timeline(guest g: Int, machine m: Int, policy: Policy, from: Day? = nil, through: Day? = nil) -> [TierChange] {
        let start = (from ?? Timeline.firstDay).adding(days: -1)
        return changes(guest: g, machine: m, after: start, through: through ?? Timeline.lastDay, policy: policy)
            .filter(Timeline.isShown)
    }

    /// A guest's timeline over `machines` (default: every machine type sharing an architecture with it), the
    /// cells that change together grouped into one entry.
    public func timeline(guest g: Int, machines chosen: [Int]? = nil, policy: Policy, from: Day? = nil,
                         through: Day? = nil) -> [TimelineEntry] {
        let guest = catalog.guests[g]
        let candidates = chosen ?? machines.indices.filter { m in machines[m].arch.contains { guest.arch.contains($0) } }
        return Timeline.group(candidates.map { m in
            (m, machines[m].name, timeline(guest: g, machine: m, policy: policy, from: from, through: through))
        })
    }
}

extension Timeline {
    /// The bounds of "a cell's whole life": every date the catalog can hold.
    public static let firstDay = Day(year: 1, month: 1, day: 1)!
    public static let lastDay = Day(year: 9999, month: 12, day: 31)!
}
