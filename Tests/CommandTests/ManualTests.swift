import Foundation
import XCTest

/// Sources/Manual/pages are swift-argument-parser's own pages for this parser (`make man`) plus Sources/Manual/guest-tiers.mdoc.
/// They are committed (an install from a tarball needs no plugin build), so these tests keep them from drifting.
final class ManualTests: XCTestCase {
    let pages = BinaryRunner.repoRoot.appendingPathComponent("Sources/Manual/pages")

    func testPagesWereGeneratedFromTheCurrentHelp() throws {
        let dump = try BinaryRunner.run(["--experimental-dump-help"])
        XCTAssertEqual(dump.status, 0, dump.stderr)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("guest-tiers-dump-\(UUID().uuidString).json")
        try Data(dump.stdout.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let sum = try Shell.run("sha256sum", [file.path], cwd: pages)
        let current = String(sum.stdout.prefix(64))

        let page = try String(contentsOf: pages.appendingPathComponent("guest-tiers.1"), encoding: .utf8)
        let recorded = page.split(separator: "\n").first { $0.hasPrefix(".\\\" help-sha256: ") }.map { String($0.suffix(64)) }
        XCTAssertEqual(recorded, current, "the argument parser's help changed since Sources/Manual/pages was made: run `make man` and commit Sources/Manual/pages")
    }

    func testOnePagePerCommandAndTheHandWrittenPartInTheMainPage() throws {
        let dump = try BinaryRunner.run(["--experimental-dump-help"])
        let info = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        let command = try XCTUnwrap(info["command"] as? [String: Any])
        let subcommands = (command["subcommands"] as? [[String: Any]] ?? []).compactMap { $0["commandName"] as? String }
        XCTAssertTrue(subcommands.contains("explain"), "\(subcommands)")
        let expected = Set(["guest-tiers.1"] + subcommands.map { "guest-tiers.\($0).1" })
        let present = Set(try FileManager.default.contentsOfDirectory(atPath: pages.path))
        XCTAssertEqual(present, expected, "run `make man` and commit Sources/Manual/pages")

        let page = try String(contentsOf: pages.appendingPathComponent("guest-tiers.1"), encoding: .utf8)
        let handWritten = try String(contentsOf: BinaryRunner.repoRoot.appendingPathComponent("Sources/Manual/guest-tiers.mdoc"), encoding: .utf8)
        XCTAssertTrue(page.contains(handWritten), "Sources/Manual/guest-tiers.mdoc changed since Sources/Manual/pages was made: run `make man`")
        // The generated bare "exits 0 on success" gives way to the hand-written exit codes.
        XCTAssertFalse(page.contains(".Ex -std"))
        XCTAssertEqual(page.split(separator: "\n").filter { $0.hasPrefix(".Sh") && $0.contains("EXIT STATUS") }.count, 1)
    }
}
