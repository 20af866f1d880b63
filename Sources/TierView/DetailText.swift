import TierEngine

/// The explanation of one cell as lines of (text, role): the detail pane, the detail view and
/// `explain --format text` all print exactly this.
public enum DetailText {
    /// `compact` leaves out the sources (the small pane under the matrix); the full view and `explain` keep them.
    public static func lines(_ e: Evaluation, glyphs: Glyphs = .unicode, compact: Bool = false) -> [(String, Role)] {
        var lines: [(String, Role)] = []
        let base = e.baseTier.map { " (base tier \($0.title))" } ?? ""
        lines.append(("\(e.guest.name) [\(e.guest.id)] on \(e.machine.name): \(e.tier.title)\(base)", .tier(e.tier)))
        if let line = e.guest.lineID {
            lines.append(("a point release of \(line), evaluated with its own release date", .dim))
        }
        // The pane under the matrix leaves this out: the status line says it, and at 80×24 the room is for reasons.
        if !compact {
            lines.append(("as of \(e.date), policy \(policyLabel(e.policy))\(e.policy.ageCap ? ", cutoff \(e.cutoff)" : "")", .dim))
        }
        let mark: [Reason.Kind: String] = [.compatible: "+", .rule: "!", .vendor: "v", .age: "a", .lifecycle: "d",
                                           .unreleased: "-", .unavailable: "-", .notApplicable: "-"]
        for reason in e.reasons {
            lines.append(("\(mark[reason.kind] ?? "*") \(reason.kind.rawValue): \(reason.text)", .text))
            if let remedy = reason.remedy { lines.append(("    would lift it: \(remedy)", .text)) }
            if !compact { lines.append(("    source: \(reason.source)", .dim)) }
        }
        if !e.settings.isEmpty {
            lines.append(("settings: " + e.settings.joined(separator: "; "), .text))
        }
        if e.tier == .notApplicable {
            lines.append(("next change: none (another architecture)", .dim))
        } else if let next = e.nextChange {
            let estimate = next.estimated ? " (estimated: a QEMU release the catalog does not list yet)" : ""
            lines.append(("next change: \(next.day) \(glyphs.arrowRight) \(next.tier.title)\(estimate)", .text))
        } else {
            lines.append(("next change: none known", .dim))
        }
        let end = e.guest.supportEnd(countingExtended: e.policy.extendedCounts)
        let endText = end.day.map(String.init(describing:)) ?? "unannounced"
        let counted = e.policy.extendedCounts && end != e.guest.vendorSupportEnd ? " (with extended support)" : ""
        lines.append(("guest released \(e.guest.released.day.map(String.init(describing:)) ?? "unknown"), vendor support ends \(endText)\(counted)", .dim))
        return lines
    }

    public static func policyLabel(_ policy: Policy) -> String {
        var caps: [String] = []
        if policy.vendorCap { caps.append(policy.extendedCounts ? "vendor+extended" : "vendor") }
        if policy.ageCap { caps.append("age \(policy.windowYears)y" + (policy.ageFrom == .latestPointRelease ? " from latest point release" : "")) }
        if policy.lifecycle { caps.append("lifecycle") }
        return "\(policy.id) (\(caps.isEmpty ? "no caps" : caps.joined(separator: ", ")))"
    }
}
