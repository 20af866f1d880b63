import TierEngine

/// Lines of styled spans that are not the explorer screen (the matrix report, a cell's detail, a diff, the help):
/// laid into a Frame so that every backend (text, ANSI, SVG, HTML) paints them the same way.
public struct Document: Sendable {
    public typealias Span = (text: String, role: Role)
    public var lines: [[Span]] = []

    public init() {}

    public mutating func add(_ text: String, _ role: Role = .text) { lines.append([(text, role)]) }
    public mutating func add(spans: [Span]) { lines.append(spans) }

    /// The frame is as wide as the widest line (or `width`), one row per line.
    public func frame(width: Int? = nil) -> Frame {
        // Printable ASCII (most spans) is its own sanitised form, one column per byte.
        let widest = lines.map {
            $0.reduce(0) { $0 + (DisplayText.isPrintableASCII($1.text) ? $1.text.utf8.count : DisplayText.width(DisplayText.sanitize($1.text))) }
        }.max() ?? 0
        var frame = Frame(width: max(1, width ?? widest), height: max(1, lines.count))
        for (y, spans) in lines.enumerated() {
            var x = 0
            for span in spans { x += frame.put(x, y, span.text, span.role) }
        }
        return frame
    }

    /// Wrapped text lines of one role.
    public mutating func addWrapped(_ text: String, _ role: Role = .text, width: Int, indent: Int = 0, hanging: Int = 2) {
        let pieces = DisplayText.wrap(text, columns: max(1, width - indent - hanging))
        for (i, piece) in pieces.enumerated() {
            add(String(repeating: " ", count: indent + (i == 0 ? 0 : hanging)) + piece, role)
        }
    }
}

/// Documents for each view that `render --view` and the explorer's exports know.
public enum Views {
    /// The help, generated from the key table.
    public static func help() -> Document {
        var doc = Document()
        for line in ExplorerView.helpLines() { doc.add(line.0, line.1 == .overlay ? .text : .header) }
        return doc
    }

    public static func helpMarkdown() -> String {
        var out = "| keys | action |\n|---|---|\n"
        for binding in Keymap.bindings {
            out += "| " + binding.keys.map { Markdown.code($0.label) }.joined(separator: " ") + " | \(Markdown.text(binding.help)) |\n"
        }
        return out
    }

    /// One cell's explanation: the same lines as `explain` and the detail view.
    public static func detail(_ evaluation: Evaluation, glyphs: Glyphs, width: Int) -> Document {
        var doc = Document()
        for (text, role) in DetailText.lines(evaluation, glyphs: glyphs) {
            let indent = text.prefix { $0 == " " }.count
            doc.addWrapped(String(text.dropFirst(indent)), role, width: width, indent: indent)
        }
        return doc
    }

    /// The detail as plain text for `explain` and `render --view detail --format text`: wrapped to `width`,
    /// without trailing blanks.
    public static func detailText(_ evaluation: Evaluation, glyphs: Glyphs, width: Int) -> String {
        detail(evaluation, glyphs: glyphs, width: width).frame().trimmedText
    }

    /// The same items as the text detail, as Markdown: the title bold, reasons as a list with their remedies and
    /// sources under them.
    public static func detailMarkdown(_ e: Evaluation) -> String {
        func md(_ s: String) -> String { Markdown.text(s) }
        var out = ""
        var inList = false
        for line in DetailText.items(e) {
            switch line.item {
            case .title: out += "**\(md(line.text))**\n\n"
            case .reason:
                if !inList { inList = true }
                out += "- \(md(line.text))\n"
            case .remedy: out += "  \(md(line.text))  \n"
            case .source: out += inList ? "  <sub>\(md(line.text))</sub>\n" : "<sub>\(md(line.text))</sub>\n\n"
            case .note, .settings, .nextChange, .facts:
                if inList { out += "\n"; inList = false }
                out += "\(md(line.text))\n\n"
            }
        }
        return out.hasSuffix("\n\n") ? String(out.dropLast()) : out
    }

    /// The screen as a fenced block, for pasting into a review as it looks in the terminal.
    public static func screenMarkdown(_ frame: Frame) -> String {
        Markdown.fenced(frame.lines.map { $0.replacingTrailingSpaces() })
    }
}
