import XCTest

/// A name the catalog does not have is one kind of error for every command: one line on stderr,
/// `OPTION: unknown KIND 'NAME'; ` and what would be valid, nothing on stdout, exit 64.
final class LookupErrorTests: XCTestCase {
    /// (arguments, the line's start, a valid name it must offer)
    static let cases: [([String], String, String)] = [
        (["explain", "--guest", "rhel66", "--machine", "pc-q35-4.2"], "--guest: unknown guest 'rhel66'; did you mean", "rhel6"),
        (["explain", "--guest", "rhel6", "--machine", "pc-q35-4.3"], "--machine: unknown machine type 'pc-q35-4.3'; did you mean", "pc-q35-4.2"),
        (["explain", "--guest", "rhel6", "--machine", "pc", "--policy", "vendr"], "--policy: unknown policy preset 'vendr'; did you mean vendor?", "both, vendor, age, none"),
        (["explain", "--guest", "rhel6", "--machine", "pc", "--proposal", "x86-q35"], "--proposal: unknown proposal 'x86-q35';", "x86-default-q35"),
        (["render", "--guest", "win100"], "--guest: unknown guest 'win100'; did you mean", "win10"),
        (["render", "--machine", "pc-q35-4.3"], "--machine: unknown machine type 'pc-q35-4.3'; did you mean", "pc-q35-4.2"),
        (["render", "--family", "q53"], "--family: unknown machine-type family 'q53';", "q35"),
        (["render", "--arch", "x86"], "--arch: unknown architecture 'x86'; did you mean", "x86_64"),
        (["render", "--view", "detail", "--guest", "rhel66", "--machine", "pc"], "--guest: unknown guest 'rhel66'; did you mean", "rhel6"),
        (["render", "--view", "screen", "--policy", "nope"], "--policy: unknown policy preset 'nope';", "both, vendor, age, none"),
        (["render", "--expand", "rhel66"], "--expand: unknown guest 'rhel66'; did you mean", "rhel6"),
        (["diff", "--vs-policy", "agee"], "--vs-policy: unknown policy preset 'agee'; did you mean age?", "both, vendor, age, none"),
        (["diff", "--from", "2020-01-01", "--family", "pseris"], "--family: unknown machine-type family 'pseris';", "pseries"),
        (["diff", "--proposal", "nope"], "--proposal: unknown proposal 'nope';", "pseries-iommu-5.0"),
        (["timeline", "--guest", "rhel66"], "--guest: unknown guest 'rhel66'; did you mean", "rhel6"),
        (["timeline", "--guest", "rhel6", "--machine", "pc-q35-4.3"], "--machine: unknown machine type 'pc-q35-4.3'; did you mean", "pc-q35-4.2"),
        (["timeline", "--guest", "rhel6", "--family", "q53"], "--family: unknown machine-type family 'q53';", "q35"),
        (["explore", "--arch", "x86"], "--arch: unknown architecture 'x86'; did you mean", "x86_64"),
        (["verify", "--qemu", "/nonexistent", "--family", "q53"], "--family: unknown machine-type family 'q53';", "q35"),
        (["verify", "--qemu", "/nonexistent", "--machine", "pc-q53-4.2"], "--machine: unknown machine type 'pc-q53-4.2'; did you mean", "pc-q35-4.2"),
    ]

    func testEveryCommandReportsAnUnknownNameTheSameWay() throws {
        for (arguments, start, valid) in Self.cases {
            let result = try BinaryRunner.run(arguments, environment: ["GUEST_TIERS_TODAY": "2026-11-26"])
            let name = arguments.joined(separator: " ")
            XCTAssertEqual(result.status, 64, "\(name): \(result.stderr)")
            XCTAssertEqual(result.stdout, "", name)
            XCTAssertTrue(result.stderr.hasPrefix("guest-tiers: " + start), "\(name): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(valid), "\(name) should offer \(valid): \(result.stderr)")
            XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1, "\(name): one line, no usage: \(result.stderr)")
        }
    }

