import CatalogLoader
import Foundation
import TierEngine
import TierView
import XCTest
import TestSupport

/// Hostile strings in the catalog never reach the screen buffer or any export raw, and long or wide names are
/// cut with an ellipsis at display width.
final class HostileInputTests: XCTestCase {
    static let hostileNames: [String] = [
        "Evil \\e[2J\\e[31mRED\\e[0m OS",          // ESC/CSI: clear screen, colours
        "C1 \\x9b31m CSI and \\x9d0;title\\x07 OSC",  // C1 controls
        "Carriage\\rReturn and back\\bspace",
        "Bidi \\u202Egnp.exe\\u202C override",
        "Zero\\u200Bwidth\\u200Djoin\\uFEFF",
        "漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字",
        "A very long name " + String(repeating: "that goes on ", count: 40),
        "Combining e\\u0301\\u0301\\u0301 and emoji 🐧",
    ]

    /// The bundled catalog plus a vendor file full of hostile strings (YAML double-quoted escapes).
    static func hostileCatalog() throws -> Catalog {
        var files = Corpus.bundled
        var yaml = "guests:\n"
        for (i, name) in hostileNames.enumerated() {
            yaml += """
              - id: "hostile\(i)\\e[K"
                name: "\(name)"
                vendor: "Hostile \\e]8;;http://x\\e\\\\ Vendor \(i % 2)"
                family: linux
                arch: [x86_64, aarch64, ppc64le, s390x]
                released: {date: 2019-0\(1 + i % 9)-01, source: "src \\e[1m\\x9b"}
                vendor_support_end: {date: 2024-06-30, source: "\\u202Eevil source"}
                capabilities: {virtio_in_box: true, virtio_legacy: true, virtio_modern: \(i % 2 == 0), ahci: true, ide: true, e1000: true}
                capabilities_source: "caps \\e[2J"

            """
        }
        files["guests/zz-hostile.yaml"] = yaml
        return try CatalogLoader.load(directory: "/hostile", files: CatalogFiles.memory(root: "/hostile", files))
    }

    func assertClean(_ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let bad = forbiddenScalars(in: text)
        XCTAssertTrue(bad.isEmpty, "\(what) carries raw \(bad.prefix(5).map { String(format: "U+%04X", $0.value) })", file: file, line: line)
    }

    func testHostileStringsNeverReachTheScreenOrAnyExport() throws {
        let catalog = try Self.hostileCatalog()
        let evaluator = Evaluator(catalog: catalog)
        let context = ExplorerContext(evaluator: evaluator, today: Day("2026-11-26")!)
        let policy = catalog.policy("both")!
        var state = Explorer.begin(AppState(date: Day("2021-03-01")!, policy: policy, size: ScreenSize(width: 120, height: 40)), context)
        state = try replay("/hostile<Enter>", state, context)
        XCTAssertTrue(catalog.guests[state.guest].id.hasPrefix("hostile"))
        for keys in ["", "<Enter>", "?", "n<Enter>", "nnnn", "D}", "ww"] {
            let s = try replay(keys, state, context)
            let frame = ExplorerView.frame(s, context)
            for cell in frame.cells { assertClean(cell.text, "a frame cell after '\(keys)'") }
            for row in frame.lines { XCTAssertEqual(DisplayText.width(row), frame.width, "a row overflows after '\(keys)'") }
            for format in FrameExport.Format.allCases {
                let out = FrameExport.render(frame, format: format, theme: Theme(.color256))
                assertClean(format == .ansi ? strippingOwnSGR(out) : out, "\(format) export after '\(keys)'")
            }
            assertClean(Views.screenMarkdown(frame), "markdown screen")
        }
        assertClean(MatrixReport.text(state, context, width: 72), "matrix text")
        assertClean(MatrixReport.json(state, context), "matrix json")
        assertClean(MatrixReport.csv(state, context), "matrix csv")
        assertClean(MatrixReport.markdown(state, context), "matrix markdown")
        for g in catalog.guests.indices where catalog.guests[g].id.hasPrefix("hostile") {
            let e = evaluator.evaluate(guest: g, machine: evaluator.machineIndex("pc-q35-5.2")!, date: state.date, policy: policy)
            assertClean(EvaluationJSON.explain(e).serialized(), "explain json")
            assertClean(DetailText.lines(e).map { DisplayText.sanitize($0.0) }.joined(separator: "\n"), "explain text")
            assertClean(Views.detailMarkdown(e), "detail markdown")
            for format in FrameExport.Format.allCases {
                let out = FrameExport.render(Views.detail(e, glyphs: .unicode, width: 80).frame(), format: format, theme: Theme(.monochrome))
                assertClean(format == .ansi ? strippingOwnSGR(out) : out, "detail \(format)")
            }
        }
        let report = DiffReport(from: DiffSide(evaluator: evaluator, date: Day("2021-03-01")!, policy: policy),
                                to: DiffSide(evaluator: evaluator, date: Day("2025-03-01")!, policy: policy))
        XCTAssertTrue(report.groups.contains { $0.guests.contains { $0.id.hasPrefix("hostile") } })
        assertClean(report.text(), "diff text")
        assertClean(report.markdown(), "diff markdown")
        assertClean(report.json(), "diff json")
    }

