import CatalogLoader
import Foundation
import QemuImport
import SafeProcess
import TierEngine
import XCTest

/// Fake binaries (shell scripts) for every way a `--qemu` binary can misbehave, run through `SafeRunner` and
/// through `QemuImport.probe`, which uses it. Rows of issue 14 ("Unbreakable") named where they are fixed.
final class RunnerTests: XCTestCase {
    func bundled() throws -> Catalog { try CatalogLoader.load(directory: ProbePaths.bundledCatalog) }

    func probeError(_ binary: String, timeout: Double = QemuImport.defaultTimeout) throws -> String {
        do {
            _ = try QemuImport.probe(binary: binary, catalog: try bundled(), timeout: timeout)
            return "no error"
        } catch let error as QemuImportError {
            return error.message
        }
    }

    // Issue 14 #9: `exec yes` was buffered whole for 20 s (2.9-5.1 GB). Now the output bound stops it at once.
    func testEndlessOutputIsBoundedAndStopped() throws {
        let yes = try FakeBinary.write("exec yes", in: self)
        let start = Date()
        let message = try probeError(yes)
        XCTAssertLessThan(Date().timeIntervalSince(start), 5, "stopped at the output bound, not at the timeout")
        XCTAssertTrue(message.contains("printed more than 4096 KiB"), message)
        XCTAssertFalse(message.contains("\n"), "one line: \(message)")
    }

    // Issue 14 #9, the bound itself: exactly `maxOutput` bytes are kept, one more and the program is stopped (a
    // bound 64 times too large still stopped `yes` within the time above, holding 256 MiB).
    func testOutputBoundIsExact() throws {
        let limits = RunLimits(timeout: 5, grace: 0.2, maxOutput: 1000)
        let fits = try SafeRunner.run(try FakeBinary.write("head -c 1000 /dev/zero", in: self), [], limits: limits)
        XCTAssertEqual(fits.stdout.count, 1000)
        XCTAssertThrowsError(try SafeRunner.run(try FakeBinary.write("head -c 1001 /dev/zero", in: self), [], limits: limits)) { error in
            XCTAssertEqual(error as? RunFailure, .outputTooLarge(limit: 1000))
        }
        XCTAssertThrowsError(try SafeRunner.run(try FakeBinary.write("head -c 1001 /dev/zero >&2", in: self), [], limits: limits)) { error in
            XCTAssertEqual(error as? RunFailure, .outputTooLarge(limit: 1000), "stderr is bounded too")
        }
    }

    // Issue 14 #10: 100,000 names took 80 s (`names.contains` per name). Now linear.
    func testHundredThousandNamesAreReadInLinearTime() throws {
        let script = "echo 'Supported machines are:'; seq -f 'm%g  x' 1 100000; seq -f 'm%g  x' 1 1000"
        let binary = try FakeBinary.write(script, in: self)
        let start = Date()
        let offered = try QemuImport.probe(binary: binary, catalog: try bundled())
        XCTAssertEqual(offered.names.count, 100_000, "duplicates listed once")
        XCTAssertTrue(offered.offers("m99999"))
        XCTAssertLessThan(Date().timeIntervalSince(start), 8)
    }

