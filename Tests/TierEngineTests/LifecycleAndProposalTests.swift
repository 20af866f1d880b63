import XCTest
@testable import TierEngine

/// Deprecation and deletion dates derived from QEMU's per-release rule, recorded events and estimates.
final class LifecycleDerivationTests: XCTestCase {
    static func event(_ from: String, _ through: String, _ release: String, _ source: String) -> LifecycleEvent {
        LifecycleEvent(versions: VersionRange(from: v(from), through: v(through)), release: v(release),
                       provenance: Provenance(source, verified: false))
    }

    /// shortRule (deprecate +2, not before 3.1; delete +3, not before 4.0), with recorded events on pcx.
    let catalog = Mini.catalog(families: [
        Mini.pcx(removals: [event("1.1", "1.1", "2.1", "real removal")],
                 deprecations: [event("2.1", "2.1", "3.0", "real early deprecation"),
                                event("1.0", "1.0", "4.1", "real late deprecation")]),
        Mini.oldpc,
    ], rule: Mini.shortRule)

    private func type(_ name: String) throws -> MachineType { try XCTUnwrap(catalog.machineType(name), name) }

    func testRuleUsesTheFirstReleaseNumberedAtLeastXPlusN() throws {
        // oldpc-2.0: deprecated by 4.0, oldpc-2.1 by 4.1.
        XCTAssertEqual(try type("oldpc-2.0").deprecated?.day, d("2018-01-10"))
        XCTAssertEqual(try type("oldpc-2.1").deprecated?.day, d("2018-06-10"))
        XCTAssertTrue(try type("oldpc-2.0").deprecated!.provenance.source.contains("QEMU 4.0"))
        XCTAssertTrue(try type("oldpc-2.0").deprecated!.provenance.source.contains("short rule"))
        // oldpc-1.1: deleted by 4.1.
        XCTAssertEqual(try type("oldpc-1.1").deleted?.day, d("2018-06-10"))
    }

    func testOrLaterMeansTheNextReleaseWhenTheNumberIsSkipped() {
        // X.Y with a minor the later major never reaches: 1.5 + 2 = 3.5 → the first release ≥ 3.5 is 4.0.
        let releases = Mini.releases + [QemuRelease(version: v("1.5"), date: d("2015-09-01"), provenance: Provenance("1.5"))]
        let rule = LifecycleRule(deprecateAfterMajor: 2, deleteAfterMajor: 3, deprecationSince: v("1.0"),
                                 deletionSince: v("1.0"), provenance: Provenance("r"))
        let catalog = Mini.catalog(families: [Mini.oldpc], rule: rule, releases: releases)
        XCTAssertEqual(catalog.machineType("oldpc-1.5")?.deprecated?.day, d("2018-01-10"))
        // 1.5 + 3 = 4.5: beyond the catalog, estimated three calendar years after 1.5's release.
        XCTAssertEqual(catalog.machineType("oldpc-1.5")?.deleted?.day, d("2018-09-01"))
    }

    func testNotBeforeTheReleaseThatIntroducedTheRule() throws {
        // oldpc-1.0 would be deprecated by 3.0 (2017-01-10), but the rule exists only from 3.1 on.
        XCTAssertEqual(try type("oldpc-1.0").deprecated?.day, d("2017-06-10"))
        XCTAssertTrue(try type("oldpc-1.0").deprecated!.provenance.source.contains("QEMU 3.1"))
        // Deletion: 1.0 + 3 = 4.0 = deletion_since.
        XCTAssertEqual(try type("oldpc-1.0").deleted?.day, d("2018-01-10"))
        // With deletion_since 4.1, oldpc-1.0 (4.0 by number) is deleted only by 4.1.
        var later = Mini.shortRule
        later.deletionSince = v("4.1")
        let catalog = Mini.catalog(families: [Mini.oldpc], rule: later)
        XCTAssertEqual(catalog.machineType("oldpc-1.0")?.deleted?.day, d("2018-06-10"))
        XCTAssertEqual(catalog.machineType("oldpc-1.1")?.deleted?.day, d("2018-06-10"))
        XCTAssertEqual(catalog.machineType("oldpc-2.0")?.deleted?.day, d("2019-01-10"), "estimate, unaffected")
    }

    func testEarlierRecordedRemovalWins() throws {
        let pcx11 = try type("pcx-1.1")
        XCTAssertEqual(pcx11.deleted?.day, d("2016-06-10"))
        XCTAssertTrue(pcx11.deleted!.provenance.source.contains("real removal"))
        XCTAssertFalse(pcx11.deleted!.provenance.verified)
        XCTAssertNil(pcx11.deprecated, "the rule's deprecation (2017-06-10) comes after the removal")
        // The removal applies only to its range.
        XCTAssertEqual(try type("pcx-1.0").deleted?.day, d("2018-01-10"))
    }

