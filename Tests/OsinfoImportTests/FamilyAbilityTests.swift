import CatalogLoader
import Foundation
import XCTest
@testable import OsinfoImport
import TierEngine

/// "Unknown is not broken": abilities an import does not record follow from the line's family and release date
/// (Catalog/family-abilities.yaml), each named as an inference in the reasons; a rule that still depends on an
/// unknown ability cites the rule and the unknown.
final class FamilyAbilityTests: XCTestCase {
    static let e1000 = FamilyAbility(family: "linux", capability: "e1000", since: "Linux 2.6.12", sinceReleased: Day("2005-06-17")!,
                                     provenance: Provenance("https://example.org/e1000_hw.h", verified: false))

    func imported(_ id: String, released: String, family: String = "linux", unknown: Set<String> = ["e1000"]) -> Guest {
        var guest = Guest(id: id, name: id, vendor: "Example", family: family, arch: ["x86_64"],
                          released: DatedFact(Day(released)!, Provenance("osinfo-db test")),
                          vendorSupportEnd: DatedFact(nil, Provenance("osinfo-db test")),
                          capabilities: ["ide": true, "ahci": true], capabilitiesProvenance: Provenance("osinfo-db test file", verified: false))
        guest.unknownCapabilities = unknown
        guest.isImported = true
        return guest
    }

    func testAnUnknownAbilityFollowsFromFamilyAndReleaseDateAfterTheMargin() {
        var catalog = MiniCatalog.make(guests: [
            imported("late", released: "2007-06-17"),         // exactly 2.6.12 + 2 years: inferred
            imported("early", released: "2007-06-16"),        // one day before: stays unknown
            imported("bsd", released: "2019-01-01", family: "bsd"),
            MiniCatalog.curated(),                            // curated: e1000 false on purpose, never touched
        ])
        var known = imported("known", released: "2019-01-01", unknown: [])
        known.capabilities["e1000"] = false                   // a source that records it is never overridden
        catalog.guests.append(known)
        var point = PointRelease(id: "late.1", name: "Late 1", released: DatedFact(Day("2004-01-01")!, Provenance("p")),
                                 eol: DatedFact(nil, Provenance("p")), arch: ["x86_64"], capabilities: [:],
                                 capabilitiesProvenance: Provenance("p"), provenance: Provenance("p"))
        point.unknownCapabilities = ["e1000"]
        var point2 = point
        point2.id = "late.2"
        point2.released = DatedFact(Day("2010-01-01")!, Provenance("p"))
        catalog.guests[0].pointReleases = [point, point2]
        catalog.familyAbilities = [FamilyAbilityTests.e1000]

        let inferred = catalog.inferringFamilyAbilities()
        let late = inferred.guest("late")!
        XCTAssertEqual(late.knows("e1000"), true)
        XCTAssertTrue(late.inferredCapabilities["e1000"]!.source.contains("Catalog/family-abilities.yaml linux/e1000"))
        XCTAssertFalse(late.inferredCapabilities["e1000"]!.verified, "an inference is never a verified fact")
        XCTAssertNil(inferred.guest("early")!.knows("e1000"))
        XCTAssertNil(inferred.guest("bsd")!.knows("e1000"), "only the family the ability is recorded for")
        XCTAssertEqual(inferred.guest("known")!.knows("e1000"), false)
        XCTAssertEqual(inferred.guest("exlin1"), catalog.guest("exlin1"))
        // Each point release by its own date.
        XCTAssertNil(late.pointReleases[0].capabilities["e1000"])
        XCTAssertEqual(late.pointReleases[1].capabilities["e1000"], true)
        XCTAssertNotNil(late.pointReleases[1].inferredCapabilities["e1000"])
    }

