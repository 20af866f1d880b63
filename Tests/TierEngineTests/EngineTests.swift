import XCTest
@testable import TierEngine

/// The engine against small catalogs built in Swift: independent of the bundled data.
final class EngineTierKindTests: XCTestCase {
    let evaluator = Evaluator(catalog: Mini.catalog())

    func testMachineTypesAreDerivedPerReleaseFromTheFirstVersion() {
        let names = evaluator.catalog.machineTypes.map(\.name)
        XCTAssertEqual(names.filter { $0.hasPrefix("pcx-") },
                       ["pcx-1.0", "pcx-1.1", "pcx-2.0", "pcx-2.1", "pcx-3.0", "pcx-3.1", "pcx-4.0", "pcx-4.1"])
        XCTAssertEqual(names.filter { $0.hasPrefix("ppc-") }, ["ppc-2.0", "ppc-2.1", "ppc-3.0", "ppc-3.1", "ppc-4.0", "ppc-4.1"])
        let pcx11 = evaluator.catalog.machineType("pcx-1.1")!
        XCTAssertEqual(pcx11.defaults["virtio"]?.value, "legacy-only")
        XCTAssertEqual(evaluator.catalog.machineType("pcx-2.0")?.defaults["virtio"]?.value, "modern-only")
        XCTAssertEqual(pcx11.released.day, d("2015-06-10"))
        XCTAssertEqual(pcx11.arch, ["x86_64", "i686"])
        XCTAssertEqual(pcx11.familyID, "pcx")
        XCTAssertEqual(pcx11.version, v("1.1"))
        XCTAssertEqual(evaluator.machineTypeCount, 22)
        XCTAssertEqual(evaluator.guestCount, Mini.guests.count)
    }

    func testReleasesAreSortedByVersionNotByInputOrder() {
        let shuffled = Catalog(releases: Mini.releases.reversed(), lifecycleRule: Mini.farRule, families: [Mini.oldpc],
                               guests: Mini.guests, rules: Mini.rules, policies: [], proposals: [], origin: "test")
        XCTAssertEqual(shuffled.releases.map(\.version), Mini.releases.map(\.version))
        XCTAssertEqual(shuffled.machineTypes.map(\.name).first, "oldpc-1.0")
    }

    func testRecommended() throws {
        let cell = try evaluator.cell("new", "pcx-3.0", "2017-02-01", Mini.both)
        XCTAssertEqual(cell.tier, .recommended)
        XCTAssertEqual(cell.baseTier, .recommended)
        XCTAssertEqual(cell.settings, [])
        XCTAssertEqual(cell.reasonKinds, [.compatible])
        XCTAssertEqual(cell.cutoff, d("2012-02-01"))
        XCTAssertEqual(cell.date, d("2017-02-01"))
        XCTAssertEqual(cell.guest.id, "new")
        XCTAssertEqual(cell.machine.name, "pcx-3.0")
        XCTAssertEqual(cell.policy, Mini.both)
        // new was released 2016-03-01: the age rule caps it from 2021-03-02 on.
        XCTAssertEqual(cell.nextChange, TierChange(day: d("2021-03-02"), tier: .supported))
    }

    func testSupportedBecauseOfARuleWithAFix() throws {
        let cell = try evaluator.cell("old", "pcx-2.0", "2016-06-01", Mini.both)
        XCTAssertEqual(cell.tier, .supported)
        XCTAssertEqual(cell.baseTier, .supported)
        XCTAssertEqual(cell.settings, ["place the virtio devices behind a pcie-to-pci-bridge", "or set disable-legacy=off"])
        XCTAssertEqual(cell.reasonKinds, [.rule])
        let reason = cell.reasons[0]
        XCTAssertTrue(reason.text.contains("virtio=modern-only"), reason.text)
        XCTAssertTrue(reason.source.contains("rule virtio"), reason.source)
        XCTAssertTrue(reason.source.contains("default virtio=modern-only"), reason.source)
        XCTAssertTrue(reason.source.contains("caps old"), reason.source)
        XCTAssertEqual(reason.remedy, "place the virtio devices behind a pcie-to-pci-bridge; or set disable-legacy=off")
    }