    func testEarlierRecordedDeprecationWins() throws {
        let pcx21 = try type("pcx-2.1")
        XCTAssertEqual(pcx21.deprecated?.day, d("2017-01-10"))
        XCTAssertTrue(pcx21.deprecated!.provenance.source.contains("real early deprecation"))
    }

    func testLaterRecordedDeprecationLosesToTheRule() throws {
        let pcx10 = try type("pcx-1.0")
        XCTAssertEqual(pcx10.deprecated?.day, d("2017-06-10"))
        XCTAssertFalse(pcx10.deprecated!.provenance.source.contains("real late deprecation"))
    }

    func testFutureReleasesAreEstimatedInCalendarYears() throws {
        // 3.0 + 2 = 5.0 and 3.0 + 3 = 6.0 are not in the catalog: 2017-01-10 + 2 and + 3 years.
        let pcx30 = try type("pcx-3.0")
        XCTAssertEqual(pcx30.deprecated?.day, d("2019-01-10"))
        XCTAssertEqual(pcx30.deleted?.day, d("2020-01-10"))
        XCTAssertFalse(pcx30.deprecated!.provenance.verified, "an estimate is not a verified fact")
        XCTAssertTrue(pcx30.deprecated!.provenance.source.contains("estimated"))
        XCTAssertEqual(try type("pcx-4.1").deprecated?.day, d("2020-06-10"))
        XCTAssertEqual(try type("pcx-4.1").deleted?.day, d("2021-06-10"))
        XCTAssertEqual(try type("pcx-2.0").deleted?.day, d("2019-01-10"))
    }

    func testLeapDayReleaseEstimateClamps() {
        let releases = [QemuRelease(version: v("1.0"), date: d("2024-02-29"), provenance: Provenance("leap"))]
        let rule = LifecycleRule(deprecateAfterMajor: 3, deleteAfterMajor: 6, deprecationSince: v("1.0"),
                                 deletionSince: v("1.0"), provenance: Provenance("r"))
        let catalog = Mini.catalog(families: [Mini.oldpc], rule: rule, releases: releases)
        XCTAssertEqual(catalog.machineType("oldpc-1.0")?.deprecated?.day, d("2027-02-28"))
        XCTAssertEqual(catalog.machineType("oldpc-1.0")?.deleted?.day, d("2030-02-28"))
    }

    func testTypeNameFromPattern() {
        XCTAssertEqual(Mini.oldpc.typeName(v("2.10")), "oldpc-2.10")
        let odd = MachineFamily(id: "x", pattern: "{v}-x-{v}", alias: nil, arch: ["x86_64"], firstVersion: v("1.0"),
                                isDefaultMachine: false, provenance: Provenance("x"), defaults: [])
        XCTAssertEqual(odd.typeName(v("1.2")), "1.2-x-1.2")
    }

    func testVersionRange() {
        let range = VersionRange(from: v("2.7"), through: v("2.12"))
        XCTAssertFalse(range.contains(v("2.6")))
        XCTAssertTrue(range.contains(v("2.7")))
        XCTAssertTrue(range.contains(v("2.10")))
        XCTAssertTrue(range.contains(v("2.12")))
        XCTAssertFalse(range.contains(v("3.0")))
        XCTAssertTrue(VersionRange().contains(v("0.1")))
        XCTAssertTrue(VersionRange(from: v("5.0")).contains(v("11.1")))
        XCTAssertFalse(VersionRange(through: v("2.6")).contains(v("2.7")))
    }

    func testProvenanceCited() {
        XCTAssertEqual(Provenance("a").cited, "a")
        XCTAssertEqual(Provenance("a", verified: false).cited, "a (unverified)")
    }
}

/// What-if changes of machine-type defaults.
final class ProposalTests: XCTestCase {
    let catalog = Mini.catalog()
    let proposal = Proposal(id: "ppc-iommu", title: "iommu_platform on for ppc from 3.0", optIn: nil,
                            changes: [Proposal.Change(familyID: "ppc", versions: VersionRange(from: v("3.0")),
                                                      property: "iommu_platform", value: "on")],
                            provenance: Provenance("the 2020 patch"))
    let optInProposal = Proposal(id: "svm", title: "Secure VM", optIn: "confidential-guest-support",
                                 changes: [Proposal.Change(familyID: "ppc", versions: VersionRange(from: v("3.0"), through: v("3.1")),
                                                           property: "iommu_platform", value: "on")],
                                 provenance: Provenance("opt-in"))

