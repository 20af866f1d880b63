import Foundation
import XCTest

/// Issue 14's defect table, the command-line rows: what a careless user or an attacker types, and what the
/// binary must do. Each test failed (crash, wrong exit, silent success, broken file) before its fix.
final class HostileCommandTests: XCTestCase {
    let date = "2020-03-10"

    func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gt-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    func kind(_ url: URL) -> mode_t? {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }

    // Row 1: -o replaced a device node, FIFO or symlink with a regular file, even --force must not.
    func testOutputRefusesAnythingButARegularFile() throws {
        let dir = try scratch()
        let fifo = dir.appendingPathComponent("fifo")
        XCTAssertEqual(mkfifo(fifo.path, 0o600), 0)
        let target = dir.appendingPathComponent("precious.txt")
        try "precious\n".write(to: target, atomically: false, encoding: .utf8)
        let link = dir.appendingPathComponent("link.txt")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        let subdir = dir.appendingPathComponent("subdir")
        try FileManager.default.createDirectory(at: subdir, withIntermediateDirectories: false)
        var cases: [(URL, String, mode_t)] = [(fifo, "a FIFO", S_IFIFO), (link, "a symbolic link", S_IFLNK), (subdir, "a directory", S_IFDIR)]
        // A character device, where we may make one (root): /dev/null's numbers.
        let device = dir.appendingPathComponent("null")
        if mknod(device.path, S_IFCHR | 0o666, dev_t((1 << 8) | 3)) == 0 { cases.append((device, "a device", S_IFCHR)) }
        for (url, what, before) in cases {
            let result = try BinaryRunner.run(["render", "--date", date, "-o", url.path, "--force"])
            XCTAssertEqual(result.status, 1, "\(what): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("is \(what); -o writes only regular files"), result.stderr)
            XCTAssertEqual(kind(url), before, "\(what) was replaced")
        }
        XCTAssertEqual(try String(contentsOf: target, encoding: .utf8), "precious\n", "the symlink's target is untouched")
        // A regular file with --force is still replaced.
        let replaced = try BinaryRunner.run(["render", "--date", date, "-o", target.path, "--force"])
        XCTAssertEqual(replaced.status, 0, replaced.stderr)
        XCTAssertTrue(try String(contentsOf: target, encoding: .utf8).contains("guest-tiers: 2020-03-10"))
    }

    // Row 2: any one-character output name crashed (exit 132); `-o -` is standard output.
    func testOneCharacterOutputNamesAndDash() throws {
        let dir = try scratch()
        for name in ["a", "é", "d"] {
            let command = name == "d" ? ["diff", "--from", "2020-03-10", "--to", "2021-03-10", "-o", name] : ["render", "--date", date, "-o", name]
            let result = try BinaryRunner.run(command, cwd: dir)
            XCTAssertEqual(result.status, 0, "-o \(name): \(result.stderr)")
            XCTAssertEqual(kind(dir.appendingPathComponent(name)), S_IFREG, "-o \(name) wrote no file")
        }
        let dash = try BinaryRunner.run(["render", "--date", date, "-o", "-"], cwd: dir)
        XCTAssertEqual(dash.status, 0, dash.stderr)
        XCTAssertTrue(dash.stdout.hasPrefix("guest-tiers: 2020-03-10"), dash.stdout)
        XCTAssertNil(kind(dir.appendingPathComponent("-")), "-o - wrote a file named '-'")
    }

    // Row 3: write errors on stdout crashed render (a try! in FileHandle.write); explain and lint exited 0.
    func testAFullStandardOutputIsAOneLineErrorAndExit1() throws {
        for command in [["render", "--date", date], ["explain", "--date", date, "--guest", "rhel6", "--machine", "pc-q35-4.2"], ["lint"]] {
            let result = try run(command, stdout: "/dev/full")
            XCTAssertEqual(result.status, 1, "\(command[0]) > /dev/full: \(result.stderr)")
            XCTAssertEqual(result.stderr, "guest-tiers: cannot write to standard output: No space left on device\n", command[0])
        }
    }

    // Row 3: with SIGPIPE ignored, a closed pipe is EPIPE: a quiet exit 1, no crash report (the JSON of every cell,
    // 200 KB, is more than a pipe holds).
    func testAClosedPipeIsAQuietExit() throws {
        let script = "trap '' PIPE; \(Self.shellQuote(BinaryRunner.binary.path)) render --date \(date) --format json --all | head -c1 >/dev/null; echo \"status=${PIPESTATUS[0]}\""
        let result = try run(["/bin/bash", "-c", script], raw: true)
        XCTAssertTrue(result.stdout.contains("status=1"), result.stdout + result.stderr)
        XCTAssertEqual(result.stderr, "", "no message and no crash report")
    }

    // Row 15: year 0 printed "cutoff": "00-5-01-01"; dates stay within years 1 to 9999.
    func testDatesStayInRange() throws {
        let zero = try BinaryRunner.run(["render", "--date", "0000-01-01", "--format", "json"])
        XCTAssertEqual(zero.status, 64, zero.stderr)
        XCTAssertTrue(zero.stderr.contains("The value '0000-01-01' is invalid for '--date <date>': expected YYYY-MM-DD"), zero.stderr)
        let first = try BinaryRunner.run(["render", "--date", "0001-06-01", "--format", "json"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("\"cutoff\": \"0001-01-01\""), String(first.stdout.prefix(400)))
        let screen = try BinaryRunner.run(["render", "--view", "screen", "--date", "0002-01-01", "--keys", "{{{{{", "--format", "text"])
        XCTAssertEqual(screen.status, 0, screen.stderr)
        XCTAssertTrue(screen.stdout.contains("0001-01-01"), String(screen.stdout.prefix(200)))
        let last = try BinaryRunner.run(["render", "--view", "screen", "--date", "9998-06-01", "--keys", "}}}}}", "--format", "text"])
        XCTAssertEqual(last.status, 0, last.stderr)
        XCTAssertTrue(last.stdout.contains("9999-12-31"), String(last.stdout.prefix(200)))
    }

    // Row 22: `--window -3` said "Missing value"; `--catalog ''` printed ":1:".
    func testMisleadingMessagesSayWhatIsWrong() throws {
        let window = try BinaryRunner.run(["render", "--date", date, "--window", "-3"])
        XCTAssertEqual(window.status, 64)
        XCTAssertTrue(window.stderr.contains("--window must be a whole number of years from 0 to 100"), window.stderr)
        let empty = try BinaryRunner.run(["lint", "--catalog", ""])
        XCTAssertEqual(empty.status, 1)
        XCTAssertTrue(empty.stdout.contains("(empty path):1: not a catalog directory: the catalog path is empty"), empty.stdout + empty.stderr)
    }

    /// Every error message that quotes what the user typed is sanitised (a terminal never gets a raw ESC).
    func testErrorMessagesQuotingHostileInputAreClean() throws {
        let hostile = "x\u{1B}[2J\u{9B}31m\u{202E}\u{061C}\u{E0041}"
        let commands = [
            ["explain", "--date", date, "--guest", hostile, "--machine", "pc-q35-4.2"],
            ["explain", "--date", date, "--guest", "rhel6", "--machine", hostile],
            ["render", "--date", date, "--proposal", hostile],
            ["render", "--date", date, "--arch", hostile],
            ["render", "--date", hostile],
            ["render", "--view", "screen", "--keys", "<\(hostile)>"],
            ["render", "--date", date, "--catalog", "/nonexistent/\(hostile)"],
            ["render", "--date", date, "-o", "/nonexistent/\(hostile)/out.txt"],
            ["lint", "--catalog", "/nonexistent/\(hostile)"],
        ]
        for command in commands {
            let result = try BinaryRunner.run(command)
            if command[1] != "--view" { XCTAssertNotEqual(result.status, 0, command.joined(separator: " ")) }
            for text in [result.stdout, result.stderr] {
                let bad = text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value)
                    || [0x202E, 0x061C, 0xE0041].contains($0.value) }
                XCTAssertEqual(bad.count, 0, "\(command): raw \(bad.map { String(format: "U+%04X", $0.value) }) in \(text)")
            }
        }
    }

    // MARK: helpers

    static func shellQuote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Runs the binary (or, `raw`, any program) with stdout sent to `stdout` (a path) or a pipe.
    func run(_ arguments: [String], stdout path: String? = nil, raw: Bool = false) throws -> BinaryRunner.Result {
        let process = Process()
        process.executableURL = raw ? URL(fileURLWithPath: arguments[0]) : BinaryRunner.binary
        process.arguments = raw ? Array(arguments.dropFirst()) : arguments
        let out = Pipe(), err = Pipe()
        if let path {
            process.standardOutput = FileHandle(forWritingAtPath: path)
        } else {
            process.standardOutput = out
        }
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = path == nil ? out.fileHandleForReading.readDataToEndOfFile() : Data()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return BinaryRunner.Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                                   stderr: String(decoding: errData, as: UTF8.self))
    }
}