    func testSameGuestOnLegacyVirtioTypeHasNoProblem() throws {
        let cell = try evaluator.cell("old", "pcx-1.1", "2016-06-01", Mini.both)
        XCTAssertEqual(cell.baseTier, .recommended)
        XCTAssertEqual(cell.tier, .recommended)
    }

    func testUnsupportedBecauseOfARuleWithoutFix() throws {
        let cell = try evaluator.cell("noahci", "pcx-3.0", "2017-02-01", Mini.none)
        XCTAssertEqual(cell.tier, .unsupported)
        XCTAssertEqual(cell.baseTier, .unsupported)
        XCTAssertEqual(cell.reasonKinds, [.rule])
        XCTAssertNil(cell.reasons[0].remedy, "no setting fixes it")
        XCTAssertEqual(cell.settings, [])
    }

    func testUnsupportedWithFixableRulesToo() throws {
        // Secure Boot is impossible on oldpc; the TPM could be added, but that does not help.
        let cell = try evaluator.cell("secure", "oldpc-3.0", "2017-02-01", Mini.none)
        XCTAssertEqual(cell.tier, .unsupported)
        XCTAssertEqual(cell.baseTier, .unsupported)
        XCTAssertEqual(cell.reasons.filter { $0.kind == .rule }.count, 2)
        // On pcx both are fixable: Supported with the settings of both rules, in rule order.
        let q = try evaluator.cell("secure", "pcx-3.0", "2017-02-01", Mini.none)
        XCTAssertEqual(q.tier, .supported)
        XCTAssertEqual(q.baseTier, .supported)
        XCTAssertEqual(q.settings, ["use OVMF's secure-boot build", "add a TPM 2.0"])
    }

    func testUnreleased() throws {
        let cell = try evaluator.cell("future", "pcx-3.0", "2017-02-01", Mini.both)
        XCTAssertEqual(cell.tier, .unreleased)
        XCTAssertNil(cell.baseTier)
        XCTAssertEqual(cell.settings, [])
        XCTAssertEqual(cell.reasonKinds, [.unreleased])
        XCTAssertTrue(cell.reasons[0].text.contains("2030-01-01"))
        XCTAssertEqual(cell.reasons[0].source, "released future")
        XCTAssertEqual(cell.nextChange, TierChange(day: d("2030-01-01"), tier: .recommended))
    }

    func testUnreleasedWinsOverUnavailable() throws {
        let cell = try evaluator.cell("new", "oldpc-4.1", "2016-01-01", Mini.both)
        XCTAssertEqual(cell.tier, .unreleased)
        XCTAssertEqual(cell.nextChange, TierChange(day: d("2016-03-01"), tier: .unavailable))
    }

    func testUnavailableBeforeTheMachineTypeIsReleased() throws {
        let cell = try evaluator.cell("new", "pcx-4.0", "2017-02-01", Mini.both)
        XCTAssertEqual(cell.tier, .unavailable)
        XCTAssertNil(cell.baseTier)
        XCTAssertEqual(cell.settings, [])
        XCTAssertEqual(cell.reasonKinds, [.unavailable])
        XCTAssertTrue(cell.reasons[0].text.contains("2018-01-10"), cell.reasons[0].text)
        XCTAssertEqual(cell.nextChange, TierChange(day: d("2018-01-10"), tier: .recommended))
    }

    func testUnavailableAfterDeletion() throws {
        let short = Evaluator(catalog: Mini.catalog(rule: Mini.shortRule))
        let cell = try short.cell("new", "oldpc-1.0", "2018-02-01", Mini.both)
        XCTAssertEqual(cell.tier, .unavailable)
        XCTAssertEqual(cell.reasonKinds, [.unavailable])
        XCTAssertTrue(cell.reasons[0].text.contains("deleted on 2018-01-10"), cell.reasons[0].text)
        XCTAssertNil(cell.nextChange, "a deleted type never comes back")
    }

