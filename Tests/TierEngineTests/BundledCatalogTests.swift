import Foundation
import XCTest
import CatalogLoader
@testable import TierEngine

/// The repository's catalog (…/Tests/TierEngineTests/<file> → …/Catalog).
let bundledCatalogPath = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Catalog").path

/// domain.md's worked examples against the bundled catalog. Skipped while Catalog/guests is still empty.
final class BundledCatalogEngineTests: XCTestCase {
    nonisolated(unsafe) private static var cached: Evaluator?

    private func evaluator() throws -> Evaluator {
        if let cached = Self.cached { return cached }
        let guests = (bundledCatalogPath as NSString).appendingPathComponent("guests")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: guests)) ?? []).filter { $0.hasSuffix(".yaml") }
        try XCTSkipIf(files.isEmpty, "Catalog/guests has no files yet")
        let evaluator = Evaluator(catalog: try CatalogLoader.load(directory: bundledCatalogPath))
        Self.cached = evaluator
        return evaluator
    }

    private func policy(_ id: String) throws -> Policy {
        try XCTUnwrap(try evaluator().catalog.policy(id), "policy \(id)")
    }

    private func requireGuest(_ id: String) throws {
        try XCTSkipIf(try evaluator().guestIndex(id) == nil, "guest \(id) is not in the catalog yet")
    }

    // MARK: the 2020-03-10 mail

    func testAgeRuleKeepsRhel6OutOfRecommendedButVendorRuleKeepsItIn() throws {
        let e = try evaluator()
        try requireGuest("rhel6")
        let age = try e.cell("rhel6", "pc-i440fx-4.2", "2020-03-10", try policy("age"))
        XCTAssertEqual(age.baseTier, .recommended)
        XCTAssertEqual(age.tier, .supported)
        XCTAssertTrue(age.reasonKinds.contains(.age), "\(age.reasons)")
        XCTAssertEqual(age.cutoff, d("2015-03-10"))
        let vendor = try e.cell("rhel6", "pc-i440fx-4.2", "2020-03-10", try policy("vendor"))
        XCTAssertEqual(vendor.tier, .recommended)
        XCTAssertEqual(vendor.reasonKinds, [.compatible])
        // The same with policies built in code.
        XCTAssertEqual(try e.cell("rhel6", "pc-i440fx-4.2", "2020-03-10", Policy(id: "a", vendorCap: false, ageCap: true)).tier, .supported)
        XCTAssertEqual(try e.cell("rhel6", "pc-i440fx-4.2", "2020-03-10", Policy(id: "v", vendorCap: true, ageCap: false)).tier, .recommended)
        XCTAssertEqual(try e.cell("rhel6", "pc-i440fx-4.2", "2020-03-10", try policy("both")).tier, .supported)
    }

    func testRhel6OnQ35NeedsSettingsForLegacyOnlyVirtio() throws {
        let e = try evaluator()
        try requireGuest("rhel6")
        let rule = try XCTUnwrap(e.catalog.rules.first { $0.id == "virtio-modern-only" })
        for policyID in ["vendor", "none"] {
            let cell = try e.cell("rhel6", "pc-q35-4.2", "2020-03-10", try policy(policyID))
            XCTAssertEqual(cell.tier, .supported)
            XCTAssertEqual(cell.baseTier, .supported)
            let fired = cell.reasons.filter { $0.kind == .rule }
            XCTAssertEqual(fired.count, 1, "\(fired)")
            XCTAssertTrue(fired.first?.text.hasPrefix(rule.text) ?? false, "\(fired)")
            XCTAssertTrue(fired.first?.text.contains("virtio=modern-only") ?? false)
            XCTAssertTrue(cell.settings.contains { $0.contains("pcie-to-pci-bridge") || $0.contains("disable-legacy=off") },
                          "\(cell.settings)")
            XCTAssertEqual(cell.settings, rule.fix)
        }
    }

    func testRhel6OnOldQ35HasNoVirtioProblem() throws {
        let e = try evaluator()
        try requireGuest("rhel6")
        let cell = try e.cell("rhel6", "pc-q35-2.6", "2020-03-10", try policy("vendor"))
        XCTAssertEqual(cell.baseTier, .recommended)
        XCTAssertEqual(cell.tier, .recommended)
        XCTAssertFalse(cell.reasons.contains { $0.kind == .rule })
        // 2.7 is the first modern-only q35.
        XCTAssertEqual(try e.cell("rhel6", "pc-q35-2.7", "2020-03-10", try policy("vendor")).baseTier, .supported)
    }

    func testRhel8() throws {
        let e = try evaluator()
        try requireGuest("rhel8")
        let both = try policy("both")
        let cell = try e.cell("rhel8", "pc-q35-4.2", "2020-03-10", both)
        XCTAssertEqual(cell.tier, .recommended)
        XCTAssertEqual(cell.baseTier, .recommended)
        XCTAssertEqual(cell.settings, [])
        XCTAssertEqual(try e.cell("rhel8", "pc-q35-4.2", "2019-01-01", both).tier, .unreleased)
        let future = try e.cell("rhel8", "pc-q35-5.0", "2020-03-10", both)
        XCTAssertEqual(future.tier, .unavailable)
        XCTAssertEqual(future.nextChange, TierChange(day: d("2020-04-28"), tier: .recommended))
    }

    // MARK: Windows 11

    func testWin11CannotBeBetterThanUnsupportedOnI440fx() throws {
        let e = try evaluator()
        try requireGuest("win11")
        for machine in ["pc-i440fx-6.1", "pc-i440fx-8.0", "pc-i440fx-10.0"] {
            for policyID in ["both", "vendor", "age", "none"] {
                let cell = try e.cell("win11", machine, "2025-06-01", try policy(policyID))
                XCTAssertEqual(cell.baseTier, .unsupported, machine)
                XCTAssertEqual(cell.tier, .unsupported, machine)
            }
        }
        // At every date from its release on, in every i440fx type that exists then.
        let g = try XCTUnwrap(e.guestIndex("win11"))
        for date in ["2021-10-05", "2023-01-01", "2026-11-26"].map({ d($0) }) {
            let tiers = e.tiers(at: date, policy: try policy("none"))
            for (m, machine) in e.machines.enumerated() where machine.familyID == "i440fx" {
                XCTAssertTrue([.unsupported, .unavailable].contains(tiers[g * e.machineTypeCount + m]), "\(machine.name) \(date)")
            }
        }
    }

    func testWin11OnQ35NeedsSettings() throws {
        let e = try evaluator()
        try requireGuest("win11")
        let cell = try e.cell("win11", "pc-q35-8.0", "2025-06-01", try policy("both"))
        XCTAssertEqual(cell.baseTier, .supported)
        XCTAssertEqual(cell.tier, .supported)
        XCTAssertFalse(cell.settings.isEmpty)
        XCTAssertTrue(cell.settings.contains { $0.localizedCaseInsensitiveContains("TPM") }, "\(cell.settings)")
        XCTAssertTrue(cell.settings.contains { $0.localizedCaseInsensitiveContains("secure") }, "\(cell.settings)")
        XCTAssertTrue(cell.settings.contains { $0.contains("OVMF") }, "\(cell.settings)")
        XCTAssertEqual(try e.cell("win11", "pc-q35-8.0", "2021-01-01", try policy("both")).tier, .unreleased)
    }

    // MARK: machine-type lifecycle

    func testQemu111DeprecatesThrough81AndDeletesThrough51() throws {
        let e = try evaluator()
        let release111 = try XCTUnwrap(e.catalog.release(v("11.1"))).date
        for family in ["pc-q35-", "pc-i440fx-", "pseries-", "virt-", "s390-ccw-virtio-"] {
            let t81 = try XCTUnwrap(e.catalog.machineType(family + "8.1"))
            let t82 = try XCTUnwrap(e.catalog.machineType(family + "8.2"))
            let t51 = try XCTUnwrap(e.catalog.machineType(family + "5.1"))
            let t52 = try XCTUnwrap(e.catalog.machineType(family + "5.2"))
            XCTAssertEqual(t81.deprecated?.day, release111, family)
            XCTAssertGreaterThan(try XCTUnwrap(t82.deprecated?.day), release111, family)
            XCTAssertEqual(t51.deleted?.day, release111, family)
            XCTAssertGreaterThan(try XCTUnwrap(t52.deleted?.day), release111, family)
            // Not yet released types get estimates: 8.2 + 3 years, 5.2 + 6 years.
            XCTAssertEqual(t82.deprecated?.day, d("2026-12-19"), family)
            XCTAssertEqual(t52.deleted?.day, d("2026-12-08"), family)
            XCTAssertFalse(t82.deprecated!.provenance.verified)
        }
        XCTAssertEqual(e.catalog.machineType("pc-q35-8.0")?.deprecated?.day, d("2026-04-21"))
        // pc-q35-4.2: deprecated when the rule arrived (9.1), deleted by 10.2.
        XCTAssertEqual(e.catalog.machineType("pc-q35-4.2")?.deprecated?.day, d("2024-09-03"))
        XCTAssertEqual(e.catalog.machineType("pc-q35-4.2")?.deleted?.day, d("2025-12-23"))
        // Recorded removals before the automatic rule.
        XCTAssertEqual(e.catalog.machineType("pc-q35-2.3")?.deleted?.day, e.catalog.release(v("2.6"))?.date)
        XCTAssertEqual(e.catalog.machineType("pc-i440fx-2.12")?.deleted?.day, e.catalog.release(v("10.1"))?.date)
        XCTAssertEqual(e.catalog.machineType("pc-i440fx-2.12")?.deprecated?.day, e.catalog.release(v("9.1"))?.date)
    }

    func testDeprecatedMachineTypeCapsARecentGuest() throws {
        let e = try evaluator()
        for guest in ["rhel9", "ubuntu24.04"] where e.guestIndex(guest) != nil {
            let both = try policy("both")
            let cell = try e.cell(guest, "pc-q35-8.0", "2026-11-26", both)
            XCTAssertEqual(cell.baseTier, .recommended, guest)
            XCTAssertEqual(cell.tier, .supported, guest)
            XCTAssertEqual(cell.reasonKinds, [.compatible, .lifecycle], guest)
            XCTAssertTrue(cell.reasons[1].text.contains("2026-04-21"), cell.reasons[1].text)
            XCTAssertEqual(try e.cell(guest, "pc-q35-8.0", "2026-04-20", both).tier, .recommended, guest)
            try assertEdge(e, guest: guest, machine: "pc-q35-8.0", policy: both, edge: "2026-04-21",
                           from: .recommended, to: .supported)
            // A non-deprecated type at the same date.
            XCTAssertEqual(try e.cell(guest, "pc-q35-9.0", "2026-11-26", both).tier, .recommended, guest)
        }
        try XCTSkipIf(e.guestIndex("rhel9") == nil && e.guestIndex("ubuntu24.04") == nil, "no recent guest yet")
    }

    // MARK: next-change edges on real data

    func testVendorEndEdgeRhel6() throws {
        let e = try evaluator()
        try requireGuest("rhel6")
        // 2020-11-30 is the last day of Maintenance Support: capped from 2020-12-01.
        XCTAssertEqual(try e.cell("rhel6", "pc-i440fx-4.2", "2020-11-30", try policy("vendor")).tier, .recommended)
        try assertEdge(e, guest: "rhel6", machine: "pc-i440fx-4.2", policy: try policy("vendor"), edge: "2020-12-01",
                       from: .recommended, to: .supported)
        XCTAssertEqual(try e.cell("rhel6", "pc-i440fx-4.2", "2020-03-10", try policy("vendor")).nextChange,
                       TierChange(day: d("2020-12-01"), tier: .supported))
    }

    func testAgeEdgeRhel8() throws {
        let e = try evaluator()
        try requireGuest("rhel8")
        // Released 2019-05-07: inside the 5-year window through 2024-05-07, out from 2024-05-08.
        let age = try policy("age")
        XCTAssertEqual(try e.cell("rhel8", "pc-q35-8.0", "2024-05-07", age).cutoff, d("2019-05-07"))
        try assertEdge(e, guest: "rhel8", machine: "pc-q35-8.0", policy: age, edge: "2024-05-08",
                       from: .recommended, to: .supported)
    }

    func testMachineReleaseAndGuestReleaseEdges() throws {
        let e = try evaluator()
        try requireGuest("rhel8")
        try assertEdge(e, guest: "rhel8", machine: "pc-q35-5.0", policy: try policy("both"), edge: "2020-04-28",
                       from: .unavailable, to: .recommended)
        try assertEdge(e, guest: "rhel8", machine: "pc-q35-4.0", policy: try policy("both"), edge: "2019-05-07",
                       from: .unreleased, to: .recommended)
    }

    func testDeprecationAndDeletionEdges() throws {
        let e = try evaluator()
        try requireGuest("rhel8")
        let vendor = try policy("vendor")
        try assertEdge(e, guest: "rhel8", machine: "pc-q35-4.2", policy: vendor, edge: "2024-09-03",
                       from: .recommended, to: .supported)
        try assertEdge(e, guest: "rhel8", machine: "pc-q35-4.2", policy: vendor, edge: "2025-12-23",
                       from: .supported, to: .unavailable)
        let gone = try e.cell("rhel8", "pc-q35-4.2", "2026-01-01", vendor)
        XCTAssertEqual(gone.reasonKinds, [.unavailable])
        XCTAssertNil(gone.nextChange)
    }

    // MARK: consistency over the whole bundled matrix

    func testTiersAtAgreeWithEvaluateForEveryCell() throws {
        let e = try evaluator()
        let dates = ["2010-01-01", "2020-03-10", "2024-02-29", "2026-11-26", "2031-06-01"].map { d($0) }
        let policies = try ["both", "vendor", "age", "none"].map { try policy($0) }
            + [Policy(id: "ext", vendorCap: true, ageCap: true, windowYears: 3, lifecycle: false, extendedCounts: true)]
        EngineConsistencyTests.checkConsistency(e, dates: dates, policies: policies)
    }
}
