import TierEngine

/// What a part of the screen means; a theme turns it into colours and attributes.
public enum Role: Hashable, Sendable {
    case text, dim, title, header, headerSelected, border, status, hint, hintKey, message, warning
    case tier(Tier), tierSelected(Tier)
    case sliderAxis, sliderNow, sliderCutoff, sliderRelease, sliderGuest
    case overlay, overlayTitle
    case changed
    /// A tier's count in the status bar: the tier's colours, and bold on the reversed bar without colour.
    case tierChip(Tier)
}

/// One terminal cell. A wide character occupies its cell and a following `continuation` cell.
public struct FrameCell: Hashable, Sendable {
    public var text: String
    public var role: Role
    public var isContinuation: Bool

    public static let blank = FrameCell(text: " ", role: .text, isContinuation: false)
}

/// A screen as a grid of styled cells: what every backend (ncurses, text, ANSI, SVG, HTML) paints.
public struct Frame: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [FrameCell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> FrameCell { cells[y * width + x] }

    /// Writes sanitised text from (x, y), clipped at `limit` columns (default: the frame's right edge).
    /// Returns the columns used. A wide character that would straddle the limit is replaced by a space.
    @discardableResult
    public mutating func put(_ x: Int, _ y: Int, _ text: String, _ role: Role, limit: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let end = min(width, x + (limit ?? width))
        var column = x
        let clean = DisplayText.sanitize(text)
        if clean.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            // Printable ASCII (most of every frame): one cell per byte, no grapheme breaking, each cell's text
            // from a table of one-byte strings.
            let texts = Frame.asciiTexts
            let row = y * width
            cells.withUnsafeMutableBufferPointer { cells in
                for byte in clean.utf8 {
                    if column + 1 > end {
                        column = end
                        break
                    }
                    if column >= 0 { cells[row + column] = FrameCell(text: texts[Int(byte)], role: role, isContinuation: false) }
                    column += 1
                }
            }
            return column - x
        }
        for character in clean {
            let w = DisplayText.width(character)
            if w == 0 { continue }
            if column + w > end {
                if column < end, column >= 0 { cells[y * width + column] = FrameCell(text: " ", role: role, isContinuation: false) }
                column = end
                break
            }
            if column >= 0 {
                cells[y * width + column] = FrameCell(text: String(character), role: role, isContinuation: false)
                if w == 2 { cells[y * width + column + 1] = FrameCell(text: "", role: role, isContinuation: true) }
            }
            column += w
        }
        return column - x
    }

    /// `put` of `glyph` repeated `count` times (a rule or the slider's axis), sanitised and measured once instead
    /// of once per cell; a glyph that is not one single-column character takes `put` itself.
    public mutating func putRepeated(_ x: Int, _ y: Int, _ glyph: String, count: Int, _ role: Role) {
        let clean = DisplayText.sanitize(glyph)
        guard clean.count == 1, let character = clean.first, DisplayText.width(character) == 1 else {
            put(x, y, String(repeating: glyph, count: max(0, count)), role)
            return
        }
        guard y >= 0, y < height, count > 0 else { return }
        let cell = FrameCell(text: clean, role: role, isContinuation: false)
        for column in max(0, x)..<max(max(0, x), min(width, x + count)) { cells[y * width + column] = cell }
    }

    /// The one-character strings of the 128 ASCII bytes.
    static let asciiTexts: [String] = (0..<128).map { String(Unicode.Scalar(UInt8($0))) }

    /// Marks a row that was cut at the right edge with an ellipsis in its last cell.
    public mutating func markCut(row y: Int, ellipsis: String) {
        guard y >= 0, y < height, width > 0 else { return }
        var x = width - 1
        while x > 0, cells[y * width + x].isContinuation { x -= 1 }
        cells[y * width + x].text = ellipsis
        cells[y * width + x].isContinuation = false
        if x + 1 < width, cells[y * width + x + 1].isContinuation { cells[y * width + x + 1] = FrameCell(text: " ", role: cells[y * width + x].role, isContinuation: false) }
    }

    /// Fills a rectangle with spaces of one role.
    public mutating func fill(_ x: Int, _ y: Int, _ w: Int, _ h: Int, _ role: Role) {
        // Clipped to the frame like put: a rectangle partly or wholly outside fills only what is inside.
        let top = max(0, y), bottom = min(height, y + h), left = max(0, x), right = min(width, x + w)
        guard top < bottom, left < right else { return }
        for row in top..<bottom {
            for column in left..<right {
                cells[row * width + column] = FrameCell(text: " ", role: role, isContinuation: false)
            }
        }
    }

    /// The text of each row, trailing spaces kept (so that rows line up).
    public var lines: [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width where !self[x, y].isContinuation { line += self[x, y].text }
            return line
        }
    }

    /// Runs of equal role within a row, for backends that style spans: (x, text, role).
    public func spans(row y: Int) -> [(x: Int, text: String, role: Role)] {
        var spans: [(x: Int, text: String, role: Role)] = []
        var x = 0
        while x < width {
            let role = self[x, y].role
            let start = x
            var text = ""
            while x < width, self[x, y].role == role {
                if !self[x, y].isContinuation { text += self[x, y].text }
                x += 1
            }
            spans.append((start, text, role))
        }
        return spans
    }
}
