import Foundation
import XCTest

/// No command prints a pointer into the team's private `shared/` files, and `lint` names sources a stranger
/// could not open.
final class PublicSourcesCommandTests: XCTestCase {
    func testNoOutputOfAnyCommandPointsIntoShared() throws {
        let commands: [[String]] = [
            ["render", "--date", "2020-03-10"],
            ["render", "--format", "json", "--date", "2020-03-10"],
            ["render", "--format", "markdown", "--date", "2020-03-10", "--policy", "none"],
            ["render", "--view", "detail", "--guest", "rhel6", "--machine", "pc-q35-4.2", "--date", "2020-03-10", "--format", "json"],
            ["render", "--view", "detail", "--guest", "winxp", "--machine", "pc-q35-2.12", "--date", "2020-03-10", "--format", "markdown"],
            ["render", "--view", "help"],
            ["explain", "--guest", "rhel6", "--machine", "pc-q35-4.2", "--date", "2020-03-10"],
            ["explain", "--guest", "debian8", "--machine", "pseries-4.2", "--date", "2020-03-10", "--format", "json"],
            ["diff", "--from", "2020-03-10", "--to", "2021-03-10", "--policy", "vendor", "--format", "markdown"],
            ["diff", "--date", "2020-06-01", "--policy", "vendor", "--proposal", "pseries-iommu-5.0"],
            ["diff", "--date", "2020-06-01", "--policy", "vendor", "--proposal", "x86-default-q35", "--format", "json"],
            ["explain", "--osinfo", "--guest", "alpinelinux3.11", "--machine", "pc-i440fx-4.2", "--date", "2020-03-10"],
            ["explain", "--distro-info", "--guest", "ubuntu14.04", "--machine", "pc-q35-2.12", "--date", "2020-03-10"],
            ["lint"],
            ["lint", "--format", "json"],
            ["lint", "--osinfo", "--distro-info"],
            ["--help"], ["explain", "--help"], ["render", "--help"], ["diff", "--help"], ["lint", "--help"],
        ]
        for arguments in commands {
            let result = try BinaryRunner.run(arguments)
            XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
            XCTAssertGreaterThan(result.stdout.count, 0, "\(arguments)")
            for (stream, text) in [("stdout", result.stdout), ("stderr", result.stderr)] {
                XCTAssertFalse(text.contains("shared/") || text.contains("domain.md"), "\(arguments) \(stream) points into shared/")
            }
        }
    }

    func testLintWarnsOnASourceThatNamesNoPublicPlace() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("guest-tiers-sources-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.copyItem(at: BinaryRunner.repoRoot.appendingPathComponent("Catalog"), to: scratch)
        let rules = scratch.appendingPathComponent("rules.yaml")
        var lines = try String(contentsOf: rules, encoding: .utf8).components(separatedBy: "\n")
        let index = try XCTUnwrap(lines.firstIndex { $0.contains("source: ") })
        lines[index] = "    source: \"kernel 2.6.32 (shared/seed)\""
        try lines.joined(separator: "\n").write(to: rules, atomically: true, encoding: .utf8)

        let result = try BinaryRunner.run(["lint", "--catalog", scratch.path])
        XCTAssertEqual(result.status, 0, "warnings do not fail lint: \(result.stdout)\(result.stderr)")
        XCTAssertTrue(result.stdout.contains("\(rules.path):\(index + 1): warning: source points into 'shared/'"), result.stdout)
        XCTAssertTrue(result.stdout.contains("\(rules.path):\(index + 1): warning: source names no public place"), result.stdout)
        XCTAssertTrue(result.stdout.contains("; 2 source warnings"), result.stdout)
        let json = try BinaryRunner.run(["lint", "--catalog", scratch.path, "--format", "json"])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((object["warnings"] as? [Any])?.count, 2, json.stdout)
    }
}
