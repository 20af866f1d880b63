/// Pure backends that paint a Frame as text: plain text (mail, goldens), ANSI (a terminal or `less -R`) and SVG
/// (reviews). Each sanitises the text it takes in (the one sanitiser, `SafeText`), as `Frame.put` does. All are byte-stable for the same frame: no timestamps, no random ids, no external URLs.
public enum FrameExport {
    public enum Format: String, CaseIterable, Sendable {
        case text, ansi, svg, html
    }

    /// `render` as UTF-8 bytes, for writing out without making (and validating) a String.
    public static func renderBytes(_ frame: Frame, format: Format, theme: Theme) -> [UInt8] {
        switch format {
        case .text: return textBytes(frame)
        case .ansi: return ansiBytes(frame, theme: theme)
        case .svg: return svgBytes(frame, theme: theme)
        case .html: return htmlBytes(frame, theme: theme)
        }
    }

    public static func render(_ frame: Frame, format: Format, theme: Theme) -> String {
        switch format {
        case .text: return text(frame)
        case .ansi: return ansi(frame, theme: theme)
        case .svg: return svg(frame, theme: theme)
        case .html: return html(frame, theme: theme)
        }
    }

    /// Rows joined by newlines, trailing blanks kept so columns line up in goldens.
    public static func text(_ frame: Frame) -> String { String(decoding: textBytes(frame), as: UTF8.self) }