    // Issue 14 #11: a binary that ignores SIGTERM gets SIGKILL after the grace, with its whole group.
    func testSigtermIgnoringBinaryIsKilledWithItsGroup() throws {
        let pids = try ProbePaths.temporaryFile(self, "pids")
        let binary = try FakeBinary.write("trap '' TERM; sleep 60 & echo $! > \(pids); echo $$ >> \(pids); while :; do sleep 1; done", in: self)
        let start = Date()
        XCTAssertThrowsError(try SafeRunner.run(binary, [], limits: RunLimits(timeout: 0.5, grace: 0.5))) { error in
            XCTAssertEqual(error as? RunFailure, .timedOut(seconds: 0.5, ignoredTerm: true))
            XCTAssertTrue("\(error)".contains("ignored SIGTERM and was killed"), "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 3)
        for pid in try FakeBinary.pids(pids) { XCTAssertFalse(FakeBinary.alive(pid), "process \(pid) survived") }
    }

    // Issue 14 #11: a child left holding stdout made the run wait for the timeout and was called a timeout.
    func testChildHoldingStdoutIsKilledAndNamed() throws {
        let pids = try ProbePaths.temporaryFile(self, "pids")
        let binary = try FakeBinary.write("sleep 60 & echo $! > \(pids); echo 'Supported machines are:'; echo 'pc-q35-7.2  x'; exit 0", in: self)
        let start = Date()
        let message = try probeError(binary)
        XCTAssertLessThan(Date().timeIntervalSince(start), 3, "not a wait for the timeout")
        XCTAssertTrue(message.contains("left a process running that held its output open (killed)"), message)
        for pid in try FakeBinary.pids(pids) { XCTAssertFalse(FakeBinary.alive(pid), "the left-behind sleep \(pid) survived") }
    }

    // Issue 14 #19: CRLF `-machine help` output was rejected ("\r\n" is one Character in Swift).
    func testCRLFMachineHelpIsAccepted() throws {
        let binary = try FakeBinary.write(#"""
            case "$1" in --version) printf 'QEMU emulator version 7.2.0\r\n' ;;
            *) printf 'Supported machines are:\r\npc-q35-7.2           Standard PC (Q35 + ICH9, 2009)\r\npc-i440fx-1.4        Standard PC (deprecated)\r\n' ;; esac
            """#, in: self)
        let offered = try QemuImport.probe(binary: binary, catalog: try bundled())
        XCTAssertEqual(offered.names, ["pc-q35-7.2", "pc-i440fx-1.4"])
        XCTAssertEqual(offered.deprecated, ["pc-i440fx-1.4"])
        XCTAssertEqual(offered.version, QemuVersion(7, 2))
        XCTAssertEqual(offered.versionText, "QEMU emulator version 7.2.0")
    }

    // Issue 14 #20: a `--version` that hangs cost a silent 20 s. Now a short limit, and a note saying so.
    func testHangingVersionCostsLittleAndIsNoted() throws {
        let binary = try FakeBinary.write(#"""
            case "$1" in --version) exec sleep 60 ;; *) echo 'Supported machines are:'; echo 'pc-q35-7.2  x' ;; esac
            """#, in: self)
        var notes: [String] = []
        let start = Date()
        let offered = try QemuImport.probe(binary: binary, catalog: try bundled(), note: { notes.append($0) })
        XCTAssertLessThan(Date().timeIntervalSince(start), QemuImport.versionTimeout + 1.5)
        XCTAssertNil(offered.version)
        XCTAssertEqual(notes.count, 1)
        XCTAssertTrue(notes.first?.contains("--version' did not finish within 2 s") ?? false, "\(notes)")
        XCTAssertTrue(notes.first?.contains("version is unknown") ?? false, "\(notes)")
    }

    // Issue 14 #20: small scripts sometimes took 2 s (an end of output missed). Every run ends at its EOF.
    func testSmallScriptsEndPromptly() throws {
        let binary = try FakeBinary.write("echo 'Supported machines are:'; echo 'pc-q35-7.2  x'", in: self)
        var times: [Double] = []
        for _ in 0..<30 {
            let outcome = try SafeRunner.run(binary, ["-machine", "help"])
            XCTAssertEqual(outcome.status, 0)
            XCTAssertTrue(outcome.stdoutText.hasPrefix("Supported machines are:"))
            // A missed end of file cost about 2 s; a loaded machine may take a few hundred ms to start sh.
            XCTAssertLessThan(outcome.seconds, 1.5, "a missed end of file")
            times.append(outcome.seconds)
        }
        XCTAssertLessThan(times.sorted()[times.count / 2], 0.5, "median \(times.sorted()[times.count / 2]) s")
    }

    func testNonQemuAndGarbageGiveOneLineErrors() throws {
        let notQemu = try FakeBinary.write("echo 'usage: frobnicate [-v]' >&2; exit 64", in: self)
        let message = try probeError(notQemu)
        XCTAssertTrue(message.contains("failed (exit status 64): usage: frobnicate [-v]"), message)
        let garbage = try FakeBinary.write("head -c 3000 /dev/urandom", in: self)
        let junk = try probeError(garbage)
        XCTAssertTrue(junk.contains("printed something unexpected"), junk)
        for text in [message, junk] {
            XCTAssertFalse(text.contains("\n"), text)
            XCTAssertFalse(text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f }, text)
        }
        XCTAssertThrowsError(try SafeRunner.run("/nonexistent/qemu", [])) { error in
            XCTAssertTrue("\(error)".contains("cannot be started: No such file or directory"), "\(error)")
        }
    }

    func testConversationAndExitStatus() throws {
        // A tiny "QMP": answers each line it reads, stops at "quit".
        let binary = try FakeBinary.write("while read line; do echo \"got $line\"; [ \"$line\" = quit ] && exit 7; done", in: self)
        var seen: [String] = []
        let outcome = try SafeRunner.run(binary, [], input: Data("hello\n".utf8)) { line in
            seen.append(String(line))
            return line == "got hello" ? Data("quit\n".utf8) : Data()
        }
        XCTAssertEqual(seen, ["got hello", "got quit"])
        XCTAssertEqual(outcome.status, 7)
        let killed = try FakeBinary.write("kill -9 $$", in: self)
        let result = try SafeRunner.run(killed, [])
        XCTAssertEqual(result.signal, 9)
        XCTAssertEqual(result.status, 137)
    }
}

enum FakeBinary {
    /// Writes an executable shell script named qemu-system-x86_64 in a fresh temporary directory.
    static func write(_ body: String, name: String = "qemu-system-x86_64", in test: XCTestCase) throws -> String {
        let path = (try ProbePaths.temporaryDirectory(test) as NSString).appendingPathComponent(name)
        try ("#!/bin/sh\n" + body + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    static func pids(_ file: String) throws -> [Int32] {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let pids = text.split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }
        XCTAssertFalse(pids.isEmpty, "the fake binary wrote no pid")
        return pids
    }

    /// Alive and not a zombie waiting for its (already dead) parent's reaper.
    static func alive(_ pid: Int32) -> Bool {
        // Give the kernel a moment to deliver a kill that is already under way.
        for _ in 0..<50 {
            guard kill(pid, 0) == 0 else { return false }
            if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
               let close = stat.lastIndex(of: ")"), stat[stat.index(close, offsetBy: 2)] == "Z" { return false }
            usleep(20_000)
        }
        return true
    }
}

enum ProbePaths {
    static var repoRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var bundledCatalog: String { repoRoot.appendingPathComponent("Catalog").path }

    static func temporaryDirectory(_ test: XCTestCase) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("guest-tiers-probe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir.path
    }

    static func temporaryFile(_ test: XCTestCase, _ name: String) throws -> String {
        (try temporaryDirectory(test) as NSString).appendingPathComponent(name)
    }
}
