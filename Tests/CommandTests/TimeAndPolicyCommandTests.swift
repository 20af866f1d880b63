import Foundation
import XCTest

/// Policies are catalog data, knobs carry over in one way, dates may be relative, and today can be pinned.
final class TimeAndPolicyCommandTests: XCTestCase {
    func json(_ arguments: [String], environment: [String: String]? = nil) throws -> [String: Any] {
        let result = try BinaryRunner.run(arguments, environment: environment)
        XCTAssertEqual(result.status, 0, result.stderr)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    var pinned: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["GUEST_TIERS_TODAY"] = "2024-02-29"
        return env
    }

    /// The case: the age policy against itself with --age-from changed reported 772 changed cells.
    func testVsPolicyAgainstItselfCarriesAgeFromAndChangesNothing() throws {
        let object = try json(["diff", "--osinfo", "--date", "2024-01-01", "--policy", "age", "--vs-policy", "age",
                               "--age-from", "latest-point-release", "--format", "json"])
        XCTAssertEqual((object["changes"] as? [Any])?.count, 0)
    }

    /// `p` in the explorer and --vs-policy switch preset through the same function: the same knobs follow.
    func testPAndVsPolicyCarryTheSameKnobs() throws {
        let knobs = ["--window", "3", "--no-lifecycle", "--age-from", "latest-point-release"]
        let screen = try BinaryRunner.run(["render", "--view", "screen", "--size", "200x40", "--date", "2020-03-10",
                                           "--policy", "both", "--keys", "p"] + knobs)
        XCTAssertEqual(screen.status, 0, screen.stderr)
        XCTAssertTrue(screen.stdout.contains("policy vendor, window 3y, no lifecycle, age from latest point"), screen.stdout)
        let diff = try json(["diff", "--date", "2020-03-10", "--policy", "both", "--vs-policy", "vendor", "--format", "json"] + knobs)
        let to = try XCTUnwrap(diff["to"] as? [String: Any])
        XCTAssertEqual(to["policy"] as? String, "vendor")
        XCTAssertEqual(to["window_years"] as? Int, 3)
        XCTAssertEqual(to["lifecycle"] as? Bool, false)
    }

    /// A catalog that defines another preset: the CLI takes it; an unknown one lists the catalog's presets.
    func testPoliciesComeFromTheCatalog() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gt-policies-\(getpid())")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.copyItem(at: BinaryRunner.repoRoot.appendingPathComponent("Catalog"), to: directory)
        defer { try? FileManager.default.removeItem(at: directory) }
        let policies = directory.appendingPathComponent("policies.yaml")
        var text = try String(contentsOf: policies, encoding: .utf8)
        text += "  - {id: extended, vendor_cap: true, age_cap: false, window_years: 5, lifecycle: true, extended_counts: true, source: \"test preset\"}\n"
        try text.write(to: policies, atomically: true, encoding: .utf8)

        let object = try json(["explain", "--catalog", directory.path, "--guest", "rhel6", "--machine", "pc-i440fx-4.2",
                               "--date", "2021-03-10", "--policy", "extended", "--format", "json"])
        XCTAssertEqual(object["policy"] as? String, "extended")
        // RHEL 6's ELS counts under this preset, so the vendor cap has not fired yet.
        XCTAssertEqual(object["tier"] as? String, "recommended")
        let unknown = try BinaryRunner.run(["explain", "--guest", "rhel6", "--machine", "pc-q35-4.2", "--policy", "extended"])
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.stderr.contains("unknown policy preset 'extended'"), unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("/policies.yaml: both, vendor, age, none"), unknown.stderr)
        let vs = try BinaryRunner.run(["diff", "--vs-policy", "nope"])
        XCTAssertNotEqual(vs.status, 0)
        XCTAssertTrue(vs.stderr.contains("--vs-policy: unknown policy preset 'nope'"), vs.stderr)
    }

    func testRelativeDatesAndAPinnedToday() throws {
        let sixMonthsAgo = try json(["explain", "--guest", "rhel6", "--machine", "pc-q35-4.2", "--date", "today-6m", "--format", "json"],
                                    environment: pinned)
        XCTAssertEqual(sixMonthsAgo["date"] as? String, "2023-08-29")
        let today = try json(["explain", "--guest", "rhel6", "--machine", "pc-q35-4.2", "--format", "json"], environment: pinned)
        XCTAssertEqual(today["date"] as? String, "2024-02-29")
        let month = try json(["explain", "--guest", "rhel6", "--machine", "pc-q35-4.2", "--date", "2020-03", "--format", "json"])
        XCTAssertEqual(month["date"] as? String, "2020-03-01")
        // --to +1y counts from --date.
        let diff = try json(["diff", "--date", "2020-03-10", "--to", "+1y", "--policy", "vendor", "--format", "json"])
        XCTAssertEqual((diff["to"] as? [String: Any])?["date"] as? String, "2021-03-10")
        XCTAssertEqual((diff["from"] as? [String: Any])?["date"] as? String, "2020-03-10")

        var broken = pinned
        broken["GUEST_TIERS_TODAY"] = "2024-02-30"
        let bad = try BinaryRunner.run(["explain", "--guest", "rhel6", "--machine", "pc-q35-4.2"], environment: broken)
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("GUEST_TIERS_TODAY='2024-02-30' is not a valid date"), bad.stderr)
        let badDate = try BinaryRunner.run(["diff", "--from", "last week", "--to", "+1y"])
        XCTAssertNotEqual(badDate.status, 0)
        XCTAssertEqual(badDate.status, 64)
        XCTAssertTrue(badDate.stderr.contains("The value 'last week' is invalid for '--from <date>': expected YYYY-MM-DD, YYYY-MM, YYYY, today"), badDate.stderr)
    }

    /// `explore` takes the column options `render` takes (without a terminal it stops at the terminal check).
    func testExploreTakesAllAndCollapse() throws {
        let result = try BinaryRunner.run(["explore", "--all", "--collapse", "--date", "2020-03-10"])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("no terminal here"), result.stderr)
        XCTAssertFalse(result.stderr.contains("Did you mean"), result.stderr)
    }
}
