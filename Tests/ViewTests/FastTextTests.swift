import XCTest
@testable import TierView
import TierEngine
import TestSupport

/// The ASCII fast paths of width, sanitising and Frame.put give what the grapheme-by-grapheme code gives.
final class FastTextTests: XCTestCase {
    /// Random strings over an alphabet of printable ASCII, controls (CR LF, NUL, ESC, tab), and a few non-ASCII
    /// characters (wide, combining, variation selector, bidi control), seeded so failures reproduce.
    private func samples() -> [String] {
        let alphabet: [String] = ["a", "Z", " ", "~", "-", "\r", "\n", "\r\n", "\0", "\u{1B}", "\t", "\u{7F}",
                                  "é", "e\u{301}", "中", "\u{FE0F}", "\u{202E}", "✓", "…"]
        var seeded = SplitMix(seed: 13)
        var out: [String] = ["", "plain ascii text", "\r\n", "a\r\nb", "\0\0", "x\r\r\n"]
        for _ in 0..<3000 {
            let length = Int(seeded.next() % 12)
            out.append((0..<length).map { _ in alphabet[Int(seeded.next() % UInt64(alphabet.count))] }.joined())
        }
        return out
    }

    func testWidthAndSanitizeMatchTheGraphemeCount() {
        for text in samples() {
            XCTAssertEqual(DisplayText.width(text), text.reduce(0) { $0 + DisplayText.width($1) }, text.debugDescription)
            var reference = String.UnicodeScalarView()
            for scalar in text.unicodeScalars {
                reference.append(SafeText.isUnsafe(scalar) ? (scalar == "\t" || scalar == "\n" || scalar == "\r" ? " " : "\u{FFFD}") : scalar)
            }
            XCTAssertEqual(SafeText.sanitize(text), String(reference), text.debugDescription)
        }
    }

    func testPutMatchesTheGraphemeLoop() {
        for (i, text) in samples().enumerated() {
            let x = i % 7 - 2, limit: Int? = i % 3 == 0 ? nil : i % 5
            var fast = Frame(width: 9, height: 1)
            let used = fast.put(x, 0, text, .text, limit: limit)
            var slow = Frame(width: 9, height: 1).cells
            let slowUsed = Self.referencePut(&slow, width: 9, x, text, .text, limit: limit)
            XCTAssertEqual(fast.cells, slow, "\(text.debugDescription) at \(x) limit \(String(describing: limit))")
            XCTAssertEqual(used, slowUsed, text.debugDescription)
        }
    }

    /// Frame.put as it was before the fast path: grapheme by grapheme.
    static func referencePut(_ cells: inout [FrameCell], width: Int, _ x: Int, _ text: String, _ role: Role, limit: Int?) -> Int {
        guard x < width else { return 0 }
        let end = min(width, x + (limit ?? width))
        var column = x
        for character in DisplayText.sanitize(text) {
            let w = DisplayText.width(character)
            if w == 0 { continue }
            if column + w > end {
                if column < end, column >= 0 { cells[column] = FrameCell(text: " ", role: role, isContinuation: false) }
                column = end
                break
            }
            if column >= 0 {
                cells[column] = FrameCell(text: String(character), role: role, isContinuation: false)
                if w == 2 { cells[column + 1] = FrameCell(text: "", role: role, isContinuation: true) }
            }
            column += w
        }
        return column - x
    }
}

/// Export's trailing-space strip and colour table give what they gave.
final class FastExportTests: XCTestCase {
    func testTrailingSpacesStripLikeDroppingCharacters() {
        var seeded = SplitMix(seed: 7)
        let alphabet: [String] = ["a", " ", " ", "│", "\u{600}", "\u{301}", "中", "e\u{301}", "\u{FE0F}", "\u{1F1E6}", "\r\n"]
        var samples = ["", " ", "   ", "a  ", "\u{600} ", "\u{600}  ", "x\u{301} ", "│ "]
        for _ in 0..<4000 {
            samples.append((0..<Int(seeded.next() % 10)).map { _ in alphabet[Int(seeded.next() % UInt64(alphabet.count))] }.joined())
        }
        for text in samples {
            var s = Substring(text)
            while s.last == " " { s = s.dropLast() }
            XCTAssertEqual(text.replacingTrailingSpaces(), String(s), text.debugDescription)
        }
    }

    func testPaletteIsTheXtermOne() {
        XCTAssertEqual(FrameExport.rgb(0), "#000000")
        XCTAssertEqual(FrameExport.rgb(15), "#ffffff")
        XCTAssertEqual(FrameExport.rgb(16), "#000000")
        XCTAssertEqual(FrameExport.rgb(24), "#005f87")
        XCTAssertEqual(FrameExport.rgb(231), "#ffffff")
        XCTAssertEqual(FrameExport.rgb(232), "#080808")
        XCTAssertEqual(FrameExport.rgb(255), "#eeeeee")
        XCTAssertEqual(FrameExport.palette.count, 256)
    }
}
