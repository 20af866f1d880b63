import Foundation
import XCTest
@testable import OsinfoImport
import TierEngine

/// osinfo-format fixtures (Fixtures/osinfo): inheritance chains, supplements, missing and bad dates, broken files.
final class OsinfoFixtureTests: XCTestCase {
    func load() throws -> OsinfoDatabase { try OsinfoDatabase.load(directory: Paths.fixtures) }

    func index(_ db: OsinfoDatabase, _ shortID: String, file: StaticString = #filePath, line: UInt = #line) throws -> Int {
        try XCTUnwrap(db.index(ofShortID: shortID), "no entry \(shortID)", file: file, line: line)
    }

    func devices(_ db: OsinfoDatabase, _ shortID: String) throws -> Set<String> {
        Set(try db.resolvedDevices(index(db, shortID)).keys.map { $0.replacingOccurrences(of: "http://pcisig.com/pci/", with: "") })
    }

    // MARK: loading and bad input

    func testEveryGoodFileLoadsAndEachBadFileGivesOneWarningWithItsPath() throws {
        let db = try load()
        XCTAssertEqual(db.version, "20990101-fixture")
        XCTAssertEqual(Set(db.entries.map(\.shortID)), [
            "exlin1.0", "exlin1.1", "exlin1.2", "exclone1.0", "exclone1.1", "exnew2", "exroll", "excycle-a", "excycle-b",
            "exbad1", "exfine1",
        ])
        let byFile = Dictionary(grouping: db.warnings, by: { ($0.path as NSString).lastPathComponent })
        // cycle-a ↔ cycle-b: the cycle is reported once, at the link that closes it.
        XCTAssertEqual(byFile.keys.sorted(), ["bad-date.xml", "broken.xml", "cycle-b.xml", "not-osinfo.xml"])
        XCTAssertTrue(byFile["cycle-b.xml"]!.first!.message.contains("cycle (2 entries: excycle-a → excycle-b → excycle-a); the link from excycle-b to excycle-a is ignored"),
                      byFile["cycle-b.xml"]!.first!.message)
        XCTAssertTrue(byFile.values.allSatisfy { $0.count == 1 }, "\(db.warnings)")
        let broken = try XCTUnwrap(byFile["broken.xml"]?.first)
        XCTAssertTrue(broken.path.hasSuffix("os/example.com/broken.xml"))
        XCTAssertTrue(broken.message.contains("malformed XML"), broken.message)
        XCTAssertTrue(byFile["not-osinfo.xml"]!.first!.message.contains("not an osinfo-db file"))
        // A date that is not a date is dropped, the entry loads.
        XCTAssertTrue(byFile["bad-date.xml"]!.first!.message.contains("'2011-13-45' is not a YYYY-MM-DD date"))
        let bad = try db.entries[index(db, "exbad1")]
        XCTAssertNil(bad.releaseDate)
        XCTAssertEqual(bad.eolDate, Day("2020-01-31"))
    }

    func testUnreadableAndEmptyFilesWarnAndTheRestLoads() throws {
        let copy = try Paths.fixtureCopy(self)
        let vendor = (copy as NSString).appendingPathComponent("os/example.com")
        try FileManager.default.createSymbolicLink(atPath: (vendor as NSString).appendingPathComponent("dangling.xml"),
                                                   withDestinationPath: "/nonexistent/osinfo.xml")
        FileManager.default.createFile(atPath: (vendor as NSString).appendingPathComponent("empty.xml"), contents: Data())
        let db = try OsinfoDatabase.load(directory: copy)
        let names = db.warnings.map { ($0.path as NSString).lastPathComponent }
        XCTAssertTrue(names.contains("dangling.xml"), "\(db.warnings)")
        XCTAssertTrue(names.contains("empty.xml"), "\(db.warnings)")
        XCTAssertTrue(db.warnings.first { $0.path.hasSuffix("dangling.xml") }!.message.contains("cannot be read"))
        XCTAssertEqual(db.entries.count, 11)
        XCTAssertTrue(db.warnings.first { $0.path.hasSuffix("empty.xml") }!.message.contains("is empty"))
    }

