import Foundation
import XCTest

/// Saving never loses a file: a full disk or a read-only directory gives a clear error, exit 1, and the
/// existing file untouched. The directories are small tmpfs mounts (root only; skipped elsewhere).
final class SavingTests: XCTestCase {
    var mountPoint: URL!

    override func setUpWithError() throws {
        mountPoint = FileManager.default.temporaryDirectory.appendingPathComponent("gt-tinyfs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
        guard run("/bin/mount", ["-t", "tmpfs", "-o", "size=16k", "tmpfs", mountPoint.path]) == 0 else {
            try? FileManager.default.removeItem(at: mountPoint)
            throw XCTSkip("cannot mount a tmpfs here (needs root)")
        }
    }

    override func tearDown() {
        _ = run("/bin/umount", [mountPoint.path])
        try? FileManager.default.removeItem(at: mountPoint)
    }

    @discardableResult
    func run(_ tool: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    func testFullDiskKeepsTheExistingFile() throws {
        let target = mountPoint.appendingPathComponent("matrix.csv")
        try "precious\n".write(to: target, atomically: false, encoding: .utf8)
        // Fill the rest of the disk.
        let filler = mountPoint.appendingPathComponent("filler")
        FileManager.default.createFile(atPath: filler.path, contents: nil)
        let handle = try FileHandle(forWritingTo: filler)
        while (try? handle.write(contentsOf: Data(count: 1024))) != nil {}
        try? handle.close()
        let result = try BinaryRunner.run(["render", "--format", "csv", "--date", "2020-03-10", "-o", target.path, "--force"])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("cannot write") && result.stderr.contains("matrix.csv"), result.stderr)
        XCTAssertEqual(try String(contentsOf: target, encoding: .utf8), "precious\n")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: mountPoint.path).filter { $0.hasPrefix(".guest-tiers-") }
        XCTAssertEqual(leftovers, [], "no half-written temporary file is left behind")
    }

    func testReadOnlyDirectoryKeepsTheExistingFile() throws {
        let target = mountPoint.appendingPathComponent("screen.svg")
        try "precious\n".write(to: target, atomically: false, encoding: .utf8)
        guard run("/bin/mount", ["-o", "remount,ro", mountPoint.path]) == 0 else { throw XCTSkip("cannot remount read-only") }
        let result = try BinaryRunner.run(["render", "--view", "screen", "--format", "svg", "-o", target.path, "--force"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("cannot write"), result.stderr)
        XCTAssertTrue(result.stderr.localizedCaseInsensitiveContains("read-only"), result.stderr)
        XCTAssertEqual(try String(contentsOf: target, encoding: .utf8), "precious\n")
    }

    func testUnreadableCatalogFileIsAClearError() throws {
        let catalog = FileManager.default.temporaryDirectory.appendingPathComponent("gt-cat-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: BinaryRunner.repoRoot.appendingPathComponent("Catalog"), to: catalog)
        defer { try? FileManager.default.removeItem(at: catalog) }
        // Root reads any file, so "unreadable" is a directory where the file should be.
        try FileManager.default.removeItem(at: catalog.appendingPathComponent("rules.yaml"))
        try FileManager.default.createDirectory(at: catalog.appendingPathComponent("rules.yaml"), withIntermediateDirectories: false)
        let result = try BinaryRunner.run(["lint", "--catalog", catalog.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("rules.yaml:1: cannot be read"), result.stdout)
    }
}