    /// Nothing close among many names: how many there are instead of nothing, and a hostile name is sanitised.
    func testAFarNameSaysHowManyThereAreAndIsSanitised() throws {
        let result = try BinaryRunner.run(["explain", "--guest", "zz\u{1B}[2Jzzzzzzzz", "--machine", "pc"])
        XCTAssertEqual(result.status, 64)
        XCTAssertFalse(result.stderr.contains("\u{1B}"), result.stderr)
        XCTAssertTrue(result.stderr.range(of: #"; none of the \d+ known guests is close\n$"#, options: .regularExpression) != nil, result.stderr)
    }
}

/// Dates, sizes, themes and formats are read into their types by the argument parser: a bad one is its error,
/// naming the option, the value and what is valid, exit 64; a value that parses is never parsed again.
final class ArgumentValueTests: XCTestCase {
    static let cases: [([String], [String])] = [
        (["render", "--date", "2020-13-01"], ["The value '2020-13-01' is invalid for '--date <date>': expected YYYY-MM-DD, YYYY-MM, YYYY, today"]),
        (["diff", "--to", "next week"], ["The value 'next week' is invalid for '--to <date>': expected YYYY-MM-DD"]),
        (["timeline", "--guest", "rhel6", "--from", "2020-02-30"], ["The value '2020-02-30' is invalid for '--from <date>': expected"]),
        (["render", "--view", "screen", "--size", "120x"], ["The value '120x' is invalid for '--size <size>'", "WxH (each 1 to 1000)"]),
        (["render", "--view", "screen", "--size", "1001x40"], ["The value '1001x40' is invalid for '--size <size>'"]),
        (["render", "--theme", "16"], ["The value '16' is invalid for '--theme <theme>'. Please provide one of '256', '8' or 'mono'."]),
        (["render", "--format", "pdf"], ["The value 'pdf' is invalid for '--format <format>'", "  - markdown\n", "  - csv\n"]),
        (["diff", "--format", "csv"], ["The value 'csv' is invalid for '--format <format>'. Please provide one of 'text', 'json' or 'markdown'."]),
        (["bench", "--date", "2026-01"], ["The value '2026-01' is invalid for '--date <date>': expected YYYY-MM-DD"]),
    ]

    func testABadValueIsTheParsersErrorNamingOptionValueAndWhatIsValid() throws {
        for (arguments, expected) in Self.cases {
            let result = try BinaryRunner.run(arguments)
            let name = arguments.joined(separator: " ")
            XCTAssertEqual(result.status, 64, "\(name): \(result.stderr)")
            XCTAssertEqual(result.stdout, "", name)
            for text in expected { XCTAssertTrue(result.stderr.contains(text), "\(name) should say \(text): \(result.stderr)") }
        }
    }

    /// A relative --to counts from --date; only past year 9999 is it an error, named as such.
    func testRelativeDatesCountFromTheDate() throws {
        let diff = try BinaryRunner.run(["diff", "--date", "2020-03-10", "--from=-1y", "--to", "+1y", "--format", "json"])
        XCTAssertEqual(diff.status, 0, diff.stderr)
        XCTAssertTrue(diff.stdout.contains("2019-03-10") && diff.stdout.contains("2021-03-10"), String(diff.stdout.prefix(300)))
        // A date that starts with '-' is still the option's value, as the help's "-2w" promises (it was "Missing value").
        let back = try BinaryRunner.run(["diff", "--date", "2020-03-10", "--from", "-1y", "--to", "-2w", "--format", "json"])
        XCTAssertEqual(back.status, 0, back.stderr)
        XCTAssertTrue(back.stdout.contains("2019-03-10") && back.stdout.contains("2020-02-25"), String(back.stdout.prefix(300)))
        for arguments in [["render", "--date", "-6m"], ["timeline", "--guest", "rhel8", "--machine", "pc-q35-9.2", "--from", "-2y", "--to", "-1y"]] {
            let result = try BinaryRunner.run(arguments, environment: ["GUEST_TIERS_TODAY": "2026-11-26"])
            XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
        }
        let late = try BinaryRunner.run(["diff", "--date", "9999-06-01", "--to", "+1y"])
        XCTAssertEqual(late.status, 64, late.stderr)
        XCTAssertTrue(late.stderr.contains("--to '+1y' counted from 9999-06-01 is not a date; dates go from 0001-01-01 to 9999-12-31"), late.stderr)
    }
}
