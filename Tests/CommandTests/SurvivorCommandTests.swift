import Foundation
import XCTest

/// Issue 14's mutation survivors on the command line, each killed by a literal expectation.
final class SurvivorCommandTests: XCTestCase {
    /// Survivor: `--vs-policy` forgot `--window` (the "to" side fell back to the preset's 5 years).
    func testVsPolicyKeepsTheWindow() throws {
        let result = try BinaryRunner.run(["diff", "--date", "2020-03-10", "--policy", "vendor", "--vs-policy", "age",
                                           "--window", "3", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let from = try XCTUnwrap(json["from"] as? [String: Any]), to = try XCTUnwrap(json["to"] as? [String: Any])
        XCTAssertEqual(from["window_years"] as? Int, 3)
        XCTAssertEqual(to["window_years"] as? Int, 3)
        XCTAssertEqual(to["policy"] as? String, "age")
    }

    /// Survivor: "determinism" rendered twice in one process. Two processes, byte for byte.
    func testTwoProcessesRenderTheSameBytes() throws {
        for arguments in [["render", "--view", "screen", "--format", "svg", "--keys", "/rhel6<Enter>w<Enter>"],
                          ["render", "--format", "html"], ["render", "--format", "json"], ["diff", "--from", "2020-03-10", "--to", "2022-03-10"]] {
            let first = try BinaryRunner.run(arguments + ["--date", "2020-03-10"])
            let second = try BinaryRunner.run(arguments + ["--date", "2020-03-10"])
            XCTAssertEqual(first.status, 0, first.stderr)
            XCTAssertFalse(first.stdout.isEmpty)
            XCTAssertEqual(first.stdout, second.stdout, arguments.joined(separator: " "))
        }
    }
}