    /// JSON keeps the original text (escaped), so nothing is lost for machines, yet no raw control byte.
    func testJSONEscapesRatherThanDrops() throws {
        let catalog = try Self.hostileCatalog()
        let evaluator = Evaluator(catalog: catalog)
        let g = catalog.guests.firstIndex { $0.id.hasPrefix("hostile0") }!
        let e = evaluator.evaluate(guest: g, machine: 0, date: Day("2021-03-01")!, policy: catalog.policy("both")!)
        let json = EvaluationJSON.explain(e).serialized()
        XCTAssertTrue(json.contains("\\u001b[2J"), json)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        XCTAssertEqual((parsed?["guest"] as? [String: Any])?["name"] as? String, catalog.guests[g].name)
    }

    func testLongAndWideNamesAreCutWithAnEllipsisAtDisplayWidth() {
        let wide = String(repeating: "漢", count: 40)
        let cut = DisplayText.fit(wide, columns: 11)
        XCTAssertEqual(DisplayText.width(cut), 11)
        XCTAssertTrue(cut.hasSuffix("…"))
        XCTAssertEqual(cut, String(repeating: "漢", count: 5) + "…")
        let odd = DisplayText.pad(wide, columns: 10)
        XCTAssertEqual(DisplayText.width(odd), 10, "a wide character that does not fit leaves a space, not half a glyph")
        var frame = Frame(width: 7, height: 1)
        frame.put(0, 0, wide, .text)
        XCTAssertEqual(DisplayText.width(frame.lines[0]), 7)
        XCTAssertEqual(DisplayText.fit("e\u{301}\u{301}xyz", columns: 3), "e\u{301}\u{301}xyz".count <= 3 ? "e\u{301}\u{301}xyz" : "e\u{301}\u{301}x…")
    }

    func replay(_ keys: String, _ state: AppState, _ context: ExplorerContext) throws -> AppState {
        try KeyReplay.run(keys, from: state, context: context).state
    }
}

/// Every terminal size from 1×1 up, and rapid resizes, give a frame of exactly that size; below the minimum
/// the too-small screen shows.
final class TerminalSizeTests: XCTestCase {
    func testEverySizeFromOneByOneTo400By200() throws {
        let catalog = try CatalogLoader.load(directory: Corpus.repoRoot.appendingPathComponent("Catalog").path)
        let context = ExplorerContext(evaluator: Evaluator(catalog: catalog), today: Day("2026-11-26")!)
        var sizes: [(Int, Int)] = []
        for w in 1...90 { for h in stride(from: 1, through: 45, by: w < 70 ? 11 : 1) { sizes.append((w, h)) } }
        for w in stride(from: 100, through: 400, by: 37) { for h in stride(from: 10, through: 200, by: 19) { sizes.append((w, h)) } }
        sizes.append((400, 200))
        var state = Explorer.begin(AppState(date: Day("2024-01-01")!, policy: catalog.policy("both")!, size: ScreenSize(width: 80, height: 24)), context)
        state = Explorer.update(state, .openDetail, context).state
        for (w, h) in sizes {
            for overlay: Overlay? in [nil, .detail(scroll: 3), .help(scroll: 100)] {
                var s = Explorer.update(state, .resize(ScreenSize(width: w, height: h)), context).state
                s.overlay = overlay
                let frame = ExplorerView.frame(s, context)
                XCTAssertEqual(frame.width, w)
                XCTAssertEqual(frame.height, h)
                let text = frame.lines.joined()
                let small = w < Layout.minimumWidth || h < Layout.minimumHeight
                if small {
                    XCTAssertFalse(text.contains("guest \\ machine type"), "\(w)x\(h) should be the too-small screen")
                    if w >= 20 && h >= 3 { XCTAssertTrue(text.contains("too small"), "\(w)x\(h)") }
                } else {
                    // The title is decoration the status line drops first where room is short; the date never goes.
                    XCTAssertTrue(text.contains("2024-01-01"), "\(w)x\(h)")
                }
            }
        }
    }

    func testRapidResizesWithKeysInBetween() throws {
        let catalog = try CatalogLoader.load(directory: Corpus.repoRoot.appendingPathComponent("Catalog").path)
        let context = ExplorerContext(evaluator: Evaluator(catalog: catalog), today: Day("2026-11-26")!)
        var rng = SplitMix(seed: 7)
        var s = Explorer.begin(AppState(date: Day("2022-02-02")!, policy: catalog.policy("both")!, size: ScreenSize(width: 120, height: 40)), context)
        let actions: [Action] = [.move(dx: 1, dy: 1), .lastRow, .lastColumn, .page(1), .shiftDate(months: 7), .openDetail, .closeOverlay, .openHelp, .toggleCollapse, .cycleArch, .scroll(5)]
        for _ in 0..<3000 {
            if Bool.random(using: &rng) {
                s = Explorer.update(s, .resize(ScreenSize(width: Int.random(in: 1...400, using: &rng), height: Int.random(in: 1...200, using: &rng))), context).state
            } else {
                s = Explorer.update(s, actions.randomElement(using: &rng)!, context).state
            }
            let frame = ExplorerView.frame(s, context)
            XCTAssertEqual(frame.width * frame.height, frame.cells.count)
            XCTAssertGreaterThanOrEqual(s.top, 0)
            XCTAssertGreaterThanOrEqual(s.left, 0)
        }
    }
}
