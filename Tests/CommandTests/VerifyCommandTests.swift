import Foundation
import XCTest

/// `guest-tiers verify` against Debian's QEMU binaries (.ci/run installs qemu-system-x86, -ppc, -arm, -misc),
/// against a catalog copy with one wrong default per family, against fake binaries, and killed mid-probe.
final class VerifyCommandTests: XCTestCase {
    static let binaries = ["qemu-system-x86_64", "qemu-system-ppc64", "qemu-system-aarch64", "qemu-system-s390x"]

    func requireQemu(_ names: [String] = VerifyCommandTests.binaries) throws {
        for name in names where !FileManager.default.isExecutableFile(atPath: "/usr/bin/\(name)") {
            throw XCTSkip("no /usr/bin/\(name) (apt-get install qemu-system-x86 qemu-system-ppc qemu-system-arm qemu-system-misc)")
        }
    }

    /// Each binary confirms the bundled catalog: exit 0, counts printed, nothing contradicted or unprobed.
    func testBundledCatalogIsConfirmedByEachBinary() throws {
        try requireQemu()
        for binary in Self.binaries {
            let result = try BinaryRunner.run(["verify", "--qemu", binary])
            XCTAssertEqual(result.status, 0, "\(binary):\n\(result.stdout)\(result.stderr)")
            XCTAssertTrue(result.stdout.contains("contradicted 0"), result.stdout)
            let confirmed = try XCTUnwrap(result.stdout.firstMatch(of: /confirmed (\d+)/).flatMap { Int($0.1) }, result.stdout)
            XCTAssertGreaterThan(confirmed, 100, "\(binary): \(result.stdout)")
            XCTAssertTrue(result.stdout.contains("not checkable"), result.stdout)
        }
    }

    /// JSON gives every claim with its verdict, and the known facts the probe reads.
    func testJSONHasEveryClaim() throws {
        try requireQemu(["qemu-system-s390x"])
        let result = try BinaryRunner.run(["verify", "--qemu", "qemu-system-s390x", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let binary = try XCTUnwrap((object["binaries"] as? [[String: Any]])?.first)
        let claims = try XCTUnwrap(binary["claims"] as? [[String: Any]])
        XCTAssertEqual(claims.count, (binary["confirmed"] as! Int) + (binary["contradicted"] as! Int) + (binary["not_checkable"] as! Int))
        func claim(_ machine: String, _ property: String) -> [String: Any]? {
            claims.first { $0["machine"] as? String == machine && $0["property"] as? String == property }
        }
        // The fixed claim: s390-ccw-virtio-2.4 is legacy-only (max_revision 0), 2.5 transitional.
        XCTAssertEqual(claim("s390-ccw-virtio-2.4", "virtio")?["observed"] as? String, "legacy-only")
        XCTAssertEqual(claim("s390-ccw-virtio-2.4", "virtio")?["verdict"] as? String, "confirmed")
        XCTAssertEqual(claim("s390-ccw-virtio-2.5", "virtio")?["observed"] as? String, "transitional")
        XCTAssertTrue((claim("s390-ccw-virtio-7.2", "storage")?["location"] as? String)?.contains("machine-families.yaml:") ?? false)
    }

    /// A catalog copy with one wrong default per family: each is reported at its own file:line, exit 1.
    func testEachWrongDefaultIsReportedAtItsLine() throws {
        try requireQemu()
        let copy = try copyOfCatalog()
        let file = (copy as NSString).appendingPathComponent("machine-families.yaml")
        var text = try String(contentsOfFile: file, encoding: .utf8)
        // family → (the line's start as written, the wrong value swapped in)
        let mutations: [(family: String, original: String, wrong: String, machine: String)] = [
            ("i440fx", "{property: storage, value: ide,", "{property: storage, value: ahci,", "pc-i440fx-7.2"),
            ("q35", "{property: nic, value: e1000e, from: \"2.12\",", "{property: nic, value: e1000, from: \"2.12\",", "pc-q35-7.2"),
            ("pseries", "{property: firmware, value: slof,", "{property: firmware, value: bios,", "pseries-7.2"),
            ("virt", "{property: pcie_ports, value: \"yes\", source: \"QEMU hw/arm/virt.c", "{property: pcie_ports, value: \"no\", source: \"QEMU hw/arm/virt.c", "virt-7.2"),
            ("s390-ccw-virtio", "{property: virtio, value: legacy-only, through: \"2.4\",", "{property: virtio, value: transitional, through: \"2.4\",", "s390-ccw-virtio-2.4"),
        ]
        var expected: [String] = []
        for mutation in mutations {
            let lines = text.components(separatedBy: "\n")
            let index = try XCTUnwrap(lines.firstIndex { $0.contains(mutation.original) }, mutation.original)
            XCTAssertEqual(lines.filter { $0.contains(mutation.original) }.count, 1, "unique: \(mutation.original)")
            text = text.replacingOccurrences(of: mutation.original, with: mutation.wrong)
            expected.append("\(file):\(index + 1): \(mutation.machine):")
        }
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        var arguments = ["verify", "--catalog", copy]
        for binary in Self.binaries { arguments += ["--qemu", binary] }
        for mutation in mutations { arguments += ["--machine", mutation.machine] }
        let result = try BinaryRunner.run(arguments)
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        for line in expected {
            XCTAssertTrue(result.stdout.contains(line), "expected \(line) in:\n\(result.stdout)")
        }
        let reported = result.stdout.split(separator: "\n").filter { $0.hasPrefix(file + ":") }
        XCTAssertEqual(reported.count, mutations.count, "exactly the five wrong defaults:\n\(result.stdout)")
    }

    /// A binary that is not QEMU, or one that hangs in QMP: one-line errors, exit 2, within the timeout.
    func testUnprobeableBinariesExitTwo() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("verify-fake-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        func fake(_ name: String, _ body: String) throws -> String {
            let path = dir.appendingPathComponent(name).path
            try ("#!/bin/sh\n" + body + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
            return path
        }
        let notQemu = try fake("not-qemu", "echo hello")
        var result = try BinaryRunner.run(["verify", "--qemu", notQemu])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("printed something unexpected"), result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)

        // Lists a q35 type, then never answers QMP.
        let silent = try fake("qemu-system-x86_64", """
            case "$1" in
            -machine) echo 'Supported machines are:'; echo 'pc-q35-7.2  Standard PC' ;;
            --version) echo 'QEMU emulator version 7.2.0' ;;
            *) exec sleep 60 ;;
            esac
            """)
        let start = Date()
        result = try BinaryRunner.run(["verify", "--qemu", silent, "--timeout", "1"])
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("pc-q35-7.2: did not finish within 1 s (stopped)"), result.stdout)
        XCTAssertLessThan(Date().timeIntervalSince(start), 8)
    }

