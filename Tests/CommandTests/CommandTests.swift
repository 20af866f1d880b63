import Foundation
import TierView
import XCTest

final class ExplainCommandTests: XCTestCase {
    func testExplainJSONHasExactlyTheDocumentedShape() throws {
        let result = try BinaryRunner.run(["explain", "--guest", "rhel6", "--machine", "pc-q35-4.2", "--date", "2020-03-10", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        // The shape only gains fields: the original ones stay, the explanation model's are added.
        XCTAssertEqual(Set(object.keys), ["date", "policy", "window_years", "guest", "machine", "tier", "base_tier", "settings", "reasons", "next_change",
                                          "support_cause", "caps", "cutoff", "estimated"])
        let guest = try XCTUnwrap(object["guest"] as? [String: Any])
        XCTAssertEqual(Set(guest.keys), ["id", "name", "released", "vendor_support_end"])
        let machine = try XCTUnwrap(object["machine"] as? [String: Any])
        XCTAssertEqual(Set(machine.keys), ["name", "family", "arch", "released", "deprecated", "deleted"])
        let reasons = try XCTUnwrap(object["reasons"] as? [[String: Any]])
        XCTAssertFalse(reasons.isEmpty)
        for reason in reasons { XCTAssertEqual(Set(reason.keys), ["kind", "text", "source", "remedy", "estimated"]) }
        XCTAssertEqual(object["date"] as? String, "2020-03-10")
        XCTAssertEqual(object["policy"] as? String, "both")
        XCTAssertEqual(object["window_years"] as? Int, 5)
        XCTAssertEqual(object["tier"] as? String, "supported")
        XCTAssertEqual(object["base_tier"] as? String, "supported")
        XCTAssertEqual(machine["family"] as? String, "q35")
        XCTAssertEqual(machine["released"] as? String, "2019-12-12")
        let settings = try XCTUnwrap(object["settings"] as? [String])
        XCTAssertTrue(settings.contains { $0.contains("pcie-to-pci-bridge") }, "\(settings)")
        XCTAssertTrue(reasons.contains { $0["kind"] as? String == "rule" })
        if let next = object["next_change"] as? [String: Any] {
            XCTAssertEqual(Set(next.keys), ["date", "tier", "kind", "text", "source", "estimated", "before", "causes"])
        }
    }

    /// `explain` prints exactly what `render --view detail` prints: one explanation, wrapped the same way.
    func testExplainTextIsTheDetailView() throws {
        let cell = ["--guest", "win10", "--machine", "pc-i440fx-4.2", "--date", "2020-03-10", "--policy", "vendor"]
        let explain = try BinaryRunner.run(["explain"] + cell + ["--width", "72"])
        let render = try BinaryRunner.run(["render", "--view", "detail", "--width", "72"] + cell)
        XCTAssertEqual(explain.status, 0, explain.stderr)
        XCTAssertEqual(explain.stdout, render.stdout)
        XCTAssertTrue(explain.stdout.contains("next change: 2024-09-03 → Supported: QEMU 9.1 deprecates pc-i440fx-4.2"), explain.stdout)
    }

    func testExplainUnreleasedHasNullBaseTier() throws {
        let result = try BinaryRunner.run(["explain", "--guest", "rhel8", "--machine", "pc-q35-4.2", "--date", "2019-01-01", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["tier"] as? String, "unreleased")
        XCTAssertTrue(object["base_tier"] is NSNull)
        let next = try XCTUnwrap(object["next_change"] as? [String: Any])
        XCTAssertEqual(next["date"] as? String, "2019-05-07")
    }

    func testExplainTextIsTheDetailText() throws {
        let result = try BinaryRunner.run(["explain", "--guest", "rhel6", "--machine", "pc-i440fx-4.2", "--date", "2020-03-10", "--policy", "age"])
        XCTAssertEqual(result.status, 0, result.stderr)
        // Wrapped at 80 columns like `render --view detail`: compare the words.
        let words = result.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        XCTAssertTrue(words.hasPrefix("Red Hat Enterprise Linux 6 [rhel6] on pc-i440fx-4.2: Supported (base tier Recommended)"), result.stdout)
        XCTAssertTrue(words.contains("why Supported (sa): technically Recommended, only the age cap lowers it"), result.stdout)
        XCTAssertTrue(words.contains("a age: released 2010-11-10, before the cutoff 2015-03-10"), result.stdout)
    }

    func testUnknownGuestNamesTheClosestMatches() throws {
        let result = try BinaryRunner.run(["explain", "--guest", "rhel66", "--machine", "pc-q35-4.2"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("unknown guest 'rhel66'; did you mean"), result.stderr)
        XCTAssertTrue(result.stderr.contains("rhel6"), result.stderr)
        XCTAssertEqual(result.stdout, "")
    }

    func testUnknownMachineNamesTheClosestMatches() throws {
        let result = try BinaryRunner.run(["explain", "--guest", "rhel6", "--machine", "pc-q35-4.3"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("unknown machine type 'pc-q35-4.3'; did you mean"), result.stderr)
        XCTAssertTrue(result.stderr.contains("pc-q35-4.2"), result.stderr)
    }

    func testBadDateShowsTheExpectedForm() throws {
        for bad in ["2020-13-01", "10/03/2020", "2021-02-29"] {
            let result = try BinaryRunner.run(["explain", "--guest", "rhel6", "--machine", "pc-q35-4.2", "--date", bad])
            XCTAssertNotEqual(result.status, 0)
            XCTAssertTrue(result.stderr.contains("expected YYYY-MM-DD"), result.stderr)
            XCTAssertFalse(result.stderr.contains("Fatal error"), result.stderr)
        }
    }
}

final class RenderCommandTests: XCTestCase {
    func testTextMatrixFitsEightyColumnsAndHasALegend() throws {
        let result = try BinaryRunner.run(["render", "--format", "text", "--width", "80", "--date", "2020-03-10"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines { XCTAssertLessThanOrEqual(DisplayText.width(String(line)), 80, "too wide: \(line)") }
        XCTAssertTrue(result.stdout.contains("legend: R Recommended, U Unsupported, S! Supported as a rule fired"))
        XCTAssertTrue(lines.contains { $0.hasPrefix("rhel6 ") })
    }

    func testNarrowWidthsFitToo() throws {
        for width in [40, 72, 132] {
            let result = try BinaryRunner.run(["render", "--width", String(width), "--date", "2024-06-01"])
            XCTAssertEqual(result.status, 0, result.stderr)
            for line in result.stdout.split(separator: "\n") {
                XCTAssertLessThanOrEqual(DisplayText.width(String(line)), width, "width \(width): \(line)")
            }
        }
    }

    func testJSONAndCSVHaveOneRecordPerCell() throws {
        let json = try BinaryRunner.run(["render", "--format", "json", "--date", "2020-03-10"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let cells = try XCTUnwrap(object["cells"] as? [[String: Any]])
        let csv = try BinaryRunner.run(["render", "--format", "csv", "--date", "2020-03-10"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let rows = csv.stdout.split(separator: "\n")
        // The old columns first; the cause columns are added at the end.
        XCTAssertEqual(rows.first, "date,policy,window_years,guest,guest_name,machine,family,tier,base_tier,support_cause,causes")
        XCTAssertEqual(rows.count - 1, cells.count)
        let rhel6q35 = cells.first { $0["guest"] as? String == "rhel6" && $0["machine"] as? String == "pc-q35-4.2" }
        XCTAssertEqual(rhel6q35?["tier"] as? String, "supported")
        XCTAssertTrue(rows.contains { $0.hasPrefix("2020-03-10,both,5,rhel6,") && $0.contains(",pc-q35-4.2,q35,supported,supported,rule,rule;age") })
        XCTAssertTrue(rows.contains { $0.hasPrefix("2020-03-10,both,5,rhel6,") && $0.contains(",pc-i440fx-4.2,i440fx,supported,recommended,caps,age") })
        XCTAssertEqual(rhel6q35?["support_cause"] as? String, "rule")
        XCTAssertEqual(rhel6q35?["causes"] as? [String], ["rule", "age"])
        XCTAssertFalse((rhel6q35?["reasons"] as? [[String: Any]] ?? []).isEmpty)
    }

    func testOutputFileIsNeverOverwrittenWithoutForce() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gt-render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("matrix.txt")
        try "precious\n".write(to: file, atomically: true, encoding: .utf8)
        let refused = try BinaryRunner.run(["render", "-o", file.path])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("exists"), refused.stderr)
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), "precious\n")
        let forced = try BinaryRunner.run(["render", "-o", file.path, "--force", "--date", "2020-03-10"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertTrue(try String(contentsOf: file, encoding: .utf8).hasPrefix("guest-tiers: 2020-03-10"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".guest-tiers-") }
        XCTAssertEqual(leftovers, [])
    }

    func testBundledCatalogIsFoundFromAnotherDirectory() throws {
        let result = try BinaryRunner.run(["lint"], cwd: FileManager.default.temporaryDirectory)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains(": ok — "), result.stdout)
    }

    func testBrokenCatalogExitsOneWithFileAndLineAndNoPartialOutput() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gt-broken-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: BinaryRunner.repoRoot.appendingPathComponent("Catalog"), to: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        let policies = dir.appendingPathComponent("policies.yaml")
        var text = try String(contentsOf: policies, encoding: .utf8)
        text = text.replacingOccurrences(of: "window_years: 5, lifecycle: true, extended_counts: false, source: \"technical", with: "window_years: five, lifecycle: true, extended_counts: false, source: \"technical")
        try text.write(to: policies, atomically: true, encoding: .utf8)
        let render = try BinaryRunner.run(["render", "--catalog", dir.path])
        XCTAssertEqual(render.status, 1)
        XCTAssertEqual(render.stdout, "")
        XCTAssertTrue(render.stderr.contains("policies.yaml:"), render.stderr)
        XCTAssertTrue(render.stderr.contains("window_years"), render.stderr)
        XCTAssertFalse(render.stderr.contains("Fatal error"))
        let lint = try BinaryRunner.run(["lint", "--catalog", dir.path])
        XCTAssertEqual(lint.status, 1)
        XCTAssertTrue(lint.stdout.contains("policies.yaml:"), lint.stdout)
    }

    func testScreenViewReplaysKeys() throws {
        let before = try BinaryRunner.run(["render", "--view", "screen", "--size", "100x30", "--date", "2020-03-10"])
        let after = try BinaryRunner.run(["render", "--view", "screen", "--size", "100x30", "--date", "2020-03-10", "--keys", "}"])
        XCTAssertEqual(before.status, 0, before.stderr)
        XCTAssertTrue(before.stdout.contains(" 2020-03-10 "))
        XCTAssertTrue(after.stdout.contains(" 2021-03-10 "))
        XCTAssertEqual(before.stdout.split(separator: "\n", omittingEmptySubsequences: false).count, 31)
    }
}
