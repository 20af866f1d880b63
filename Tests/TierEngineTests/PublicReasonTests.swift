import Foundation
import XCTest
import CatalogLoader
@testable import TierEngine

/// What a maintainer pastes upstream: every reason of every cell cites public places, each once.
final class PublicReasonTests: XCTestCase {
    func testEveryReasonOfTheBundledCatalogCitesPublicPlacesEachOnce() throws {
        let catalog = try CatalogLoader.load(directory: bundledCatalogPath)
        let evaluator = Evaluator(catalog: catalog)
        var checked = 0
        for date in ["2020-03-10", "2026-12-01"].map({ d($0) }) {
            // Caps add reasons (both), the base tier alone shows every rule reason (none).
            for policy in catalog.policies where policy.id == "both" || policy.id == "none" {
                for g in catalog.guests.indices {
                    for m in catalog.machineTypes.indices {
                        for reason in evaluator.evaluate(guest: g, machine: m, date: date, policy: policy).reasons {
                            checked += 1
                            let context = "\(catalog.guests[g].id) on \(catalog.machineTypes[m].name) at \(date) (\(policy.id)): \(reason.source)"
                            XCTAssertFalse(reason.source.contains("shared/") || reason.text.contains("shared/"), context)
                            let parts = reason.source.split(separator: "; ")
                            XCTAssertEqual(parts.count, Set(parts).count, "a part repeats: \(context)")
                            XCTAssertFalse(SourceLint.places(in: reason.source).isEmpty, "no public place: \(context)")
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThan(checked, 10_000)
    }

    func testJoinedSourcesKeepEachPartOnceInFirstOrder() {
        XCTAssertEqual(Provenance.joined(["A; B", "B", "C; A", "D (unverified)"]), "A; B; C; D (unverified)")
        XCTAssertEqual(Provenance.joined(["A", ""]), "A")
    }
}
