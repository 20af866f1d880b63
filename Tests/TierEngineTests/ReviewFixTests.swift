import XCTest
@testable import TierEngine

/// The age rule from the latest point release, unknown capabilities, estimated dates, and the proposal baseline.
final class AgeFromPointReleaseTests: XCTestCase {
    func catalogWithPoints() -> Catalog {
        var guests = Mini.guests
        let i = guests.firstIndex { $0.id == "old" }!
        guests[i].pointReleases = [("old.0", "2012-03-15"), ("old.1", "2014-06-01"), ("old.2", "2018-02-01")].map {
            PointRelease(id: $0.0, name: $0.0, released: fact($0.1, "point \($0.0)"), eol: fact(nil), arch: guests[i].arch,
                         capabilities: guests[i].capabilities, capabilitiesProvenance: Provenance("caps"), provenance: Provenance("point \($0.0)"))
        }
        return Mini.catalog(guests: guests)
    }

    func testLatestPointReleaseMovesTheAgeCapAndItsEdges() throws {
        let e = Evaluator(catalog: catalogWithPoints())
        var policy = Mini.ageOnly
        // First release 2012-03-15: outside the 5-year window on 2018-01-01 …
        XCTAssertEqual(try e.cell("old", "oldpc-3.0", "2018-01-01", policy).tier, .supported)
        policy.ageFrom = .latestPointRelease
        // … but its latest point release by then is old.1 (2014-06-01), inside the window until 2019-06-01.
        let cell = try e.cell("old", "oldpc-3.0", "2018-01-01", policy)
        XCTAssertEqual(cell.tier, .recommended)
        // old.2 (2018-02-01) then keeps it inside until 2023-02-01: the cap arrives on 2023-02-02.
        try assertEdge(e, guest: "old", machine: "oldpc-3.0", policy: policy, edge: "2023-02-02", from: .recommended, to: .supported)
        let capped = try e.cell("old", "oldpc-3.0", "2023-06-01", policy)
        let age = try XCTUnwrap(capped.reasons.first { $0.kind == .age })
        XCTAssertTrue(age.text.hasPrefix("latest point release old.2 released 2018-02-01, before the cutoff 2018-06-01"), age.text)
        XCTAssertEqual(age.source, "point old.2")
        // Without point releases the rule falls back to the first release.
        XCTAssertEqual(try e.cell("new", "oldpc-4.0", "2022-01-01", policy).tier, .supported)
        XCTAssertEqual(try e.cell("new", "oldpc-4.0", "2021-01-01", policy).tier, .recommended)
    }

    func testCapRemediesOnlyWhereTheBaseIsRecommended() throws {
        let e = Evaluator(catalog: Mini.catalog())
        let unsupported = try e.cell("noahci", "pcx-2.0", "2019-01-01", Mini.both)
        XCTAssertEqual(unsupported.tier, .unsupported)
        for reason in unsupported.reasons where [.vendor, .age, .lifecycle].contains(reason.kind) {
            XCTAssertNil(reason.remedy, "no policy lifts an Unsupported cell: \(reason)")
        }
        let capped = try e.cell("old", "oldpc-3.0", "2018-01-01", Mini.both)
        XCTAssertEqual(capped.baseTier, .recommended)
        XCTAssertNotNil(capped.reasons.first { $0.kind == .age }?.remedy)
    }

    func testUnknownCapabilityMayApplyButNeverMakesUnsupported() throws {
        var guests = Mini.guests
        var imported = Mini.guest("imported", released: "2015-01-01", end: nil, arch: ["x86_64"], capabilities: ["ide": true])
        imported.unknownCapabilities = ["ahci"]
        guests.append(imported)
        let e = Evaluator(catalog: Mini.catalog(guests: guests))
        let cell = try e.cell("imported", "pcx-2.0", "2016-06-01", Mini.none)
        XCTAssertEqual(cell.tier, .supported, "a rule without a fix that only may apply caps at Supported")
        let rule = try XCTUnwrap(cell.reasons.first { $0.kind == .rule })
        XCTAssertTrue(rule.text.hasPrefix("may apply, as the guest's source does not record ahci: "), rule.text)
        XCTAssertTrue(cell.settings.isEmpty || cell.settings.allSatisfy { !$0.isEmpty })
        // A known false still makes it Unsupported.
        XCTAssertEqual(try e.cell("noahci", "pcx-2.0", "2016-06-01", Mini.none).tier, .unsupported)
    }

    func testEstimatedLifecycleDatesAreMarkedInTheNextChange() throws {
        let e = Evaluator(catalog: Mini.catalog(rule: Mini.shortRule))
        // 4.1 is the last listed release: a type whose deletion falls after it has an estimated date.
        let m = try XCTUnwrap(e.machineIndex("oldpc-3.0"))
        let deleted = try XCTUnwrap(e.machines[m].deleted)
        XCTAssertFalse(deleted.provenance.verified)
        let before = deleted.day!.adding(days: -1)
        let cell = e.evaluate(guest: e.guestIndex("new")!, machine: m, date: before, policy: Mini.none)
        XCTAssertEqual(cell.nextChange?.day, deleted.day)
        XCTAssertEqual(cell.nextChange?.estimated, true)
    }

    func testTheBaselineWithoutAProposalKeepsTheQemuBinary() throws {
        let catalog = Mini.catalog(proposals: [Proposal(id: "p", title: "p", optIn: nil,
                                                        changes: [.init(familyID: "ppc", versions: VersionRange(from: v("3.0")), property: "iommu_platform", value: "on")],
                                                        provenance: Provenance("p"))])
        let offered = OfferedMachines(binary: "/fake/qemu", names: ["oldpc-4.0"], arch: ["x86_64"])
        let e = Evaluator(catalog: catalog, proposal: catalog.proposal("p"), offered: offered)
        let baseline = e.withoutProposal()
        XCTAssertNil(baseline.proposal)
        XCTAssertEqual(baseline.offered?.binary, "/fake/qemu")
        XCTAssertFalse(baseline.isAvailable(machine: baseline.machineIndex("ppc-4.0")!, at: d("2019-01-01")))
        XCTAssertTrue(baseline.isAvailable(machine: baseline.machineIndex("oldpc-4.0")!, at: d("2019-01-01")))
    }
}
