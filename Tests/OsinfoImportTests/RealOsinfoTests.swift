import CatalogLoader
import Foundation
import XCTest
@testable import OsinfoImport
import TierEngine

/// Against the installed osinfo-db (Debian's `osinfo-db`, /usr/share/osinfo; .ci/run installs it), and against
/// libosinfo's own answers (python3-gi + gir1.2-libosinfo-1.0, through Debian's /usr/bin/python3).
final class RealOsinfoTests: XCTestCase {
    nonisolated(unsafe) static var cached: OsinfoDatabase?

    func database() throws -> OsinfoDatabase {
        guard FileManager.default.fileExists(atPath: Paths.realOsinfo + "/os") else {
            throw XCTSkip("no osinfo-db at \(Paths.realOsinfo) (apt-get install osinfo-db)")
        }
        if let db = RealOsinfoTests.cached { return db }
        let db = try OsinfoDatabase.load(directory: Paths.realOsinfo)
        RealOsinfoTests.cached = db
        return db
    }

    /// Every `<os id>` written in a main (not `.d/`) file: what libosinfo loads as entries.
    func idsOnDisk() throws -> Set<String> {
        var ids = Set<String>()
        let root = Paths.realOsinfo + "/os"
        for vendor in try FileManager.default.contentsOfDirectory(atPath: root) {
            let dir = root + "/" + vendor
            for file in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] where file.hasSuffix(".xml") {
                let text = try String(contentsOfFile: dir + "/" + file, encoding: .utf8)
                var rest = Substring(text)
                while let start = rest.range(of: "<os id=\"") {
                    rest = rest[start.upperBound...]
                    guard let end = rest.firstIndex(of: "\"") else { break }
                    ids.insert(String(rest[..<end]))
                    rest = rest[end...]
                }
            }
        }
        return ids
    }

    func testEveryEntryLoadsWithoutWarnings() throws {
        let db = try database()
        XCTAssertEqual(db.warnings, [], "\(db.warnings)")
        XCTAssertEqual(Set(db.entries.map(\.id)), try idsOnDisk())
        XCTAssertGreaterThan(db.entries.count, 500)
        XCTAssertTrue(db.entries.allSatisfy { !$0.shortIDs.isEmpty && $0.name != nil }, "every entry has a short-id and a name")
        XCTAssertFalse(db.version.isEmpty)
        XCTAssertNotEqual(db.version, "(unknown version)")
        // Spot checks from domain.md §5 (osinfo-db's own dates, slips included).
        XCTAssertEqual(db.entry(shortID: "win10")?.releaseDate, Day("2018-11-13"))
        XCTAssertEqual(db.entry(shortID: "win7")?.eolDate, Day("2029-01-14"))
        XCTAssertEqual(db.entry(shortID: "rhel6.0")?.releaseDate, Day("2010-11-10"))
        XCTAssertEqual(db.entry(shortID: "rhel6.10")?.file, "os/redhat.com/rhel-6.10.xml")
    }

    func testResolvedDevicesFirmwareAndDatesEqualLibosinfos() throws {
        let db = try database()
        let reference = try libosinfoAnswers()
        XCTAssertEqual(reference.count, db.entries.count, "libosinfo and guest-tiers load the same number of entries")
        var compared = 0
        for entry in reference {
            let id = entry["id"] as! String
            guard let index = db.index(ofID: id) else {
                XCTFail("libosinfo has \(id), guest-tiers does not")
                continue
            }
            let ours = db.entries[index]
            XCTAssertEqual(ours.shortID, entry["short_id"] as? String, id)
            XCTAssertEqual(ours.name, entry["name"] as? String, id)
            XCTAssertEqual(ours.vendor, entry["vendor"] as? String, id)
            XCTAssertEqual(ours.family, entry["family"] as? String, id)
            XCTAssertEqual(ours.distro, entry["distro"] as? String, id)
            XCTAssertEqual(ours.releaseDate?.description, entry["release_date"] as? String, id)
            XCTAssertEqual(ours.eolDate?.description, entry["eol_date"] as? String, id)
            XCTAssertEqual(Set(db.resolvedDevices(index).keys), Set(entry["devices"] as! [String]), "devices of \(ours.shortID)")
            XCTAssertEqual(Set(db.resolvedFirmware(index).map { "\($0.arch)/\($0.type)" }), Set(entry["firmware"] as! [String]),
                           "firmware of \(ours.shortID)")
            compared += 1
        }
        XCTAssertGreaterThanOrEqual(compared, 30)
    }

    /// libosinfo's own resolution of every OS entry, as JSON from Debian's python3 with gi.
    func libosinfoAnswers() throws -> [[String: Any]] {
        let python = "/usr/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: python) else { throw XCTSkip("no \(python)") }
        let script = """
        import json, sys
        try:
            import gi
            gi.require_version("Libosinfo", "1.0")
            from gi.repository import Libosinfo
        except Exception as error:
            print("no gi/Libosinfo: %s" % error, file=sys.stderr)
            sys.exit(77)
        loader = Libosinfo.Loader()
        loader.process_path("\(Paths.realOsinfo)")
        db = loader.get_db()
        oses = db.get_os_list()
        out = []
        for i in range(oses.get_length()):
            os = oses.get_nth(i)
            devices = os.get_all_devices(None)
            firmware = os.get_firmware_list(None)
            out.append({
                "id": os.get_id(), "short_id": os.get_short_id(), "name": os.get_name(), "vendor": os.get_vendor(),
                "family": os.get_family(), "distro": os.get_distro(),
                "release_date": os.get_release_date_string(), "eol_date": os.get_eol_date_string(),
                "devices": [devices.get_nth(j).get_id() for j in range(devices.get_length())],
                "firmware": ["%s/%s" % (firmware.get_nth(j).get_architecture(), firmware.get_nth(j).get_firmware_type())
                             for j in range(firmware.get_length())],
            })
        json.dump(out, sys.stdout)
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script]
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "PYTHONPATH")
        environment.removeValue(forKey: "PYTHONHOME")
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 77 { throw XCTSkip("libosinfo's Python bindings are unavailable: \(errors)") }
        guard process.terminationStatus == 0 else {
            XCTFail("libosinfo reference script failed: \(errors)")
            return []
        }
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [[String: Any]])
    }

    // MARK: the bundled catalog against osinfo-db

    func bundled() throws -> Catalog { try CatalogLoader.load(directory: Paths.bundledCatalog) }

    func testBundledCatalogLintsCleanAndMergesEveryLine() throws {
        XCTAssertEqual(CatalogLoader.lint(directory: Paths.bundledCatalog).map(\.description), [])
        let db = try database()
        let catalog = try bundled()
        let (merged, summary) = OsinfoMerge.merge(catalog, with: db)
        XCTAssertEqual(Array(merged.guests.prefix(catalog.guests.count)).map(\.id), catalog.guests.map(\.id), "curated guests first, in order")
        XCTAssertGreaterThan(summary.added.count, 50)
        XCTAssertEqual(Set(merged.guests.map(\.id)).count, merged.guests.count, "guest ids stay unique")
        for guest in merged.guests where guest.isImported {
            XCTAssertNotNil(guest.released.day, guest.id)
            XCTAssertFalse(guest.arch.isEmpty, guest.id)
            XCTAssertTrue(guest.released.provenance.source.hasPrefix("osinfo-db \(db.version), os/"), guest.released.provenance.source)
        }
        // RHEL 6's point releases: 6.0 … 6.10 in order, each citing its own file.
        let rhel6 = try XCTUnwrap(merged.guest("rhel6"))
        let points = rhel6.pointReleases.filter { $0.released.day != nil }.map(\.id)
        XCTAssertEqual(Array(points.prefix(11)), (0...10).map { "rhel6.\($0)" })
        XCTAssertEqual(rhel6.pointReleases.first?.provenance.source, "osinfo-db \(db.version), os/redhat.com/rhel-6.0.xml")
        // The whole matrix evaluates (and explains) with every imported guest.
        let evaluator = Evaluator(catalog: merged)
        let date = Day("2020-03-10")!
        let tiers = evaluator.tiers(at: date, policy: merged.policy("both")!)
        XCTAssertEqual(tiers.count, merged.guests.count * evaluator.machineTypeCount)
        let imported = try XCTUnwrap(merged.guests.firstIndex { $0.id == "centos5" })
        let q35 = try XCTUnwrap(evaluator.machineIndex("pc-q35-4.2"))
        let evaluation = evaluator.evaluate(guest: imported, machine: q35, date: date, policy: merged.policy("both")!)
        XCTAssertTrue(evaluation.reasons.contains { $0.source.contains("os/centos.org/centos-5") }, "\(evaluation.reasons)")
    }

    func testLintOsinfoListsTheKnownSlips() throws {
        let db = try database()
        let (merged, _) = OsinfoMerge.merge(try bundled(), with: db)
        let conflicts = OsinfoConflicts.find(in: merged, database: db)
        func find(_ guest: String, _ field: String) -> OsinfoConflict? {
            conflicts.first { $0.guest == guest && $0.field == field && $0.kind == .date }
        }
        let win10 = try XCTUnwrap(find("win10", "released"), "Windows 10 release 2018-11-13")
        XCTAssertEqual(win10.osinfoValue, "2018-11-13")
        XCTAssertEqual(win10.osinfoSource, "osinfo-db \(db.version), os/microsoft.com/win-10.xml")
        XCTAssertFalse(win10.catalogSource.isEmpty)
        let win7 = try XCTUnwrap(find("win7", "vendor_support_end"), "Windows 7 end 2029-01-14")
        XCTAssertEqual(win7.osinfoValue, "2029-01-14")
        let winxp = try XCTUnwrap(find("winxp", "vendor_support_end"), "Windows XP end = mainstream")
        XCTAssertEqual(winxp.osinfoValue, "2009-04-19")
        XCTAssertTrue(winxp.note?.contains("mainstream") ?? false, winxp.note ?? "")
        // Disagreements come first, most consequential (by impact) first.
        let disagreements = conflicts.prefix { $0.kind == .date || $0.kind == .capability }
        XCTAssertEqual(disagreements.map(\.impact.cellDays), disagreements.map(\.impact.cellDays).sorted(by: >))
        XCTAssertGreaterThan(win10.impact.cellDays, 0)
    }
}