    static func textBytes(_ frame: Frame) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(frame.width * frame.height + frame.height + 1)
        for y in 0..<frame.height {
            if y > 0 { out.append(UInt8(ascii: "\n")) }
            frame.writeSanitized(row: y, from: 0, to: frame.width, into: &out)
        }
        out.append(UInt8(ascii: "\n"))
        return out
    }

    public static func sgr(_ a: Attributes) -> String {
        var codes = ["0"]
        if a.bold { codes.append("1") }
        if a.dim { codes.append("2") }
        if a.underline { codes.append("4") }
        if a.reverse { codes.append("7") }
        if let fg = a.foreground { codes.append(fg < 8 ? "\(30 + fg)" : "38;5;\(fg)") }
        if let bg = a.background { codes.append(bg < 8 ? "\(40 + bg)" : "48;5;\(bg)") }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    /// Each run of one role as its SGR sequence (made once per role) and its sanitised text.
    public static func ansi(_ frame: Frame, theme: Theme) -> String { String(decoding: ansiBytes(frame, theme: theme), as: UTF8.self) }

    static func ansiBytes(_ frame: Frame, theme: Theme) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(frame.width * frame.height * 2)
        var sequences = [[UInt8]?](repeating: nil, count: Role.indexCount)
        for y in 0..<frame.height {
            var x = 0
            while x < frame.width {
                let end = frame.runEnd(row: y, from: x), role = frame[x, y].role
                if sequences[role.index] == nil { sequences[role.index] = Array(sgr(theme.attributes(role)).utf8) }
                out.append(contentsOf: sequences[role.index]!)
                frame.writeSanitized(row: y, from: x, to: end, into: &out)
                x = end
            }
            out.write("\u{1B}[0m\n")
        }
        return out
    }

    /// The xterm 256-colour palette as "#rrggbb", for SVG fills and HTML styles: built once (every span asks).
    static let palette: [String] = (0..<256).map(computeRGB)

    static func rgb(_ index: Int) -> String { palette.indices.contains(index) ? palette[index] : computeRGB(index) }

    /// "#rrggbb" of an xterm colour: the 16 system colours, the 6×6×6 cube, the grey ramp. Written as bytes
    /// (building the palette from strings joined per component was 4 M instructions of every SVG and HTML run).
    private static func computeRGB(_ index: Int) -> String {
        let base16: [(Int, Int, Int)] = [(0x00, 0x00, 0x00), (0xcd, 0x00, 0x00), (0x00, 0xcd, 0x00), (0xcd, 0xcd, 0x00),
                                         (0x00, 0x00, 0xee), (0xcd, 0x00, 0xcd), (0x00, 0xcd, 0xcd), (0xe5, 0xe5, 0xe5),
                                         (0x7f, 0x7f, 0x7f), (0xff, 0x00, 0x00), (0x00, 0xff, 0x00), (0xff, 0xff, 0x00),
                                         (0x5c, 0x5c, 0xff), (0xff, 0x00, 0xff), (0x00, 0xff, 0xff), (0xff, 0xff, 0xff)]
        let steps = [0, 95, 135, 175, 215, 255]
        let rgb: (Int, Int, Int)
        if index < 16 {
            rgb = base16[max(0, index)]
        } else if index < 232 {
            let n = index - 16
            rgb = (steps[n / 36], steps[(n / 6) % 6], steps[n % 6])
        } else {
            let level = 8 + (index - 232) * 10
            rgb = (level, level, level)
        }
        var bytes: [UInt8] = [UInt8(ascii: "#")]
        for component in [rgb.0, rgb.1, rgb.2] { appendHex(component, to: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Two lowercase hex digits of the value's low byte.
    private static func appendHex(_ value: Int, to bytes: inout [UInt8]) {
        let digits = Array("0123456789abcdef".utf8)
        bytes.append(digits[(value / 16) % 16])
        bytes.append(digits[value % 16])
    }

    /// Sanitised (the writers' own guard: a frame's cells were sanitised by `Frame.put` already) and escaped.
    static func xmlEscape(_ text: String) -> String {
        DisplayText.sanitize(text).escapingScalars { scalar in
            switch scalar {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            case "\"": "&quot;"
            case "'": "&apos;"
            default: nil
            }
        }
    }

    /// A number as the SVG writes it: to one decimal, without ".0".
    static func svgNumber(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// What a role's runs carry in the SVG: the background's fill (nil for none) and the text's attributes.
    struct SVGStyle {
        var fill: [UInt8]?
        var text: [UInt8]

        init(_ role: Role, theme: Theme) {
            var a = theme.attributes(role)
            if a.reverse {
                let fg = a.foreground ?? SVGLayout.defaultForeground
                a.foreground = a.background ?? SVGLayout.defaultBackground
                a.background = fg
            }
            var text = "fill=\"\(rgb(a.foreground ?? SVGLayout.defaultForeground))\""
            if a.bold { text += " font-weight=\"bold\"" }
            if a.underline { text += " text-decoration=\"underline\"" }
            if a.dim { text += " opacity=\"0.6\"" }
            fill = a.background.map { Array(rgb($0).utf8) }
            self.text = Array(text.utf8)
        }
    }

    /// The SVG's cell size and default colours, and every column count's and row's coordinates formatted once
    /// (x, widths and text lengths are all a number of columns times the cell width).
    struct SVGLayout {
        static let cellWidth = 8.4, cellHeight = 17.0, fontSize = 14.0
        static let defaultForeground = 252, defaultBackground = 235
        let columnNumbers: [[UInt8]]
        let cellHeightNumber: [UInt8]

        init(width: Int) {
            columnNumbers = (0...width).map { Array(svgNumber(Double($0) * SVGLayout.cellWidth).utf8) }
            cellHeightNumber = Array(svgNumber(SVGLayout.cellHeight).utf8)
        }

        func columns(_ n: Int) -> [UInt8] {
            columnNumbers.indices.contains(n) ? columnNumbers[n] : Array(svgNumber(Double(n) * SVGLayout.cellWidth).utf8)
        }

        func writeRect(x: Int, top: [UInt8], columns n: Int, fill: [UInt8], into out: inout [UInt8]) {
            out.write("<rect x=\"")
            out.append(contentsOf: columns(x))
            out.write("\" y=\"")
            out.append(contentsOf: top)
            out.write("\" width=\"")
            out.append(contentsOf: columns(n))
            out.write("\" height=\"")
            out.append(contentsOf: cellHeightNumber)
            out.write("\" fill=\"")
            out.append(contentsOf: fill)
            out.write("\"/>\n")
        }

        func writeTextOpening(x: Int, baseline: [UInt8], style: SVGStyle, columns n: Int, into out: inout [UInt8]) {
            out.write("<text x=\"")
            out.append(contentsOf: columns(x))
            out.write("\" y=\"")
            out.append(contentsOf: baseline)
            out.write("\" ")
            out.append(contentsOf: style.text)
            out.write(" xml:space=\"preserve\" textLength=\"")
            out.append(contentsOf: columns(n))
            out.write("\" lengthAdjust=\"spacingAndGlyphs\">")
        }
    }

    /// A self-contained SVG that looks like the terminal: one <rect> per background run and one <text> per
    /// styled span, a generic monospace font, nothing external. Written into one byte buffer: each role's style
    /// and each column's and row's coordinates formatted once, runs of plain cells copied and escaped as bytes.
    public static func svg(_ frame: Frame, theme: Theme) -> String { String(decoding: svgBytes(frame, theme: theme), as: UTF8.self) }

    static func svgBytes(_ frame: Frame, theme: Theme) -> [UInt8] {
        let number = svgNumber
        let width = Double(frame.width) * SVGLayout.cellWidth, height = Double(frame.height) * SVGLayout.cellHeight
        var out: [UInt8] = []
        out.reserveCapacity(frame.height * 4096)
        out.write("""
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(number(width))" height="\(number(height))" viewBox="0 0 \(number(width)) \(number(height))" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="\(number(SVGLayout.fontSize))">
        <rect width="100%" height="100%" fill="\(rgb(SVGLayout.defaultBackground))"/>

        """)
        let layout = SVGLayout(width: frame.width)
        var styles = [SVGStyle?](repeating: nil, count: Role.indexCount)
        for y in 0..<frame.height {
            let top = Double(y) * SVGLayout.cellHeight
            let topNumber = Array(number(top).utf8), baseline = Array(number(top + SVGLayout.cellHeight - 4).utf8)
            var x = 0
            while x < frame.width {
                let end = frame.runEnd(row: y, from: x), role = frame[x, y].role
                defer { x = end }
                if styles[role.index] == nil { styles[role.index] = SVGStyle(role, theme: theme) }
                let style = styles[role.index]!
                if let plain = frame.plainRun(row: y, from: x, to: end) {
                    if let fill = style.fill { layout.writeRect(x: x, top: topNumber, columns: plain.columns, fill: fill, into: &out) }
                    guard plain.trimmedEnd > x else { continue }
                    layout.writeTextOpening(x: x, baseline: baseline, style: style, columns: plain.trimmedColumns, into: &out)
                    frame.writeXMLEscapedPlain(row: y, from: x, to: plain.trimmedEnd, into: &out)
                } else {
                    // Any other run: measured, trimmed and escaped as a String, grapheme by grapheme.
                    let text = frame.text(row: y, from: x, to: end)
                    if let fill = style.fill { layout.writeRect(x: x, top: topNumber, columns: DisplayText.width(text), fill: fill, into: &out) }
                    let trimmed = text.replacingTrailingSpaces()
                    guard !trimmed.allSatisfy({ $0 == " " }) else { continue }
                    layout.writeTextOpening(x: x, baseline: baseline, style: style, columns: DisplayText.width(trimmed), into: &out)
                    out.write(xmlEscape(trimmed))
                }
                out.write("</text>\n")
            }
        }
        out.write("</svg>\n")
        return out
    }
}

extension String {
    /// The string without its trailing space characters. Trimmed as bytes, which is what Characters give unless
    /// the last kept character would swallow the first space (a prepended mark such as U+0600 forms one
    /// grapheme with it): then Character by Character, as before. Dropping Characters from the end of a long
    /// line was quadratic in its length.
    func replacingTrailingSpaces() -> String {
        let bytes = utf8
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[bytes.index(before: end)] == UInt8(ascii: " ") { end = bytes.index(before: end) }
        if end == bytes.endIndex { return self }
        let kept = self[..<end]
        if let last = kept.unicodeScalars.last, !last.isASCII {
            var pair = String.UnicodeScalarView()
            pair.append(last)
            pair.append(" ")
            if String(pair).count == 1 {
                var s = Substring(self)
                while s.last == " " { s = s.dropLast() }
                return String(s)
            }
        }
        return String(kept)
    }
}

extension FrameExport {
    /// A self-contained HTML page: one <pre>, one <span> per styled run, inline colours, no external resources.
    /// Written into one byte buffer: each role's opening tag made once, runs of plain cells escaped as bytes.
    public static func html(_ frame: Frame, theme: Theme, title: String = "guest-tiers") -> String {
        String(decoding: htmlBytes(frame, theme: theme, title: title), as: UTF8.self)
    }

    /// The `<span style=…>` that opens a role's runs; empty when the role has no style (its text goes bare).
    static func htmlOpening(_ role: Role, theme: Theme) -> [UInt8] {
        var a = theme.attributes(role)
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
        return style.isEmpty ? [] : Array("<span style=\"\(style.joined(separator: ";"))\">".utf8)
    }

    static func htmlBytes(_ frame: Frame, theme: Theme, title: String = "guest-tiers") -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(frame.height * 2048)
        out.write("""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(xmlEscape(title))</title>
        <style>body{margin:0;background:\(rgb(235))}pre{margin:0;padding:8px;font:14px/1.2 "DejaVu Sans Mono",Menlo,Consolas,monospace;color:\(rgb(252))}</style>
        </head><body><pre>
        """)
        var openings = [[UInt8]?](repeating: nil, count: Role.indexCount)
        for y in 0..<frame.height {
            var x = 0
            while x < frame.width {
                let end = frame.runEnd(row: y, from: x), role = frame[x, y].role
                if openings[role.index] == nil { openings[role.index] = htmlOpening(role, theme: theme) }
                let opening = openings[role.index]!
                out.append(contentsOf: opening)
                if frame.plainRun(row: y, from: x, to: end) != nil {
                    frame.writeXMLEscapedPlain(row: y, from: x, to: end, into: &out)
                } else {
                    out.write(xmlEscape(frame.text(row: y, from: x, to: end)))
                }
                if !opening.isEmpty { out.write("</span>") }
                x = end
            }
            out.append(UInt8(ascii: "\n"))
        }
        out.write("</pre></body></html>\n")
        return out
    }
}
