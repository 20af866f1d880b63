import Foundation
import XCTest
import CatalogLoader
@testable import TierEngine

/// Changes with their causes: the next change, the timeline and the cell's support cause.
final class ChangeCauseTests: XCTestCase {
    let short = Evaluator(catalog: Mini.catalog(rule: Mini.shortRule))

    /// The timeline from the edges equals a day-by-day scan of the tier, and every entry has a cause.
    func testTimelineAgreesWithADayByDayScan() {
        let policies = [Mini.both, Mini.vendorOnly, Mini.ageOnly,
                        Policy(id: "w1", vendorCap: true, ageCap: true, windowYears: 1, extendedCounts: true)]
        let from = d("2014-12-31"), through = d("2024-12-31")
        for policy in policies {
            for g in 0..<short.guestCount {
                for m in 0..<short.machineTypeCount {
                    var expected: [(Day, Tier, Tier)] = []
                    var previous = short.tier(guest: g, machine: m, date: from, policy: policy)
                    var day = from.adding(days: 1)
                    while day <= through {
                        let now = short.tier(guest: g, machine: m, date: day, policy: policy)
                        if now != previous { expected.append((day, previous, now)) }
                        previous = now
                        day = day.adding(days: 1)
                    }
                    let timeline = short.changes(guest: g, machine: m, after: from, through: through, policy: policy)
                    let label = "\(short.catalog.guests[g].id) × \(short.machines[m].name) under \(policy.id)"
                    XCTAssertEqual(timeline.map(\.day), expected.map(\.0), label)
                    XCTAssertEqual(timeline.map(\.before), expected.map(\.1), label)
                    XCTAssertEqual(timeline.map(\.tier), expected.map(\.2), label)
                    XCTAssertTrue(timeline.allSatisfy { !$0.causes.isEmpty }, label)
                    // Hidden changes only add entries whose tier stays.
                    let all = short.changes(guest: g, machine: m, after: from, through: through, policy: policy, includeHidden: true)
                    XCTAssertEqual(all.filter(\.changesTier).map(\.day), timeline.map(\.day), label)
                }
            }
        }
    }

    func testEachKindOfCauseIsNamed() throws {
        let g = try XCTUnwrap(short.guestIndex("old")), m = try XCTUnwrap(short.machineIndex("oldpc-2.0"))
        let kinds = short.changes(guest: g, machine: m, after: d("2000-01-01"), through: d("2030-01-01"),
                                  policy: Mini.both, includeHidden: true).flatMap { $0.causes.map(\.kind) }
        XCTAssertTrue(kinds.contains(.deleted), "\(kinds)")
        XCTAssertTrue(kinds.contains(.machineReleased), "\(kinds)")
        let change = try XCTUnwrap(short.nextChange(guest: g, machine: m, date: d("2015-01-01"), policy: Mini.both))
        XCTAssertFalse(change.text.isEmpty)
        XCTAssertFalse(change.source.isEmpty)
    }

    /// The next change of the bundled catalog's win10 × pc-i440fx-4.2 names QEMU 9.1's deprecation.
    func testNextChangeNamesTheQemuReleaseThatDeprecates() throws {
        let e = try bundled()
        let policy = try XCTUnwrap(e.catalog.policy("vendor"))
        let next = try XCTUnwrap(try e.cell("win10", "pc-i440fx-4.2", "2020-03-10", policy).nextChange)
        XCTAssertEqual(next.day, d("2024-09-03"))
        XCTAssertEqual(next.tier, .supported)
        XCTAssertEqual(next.before, .recommended)
        XCTAssertEqual(next.kind, .lifecycle)
        XCTAssertEqual(next.text, "QEMU 9.1 deprecates pc-i440fx-4.2")
        XCTAssertFalse(next.estimated)
        // rhel6 under the vendor rule: vendor support ends.
        let rhel6 = try XCTUnwrap(try e.cell("rhel6", "pc-i440fx-4.2", "2020-03-10", policy).nextChange)
        XCTAssertEqual(rhel6.kind, .vendor)
        XCTAssertTrue(rhel6.text.contains("2020-11-30"), rhel6.text)
    }

    func testAnEstimatedDeletionSaysSo() throws {
        let e = try bundled()
        let policy = try XCTUnwrap(e.catalog.policy("vendor"))
        let next = try XCTUnwrap(try e.cell("rhel6", "pc-i440fx-5.2", "2021-03-10", policy).nextChange)
        XCTAssertEqual(next.kind, .deleted)
        XCTAssertTrue(next.estimated)
        XCTAssertTrue(next.text.contains("11.2 or later"), next.text)
    }

    /// rhel6 on q35 is Supported because a rule fired; on i440fx only because the age cap lowers it.
    func testSupportCauseTellsRulesFromCaps() throws {
        let e = try bundled()
        let age = try XCTUnwrap(e.catalog.policy("age"))
        XCTAssertEqual(try e.cell("rhel6", "pc-q35-4.2", "2020-03-10", age).supportCause, .rule)
        XCTAssertEqual(try e.cell("rhel6", "pc-i440fx-4.2", "2020-03-10", age).supportCause, .caps([.age]))
        let g = try XCTUnwrap(e.guestIndex("rhel6")), m = try XCTUnwrap(e.machineIndex("pc-i440fx-4.2"))
        let date = d("2020-03-10"), cutoff = Evaluator.cutoff(date, windowYears: age.windowYears)
        XCTAssertEqual(e.supportCause(guest: g, machine: m, date: date.ordinal, cutoff: cutoff.ordinal, policy: age), .caps([.age]))
    }

    nonisolated(unsafe) private static var cached: Evaluator?
    private func bundled() throws -> Evaluator {
        if let cached = Self.cached { return cached }
        let evaluator = Evaluator(catalog: try CatalogLoader.load(directory: bundledCatalogPath))
        Self.cached = evaluator
        return evaluator
    }
}
