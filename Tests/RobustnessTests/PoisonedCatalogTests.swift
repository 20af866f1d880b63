import CatalogLoader
import Foundation
import TierEngine
@testable import TierView
import XCTest

/// Issue 14: one sanitiser at the Frame boundary. The bundled catalog with EVERY string field poisoned (ids,
/// aliases, patterns, names, vendors, titles, rule texts and fixes, sources, and the catalog directory's
/// name): no raw control, bidi, tag or format character reaches a frame cell or any export, Markdown/HTML/SVG
/// carry no raw HTML, CSV no formula.
final class PoisonedCatalogTests: XCTestCase {
    /// ESC/CSI clear-screen, C1 CSI, RLO, ALM (U+061C), a Unicode tag, LRI, a backtick that would close a code
    /// span, raw HTML, a table pipe, and a leading '=' a spreadsheet would run (YAML double-quoted escapes).
    static let payload = #"=1+1\e[2J\x9b31m\u202e\u061c\U000E0041\u2066`<img src=x onerror=alert(1)>|"#
    /// The same, as Swift text, to search for.
    static let rawHTML = "<img src=x onerror=alert(1)>"
    static let root = "/poison\u{1B}[2J\u{202E}dir"

    /// Every value of these keys, quoted or not, in flow or block style, gets the payload in front (ids and the
    /// proposals' family references alike, so the catalog stays consistent). Extended phase names are left alone:
    /// vendors.yaml names the phases each vendor has, a vocabulary the loader checks.
    static let poisonedKeys = ["id", "name", "vendor", "alias", "title", "text", "source", "capabilities_source", "family"]

