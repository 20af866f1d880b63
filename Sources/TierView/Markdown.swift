/// The one way text reaches a Markdown export. Catalog text is untrusted: a guest id with a backtick would close
/// its code span and let `<img onerror=…>` through as raw HTML, and a `|` would split a table cell.
public enum Markdown {
    /// Sanitised text with HTML (`&`, `<`, `>`), table cells (`|`) and code spans (backticks) escaped; emphasis
    /// characters are left alone (they cannot inject anything).
    public static func text(_ raw: String) -> String {
        if isPrintableASCII(raw) {
            // Every byte a character of its own: escaped byte by byte (the sanitiser leaves printable ASCII alone).
            var out: [UInt8] = []
            out.reserveCapacity(raw.utf8.count + 8)
            for byte in raw.utf8 {
                switch byte {
                case UInt8(ascii: "&"): out.write("&amp;")
                case UInt8(ascii: "<"): out.write("&lt;")
                case UInt8(ascii: ">"): out.write("&gt;")
                case UInt8(ascii: "|"): out.write("\\|")
                case UInt8(ascii: "`"): out.write("\\`")
                default: out.append(byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        return DisplayText.sanitize(raw).escapingScalars { scalar in
            switch scalar {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            case "|": "\\|"
            case "`": "\\`"
            default: nil
            }
        }
    }

    /// Sanitised text as inline code. Without backticks a code span (HTML is not interpreted inside one; `|` still
    /// needs its escape in a table); with backticks an HTML `<code>` element with the text escaped.
    public static func code(_ raw: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.utf8.count + 4)
        writeCode(raw, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `code(raw)` appended to a byte buffer; the usual id (printable ASCII, no backtick) byte by byte.
    static func writeCode(_ raw: String, into out: inout [UInt8]) {
        guard isPrintableASCII(raw), !raw.utf8.contains(UInt8(ascii: "`")) else { return out.write(slowCode(raw)) }
        out.append(UInt8(ascii: "`"))
        for byte in raw.utf8 {
            if byte == UInt8(ascii: "|") { out.write("\\|") } else { out.append(byte) }
        }
        out.append(UInt8(ascii: "`"))
    }

    /// `code` for any text, Character by Character.
    private static func slowCode(_ raw: String) -> String {
        let clean = DisplayText.sanitize(raw)
        if !clean.containsScalar("`") { return "`" + clean.escapingScalars { $0 == "|" ? "\\|" : nil } + "`" }
        return "<code>" + clean.escapingScalars { scalar in
            switch scalar {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            case "|": "&#124;"
            default: nil
            }
        } + "</code>"
    }

    static func isPrintableASCII(_ text: String) -> Bool { DisplayText.isPrintableASCII(text) }

    /// Lines as a fenced block whose fence is longer than any run of backticks inside (so no line can close it).
    public static func fenced(_ lines: [String], info: String = "text") -> String {
        var longest = 0
        for line in lines {
            var run = 0
            for scalar in line.unicodeScalars {
                run = scalar == "`" ? run + 1 : 0
                longest = max(longest, run)
            }
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + info + "\n" + lines.map(DisplayText.sanitize).joined(separator: "\n") + "\n" + fence + "\n"
    }
}