    func testNotApplicable() throws {
        let cell = try evaluator.cell("arm", "pcx-3.0", "2017-02-01", Mini.both)
        XCTAssertEqual(cell.tier, .notApplicable)
        XCTAssertNil(cell.baseTier)
        XCTAssertEqual(cell.reasonKinds, [.notApplicable])
        XCTAssertTrue(cell.reasons[0].text.contains("aarch64"))
        XCTAssertEqual(cell.nextChange?.tier, .unavailable, "only the type's deletion changes a not-applicable cell")
        // One shared architecture is enough: old is x86_64 + ppc64, ppc is ppc64 + ppc64le.
        XCTAssertEqual(try evaluator.cell("old", "ppc-3.0", "2017-02-01", Mini.none).tier, .recommended)
        XCTAssertEqual(try evaluator.cell("noahci", "ppc-3.0", "2017-02-01", Mini.none).tier, .notApplicable)
    }

    func testEveryTierKindOccurs() {
        let short = Evaluator(catalog: Mini.catalog(rule: Mini.shortRule))
        var seen = Set<Tier>()
        for date in ["2016-01-01", "2017-02-01", "2018-02-01"] {
            seen.formUnion(short.tiers(at: d(date), policy: Mini.both))
        }
        XCTAssertEqual(seen, Set(Tier.allCases))
    }

    func testTierRanksAndTitles() {
        XCTAssertGreaterThan(Tier.recommended.rank, Tier.supported.rank)
        XCTAssertGreaterThan(Tier.supported.rank, Tier.unsupported.rank)
        XCTAssertGreaterThan(Tier.unsupported.rank, Tier.notApplicable.rank)
        XCTAssertTrue(Tier.unsupported.isSupportTier)
        XCTAssertFalse(Tier.unavailable.isSupportTier)
        XCTAssertFalse(Tier.unreleased.isSupportTier)
        XCTAssertFalse(Tier.notApplicable.isSupportTier)
        XCTAssertEqual(Tier.notApplicable.rawValue, "not-applicable")
        XCTAssertEqual(Tier.recommended.title, "Recommended")
    }
}

final class EngineCapTests: XCTestCase {
    let evaluator = Evaluator(catalog: Mini.catalog())
    let short = Evaluator(catalog: Mini.catalog(rule: Mini.shortRule))

    func testVendorCap() throws {
        let cell = try evaluator.cell("old", "oldpc-3.0", "2017-02-01", Mini.vendorOnly)
        XCTAssertEqual(cell.baseTier, .recommended)
        XCTAssertEqual(cell.tier, .supported)
        XCTAssertEqual(cell.reasonKinds, [.compatible, .vendor])
        XCTAssertTrue(cell.reasons[1].text.contains("2016-12-31"))
        XCTAssertEqual(cell.reasons[1].source, "end old")
        XCTAssertNotNil(cell.reasons[1].remedy)
        XCTAssertEqual(try evaluator.cell("old", "oldpc-3.0", "2017-02-01", Mini.ageOnly).tier, .recommended)
    }

    func testAgeCap() throws {
        let cell = try evaluator.cell("old", "oldpc-3.0", "2020-01-01", Mini.ageOnly)
        XCTAssertEqual(cell.tier, .supported)
        XCTAssertEqual(cell.reasonKinds, [.compatible, .age])
        XCTAssertTrue(cell.reasons[1].text.contains("2012-03-15"))
        XCTAssertTrue(cell.reasons[1].text.contains("2015-01-01"), "names the cutoff")
        XCTAssertEqual(cell.reasons[1].source, "released old")
        // 2020-01-01 − 8 years = 2012-01-01 ≤ 2012-03-15: a window of 8 years keeps it in.
        XCTAssertEqual(cell.reasons[1].remedy, "a window of at least 8 years")
        XCTAssertEqual(try evaluator.cell("old", "oldpc-3.0", "2020-01-01",
                                          Policy(id: "w8", vendorCap: false, ageCap: true, windowYears: 8)).tier, .recommended)
        XCTAssertEqual(try evaluator.cell("old", "oldpc-3.0", "2020-01-01",
                                          Policy(id: "w7", vendorCap: false, ageCap: true, windowYears: 7)).tier, .supported)
    }