    func testMissingOrWrongDirectoryIsAnError() throws {
        XCTAssertThrowsError(try OsinfoDatabase.load(directory: "/nonexistent/osinfo")) { error in
            XCTAssertTrue("\(error)".contains("no such osinfo-db directory"), "\(error)")
        }
        let empty = try Paths.temporaryDirectory(self)
        XCTAssertThrowsError(try OsinfoDatabase.load(directory: empty)) { error in
            XCTAssertTrue("\(error)".contains("no os/ inside"), "\(error)")
        }
    }

    func testNamesAndVendorsAreTheUntranslatedOnes() throws {
        let db = try load()
        let entry = try db.entries[index(db, "exlin1.0")]
        XCTAssertEqual(entry.name, "Example Linux 1.0")
        XCTAssertEqual(entry.vendor, "Example, Inc")
        XCTAssertEqual(entry.family, "linux")
        XCTAssertEqual(entry.distro, "rhel")
        XCTAssertEqual(entry.file, "os/example.org/base-1.0.xml")
        XCTAssertEqual(entry.supplements, ["os/example.org/base-1.0.d/drivers.xml"])
        // Two short-ids: the first is the one libosinfo reports; both find the entry.
        XCTAssertEqual(try index(db, "exclone1"), try index(db, "exclone1.0"))
    }

    // MARK: inheritance, the way libosinfo resolves it

    func testDerivesFromInheritsDevicesAndSupportedFalseRemovesThem() throws {
        let db = try load()
        // exlin1.0 itself, plus the device its .d supplement adds (not the one inside <driver>).
        XCTAssertEqual(try devices(db, "exlin1.0"), ["1af4/1000", "1af4/1001", "1af4/1002", "8086/100e", "http://qemu.org/chipset/x86/q35"])
        // exlin1.1 derives from 1.0, adds two devices, and marks e1000 unsupported.
        XCTAssertEqual(try devices(db, "exlin1.1"), ["1af4/1000", "1af4/1001", "1af4/1002", "1af4/1041", "8086/10d3", "http://qemu.org/chipset/x86/q35"])
        // Two levels down, still inherited; still without e1000.
        XCTAssertEqual(try devices(db, "exlin1.2"), try devices(db, "exlin1.1"))
        // The nearest file that lists a device is its source.
        let resolved = try db.resolvedDevices(index(db, "exlin1.2"))
        XCTAssertEqual(db.entries[resolved["http://pcisig.com/pci/1af4/1041"]!].file, "os/example.org/base-1.1.xml")
        XCTAssertEqual(db.entries[resolved["http://pcisig.com/pci/1af4/1000"]!].file, "os/example.org/base-1.0.xml")
    }

    func testClonesInheritAndUpgradesDoNot() throws {
        let db = try load()
        XCTAssertEqual(try devices(db, "exclone1.0"), try devices(db, "exlin1.1"))
        // A nearer supported="true" re-enables what an ancestor marks unsupported (libosinfo keeps the nearest link).
        XCTAssertEqual(try devices(db, "exclone1.1"), try devices(db, "exlin1.1").union(["8086/100e"]))
        XCTAssertEqual(try devices(db, "exnew2"), [])
    }

    /// libosinfo does not guard against cycles; here the link that closes one is dropped (and reported, see
    /// above): excycle-a still inherits from excycle-b, excycle-b no longer from excycle-a.
    func testCyclesAndDanglingReferencesTerminate() throws {
        let db = try load()
        XCTAssertEqual(try devices(db, "excycle-a"), ["1af4/1000", "1af4/1042"])
        XCTAssertEqual(try devices(db, "excycle-b"), ["1af4/1042"])
    }

