import CatalogLoader
import XCTest
@testable import TierEngine

/// Timelines come from the engine's edges, not from scanning days: these tests scan days to check them.
final class TimelineTests: XCTestCase {
    /// Every day in [start, end] on which the cell's tier changes into or out of a support tier, as `explain`
    /// (`evaluate`) sees it, with the tiers before and after.
    func sweep(_ e: Evaluator, _ g: Int, _ m: Int, _ policy: Policy, from start: Day, through end: Day) -> [(Day, Tier, Tier)] {
        var found: [(Day, Tier, Tier)] = []
        var previous = e.evaluate(guest: g, machine: m, date: start.adding(days: -1), policy: policy).tier
        var day = start
        while day <= end {
            let now = e.tier(guest: g, machine: m, date: day, policy: policy)
            if now != previous, now.isSupportTier || previous.isSupportTier { found.append((day, previous, now)) }
            previous = now
            day = day.adding(days: 1)
        }
        return found
    }

    func assertTimelineMatchesSweep(_ e: Evaluator, _ g: Int, _ m: Int, _ policy: Policy, from: String, through: String,
                                    file: StaticString = #filePath, line: UInt = #line) -> [TierChange] {
        let start = d(from), end = d(through)
        let timeline = e.timeline(guest: g, machine: m, policy: policy, from: start, through: end)
        let swept = sweep(e, g, m, policy, from: start, through: end)
        let name = "\(e.catalog.guests[g].id) on \(e.machines[m].name) under \(policy.id)"
        XCTAssertEqual(timeline.map(\.day), swept.map(\.0), name, file: file, line: line)
        for (change, (day, before, after)) in zip(timeline, swept) where change.day == day {
            XCTAssertEqual(change.before, before, "\(name) on \(day)", file: file, line: line)
            XCTAssertEqual(change.tier, after, "\(name) on \(day)", file: file, line: line)
            XCTAssertFalse(change.causes.isEmpty, "\(name) on \(day): a change without a cause", file: file, line: line)
            // explain on the day and the day before says the same.
            XCTAssertEqual(e.evaluate(guest: g, machine: m, date: day, policy: policy).tier, after, file: file, line: line)
            XCTAssertEqual(e.evaluate(guest: g, machine: m, date: day.adding(days: -1), policy: policy).nextChange?.day, day,
                           "\(name): the day before predicts the change", file: file, line: line)
        }
        return timeline
    }

    /// Every cell of the small catalog, under every policy, with estimated lifecycle dates, 2009–2032 day by day.
    func testEveryMiniCellMatchesADayByDaySweep() {
        let leap = Mini.guest("leap", released: "2016-02-29", end: "2024-02-29", capabilities: Mini.modernCaps)
        let e = Evaluator(catalog: Mini.catalog(guests: Mini.guests + [leap], rule: Mini.shortRule))
        var extended = Mini.both
        extended.extendedCounts = true
        var latest = Mini.ageOnly
        latest.windowYears = 3
        for policy in [Mini.both, Mini.vendorOnly, Mini.ageOnly, extended, latest] {
            for g in e.catalog.guests.indices {
                for m in e.machines.indices {
                    _ = assertTimelineMatchesSweep(e, g, m, policy, from: "2009-01-01", through: "2032-12-31")
                }
            }
        }
    }

    /// Real cells of the bundled catalog, 2005–2035 day by day.
    func testBundledCellsMatchADayByDaySweep() throws {
        let e = Evaluator(catalog: try CatalogLoader.load(directory: bundledCatalogPath))
        let cells = [("rhel6", "pc-i440fx-4.2"), ("win10", "pc-q35-4.2"), ("debian10", "pc-q35-2.12"),
                     ("ubuntu14.04", "pc-i440fx-2.0"), ("rhel8", "pc-q35-8.0"), ("win11", "pc-q35-6.2")]
        for (guest, machine) in cells {
            let g = try XCTUnwrap(e.guestIndex(guest)), m = try XCTUnwrap(e.machineIndex(machine), machine)
            for policy in e.catalog.policies {
                let timeline = assertTimelineMatchesSweep(e, g, m, policy, from: "2005-01-01", through: "2035-12-31")
                XCTAssertFalse(timeline.isEmpty, "\(guest) on \(machine) never changes?")
            }
        }
    }

    // MARK: - Edge days

    func change(_ e: Evaluator, _ guest: String, _ machine: String, _ policy: Policy, kind: ChangeCause.Kind) throws -> TierChange {
        let g = try XCTUnwrap(e.guestIndex(guest)), m = try XCTUnwrap(e.machineIndex(machine))
        return try XCTUnwrap(e.timeline(guest: g, machine: m, policy: policy).first { $0.causes.contains { $0.kind == kind } },
                             "\(guest) on \(machine): no \(kind) change")
    }