    func testLifecycleCap() throws {
        let cell = try short.cell("new", "oldpc-2.0", "2018-02-01", Mini.none)
        XCTAssertEqual(cell.tier, .supported)
        XCTAssertEqual(cell.reasonKinds, [.compatible, .lifecycle])
        XCTAssertTrue(cell.reasons[1].text.contains("2018-01-10"), cell.reasons[1].text)
        XCTAssertTrue(cell.reasons[1].source.contains("short rule"), cell.reasons[1].source)
        XCTAssertEqual(cell.reasons[1].remedy, "a newer, non-deprecated oldpc machine type")
        let off = Policy(id: "no-lifecycle", vendorCap: false, ageCap: false, lifecycle: false)
        XCTAssertEqual(try short.cell("new", "oldpc-2.0", "2018-02-01", off).tier, .recommended)
    }

    func testAllReasonsInOrder() throws {
        let cell = try short.cell("old", "pcx-2.0", "2018-02-01", Mini.both)
        XCTAssertEqual(cell.tier, .supported)
        XCTAssertEqual(cell.reasonKinds, [.rule, .vendor, .age, .lifecycle])
    }

    func testCapsNeverLowerBelowSupported() throws {
        // Unsupported base under every cap stays Unsupported (not lower, not higher).
        let unsupported = try short.cell("noahci", "pcx-2.0", "2018-02-01", Mini.both)
        XCTAssertEqual(unsupported.baseTier, .unsupported)
        XCTAssertEqual(unsupported.tier, .unsupported)
        XCTAssertEqual(unsupported.reasonKinds.first, .rule)
        // Supported base under every cap stays Supported.
        let supported = try short.cell("old", "pcx-2.0", "2018-02-01", Mini.both)
        XCTAssertEqual(supported.tier, .supported)
        // Recommended base under every cap at once: Supported.
        let capped = try short.cell("old", "oldpc-2.0", "2018-02-01", Mini.both)
        XCTAssertEqual(capped.baseTier, .recommended)
        XCTAssertEqual(capped.tier, .supported)
        XCTAssertEqual(capped.reasonKinds, [.compatible, .vendor, .age, .lifecycle])
    }

    func testCapsNeverLowerBelowSupportedAnywhere() {
        let policies = [Mini.both, Mini.vendorOnly, Mini.ageOnly, Mini.none,
                        Policy(id: "w0", vendorCap: true, ageCap: true, windowYears: 0)]
        for evaluator in [evaluator, short] {
            for date in stride(from: d("2015-01-01").ordinal, through: d("2022-01-01").ordinal, by: 97) {
                for policy in policies {
                    for g in 0..<evaluator.guestCount {
                        for m in 0..<evaluator.machineTypeCount {
                            let cell = evaluator.evaluate(guest: g, machine: m, date: Day(ordinal: date), policy: policy)
                            guard let base = cell.baseTier else {
                                XCTAssertFalse(cell.tier.isSupportTier)
                                continue
                            }
                            if base == .unsupported {
                                XCTAssertEqual(cell.tier, .unsupported)
                            } else {
                                XCTAssertGreaterThanOrEqual(cell.tier.rank, Tier.supported.rank)
                                XCTAssertLessThanOrEqual(cell.tier.rank, base.rank)
                            }
                            let capped = cell.reasons.contains { [.vendor, .age, .lifecycle].contains($0.kind) }
                            if base == .recommended { XCTAssertEqual(cell.tier == .supported, capped) }
                        }
                    }
                }
            }
        }
    }

    func testWindowZeroCapsEveryGuestReleasedBeforeToday() throws {
        let w0 = Policy(id: "w0", vendorCap: false, ageCap: true, windowYears: 0)
        XCTAssertEqual(try evaluator.cell("new", "oldpc-2.0", "2016-03-01", w0).tier, .recommended, "released today")
        XCTAssertEqual(try evaluator.cell("new", "oldpc-2.0", "2016-03-02", w0).tier, .supported)
    }

    func testVendorEndNotAnnouncedNeverCaps() throws {
        XCTAssertEqual(try evaluator.cell("new", "oldpc-3.0", "2030-01-01", Mini.vendorOnly).tier, .recommended)
    }

