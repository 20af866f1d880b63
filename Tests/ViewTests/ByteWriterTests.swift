import XCTest
@testable import TierView
import TierEngine
import TestSupport

/// The byte-buffer writers (text, trimmed text, ANSI, SVG, HTML, Markdown escapes) give byte for byte what the
/// String-based writers before them gave, on random frames full of what catalog text can hold: controls, bidi
/// overrides, wide and combining characters, flags, prepended marks, Hangul jamo, and the characters each format
/// escapes. The references below are those writers as they were.
final class ByteWriterTests: XCTestCase {
    static let alphabet: [String] = [
        "a", "Z", " ", " ", " ", "~", "&", "<", ">", "\"", "'", "|", "`", "-", "R", "S!",
        "\r", "\n", "\r\n", "\0", "\u{1B}[31m", "\t", "\u{7F}", "\u{85}", "\u{AD}",
        "é", "e\u{301}", "\u{301}", "&\u{301}", "<\u{20DD}", "中", "文字", "\u{FE0F}", "✓\u{FE0F}", "\u{202E}", "\u{2066}",
        "\u{200D}", "\u{1F1E6}", "\u{1F1E8}", "\u{1F600}", "\u{1F3FB}", "\u{600}", "\u{D4E}", "\u{903}",
        "\u{1100}", "\u{1161}", "\u{11A8}", "·", "×", "–", "…", "→", "─", "│", "┼", "▼", "◆", "■", "◇", "§", "−", "›",
        "\u{231A}", "\u{2329}", "\u{E000}", "\u{E0041}", "\u{10FFFD}",
    ]
    static let roles: [Role] = [.text, .dim, .title, .header, .tier(.recommended), .tier(.supported),
                                .tierSelected(.unsupported), .tierSelected(.notApplicable), .hint, .changed, .tierChip(.unavailable)]

