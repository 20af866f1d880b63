import TierEngine

/// The one way catalog text reaches a screen or an export: control characters, bidi overrides and zero-width
/// characters are replaced, and width is measured in terminal columns (CJK wide = 2, combining = 0).
/// Catalog strings are untrusted input.
public enum DisplayText {
    /// Replaces every character that could move the cursor, change colours or reorder text.
    public static func sanitize(_ text: String) -> String { SafeText.sanitize(text) }

    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool { SafeText.isUnsafe(scalar) }

    /// Printable ASCII only: its own sanitised form, one column and one character per byte.
    static func isPrintableASCII(_ text: String) -> Bool { text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }

    /// Terminal columns one scalar occupies.
    public static func width(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v == 0 { return 0 }
        if isCombining(v) { return 0 }
        if isWide(v) { return 2 }
        return 1
    }

    /// Terminal columns of one grapheme (its first scalar decides; combining marks add nothing).
    public static func width(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if character.unicodeScalars.count > 1, character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        return width(first)
    }

    public static func width(_ text: String) -> Int {
        if let ascii = asciiWidth(text) { return ascii }
        return text.reduce(0) { $0 + width($1) }
    }

    /// The width of ASCII text from its bytes, without breaking it into graphemes (the per-key path measures
    /// labels and wraps detail lines): one column per byte, except NUL (none) and CR LF (one grapheme, one
    /// column, as `width(Character)` counts it). nil when the text is not all ASCII.
    static func asciiWidth(_ text: String) -> Int? {
        var columns = 0
        var afterCR = false
        for byte in text.utf8 {
            if byte >= 0x80 { return nil }
            if byte == 0 || (byte == 0x0A && afterCR) {
                afterCR = false
                continue
            }
            columns += 1
            afterCR = byte == 0x0D
        }
        return columns
    }

    static func isCombining(_ v: UInt32) -> Bool {
        (0x0300...0x036F).contains(v) || (0x0483...0x0489).contains(v) || (0x0591...0x05BD).contains(v)
            || (0x0610...0x061A).contains(v) || (0x064B...0x065F).contains(v) || (0x1AB0...0x1AFF).contains(v)
            || (0x1DC0...0x1DFF).contains(v) || (0x20D0...0x20FF).contains(v) || (0xFE00...0xFE0F).contains(v)
            || (0xFE20...0xFE2F).contains(v) || (0xE0100...0xE01EF).contains(v)
    }

    static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x231A...0x231B).contains(v) || (0x2329...0x232A).contains(v)
            || (0x23E9...0x23EC).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v)
    }

    /// The sanitised text cut to at most `columns`, ending in an ellipsis when something was cut.
    public static func fit(_ text: String, columns: Int, ellipsis: String = "…") -> String {
        let clean = sanitize(text)
        guard columns > 0 else { return "" }
        if width(clean) <= columns { return clean }
        let ellipsisWidth = width(ellipsis)
        var out = ""
        var used = 0
        for character in clean {
            let w = width(character)
            if used + w > columns - ellipsisWidth { break }
            out.append(character)
            used += w
        }
        return out + (columns >= ellipsisWidth ? ellipsis : "")
    }

    /// The sanitised text padded with spaces (or cut) to exactly `columns`.
    public static func pad(_ text: String, columns: Int, ellipsis: String = "…") -> String {
        let fitted = fit(text, columns: columns, ellipsis: ellipsis)
        return fitted + String(repeating: " ", count: max(0, columns - width(fitted)))
    }

    /// What `wrap` does with a word longer than a line.
    public enum LongWords: Sendable {
        case cut        // fitted with an ellipsis
        case keep       // alone on its line, overlong (URLs in mail, where the reader's client wraps)
        case `break`    // continued on the next lines, nothing lost (URLs on a screen)
    }

    /// Greedy word wrap to `columns`, each line sanitised; a word longer than a line is cut, unless
    /// `cutLongWords` is false (URLs in mail), when it stands alone on its line.
    public static func wrap(_ text: String, columns: Int, cutLongWords: Bool = true) -> [String] {
        wrap(text, columns: columns, longWords: cutLongWords ? .cut : .keep)
    }

    public static func wrap(_ text: String, columns: Int, longWords: LongWords) -> [String] {
        guard columns > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        for word in sanitize(text).split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            let candidate = line.isEmpty ? word : line + " " + word
            if width(candidate) <= columns {
                line = candidate
            } else {
                if !line.isEmpty { lines.append(line) }
                switch longWords {
                case _ where width(word) <= columns, .keep: line = word
                case .cut: line = fit(word, columns: columns)
                case .break:
                    var pieces = chunks(word, columns: columns)
                    line = pieces.removeLast()
                    lines += pieces
                }
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// A word split into pieces of at most `columns` (at least one character each).
    static func chunks(_ word: String, columns: Int) -> [String] {
        var pieces: [String] = [], piece = "", used = 0
        for character in word {
            let w = width(character)
            if used + w > columns, !piece.isEmpty {
                pieces.append(piece)
                piece = ""
                used = 0
            }
            piece.append(character)
            used += w
        }
        return pieces + [piece]
    }
}