    func testProposalChangesTheDefaultsFromItsVersionOn() throws {
        let evaluator = Evaluator(catalog: catalog, proposal: proposal)
        XCTAssertTrue(evaluator.proposalApplies)
        let changed = try evaluator.cell("old", "ppc-3.0", "2017-02-01", Mini.none)
        XCTAssertEqual(changed.tier, .supported)
        XCTAssertEqual(changed.baseTier, .supported)
        XCTAssertEqual(changed.settings, ["set iommu_platform=off"])
        XCTAssertTrue(changed.reasons[0].source.contains("proposal ppc-iommu"), changed.reasons[0].source)
        XCTAssertTrue(changed.reasons[0].source.contains("the 2020 patch"), changed.reasons[0].source)
        XCTAssertEqual(try evaluator.cell("old", "ppc-2.1", "2017-02-01", Mini.none).tier, .recommended, "before 3.0")
        XCTAssertEqual(try evaluator.cell("new", "ppc-3.0", "2017-02-01", Mini.none).tier, .recommended,
                       "a guest with iommu_platform is unaffected")
        XCTAssertEqual(try evaluator.cell("old", "oldpc-3.0", "2017-02-01", Mini.none).tier, .recommended,
                       "other families are unaffected")
        let m = try XCTUnwrap(evaluator.machineIndex("ppc-4.1"))
        XCTAssertEqual(evaluator.machines[m].defaults["iommu_platform"]?.value, "on")
        XCTAssertEqual(catalog.machineType("ppc-4.1")?.defaults["iommu_platform"]?.value, "off", "the catalog is untouched")
    }

    func testOptInProposalChangesNothingWithoutItsOption() {
        let plain = Evaluator(catalog: catalog)
        let withoutOption = Evaluator(catalog: catalog, proposal: optInProposal)
        let otherOption = Evaluator(catalog: catalog, proposal: optInProposal, optIns: ["something-else"])
        XCTAssertFalse(withoutOption.proposalApplies)
        XCTAssertFalse(otherOption.proposalApplies)
        for date in ["2016-06-01", "2017-02-01", "2018-07-01", "2022-01-01"].map({ d($0) }) {
            for policy in [Mini.both, Mini.none] {
                let expected = plain.tiers(at: date, policy: policy)
                XCTAssertEqual(withoutOption.tiers(at: date, policy: policy), expected)
                XCTAssertEqual(otherOption.tiers(at: date, policy: policy), expected)
            }
        }
        XCTAssertEqual(withoutOption.machines, plain.machines)
    }

    func testOptInProposalAppliesWithItsOption() throws {
        let evaluator = Evaluator(catalog: catalog, proposal: optInProposal, optIns: ["confidential-guest-support"])
        XCTAssertTrue(evaluator.proposalApplies)
        XCTAssertEqual(try evaluator.cell("old", "ppc-3.0", "2017-07-01", Mini.none).tier, .supported)
        XCTAssertEqual(try evaluator.cell("old", "ppc-3.1", "2017-07-01", Mini.none).tier, .supported)
        XCTAssertEqual(try evaluator.cell("old", "ppc-4.0", "2018-07-01", Mini.none).tier, .recommended, "after 'through'")
    }

    func testProposalAndPlainDifferOnlyWhereTheProposalReaches() {
        let plain = Evaluator(catalog: catalog)
        let what = Evaluator(catalog: catalog, proposal: proposal)
        let date = d("2018-07-01")
        let a = plain.tiers(at: date, policy: Mini.none), b = what.tiers(at: date, policy: Mini.none)
        var changed: [String] = []
        for g in 0..<plain.guestCount {
            for m in 0..<plain.machineTypeCount where a[g * plain.machineTypeCount + m] != b[g * plain.machineTypeCount + m] {
                changed.append("\(catalog.guests[g].id)×\(plain.machines[m].name)")
            }
        }
        XCTAssertEqual(changed, ["old×ppc-3.0", "old×ppc-3.1", "old×ppc-4.0", "old×ppc-4.1"])
    }
}

