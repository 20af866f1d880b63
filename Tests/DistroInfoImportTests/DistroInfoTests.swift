import CatalogLoader
import Foundation
import XCTest
@testable import DistroInfoImport
import TierEngine

enum Paths {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let kinds = testsDirectory.appendingPathComponent("Fixtures/kinds").path
    static let broken = testsDirectory.appendingPathComponent("Fixtures/broken").path
    static let repository = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
    static let bundledCatalog = repository.appendingPathComponent("Catalog").path
    static let real = "/usr/share/distro-info"
}

/// A catalog of QEMU releases and two x86 families with no rules, and curated Debian and Ubuntu guests whose
/// dates differ from the `kinds` fixture in each of the ways `DistroInfoConflict.Reading` names.
enum FixtureCatalog {
    static func guest(_ id: String, _ distro: String, released: String, end: String?, extended: [(String, String)] = []) -> Guest {
        var guest = Guest(id: id, name: id, vendor: distro == "debian" ? "Debian Project" : "Canonical", family: "linux",
                          distro: distro, arch: ["x86_64"],
                          released: DatedFact(Day(released)!, Provenance("https://example.org/\(id)/released")),
                          vendorSupportEnd: DatedFact(end.flatMap(Day.init), Provenance("https://example.org/\(id)/end")),
                          extended: extended.map { ExtendedPhase(phase: $0.0, end: DatedFact(Day($0.1)!, Provenance("https://example.org/\(id)/\($0.0)"))) },
                          capabilities: ["ide": true, "ahci": true, "e1000": true, "e1000e": true], capabilitiesProvenance: Provenance("test"))
        guest.definedIn = "guests/\(distro).yaml"
        return guest
    }

    static func make() -> Catalog {
        let versions = [("2.12", "2018-04-24"), ("4.0", "2019-04-23"), ("5.0", "2020-04-28"), ("6.0", "2021-04-30"),
                        ("7.0", "2022-04-19"), ("8.0", "2023-04-20"), ("9.0", "2024-04-23")]
        let releases = versions.map { QemuRelease(version: QemuVersion($0.0)!, date: Day($0.1)!, provenance: Provenance("test")) }
        let rule = LifecycleRule(deprecateAfterMajor: 3, deleteAfterMajor: 6, deprecationSince: QemuVersion(9, 0),
                                 deletionSince: QemuVersion(9, 0), provenance: Provenance("test rule"))
        let pc = MachineFamily(id: "i440fx", pattern: "pc-i440fx-{v}", alias: "pc", arch: ["x86_64"], firstVersion: QemuVersion(2, 12),
                               isDefaultMachine: true, provenance: Provenance("test"), defaults: [])
        let guests = [
            guest("debian8", "debian", released: "2015-04-25", end: "2018-06-17", extended: [("LTS", "2020-06-30"), ("ELTS", "2025-06-30")]),
            guest("debian9", "debian", released: "2017-06-17", end: "2020-07-06", extended: [("LTS", "2022-06-30"), ("ELTS", "2027-06-30")]),
            guest("debian13", "debian", released: "2025-08-09", end: nil, extended: [("LTS", "2030-06-30")]),
            guest("ubuntu16.04", "ubuntu", released: "2016-04-21", end: "2021-04-30", extended: [("ESM", "2026-04-23"), ("Legacy", "2031-04-30")]),
            guest("ubuntu22.04", "ubuntu", released: "2022-04-21", end: "2027-04-30", extended: [("ESM", "2032-04-21"), ("Legacy", "2034-04-25")]),
        ]
        let policies = [Policy(id: "both", vendorCap: true, ageCap: true), Policy(id: "age", vendorCap: false, ageCap: true)]
        return Catalog(releases: releases, lifecycleRule: rule, families: [pc], guests: guests, rules: [], policies: policies,
                       proposals: [], origin: "fixture")
    }
}

