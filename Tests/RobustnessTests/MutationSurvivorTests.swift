import CatalogLoader
import Foundation
import TierEngine
import TierView
import XCTest

/// Issue 14's mutation run left survivors: deliberate bugs no test caught. Each is killed here by a test that
/// states the expected value literally (never computed by the code under test). The Frame.put, U+2060–206F and
/// CSV survivors are killed in PoisonedCatalogTests; `--vs-policy` forgetting `--window` in CommandTests.
final class MutationSurvivorTests: XCTestCase {
    static let catalog: Catalog = {
        do { return try CatalogLoader.load(directory: Corpus.repoRoot.appendingPathComponent("Catalog").path) } catch { fatalError("\(error)") }
    }()
    let context = ExplorerContext(evaluator: Evaluator(catalog: MutationSurvivorTests.catalog), today: Day("2026-11-26")!)

    func replay(_ keys: String, _ state: AppState) throws -> AppState {
        try KeyReplay.run(keys, from: state, context: context).state
    }

    /// Survivor: diff mode marked cells that appear or disappear (unreleased → a tier), unlike `diff`.
    func testDiffModeMarksOnlyChangesBetweenSupportTiers() throws {
        var start = AppState(date: Day("2019-03-10")!, policy: Self.catalog.policy("both")!, size: ScreenSize(width: 200, height: 120))
        start.showHidden = true   // unreleased guests and unavailable types are drawn (· and ×)
        // Pin 2019-03-10, then four years later: guests released in between appear, types are deleted.
        let state = try replay("D}}}}", Explorer.begin(start, context))
        let text = ExplorerView.frame(state, context).lines.joined(separator: "\n")
        XCTAssertTrue(text.contains("R›S") || text.contains("S›U") || text.contains("R›U"), "no support-tier change marked at all:\n\(text)")
        for appearing in ["·›", "×›", "›·", "›×"] {
            XCTAssertFalse(text.contains(appearing), "diff mode marks a cell that appears or disappears (\(appearing))")
        }
    }

    /// Survivor: width tests measured with the same DisplayText.width they tested. These are literal.
    func testWidthsAreTheTerminalsColumns() {
        let cases: [(String, Int)] = [("a", 1), ("漢", 2), ("漢字", 4), ("e\u{301}", 1), ("🐧", 2), ("한", 2), ("ｱ", 1),
                                      ("Ａ", 2), ("\u{2764}\u{FE0F}", 2), ("", 0), ("x\u{0300}\u{0301}y", 2), ("…", 1)]
        for (text, columns) in cases { XCTAssertEqual(DisplayText.width(text), columns, "'\(text)'") }
        XCTAssertEqual(DisplayText.fit("漢字漢字漢字", columns: 7), "漢字漢…")
        XCTAssertEqual(DisplayText.fit("abcdefgh", columns: 5), "abcd…")
        XCTAssertEqual(DisplayText.pad("漢字漢字", columns: 5), "漢字…")
        XCTAssertEqual(DisplayText.pad("漢字漢字", columns: 6), "漢字… ", "漢字漢 would be 6 but is cut: the ellipsis, then a space")
        var frame = Frame(width: 6, height: 1)
        frame.put(0, 0, "漢字漢字", .text)
        XCTAssertEqual(frame.lines, ["漢字漢"], "three wide characters fill six columns")
        var odd = Frame(width: 5, height: 1)
        odd.put(0, 0, "漢字漢字", .text)
        XCTAssertEqual(odd.lines, ["漢字 "], "a wide character that would straddle the edge becomes a space")
    }

    /// Survivor: the help was checked against the table it is generated from. These keys and words are literal.
    func testKeysDoWhatTheHelpSays() {
        let s = Explorer.begin(AppState(date: Day("2020-03-10")!, policy: Self.catalog.policy("both")!, size: ScreenSize(width: 120, height: 40)), context)
        XCTAssertEqual(Keymap.action(for: .char("}"), in: s), .shiftDate(months: 12))
        XCTAssertEqual(Keymap.action(for: .char("{"), in: s), .shiftDate(months: -12))
        XCTAssertEqual(Keymap.action(for: .char("?"), in: s), .openHelp)
        XCTAssertEqual(Keymap.action(for: .char("D"), in: s), .pinReference)
        let help = ExplorerView.helpLines().map(\.0).joined(separator: "\n")
        for words in ["date one year later", "date one year earlier", "quit"] {
            XCTAssertTrue(help.contains(words), "the help lacks '\(words)'")
        }
        XCTAssertEqual(try replay("}", s).date, Day("2021-03-10"))
        XCTAssertEqual(try replay("{{", s).date, Day("2018-03-10"))
        XCTAssertTrue(try KeyReplay.run("q", from: s, context: context).quit)
    }
}
