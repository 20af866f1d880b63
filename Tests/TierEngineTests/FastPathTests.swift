import XCTest
import CatalogLoader
@testable import TierEngine

/// The engine's fast paths give the same answers as the cell-by-cell evaluation they replace.
final class FastPathTests: XCTestCase {
    nonisolated(unsafe) private static var cached: Evaluator?

    private func evaluator() throws -> Evaluator {
        if let cached = Self.cached { return cached }
        let evaluator = Evaluator(catalog: try CatalogLoader.load(directory: bundledCatalogPath).withPointReleaseRows())
        Self.cached = evaluator
        return evaluator
    }

    /// The status line's counts (one pass, row and column facts hoisted) equal counting `tier(...)` per cell,
    /// for every preset and knob, on dates across the catalog's whole range, and for subsets of rows and columns.
    func testTierCountsEqualCountingEveryCell() throws {
        let e = try evaluator()
        var policies = e.catalog.policies
        for base in e.catalog.policies {
            var p = base
            p.lifecycle.toggle()
            p.extendedCounts.toggle()
            p.ageFrom = p.ageFrom == .firstRelease ? .latestPointRelease : .firstRelease
            p.windowYears = 2
            policies.append(p)
        }
        let allGuests = Array(0..<e.guestCount), allMachines = Array(0..<e.machineTypeCount)
        let someGuests = allGuests.filter { $0 % 3 == 0 }, someMachines = allMachines.filter { $0 % 2 == 1 }.reversed()
        var date = Day(year: 2003, month: 1, day: 1)!
        var checked = 0
        while date <= Day(year: 2036, month: 1, day: 1)! {
            for policy in policies {
                for (guests, machines) in [(allGuests, allMachines), (someGuests, Array(someMachines))] {
                    var expected = [0, 0, 0, 0], capsOnly = 0
                    for g in guests {
                        for m in machines {
                            let tier = e.tier(guest: g, machine: m, date: date, policy: policy)
                            expected[tier.rank] += 1
                            if tier == .supported, e.baseTier(guest: g, machine: m) == .recommended { capsOnly += 1 }
                        }
                    }
                    XCTAssertEqual(e.tierCounts(guests: guests, machines: machines, date: date, policy: policy),
                                   TierCounts(byRank: expected, supportedByCapsOnly: capsOnly), "\(date) \(policy)")
                    checked += 1
                }
            }
            date = date.adding(months: 7)
        }
        XCTAssertGreaterThan(checked, 100)
    }

    /// An evaluator made by swapping the guests of another (lint's conflict impacts) answers as one built from
    /// the catalog with those guests.
    func testReplacingGuestsEqualsBuildingAfresh() throws {
        let e = try evaluator()
        let some = e.catalog.guests.enumerated().filter { $0.offset % 5 == 0 }.map(\.element)
        var catalog = e.catalog
        catalog.guests = some
        let fresh = Evaluator(catalog: catalog), swapped = e.replacingGuests(some)
        XCTAssertEqual(swapped.guestCount, some.count)
        for date in ["2009-06-01", "2020-03-10", "2031-01-01"].compactMap(Day.init) {
            for policy in e.catalog.policies {
                XCTAssertEqual(swapped.tiers(at: date, policy: policy), fresh.tiers(at: date, policy: policy), "\(date) \(policy.id)")
            }
        }
        XCTAssertEqual(swapped.evaluate(guest: 0, machine: 3, date: Day("2020-03-10")!, policy: e.catalog.policies[0]).reasons,
                       fresh.evaluate(guest: 0, machine: 3, date: Day("2020-03-10")!, policy: e.catalog.policies[0]).reasons)
    }

    /// A date-independent cell outcome is stored in a few bytes per cell (the rules that fired are shared).
    func testPerCellStateIsCompact() throws {
        let e = try evaluator()
        XCTAssertLessThanOrEqual(e.bytesPerCell, 16)
        XCTAssertEqual(e.bytesPerCell, 8)
        // Shared outcomes: far fewer than the cells (hundreds of guests share a few capability sets).
        XCTAssertLessThan(e.distinctBaseOutcomes * 10, e.guestCount * e.machineTypeCount)
    }
}