final class DistroInfoFixtureTests: XCTestCase {
    func testEachKindOfDifferenceIsReadAsWhatItProbablyIs() throws {
        let data = try DistroInfoData.load(directory: Paths.kinds)
        XCTAssertEqual(data.warnings, [])
        let (merged, summary) = DistroInfoMerge.merge(FixtureCatalog.make(), with: data)
        XCTAssertEqual(summary.attached.map(\.guest).sorted(), ["debian13", "debian8", "debian9", "ubuntu16.04", "ubuntu22.04"])
        let conflicts = DistroInfoConflicts.find(in: merged, summary: summary, data: data)
        func reading(_ guest: String, _ field: String) -> DistroInfoConflict.Reading? {
            conflicts.first { $0.guest == guest && $0.field == field }?.reading
        }
        XCTAssertEqual(reading("debian8", "released"), .fewDays)
        XCTAssertEqual(reading("debian9", "vendor_support_end"), .convention)
        XCTAssertEqual(reading("debian13", "vendor_support_end"), .projection)
        XCTAssertEqual(reading("debian13", "extended ELTS"), .missing)
        XCTAssertEqual(reading("ubuntu22.04", "vendor_support_end"), .monthEnd)
        XCTAssertEqual(reading("ubuntu16.04", "extended Legacy"), .change)
        // Agreeing values are not listed.
        XCTAssertNil(reading("debian8", "vendor_support_end"))
        XCTAssertNil(reading("ubuntu22.04", "extended ESM"))
        XCTAssertEqual(conflicts.count, 6, conflicts.map { "\($0.guest) \($0.field)" }.description)

        // Both values and both sources, the CSV's by file, line and column.
        let end = try XCTUnwrap(conflicts.first { $0.guest == "ubuntu22.04" && $0.field == "vendor_support_end" })
        XCTAssertEqual(end.catalogValue, "2027-04-30")
        XCTAssertEqual(end.catalogSource, "https://example.org/ubuntu22.04/end")
        XCTAssertEqual(end.distroInfoValue, "2027-06-01")
        XCTAssertEqual(end.distroInfoSource, "distro-info-data (unknown version), \(Paths.kinds)/ubuntu.csv line 4, eol")
        XCTAssertEqual(end.differenceDays, 32)
        XCTAssertTrue(end.note.hasPrefix("month-end rounding"), end.note)
        // 2027-05-01 … 2027-06-01 on the three machine types not yet deleted then (7.0, 8.0, 9.0).
        XCTAssertEqual(end.impact.cellDays, 32 * 3)
        XCTAssertEqual(end.impact.machineTypes, 3)

        // Most consequential first; the one-sided values after every disagreement.
        let real = conflicts.prefix { $0.reading != .missing }
        XCTAssertEqual(real.map(\.impact.cellDays), real.map(\.impact.cellDays).sorted(by: >))
        XCTAssertEqual(conflicts.last?.reading, .missing)
    }

    func testCuratedGuestsWinAndLinesTheCatalogLacksBecomeGuestsCitingTheirRow() throws {
        let data = try DistroInfoData.load(directory: Paths.kinds)
        let catalog = FixtureCatalog.make()
        let (merged, summary) = DistroInfoMerge.merge(catalog, with: data)
        XCTAssertEqual(merged.guest("debian9"), catalog.guest("debian9"), "curated data is never changed")
        XCTAssertEqual(summary.added, ["debian6", "ubuntu10.04"])
        XCTAssertEqual(summary.skipped.map(\.line), ["debian14", "sid"])

        let squeeze = try XCTUnwrap(merged.guest("debian6"))
        XCTAssertTrue(squeeze.isImported)
        XCTAssertEqual(squeeze.name, "Debian 6.0 (Squeeze)")
        XCTAssertEqual(squeeze.released.day, Day("2011-02-06"))
        XCTAssertEqual(squeeze.released.provenance.source, "distro-info-data (unknown version), \(Paths.kinds)/debian.csv line 2, release")
        XCTAssertEqual(squeeze.vendorSupportEnd.day, Day("2014-05-31"))
        XCTAssertEqual(squeeze.extended.map(\.phase), ["LTS"])
        XCTAssertEqual(squeeze.extended.first?.end.provenance.source, "distro-info-data (unknown version), \(Paths.kinds)/debian.csv line 2, eol-lts")
        XCTAssertTrue(squeeze.unknownCapabilities.contains("e1000"), "distro-info-data records no abilities")

        // Early Ubuntu LTS: the server edition's longer end.
        let lucid = try XCTUnwrap(merged.guest("ubuntu10.04"))
        XCTAssertEqual(lucid.vendorSupportEnd.day, Day("2015-04-30"))
        XCTAssertTrue(lucid.vendorSupportEnd.provenance.source.hasSuffix("ubuntu.csv line 2, eol-server (the desktop's eol is 2013-05-09)"))
    }

