import Foundation
import XCTest

/// `guest-tiers timeline`: the ICS feed parses with a real iCalendar parser (Python's icalendar) and says what
/// the JSON says; UIDs stay put across runs and across catalog edits that do not touch the change.
final class TimelineCommandTests: XCTestCase {
    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["GUEST_TIERS_TODAY"] = "2026-11-26"
        return env
    }

    func run(_ arguments: [String]) throws -> String {
        let result = try BinaryRunner.run(["timeline"] + arguments, environment: environment)
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout
    }

    func changes(_ arguments: [String]) throws -> [[String: Any]] {
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try run(arguments + ["--format", "json"]).utf8)) as? [String: Any])
        return try XCTUnwrap(object["changes"] as? [[String: Any]])
    }

    /// The events as Python's icalendar reads them: uid, start, end, summary, description, categories.
    func parseICS(_ text: String) throws -> [[String: Any]] {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else { throw XCTSkip("python3 missing") }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gt-timeline-\(getpid()).ics")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = """
        import json, sys
        try:
            import icalendar
        except ImportError:
            print("NO-ICALENDAR"); sys.exit(0)
        cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
        assert cal.get('VERSION') == '2.0' and cal.get('PRODID')
        events = []
        for ev in cal.walk('VEVENT'):
            cats = ev.get('CATEGORIES')
            events.append({'uid': str(ev.get('UID')), 'start': ev.decoded('DTSTART').isoformat(),
                           'end': ev.decoded('DTEND').isoformat(), 'summary': str(ev.get('SUMMARY')),
                           'description': str(ev.get('DESCRIPTION')), 'stamp': ev.decoded('DTSTAMP').isoformat(),
                           'categories': [str(c) for c in cats.cats] if cats is not None else []})
        print(json.dumps(events))
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, file.path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, errors)
        if String(decoding: data, as: UTF8.self).hasPrefix("NO-ICALENDAR") { throw XCTSkip("python3-icalendar is not installed (.ci/run installs it)") }
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [[String: Any]], errors)
    }

    func testICSParsesAndMatchesTheJSON() throws {
        for arguments in [["--guest", "win10"], ["--guest", "rhel6", "--family", "pc", "--policy", "vendor"],
                          ["--guest", "debian12", "--machine", "q35", "--date", "2024-01-01"]] {
            let json = try changes(arguments)
            let ics = try run(arguments + ["--format", "ics"])
            XCTAssertTrue(ics.hasPrefix("BEGIN:VCALENDAR\r\n"), "CRLF line ends")
            for line in ics.components(separatedBy: "\r\n") { XCTAssertLessThanOrEqual(line.utf8.count, 75, line) }
            let events = try parseICS(ics)
            XCTAssertFalse(json.isEmpty, "\(arguments)")
            XCTAssertEqual(events.count, json.count, "one event per change: \(arguments)")
            XCTAssertEqual(Set(events.compactMap { $0["uid"] as? String }).count, events.count, "UIDs are unique")
            for (event, change) in zip(events, json) {
                XCTAssertEqual(event["uid"] as? String, change["uid"] as? String)
                XCTAssertEqual(event["start"] as? String, change["date"] as? String)
                let start = try XCTUnwrap(change["date"] as? String)
                XCTAssertNotEqual(event["end"] as? String, start, "an all-day event ends the next day")
                let description = try XCTUnwrap(event["description"] as? String)
                XCTAssertTrue(description.contains("Cause: \(change["text"] as! String)"), description)
                XCTAssertTrue(description.contains("Source: \(change["source"] as! String)"), description)
                XCTAssertEqual(event["categories"] as? [String], change["kinds"] as? [String])
                XCTAssertEqual(event["stamp"] as? String, "2026-11-26T00:00:00+00:00")
                let summary = try XCTUnwrap(event["summary"] as? String)
                XCTAssertTrue(summary.contains("\((change["before"] as! String).capitalized)"), summary)
            }
        }
    }

    func testUIDsAreStableAcrossRunsAndUnrelatedCatalogEdits() throws {
        let arguments = ["--guest", "win10", "--format", "json"]
        let first = try changes(arguments), second = try changes(arguments)
        XCTAssertEqual(first.map { $0["uid"] as? String }, second.map { $0["uid"] as? String })

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gt-timeline-catalog-\(getpid())")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.copyItem(at: BinaryRunner.repoRoot.appendingPathComponent("Catalog"), to: directory)
        defer { try? FileManager.default.removeItem(at: directory) }
        let microsoft = directory.appendingPathComponent("guests/microsoft.yaml")
        let original = try String(contentsOf: microsoft, encoding: .utf8)
        // An edit that does not touch win10: another guest's name.
        try original.replacingOccurrences(of: "name: Microsoft Windows 11", with: "name: Microsoft Windows Eleven")
            .write(to: microsoft, atomically: true, encoding: .utf8)
        let edited = try changes(["--catalog", directory.path] + arguments)
        XCTAssertEqual(edited.map { $0["uid"] as? String }, first.map { $0["uid"] as? String })
    }

    func testRangesAndErrors() throws {
        let all = try changes(["--guest", "rhel6", "--machine", "pc-i440fx-4.2", "--policy", "vendor"])
        let bounded = try changes(["--guest", "rhel6", "--machine", "pc-i440fx-4.2", "--policy", "vendor",
                                   "--date", "2020-03-10", "--from", "2020-03", "--to", "+1y"])
        XCTAssertEqual(bounded.map { $0["date"] as? String }, ["2020-12-01"])
        XCTAssertEqual(bounded.first?["kinds"] as? [String], ["vendor"])
        XCTAssertTrue(all.contains { $0["date"] as? String == "2020-12-01" })
        XCTAssertGreaterThan(all.count, bounded.count)
        let text = try run(["--guest", "rhel6", "--machine", "pc-i440fx-4.2", "--policy", "vendor", "--window", "3"])
        XCTAssertTrue(text.contains("2020-12-01  Recommended → Supported: vendor support for Red Hat Enterprise Linux 6 ends after 2020-11-30"), text)
        let markdown = try run(["--guest", "rhel6", "--machine", "pc-i440fx-4.2", "--policy", "vendor", "--format", "markdown"])
        XCTAssertTrue(markdown.contains("| 2020-12-01 | Recommended → Supported |"), markdown)

        for bad in [["--guest", "nope"], ["--guest", "rhel6", "--machine", "pc-q35-9.9"], ["--guest", "rhel6", "--family", "x"],
                    ["--guest", "rhel6", "--from", "2021", "--to", "2020"], ["--guest", "rhel6", "--to", "soon"],
                    ["--guest", "rhel6", "--machine", "q35", "--family", "q35"]] {
            let result = try BinaryRunner.run(["timeline"] + bad, environment: environment)
            XCTAssertNotEqual(result.status, 0, "\(bad)")
            XCTAssertFalse(result.stderr.isEmpty, "\(bad)")
            XCTAssertTrue(result.stdout.isEmpty, "\(bad)")
        }
    }
}
