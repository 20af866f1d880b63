import CatalogLoader
import Foundation
import XCTest
@testable import QemuImport
import TierEngine

/// `--qemu BINARY`: Debian's qemu-system-x86_64 when present (.ci/run installs qemu-system-x86), and fake
/// binaries (shell scripts written to a temporary directory) for every error path.
final class QemuImportTests: XCTestCase {
    static let realQemu = "/usr/bin/qemu-system-x86_64"

    func bundled() throws -> Catalog { try CatalogLoader.load(directory: Paths.bundledCatalog) }

    /// Writes an executable shell script named `name` and returns its path.
    func fake(_ body: String, name: String = "qemu-system-x86_64") throws -> String {
        let dir = try Paths.temporaryDirectory(self)
        let path = (dir as NSString).appendingPathComponent(name)
        try ("#!/bin/sh\n" + body + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    static let sample = """
    Supported machines are:
    microvm              microvm (i386)
    pc                   Standard PC (i440FX + PIIX, 1996) (alias of pc-i440fx-7.2)
    pc-i440fx-7.2        Standard PC (i440FX + PIIX, 1996) (default)
    pc-i440fx-1.4        Standard PC (i440FX + PIIX, 1996) (deprecated)
    q35                  Standard PC (Q35 + ICH9, 2009) (alias of pc-q35-7.2)
    pc-q35-7.2           Standard PC (Q35 + ICH9, 2009)
    pc-q35-4.0.1         Standard PC (Q35 + ICH9, 2009)
    none                 empty machine

    """

    func testParsesMachineHelpWithAliasesDefaultAndDeprecated() throws {
        let lines = try QemuImport.parseMachineHelp(QemuImportTests.sample)
        XCTAssertEqual(lines.map(\.name), ["microvm", "pc", "pc-i440fx-7.2", "pc-i440fx-1.4", "q35", "pc-q35-7.2", "pc-q35-4.0.1", "none"])
        XCTAssertEqual(lines[1].aliasOf, "pc-i440fx-7.2")
        XCTAssertEqual(lines[1].description, "Standard PC (i440FX + PIIX, 1996)")
        XCTAssertTrue(lines[2].isDefault)
        XCTAssertTrue(lines[3].isDeprecated)
        XCTAssertEqual(lines[0].description, "microvm (i386)")
        XCTAssertEqual(lines[7].description, "empty machine")
        XCTAssertEqual(QemuImport.parseVersion("QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)"), QemuVersion(7, 2))
        XCTAssertEqual(QemuImport.parseVersion("QEMU emulator version 10.1.0"), QemuVersion(10, 1))
        XCTAssertNil(QemuImport.parseVersion("something else"))
    }

    func testUnexpectedOutputIsRejected() {
        XCTAssertThrowsError(try QemuImport.parseMachineHelp("")) { XCTAssertTrue("\($0)".contains("no output")) }
        XCTAssertThrowsError(try QemuImport.parseMachineHelp("Usage: qemu [options]\n")) {
            XCTAssertTrue("\($0)".contains("line 1 is 'Usage: qemu [options]'"), "\($0)")
        }
        XCTAssertThrowsError(try QemuImport.parseMachineHelp("Supported machines are:\n")) { XCTAssertTrue("\($0)".contains("no machine types")) }
        XCTAssertThrowsError(try QemuImport.parseMachineHelp("Supported machines are:\npc  ok\n  indented line\n")) {
            XCTAssertTrue("\($0)".contains("line 3"), "\($0)")
        }
        XCTAssertThrowsError(try QemuImport.parseMachineHelp("Supported machines are:\n<html>  x\n")) {
            XCTAssertTrue("\($0)".contains("not a machine type name"), "\($0)")
        }
    }

    func testFakeBinaryOffersAndUnknownNamesAreShownAsOther() throws {
        let binary = try fake("""
        case "$1" in
        --version) echo "QEMU emulator version 7.2.0"; exit 0;;
        esac
        cat <<'EOF'
        \(QemuImportTests.sample)EOF
        """)
        var catalog = try bundled()
        let offered = try QemuImport.probe(binary: binary, catalog: catalog)
        XCTAssertEqual(offered.names, ["microvm", "pc-i440fx-7.2", "pc-i440fx-1.4", "pc-q35-7.2", "pc-q35-4.0.1", "none"])
        XCTAssertEqual(offered.aliases, ["pc": "pc-i440fx-7.2", "q35": "pc-q35-7.2"])
        XCTAssertEqual(offered.defaultMachine, "pc-i440fx-7.2")
        XCTAssertEqual(offered.deprecated, ["pc-i440fx-1.4"])
        XCTAssertEqual(offered.version, QemuVersion(7, 2))
        XCTAssertEqual(offered.arch, ["x86_64", "i686"])
        let report = QemuImport.apply(offered, to: &catalog)
        XCTAssertEqual(report.unknown, ["microvm"])
        XCTAssertEqual(report.variants, ["pc-q35-4.0.1"])
        XCTAssertEqual(report.guestless, ["none"])
        XCTAssertEqual(report.deprecatedInBinary, ["pc-i440fx-1.4"])
        XCTAssertTrue(report.missing.contains("pc-q35-7.1"), "the catalog has pc-q35-7.1 at 7.2; the fake binary lacks it")

        let evaluator = Evaluator(catalog: catalog, offered: offered)
        let policy = catalog.policy("both")!
        let date = Day("2023-06-01")!
        let guest = try XCTUnwrap(evaluator.guestIndex("rhel8"))
        // Offered and known: evaluated as usual.
        let q35 = try XCTUnwrap(evaluator.machineIndex("pc-q35-7.2"))
        XCTAssertTrue(evaluator.tier(guest: guest, machine: q35, date: date, policy: policy).isSupportTier)
        // Aliases find their target.
        XCTAssertEqual(evaluator.machineIndex("q35"), q35)
        // Known but not offered: unavailable, the reason names the binary.
        let missing = try XCTUnwrap(evaluator.machineIndex("pc-q35-7.1"))
        let notOffered = evaluator.evaluate(guest: guest, machine: missing, date: date, policy: policy)
        XCTAssertEqual(notOffered.tier, .unavailable)
        XCTAssertEqual(notOffered.reasons.first?.text, "pc-q35-7.1 is not offered by qemu-system-x86_64 7.2.x")
        XCTAssertFalse(evaluator.isOffered(machine: missing))
        // Unknown to the catalog: still shown (family "other", always available), never Recommended.
        let microvm = try XCTUnwrap(evaluator.machineIndex("microvm"))
        XCTAssertEqual(evaluator.machines[microvm].familyID, "other")
        XCTAssertNotNil(catalog.family("other"))
        let old = try XCTUnwrap(evaluator.guestIndex("winxp"))
        for day in ["2005-01-01", "2023-06-01", "2040-01-01"] {
            XCTAssertEqual(evaluator.tier(guest: old, machine: microvm, date: Day(day)!, policy: Policy(id: "none", vendorCap: false, ageCap: false)),
                           .supported, day)
        }
        let unknown = evaluator.evaluate(guest: guest, machine: microvm, date: date, policy: policy)
        XCTAssertTrue(unknown.reasons.contains { $0.text.contains("does not know this machine type's defaults") }, "\(unknown.reasons)")
        XCTAssertTrue(evaluator.allEdges(guest: guest, machine: microvm, policy: policy).allSatisfy { $0 > Int.min && $0 < Int.max })
        _ = evaluator.nextChange(guest: guest, machine: microvm, date: date, policy: policy)
        // An x86 binary's unknown machine types are not for other architectures.
        if let arm = catalog.guests.firstIndex(where: { !$0.arch.contains("x86_64") && !$0.arch.contains("i686") }) {
            XCTAssertEqual(evaluator.tier(guest: arm, machine: microvm, date: date, policy: policy), .notApplicable)
        }
    }

    func testFailingBinariesGiveClearErrors() throws {
        let catalog = try bundled()
        func message(_ binary: String) -> String {
            do {
                _ = try QemuImport.probe(binary: binary, catalog: catalog)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        let failing = try fake("echo 'qemu-system-x86_64: -machine help: this build is broken' >&2; exit 3")
        let text = message(failing)
        XCTAssertTrue(text.contains("failed (exit status 3)"), text)
        XCTAssertTrue(text.contains("this build is broken"), text)

        let garbage = try fake("echo 'Welcome to the fake emulator'; echo 'nothing to see'")
        XCTAssertTrue(message(garbage).contains("printed something unexpected: line 1 is 'Welcome to the fake emulator'"), message(garbage))

        let binaryJunk = try fake("printf 'Supported machines are:\\n\\001\\002\\003 junk\\n'")
        XCTAssertTrue(message(binaryJunk).contains("printed something unexpected"), message(binaryJunk))

        let silent = try fake("exit 0")
        XCTAssertTrue(message(silent).contains("printed something unexpected: no output"), message(silent))

        XCTAssertTrue(message("/nonexistent/qemu-system-x86_64").contains("--qemu /nonexistent/qemu-system-x86_64: no such file"))
        let dir = try Paths.temporaryDirectory(self)
        let notExecutable = (dir as NSString).appendingPathComponent("qemu-system-x86_64")
        try "not a program".write(toFile: notExecutable, atomically: true, encoding: .utf8)
        XCTAssertTrue(message(notExecutable).contains("not executable (mode 644"), message(notExecutable))
        XCTAssertTrue(message("no-such-qemu-anywhere").contains("no executable named 'no-such-qemu-anywhere' on PATH"))
    }

    /// Issue 14 row 22: a `--qemu` that is not a program said "NSCocoaErrorDomain error 256" (Foundation's
    /// Process), then the bare errno ("Exec format error"; "No such file or directory" for a file that is
    /// there). Each now says what is wrong with the file.
    func testUnrunnableBinariesSayWhatIsWrong() throws {
        let catalog = try bundled()
        func message(_ binary: String) -> String {
            do {
                _ = try QemuImport.probe(binary: binary, catalog: catalog, timeout: 5)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        let dir = try Paths.temporaryDirectory(self)
        func file(_ name: String, _ bytes: [UInt8], mode: Int = 0o755) throws -> String {
            let path = (dir as NSString).appendingPathComponent(name)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
            return path
        }
        // An ELF header for a machine this kernel does not run (e_machine 0xBEEF), and random-looking bytes.
        var foreignELF: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + Array(repeating: 0, count: 8)
        foreignELF += [2, 0, 0xEF, 0xBE, 1, 0, 0, 0] + Array(repeating: 0, count: 40)
        let cases: [(String, String)] = [
            (try file("text", Array("Supported machines are:\npc  Standard PC\n".utf8)),
             "cannot be started: not a program: neither an ELF executable nor a script starting with '#!' (Exec format error)"),
            (try file("junk", [0x00, 0x01, 0xFF, 0x1B, 0x5B, 0x32, 0x4A, 0x9B]),
             "neither an ELF executable nor a script starting with '#!'"),
            (try file("foreign", foreignELF), "an ELF file this machine cannot run"),
            (try file("interp", Array("#!/nonexistent/qemu-interpreter -x\n".utf8)),
             "its '#!' interpreter '/nonexistent/qemu-interpreter' does not exist"),
            (try file("noexec", Array("#!/bin/sh\n".utf8), mode: 0o644), "not executable (mode 644"),
            (dir, "a directory, not a qemu-system-* binary"),
            (try fake("kill -SEGV $$"), " -machine help' was killed by signal 11 (SIGSEGV)"),
            (try fake("echo 'qemu: unsupported machine' >&2; exit 1"), " -machine help' failed (exit status 1): qemu: unsupported machine"),
        ]
        for (binary, expected) in cases {
            let text = message(binary)
            XCTAssertTrue(text.hasPrefix("--qemu \(binary): "), text)
            XCTAssertTrue(text.contains(expected), "\(text)\nexpected: \(expected)")
            for noise in ["NSCocoaErrorDomain", "Error Domain", "error 256", "NSPOSIXErrorDomain", "Foundation"] {
                XCTAssertFalse(text.contains(noise), text)
            }
            XCTAssertFalse(text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, text)
        }
    }

    func testHangingBinaryTimesOut() throws {
        let hanging = try fake("exec sleep 30")
        let start = Date()
        XCTAssertThrowsError(try QemuImport.probe(binary: hanging, catalog: try bundled(), timeout: 1)) { error in
            XCTAssertTrue("\(error)".contains("did not finish within 1 s"), "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }

    func testDebiansQemuSystemX86() throws {
        guard FileManager.default.isExecutableFile(atPath: QemuImportTests.realQemu) else {
            throw XCTSkip("no \(QemuImportTests.realQemu) (apt-get install qemu-system-x86)")
        }
        var catalog = try bundled()
        let offered = try QemuImport.probe(binary: QemuImportTests.realQemu, catalog: catalog)
        XCTAssertTrue(offered.names.contains { $0.hasPrefix("pc-q35-") }, "\(offered.names)")
        XCTAssertTrue(offered.names.contains { $0.hasPrefix("pc-i440fx-") })
        XCTAssertNotNil(offered.aliases["pc"])
        XCTAssertNotNil(offered.aliases["q35"])
        XCTAssertNotNil(offered.defaultMachine)
        XCTAssertEqual(offered.defaultMachine, offered.aliases["pc"])
        let version = try XCTUnwrap(offered.version, offered.versionText ?? "no --version")
        let report = QemuImport.apply(offered, to: &catalog)
        XCTAssertEqual(Set(report.guestless), ["none", "x-remote"], "\(report.guestless)")
        XCTAssertTrue(report.variants.contains("pc-q35-4.0.1"), "\(report.variants)")
        // Every name the binary offers is a column, except machines that run no guest.
        let evaluator = Evaluator(catalog: catalog, offered: offered)
        for name in offered.names where !["none", "x-remote"].contains(name) { XCTAssertNotNil(evaluator.machineIndex(name), name) }
        XCTAssertNil(evaluator.machineIndex("none"))
        // The binary's own newest q35 type is available from its release; a later one is not offered.
        let newest = "pc-q35-\(version)"
        if let m = evaluator.machineIndex(newest), let released = evaluator.machines[m].released.day {
            let guest = try XCTUnwrap(evaluator.guestIndex("rhel8"))
            XCTAssertTrue(evaluator.tier(guest: guest, machine: m, date: released, policy: catalog.policy("none")!).isSupportTier)
            if let later = catalog.machineTypes.first(where: { $0.familyID == "q35" && $0.version > version }),
               let l = evaluator.machineIndex(later.name) {
                XCTAssertEqual(evaluator.tier(guest: guest, machine: l, date: Day("2040-01-01")!, policy: catalog.policy("none")!), .unavailable)
            }
        }
    }

    /// `--qemu` means "as this binary": a type it offers is available whatever the calendar says, deprecated only
    /// where it marks it; a variant joins its family at its version's defaults.
    func testEvaluationFollowsTheBinary() throws {
        let binary = try fake("""
        case "$1" in
        --version) echo "QEMU emulator version 7.2.0"; exit 0;;
        esac
        cat <<'EOF'
        \(QemuImportTests.sample)EOF
        """)
        var catalog = try bundled()
        let vendor = try XCTUnwrap(catalog.policy("vendor"))
        let later = Day("2030-01-01")!
        // The catalog's own calendar deletes pc-i440fx-7.2 long before 2030 (the automatic rule).
        let calendar = Evaluator(catalog: catalog)
        let rhel8 = try XCTUnwrap(calendar.guestIndex("rhel8"))
        XCTAssertEqual(calendar.tier(guest: rhel8, machine: try XCTUnwrap(calendar.machineIndex("pc-i440fx-7.2")), date: later, policy: vendor), .unavailable)

        let offered = try QemuImport.probe(binary: binary, catalog: catalog)
        _ = QemuImport.apply(offered, to: &catalog)
        let evaluator = Evaluator(catalog: catalog, offered: offered)
        let guest = try XCTUnwrap(evaluator.guestIndex("rhel8"))
        let i440fx = try XCTUnwrap(evaluator.machineIndex("pc-i440fx-7.2"))
        XCTAssertEqual(evaluator.tier(guest: guest, machine: i440fx, date: Day("2026-12-01")!, policy: vendor), .recommended,
                       "offered and not marked deprecated by the binary")
        // The marked type is deprecated, and the reason says by which binary.
        let old = try XCTUnwrap(evaluator.machineIndex("pc-i440fx-1.4"))
        let capped = evaluator.evaluate(guest: guest, machine: old, date: Day("2026-12-01")!, policy: vendor)
        XCTAssertEqual(capped.tier, .supported)
        XCTAssertTrue(capped.reasons.contains { $0.text == "pc-i440fx-1.4 is deprecated in qemu-system-x86_64 7.2.x: at most Supported" },
                      "\(capped.reasons.map(\.text))")
        // The variant: a q35 column beside pc-q35-4.0, with 4.0's defaults.
        let variant = try XCTUnwrap(evaluator.machineIndex("pc-q35-4.0.1"))
        let machine = evaluator.machines[variant]
        XCTAssertEqual(machine.familyID, "q35")
        XCTAssertEqual(machine.version, QemuVersion(4, 0))
        XCTAssertEqual(machine.variant, ".1")
        XCTAssertEqual(machine.defaults, try XCTUnwrap(catalog.machineType("pc-q35-4.0")).defaults)
        XCTAssertEqual(evaluator.machines[variant - 1].name, "pc-q35-4.0")
        // `none` runs no guest: no column.
        XCTAssertNil(evaluator.machineIndex("none"))
    }
}
