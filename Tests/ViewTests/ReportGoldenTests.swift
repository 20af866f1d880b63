import Foundation
import TierEngine
import TierView
import XCTest

/// The reports a reviewer pastes: the matrix for a mail (72 columns) and as Markdown, the diff of the 2020 seed
/// mail's two questions (vendor end, pseries proposal) as text and Markdown, a cell's detail as Markdown and HTML,
/// and the help as Markdown. Compared with Screens/ like the screens; `UPDATE_SCREENS=1` rewrites them.
final class ReportGoldenTests: XCTestCase {
    static func context(proposal: String? = nil) -> ExplorerContext {
        let evaluator = proposal.map { Evaluator(catalog: Fixture.catalog, proposal: Fixture.catalog.proposal($0)) } ?? Fixture.evaluator
        return ExplorerContext(evaluator: evaluator, today: Fixture.today)
    }

    static func reports() throws -> [(String, String)] {
        let plain = context()
        let seedDay = Fixture.state(date: "2020-03-10")
        let vendor = Fixture.catalog.policy("vendor")!
        let rhel6 = Fixture.evaluator.guestIndex("rhel6")!
        let q35 = Fixture.evaluator.machineIndex("pc-q35-4.2")!
        let detail = Fixture.evaluator.evaluate(guest: rhel6, machine: q35, date: Day("2020-03-10")!, policy: Fixture.catalog.policy("both")!)
        let vendorEnd = DiffReport(from: DiffSide(evaluator: Fixture.evaluator, date: Day("2020-03-10")!, policy: vendor),
                                   to: DiffSide(evaluator: Fixture.evaluator, date: Day("2021-03-10")!, policy: vendor))
        let proposal = context(proposal: "pseries-iommu-5.0").evaluator
        let pseries = DiffReport(from: DiffSide(evaluator: proposal.withoutProposal(), date: Day("2020-06-01")!, policy: vendor),
                                 to: DiffSide(evaluator: proposal, date: Day("2020-06-01")!, policy: vendor))
        var collapsed = seedDay
        collapsed.collapsed = true
        return [
            ("matrix-2020-03-10-mail.txt", MatrixReport.text(seedDay, plain, width: 72)),
            ("matrix-2020-03-10-newest.md", MatrixReport.markdown(collapsed, plain)),
            ("diff-vendor-2020-2021.txt", vendorEnd.text(width: 72)),
            ("diff-vendor-2020-2021.md", vendorEnd.markdown()),
            ("diff-pseries-iommu-5.0.txt", pseries.text(width: 72)),
            ("diff-pseries-iommu-5.0.md", pseries.markdown()),
            ("detail-rhel6-q35.md", Views.detailMarkdown(detail)),
            ("detail-rhel6-q35.html", FrameExport.html(Views.detail(detail, glyphs: .unicode, width: 100).frame(), theme: Theme(.color256))),
            ("help.md", Views.helpMarkdown()),
        ]
    }

    func testReportsMatchTheGoldens() throws {
        var drifted: [String] = []
        for (name, actual) in try Self.reports() {
            let url = ScreenGoldenTests.screens.appendingPathComponent(name)
            if ScreenGoldenTests.updating {
                try actual.write(to: url, atomically: true, encoding: .utf8)
                continue
            }
            guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
                drifted.append("\(name): missing (run UPDATE_SCREENS=1 swift test --filter ReportGoldenTests)")
                continue
            }
            if expected != actual { drifted.append("\(name):\n" + GoldenDiff.describe(expected: expected, actual: actual)) }
        }
        XCTAssertTrue(drifted.isEmpty, "reports drifted from Screens/ — if intended, run Screens/regenerate and look at them:\n" + drifted.joined(separator: "\n"))
    }

    func testMailTextFitsSeventyTwoColumns() throws {
        for (name, text) in try Self.reports() where name.hasSuffix(".txt") {
            for line in text.split(separator: "\n") where !line.contains("http") {
                XCTAssertLessThanOrEqual(DisplayText.width(String(line)), 72, "\(name): \(line)")
            }
        }
    }

    /// The mail's sizes: the bundled matrix at 2020-03-10 in at most 80 lines (identical versions merged, all
    /// families side by side), the pseries proposal diff in at most 60.
    func testMailReportsAreShortEnoughToMail() throws {
        let reports = Dictionary(uniqueKeysWithValues: try Self.reports())
        let matrix = try XCTUnwrap(reports["matrix-2020-03-10-mail.txt"])
        XCTAssertLessThanOrEqual(matrix.split(separator: "\n", omittingEmptySubsequences: false).count - 1, 80, matrix)
        for family in ["pc-i440fx", "pc-q35", "pseries", "virt", "s390-ccw-virtio"] {
            XCTAssertTrue(matrix.contains(family), family)
        }
        let diff = try XCTUnwrap(reports["diff-pseries-iommu-5.0.txt"])
        XCTAssertLessThanOrEqual(diff.split(separator: "\n", omittingEmptySubsequences: false).count - 1, 60, diff)
        // The mail's own case is listed, and the groups are most severe first.
        XCTAssertTrue(diff.contains("rhel6") && diff.contains("on pseries-5.0"), diff)
        let tierChange = try XCTUnwrap(diff.range(of: " Recommended  →  Supported "))
        let technical = try XCTUnwrap(diff.range(of: " Supported  stays, technical tier "))
        XCTAssertLessThan(tierChange.lowerBound, technical.lowerBound)
        // Every source once: no footnote text repeats.
        var notes: [String] = []
        for line in diff.components(separatedBy: "sources:\n").last!.split(separator: "\n") {
            if line.hasPrefix("[") { notes.append(String(line.drop { $0 != " " })) } else if !notes.isEmpty { notes[notes.count - 1] += line }
        }
        XCTAssertGreaterThan(notes.count, 3)
        XCTAssertEqual(Set(notes).count, notes.count, "\(notes)")
        var every = Fixture.state(date: "2020-03-10")
        every.everyVersion = true
        XCTAssertGreaterThan(MatrixReport.text(every, Self.context(), width: 72).split(separator: "\n").count, 80,
                             "--every-version keeps every version")
    }
}