    static func randomText(_ rng: inout SplitMix, maxLength: Int) -> String {
        (0..<Int(rng.next() % UInt64(maxLength + 1))).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }.joined()
    }

    /// A frame drawn the ways the views draw: put (with offsets and limits), fill, and cut marks.
    static func randomFrame(_ rng: inout SplitMix) -> Frame {
        let width = 1 + Int(rng.next() % 24), height = 1 + Int(rng.next() % 4)
        var frame = Frame(width: width, height: height)
        for _ in 0..<Int(rng.next() % 12) {
            let role = roles[Int(rng.next() % UInt64(roles.count))]
            let x = Int(rng.next() % UInt64(width + 2)) - 2, y = Int(rng.next() % UInt64(height))
            switch rng.next() % 8 {
            case 0:
                let left = Int(rng.next() % UInt64(width))
                frame.fill(left, y, Int(rng.next() % UInt64(width - left + 1)), 1, role)
            case 1: frame.markCut(row: y, ellipsis: ["…", "~", "\u{1B}", "中", ""][Int(rng.next() % 5)])
            case 2, 3:
                // Piece by piece at consecutive columns, as the views draw cells: neighbouring cells that would
                // join into one grapheme if their texts were one string (flags, jamo, prepended marks).
                var column = max(0, x)
                for _ in 0..<Int(rng.next() % 8) {
                    column += frame.put(column, y, alphabet[Int(rng.next() % UInt64(alphabet.count))], role)
                }
            default:
                let limit: Int? = rng.next() % 3 == 0 ? Int(rng.next() % 8) : nil
                frame.put(x, y, randomText(&rng, maxLength: 8), role, limit: limit)
            }
        }
        return frame
    }

    func testWritersMatchTheStringWriters() {
        var rng = SplitMix(seed: 1313)
        let themes = Theme.Depth.allCases.map(Theme.init)
        for i in 0..<3000 {
            let frame = Self.randomFrame(&rng)
            let theme = themes[i % themes.count]
            let shown = frame.lines.joined(separator: "\n").debugDescription
            XCTAssertEqual(FrameExport.text(frame), Reference.text(frame), shown)
            XCTAssertEqual(frame.trimmedText, Reference.trimmedText(frame), shown)
            XCTAssertEqual(FrameExport.ansi(frame, theme: theme), Reference.ansi(frame, theme: theme), shown)
            XCTAssertEqual(FrameExport.svg(frame, theme: theme), Reference.svg(frame, theme: theme), shown)
            XCTAssertEqual(FrameExport.html(frame, theme: theme), Reference.html(frame, theme: theme), shown)
            // What `render` writes out: the same bytes without the String.
            let format = FrameExport.Format.allCases[i % FrameExport.Format.allCases.count]
            XCTAssertEqual(FrameExport.renderBytes(frame, format: format, theme: theme),
                           Array(FrameExport.render(frame, format: format, theme: theme).utf8), shown)
        }
    }

    /// The fast paths were taken: most frames have runs of plain cells, and some have none.
    func testPlainRunsAreCommonInTheSamples() {
        var rng = SplitMix(seed: 1313)
        var plain = 0, other = 0
        for _ in 0..<500 {
            let frame = Self.randomFrame(&rng)
            for y in 0..<frame.height {
                var x = 0
                while x < frame.width {
                    let end = frame.runEnd(row: y, from: x)
                    if frame.plainRun(row: y, from: x, to: end) != nil { plain += 1 } else { other += 1 }
                    x = end
                }
            }
        }
        XCTAssertGreaterThan(plain, 500)
        XCTAssertGreaterThan(other, 200)
    }

    /// The writers' per-role tables: one distinct slot per role.
    func testRoleIndicesAreDistinct() {
        var roles: [Role] = [.text, .dim, .title, .header, .headerSelected, .border, .status, .hint, .hintKey, .message, .warning,
                             .sliderAxis, .sliderNow, .sliderCutoff, .sliderRelease, .sliderGuest, .overlay, .overlayTitle, .changed]
        for tier in Tier.allCases { roles += [.tier(tier), .tierSelected(tier), .tierChip(tier)] }
        XCTAssertEqual(Set(roles.map(\.index)).count, roles.count)
        XCTAssertEqual(roles.count, Role.indexCount)
        XCTAssertTrue(roles.allSatisfy { (0..<Role.indexCount).contains($0.index) })
    }

    /// fill clips like put: outside the frame (right of it, left of it, above, below, negative sizes) it fills
    /// nothing and does not trap; across an edge it fills the inside part.
    func testFillClipsToTheFrame() {
        var frame = Frame(width: 4, height: 3)
        for (x, y, w, h) in [(9, 0, 2, 1), (-5, 0, 2, 1), (0, -4, 2, 2), (0, 7, 1, 1), (2, 1, -3, 1), (1, 1, 1, -2)] {
            frame.fill(x, y, w, h, .warning)
        }
        XCTAssertTrue((0..<3).allSatisfy { y in (0..<4).allSatisfy { frame[$0, y].role != .warning } })
        frame.fill(-1, 2, 3, 5, .warning)
        XCTAssertEqual((0..<4).map { frame[$0, 2].role == .warning }, [true, true, false, false])
        XCTAssertTrue((0..<4).allSatisfy { frame[$0, 1].role != .warning })
    }

    func testMarkdownEscapesMatchTheScalarLoops() {
        var rng = SplitMix(seed: 31)
        var samples = ["", "plain", "a|b", "`x`", "<img src=x onerror=alert(1)>", "a&b", "\u{1B}[2J", "e\u{301}|"]
        for _ in 0..<4000 { samples.append(Self.randomText(&rng, maxLength: 10)) }
        for text in samples {
            XCTAssertEqual(Markdown.text(text), Reference.markdownText(text), text.debugDescription)
            XCTAssertEqual(Markdown.code(text), Reference.markdownCode(text), text.debugDescription)
        }
    }

    /// The palette written as bytes is the one the strings gave (and indices past 255 as before).
    func testPaletteMatchesTheStringPalette() {
        func hex(_ value: Int) -> String {
            let digits = Array("0123456789abcdef")
            return String([digits[(value / 16) % 16], digits[value % 16]])
        }
        func reference(_ index: Int) -> String {
            let base16 = ["000000", "cd0000", "00cd00", "cdcd00", "0000ee", "cd00cd", "00cdcd", "e5e5e5",
                          "7f7f7f", "ff0000", "00ff00", "ffff00", "5c5cff", "ff00ff", "00ffff", "ffffff"]
            if index < 16 { return "#" + base16[max(0, index)] }
            if index < 232 {
                let n = index - 16
                let steps = [0, 95, 135, 175, 215, 255]
                return "#" + [steps[n / 36], steps[(n / 6) % 6], steps[n % 6]].map(hex).joined()
            }
            let level = 8 + (index - 232) * 10
            return "#" + hex(level) + hex(level) + hex(level)
        }
        for index in -3..<300 { XCTAssertEqual(FrameExport.rgb(index), reference(index), "\(index)") }
    }

    /// Every scalar counted as plain is safe and forms no grapheme with a plain neighbour, so a run of plain cells
    /// is one character per cell (what the byte writers rely on).
    func testPlainScalarsNeverJoinTheirNeighbours() {
        let ranges: [ClosedRange<UInt32>] = [0x20...0xD7FF, 0xE000...0xFFFF, 0x1F000...0x1FFFF]
        var plain: [Unicode.Scalar] = []
        for range in ranges {
            for value in range {
                let scalar = Unicode.Scalar(value)!
                let isPlain = value < 0x7F || PlainCell.isPlain(value)
                XCTAssertEqual(PlainCell.width(String(scalar)), isPlain ? DisplayText.width(scalar) : nil, String(value, radix: 16))
                if isPlain { plain.append(scalar) }
            }
        }
        XCTAssertEqual(plain.count, 1396)
        for scalar in plain {
            let s = String(scalar)
            XCTAssertFalse(SafeText.isUnsafe(scalar), String(scalar.value, radix: 16))
            XCTAssertEqual(("a" + s + "a").count, 3, String(scalar.value, radix: 16))
            XCTAssertEqual((s + s).count, 2, String(scalar.value, radix: 16))
            XCTAssertEqual((s + " ").count, 2, String(scalar.value, radix: 16))
        }
        XCTAssertNil(PlainCell.width("ab"))
        XCTAssertNil(PlainCell.width("e\u{301}"))
        XCTAssertNil(PlainCell.width(""))
        XCTAssertNil(PlainCell.width("中"))
    }
}

