import Foundation
import XCTest
@testable import CatalogLoader
import TierEngine

/// Every `source` a stranger can open: the check `lint` runs, on the bundled catalog and on sources built to fail.
final class SourceLintTests: XCTestCase {
    func testEverySourceOfTheBundledCatalogNamesAPublicPlace() {
        let warnings = SourceLint.warnings(directory: bundledCatalogDirectory.path)
        XCTAssertEqual(warnings.map(\.description), [], "fix these sources (see Catalog/README.md, 'Sources')")
    }

    func testNothingInTheCatalogOrTheReadmesPointsIntoShared() throws {
        var files = [bundledCatalogDirectory.deletingLastPathComponent().appendingPathComponent("README.md")]
        let walker = FileManager.default.enumerator(at: bundledCatalogDirectory, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            if url.pathExtension == "yaml" || url.pathExtension == "md" { files.append(url) }
        }
        XCTAssertGreaterThan(files.count, 20)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains("shared/") || line.contains("domain.md") {
                XCTFail("\(file.lastPathComponent):\(number + 1) points into shared/: \(line)")
            }
        }
    }

    func testPublicPlacesAreURLsAndFilesOrCommitsOfNamedRepositories() {
        XCTAssertEqual(SourceLint.places(in: "https://access.redhat.com/support/policy/updates/errata"),
                       ["https://access.redhat.com/support/policy/updates/errata"])
        XCTAssertEqual(SourceLint.places(in: "QEMU hw/i386/pc_q35.c (ICH9 AHCI)"), ["QEMU:hw/i386/pc_q35.c"])
        XCTAssertEqual(SourceLint.places(in: "QEMU commit 8d3122a80647673eee7a5166041a687dc9879a98 (9.1)"),
                       ["QEMU@8d3122a80647673eee7a5166041a687dc9879a98"])
        XCTAssertEqual(SourceLint.places(in: "distro-info-data /usr/share/distro-info/debian.csv, row 9"),
                       ["distro-info-data:/usr/share/distro-info/debian.csv"])
        XCTAssertEqual(SourceLint.places(in: "osinfo-db 20221203, os/redhat.com/rhel-6.0.xml"), ["osinfo-db:os/redhat.com/rhel-6.0.xml"])
        // Versions, years and chip names are not places.
        XCTAssertEqual(SourceLint.places(in: "Linux 4.1/4.14/5.4, released 2015; the PIIX3/4 IDE function"), [])
        XCTAssertEqual(SourceLint.places(in: "kernel 2.6.32 (>= 4.0 for virtio 1.0)"), [])
    }

    func testPrivateSourcesUnplacedSourcesAndRepeatsAreWarned() {
        XCTAssertEqual(SourceLint.check("QEMU hw/i386/pc_piix.c"), [])
        let seed = SourceLint.check("qemu-devel 2020-03-10 'Upstream QEMU guest support policy' (shared/seed)")
        XCTAssertTrue(seed.contains { $0.contains("'shared/'") }, "\(seed)")
        XCTAssertTrue(seed.contains { $0.contains("no public place") }, "a mail without its archive address: \(seed)")
        XCTAssertTrue(SourceLint.check("kernel 3.10 (domain.md section 4)").contains { $0.contains("'domain.md'") })
        XCTAssertEqual(SourceLint.check("QEMU hw/a/b.c (x); QEMU hw/a/b.c (y)"), ["source cites QEMU:hw/a/b.c twice"])
    }

    func testWarningsCarryFileAndLineAndCatchARuleRepeatingItsDefaultsPlace() throws {
        let scratch = try ScratchCatalog()
        // The fixture's sources name no public place: one warning each, at the source's line.
        let before = SourceLint.warnings(directory: scratch.path).map(\.description)
        XCTAssertTrue(before.contains("\(scratch.path)/rules.yaml:8: warning: \(SourceLint.check("fixture rule virtio")[0])"), "\(before)")
        let rule = try scratch.replace("rules.yaml", in: "fixture rule virtio", "fixture rule virtio", with: "QEMU hw/virtio/virtio-pci.c (x); shared/seed")
        try scratch.replace("machine-families.yaml", in: "fixture virtio modern", "fixture virtio modern", with: "QEMU hw/virtio/virtio-pci.c (y)")
        let after = SourceLint.warnings(directory: scratch.path).map(\.description)
        XCTAssertTrue(after.contains("\(scratch.path)/rules.yaml:\(rule): warning: source points into 'shared/', which is not public: cite the public original"), "\(after)")
        XCTAssertTrue(after.contains("\(scratch.path)/rules.yaml:\(rule): warning: source repeats QEMU:hw/virtio/virtio-pci.c, which a machine-type default this rule reads already cites"), "\(after)")
        XCTAssertFalse(after.contains { $0.contains("machine-families.yaml") && $0.contains("virtio-pci.c") })
    }
}
