import Foundation
import XCTest
@testable import TierEngine

/// Parses a day the test knows is valid.
func d(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Day {
    guard let day = Day(text) else {
        XCTFail("bad test date '\(text)'", file: file, line: line)
        return Day(ordinal: 0)
    }
    return day
}

func v(_ text: String) -> QemuVersion { QemuVersion(text)! }

func fact(_ text: String?, _ source: String = "test source", verified: Bool = true) -> DatedFact {
    DatedFact(text.map { d($0) }, Provenance(source, verified: verified))
}

/// Builders for small catalogs written in Swift, so the engine is tested independently of the bundled data.
enum Mini {
    /// Releases 1.0 … 4.1, two a year (January and June), 2015 … 2018.
    static let releases: [QemuRelease] = [
        ("1.0", "2015-01-10"), ("1.1", "2015-06-10"), ("2.0", "2016-01-10"), ("2.1", "2016-06-10"),
        ("3.0", "2017-01-10"), ("3.1", "2017-06-10"), ("4.0", "2018-01-10"), ("4.1", "2018-06-10"),
    ].map { QemuRelease(version: v($0.0), date: d($0.1), provenance: Provenance("release \($0.0)")) }

    /// A rule far enough out that no type is deprecated or deleted within the tests' dates (estimates +50 years).
    static let farRule = LifecycleRule(deprecateAfterMajor: 50, deleteAfterMajor: 60, deprecationSince: v("1.0"),
                                       deletionSince: v("1.0"), provenance: Provenance("far rule"))

    /// X.Y deprecated by the first release ≥ (X+2).Y but not before 3.1; deleted by the first ≥ (X+3).Y, not before 4.0.
    static let shortRule = LifecycleRule(deprecateAfterMajor: 2, deleteAfterMajor: 3, deprecationSince: v("3.1"),
                                         deletionSince: v("4.0"), provenance: Provenance("short rule"))

    static func def(_ property: String, _ value: String, from: String? = nil, through: String? = nil) -> PropertyDefault {
        PropertyDefault(property: property, value: value,
                        versions: VersionRange(from: from.map(v), through: through.map(v)),
                        provenance: Provenance("default \(property)=\(value)"))
    }

    /// q35-like: legacy-only virtio through 1.1, modern-only from 2.0; AHCI only; Secure Boot with settings; no TPM.
    static func pcx(removals: [LifecycleEvent] = [], deprecations: [LifecycleEvent] = []) -> MachineFamily {
        MachineFamily(id: "pcx", pattern: "pcx-{v}", alias: "pcx", arch: ["x86_64", "i686"], firstVersion: v("1.0"),
                      isDefaultMachine: false, provenance: Provenance("family pcx"), removals: removals,
                      deprecations: deprecations, defaults: [
                        def("virtio", "legacy-only", through: "1.1"), def("virtio", "modern-only", from: "2.0"),
                        def("storage", "ahci"), def("secure_boot", "settings"), def("tpm", "none"),
                        def("iommu_platform", "off"),
                      ])
    }

    /// i440fx-like: transitional virtio, IDE, no way to Secure Boot.
    static let oldpc = MachineFamily(
        id: "oldpc", pattern: "oldpc-{v}", alias: nil, arch: ["x86_64", "i686"], firstVersion: v("1.0"),
        isDefaultMachine: true, provenance: Provenance("family oldpc"), defaults: [
            def("virtio", "transitional"), def("storage", "ide"), def("secure_boot", "impossible"), def("tpm", "none"),
            def("iommu_platform", "off"),
        ])

    /// pseries-like, from 2.0.
    static let ppc = MachineFamily(
        id: "ppc", pattern: "ppc-{v}", alias: "ppc", arch: ["ppc64", "ppc64le"], firstVersion: v("2.0"),
        isDefaultMachine: true, provenance: Provenance("family ppc"), defaults: [
            def("virtio", "transitional"), def("iommu_platform", "off"), def("storage", "virtio"),
        ])

    static let rules: [CompatibilityRule] = [
        CompatibilityRule(id: "virtio-modern-only", text: "modern-only virtio, legacy-only guest",
                          guestConditions: [("virtio_in_box", true), ("virtio_modern", false)],
                          machineConditions: [("virtio", ["modern-only"])],
                          fix: ["place the virtio devices behind a pcie-to-pci-bridge", "or set disable-legacy=off"],
                          provenance: Provenance("rule virtio")),
        CompatibilityRule(id: "iommu-platform", text: "iommu_platform on, guest lacks it",
                          guestConditions: [("virtio_in_box", true), ("iommu_platform", false)],
                          machineConditions: [("iommu_platform", ["on"])],
                          fix: ["set iommu_platform=off"], provenance: Provenance("rule iommu")),
        CompatibilityRule(id: "no-ahci", text: "AHCI only, guest has no AHCI driver",
                          guestConditions: [("ahci", false)], machineConditions: [("storage", ["ahci"])],
                          fix: [], provenance: Provenance("rule ahci")),
        CompatibilityRule(id: "secure-boot-settings", text: "Secure Boot needs settings",
                          guestConditions: [("requires_secure_boot", true)],
                          machineConditions: [("secure_boot", ["settings"])],
                          fix: ["use OVMF's secure-boot build"], provenance: Provenance("rule sb")),
        CompatibilityRule(id: "secure-boot-impossible", text: "Secure Boot impossible here",
                          guestConditions: [("requires_secure_boot", true)],
                          machineConditions: [("secure_boot", ["impossible"])],
                          fix: [], provenance: Provenance("rule sb impossible")),
        CompatibilityRule(id: "tpm2", text: "needs a TPM 2.0",
                          guestConditions: [("requires_tpm2", true)], machineConditions: [("tpm", ["none"])],
                          fix: ["add a TPM 2.0"], provenance: Provenance("rule tpm")),
    ]

    static func guest(_ id: String, released: String?, end: String?, arch: [String] = ["x86_64", "ppc64"],
                      extended: [ExtendedPhase] = [], capabilities: [String: Bool]) -> Guest {
        Guest(id: id, name: "Guest \(id)", vendor: "Test", family: "linux", arch: arch,
              released: fact(released, "released \(id)"), vendorSupportEnd: fact(end, "end \(id)"),
              extended: extended, capabilities: capabilities, capabilitiesProvenance: Provenance("caps \(id)"))
    }

    static let modernCaps: [String: Bool] = ["virtio_in_box": true, "virtio_legacy": true, "virtio_modern": true,
                                             "iommu_platform": true, "ahci": true, "ide": true]
    static let legacyCaps: [String: Bool] = ["virtio_in_box": true, "virtio_legacy": true, "virtio_modern": false,
                                             "iommu_platform": false, "ahci": true, "ide": true]

    /// The standard cast.
    static let guests: [Guest] = [
        // Legacy-only virtio; vendor support ends 2016-12-31, ELS until 2019-12-31.
        guest("old", released: "2012-03-15", end: "2016-12-31",
              extended: [ExtendedPhase(phase: "ELS", end: fact("2019-12-31", "ELS old"))], capabilities: legacyCaps),
        // Modern, vendor end not announced.
        guest("new", released: "2016-03-01", end: nil, capabilities: modernCaps),
        // No AHCI driver and no virtio: unsupported on pcx.
        guest("noahci", released: "2010-01-01", end: "2020-01-01", arch: ["x86_64"],
              capabilities: ["ahci": false, "ide": true]),
        // Windows-11-like: needs Secure Boot and a TPM.
        guest("secure", released: "2016-02-29", end: "2030-01-01", arch: ["x86_64"],
              capabilities: ["ahci": true, "requires_uefi": true, "requires_secure_boot": true, "requires_tpm2": true]),
        // Another architecture entirely.
        guest("arm", released: "2014-01-01", end: nil, arch: ["aarch64"], capabilities: modernCaps),
        // Not released within the tests' dates.
        guest("future", released: "2030-01-01", end: nil, capabilities: modernCaps),
    ]

    static func catalog(guests: [Guest] = Mini.guests, families: [MachineFamily]? = nil,
                        rule: LifecycleRule = Mini.farRule, releases: [QemuRelease] = Mini.releases,
                        proposals: [Proposal] = []) -> Catalog {
        Catalog(releases: releases, lifecycleRule: rule, families: families ?? [pcx(), oldpc, ppc], guests: guests,
                rules: rules, policies: [both, vendorOnly, ageOnly, none], proposals: proposals, origin: "test")
    }

    static let both = Policy(id: "both", vendorCap: true, ageCap: true, windowYears: 5)
    static let vendorOnly = Policy(id: "vendor", vendorCap: true, ageCap: false, windowYears: 5)
    static let ageOnly = Policy(id: "age", vendorCap: false, ageCap: true, windowYears: 5)
    static let none = Policy(id: "none", vendorCap: false, ageCap: false, windowYears: 5)
}

extension Evaluator {
    /// One cell by ids, failing the test when either is unknown.
    func cell(_ guest: String, _ machine: String, _ date: String, _ policy: Policy,
              file: StaticString = #filePath, line: UInt = #line) throws -> Evaluation {
        let g = try XCTUnwrap(guestIndex(guest), "guest \(guest)", file: file, line: line)
        let m = try XCTUnwrap(machineIndex(machine), "machine type \(machine)", file: file, line: line)
        return evaluate(guest: g, machine: m, date: d(date), policy: policy)
    }
}

extension Evaluation {
    var reasonKinds: [Reason.Kind] { reasons.map(\.kind) }
}

/// Asserts the tier on `before`, `on` and `after` an edge, and that the day before predicts the change.
func assertEdge(_ evaluator: Evaluator, guest: String, machine: String, policy: Policy, edge: String,
                from old: Tier, to new: Tier, file: StaticString = #filePath, line: UInt = #line) throws {
    let edgeDay = d(edge)
    let dayBefore = edgeDay.adding(days: -1).description
    let dayAfter = edgeDay.adding(days: 1).description
    let before = try evaluator.cell(guest, machine, dayBefore, policy, file: file, line: line)
    let on = try evaluator.cell(guest, machine, edge, policy, file: file, line: line)
    let after = try evaluator.cell(guest, machine, dayAfter, policy, file: file, line: line)
    XCTAssertEqual(before.tier, old, "\(guest) × \(machine) on \(dayBefore)", file: file, line: line)
    XCTAssertEqual(before.nextChange, TierChange(day: edgeDay, tier: new),
                   "\(guest) × \(machine) on \(dayBefore): next change", file: file, line: line)
    XCTAssertEqual(on.tier, new, "\(guest) × \(machine) on \(edge)", file: file, line: line)
    XCTAssertNotEqual(on.nextChange?.day, edgeDay, file: file, line: line)
    if let next = on.nextChange { XCTAssertGreaterThan(next.day, edgeDay, file: file, line: line) }
    XCTAssertEqual(after.tier, new, "\(guest) × \(machine) on \(dayAfter)", file: file, line: line)
    XCTAssertEqual(after.nextChange, on.nextChange, "the next change does not move within a run", file: file, line: line)
    // Two days before, the prediction is the same.
    let twoBefore = try evaluator.cell(guest, machine, edgeDay.adding(days: -2).description, policy, file: file, line: line)
    if twoBefore.tier == old {
        XCTAssertEqual(twoBefore.nextChange, TierChange(day: edgeDay, tier: new), file: file, line: line)
    }
}