    func testExtendedCounts() throws {
        let noExt = Mini.vendorOnly
        var ext = Mini.vendorOnly
        ext.extendedCounts = true
        let without = try evaluator.cell("old", "oldpc-3.0", "2017-03-01", noExt)
        XCTAssertEqual(without.tier, .supported)
        XCTAssertEqual(without.reasonKinds, [.compatible, .vendor])
        let with = try evaluator.cell("old", "oldpc-3.0", "2017-03-01", ext)
        XCTAssertEqual(with.tier, .recommended)
        XCTAssertEqual(with.nextChange, TierChange(day: d("2020-01-01"), tier: .supported))
        let later = try evaluator.cell("old", "oldpc-3.0", "2020-01-01", ext)
        XCTAssertEqual(later.tier, .supported)
        XCTAssertTrue(later.reasons[1].text.contains("2019-12-31"), later.reasons[1].text)
        XCTAssertEqual(later.reasons[1].source, "ELS old")
        XCTAssertEqual(try evaluator.cell("old", "oldpc-3.0", "2019-12-31", ext).tier, .recommended, "the last ELS day")
        try assertEdge(evaluator, guest: "old", machine: "oldpc-3.0", policy: ext, edge: "2020-01-01",
                       from: .recommended, to: .supported)
    }

    func testSupportEndCountingExtended() {
        func guest(end: String?, extended: [(String, String?)]) -> Guest {
            Mini.guest("g", released: "2010-01-01", end: end,
                       extended: extended.map { ExtendedPhase(phase: $0.0, end: fact($0.1, "phase \($0.0)")) },
                       capabilities: [:])
        }
        let plain = guest(end: "2020-01-01", extended: [])
        XCTAssertEqual(plain.supportEnd(countingExtended: true).day, d("2020-01-01"))
        let two = guest(end: "2020-01-01", extended: [("ESM", "2025-01-01"), ("Legacy", "2027-01-01")])
        XCTAssertEqual(two.supportEnd(countingExtended: false).day, d("2020-01-01"))
        XCTAssertEqual(two.supportEnd(countingExtended: true).day, d("2027-01-01"))
        XCTAssertEqual(two.supportEnd(countingExtended: true).provenance.source, "phase Legacy")
        let earlier = guest(end: "2020-01-01", extended: [("odd", "2019-01-01")])
        XCTAssertEqual(earlier.supportEnd(countingExtended: true).day, d("2020-01-01"), "an extension never shortens support")
        let unannounced = guest(end: nil, extended: [("ELS", "2030-01-01")])
        XCTAssertNil(unannounced.supportEnd(countingExtended: false).day)
        XCTAssertNil(unannounced.supportEnd(countingExtended: true).day,
                     "normal support with no announced end is open-ended; counting extensions must not end it")
        let openPhase = guest(end: "2020-01-01", extended: [("ESM", "2025-01-01"), ("ELS", nil)])
        XCTAssertEqual(openPhase.supportEnd(countingExtended: false).day, d("2020-01-01"))
        XCTAssertNil(openPhase.supportEnd(countingExtended: true).day, "an extended phase with no announced end is open-ended")
        XCTAssertEqual(openPhase.supportEnd(countingExtended: true).provenance.source, "phase ELS")
    }

    func testCutoffIsCalendarArithmetic() {
        XCTAssertEqual(Evaluator.cutoff(d("2024-02-29"), windowYears: 5), d("2019-02-28"))
        XCTAssertEqual(Evaluator.cutoff(d("2020-03-10"), windowYears: 5), d("2015-03-10"))
        XCTAssertEqual(Evaluator.cutoff(d("2020-03-10"), windowYears: 0), d("2020-03-10"))
        XCTAssertEqual(Evaluator.cutoff(d("2028-02-29"), windowYears: 4), d("2024-02-29"))
    }
}

final class EngineNextChangeTests: XCTestCase {
    static let extraGuests: [Guest] = [
        Mini.guest("ending", released: "2016-03-01", end: "2017-03-31", capabilities: Mini.modernCaps),
        Mini.guest("leap2016", released: "2016-02-29", end: nil, capabilities: Mini.modernCaps),
        Mini.guest("feb2019", released: "2019-02-28", end: nil, capabilities: Mini.modernCaps),
    ]
    let evaluator = Evaluator(catalog: Mini.catalog(guests: Mini.guests + EngineNextChangeTests.extraGuests))
    let short = Evaluator(catalog: Mini.catalog(guests: Mini.guests + EngineNextChangeTests.extraGuests, rule: Mini.shortRule))