    func testTheInferenceIsNamedInTheReasonsOnlyWhereARuleReliesOnIt() throws {
        var catalog = MiniCatalog.make(guests: [imported("late", released: "2019-12-29")])
        catalog.rules.append(CompatibilityRule(id: "e1000-nic", text: "default NIC e1000; guest has no driver",
                                               guestConditions: [("e1000", false)], machineConditions: [("storage", ["ide"])],
                                               fix: ["use rtl8139"], provenance: Provenance("VirtualBox manual (Windows XP)")))
        catalog.familyAbilities = [FamilyAbilityTests.e1000]
        let withInference = Evaluator(catalog: catalog.inferringFamilyAbilities())
        let pc = try XCTUnwrap(withInference.machineIndex("pc-i440fx-5.0")), q35 = try XCTUnwrap(withInference.machineIndex("pc-q35-5.0"))
        let policy = Policy(id: "none", vendorCap: false, ageCap: false)
        let day = Day("2021-01-01")!    // after QEMU 5.0
        let onPC = withInference.evaluate(guest: 0, machine: pc, date: day, policy: policy)
        XCTAssertEqual(onPC.tier, .recommended)
        let inference = try XCTUnwrap(onPC.reasons.first { $0.kind == .inferred })
        XCTAssertEqual(inference.text, "e1000 inferred from the guest's family and release date, so rule 'e1000-nic' does not apply")
        XCTAssertTrue(inference.source.hasPrefix("inferred: Linux 2.6.12 (2005-06-17) and every later Linux kernel have e1000, and late was first released 2019-12-29"), inference.source)
        XCTAssertTrue(inference.source.contains("https://example.org/e1000_hw.h"))
        // q35 (AHCI) does not read e1000 here: no inference to name.
        XCTAssertFalse(withInference.evaluate(guest: 0, machine: q35, date: day, policy: policy).reasons.contains { $0.kind == .inferred })

        // Without the inference the rule "may apply", and its source is the rule and the unknown — not the rule's
        // evidence about another guest (here, Windows XP).
        let without = Evaluator(catalog: catalog)
        let maybe = without.evaluate(guest: 0, machine: pc, date: day, policy: policy)
        XCTAssertEqual(maybe.tier, .supported)
        let rule = try XCTUnwrap(maybe.reasons.first { $0.kind == .rule })
        XCTAssertTrue(rule.source.hasPrefix("guest-tiers rule 'e1000-nic' (Catalog/rules.yaml), which depends on e1000: unknown for this guest"), rule.source)
        XCTAssertFalse(rule.source.contains("Windows XP"), rule.source)
    }

    func testGuestsWithTheSameCapabilitiesButDifferentUnknownsAreEvaluatedApart() throws {
        var unknownOne = imported("unknown", released: "2019-12-29")
        unknownOne.capabilities["e1000"] = nil
        var falseOne = imported("false", released: "2019-12-29", unknown: [])
        falseOne.capabilities["e1000"] = nil            // missing means false for a source that records it
        var catalog = MiniCatalog.make(guests: [unknownOne, falseOne])
        catalog.rules = [CompatibilityRule(id: "e1000-nic", text: "e1000", guestConditions: [("e1000", false)],
                                           machineConditions: [("storage", ["ide"])], fix: [], provenance: Provenance("r"))]
        let evaluator = Evaluator(catalog: catalog)
        let pc = try XCTUnwrap(evaluator.machineIndex("pc-i440fx-5.0"))
        XCTAssertEqual(evaluator.baseTier(guest: 0, machine: pc), .supported, "unknown: may apply")
        XCTAssertEqual(evaluator.baseTier(guest: 1, machine: pc), .unsupported, "false: the rule fires")
    }
}

/// The acceptance checks against the real osinfo-db and the bundled catalog.
final class RealFamilyAbilityTests: XCTestCase {
    func merged() throws -> Catalog {
        guard FileManager.default.fileExists(atPath: Paths.realOsinfo + "/os") else { throw XCTSkip("no \(Paths.realOsinfo)") }
        let catalog = try CatalogLoader.load(directory: Paths.bundledCatalog)
        XCTAssertFalse(catalog.familyAbilities.isEmpty, "Catalog/family-abilities.yaml is read")
        return OsinfoMerge.merge(catalog, with: try OsinfoDatabase.load()).0.inferringFamilyAbilities()
    }

    func testAlpine311OnI440fxIsRecommendedWithTheInferenceNamed() throws {
        let evaluator = Evaluator(catalog: try merged())
        let g = try XCTUnwrap(evaluator.guestIndex("alpinelinux3.11")), m = try XCTUnwrap(evaluator.machineIndex("pc-i440fx-4.2"))
        let e = evaluator.evaluate(guest: g, machine: m, date: Day("2020-03-10")!, policy: Policy(id: "none", vendorCap: false, ageCap: false))
        XCTAssertEqual(e.tier, .recommended)
        XCTAssertTrue(e.reasons.contains { $0.kind == .inferred && $0.text.hasPrefix("e1000 inferred") && $0.source.contains("family-abilities.yaml linux/e1000") },
                      e.reasons.map(\.text).description)
        XCTAssertFalse(e.reasons.contains { $0.source.contains("VirtualBox") })
    }

    func testNoLinuxLineIsWorseOnI440fxThanOnQ35() throws {
        let catalog = try merged()
        let evaluator = Evaluator(catalog: catalog)
        var compared = 0
        for (g, guest) in catalog.guests.enumerated() where guest.family == "linux" {
            for (m, machine) in catalog.machineTypes.enumerated() where machine.familyID == "i440fx" {
                guard let q = evaluator.machineIndex("pc-q35-\(machine.version)"),
                      let pc = evaluator.baseTier(guest: g, machine: m), let q35 = evaluator.baseTier(guest: g, machine: q) else { continue }
                compared += 1
                XCTAssertGreaterThanOrEqual(pc.rank, q35.rank, "\(guest.id) on \(machine.name): \(pc) but \(q35) on q35")
            }
        }
        XCTAssertGreaterThan(compared, 1000)
    }
}
