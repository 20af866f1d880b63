import Foundation
import XCTest

/// The imports through the built binary: `--osinfo [DIR]`, `--qemu BINARY`, `--expand`, `lint --osinfo --format`.
final class CommandLineImportTests: XCTestCase {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The binary sits beside the test bundle in the build products directory.
    static var binary: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("guest-tiers")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
            dir = dir.deletingLastPathComponent()
        }
        return Paths.repository.appendingPathComponent(".build/debug/guest-tiers").path
    }

    func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLineImportTests.binary)
        process.arguments = arguments + ["--catalog", Paths.bundledCatalog]
        process.standardInput = FileHandle.nullDevice
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    func requireRealOsinfo() throws {
        guard FileManager.default.fileExists(atPath: Paths.realOsinfo + "/os") else { throw XCTSkip("no \(Paths.realOsinfo)") }
    }

    func testBrokenFixtureFilesWarnOnceEachOnStderrAndTheRestLoads() throws {
        let result = try run(["lint", "--osinfo", Paths.fixtures])
        XCTAssertEqual(result.status, 0, result.stderr)
        let warnings = result.stderr.split(separator: "\n").filter { $0.hasPrefix("guest-tiers: warning: ") }
        XCTAssertEqual(warnings.count, 4, result.stderr)   // three broken files and the cycle-a ↔ cycle-b cycle
        XCTAssertEqual(warnings.filter { $0.contains("cycle") }.count, 1, result.stderr)
        XCTAssertTrue(warnings.contains { $0.hasPrefix("guest-tiers: warning: \(Paths.fixtures)/os/example.com/broken.xml: malformed XML at line ") }, result.stderr)
        XCTAssertTrue(result.stdout.contains("osinfo-db 20990101-fixture (\(Paths.fixtures)): 11 entries"), result.stdout)
    }

    func testLintOsinfoJSONListsConflictsWithBothSources() throws {
        try requireRealOsinfo()
        // A bare --osinfo followed by another option means the default directory.
        let result = try run(["lint", "--osinfo", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let osinfo = try XCTUnwrap(json["osinfo"] as? [String: Any])
        XCTAssertEqual(osinfo["directory"] as? String, "/usr/share/osinfo")
        let conflicts = try XCTUnwrap(json["conflicts"] as? [[String: Any]])
        let win7 = try XCTUnwrap(conflicts.first { $0["guest"] as? String == "win7" && $0["field"] as? String == "vendor_support_end" })
        let theirs = try XCTUnwrap(win7["osinfo"] as? [String: Any]), ours = try XCTUnwrap(win7["catalog"] as? [String: Any])
        XCTAssertEqual(theirs["value"] as? String, "2029-01-14")
        XCTAssertTrue((theirs["source"] as? String)?.hasSuffix("os/microsoft.com/win-7.xml") ?? false)
        XCTAssertNotNil(ours["source"] as? String)
        XCTAssertNotNil((win7["impact"] as? [String: Any])?["cell_days"] as? Int)
        // The text form says the same.
        let text = try run(["lint", "--osinfo"])
        XCTAssertTrue(text.stdout.contains("win7 vendor_support_end: catalog "), text.stdout)
    }

    func testExplainCitesTheOsinfoFileOfAnImportedGuest() throws {
        try requireRealOsinfo()
        let result = try run(["explain", "--osinfo", "--guest", "centos5", "--machine", "pc-q35-4.2", "--date", "2020-03-10"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("os/centos.org/centos-5"), result.stdout)
        XCTAssertTrue(result.stdout.contains("osinfo-db "), result.stdout)
    }

    func testExpandShowsPointReleases() throws {
        try requireRealOsinfo()
        let result = try run(["explain", "--osinfo", "--expand", "rhel6", "--guest", "rhel6.10", "--machine", "pc-i440fx-4.2",
                              "--date", "2020-03-10", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((json["guest"] as? [String: Any])?["released"] as? String, "2018-05-25")
        let withoutOsinfo = try run(["explain", "--expand", "rhel6", "--guest", "rhel6", "--machine", "pc-i440fx-4.2"])
        XCTAssertNotEqual(withoutOsinfo.status, 0)
        XCTAssertTrue(withoutOsinfo.stderr.contains("point releases come from --osinfo"), withoutOsinfo.stderr)
    }

    func testQemuErrorsAreClearAndExitOne() throws {
        let dir = try Paths.temporaryDirectory(self)
        let fake = dir + "/qemu-system-x86_64"
        try "#!/bin/sh\necho 'no machines for you' >&2\nexit 3\n".write(toFile: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake)
        let result = try run(["explain", "--qemu", fake, "--guest", "rhel8", "--machine", "pc-q35-4.2"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("guest-tiers: --qemu \(fake): '\(fake) -machine help' failed (exit status 3): no machines for you"), result.stderr)
        XCTAssertFalse(result.stderr.contains("Fatal error"))
    }

    func testRealQemuOffersItsMachineTypes() throws {
        guard FileManager.default.isExecutableFile(atPath: QemuImportTests.realQemu) else { throw XCTSkip("no qemu-system-x86_64") }
        let result = try run(["explain", "--qemu", QemuImportTests.realQemu, "--guest", "rhel8", "--machine", "microvm",
                              "--date", "2023-06-01", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("machine type(s) the catalog does not know"), result.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["tier"] as? String, "supported")
        XCTAssertEqual((json["machine"] as? [String: Any])?["family"] as? String, "other")
        let lint = try run(["lint", "--qemu", QemuImportTests.realQemu])
        XCTAssertEqual(lint.status, 0, lint.stderr)
        XCTAssertTrue(lint.stdout.contains("not in the catalog (shown under family 'other', defaults unknown): "), lint.stdout)
    }
}