    func testVendorEndEdge() throws {
        // 2017-03-31 is the last supported day: the cap applies from 2017-04-01.
        XCTAssertEqual(try evaluator.cell("ending", "oldpc-3.0", "2017-03-31", Mini.vendorOnly).tier, .recommended)
        try assertEdge(evaluator, guest: "ending", machine: "oldpc-3.0", policy: Mini.vendorOnly, edge: "2017-04-01",
                       from: .recommended, to: .supported)
    }

    func testAgeCutoffEdge() throws {
        // old was released 2012-03-15. On 2017-03-15 the cutoff is exactly 2012-03-15: still inside the window.
        let onCutoff = try evaluator.cell("old", "oldpc-3.0", "2017-03-15", Mini.ageOnly)
        XCTAssertEqual(onCutoff.cutoff, d("2012-03-15"))
        XCTAssertEqual(onCutoff.tier, .recommended)
        try assertEdge(evaluator, guest: "old", machine: "oldpc-3.0", policy: Mini.ageOnly, edge: "2017-03-16",
                       from: .recommended, to: .supported)
    }

    func testAgeCutoffEdgeAcrossALeapDay() throws {
        // Released 2019-02-28: on 2024-02-29 the cutoff is 2019-02-28 (clamped), so it is still inside;
        // on 2024-03-01 the cutoff is 2019-03-01 and it is out.
        let leapDay = try evaluator.cell("feb2019", "oldpc-4.1", "2024-02-29", Mini.ageOnly)
        XCTAssertEqual(leapDay.cutoff, d("2019-02-28"))
        XCTAssertEqual(leapDay.tier, .recommended)
        XCTAssertEqual(try evaluator.cell("feb2019", "oldpc-4.1", "2024-02-28", Mini.ageOnly).nextChange,
                       TierChange(day: d("2024-03-01"), tier: .supported))
        try assertEdge(evaluator, guest: "feb2019", machine: "oldpc-4.1", policy: Mini.ageOnly, edge: "2024-03-01",
                       from: .recommended, to: .supported)
    }

    func testAgeCutoffEdgeForAGuestReleasedOnALeapDay() throws {
        // Released 2016-02-29. Window 1: cutoff(2017-02-28) = 2016-02-28, cutoff(2017-03-01) = 2016-03-01.
        let w1 = Policy(id: "w1", vendorCap: false, ageCap: true, windowYears: 1)
        try assertEdge(evaluator, guest: "leap2016", machine: "oldpc-3.0", policy: w1, edge: "2017-03-01",
                       from: .recommended, to: .supported)
        // Window 4: on 2020-02-29 the cutoff is exactly 2016-02-29 (inside), from 2020-03-01 out.
        let w4 = Policy(id: "w4", vendorCap: false, ageCap: true, windowYears: 4)
        XCTAssertEqual(try evaluator.cell("leap2016", "oldpc-3.0", "2020-02-29", w4).cutoff, d("2016-02-29"))
        try assertEdge(evaluator, guest: "leap2016", machine: "oldpc-3.0", policy: w4, edge: "2020-03-01",
                       from: .recommended, to: .supported)
        // Window 5: cutoff(2021-02-28) = 2016-02-28 (inside), cutoff(2021-03-01) = 2016-03-01 (out).
        try assertEdge(evaluator, guest: "leap2016", machine: "oldpc-3.0", policy: Mini.ageOnly, edge: "2021-03-01",
                       from: .recommended, to: .supported)
    }

    func testMachineReleaseEdge() throws {
        try assertEdge(evaluator, guest: "new", machine: "oldpc-3.0", policy: Mini.both, edge: "2017-01-10",
                       from: .unavailable, to: .recommended)
    }

    func testGuestReleaseEdge() throws {
        try assertEdge(evaluator, guest: "new", machine: "oldpc-2.0", policy: Mini.both, edge: "2016-03-01",
                       from: .unreleased, to: .recommended)
    }

    func testDeprecationEdge() throws {
        // oldpc-2.0: deprecated by 4.0 (2018-01-10), deleted by 5.0 (not in the catalog: 2016-01-10 + 3 years).
        try assertEdge(short, guest: "new", machine: "oldpc-2.0", policy: Mini.both, edge: "2018-01-10",
                       from: .recommended, to: .supported)
        XCTAssertEqual(try short.cell("new", "oldpc-2.0", "2018-01-10", Mini.both).nextChange,
                       TierChange(day: d("2019-01-10"), tier: .unavailable))
    }

