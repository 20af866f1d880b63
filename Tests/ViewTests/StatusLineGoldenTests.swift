import Foundation
import TierEngine
import TierView
import XCTest

/// The status line with a proposal, an architecture filter, a row filter and a modified policy on, at 80, 120
/// and 200 columns: nothing that changes what the matrix means is cut (Screens/status-line-*.txt hold the status
/// rows and the header row under them; `UPDATE_SCREENS=1` rewrites them).
final class StatusLineGoldenTests: XCTestCase {
    static let context: ExplorerContext = {
        let proposal = Fixture.catalog.proposal("x86-default-q35")!
        return ExplorerContext(evaluator: Evaluator(catalog: Fixture.catalog, proposal: proposal), today: Fixture.today)
    }()

    /// Window 3 years, lifecycle off, arch x86_64, rows with an Unsupported cell.
    static func state(width: Int) throws -> AppState {
        let start = Explorer.begin(AppState(date: Day("2020-03-10")!, policy: Fixture.catalog.policy("both")!,
                                            size: ScreenSize(width: width, height: 30)), context)
        return try Fixture.replay("--Laf", from: start, context: context)
    }

    func testStatusLineGoldens() throws {
        var drifted: [String] = []
        for width in [80, 120, 200] {
            let state = try Self.state(width: width)
            let frame = ExplorerView.frame(state, Self.context)
            let rows = Explorer.layout(state, Self.context).statusRows
            let text = frame.lines.prefix(rows + 1).joined(separator: "\n") + "\n"
            // Whatever the width, the meaning is all there.
            let status = frame.lines.prefix(rows).joined(separator: " ")
            for needed in ["2020-03-10", "policy both, window 3y, no lifecycle", "arch x86_64", "rows: with an Unsupported cell",
                           "proposal x86-default-q35", "catalog Catalog"] {
                XCTAssertTrue(status.contains(needed), "\(width) columns: '\(needed)' missing from\n\(text)")
            }
            XCTAssertFalse(status.contains("…"), "\(width) columns: cut\n\(text)")
            XCTAssertEqual(rows, width >= 200 ? 1 : 2, "\(width) columns\n\(text)")
            let url = ScreenGoldenTests.screens.appendingPathComponent("status-line-\(width).txt")
            if ScreenGoldenTests.updating {
                try text.write(to: url, atomically: true, encoding: .utf8)
            } else if (try? String(contentsOf: url, encoding: .utf8)) != text {
                drifted.append("\(url.lastPathComponent):\n\(text)")
            }
        }
        XCTAssertTrue(drifted.isEmpty, "status line goldens drifted (UPDATE_SCREENS=1 to rewrite):\n" + drifted.joined(separator: "\n"))
    }

    /// A policy back at its preset's values reads as the preset alone (the old `*` stayed forever).
    func testKnobsBackAtTheirDefaultReadAsThePreset() throws {
        let s = try Fixture.replay("-+LL", from: Fixture.state(size: "200x40"))
        XCTAssertTrue(ExplorerView.frame(s, Fixture.context()).lines[0].contains("policy both · "), ExplorerView.frame(s, Fixture.context()).lines[0])
        XCTAssertFalse(ExplorerView.frame(s, Fixture.context()).lines[0].contains("*"))
    }
}
