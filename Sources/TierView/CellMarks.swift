import TierEngine

/// How a cell reads without colour: its tier letter, and for a Supported cell why it is Supported.
/// `S!` a compatibility rule fired (settings needed); `s` + the cap (`sv` vendor, `sa` age, `sd` deprecated
/// machine type, `s+` two or more caps) where the cell is technically Recommended and only policy caps lower it.
public enum CellMarks {
    /// One or two characters.
    public static func mark(_ tier: Tier, cause: SupportCause?, glyphs: Glyphs = .unicode) -> String {
        guard tier == .supported, let cause else { return glyphs.tier(tier) }
        switch cause {
        case .rule: return "S!"
        case let .caps(caps): return "s" + capLetter(caps)
        }
    }

    /// `v`, `a`, `d` for one cap, `+` for several, empty for none.
    public static func capLetter(_ caps: CapSet) -> String {
        let kinds = caps.kinds
        guard kinds.count == 1 else { return kinds.isEmpty ? "" : "+" }
        switch kinds[0] {
        case .vendor: return "v"
        case .age: return "a"
        default: return "d"
        }
    }

    /// The legend of the marks, as every legend (help, matrix report, diff) names them.
    public static let legend = "S! Supported as a rule fired (settings needed); sv sa sd s+ Supported only as the vendor, age, "
        + "lifecycle (deprecated type) or several caps lower a Recommended base tier"
}
