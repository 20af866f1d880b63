import TierEngine

/// The explanation of one cell as typed items: the detail pane, the detail view, `explain --format text` and the
/// Markdown detail all print exactly these, so no rendering drops or recomputes a part.
public enum DetailText {
    public enum Item: Sendable {
        case title, note, reason(Reason.Kind), remedy, source, settings, nextChange, facts
    }

    public struct Line: Sendable {
        public var item: Item
        public var text: String
        public var role: Role
    }

    /// The explanation's lines without any layout (no marks, no indentation).
    public static func items(_ e: Evaluation, glyphs: Glyphs = .unicode, compact: Bool = false) -> [Line] {
        var lines: [Line] = []
        func add(_ item: Item, _ text: String, _ role: Role) { lines.append(Line(item: item, text: text, role: role)) }
        let base = e.baseTier.map { " (base tier \($0.title))" } ?? ""
        add(.title, "\(e.guest.name) [\(e.guest.id)] on \(e.machine.name): \(e.tier.title)\(base)", .tier(e.tier))
        // In the small pane the first reason comes right after the title (at 80×24 it has room for little else).
        if let cause = causeLine(e), !compact { add(.note, cause, .text) }
        if let line = e.guest.lineID {
            add(.note, "a point release of \(line), evaluated with its own release date", .dim)
        }
        // The pane under the matrix leaves this out: the status line says it, and at 80×24 the room is for reasons.
        if !compact {
            add(.note, "as of \(e.date), policy \(policyLabel(e.policy))\(e.policy.ageCap ? ", cutoff \(e.cutoff)" : "")", .dim)
        }
        for (i, reason) in e.reasons.enumerated() {
            add(.reason(reason.kind), "\(reason.kind.rawValue): \(reason.text)\(reason.estimated ? " (estimated)" : "")", .text)
            if let remedy = reason.remedy { add(.remedy, "would lift it: \(remedy)", .text) }
            // After the first reason and its remedy, so that a remedy stays under the reason it lifts.
            if i == 0, compact, let cause = causeLine(e) { add(.note, cause, .text) }
            if !compact { add(.source, "source: \(reason.source)", .dim) }
        }
        if !e.settings.isEmpty {
            add(.settings, "settings: " + e.settings.joined(separator: "; "), .text)
        }
        if e.tier == .notApplicable {
            add(.nextChange, "next change: none (another architecture)", .dim)
        } else if let next = e.nextChange {
            add(.nextChange, "next change: " + changeText(next, glyphs: glyphs), .text)
            if !compact { add(.source, "source: \(next.source)", .dim) }
        } else {
            add(.nextChange, "next change: none known", .dim)
        }
        let end = e.guest.supportEnd(countingExtended: e.policy.extendedCounts)
        let endText = end.day.map(String.init(describing:)) ?? "unannounced"
        let counted = e.policy.extendedCounts && end != e.guest.vendorSupportEnd ? " (with extended support)" : ""
        add(.facts, "guest released \(e.guest.released.day.map(String.init(describing:)) ?? "unknown"), vendor support ends \(endText)\(counted)", .dim)
        return lines
    }

    /// The text lines: a mark before each reason, remedies and sources indented under it.
    public static func lines(_ e: Evaluation, glyphs: Glyphs = .unicode, compact: Bool = false) -> [(String, Role)] {
        items(e, glyphs: glyphs, compact: compact).map { line in
            switch line.item {
            case let .reason(kind): return ("\(mark(kind)) \(line.text)", line.role)
            case .remedy, .source: return ("    " + line.text, line.role)
            default: return (line.text, line.role)
            }
        }
    }

    /// Where lines about the view (a merged run, diff mode) go in the explanation: after the title, or in the small
    /// pane after the title and first reason, so that these two are what 80×24 always shows.
    public static func insertionPoint(_ e: Evaluation, compact: Bool) -> Int {
        guard compact else { return 1 }
        let items = self.items(e, compact: true)
        guard let first = items.firstIndex(where: { if case .reason = $0.item { return true } else { return false } }) else { return 1 }
        return first + 1
    }

    /// `2024-09-03 → Supported: QEMU 9.1 deprecates pc-i440fx-4.2 (estimated)`.
    public static func changeText(_ change: TierChange, glyphs: Glyphs = .unicode) -> String {
        let cause = change.causes.isEmpty ? "" : ": " + change.text
        return "\(change.day) \(glyphs.arrowRight) \(change.tier.title)\(cause)\(change.estimated ? " (estimated)" : "")"
    }

    /// Why a Supported cell is Supported, in words and with its cell mark (see `CellMarks`).
    static func causeLine(_ e: Evaluation) -> String? {
        switch e.supportCause {
        case .rule?: return "why Supported (\(CellMarks.mark(.supported, cause: .rule))): a compatibility rule fired; the settings below are needed"
        case let .caps(caps)?:
            let names = caps.kinds.map(\.rawValue).joined(separator: " and ")
            return "why Supported (\(CellMarks.mark(.supported, cause: .caps(caps)))): technically Recommended, only the \(names) cap\(caps.kinds.count > 1 ? "s" : "") lower\(caps.kinds.count > 1 ? "" : "s") it"
        case nil: return nil
        }
    }

    static func mark(_ kind: Reason.Kind) -> String {
        switch kind {
        case .compatible: return "+"
        case .inferred: return "~"
        case .rule: return "!"
        case .vendor: return "v"
        case .age: return "a"
        case .lifecycle: return "d"
        case .unreleased, .unavailable, .notApplicable: return "-"
        }
    }

    public static func policyLabel(_ policy: Policy) -> String {
        var caps: [String] = []
        if policy.vendorCap { caps.append(policy.extendedCounts ? "vendor+extended" : "vendor") }
        if policy.ageCap { caps.append("age \(policy.windowYears)y" + (policy.ageFrom == .latestPointRelease ? " from latest point release" : "")) }
        if policy.lifecycle { caps.append("lifecycle") }
        return "\(policy.id) (\(caps.isEmpty ? "no caps" : caps.joined(separator: ", ")))"
    }
}
