import Foundation
import XCTest
@testable import OsinfoImport
import TierEngine

enum Paths {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let fixtures = testsDirectory.appendingPathComponent("Fixtures/osinfo").path
    static let repository = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
    static let bundledCatalog = repository.appendingPathComponent("Catalog").path
    static let realOsinfo = "/usr/share/osinfo"

    /// A fresh temporary directory, removed at the end of the test.
    static func temporaryDirectory(_ test: XCTestCase) throws -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("osinfo-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    /// A copy of the fixture osinfo-db in a temporary directory, to break further.
    static func fixtureCopy(_ test: XCTestCase) throws -> String {
        let root = try temporaryDirectory(test)
        let copy = (root as NSString).appendingPathComponent("osinfo")
        try FileManager.default.copyItem(atPath: fixtures, toPath: copy)
        return copy
    }
}

/// A small catalog: QEMU releases 2.6 … 5.0, one q35-like and one i440fx-like family, the virtio and AHCI rules,
/// and one curated line (`exlin1`) that lists two of the fixture's point releases.
enum MiniCatalog {
    static let versions: [(String, String)] = [
        ("2.6", "2016-05-11"), ("2.7", "2016-09-02"), ("2.12", "2018-04-24"), ("3.0", "2018-08-14"),
        ("4.0", "2019-04-23"), ("5.0", "2020-04-28"),
    ]

    static func make(guests: [Guest]? = nil) -> Catalog {
        let releases = versions.map { QemuRelease(version: QemuVersion($0.0)!, date: Day($0.1)!, provenance: Provenance("test")) }
        let rule = LifecycleRule(deprecateAfterMajor: 3, deleteAfterMajor: 6, deprecationSince: QemuVersion(5, 0),
                                 deletionSince: QemuVersion(5, 0), provenance: Provenance("test rule"))
        func fact(_ property: String, _ value: String, from: String? = nil, through: String? = nil) -> PropertyDefault {
            PropertyDefault(property: property, value: value,
                            versions: VersionRange(from: from.flatMap(QemuVersion.init), through: through.flatMap(QemuVersion.init)),
                            provenance: Provenance("test default \(property)"))
        }
        let q35 = MachineFamily(id: "q35", pattern: "pc-q35-{v}", alias: "q35", arch: ["x86_64", "i686"],
                                firstVersion: QemuVersion(2, 6), isDefaultMachine: false, provenance: Provenance("test"),
                                defaults: [fact("virtio", "legacy-only", through: "2.6"), fact("virtio", "modern-only", from: "2.7"),
                                           fact("storage", "ahci"), fact("firmware", "bios")])
        let pc = MachineFamily(id: "i440fx", pattern: "pc-i440fx-{v}", alias: "pc", arch: ["x86_64", "i686"],
                               firstVersion: QemuVersion(2, 6), isDefaultMachine: true, provenance: Provenance("test"),
                               defaults: [fact("virtio", "legacy-only", through: "2.6"), fact("virtio", "transitional", from: "2.7"),
                                          fact("storage", "ide"), fact("firmware", "bios")])
        let rules = [
            CompatibilityRule(id: "virtio-modern-only", text: "modern-only virtio; guest drives legacy only",
                              guestConditions: [("virtio_in_box", true), ("virtio_modern", false)],
                              machineConditions: [("virtio", ["modern-only"])], fix: ["pcie-to-pci-bridge"], provenance: Provenance("test rule")),
            CompatibilityRule(id: "no-ahci", text: "AHCI only; guest has no AHCI driver",
                              guestConditions: [("ahci", false)], machineConditions: [("storage", ["ahci"])], fix: [],
                              provenance: Provenance("test rule")),
            CompatibilityRule(id: "uefi", text: "guest needs UEFI", guestConditions: [("requires_uefi", true)],
                              machineConditions: [("firmware", ["bios"])], fix: ["boot OVMF"], provenance: Provenance("test rule")),
        ]
        let policies = [Policy(id: "both", vendorCap: true, ageCap: true), Policy(id: "vendor", vendorCap: true, ageCap: false),
                        Policy(id: "age", vendorCap: false, ageCap: true), Policy(id: "none", vendorCap: false, ageCap: false)]
        return Catalog(releases: releases, lifecycleRule: rule, families: [pc, q35], guests: guests ?? [curated()], rules: rules,
                       policies: policies, proposals: [], origin: "mini")
    }

    /// The curated line the fixture's exlin1.0 … 1.2 belong to. Its dates differ from osinfo-db's on purpose.
    static func curated() -> Guest {
        var guest = Guest(id: "exlin1", name: "Example Linux 1", vendor: "Example", family: "linux", distro: "rhel",
                          osinfoIDs: ["exlin1.0", "exlin1.1", "exlin1.9"], arch: ["x86_64"],
                          released: DatedFact(Day("2010-01-20")!, Provenance("https://example.org/lifecycle")),
                          vendorSupportEnd: DatedFact(Day("2019-12-31")!, Provenance("https://example.org/lifecycle")),
                          extended: [ExtendedPhase(phase: "ELS", end: DatedFact(Day("2022-12-31")!, Provenance("https://example.org/els")))],
                          capabilities: ["virtio_in_box": true, "virtio_legacy": true, "virtio_modern": false, "ahci": true,
                                         "ide": true, "e1000": false, "e1000e": true],
                          capabilitiesProvenance: Provenance("curated test capabilities"))
        guest.definedIn = "guests/example.yaml:3"
        return guest
    }
}