    static func poison(_ yaml: String, file: String) -> String {
        var out: [String] = []
        for line in yaml.components(separatedBy: "\n") {
            var line = line
            for key in poisonedKeys {
                // Guests' `family` (linux, windows …) is a vocabulary word the engine reads; the proposals' is an id.
                if key == "family", !file.hasPrefix("proposals/") { continue }
                line = poisonValue(of: key, in: line)
            }
            line = line.replacingOccurrences(of: #"pattern: ""#, with: #"pattern: "\#(payload)"#)
            // Block-list items under `fix:` are free text.
            if line.hasPrefix("      - \"") { line = line.replacingOccurrences(of: "      - \"", with: "      - \"\(payload)") }
            out.append(line)
        }
        return out.joined(separator: "\n")
    }

    /// `key: "v"` → `key: "<payload>v"`; `key: v` (plain, up to `,` `}` or end) → `key: "<payload>v"`.
    static func poisonValue(of key: String, in line: String) -> String {
        var result = ""
        var rest = Substring(line)
        let marker = key + ": "
        while let range = rest.range(of: marker) {
            let before = rest[..<range.lowerBound]
            // A whole key: preceded by start, space, '{' or ','.
            guard before.isEmpty || " {,".contains(before.last!) else {
                result += rest[..<range.upperBound]
                rest = rest[range.upperBound...]
                continue
            }
            result += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            if rest.hasPrefix("\"") {
                result += "\"" + payload
                rest = rest.dropFirst()
            } else if let first = rest.first, first != "#", first != "{", first != "[", !rest.hasPrefix("null") {
                let end = rest.firstIndex { $0 == "," || $0 == "}" || $0 == "#" } ?? rest.endIndex
                var value = String(rest[..<end])
                let trailing = value.count - value.reversed().drop { $0 == " " }.count
                value = String(value.dropLast(trailing))
                result += "\"" + payload + value.replacingOccurrences(of: "\"", with: "\\\"") + "\"" + String(repeating: " ", count: trailing)
                rest = rest[end...]
            }
        }
        return result + rest
    }

    static func poisonedCatalog() throws -> Catalog {
        var files: [String: String] = [:]
        for (path, text) in Corpus.bundled { files[path] = poison(text, file: path) }
        return try CatalogLoader.load(directory: root, files: CatalogFiles.memory(root: root, files))
    }

    func assertClean(_ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let bad = forbiddenScalars(in: text)
        XCTAssertTrue(bad.isEmpty, "\(what) carries raw \(bad.prefix(5).map { String(format: "U+%04X", $0.value) })", file: file, line: line)
    }

    func testThePoisonReachesEveryField() throws {
        let catalog = try Self.poisonedCatalog()
        let marker = "\u{1B}[2J"
        XCTAssertTrue(catalog.origin.contains(marker))
        XCTAssertTrue(catalog.families.allSatisfy { $0.id.contains(marker) && $0.pattern.contains(marker) && $0.provenance.source.contains(marker) })
        XCTAssertTrue(catalog.families.contains { $0.alias?.contains(marker) == true })
        XCTAssertTrue(catalog.guests.allSatisfy { $0.id.contains(marker) && $0.name.contains(marker) && $0.vendor.contains(marker) })
        XCTAssertTrue(catalog.guests.allSatisfy { $0.released.provenance.source.contains(marker) && $0.capabilitiesProvenance.source.contains(marker) })
        XCTAssertTrue(catalog.rules.allSatisfy { $0.id.contains(marker) && $0.text.contains(marker) && $0.fix.allSatisfy { $0.contains(marker) } })
        XCTAssertTrue(catalog.policies.allSatisfy { $0.id.contains(marker) })
        XCTAssertTrue(catalog.proposals.allSatisfy { $0.id.contains(marker) && $0.title.contains(marker) })
        XCTAssertTrue(catalog.proposals.allSatisfy { $0.changes.allSatisfy { $0.familyID.contains(marker) } })
        XCTAssertTrue(catalog.machineTypes.allSatisfy { $0.name.hasPrefix("=1+1\u{1B}") })
    }

    func testNoPoisonReachesAFrameOrAnyExport() throws {
        let catalog = try Self.poisonedCatalog()
        let policy = catalog.policies[0]
        for proposal in [nil] + catalog.proposals.map(Optional.some) {
            let evaluator = Evaluator(catalog: catalog, proposal: proposal, optIns: Set(catalog.proposals.compactMap(\.optIn)))
            let context = ExplorerContext(evaluator: evaluator, today: Day("2026-11-26")!)
            let start = Explorer.begin(AppState(date: Day("2021-03-01")!, policy: policy, size: ScreenSize(width: 160, height: 50)), context)
            for keys in ["", "<Enter>", "?", "D", "D}", "c", "/=1<Enter>", "x", "nn", "ww", "<End><Enter>"] {
                let state = try replay(keys, start, context)
                let frame = ExplorerView.frame(state, context)
                for cell in frame.cells { assertClean(cell.text, "a frame cell after '\(keys)'") }
                for format in FrameExport.Format.allCases {
                    let out = FrameExport.render(frame, format: format, theme: Theme(.color256))
                    assertClean(format == .ansi ? strippingOwnSGR(out) : out, "\(format) export after '\(keys)'")
                    if format == .svg || format == .html { XCTAssertFalse(out.contains(Self.rawHTML), "\(format) export carries raw HTML") }
                }
                let markdown = Views.screenMarkdown(frame)
                assertClean(markdown, "markdown screen")
                let lines = markdown.components(separatedBy: "\n")
                let fence = lines[0].prefix { $0 == "`" }
                XCTAssertGreaterThanOrEqual(fence.count, 3)
                XCTAssertFalse(lines.dropFirst().dropLast(2).contains { $0.contains(fence) }, "a line inside could close the fence")
                XCTAssertEqual(lines.dropLast().last, String(fence))
            }
            assertClean(MatrixReport.text(start, context, width: 100), "matrix text")
            assertClean(MatrixReport.json(start, context), "matrix json")
            let csv = MatrixReport.csv(start, context)
            assertClean(csv, "matrix csv")
            for row in csv.components(separatedBy: "\n") where !row.isEmpty {
                for field in csvFields(row) {
                    XCTAssertFalse(field.first.map { "=+-@".contains($0) } ?? false, "a CSV field a spreadsheet would run: \(field)")
                }
            }
            let markdown = MatrixReport.markdown(start, context)
            assertClean(markdown, "matrix markdown")
            XCTAssertFalse(markdown.contains(Self.rawHTML), "matrix markdown carries raw HTML")
            for g in stride(from: 0, to: catalog.guests.count, by: 7) {
                for m in stride(from: 0, to: evaluator.machines.count, by: 11) {
                    let e = evaluator.evaluate(guest: g, machine: m, date: start.date, policy: policy)
                    assertClean(EvaluationJSON.explain(e).serialized(), "explain json")
                    let detail = Views.detailMarkdown(e)
                    assertClean(detail, "detail markdown")
                    XCTAssertFalse(detail.contains(Self.rawHTML), "detail markdown carries raw HTML")
                    for format in FrameExport.Format.allCases {
                        let out = FrameExport.render(Views.detail(e, glyphs: .unicode, width: 80).frame(), format: format, theme: Theme(.monochrome))
                        assertClean(format == .ansi ? strippingOwnSGR(out) : out, "detail \(format)")
                    }
                }
            }
            let report = DiffReport(from: DiffSide(evaluator: evaluator.withoutProposal(), date: Day("2019-03-01")!, policy: policy),
                                    to: DiffSide(evaluator: evaluator, date: Day("2025-03-01")!, policy: catalog.policies.last!))
            XCTAssertFalse(report.groups.isEmpty)
            assertClean(report.text(), "diff text")
            assertClean(report.json(), "diff json")
            let diffMarkdown = report.markdown()
            assertClean(diffMarkdown, "diff markdown")
            XCTAssertFalse(diffMarkdown.contains(Self.rawHTML), "diff markdown carries raw HTML")
            for format in FrameExport.Format.allCases {
                let out = FrameExport.render(report.document(width: 100).frame(), format: format, theme: Theme(.color8))
                assertClean(format == .ansi ? strippingOwnSGR(out) : out, "diff \(format)")
            }
        }
    }

    /// The timeline in every format, the iCalendar feed included: `ICalendar.escape` goes through the one
    /// sanitiser (controls become U+FFFD as everywhere else), and only the feed's own CRLF line ends remain.
    func testNoPoisonReachesATimelineInAnyFormat() throws {
        let catalog = try Self.poisonedCatalog()
        let evaluator = Evaluator(catalog: catalog)
        let policy = catalog.policies[0]
        var events = 0
        for g in stride(from: 0, to: catalog.guests.count, by: 5) {
            let report = TimelineReport(guest: catalog.guests[g], scope: "every machine type",
                                        policy: catalog.policyDescription(policy), from: nil, through: nil,
                                        entries: evaluator.timeline(guest: g, policy: policy),
                                        machineNames: evaluator.machines.map(\.name), today: Day("2026-11-26")!)
            assertClean(report.text(), "timeline text")
            assertClean(report.json(), "timeline json")
            assertClean(report.markdown(), "timeline markdown")
            let ics = report.ics()
            XCTAssertTrue(forbiddenScalars(in: ics.replacingOccurrences(of: "\r\n", with: ""), allowing: []).isEmpty,
                          "ics carries raw \(forbiddenScalars(in: ics.replacingOccurrences(of: "\r\n", with: ""), allowing: []).prefix(5))")
            XCTAssertTrue(ics.contains("\u{FFFD}[2J"), "the feed shows where the escape was, as every export does")
            events += report.entries.count
        }
        XCTAssertGreaterThan(events, 0)
        XCTAssertEqual(ICalendar.escape("a\u{1B}[2J\u{202E}b;c,d\\e\nf\tg\rh\u{E0041}"),
                       "a\u{FFFD}[2J\u{FFFD}b\\;c\\,d\\\\e\\nf g h\u{FFFD}")
    }

    /// Lint messages quote the poisoned text: sanitised too.
    func testProblemsQuotingPoisonAreClean() throws {
        var files: [String: String] = [:]
        for (path, text) in Corpus.bundled { files[path] = Self.poison(text, file: path) }
        files["guests/zz.yaml"] = "guests:\n  - {id: \"x\", \"\\e[2Jbad\\u202e\": 1, released: {date: \"\\e]0;t\\x07\", source: s}}\n"
        let problems = CatalogLoader.lint(directory: Self.root, files: CatalogFiles.memory(root: Self.root, files))
        XCTAssertFalse(problems.isEmpty)
        for problem in problems { assertClean(problem.description, "a problem") }
    }

    /// The mutation that removed sanitising from `Frame.put` survived every test: this one calls it directly.
    func testFramePutSanitisesWhateverItIsGiven() {
        var frame = Frame(width: 40, height: 1)
        frame.put(0, 0, "a\u{1B}[2Jb\u{9B}c\u{202E}d\u{061C}e\u{E0041}f\u{2066}g\u{7}", .text)
        XCTAssertEqual(frame.lines[0].prefix(17), "a\u{FFFD}[2Jb\u{FFFD}c\u{FFFD}d\u{FFFD}e\u{FFFD}f\u{FFFD}g\u{FFFD}")
        for cell in frame.cells { XCTAssertTrue(forbiddenScalars(in: cell.text).isEmpty, cell.text) }
    }

    /// Each class the sanitiser removes, one character each (the mutation that dropped U+2060–206F survived).
    func testEachUnsafeClassIsReplaced() {
        let unsafe: [UInt32] = [0x00, 0x07, 0x1B, 0x7F, 0x85, 0x9B, 0x061C, 0x180E, 0x200B, 0x200D, 0x200E, 0x200F,
                                0x2028, 0x2029, 0x202A, 0x202E, 0x2060, 0x2062, 0x2064, 0x2065, 0x2066, 0x2069, 0x206A, 0x206F,
                                0xFEFF, 0xFFF9, 0xFFFB, 0xE0001, 0xE0041, 0xE007F, 0xE000, 0xF8FF, 0xF0000, 0x10FFFD, 0x00AD]
        for value in unsafe {
            let scalar = Unicode.Scalar(value)!
            XCTAssertTrue(SafeText.isUnsafe(scalar), String(format: "U+%04X", value))
            XCTAssertEqual(SafeText.sanitize("a" + String(Character(scalar)) + "b"), "a\u{FFFD}b", String(format: "U+%04X", value))
        }
        for safe in ["é", "漢", "🐧", "Ω", "ä", "\u{0301}", "‿", "«»"] {
            XCTAssertEqual(SafeText.sanitize("a\(safe)b"), "a\(safe)b", safe)
        }
        XCTAssertEqual(SafeText.sanitize("tab\there\nline\rret"), "tab here line ret")
    }

    /// Row 13: a guest id with backticks closed its code span and passed `<img onerror=…>` through.
    func testMarkdownEscapesHTMLAndCodeSpans() {
        XCTAssertEqual(Markdown.code("rhel6"), "`rhel6`")
        XCTAssertEqual(Markdown.code("a|b"), "`a\\|b`")
        XCTAssertEqual(Markdown.code("x` <img src=x onerror=alert(1)> `y"),
                       "<code>x` &lt;img src=x onerror=alert(1)&gt; `y</code>")
        XCTAssertEqual(Markdown.text("a <b> & c | d `e`"), "a &lt;b&gt; &amp; c \\| d \\`e\\`")
        XCTAssertEqual(Markdown.fenced(["a ``` b", "c"]), "````text\na ``` b\nc\n````\n")
        XCTAssertEqual(Markdown.fenced(["plain"]), "```text\nplain\n```\n")
    }

    /// A combining mark after a markup character, or a prepended mark (U+0D4E) before it, makes one Character of
    /// the two: every escape works by scalar, so the markup character is still escaped (it was not: a backtick
    /// after U+0D4E closed the code span and raw HTML followed; `&`/`<` stayed raw in Markdown, SVG and HTML; a
    /// comma or quote split or broke a CSV field; `=` passed the formula guard).
    func testEscapesWorkByScalarNotByCharacter() {
        let hostile = "x\u{0D4E}` <\u{301}img src=x onerror=alert(1)> &\u{301} |\u{301} ,\u{301} \"\u{301} '\u{301}"
        // Markdown: no raw `<`, and `&` only as an entity; the backtick forces <code>, not a code span.
        let code = Markdown.code(hostile)
        XCTAssertTrue(code.hasPrefix("<code>") && code.hasSuffix("</code>"), code)
        let codeBody = String(code.dropFirst("<code>".count).dropLast("</code>".count))
        XCTAssertFalse(codeBody.unicodeScalars.contains("<"), codeBody)
        XCTAssertFalse(codeBody.unicodeScalars.contains("|"), codeBody)
        XCTAssertEqual(Markdown.code("a\u{0D4E}|b"), "`a\u{0D4E}\\|b`")
        let text = Markdown.text(hostile)
        XCTAssertFalse(text.unicodeScalars.contains("<"), text)
        // (Counted by scalars: a Character-level search misses the very joins this is about.)
        func count(_ needle: String, in haystack: String) -> Int {
            let h = Array(haystack.unicodeScalars), n = Array(needle.unicodeScalars)
            return h.indices.filter { h[$0...].starts(with: n) }.count
        }
        for (scalar, escaped) in [("`", "\\`"), ("|", "\\|")] {
            XCTAssertEqual(count(scalar, in: text), count(escaped, in: text), text)
        }
        XCTAssertEqual(Markdown.fenced(["\u{0D4E}```"]), "````text\n\u{0D4E}```\n````\n")
        // SVG/HTML: no raw `<` or quote, every `&` an entity.
        let xml = FrameExport.xmlEscape(hostile)
        for raw: Unicode.Scalar in ["<", ">", "\"", "'"] { XCTAssertFalse(xml.unicodeScalars.contains(raw), xml) }
        XCTAssertEqual(count("&", in: xml), ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"].map { count($0, in: xml) }.reduce(0, +), xml)
        // CSV: quoted when a comma or quote scalar is inside, quotes doubled, the formula guard by scalar.
        XCTAssertEqual(MatrixReport.csvField("a,\u{301}b"), "\"a,\u{301}b\"")
        XCTAssertEqual(MatrixReport.csvField("a\"\u{301}b"), "\"a\"\"\u{301}b\"")
        XCTAssertEqual(MatrixReport.csvField("=\u{301}1+1"), "'=\u{301}1+1")
    }

    /// Row 14: CSV fields a spreadsheet would run get a leading quote (the mutation that removed it survived).
    func testCSVFormulaGuard() throws {
        var files = Corpus.bundled
        files["guests/zz.yaml"] = """
        guests:
          - id: "=HYPERLINK(1)"
            name: "+SUM(A1)"
            vendor: "@x"
            family: linux
            arch: [x86_64]
            released: {date: 2019-01-01, source: s}
            vendor_support_end: {date: 2030-01-01, source: s}
            capabilities: {virtio_in_box: true, virtio_legacy: true, virtio_modern: true, ahci: true, ide: true, e1000: true}
            capabilities_source: s

        """
        let catalog = try CatalogLoader.load(directory: "/c", files: CatalogFiles.memory(root: "/c", files))
        let context = ExplorerContext(evaluator: Evaluator(catalog: catalog), today: Day("2026-11-26")!)
        let state = AppState(date: Day("2021-03-01")!, policy: catalog.policy("both")!, size: ScreenSize(width: 120, height: 40))
        let rows = MatrixReport.csv(state, context).components(separatedBy: "\n").filter { $0.contains("HYPERLINK") }
        XCTAssertFalse(rows.isEmpty)
        for row in rows { XCTAssertTrue(row.contains(",'=HYPERLINK(1),'+SUM(A1),"), row) }
    }

    func csvFields(_ row: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        for character in row {
            if character == "\"" { quoted.toggle(); continue }
            if character == ",", !quoted { fields.append(current); current = ""; continue }
            current.append(character)
        }
        fields.append(current)
        return fields
    }

    func replay(_ keys: String, _ state: AppState, _ context: ExplorerContext) throws -> AppState {
        try KeyReplay.run(keys, from: state, context: context).state
    }
}
