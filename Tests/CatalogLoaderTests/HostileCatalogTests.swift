import Foundation
import XCTest
@testable import CatalogLoader
import TierEngine

/// Issue 14's defect table, the catalog rows: each input that crashed, hung or misled before, now a clear
/// `file:line` problem, bounded in time and memory.
final class HostileCatalogTests: XCTestCase {
    /// Runs `body` and fails if it takes longer than `seconds` (the bound each row promises).
    func within<T>(_ seconds: Double, _ what: String, file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> T) rethrows -> T {
        let start = Date()
        let result = try body()
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertLessThan(elapsed, seconds, "\(what) took \(elapsed) s", file: file, line: line)
        return result
    }

    // Row 4: a huge version number overflowed `major + afterMajor` (Catalog.swift:135) and crashed even lint.
    func testHugeVersionNumberIsAProblemNotACrash() throws {
        let c = try ScratchCatalog()
        let line = try c.replace("qemu-releases.yaml", in: "\"2.1\", date", "\"2.1\"", with: "\"9223372036854775807.0\"")
        let problems = c.loadFailure()
        assertProblem(problems, in: c, "qemu-releases.yaml", line: line, contains: ["'9223372036854775807.0' is not a QEMU version"])
    }

    // Row 22: "1.-0" was read as 1.0.
    func testSignedVersionPartsAreRefused() throws {
        for bad in ["1.-0", "-1.0", "+1.0", "1.+0", "1. 0", "١.٠", "10000.0"] {
            XCTAssertNil(QemuVersion(bad), bad)
        }
        XCTAssertEqual(QemuVersion("9999.10"), QemuVersion(9999, 10))
        let c = try ScratchCatalog()
        let line = try c.replace("qemu-releases.yaml", in: "\"2.1\", date", "\"2.1\"", with: "\"1.-0\"")
        assertProblem(c.loadFailure(), in: c, "qemu-releases.yaml", line: line, contains: ["'1.-0' is not a QEMU version"])
    }

    // Row 5: 50,000 chained aliases overflowed the stack (exit 139).
    func testChainedAliasesAreBoundedByDepth() throws {
        var yaml = "guests:\n  - &a0 [x]\n"
        for i in 1..<50_000 { yaml += "  - &a\(i) [*a\(i - 1)]\n" }
        let c = try ScratchCatalog()
        try c.write("guests/chain.yaml", yaml)
        let problems = within(10, "50,000 chained aliases") { c.lint() }
        XCTAssertTrue(problems.contains { $0.file.hasSuffix("guests/chain.yaml") && $0.message.contains("nests deeper than 64 levels") },
                      problems.map(\.description).joined(separator: "\n"))
    }

    // Row 5 without aliases: plain brackets nested 100,000 deep.
    func testDeepBracketsAreBounded() throws {
        let c = try ScratchCatalog()
        try c.write("guests/deep.yaml", "guests: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n")
        let problems = within(10, "100,000 brackets") { c.lint() }
        // libyaml's scanner looks ahead through flow brackets and stops at its own nesting limit first.
        XCTAssertTrue(problems.contains { $0.file.hasSuffix("guests/deep.yaml") && $0.line == 1
                          && ($0.message.contains("nests deeper") || $0.message.contains("Maximum nesting level reached")) },
                      problems.map(\.description).joined(separator: "\n"))
    }

    // Row 6: "billion laughs" with aliases as mapping keys: ×10 time per level.
    func testBillionLaughsIsBoundedInTimeAndMemory() throws {
        var yaml = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            yaml += "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        yaml += "guests:\n  ? *l9\n  : x\n"
        XCTAssertLessThan(yaml.utf8.count, 1000)
        let c = try ScratchCatalog()
        try c.write("guests/laughs.yaml", yaml)
        let problems = within(5, "billion laughs") { c.lint() }
        XCTAssertTrue(problems.contains { $0.file.hasSuffix("guests/laughs.yaml") && $0.message.contains("more than 1000000 nodes") },
                      problems.map(\.description).joined(separator: "\n"))
    }

    /// Ordinary aliases within the budget still load (the limit is on expansion, not on the feature).
    func testASmallAliasIsStillYAML() throws {
        XCTAssertNil(YamlBudget.check("a: &x [1, 2]\nb: *x\nc: {k: *x}\n"))
        XCTAssertNotNil(YamlBudget.check(String(repeating: "- ", count: 70) + "x\n"), "70 nested block sequences")
        XCTAssertNil(YamlBudget.check(String(repeating: "- ", count: 60) + "x\n"), "60 nested block sequences")
    }

    // Row 16: a 10 MB value was echoed whole in a problem line.
    func testAHugeValueIsQuotedShort() throws {
        let c = try ScratchCatalog()
        let huge = String(repeating: "x", count: 3_000_000)
        let line = try c.replace("qemu-releases.yaml", in: "\"2.1\", date", "2016-06-10", with: huge)
        let problems = c.loadFailure()
        let problem = assertProblem(problems, in: c, "qemu-releases.yaml", line: line, contains: ["is not a date", "(3000000 characters)"])
        XCTAssertLessThan(problem?.description.count ?? .max, c.url("qemu-releases.yaml").path.count + 300, problem?.description ?? "")
    }