    func testAnImportedLineTakesTheDistributionsDates() throws {
        let data = try DistroInfoData.load(directory: Paths.kinds)
        var catalog = FixtureCatalog.make()
        var imported = FixtureCatalog.guest("debian6", "debian", released: "2011-02-05", end: "2016-02-29")
        imported.isImported = true
        catalog.guests.append(imported)
        let (merged, summary) = DistroInfoMerge.merge(catalog, with: data)
        XCTAssertEqual(summary.redated, ["debian6"])
        XCTAssertEqual(merged.guest("debian6")?.released.day, Day("2011-02-06"))
        XCTAssertEqual(merged.guest("debian6")?.vendorSupportEnd.day, Day("2014-05-31"))
        XCTAssertEqual(merged.guest("debian6")?.capabilities, imported.capabilities, "abilities stay the first import's")
    }

    func testBadRowsWarnWithFileAndLineAndTextIsSanitised() throws {
        let data = try DistroInfoData.load(directory: Paths.broken)
        let debian = Paths.broken + "/debian.csv", ubuntu = Paths.broken + "/ubuntu.csv"
        XCTAssertEqual(data.warnings.map(\.description), [
            "\(debian):4: release '2023-13-10' is not a YYYY-MM-DD date; line skipped",
            "\(debian):5: eol 2012-04-25 is before release 2013-05-04; line skipped",
            "\(debian):6: 10 fields, the header has 7; line skipped",
            "\(ubuntu):1: header lacks column(s) series; file skipped",
        ])
        XCTAssertEqual(data.rows.map(\.series), ["buster", "bullseye", "etch"])
        XCTAssertEqual(data.rows[1].codename, "Bull\u{FFFD}[2Jseye", "the ESC is replaced, not passed on")
        XCTAssertEqual(data.rows[0].end("eol-lts"), Day("2024-06-30"), "CRLF line ends are read")
    }

    func testSizesAreBoundedAndAMissingDirectoryIsAnError() throws {
        let root = (NSTemporaryDirectory() as NSString).appendingPathComponent("distro-info-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: root) }
        let huge = "version,codename,series,created,release,eol\n" + String(repeating: "x", count: DistroInfoData.maxFileBytes)
        try huge.write(toFile: root + "/debian.csv", atomically: true, encoding: .utf8)
        let long = "version,codename,series,created,release,eol\n1,\(String(repeating: "y", count: 500)),a,,2000-01-01,\n2,B,b,,2001-01-01,\n"
        try long.write(toFile: root + "/ubuntu.csv", atomically: true, encoding: .utf8)
        let data = try DistroInfoData.load(directory: root)
        XCTAssertEqual(data.warnings.map(\.description), [
            "\(root)/debian.csv:0: larger than \(DistroInfoData.maxFileBytes) bytes; skipped",
            "\(root)/ubuntu.csv:2: a field of 500 characters (at most \(DistroInfoData.maxFieldLength)); line skipped",
        ])
        XCTAssertEqual(data.rows.map(\.series), ["b"])
        XCTAssertThrowsError(try DistroInfoData.load(directory: root + "/nowhere")) { error in
            XCTAssertEqual("\(error)", "\(root)/nowhere: no such distro-info-data directory")
        }
        let empty = root + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        XCTAssertThrowsError(try DistroInfoData.load(directory: empty))
    }
}

/// The installed distro-info-data against the bundled catalog.
final class RealDistroInfoTests: XCTestCase {
    func load() throws -> DistroInfoData {
        guard FileManager.default.fileExists(atPath: Paths.real + "/debian.csv") else { throw XCTSkip("no \(Paths.real)") }
        return try DistroInfoData.load()
    }

