import XCTest
import CatalogLoader
@testable import TierEngine
import TestSupport

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

    /// A date-independent cell outcome is stored once per row kind, not per cell (the rules that fired are shared).
    func testPerCellStateIsCompact() throws {
        let e = try evaluator()
        XCTAssertEqual(MemoryLayout<Evaluator.Cell>.stride, 8)
        XCTAssertLessThan(e.distinctRowKinds, e.guestCount)
        XCTAssertLessThanOrEqual(e.bytesPerCell, 8)
        // Shared outcomes: far fewer than the cells (hundreds of guests share a few capability sets).
        XCTAssertLessThan(e.distinctBaseOutcomes * 10, e.guestCount * e.machineTypeCount)
        // A catalog with every guest twice has the same row kinds: twice the cells, the same table.
        var doubled = e.catalog
        doubled.guests += e.catalog.guests.map { var g = $0; g.id += "~2"; g.lineID = g.lineID.map { $0 + "~2" }; return g }
        let twice = Evaluator(catalog: doubled)
        XCTAssertEqual(twice.distinctRowKinds, e.distinctRowKinds)
        XCTAssertLessThan(twice.bytesPerCell, e.bytesPerCell)
    }

    /// The row kinds stand for their guests: every cell's base tier and architecture check equal those computed
    /// from the guest's own capabilities and architectures (a kind keyed on too little would merge guests that
    /// differ, e.g. by architecture alone).
    func testRowKindsGiveEachGuestItsOwnCells() throws {
        let e = try evaluator()
        for g in 0..<e.guestCount {
            let guest = e.catalog.guests[g]
            for m in 0..<e.machineTypeCount {
                let machine = e.machines[m]
                let meets = guest.arch.contains { machine.arch.contains($0) }
                XCTAssertEqual(e.baseTier(guest: g, machine: m) != nil, meets, "\(guest.id) \(machine.name)")
            }
        }
        // Guests of equal capabilities but other architectures are other kinds.
        let byKind = Dictionary(grouping: 0..<e.guestCount) { e.rowKind[$0] }
        for (_, members) in byKind {
            let first = e.catalog.guests[members[0]]
            for g in members {
                XCTAssertEqual(Set(e.catalog.guests[g].arch), Set(first.arch))
                XCTAssertEqual(e.catalog.guests[g].capabilities, first.capabilities)
                XCTAssertEqual(e.catalog.guests[g].unknownCapabilities, first.unknownCapabilities)
            }
        }
    }

    /// What a cell shows, as the explorer compares columns: its tier and, when Supported, why.
    private func shown(_ e: Evaluator, _ g: Int, _ m: Int, _ date: Day, _ policy: Policy) -> String {
        let day = date.ordinal, cutoff = Evaluator.cutoff(date, windowYears: policy.windowYears).ordinal
        return "\(e.tier(guest: g, machine: m, date: day, cutoff: cutoff, policy: policy))"
            + "\(String(describing: e.supportCause(guest: g, machine: m, date: day, cutoff: cutoff, policy: policy)))"
    }

    /// `sameCells` (per row and column kind) says two machine types look alike exactly when every cell of the
    /// rows does, for random pairs (adjacent versions and any others), random row sets, dates and policies;
    /// and the rows with an Unsupported / needs-settings cell are those found cell by cell.
    func testKindQueriesEqualCellByCell() throws {
        let e = try evaluator()
        var random = SplitMix(seed: 13)
        var policies = e.catalog.policies
        for base in e.catalog.policies {
            var p = base
            p.lifecycle.toggle()
            p.extendedCounts.toggle()
            p.ageFrom = .latestPointRelease
            p.windowYears = 3
            policies.append(p)
        }
        var alike = 0, differ = 0
        for _ in 0..<400 {
            let date = Day(ordinal: Day("1998-01-01")!.ordinal + Int(random.next() % 14_600))
            let policy = policies[Int(random.next() % UInt64(policies.count))]
            let rows = (0..<e.guestCount).filter { _ in random.next() % 4 == 0 }
            let machines = (0..<e.machineTypeCount).filter { _ in random.next() % 3 == 0 }
            let kinds = e.releasedRowKinds(rows, at: date)
            for _ in 0..<30 {
                let a = Int(random.next() % UInt64(e.machineTypeCount))
                // Often the next version of the same family: the pairs the explorer asks about.
                let b = random.next() % 2 == 0 && a + 1 < e.machineTypeCount ? a + 1 : Int(random.next() % UInt64(e.machineTypeCount))
                let expected = rows.allSatisfy { shown(e, $0, a, date, policy) == shown(e, $0, b, date, policy) }
                XCTAssertEqual(e.sameCells(a, b, rows: kinds, date: date, policy: policy), expected,
                               "\(e.machines[a].name) \(e.machines[b].name) \(date) \(policy)")
                if expected { alike += 1 } else { differ += 1 }
            }
            let unsupported = rows.filter { g in machines.contains { e.tier(guest: g, machine: $0, date: date, policy: policy) == .unsupported } }
            XCTAssertEqual(e.guests(rows, withBaseTier: .unsupported, among: machines, date: date), unsupported)
            let settings = rows.filter { g in
                machines.contains { e.baseTier(guest: g, machine: $0) == .supported && e.tier(guest: g, machine: $0, date: date, policy: policy).isSupportTier }
            }
            XCTAssertEqual(e.guests(rows, withBaseTier: .supported, among: machines, date: date), settings)
        }
        // Both answers occur often enough for the comparison to mean something.
        XCTAssertGreaterThan(alike, 500)
        XCTAssertGreaterThan(differ, 500)
    }
}
