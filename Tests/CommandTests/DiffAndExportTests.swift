import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

final class DiffCommandTests: XCTestCase {
    func testRhel6LeavesRecommendedWhenVendorSupportEnds() throws {
        let result = try BinaryRunner.run(["diff", "--from", "2020-03-10", "--to", "2021-03-10", "--policy", "vendor", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let changes = try XCTUnwrap(object["changes"] as? [[String: Any]])
        let rhel6 = changes.filter { $0["guest"] as? String == "rhel6" }
        XCTAssertFalse(rhel6.isEmpty)
        for change in rhel6 {
            XCTAssertEqual(change["before"] as? String, "recommended")
            XCTAssertEqual(change["after"] as? String, "supported")
            let added = try XCTUnwrap(change["reasons_added"] as? [[String: Any]])
            XCTAssertTrue(added.contains { $0["kind"] as? String == "vendor" && ($0["text"] as? String ?? "").contains("2020-11-30") })
        }
        // Both sides exist on both dates: no machine type that appears in between is counted.
        XCTAssertFalse(changes.contains { ($0["machine"] as? String ?? "").hasSuffix("-5.0") })

        let text = try BinaryRunner.run(["diff", "--from", "2020-03-10", "--to", "2021-03-10", "--policy", "vendor"])
        // rhel6 and centos6 share the vendor end: one group, each guest's source a footnote.
        XCTAssertTrue(text.stdout.contains("  rhel6 on pc-i440fx-{1.4–4.2}"), text.stdout)
        XCTAssertTrue(text.stdout.contains("+ vendor: vendor support ended 2020-11-30 (last supported day): at most Supported [1][2]"), text.stdout)
    }

    func testPseriesProposalOnlyHitsGuestsWithoutModernVirtioAndIommu() throws {
        let result = try BinaryRunner.run(["diff", "--date", "2020-06-01", "--policy", "vendor", "--proposal", "pseries-iommu-5.0", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let changes = try XCTUnwrap(object["changes"] as? [[String: Any]])
        let rhel6 = changes.first { $0["guest"] as? String == "rhel6" && $0["machine"] as? String == "pseries-5.0" }
        XCTAssertEqual(rhel6?["before"] as? String, "recommended")
        XCTAssertEqual(rhel6?["after"] as? String, "supported")
        XCTAssertFalse((rhel6?["settings"] as? [String] ?? []).isEmpty, "rhel6 needs settings")
        XCTAssertFalse(changes.contains { ["rhel7", "rhel8"].contains($0["guest"] as? String ?? "") })
        for guest in ["rhel7", "rhel8"] {
            let explain = try BinaryRunner.run(["explain", "--guest", guest, "--machine", "pseries-5.0", "--date", "2020-06-01",
                                                "--policy", "vendor", "--proposal", "pseries-iommu-5.0", "--format", "json"])
            XCTAssertTrue(explain.stdout.contains("\"tier\": \"recommended\""), guest)
        }
    }

    func testOptInVariantChangesNothingForGuestsThatDoNotOptIn() throws {
        let quiet = try BinaryRunner.run(["diff", "--date", "2020-06-01", "--policy", "vendor", "--proposal", "pseries-iommu-securevm", "--format", "json"])
        XCTAssertEqual(quiet.status, 0, quiet.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(quiet.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((object["changes"] as? [Any])?.count, 0)
        let optedIn = try BinaryRunner.run(["diff", "--date", "2020-06-01", "--policy", "vendor", "--proposal", "pseries-iommu-securevm",
                                            "--opt-in", "confidential-guest-support", "--format", "json"])
        XCTAssertTrue(optedIn.stdout.contains("\"guest\": \"rhel6\""))
    }

    /// RHEL 6 is capped at Supported by its age under "both", yet the proposal is what breaks it: the diff says so.
    func testProposalDiffShowsBaseTierChangesHiddenByCaps() throws {
        let result = try BinaryRunner.run(["diff", "--date", "2020-06-01", "--policy", "both", "--proposal", "pseries-iommu-5.0", "--format", "json"])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let changes = try XCTUnwrap(object["changes"] as? [[String: Any]])
        let rhel6 = try XCTUnwrap(changes.first { $0["guest"] as? String == "rhel6" })
        XCTAssertEqual(rhel6["before"] as? String, "supported")
        XCTAssertEqual(rhel6["after"] as? String, "supported")
        XCTAssertEqual(rhel6["base_before"] as? String, "recommended")
        XCTAssertEqual(rhel6["base_after"] as? String, "supported")
        XCTAssertEqual(rhel6["technical_only"] as? Bool, true)
        XCTAssertEqual(rhel6["causes_added"] as? [String], ["rule", "rule"])
        // Every diff format names the case, and the filters narrow to it.
        let base = ["diff", "--date", "2020-06-01", "--proposal", "pseries-iommu-5.0", "--guest", "rhel6", "--family", "pseries"]
        let text = try BinaryRunner.run(base + ["--width", "72"])
        XCTAssertTrue(text.stdout.contains("Supported  stays, technical tier  Recommended  →  Supported  1 cell"), text.stdout)
        XCTAssertTrue(text.stdout.contains("  rhel6 on pseries-5.0"), text.stdout)
        XCTAssertFalse(text.stdout.contains("freebsd"), text.stdout)
        let markdown = try BinaryRunner.run(base + ["--format", "markdown"])
        XCTAssertTrue(markdown.stdout.contains("Supported stays; technical tier Recommended → Supported (1)"), markdown.stdout)
        for format in ["text", "svg", "html", "ansi"] {
            let render = try BinaryRunner.run(["render", "--view", "diff", "--format", format] + base.dropFirst())
            XCTAssertEqual(render.status, 0, render.stderr)
            XCTAssertTrue(render.stdout.contains("rhel6"), format)
        }
    }

    func testAProposalWhoseTypesDoNotExistYetSaysSo() throws {
        let result = try BinaryRunner.run(["diff", "--date", "2020-03-10", "--proposal", "pseries-iommu-5.0", "--width", "200"])
        XCTAssertTrue(result.stdout.contains("none of the machine types the proposal changes exists on 2020-03-10"), result.stdout)
        XCTAssertTrue(result.stdout.contains("pseries-5.0, ships 2020-04-28"), result.stdout)
    }

    func testFamilyAliasesResolveToTheNewestTypeAtTheDate() throws {
        let result = try BinaryRunner.run(["explain", "--guest", "rhel8", "--machine", "q35", "--date", "2020-03-10"])
        XCTAssertTrue(result.stdout.hasPrefix("Red Hat Enterprise Linux 8 [rhel8] on pc-q35-4.2:"), result.stdout)
    }

    func testNothingToCompareIsAClearError() throws {
        let result = try BinaryRunner.run(["diff", "--date", "2020-06-01"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("nothing to compare"), result.stderr)
    }

    func testMarkdownIsATable() throws {
        let result = try BinaryRunner.run(["diff", "--from", "2020-03-10", "--to", "2021-03-10", "--policy", "vendor", "--format", "markdown"])
        XCTAssertTrue(result.stdout.contains("| change | guests on machine types | why |\n|---|---|---|\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("| Recommended → Supported (81) | rhel6 on pc-i440fx-{1.4–4.2}"), result.stdout)
        XCTAssertTrue(result.stdout.contains("\nSources:\n\n1. "), result.stdout)
    }
}

final class ExportTests: XCTestCase {
    let views: [[String]] = [
        ["--view", "matrix", "--width", "72"],
        ["--view", "screen", "--keys", "/rhel6<Enter>w<Enter>"],
        ["--view", "detail", "--guest", "rhel6", "--machine", "pc-q35-4.2"],
        ["--view", "diff", "--from", "2020-03-10", "--to", "2021-03-10", "--policy", "vendor"],
        ["--view", "help"],
    ]

    func testEveryViewRendersInEveryFormatByteStably() throws {
        for view in views {
            for format in ["text", "ansi", "svg", "html", "markdown"] {
                let args = ["render", "--date", "2020-03-10", "--format", format] + view
                let first = try BinaryRunner.run(args), second = try BinaryRunner.run(args)
                XCTAssertEqual(first.status, 0, "\(args): \(first.stderr)")
                XCTAssertFalse(first.stdout.isEmpty, "\(args)")
                XCTAssertEqual(first.stdout, second.stdout, "not byte-stable: \(args)")
                if format == "svg" || format == "html" {
                    XCTAssertFalse(first.stdout.contains("http://") && !first.stdout.contains("xmlns=\"http://www.w3.org/2000/svg\""), "external URL: \(args)")
                    XCTAssertFalse(first.stdout.contains("https://fonts"), "\(args)")
                }
            }
        }
    }

    /// The SVG is XML, and it has one <text> per styled span that is not blank.
    func testSVGParsesAndHasOneTextRunPerStyledSpan() throws {
        let result = try BinaryRunner.run(["render", "--view", "screen", "--size", "100x30", "--date", "2020-03-10", "--format", "svg"])
        let data = Data(result.stdout.utf8)
        final class Counter: NSObject, XMLParserDelegate {
            var texts = 0, rects = 0
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                if name == "text" { texts += 1 }
                if name == "rect" { rects += 1 }
            }
        }
        let parser = XMLParser(data: data)
        let counter = Counter()
        parser.delegate = counter
        XCTAssertTrue(parser.parse(), "SVG does not parse: \(String(describing: parser.parserError))")
        let text = try BinaryRunner.run(["render", "--view", "screen", "--size", "100x30", "--date", "2020-03-10", "--format", "ansi"])
        // Count non-blank spans in the ANSI output: one SGR sequence per span.
        var spans = 0
        for line in text.stdout.split(separator: "\n") {
            for piece in line.components(separatedBy: "\u{1B}[").dropFirst() {
                guard let m = piece.firstIndex(of: "m") else { continue }
                let content = piece[piece.index(after: m)...]
                if !content.trimmingCharacters(in: .whitespaces).isEmpty { spans += 1 }
            }
        }
        XCTAssertEqual(counter.texts, spans)
        XCTAssertGreaterThan(counter.rects, 10)
    }

    func testCollapsedMatrixIsOneBlock() throws {
        let result = try BinaryRunner.run(["render", "--collapse", "--date", "2020-03-10", "--width", "72"])
        XCTAssertEqual(result.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("rhel6 ") }.count, 1)
    }

    func testTextMatrixForMailFitsSeventyTwoColumns() throws {
        let result = try BinaryRunner.run(["render", "--view", "matrix", "--width", "72", "--date", "2020-03-10"])
        for line in result.stdout.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 72, String(line)) }
        XCTAssertTrue(result.stdout.contains("legend:"))
    }

    func testDetailJSONEqualsExplainJSON() throws {
        let render = try BinaryRunner.run(["render", "--view", "detail", "--guest", "win11", "--machine", "pc-q35-8.0", "--date", "2024-06-01", "--format", "json"])
        let explain = try BinaryRunner.run(["explain", "--guest", "win11", "--machine", "pc-q35-8.0", "--date", "2024-06-01", "--format", "json"])
        XCTAssertEqual(render.stdout, explain.stdout)
    }
}