    func testVendorEndIsTheLastSupportedDay() throws {
        let e = Evaluator(catalog: Mini.catalog())
        let vendor = try change(e, "old", "oldpc-2.0", Mini.vendorOnly, kind: .vendor)
        // 2016-12-31 is the last supported day: still Recommended; the change is the day after.
        XCTAssertEqual(vendor.day, d("2017-01-01"))
        XCTAssertEqual(vendor.before, .recommended)
        XCTAssertEqual(vendor.tier, .supported)
        XCTAssertEqual(try e.cell("old", "oldpc-2.0", "2016-12-31", Mini.vendorOnly).tier, .recommended)
        // Counting extended support (ELS to 2019-12-31) moves it to 2020-01-01.
        var extended = Mini.vendorOnly
        extended.extendedCounts = true
        XCTAssertEqual(try change(e, "old", "oldpc-2.0", extended, kind: .vendor).day, d("2020-01-01"))
    }

    func testAgeCapStartsStrictlyAfterTheCutoffDay() throws {
        let e = Evaluator(catalog: Mini.catalog())
        // Released 2016-03-01; on 2021-03-01 the cutoff is 2016-03-01, not strictly after the release.
        let age = try change(e, "new", "oldpc-2.0", Mini.ageOnly, kind: .age)
        XCTAssertEqual(age.day, d("2021-03-02"))
        XCTAssertEqual(try e.cell("new", "oldpc-2.0", "2021-03-01", Mini.ageOnly).tier, .recommended)
    }

    func testTwentyNinthOfFebruary() throws {
        let leap = Mini.guest("leap", released: "2016-02-29", end: "2024-02-29", capabilities: Mini.modernCaps)
        let e = Evaluator(catalog: Mini.catalog(guests: [leap]))
        // 2021-02-28 − 5 years = 2016-02-28 (no 29th in 2021): not yet; 2021-03-01 − 5 = 2016-03-01: capped.
        XCTAssertEqual(try change(e, "leap", "oldpc-2.0", Mini.ageOnly, kind: .age).day, d("2021-03-01"))
        // A vendor end on 29 February: supported through it, capped from 1 March.
        XCTAssertEqual(try change(e, "leap", "oldpc-2.0", Mini.vendorOnly, kind: .vendor).day, d("2024-03-01"))
    }

    func testEstimatedLifecycleDaysSayEstimated() throws {
        // Releases end in 2018: the short rule's deprecations of 2.x/3.x/4.x types fall on estimated days.
        let e = Evaluator(catalog: Mini.catalog(rule: Mini.shortRule))
        let g = try XCTUnwrap(e.guestIndex("new")), m = try XCTUnwrap(e.machineIndex("oldpc-4.1"))
        let lifecycle = try XCTUnwrap(e.timeline(guest: g, machine: m, policy: Mini.vendorOnly).first { $0.kind == .lifecycle })
        XCTAssertTrue(lifecycle.estimated)
        XCTAssertEqual(lifecycle.before, .recommended)
        let entry = try XCTUnwrap(e.timeline(guest: g, policy: Mini.vendorOnly).first { $0.kinds.first == .lifecycle && $0.machines.contains(m) })
        XCTAssertTrue(entry.estimated)
    }

    // MARK: - A guest over its machine types

    func testGuestTimelineGroupsCellsThatChangeTogether() throws {
        let e = Evaluator(catalog: Mini.catalog())
        let g = try XCTUnwrap(e.guestIndex("old"))
        let entries = e.timeline(guest: g, policy: Mini.vendorOnly)
        // Vendor support ends for every machine type on the same day: one entry.
        let vendor = entries.filter { $0.kinds.contains(.vendor) }
        XCTAssertEqual(vendor.count, 1)
        XCTAssertGreaterThan(vendor[0].machines.count, 1)
        XCTAssertFalse(vendor[0].text.contains(Timeline.machinePlaceholder))
        // Every member's own change is in its cell's timeline; and every cell change is in exactly one entry.
        var members = 0
        for m in e.machines.indices where e.machines[m].arch.contains(where: e.catalog.guests[g].arch.contains) {
            let cell = e.timeline(guest: g, machine: m, policy: Mini.vendorOnly)
            members += cell.count
            for change in cell {
                XCTAssertEqual(entries.filter { $0.day == change.day && $0.machines.contains(m) && $0.tier == change.tier }.count, 1)
            }
        }
        XCTAssertEqual(entries.reduce(0) { $0 + $1.machines.count }, members)
        XCTAssertEqual(entries.map(\.day), entries.map(\.day).sorted())
        // A cause naming the machine type names every member.
        let shipped = entries.filter { $0.kinds.first == .machineReleased }
        XCTAssertFalse(shipped.isEmpty)
        for entry in shipped { XCTAssertTrue(entry.text.contains(e.machines[entry.machines[0]].name), entry.text) }
    }
}
