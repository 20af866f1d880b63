import XCTest
@testable import OsinfoImport
import TierEngine

/// A conflict's impact, counted interval by interval between the cells' edges (guest edges once per pair, each
/// day's cutoff once), equals counting every day of the horizon one by one.
final class ImpactEquivalenceTests: XCTestCase {
    /// The reference: every day of the horizon, every machine type, the tier computed from scratch.
    private func dayByDay(_ guest: Guest, _ variant: Guest, _ catalog: Catalog, _ policy: Policy) -> ConflictImpact {
        var pair = catalog
        pair.guests = [guest, variant]
        let e = Evaluator(catalog: pair)
        var cellDays = 0, machines = 0
        var first: Day?, last: Day?
        for m in 0..<e.machineTypeCount {
            var differs = false
            var day = OsinfoConflicts.horizon.0
            while day <= OsinfoConflicts.horizon.1 {
                if e.tier(guest: 0, machine: m, date: day, policy: policy) != e.tier(guest: 1, machine: m, date: day, policy: policy) {
                    cellDays += 1
                    differs = true
                    first = min(first ?? day, day)
                    last = max(last ?? day, day)
                }
                day = day.adding(days: 1)
            }
            if differs { machines += 1 }
        }
        return ConflictImpact(policy: policy.id, cellDays: cellDays, machineTypes: machines, first: first, last: last)
    }

    private func day(_ text: String) -> DatedFact { DatedFact(Day(text)!, Provenance("test")) }

    private func point(_ id: String, _ released: String) -> PointRelease {
        PointRelease(id: id, name: id, released: day(released), eol: DatedFact(nil, Provenance("test")), arch: ["x86_64"],
                     capabilities: [:], capabilitiesProvenance: Provenance("test"), provenance: Provenance("test"))
    }

    func testImpactEqualsCountingEveryDay() {
        let catalog = MiniCatalog.make()
        var base = MiniCatalog.curated()
        // Point releases (one on a 29 February, whose age crossing stalls) for the latest-point age rule.
        base.pointReleases = [point("exlin1.0", "2010-01-20"), point("exlin1.1", "2012-02-29"), point("exlin1.2", "2016-09-02")]
        var variants: [(String, Guest)] = []
        func variant(_ name: String, _ change: (inout Guest) -> Void) {
            var guest = base
            change(&guest)
            variants.append((name, guest))
        }
        variant("released later") { $0.released = self.day("2011-03-15") }
        variant("released on a leap day") { $0.released = self.day("2016-02-29") }
        variant("released before the horizon") { $0.released = self.day("1998-06-01") }
        variant("released after QEMU 5.0") { $0.released = self.day("2020-06-01") }
        variant("unreleased") { $0.released = DatedFact(nil, Provenance("test")) }
        variant("support ends earlier") { $0.vendorSupportEnd = self.day("2016-06-30") }
        variant("support ends on a machine type's release") { $0.vendorSupportEnd = self.day("2018-04-23") }
        variant("support end not announced") { $0.vendorSupportEnd = DatedFact(nil, Provenance("test")) }
        variant("no extended phase") { $0.extended = [] }
        variant("no AHCI") { $0.capabilities["ahci"] = false }
        variant("modern virtio") { $0.capabilities["virtio_modern"] = true }
        variant("needs UEFI") { $0.capabilities["requires_uefi"] = true }
        variant("a later point release") { $0.pointReleases.append(self.point("exlin1.3", "2019-04-23")) }
        variant("other architecture") { $0.arch = ["aarch64"] }
        // The three a conflict is judged under, and every cap at once (with the lifecycle cap, which reads the
        // machine types' deprecation).
        var policies = ["released", "vendor_support_end", "ahci"].map { OsinfoConflicts.policy(for: $0) }
        policies.append(catalog.policies.first { $0.id == "both" }!)
        policies.append(Policy(id: "latest point, 2 years", vendorCap: true, ageCap: true, windowYears: 2, extendedCounts: true,
                               ageFrom: .latestPointRelease))
        policies.append(OsinfoConflicts.policy(for: "released", windowYears: 4))
        var nonZero = 0
        for (name, guest) in variants {
            for policy in policies {
                let fast = OsinfoConflicts.impact(base, guest, catalog, policy)
                let slow = dayByDay(base, guest, catalog, policy)
                XCTAssertEqual(fast, slow, "\(name), \(policy.id)")
                if slow.cellDays > 0 { nonZero += 1 }
            }
        }
        // Not a comparison of zeros: most variants change some cells under most policies.
        XCTAssertGreaterThan(nonZero, variants.count * policies.count / 2)
    }
}
