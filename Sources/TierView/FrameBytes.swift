import TierEngine

/// What the export writers need to write a Frame straight into one byte buffer: runs of one role read from the
/// cells (no String per span), and which cells are "plain", i.e. safe to copy and escape byte by byte.
///
/// A cell is plain when its text is one scalar that needs no sanitising and can never join a neighbouring
/// plain cell into one grapheme: printable ASCII and the symbol ranges the views draw with (Latin-1 symbols and
/// letters, general punctuation, arrows, mathematical and technical symbols, box drawing, blocks, geometric
/// shapes). None of these is a combining, spacing, prepended or regional-indicator character, so a run of
/// plain cells has one grapheme per cell: its width is the sum of the cells' widths, a trailing-space strip is
/// a strip of cells, and each ASCII `&`, `<` … is a character of its own to escape. A run with any other cell
/// (a CJK or combining character, a flag …) is written through the String-based code, exactly as before.
enum PlainCell {
    /// The columns a plain cell occupies, nil if the cell is not plain.
    @inline(__always)
    static func width(_ text: String) -> Int? {
        var bytes = text.utf8.makeIterator()
        guard let b0 = bytes.next() else { return nil }
        if b0 < 0x80 {
            guard b0 >= 0x20, b0 < 0x7F, bytes.next() == nil else { return nil }
            return 1
        }
        let value: UInt32
        if b0 < 0xE0 {
            guard let b1 = bytes.next() else { return nil }
            value = UInt32(b0 & 0x1F) << 6 | UInt32(b1 & 0x3F)
        } else if b0 < 0xF0 {
            guard let b1 = bytes.next(), let b2 = bytes.next() else { return nil }
            value = UInt32(b0 & 0x0F) << 12 | UInt32(b1 & 0x3F) << 6 | UInt32(b2 & 0x3F)
        } else {
            return nil   // no plain scalar is outside the BMP
        }
        guard bytes.next() == nil, isPlain(value) else { return nil }
        return DisplayText.width(Unicode.Scalar(value)!)
    }

    /// The non-ASCII scalars counted as plain (U+00AD, the soft hyphen, is a format character: not plain).
    static func isPlain(_ value: UInt32) -> Bool {
        switch value {
        case 0xA1...0xAC, 0xAE...0xFF: return true        // Latin-1: § · × é …
        case 0x2010...0x2027, 0x2030...0x205E: return true // general punctuation: – — … › (not U+2028–202F, U+205F–206F)
        case 0x2190...0x25FF: return true                  // arrows, maths (−), technical, box drawing, blocks, shapes
        default: return false
        }
    }
}

extension PlainCell {
    /// The byte of a cell holding one printable ASCII character (most cells), nil for any other cell.
    @inline(__always)
    static func asciiByte(_ text: String) -> UInt8? {
        let utf8 = text.utf8
        guard utf8.count == 1, let byte = utf8.first, byte >= 0x20, byte < 0x7F else { return nil }
        return byte
    }
}

extension Role {
    /// A distinct number per role below `indexCount`, so that the writers keep what they made per role in an
    /// array (hashing an enum with payloads cost hundreds of instructions per run).
    var index: Int {
        switch self {
        case .text: return 0
        case .dim: return 1
        case .title: return 2
        case .header: return 3
        case .headerSelected: return 4
        case .border: return 5
        case .status: return 6
        case .hint: return 7
        case .hintKey: return 8
        case .message: return 9
        case .warning: return 10
        case .sliderAxis: return 11
        case .sliderNow: return 12
        case .sliderCutoff: return 13
        case .sliderRelease: return 14
        case .sliderGuest: return 15
        case .overlay: return 16
        case .overlayTitle: return 17
        case .changed: return 18
        case let .tier(tier): return 19 + tier.index
        case let .tierSelected(tier): return 25 + tier.index
        case let .tierChip(tier): return 31 + tier.index
        }
    }

    static let indexCount = 37
}

extension Array where Element == UInt8 {
    /// Appends the text's UTF-8 bytes.
    @inline(__always)
    mutating func write(_ text: String) { append(contentsOf: text.utf8) }

