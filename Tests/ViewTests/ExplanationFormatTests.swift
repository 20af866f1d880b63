import Foundation
import TierEngine
import TierView
import XCTest

/// One explanation, every rendering: the text detail (explorer pane, `explain`, `render --view detail`), the
/// Markdown detail and the JSON carry the same reasons, remedies, next change with its cause and estimate flags.
final class ExplanationFormatTests: XCTestCase {
    /// Cells chosen to cover a rule, caps only, an estimated deletion, an unreleased guest, a deleted type.
    static let cells: [(String, String, String, String)] = [
        ("rhel6", "pc-q35-4.2", "2020-03-10", "both"),
        ("rhel6", "pc-i440fx-4.2", "2020-03-10", "age"),
        ("win10", "pc-i440fx-4.2", "2020-03-10", "vendor"),
        ("rhel6", "pc-i440fx-5.2", "2021-03-10", "vendor"),
        ("rhel8", "pc-q35-4.2", "2019-01-01", "both"),
        ("rhel6", "pc-i440fx-1.4", "2026-01-01", "both"),
        ("debian8", "pseries-5.0", "2020-06-01", "vendor"),
    ]

    /// The characters only: wrapping (which may break a long URL), indentation and Markdown markup do not count.
    static func words(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "<sub>", with: " ").replacingOccurrences(of: "</sub>", with: " ")
            .replacingOccurrences(of: "**", with: "")
            .filter { $0 != " " && $0 != "\n" && $0 != "│" }
    }

    func testTextMarkdownAndJSONCarryTheSameExplanation() throws {
        for (guest, machine, date, policyID) in Self.cells {
            let g = try XCTUnwrap(Fixture.evaluator.guestIndex(guest)), m = try XCTUnwrap(Fixture.evaluator.machineIndex(machine))
            let e = Fixture.evaluator.evaluate(guest: g, machine: m, date: Day(date)!, policy: Fixture.catalog.policy(policyID)!)
            let label = "\(guest) × \(machine) @\(date) \(policyID)"
            let text = Self.words(FrameExport.text(Views.detail(e, glyphs: .unicode, width: 72).frame()))
            // Markdown escapes HTML and table syntax (issue 14): compare the text it shows.
            let markdown = Self.words(Views.detailMarkdown(e).replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&amp;", with: "&")
                .replacingOccurrences(of: "\\|", with: "|").replacingOccurrences(of: "\\`", with: "`"))
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(EvaluationJSON.explain(e).serialized().utf8)) as? [String: Any])
            let reasons = try XCTUnwrap(json["reasons"] as? [[String: Any]])
            XCTAssertEqual(reasons.map { $0["text"] as? String }, e.reasons.map(\.text), label)
            XCTAssertEqual(reasons.map { $0["remedy"] as? String }, e.reasons.map(\.remedy), label)
            XCTAssertEqual(reasons.map { $0["estimated"] as? Bool }, e.reasons.map(\.estimated), label)
            for reason in e.reasons {
                for rendered in [text, markdown] {
                    XCTAssertTrue(rendered.contains(Self.words(reason.text)), "\(label): \(reason.text)")
                    // A word longer than the page (a long URL) is cut in the text; helper 12a wraps those.
                    if rendered == markdown || !reason.source.split(separator: " ").contains(where: { $0.count > 60 }) {
                        XCTAssertTrue(rendered.contains(Self.words(reason.source)), "\(label): \(reason.source)")
                    }
                    if let remedy = reason.remedy { XCTAssertTrue(rendered.contains(Self.words(remedy)), "\(label): \(remedy)") }
                }
            }
            let next = json["next_change"] as? [String: Any]
            if let change = e.nextChange, e.tier != .notApplicable {
                let line = Self.words(DetailText.changeText(change))
                XCTAssertTrue(text.contains(line), "\(label): text lacks \(line)")
                XCTAssertTrue(markdown.contains(line), "\(label): markdown lacks \(line)")
                XCTAssertEqual(next?["text"] as? String, change.text, label)
                XCTAssertEqual(next?["kind"] as? String, change.kind?.rawValue, label)
                XCTAssertEqual(next?["estimated"] as? Bool, change.estimated, label)
                XCTAssertEqual(next?["date"] as? String, change.day.description, label)
            }
            XCTAssertEqual(json["estimated"] as? Bool, e.hasEstimate, label)
            XCTAssertEqual(text.contains("(estimated)"), e.hasEstimate, label)
            XCTAssertEqual(markdown.contains("(estimated)"), e.hasEstimate, label)
            // The cutoff is shown only where the age cap applies, in every format.
            XCTAssertEqual(text.contains("cutoff"), e.policy.ageCap, label)
            XCTAssertEqual(markdown.contains("cutoff"), e.policy.ageCap, label)
            XCTAssertEqual(json["cutoff"] is String, e.policy.ageCap, label)
            XCTAssertTrue(markdown.contains(Self.words("vendor support ends")), label)
        }
    }
}
