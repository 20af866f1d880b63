/// Catalog and osinfo strings are untrusted: this is the one definition of what must never reach a terminal,
/// a message or an export raw. `DisplayText` (the view) and `CatalogProblem` (messages) both use it.
public enum SafeText {
    /// C0 and C1 controls (ESC, CSI …), DEL, zero-width and bidi controls (U+061C ALM, U+200E/F, U+202A–E,
    /// U+2066–9), line/paragraph separators, BOM, interlinear annotations, Unicode tags (U+E0000–E007F, invisible
    /// text), private-use characters (of unknown width), and every other format character (Unicode category Cf:
    /// invisible by definition, so it can only hide or reorder what is shown).
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7E: return false   // printable ASCII: the common case, decided first
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x061C, 0x180E: return true
        case 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x206F: return true
        case 0xFEFF, 0xFFF9...0xFFFB: return true
        case 0xE0000...0xE007F: return true
        case 0xE000...0xF8FF, 0xF0000...0x10FFFF: return true
        default: return scalar.properties.generalCategory == .format
        }
    }

    /// Tabs and newlines become a space; every other unsafe character becomes U+FFFD, so that nothing is hidden.
    public static func sanitize(_ text: String) -> String {
        // Printable ASCII, the usual case, is safe: one pass over the bytes instead of decoding scalars.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) {
                out.append(scalar == "\t" || scalar == "\n" || scalar == "\r" ? " " : "\u{FFFD}")
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}