    func testCapabilitiesFromDevicesAndFirmware() throws {
        let db = try load()
        let base = try db.capabilities(index(db, "exlin1.0"))
        XCTAssertEqual(base.known, ["virtio_in_box": true, "virtio_legacy": true, "virtio_modern": false, "ahci": true,
                                    "e1000": true, "e1000e": false, "requires_uefi": false])
        let point = try db.capabilities(index(db, "exlin1.1"))
        XCTAssertEqual(point.known["virtio_modern"], true)
        XCTAssertEqual(point.known["e1000"], false)
        XCTAssertEqual(point.known["e1000e"], true)
        XCTAssertEqual(point.declaredIn["ahci"], "os/example.org/base-1.0.xml")
        XCTAssertEqual(point.files, ["os/example.org/base-1.1.xml", "os/example.org/base-1.0.xml"])
        let efi = try db.capabilities(index(db, "exlin1.2"))
        XCTAssertEqual(efi.known["requires_uefi"], true)
        XCTAssertEqual(try db.resolvedFirmware(index(db, "exlin1.2")).map { "\($0.arch)/\($0.type)" }, ["x86_64/efi"])
        XCTAssertEqual(try db.capabilities(index(db, "exnew2")).known.values.filter { $0 }.count, 0)
    }

    func testArchitecturesMapToTheCatalogsAndAreInheritedWhenAnEntryNamesNone() throws {
        let db = try load()
        XCTAssertEqual(try db.architectures(index(db, "exlin1.0")), ["x86_64", "i686"])   // i386 → i686, sparc64 dropped
        XCTAssertEqual(try db.architectures(index(db, "exlin1.1")), ["x86_64", "i686"])   // from exlin1.0
        XCTAssertEqual(try db.architectures(index(db, "exclone1.1")), ["aarch64"])        // its own
    }

    // MARK: lines and merging

    func testLineIDs() {
        let cases: [(String, String?, String)] = [
            ("rhel6.10", "rhel", "rhel6"), ("rhel6.0", "rhel", "rhel6"), ("rhel2.1.7", "rhel", "rhel2"),
            ("rhel6-unknown", "rhel", "rhel6"), ("rhel-atomic-7.4", "rhel", "rhel-atomic-7"),
            ("win10", "win", "win10"), ("win8.1", "win", "win8.1"), ("winxp", "win", "winxp"), ("win2k8r2", "win", "win2k8r2"),
            ("ubuntu20.04", "ubuntu", "ubuntu20.04"), ("debian10", "debian", "debian10"), ("debian3.1", "debian", "debian3.1"),
            ("sles15sp1", "sles", "sles15"), ("sle15sp4", "sle", "sle15"), ("sles12", "sles", "sles12"),
            ("freebsd13.0", "freebsd", "freebsd13"), ("centos7.0", "centos", "centos7"), ("centos-stream9", "centos", "centos-stream9"),
            ("alpinelinux3.16", "alpinelinux", "alpinelinux3.16"), ("macosx10.7", "osx", "macosx10.7"), ("alt.p10", "alt", "alt.p10"),
            ("fedora36", "fedora", "fedora36"), ("opensuse15.3", "opensuse", "opensuse15"), ("something", nil, "something"),
        ]
        for (shortID, distro, line) in cases {
            XCTAssertEqual(OsinfoMerge.lineID(shortID: shortID, distro: distro), line, shortID)
        }
    }

    func testCuratedDataWinsAndGainsItsPointReleases() throws {
        let db = try load()
        let (merged, summary) = OsinfoMerge.merge(MiniCatalog.make(), with: db)
        let line = try XCTUnwrap(merged.guest("exlin1"))
        let curated = MiniCatalog.curated()
        XCTAssertEqual(line.released, curated.released)
        XCTAssertEqual(line.vendorSupportEnd, curated.vendorSupportEnd)
        XCTAssertEqual(line.capabilities, curated.capabilities)
        XCTAssertFalse(line.isImported)
        // Listed ids and the line rule (exlin1.2 is not listed) both attach; oldest first, undated last.
        XCTAssertEqual(line.pointReleases.map(\.id), ["exlin1.0", "exlin1.1", "exlin1.2"])
        let first = line.pointReleases[0]
        XCTAssertEqual(first.released.day, Day("2010-01-15"))
        XCTAssertEqual(first.released.provenance.source, "osinfo-db 20990101-fixture, os/example.org/base-1.0.xml")
        XCTAssertEqual(first.eol.day, Day("2015-12-31"))
        XCTAssertFalse(first.eol.provenance.verified)
        XCTAssertNil(line.pointReleases[2].released.day)
        XCTAssertEqual(summary.unknownListed.map(\.guest), ["exlin1"])
        XCTAssertEqual(summary.unknownListed.first?.ids, ["exlin1.9"])
    }

