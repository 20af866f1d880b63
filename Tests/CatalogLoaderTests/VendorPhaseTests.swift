import Foundation
import XCTest
@testable import CatalogLoader
import TierEngine

/// vendors.yaml says, per vendor, which phase `vendor_support_end` is; every curated line is held to it.
final class VendorPhaseTests: XCTestCase {
    func testEveryBundledLineHasItsVendorsPhaseAndOnlyItsVendorsExtendedPhases() throws {
        let catalog = try CatalogLoader.load(directory: bundledCatalogDirectory.path)
        XCTAssertGreaterThanOrEqual(catalog.vendors.count, 15)
        for guest in catalog.guests {
            let lifecycle = try XCTUnwrap(catalog.vendorLifecycle(guest.vendor), "\(guest.id): vendor \(guest.vendor)")
            for phase in guest.extended {
                XCTAssertTrue(lifecycle.extendedPhases.contains(phase.phase), "\(guest.id): \(phase.phase)")
            }
        }
        XCTAssertEqual(catalog.vendorLifecycle("Red Hat")?.supportEnd.hasPrefix("end of Maintenance Support"), true)
        XCTAssertEqual(catalog.vendorLifecycle("Debian Project")?.distroInfo?.column, "eol")
    }

    /// distro-info-data publishes each phase as its own column: a Debian or Ubuntu line's vendor_support_end must be
    /// nearest the column vendors.yaml names (the end of regular / standard support), not an LTS, ELTS, server,
    /// ESM or legacy end. Month-end rounding and the "last point release" convention stay nearest the right column.
    func testDebianAndUbuntuEndsAreTheDistroInfoPhaseTheCatalogNames() throws {
        let catalog = try CatalogLoader.load(directory: bundledCatalogDirectory.path)
        var compared = 0
        for lifecycle in catalog.vendors {
            guard let info = lifecycle.distroInfo else { continue }
            let path = "/usr/share/distro-info/\(info.file)"
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw XCTSkip("\(path) not installed (Debian package distro-info-data)") }
            let rows = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            let header = try XCTUnwrap(rows.first)
            let endColumns = header.indices.filter { header[$0].hasPrefix("eol") }
            let declared = try XCTUnwrap(header.firstIndex(of: info.column), "\(info.file) has no column \(info.column)")
            for guest in catalog.guests where guest.vendor == lifecycle.vendor {
                guard let end = guest.vendorSupportEnd.day else { continue }
                let version = String(guest.id.drop { !$0.isNumber })
                guard let row = rows.dropFirst().first(where: { $0.first?.split(separator: " ").first.map(String.init) == version }) else { continue }
                let distances = endColumns.compactMap { column -> (Int, Int)? in
                    guard column < row.count, let day = Day(row[column]) else { return nil }
                    return (column, abs(day.ordinal - end.ordinal))
                }
                guard let nearest = distances.min(by: { $0.1 < $1.1 }), distances.contains(where: { $0.0 == declared }) else { continue }
                compared += 1
                XCTAssertEqual(header[nearest.0], info.column,
                               "\(guest.id): vendor_support_end \(end) is nearest \(info.file)'s \(header[nearest.0]) (\(row[nearest.0])), not \(info.column) (\(row[declared])) — \(lifecycle.supportEnd)")
            }
        }
        XCTAssertGreaterThanOrEqual(compared, 8)
    }

    func testALineIsHeldToItsVendorsEntry() throws {
        let scratch = try ScratchCatalog()
        try scratch.write("vendors.yaml", """
        vendors:
          - {vendor: Acme, support_end: "end of the fixture's support", extended: [LTS], source: "https://example.org/lifecycle"}
        """)
        let problems = CatalogLoader.lint(directory: scratch.path).map(\.description)
        XCTAssertTrue(problems.contains { $0.contains("acme.yaml:") && $0.contains("extended phase 'ELS' is not one of Acme's (LTS;") }, "\(problems)")

        try scratch.write("vendors.yaml", """
        vendors:
          - {vendor: Acne, support_end: "end", extended: [ELS], source: "https://example.org/lifecycle"}
        """)
        XCTAssertEqual(CatalogLoader.lint(directory: scratch.path), [], "a vendor without an entry still loads")
        let unknown = SourceLint.warnings(directory: scratch.path).map(\.description)
        XCTAssertTrue(unknown.contains { $0.contains("warning: guest oldlinux: vendor 'Acme' has no entry in vendors.yaml (did you mean 'Acne'?)") }, "\(unknown)")

        try scratch.write("vendors.yaml", """
        vendors:
          - {vendor: Acme, support_end: "end", extended: [ELS], source: "https://example.org/lifecycle"}
        """)
        try scratch.replace("guests/acme.yaml", in: "fixture old ELS", "end: 2019-12-31", with: "end: 2015-12-31")
        let early = CatalogLoader.lint(directory: scratch.path).map(\.description)
        XCTAssertTrue(early.contains { $0.contains("extended phase ELS ends 2015-12-31, before vendor_support_end 2016-12-31") }, "\(early)")
        try scratch.replace("guests/acme.yaml", in: "fixture old ELS", "end: 2015-12-31", with: "end: 2019-12-31")
        XCTAssertEqual(CatalogLoader.lint(directory: scratch.path), [])
    }
}