    // Row 16: 200,000 unknown keys gave 200,000 lines.
    func testProblemsPerFileAreCappedWithACount() throws {
        let c = try ScratchCatalog()
        var yaml = "guests:\n  - id: many\n"
        for i in 0..<200_000 { yaml += "    k\(i): v\n" }
        try c.write("guests/many.yaml", yaml)
        let problems = within(60, "200,000 unknown keys") { c.lint() }.filter { $0.file.hasSuffix("many.yaml") }
        XCTAssertEqual(problems.count, CatalogLimits.maxProblemsPerFile + 1, problems.suffix(3).map(\.description).joined(separator: "\n"))
        XCTAssertTrue(problems.last?.message.hasPrefix("… and ") == true && problems.last?.message.hasSuffix("more problems in this file") == true,
                      problems.last?.description ?? "")
    }

    // Row 16: a 200 MB guests file took 4 min 20 s and 4 GB; now refused by size, before it is parsed.
    func testAFileOverTheSizeLimitIsRefusedUnread() throws {
        let c = try ScratchCatalog()
        let target = c.url("guests/huge.yaml")
        FileManager.default.createFile(atPath: target.path, contents: Data("guests:\n".utf8))
        let handle = try FileHandle(forWritingTo: target)
        try handle.truncate(atOffset: 200 * 1_048_576)   // sparse: 200 MB of zero bytes, no disk used
        try handle.close()
        let problems = within(5, "a 200 MB file") { c.lint() }
        assertProblem(problems, in: c, "guests/huge.yaml", line: 1, contains: ["larger than 4 MiB"])
    }

    // Row 21: `policies: []` passed lint, and every command then failed.
    func testAnEmptyPolicyListIsAProblem() throws {
        let c = try ScratchCatalog()
        try c.write("policies.yaml", "policies: []\n")
        assertProblem(c.loadFailure(), in: c, "policies.yaml", line: 1, contains: ["policies: the list is empty"])
    }

    // Row 21: two families with one pattern gave 42 duplicate machine-type names, and lint said ok.
    func testTwoFamiliesWithOnePatternAreReported() throws {
        let c = try ScratchCatalog()
        let text = try String(contentsOf: c.url("machine-families.yaml"), encoding: .utf8)
        try c.write("machine-families.yaml", text + """

          - id: q35-again
            pattern: "pc-q35-{v}"
            arch: [x86_64]
            first_version: "2.0"
            source: "fixture duplicate"

        """)
        let line = try c.lineNumber("machine-families.yaml", "id: q35-again")
        assertProblem(c.loadFailure(), in: c, "machine-families.yaml", line: line,
                      contains: ["family 'q35-again': 2 machine-type names repeat family 'q35'", "pc-q35-2.0"])
    }

    // Row 22: a symlink loop was "missing catalog file", a directory "permission denied?".
    func testSymlinkLoopAndDirectoryAreNamedForWhatTheyAre() throws {
        let c = try ScratchCatalog()
        try c.remove("rules.yaml")
        try FileManager.default.createSymbolicLink(atPath: c.url("rules.yaml").path, withDestinationPath: c.url("rules.yaml").path)
        try c.remove("policies.yaml")
        try FileManager.default.createDirectory(at: c.url("policies.yaml"), withIntermediateDirectories: false)
        try c.remove("machine-families.yaml")
        try FileManager.default.createSymbolicLink(atPath: c.url("machine-families.yaml").path, withDestinationPath: "nowhere.yaml")
        let problems = c.loadFailure()
        assertProblem(problems, in: c, "rules.yaml", line: 1, contains: ["a symbolic link loop"])
        assertProblem(problems, in: c, "policies.yaml", line: 1, contains: ["a directory, not a file"])
        assertProblem(problems, in: c, "machine-families.yaml", line: 1, contains: ["a symbolic link to nowhere.yaml, which does not exist"])
        XCTAssertFalse(problems.contains { $0.message.contains("permission denied?") })
    }

    // Row 22: `--catalog ''` printed ":1:".
    func testAnEmptyCatalogPathSaysSo() {
        let problems = CatalogLoader.lint(directory: "")
        XCTAssertEqual(problems.map(\.description), ["(empty path):1: not a catalog directory: the catalog path is empty"])
    }

    /// A FIFO where a catalog file should be would block a read forever: it is refused, unread.
    func testAFIFOIsNotRead() throws {
        let c = try ScratchCatalog()
        try c.remove("rules.yaml")
        XCTAssertEqual(mkfifo(c.url("rules.yaml").path, 0o600), 0)
        let problems = within(5, "a FIFO") { c.lint() }
        assertProblem(problems, in: c, "rules.yaml", line: 1, contains: ["not a regular file"])
    }
}
