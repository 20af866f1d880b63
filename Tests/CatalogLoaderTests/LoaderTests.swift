import Foundation
import XCTest
@testable import CatalogLoader
import TierEngine

/// The valid fixture catalog, read field by field.
final class FixtureLoadTests: XCTestCase {
    func testMinimalFixtureLintsClean() throws {
        let catalog = try ScratchCatalog()
        XCTAssertEqual(catalog.lint(), [])
    }

    func testMinimalFixtureLoadsEveryField() throws {
        let scratch = try ScratchCatalog()
        let catalog = try CatalogLoader.load(directory: scratch.path)
        XCTAssertEqual(catalog.origin, scratch.path)

        // Releases and the lifecycle rule.
        XCTAssertEqual(catalog.releases.map(\.version), [QemuVersion(1, 0), QemuVersion(1, 1), QemuVersion(2, 0), QemuVersion(2, 1)])
        XCTAssertEqual(catalog.release(QemuVersion(1, 1))?.date, Day("2015-06-10"))
        XCTAssertEqual(catalog.release(QemuVersion(1, 1))?.provenance, Provenance("fixture 1.1", verified: false))
        XCTAssertEqual(catalog.release(QemuVersion(1, 0))?.provenance, Provenance("fixture 1.0", verified: true))
        XCTAssertEqual(catalog.lifecycleRule.deprecateAfterMajor, 3)
        XCTAssertEqual(catalog.lifecycleRule.deleteAfterMajor, 6)
        XCTAssertEqual(catalog.lifecycleRule.deprecationSince, QemuVersion(2, 0))
        XCTAssertEqual(catalog.lifecycleRule.deletionSince, QemuVersion(2, 1))
        XCTAssertFalse(catalog.lifecycleRule.provenance.verified)

        // Families.
        XCTAssertEqual(catalog.families.map(\.id), ["q35", "pseries"])
        let q35 = try XCTUnwrap(catalog.family("q35"))
        XCTAssertEqual(q35.pattern, "pc-q35-{v}")
        XCTAssertEqual(q35.alias, "q35")
        XCTAssertEqual(q35.arch, ["x86_64", "i686"])
        XCTAssertEqual(q35.firstVersion, QemuVersion(1, 0))
        XCTAssertFalse(q35.isDefaultMachine)
        XCTAssertTrue(q35.removals.first?.location?.hasSuffix("machine-families.yaml:10") ?? false, "\(q35.removals)")
        XCTAssertEqual(q35.removals.map { var event = $0; event.location = nil; return event }, [LifecycleEvent(versions: VersionRange(from: QemuVersion(1, 0), through: QemuVersion(1, 0)),
                                                     release: QemuVersion(2, 1), provenance: Provenance("fixture removal"))])
        XCTAssertEqual(q35.deprecations.map(\.release), [QemuVersion(2, 0)])
        XCTAssertEqual(q35.defaults.count, 3)
        XCTAssertEqual(q35.defaults[0].versions, VersionRange(from: nil, through: QemuVersion(1, 0)))
        XCTAssertEqual(q35.defaults[1].versions, VersionRange(from: QemuVersion(1, 1), through: nil))
        let pseries = try XCTUnwrap(catalog.family("pseries"))
        XCTAssertNil(pseries.alias)
        XCTAssertTrue(pseries.isDefaultMachine)
        XCTAssertEqual(pseries.defaults.first { $0.property == "iommu_platform" }?.value, "off")

        // Derived machine types.
        XCTAssertEqual(catalog.machineTypes.map(\.name),
                       ["pc-q35-1.0", "pc-q35-1.1", "pc-q35-2.0", "pc-q35-2.1", "pseries-2.0", "pseries-2.1"])
        XCTAssertEqual(catalog.machineType("pc-q35-1.0")?.deleted?.day, Day("2016-06-10"))
        XCTAssertEqual(catalog.machineType("pc-q35-1.1")?.deprecated?.day, Day("2016-01-10"))
        XCTAssertEqual(catalog.machineType("pc-q35-1.0")?.defaults["virtio"]?.value, "legacy-only")
        XCTAssertEqual(catalog.machineType("pc-q35-2.1")?.defaults["virtio"]?.value, "modern-only")

        // Rules.
        XCTAssertEqual(catalog.rules.map(\.id), ["virtio-modern-only", "no-ahci", "iommu-platform"])
        let virtio = catalog.rules[0]
        XCTAssertEqual(virtio.guestConditions.map(\.0).sorted(), ["virtio_in_box", "virtio_modern"])
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: virtio.guestConditions.map { ($0.0, $0.1) }),
                       ["virtio_in_box": true, "virtio_modern": false])
        XCTAssertEqual(virtio.machineConditions.map(\.0), ["virtio"])
        XCTAssertEqual(virtio.machineConditions.first?.1, ["modern-only"])
        XCTAssertEqual(virtio.fix, ["place the virtio devices behind a pcie-to-pci-bridge"])
        XCTAssertEqual(catalog.rules[1].fix, [])
        XCTAssertFalse(catalog.rules[1].provenance.verified)
        XCTAssertEqual(catalog.rules[2].machineConditions.first?.1, ["on"])

        // Policies: defaults for lifecycle (true) and extended_counts (false).
        XCTAssertEqual(catalog.policies.map(\.id), ["both", "vendor", "extended"])
        let vendor = try XCTUnwrap(catalog.policy("vendor"))
        XCTAssertTrue(vendor.vendorCap)
        XCTAssertFalse(vendor.ageCap)
        XCTAssertTrue(vendor.lifecycle)
        XCTAssertFalse(vendor.extendedCounts)
        let extended = try XCTUnwrap(catalog.policy("extended"))
        XCTAssertEqual(extended.windowYears, 3)
        XCTAssertFalse(extended.lifecycle)
        XCTAssertTrue(extended.extendedCounts)

        // Guests.
        XCTAssertEqual(catalog.guests.map(\.id), ["oldlinux", "newlinux"])
        let old = try XCTUnwrap(catalog.guest("oldlinux"))
        XCTAssertEqual(old.name, "Old Linux 1")
        XCTAssertEqual(old.vendor, "Acme")
        XCTAssertEqual(old.family, "linux")
        XCTAssertEqual(old.distro, "acme")
        XCTAssertEqual(old.osinfoIDs, ["oldlinux1.0", "oldlinux1.1"])
        XCTAssertEqual(old.arch, ["x86_64", "ppc64"])
        XCTAssertEqual(old.released, DatedFact(Day("2012-03-15"), Provenance("fixture old released")))
        XCTAssertEqual(old.vendorSupportEnd, DatedFact(Day("2016-12-31"), Provenance("fixture old end", verified: false)))
        XCTAssertEqual(old.extended, [ExtendedPhase(phase: "ELS", end: DatedFact(Day("2019-12-31"), Provenance("fixture old ELS")))])
        XCTAssertEqual(old.capabilities, ["virtio_in_box": true, "virtio_legacy": true, "virtio_modern": false, "ahci": true])
        XCTAssertFalse(old.has("iommu_platform"), "a missing capability is false")
        XCTAssertEqual(old.capabilitiesProvenance, Provenance("fixture old capabilities", verified: true))
        let new = try XCTUnwrap(catalog.guest("newlinux"))
        XCTAssertNil(new.distro)
        XCTAssertEqual(new.osinfoIDs, [])
        XCTAssertNil(new.vendorSupportEnd.day, "date: null means not announced")
        XCTAssertEqual(new.vendorSupportEnd.provenance.source, "fixture new end: not announced")
        XCTAssertFalse(new.capabilitiesProvenance.verified)

        // Proposals (files are read in name order).
        XCTAssertEqual(catalog.proposals.map(\.id), ["pseries-iommu", "secure-vm"])
        let proposal = try XCTUnwrap(catalog.proposal("pseries-iommu"))
        XCTAssertNil(proposal.optIn)
        XCTAssertEqual(proposal.changes, [Proposal.Change(familyID: "pseries", versions: VersionRange(from: QemuVersion(2, 1)),
                                                          property: "iommu_platform", value: "on")])
        XCTAssertEqual(catalog.proposal("secure-vm")?.optIn, "confidential-guest-support")
        XCTAssertEqual(catalog.proposal("secure-vm")?.changes.first?.versions,
                       VersionRange(from: QemuVersion(2, 0), through: QemuVersion(2, 1)))
    }

    func testFixtureEvaluates() throws {
        let scratch = try ScratchCatalog()
        let catalog = try CatalogLoader.load(directory: scratch.path)
        let evaluator = Evaluator(catalog: catalog)
        let policy = try XCTUnwrap(catalog.policy("both"))
        let g = try XCTUnwrap(evaluator.guestIndex("oldlinux"))
        let m = try XCTUnwrap(evaluator.machineIndex("pc-q35-1.1"))
        let cell = evaluator.evaluate(guest: g, machine: m, date: Day("2015-07-01")!, policy: policy)
        XCTAssertEqual(cell.tier, .supported)
        XCTAssertEqual(cell.baseTier, .supported)
        XCTAssertEqual(cell.settings, ["place the virtio devices behind a pcie-to-pci-bridge"])
    }

    func testNotADirectory() {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-catalog-\(UUID().uuidString)").path
        let problems = CatalogLoader.lint(directory: missing)
        XCTAssertEqual(problems.count, 1)
        XCTAssertEqual(problems.first?.file, missing)
        XCTAssertEqual(problems.first?.line, 1)
        XCTAssertThrowsError(try CatalogLoader.load(directory: missing)) { error in
            XCTAssertTrue(error is CatalogError)
        }
    }

    func testProblemDescriptionIsFileLineMessage() {
        let problem = CatalogProblem(file: "Catalog/rules.yaml", line: 12, message: "rule: missing field 'id'")
        XCTAssertEqual(problem.description, "Catalog/rules.yaml:12: rule: missing field 'id'")
        XCTAssertEqual(CatalogError([problem, problem]).description,
                       "Catalog/rules.yaml:12: rule: missing field 'id'\nCatalog/rules.yaml:12: rule: missing field 'id'")
    }
}

/// The repository's own catalog must lint clean.
final class BundledCatalogLintTests: XCTestCase {
    func testBundledCatalogLintsClean() throws {
        let guests = bundledCatalogDirectory.appendingPathComponent("guests")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: guests.path)) ?? []).filter { $0.hasSuffix(".yaml") }
        try XCTSkipIf(files.isEmpty, "Catalog/guests has no files yet")
        let problems = CatalogLoader.lint(directory: bundledCatalogDirectory.path)
        XCTAssertEqual(problems, [], problems.map(\.description).joined(separator: "\n"))
        let catalog = try CatalogLoader.load(directory: bundledCatalogDirectory.path)
        XCTAssertFalse(catalog.guests.isEmpty)
        for id in ["both", "vendor", "age", "none"] {
            XCTAssertNotNil(catalog.policy(id), "policy \(id)")
        }
    }
}