/// The String-based writers as they were before the byte buffers.
enum Reference {
    static func text(_ frame: Frame) -> String { frame.lines.map(DisplayText.sanitize).joined(separator: "\n") + "\n" }

    static func trimmedText(_ frame: Frame) -> String {
        frame.lines.map { $0.replacingTrailingSpaces() }.joined(separator: "\n") + "\n"
    }

    static func ansi(_ frame: Frame, theme: Theme) -> String {
        var out = ""
        for y in 0..<frame.height {
            for span in frame.spans(row: y) {
                out += FrameExport.sgr(theme.attributes(span.role)) + DisplayText.sanitize(span.text)
            }
            out += "\u{1B}[0m\n"
        }
        return out
    }

    static func svg(_ frame: Frame, theme: Theme) -> String {
        let rgb = FrameExport.rgb, xmlEscape = FrameExport.xmlEscape
        let cellWidth = 8.4, cellHeight = 17.0, fontSize = 14.0
        let defaultForeground = 252, defaultBackground = 235
        let width = Double(frame.width) * cellWidth, height = Double(frame.height) * cellHeight
        func number(_ value: Double) -> String {
            let rounded = (value * 10).rounded() / 10
            return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
        }
        var out = """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(number(width))" height="\(number(height))" viewBox="0 0 \(number(width)) \(number(height))" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="\(number(fontSize))">
        <rect width="100%" height="100%" fill="\(rgb(defaultBackground))"/>

        """
        for y in 0..<frame.height {
            for span in frame.spans(row: y) {
                var a = theme.attributes(span.role)
                if a.reverse {
                    let fg = a.foreground ?? defaultForeground
                    a.foreground = a.background ?? defaultBackground
                    a.background = fg
                }
                let columns = DisplayText.width(span.text)
                let x = Double(span.x) * cellWidth, top = Double(y) * cellHeight
                if let bg = a.background {
                    out += "<rect x=\"\(number(x))\" y=\"\(number(top))\" width=\"\(number(Double(columns) * cellWidth))\" height=\"\(number(cellHeight))\" fill=\"\(rgb(bg))\"/>\n"
                }
                let trimmed = span.text.replacingTrailingSpaces()
                guard !trimmed.allSatisfy({ $0 == " " }) else { continue }
                var style = "fill=\"\(rgb(a.foreground ?? defaultForeground))\""
                if a.bold { style += " font-weight=\"bold\"" }
                if a.underline { style += " text-decoration=\"underline\"" }
                if a.dim { style += " opacity=\"0.6\"" }
                out += "<text x=\"\(number(x))\" y=\"\(number(top + cellHeight - 4))\" \(style) xml:space=\"preserve\" textLength=\"\(number(Double(DisplayText.width(trimmed)) * cellWidth))\" lengthAdjust=\"spacingAndGlyphs\">\(xmlEscape(trimmed))</text>\n"
            }
        }
        out += "</svg>\n"
        return out
    }