    func testTheRealFilesReadCleanlyWithTheirOwnHeaders() throws {
        let data = try load()
        XCTAssertEqual(data.warnings, [])
        XCTAssertFalse(data.version.contains("unknown"), "the Debian package's version: \(data.version)")
        let buster = try XCTUnwrap(data.rows.first { $0.distro == "debian" && $0.series == "buster" })
        XCTAssertEqual(buster.release, Day("2019-07-06"))
        XCTAssertEqual(buster.phases.map(\.column), ["eol-lts", "eol-elts"])
        let jammy = try XCTUnwrap(data.rows.first { $0.distro == "ubuntu" && $0.series == "jammy" })
        XCTAssertEqual(jammy.version, "22.04 LTS")
        XCTAssertTrue(jammy.phases.map(\.column).starts(with: ["eol-server", "eol-esm"]))
    }

    func testEveryCuratedDebianAndUbuntuGuestIsAttachedAndEveryAddedFactCitesItsRow() throws {
        let data = try load()
        let catalog = try CatalogLoader.load(directory: Paths.bundledCatalog)
        let (merged, summary) = DistroInfoMerge.merge(catalog, with: data)
        let curated = catalog.guests.filter { $0.distro == "debian" || $0.distro == "ubuntu" }.map(\.id).sorted()
        XCTAssertEqual(summary.attached.map(\.guest).sorted(), curated)
        XCTAssertFalse(summary.added.isEmpty)
        for id in summary.added {
            let guest = try XCTUnwrap(merged.guest(id))
            let facts = [guest.released, guest.vendorSupportEnd] + guest.extended.map(\.end)
            for fact in facts {
                // "distro-info-data V, /usr/share/distro-info/X.csv line N, column": line N of that file is the row.
                let source = fact.provenance.source
                let match = try XCTUnwrap(source.range(of: #"/usr/share/distro-info/(debian|ubuntu)\.csv line [0-9]+"#, options: .regularExpression), source)
                let parts = source[match].split(separator: " ")
                let lines = try String(contentsOfFile: String(parts[0]), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
                let row = String(lines[Int(parts[2])! - 1])
                XCTAssertTrue(row.contains(",\(guest.released.day!),"), "\(id): \(source) is not its row: \(row)")
                if let day = fact.day { XCTAssertTrue(row.contains(day.description), "\(id): \(day) not in \(row)") }
            }
        }
    }

    func testTheCatalogAgreesWithDistroInfoOrSaysWhyNot() throws {
        let data = try load()
        let catalog = try CatalogLoader.load(directory: Paths.bundledCatalog)
        let (merged, summary) = DistroInfoMerge.merge(catalog, with: data)
        let conflicts = DistroInfoConflicts.find(in: merged, summary: summary, data: data)
        // The curated Ubuntu ends were month-end roundings of a month-level page; they now have the day.
        XCTAssertFalse(conflicts.contains { $0.reading == .monthEnd && $0.field == "vendor_support_end" },
                       conflicts.filter { $0.reading == .monthEnd }.map { "\($0.guest) \($0.field)" }.description)
        // Every remaining difference is one the catalog keeps on purpose: the value's line, or the comment lines
        // right above it, say why ("distro-info-data …").
        let lines = try ["debian", "ubuntu"].flatMap { distro in
            try String(contentsOfFile: Paths.bundledCatalog + "/guests/\(distro).yaml", encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        for conflict in conflicts {
            guard let start = lines.firstIndex(of: "  - id: \(conflict.guest)") else { return XCTFail("no \(conflict.guest) in the YAML") }
            let key = conflict.field.hasPrefix("extended ") ? "{phase: \(conflict.field.dropFirst(9))," : "\(conflict.field): "
            guard let line = lines[start...].firstIndex(where: { $0.contains(key) }) else {
                return XCTFail("\(conflict.guest) \(conflict.field): no such line")
            }
            var context = [lines[line]]
            var above = line - 1
            while above > start, lines[above].trimmingCharacters(in: .whitespaces).hasPrefix("#") { context.append(lines[above]); above -= 1 }
            XCTAssertTrue(context.contains { $0.contains("distro-info-data") },
                          "\(conflict.guest) \(conflict.field) differs (\(conflict.catalogValue) vs \(conflict.distroInfoValue)) and its line does not say why")
        }
    }
}

/// `--distro-info [DIR]` through the built binary.
final class DistroInfoCommandTests: XCTestCase {
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

    func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: DistroInfoCommandTests.binary)
        process.arguments = arguments + ["--catalog", Paths.bundledCatalog]
        process.standardInput = FileHandle.nullDevice
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    func testLintAgainstTheRealDataListsBothValuesAndSources() throws {
        guard FileManager.default.fileExists(atPath: Paths.real + "/debian.csv") else { throw XCTSkip("no \(Paths.real)") }
        let text = try run(["lint", "--distro-info"])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("distro-info-data "), text.stdout)
        XCTAssertTrue(text.stdout.contains("disagreement(s) with the catalog, most consequential first"), text.stdout)
        let json = try run(["lint", "--distro-info", Paths.real, "--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let section = try XCTUnwrap(object["distro_info"] as? [String: Any])
        XCTAssertEqual(section["directory"] as? String, Paths.real)
        XCTAssertNotNil(section["conflicts"] as? [Any])
    }

    func testLintAgainstTheFixtureNamesEachKindAndBadRowsWarn() throws {
        let result = try run(["lint", "--distro-info", Paths.broken])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("guest-tiers: warning: \(Paths.broken)/debian.csv:4: release '2023-13-10' is not a YYYY-MM-DD date; line skipped"), result.stderr)
        XCTAssertFalse(result.stdout.contains("\u{1b}"), "no raw escape reaches the output")
        let missing = try run(["explain", "--distro-info", "/nonexistent", "--guest", "debian10", "--machine", "pc-q35-4.2"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("guest-tiers: --distro-info: /nonexistent: no such distro-info-data directory"), missing.stderr)
    }

    func testAnAddedLineIsEvaluatedAndCitesItsRow() throws {
        guard FileManager.default.fileExists(atPath: Paths.real + "/ubuntu.csv") else { throw XCTSkip("no \(Paths.real)") }
        let result = try run(["explain", "--distro-info", "--guest", "ubuntu19.10", "--machine", "pc-q35-4.2", "--date", "2020-03-10", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("/usr/share/distro-info/ubuntu.csv line "), result.stdout)
    }
}

/// Lines only distro-info-data knows record dates only; their abilities follow from the Linux family
/// (Catalog/family-abilities.yaml), so they are not worse on i440fx than on q35 for want of data.
final class DistroInfoInferenceTests: XCTestCase {
    func testAddedLinesGetTheFamilysAbilitiesAndAreNotWorseOnI440fx() throws {
        guard FileManager.default.fileExists(atPath: Paths.real + "/ubuntu.csv") else { throw XCTSkip("no \(Paths.real)") }
        let curated = try CatalogLoader.load(directory: Paths.bundledCatalog)
        let catalog = DistroInfoMerge.merge(curated, with: try DistroInfoData.load()).0.inferringFamilyAbilities()
        let evaluator = Evaluator(catalog: catalog)
        let g = try XCTUnwrap(evaluator.guestIndex("ubuntu12.04")), m = try XCTUnwrap(evaluator.machineIndex("pc-i440fx-2.0"))
        let e = evaluator.evaluate(guest: g, machine: m, date: Day("2015-01-01")!, policy: Policy(id: "none", vendorCap: false, ageCap: false))
        XCTAssertEqual(e.baseTier, .recommended, e.reasons.map(\.text).description)
        XCTAssertEqual(Set(e.reasons.filter { $0.kind == .inferred }.map { String($0.text.prefix { $0 != " " }) }), ["e1000", "ide"])
        var compared = 0
        for (g, guest) in catalog.guests.enumerated() where guest.isImported {
            for (m, machine) in catalog.machineTypes.enumerated() where machine.familyID == "i440fx" {
                guard let q = evaluator.machineIndex("pc-q35-\(machine.version)"),
                      let pc = evaluator.baseTier(guest: g, machine: m), let q35 = evaluator.baseTier(guest: g, machine: q) else { continue }
                compared += 1
                XCTAssertGreaterThanOrEqual(pc.rank, q35.rank, "\(guest.id) on \(machine.name)")
            }
        }
        XCTAssertGreaterThan(compared, 100)
    }
}