    func testDeletionEdge() throws {
        try assertEdge(short, guest: "new", machine: "oldpc-2.0", policy: Mini.both, edge: "2019-01-10",
                       from: .supported, to: .unavailable)
        XCTAssertNil(try short.cell("new", "oldpc-2.0", "2019-01-10", Mini.both).nextChange)
    }

    func testEdgesThatDoNotChangeTheTierAreSkipped() throws {
        // Without the lifecycle cap the deprecation changes nothing: the next change is the deletion.
        let noLifecycle = Policy(id: "x", vendorCap: false, ageCap: false, lifecycle: false)
        XCTAssertEqual(try short.cell("new", "oldpc-2.0", "2017-06-01", noLifecycle).nextChange,
                       TierChange(day: d("2019-01-10"), tier: .unavailable))
        // Already capped by the vendor rule: the age crossing on 2017-03-16 changes nothing.
        let cell = try evaluator.cell("old", "oldpc-3.0", "2017-01-15", Mini.both)
        XCTAssertEqual(cell.tier, .supported)
        XCTAssertEqual(cell.nextChange?.tier, .unavailable)
        XCTAssertGreaterThan(try XCTUnwrap(cell.nextChange).day, d("2060-01-01"))
        // An unsupported cell does not change at a cap edge either.
        let unsupported = try short.cell("noahci", "pcx-3.0", "2017-02-01", Mini.both)
        XCTAssertEqual(unsupported.tier, .unsupported)
        XCTAssertEqual(unsupported.nextChange, TierChange(day: d("2020-01-10"), tier: .unavailable))
    }

    func testEdgesListsEveryDependency() throws {
        let g = try XCTUnwrap(short.guestIndex("ending"))
        let m = try XCTUnwrap(short.machineIndex("oldpc-2.0"))
        let edges = short.edges(guest: g, machine: m, after: d("2015-01-01"), policy: Mini.both)
        XCTAssertEqual(edges, [d("2016-01-10"), d("2016-03-01"), d("2017-04-01"), d("2018-01-10"), d("2019-01-10"),
                               d("2021-03-02")])
        XCTAssertEqual(short.edges(guest: g, machine: m, after: d("2018-01-10"), policy: Mini.both),
                       [d("2019-01-10"), d("2021-03-02")])
    }

    /// nextChange against a day-by-day scan, for every cell, on several dates and policies, in both catalogs.
    func testNextChangeAgreesWithADayByDayScan() {
        let policies = [Mini.both, Mini.vendorOnly, Mini.ageOnly, Mini.none,
                        Policy(id: "w1", vendorCap: true, ageCap: true, windowYears: 1, extendedCounts: true),
                        Policy(id: "w4", vendorCap: false, ageCap: true, windowYears: 4, lifecycle: false)]
        let horizon = 12 * 366
        for evaluator in [evaluator, short] {
            for date in ["2015-03-01", "2016-02-28", "2017-01-09", "2017-03-31", "2018-06-10"].map({ d($0) }) {
                for policy in policies {
                    for g in 0..<evaluator.guestCount {
                        for m in 0..<evaluator.machineTypeCount {
                            let now = evaluator.tier(guest: g, machine: m, date: date, policy: policy)
                            var expected: TierChange? = nil
                            for offset in 1...horizon {
                                let day = date.adding(days: offset)
                                let then = evaluator.tier(guest: g, machine: m, date: day, policy: policy)
                                if then != now { expected = TierChange(day: day, tier: then); break }
                            }
                            let actual = evaluator.nextChange(guest: g, machine: m, date: date, policy: policy)
                            if let expected {
                                XCTAssertEqual(actual, expected,
                                               "\(evaluator.catalog.guests[g].id) × \(evaluator.machines[m].name) on \(date) under \(policy.id)")
                                // Every change says what it changes from and why.
                                XCTAssertEqual(actual?.before, now)
                                XCTAssertFalse(actual?.causes.isEmpty ?? true, "a change without a cause")
                            } else if let actual {
                                XCTAssertGreaterThan(actual.day, date.adding(days: horizon))
                            }
                        }
                    }
                }
            }
        }
    }
}