    static func html(_ frame: Frame, theme: Theme, title: String = "guest-tiers") -> String {
        let rgb = FrameExport.rgb, xmlEscape = FrameExport.xmlEscape
        var out = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(xmlEscape(title))</title>
        <style>body{margin:0;background:\(rgb(235))}pre{margin:0;padding:8px;font:14px/1.2 "DejaVu Sans Mono",Menlo,Consolas,monospace;color:\(rgb(252))}</style>
        </head><body><pre>
        """
        for y in 0..<frame.height {
            for span in frame.spans(row: y) {
                var a = theme.attributes(span.role)
                if a.reverse {
                    let fg = a.foreground ?? 252
                    a.foreground = a.background ?? 235
                    a.background = fg
                }
                var style: [String] = []
                if let fg = a.foreground { style.append("color:\(rgb(fg))") }
                if let bg = a.background { style.append("background:\(rgb(bg))") }
                if a.bold { style.append("font-weight:bold") }
                if a.underline { style.append("text-decoration:underline") }
                if a.dim { style.append("opacity:.6") }
                let text = xmlEscape(span.text)
                out += style.isEmpty ? text : "<span style=\"\(style.joined(separator: ";"))\">\(text)</span>"
            }
            out += "\n"
        }
        return out + "</pre></body></html>\n"
    }

    // The Markdown escapes scalar by scalar (a Character loop misses a backtick or `<` joined to a mark, see
    // PoisonedCatalogTests.testEscapesWorkByScalarNotByCharacter).
    static func markdownText(_ raw: String) -> String {
        var out = ""
        for scalar in DisplayText.sanitize(raw).unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "|": out += "\\|"
            case "`": out += "\\`"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func markdownCode(_ raw: String) -> String {
        let clean = DisplayText.sanitize(raw)
        var out = ""
        if !clean.unicodeScalars.contains("`") {
            for scalar in clean.unicodeScalars {
                if scalar == "|" { out += "\\|" } else { out.unicodeScalars.append(scalar) }
            }
            return "`" + out + "`"
        }
        for scalar in clean.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "|": out += "&#124;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return "<code>" + out + "</code>"
    }
}