    func testOsinfoOnlyLinesBecomeGuestsCitingTheirFiles() throws {
        let db = try load()
        let (merged, summary) = OsinfoMerge.merge(MiniCatalog.make(), with: db)
        XCTAssertEqual(Set(summary.added), ["exclone1", "exnew2", "exfine1"])
        // No release date (exroll, exbad1), no architecture (the cycle, which names none).
        XCTAssertEqual(Set(summary.skipped.map(\.line)), ["exroll", "exbad1", "excycle-a", "excycle-b"])
        let clone = try XCTUnwrap(merged.guest("exclone1"))
        XCTAssertTrue(clone.isImported)
        XCTAssertEqual(clone.name, "Example Clone 1")
        XCTAssertEqual(clone.vendor, "Clone Project")
        XCTAssertEqual(clone.pointReleases.map(\.id), ["exclone1.0", "exclone1.1"])
        XCTAssertEqual(clone.released.day, Day("2011-07-01"))
        XCTAssertEqual(clone.released.provenance.cited, "osinfo-db 20990101-fixture, os/example.org/clone-1.0.xml")
        // The line's end is its latest point release's eol-date, and osinfo-db's eol-date is unverified.
        XCTAssertEqual(clone.vendorSupportEnd.day, Day("2018-03-31"))
        XCTAssertEqual(clone.vendorSupportEnd.provenance.cited, "osinfo-db 20990101-fixture, os/example.org/clone-1.1.xml (unverified)")
        XCTAssertEqual(Set(clone.arch), ["x86_64", "i686", "aarch64"])
        XCTAssertEqual(clone.capabilities["virtio_modern"], true)
        // A Linux line's IDE is unknown in osinfo-db (it has no IDE device ids): inferred later from the family.
        XCTAssertEqual(clone.family, "linux")
        XCTAssertNil(clone.knows("ide"))
        XCTAssertEqual(merged.guest("exfine1")?.knows("ide"), true, "assumed for the other families")
        XCTAssertTrue(clone.capabilitiesProvenance.source.contains("os/example.org/clone-1.1.xml"))
        XCTAssertTrue(clone.capabilitiesProvenance.source.contains("os/example.org/base-1.1.xml"), clone.capabilitiesProvenance.source)
        XCTAssertEqual(merged.guest("exnew2")?.family, "windows")   // osinfo's winnt
        XCTAssertEqual(merged.guest("exfine1")?.family, "bsd")
        // Curated guests stay first.
        XCTAssertEqual(merged.guests.first?.id, "exlin1")
    }

    func testEvaluatingAnImportedGuestCitesItsOsinfoFile() throws {
        let db = try load()
        let (merged, _) = OsinfoMerge.merge(MiniCatalog.make(), with: db)
        let evaluator = Evaluator(catalog: merged)
        let g = try XCTUnwrap(evaluator.guestIndex("exclone1"))
        let m = try XCTUnwrap(evaluator.machineIndex("pc-q35-2.12"))
        let evaluation = evaluator.evaluate(guest: g, machine: m, date: Day("2019-01-01")!, policy: merged.policy("both")!)
        let sources = evaluation.reasons.map(\.source).joined(separator: "\n")
        XCTAssertTrue(sources.contains("osinfo-db 20990101-fixture, os/example.org/clone-1.1.xml"), sources)   // vendor cap
        XCTAssertTrue(sources.contains("os/example.org/clone-1.0.xml"), sources)   // age cap: the first release
    }