/// `tiers(at:policy:)`, `tier(...)` and `evaluate(...)` agree, and agree with a from-scratch reading of §3.
final class EngineConsistencyTests: XCTestCase {
    /// domain.md §3, written as plainly as possible against the catalog model.
    static func oracle(_ catalog: Catalog, machines: [MachineType], g: Int, m: Int, date: Day, policy: Policy) -> Tier {
        let guest = catalog.guests[g], machine = machines[m]
        guard let released = guest.released.day, released <= date else { return .unreleased }
        if machine.released.day! > date { return .unavailable }
        if let deleted = machine.deleted?.day, deleted <= date { return .unavailable }
        if Set(guest.arch).isDisjoint(with: machine.arch) { return .notApplicable }
        var base = Tier.recommended
        for rule in catalog.rules {
            let guestHolds = rule.guestConditions.allSatisfy { (guest.capabilities[$0.0] ?? false) == $0.1 }
            let machineHolds = rule.machineConditions.allSatisfy { property, values in
                machine.defaults[property].map { values.contains($0.value) } ?? false
            }
            guard guestHolds && machineHolds else { continue }
            if rule.fix.isEmpty { base = .unsupported } else if base == .recommended { base = .supported }
        }
        guard base == .recommended else { return base }
        var capped = false
        if policy.vendorCap, let end = guest.supportEnd(countingExtended: policy.extendedCounts).day, date > end { capped = true }
        if policy.ageCap, released < date.adding(years: -policy.windowYears) { capped = true }
        if policy.lifecycle, let deprecated = machine.deprecated?.day, deprecated <= date { capped = true }
        return capped ? .supported : .recommended
    }

    static func checkConsistency(_ evaluator: Evaluator, dates: [Day], policies: [Policy], file: StaticString = #filePath, line: UInt = #line) {
        let count = evaluator.machineTypeCount
        for date in dates {
            for policy in policies {
                let all = evaluator.tiers(at: date, policy: policy)
                XCTAssertEqual(all.count, evaluator.guestCount * count, file: file, line: line)
                for g in 0..<evaluator.guestCount {
                    for m in 0..<count {
                        let cell = evaluator.evaluate(guest: g, machine: m, date: date, policy: policy)
                        let label = "\(evaluator.catalog.guests[g].id) × \(evaluator.machines[m].name) on \(date) under \(policy.id)"
                        XCTAssertEqual(all[g * count + m], cell.tier, label, file: file, line: line)
                        XCTAssertEqual(evaluator.tier(guest: g, machine: m, date: date, policy: policy), cell.tier, label, file: file, line: line)
                        XCTAssertEqual(Self.oracle(evaluator.catalog, machines: evaluator.machines, g: g, m: m, date: date, policy: policy),
                                       cell.tier, label, file: file, line: line)
                        XCTAssertEqual(cell.guest.id, evaluator.catalog.guests[g].id, file: file, line: line)
                        XCTAssertEqual(cell.machine.name, evaluator.machines[m].name, file: file, line: line)
                        XCTAssertFalse(cell.reasons.isEmpty, label, file: file, line: line)
                        if cell.tier.isSupportTier {
                            XCTAssertNotNil(cell.baseTier, file: file, line: line)
                            XCTAssertEqual(cell.baseTier == .recommended, cell.reasons.first?.kind == .compatible, label, file: file, line: line)
                        } else {
                            XCTAssertNil(cell.baseTier, label, file: file, line: line)
                            XCTAssertEqual(cell.reasons.count, 1, label, file: file, line: line)
                        }
                        if cell.tier != .recommended && cell.tier.isSupportTier {
                            XCTAssertTrue(cell.reasons.contains { $0.remedy != nil } || cell.baseTier == .unsupported, label, file: file, line: line)
                        }
                        if let next = cell.nextChange {
                            XCTAssertGreaterThan(next.day, date, file: file, line: line)
                            XCTAssertNotEqual(next.tier, cell.tier, file: file, line: line)
                        }
                    }
                }
            }
        }
    }

    static let policies = [Mini.both, Mini.vendorOnly, Mini.ageOnly, Mini.none,
                           Policy(id: "ext", vendorCap: true, ageCap: true, windowYears: 3, lifecycle: false, extendedCounts: true)]

    func testMiniCatalogs() {
        let dates = stride(from: d("2014-06-01").ordinal, through: d("2031-01-01").ordinal, by: 151).map(Day.init(ordinal:))
        Self.checkConsistency(Evaluator(catalog: Mini.catalog()), dates: dates, policies: Self.policies)
        Self.checkConsistency(Evaluator(catalog: Mini.catalog(rule: Mini.shortRule)), dates: dates, policies: Self.policies)
        let proposal = Proposal(id: "p", title: "p", optIn: nil,
                                changes: [Proposal.Change(familyID: "ppc", versions: VersionRange(from: v("3.0")),
                                                          property: "iommu_platform", value: "on")],
                                provenance: Provenance("p"))
        Self.checkConsistency(Evaluator(catalog: Mini.catalog(), proposal: proposal), dates: dates, policies: [Mini.both])
    }
}