    /// verify killed with SIGKILL while QEMU processes are paused: none of them outlives it.
    func testNoQemuOutlivesAKilledVerify() throws {
        try requireQemu(["qemu-system-x86_64"])
        let process = Process()
        process.executableURL = BinaryRunner.binary
        process.arguments = ["verify", "--qemu", "qemu-system-x86_64", "--jobs", "2"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var children: Set<Int32> = []
        let deadline = Date().addingTimeInterval(20)
        // Wait until it has QEMU children (not just the -machine help run), then kill it.
        while Date() < deadline && process.isRunning {
            children.formUnion(ProcessTable.children(of: process.processIdentifier).filter { ProcessTable.commandLine($0).contains("-qmp") })
            if !children.isEmpty { break }
            usleep(5_000)
        }
        XCTAssertFalse(children.isEmpty, "verify started no QEMU within 20 s")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        for child in children {
            let gone = ProcessTable.gone(child)
            XCTAssertTrue(gone, "QEMU \(child) outlived the killed verify: \(ProcessTable.commandLine(child))")
            if !gone { kill(child, SIGKILL) }   // leave nothing behind even when the test fails
        }
    }

    func copyOfCatalog() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("verify-catalog-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: BinaryRunner.repoRoot.appendingPathComponent("Catalog"), to: dir)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir.path
    }
}

/// Reads /proc: a process's children and command line, and whether it is gone.
enum ProcessTable {
    static func children(of parent: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return false }
            return status.split(separator: "\n").contains { $0 == "PPid:\t\(parent)" }
        }
    }

    static func commandLine(_ pid: Int32) -> String {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return "" }
        return String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
    }

    /// Gone, or a zombie waiting to be reaped by init, within two seconds.
    static func gone(_ pid: Int32) -> Bool {
        for _ in 0..<100 {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
            if let close = stat.lastIndex(of: ")"), stat[stat.index(close, offsetBy: 2)] == "Z" { return true }
            usleep(20_000)
        }
        return false
    }
}

/// The acceptance check: with Debian's QEMU 7.2 today, explain and lint --qemu agree on pc-i440fx-4.2.
final class QemuAsBinaryCommandTests: XCTestCase {
    func testExplainAndLintAgreeOnAnOfferedType() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/qemu-system-x86_64") else {
            throw XCTSkip("no /usr/bin/qemu-system-x86_64 (apt-get install qemu-system-x86)")
        }
        let explain = try BinaryRunner.run(["explain", "--qemu", "qemu-system-x86_64", "--guest", "rhel8",
                                            "--machine", "pc-i440fx-4.2", "--policy", "vendor", "--date", "2026-12-01"])
        XCTAssertEqual(explain.status, 0, explain.stderr)
        XCTAssertTrue(explain.stdout.hasPrefix("Red Hat Enterprise Linux 8 [rhel8] on pc-i440fx-4.2: Recommended"), explain.stdout)
        let lint = try BinaryRunner.run(["lint", "--qemu", "qemu-system-x86_64"])
        XCTAssertEqual(lint.status, 0, lint.stderr)
        let deprecatedLine = try XCTUnwrap(lint.stdout.split(separator: "\n").first { $0.contains("only where it marks them:") })
        XCTAssertFalse(deprecatedLine.contains("pc-i440fx-4.2"), "lint agrees: not deprecated in this binary")
        XCTAssertTrue(deprecatedLine.contains("pc-i440fx-1.4"), String(deprecatedLine))
        XCTAssertTrue(lint.stdout.contains("in the catalog at this version but not offered: none"), lint.stdout)
        // A type the binary marks deprecated: Supported, and the reason names the binary.
        let old = try BinaryRunner.run(["explain", "--qemu", "qemu-system-x86_64", "--guest", "rhel8",
                                        "--machine", "pc-i440fx-1.4", "--policy", "vendor", "--date", "2026-12-01"])
        XCTAssertTrue(old.stdout.contains("Supported"), old.stdout)
        XCTAssertTrue(old.stdout.contains("pc-i440fx-1.4 is deprecated in qemu-system-x86_64 7.2.x"), old.stdout)
        // render and diff name the binary they evaluated as.
        let render = try BinaryRunner.run(["render", "--qemu", "qemu-system-x86_64", "--arch", "x86_64", "--date", "2026-12-01", "--width", "200"])
        XCTAssertTrue(render.stdout.contains("qemu: qemu-system-x86_64 7.2.x (as this binary"), render.stdout)
        XCTAssertFalse(render.stdout.contains("none "), "no column for the machine that runs no guest")
    }
}