    func testExpandingALineGivesOneGuestPerDatedPointRelease() throws {
        let db = try load()
        let (merged, _) = OsinfoMerge.merge(MiniCatalog.make(), with: db)
        let expanded = merged.expandingPointReleases(of: ["exlin1", "exclone1"])
        let ids = expanded.guests.map(\.id)
        XCTAssertEqual(Array(ids.prefix(2)), ["exlin1.0", "exlin1.1"])   // in place; undated exlin1.2 left out
        XCTAssertFalse(ids.contains("exlin1"))
        XCTAssertTrue(ids.contains("exclone1.0") && ids.contains("exclone1.1"))
        let point = try XCTUnwrap(expanded.guest("exlin1.1"))
        XCTAssertEqual(point.released.day, Day("2011-06-01"))
        // A curated line's points keep the curated capabilities, architectures and end.
        XCTAssertEqual(point.capabilities, MiniCatalog.curated().capabilities)
        XCTAssertEqual(point.vendorSupportEnd, MiniCatalog.curated().vendorSupportEnd)
        // An imported line's points are entirely osinfo-db's.
        let clonePoint = try XCTUnwrap(expanded.guest("exclone1.1"))
        XCTAssertEqual(clonePoint.arch, ["aarch64"])
        XCTAssertEqual(clonePoint.vendorSupportEnd.day, Day("2018-03-31"))
        XCTAssertEqual(expanded.expandingPointReleases(of: ["all"]).guests.count, expanded.guests.count)
        _ = Evaluator(catalog: expanded)
    }

    // MARK: conflicts

    func testConflictsListBothValuesAndSourcesMostConsequentialFirst() throws {
        let db = try load()
        let (merged, _) = OsinfoMerge.merge(MiniCatalog.make(), with: db)
        let conflicts = OsinfoConflicts.find(in: merged, database: db)
        let keys = conflicts.map { "\($0.guest) \($0.field) \($0.kind.rawValue)" }
        XCTAssertEqual(Set(keys), ["exlin1 released date", "exlin1 vendor_support_end date", "exlin1 virtio_modern capability"])
        let end = try XCTUnwrap(conflicts.first { $0.field == "vendor_support_end" })
        XCTAssertEqual(end.catalogValue, "2019-12-31")
        XCTAssertEqual(end.catalogSource, "https://example.org/lifecycle")
        XCTAssertEqual(end.catalogFile, "guests/example.yaml:3")
        XCTAssertEqual(end.osinfoValue, "2016-06-30")
        XCTAssertEqual(end.osinfoSource, "osinfo-db 20990101-fixture, os/example.org/base-1.1.xml")
        XCTAssertEqual(end.osinfoShortID, "exlin1.1")
        XCTAssertEqual(end.differenceDays, Day("2016-06-30")!.ordinal - Day("2019-12-31")!.ordinal)
        XCTAssertGreaterThan(end.impact.cellDays, 0)
        let modern = try XCTUnwrap(conflicts.first { $0.field == "virtio_modern" })
        XCTAssertEqual(modern.osinfoDetail, "lists 1af4:1041")
        XCTAssertGreaterThan(modern.impact.machineTypes, 0)   // the q35 types from 2.7 on
        XCTAssertEqual(conflicts.map(\.impact.cellDays), conflicts.map(\.impact.cellDays).sorted(by: >))
    }

    func testImpactCountsOnlyCellsWhoseTierChanges() throws {
        var guest = MiniCatalog.curated()
        guest.capabilities["e1000"] = true   // no rule reads e1000
        let catalog = MiniCatalog.make()
        let policy = OsinfoConflicts.policy(for: "e1000")
        XCTAssertEqual(OsinfoConflicts.impact(MiniCatalog.curated(), guest, catalog, policy).cellDays, 0)
        var later = MiniCatalog.curated()
        later.vendorSupportEnd = DatedFact(Day("2020-01-10")!, Provenance("test"))   // 10 days later
        let impact = OsinfoConflicts.impact(MiniCatalog.curated(), later, catalog, OsinfoConflicts.policy(for: "vendor_support_end"))
        // Every machine type released by then whose base tier is Recommended (the cap can only lower that)
        // differs on exactly those 10 days.
        let evaluator = Evaluator(catalog: MiniCatalog.make())
        let capped = evaluator.machines.indices.filter {
            evaluator.machines[$0].released.day! <= Day("2020-01-01")! && evaluator.baseTier(guest: 0, machine: $0) == .recommended
        }.count
        XCTAssertGreaterThan(capped, 0)
        XCTAssertEqual(impact.cellDays, 10 * capped)
        XCTAssertEqual(impact.machineTypes, capped)
        XCTAssertEqual(impact.first, Day("2020-01-01"))
        XCTAssertEqual(impact.last, Day("2020-01-10"))
    }
}