    /// Appends text as XML/HTML character data: `&`, `<`, `>`, `"` and `'` as entities.
    @inline(__always)
    mutating func writeXMLEscaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "&"): write("&amp;")
        case UInt8(ascii: "<"): write("&lt;")
        case UInt8(ascii: ">"): write("&gt;")
        case UInt8(ascii: "\""): write("&quot;")
        case UInt8(ascii: "'"): write("&apos;")
        default: append(byte)
        }
    }
}

extension Frame {
    /// Where the run of equal role that starts at column `x` of row `y` ends: the runs are `spans(row:)`'s.
    @inline(__always)
    func runEnd(row y: Int, from x: Int) -> Int {
        let base = y * width
        let role = cells[base + x].role
        var end = x + 1
        while end < width, cells[base + end].role == role { end += 1 }
        return end
    }

    /// The text of cells `x..<end` of row `y`, as `spans(row:)` builds it.
    func text(row y: Int, from x: Int, to end: Int) -> String {
        var text = ""
        for column in x..<end where !cells[y * width + column].isContinuation { text += cells[y * width + column].text }
        return text
    }

    /// For a run of plain cells: its columns, where it ends without its trailing spaces, and the columns up to
    /// there. nil when some cell is not plain.
    func plainRun(row y: Int, from x: Int, to end: Int) -> (columns: Int, trimmedEnd: Int, trimmedColumns: Int)? {
        var columns = 0, trimmedEnd = x, trimmedColumns = 0
        for column in x..<end {
            let cell = cells[y * width + column]
            if cell.isContinuation { continue }
            if let byte = PlainCell.asciiByte(cell.text) {
                columns += 1
                if byte == UInt8(ascii: " ") { continue }
            } else {
                guard let w = PlainCell.width(cell.text) else { return nil }
                columns += w
            }
            trimmedEnd = column + 1
            trimmedColumns = columns
        }
        return (columns, trimmedEnd, trimmedColumns)
    }

    /// Appends the sanitised text of cells `x..<end` of row `y`: plain cells as they are, any other cell through
    /// the sanitiser (which maps scalar by scalar, so cell by cell is the same as the whole row at once).
    @inline(__always)
    func writeSanitized(row y: Int, from x: Int, to end: Int, into out: inout [UInt8]) {
        for column in x..<end {
            let cell = cells[y * width + column]
            if cell.isContinuation { continue }
            if let byte = PlainCell.asciiByte(cell.text) {
                out.append(byte)
            } else if PlainCell.width(cell.text) != nil {
                out.write(cell.text)
            } else {
                out.write(DisplayText.sanitize(cell.text))
            }
        }
    }

    /// Appends plain cells `x..<end` of row `y` escaped for XML/HTML (only ASCII needs escaping; the other plain
    /// characters are symbols and letters).
    @inline(__always)
    func writeXMLEscapedPlain(row y: Int, from x: Int, to end: Int, into out: inout [UInt8]) {
        for column in x..<end {
            let cell = cells[y * width + column]
            if cell.isContinuation { continue }
            if let byte = PlainCell.asciiByte(cell.text) { out.writeXMLEscaped(byte) } else { out.write(cell.text) }
        }
    }

    /// The rows without their trailing spaces, each followed by a newline: what the text reports print.
    /// Cells come sanitised from `put`; a row is trimmed as bytes unless its last kept scalar is not ASCII (a
    /// prepended mark can swallow the space after it), which goes through `replacingTrailingSpaces`.
    public var trimmedText: String {
        if height == 0 { return "\n" }
        var out: [UInt8] = []
        out.reserveCapacity(width * height + height)
        for y in 0..<height {
            let start = out.count
            for x in 0..<width where !cells[y * width + x].isContinuation {
                if let byte = PlainCell.asciiByte(cells[y * width + x].text) { out.append(byte) } else { out.write(cells[y * width + x].text) }
            }
            var end = out.count
            while end > start, out[end - 1] == UInt8(ascii: " ") { end -= 1 }
            if end < out.count, end > start, out[end - 1] >= 0x80 {
                let line = String(decoding: out[start...], as: UTF8.self).replacingTrailingSpaces()
                out.removeSubrange(start...)
                out.write(line)
            } else {
                out.removeSubrange(end...)
            }
            out.append(UInt8(ascii: "\n"))
        }
        return String(decoding: out, as: UTF8.self)
    }
}
