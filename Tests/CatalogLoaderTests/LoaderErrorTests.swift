import Foundation
import XCTest
@testable import CatalogLoader
import TierEngine

/// Each test copies the minimal fixture, breaks one line, and checks that load/lint name the right file, the
/// right line and the field.
final class LoaderErrorTests: XCTestCase {

    // MARK: YAML syntax

    func testYamlSyntaxErrorInRules() throws {
        let c = try ScratchCatalog()
        let line = try c.edit("rules.yaml", line: "text: \"only AHCI", to: "    text: \"only AHCI\" trailing\"")
        let problems = c.loadFailure()
        assertProblem(problems, in: c, "rules.yaml", line: line, contains: ["YAML syntax error"])
    }

    func testYamlSyntaxErrorUnclosedFlowMapping() throws {
        let c = try ScratchCatalog()
        let line = try c.edit("qemu-releases.yaml", line: "fixture 2.0", to: "  - {version: \"2.0\", date: 2016-01-10, source: \"fixture 2.0\"")
        let problems = c.loadFailure()
        // One problem only: a broken qemu-releases.yaml must not make every removal look like an unknown release.
        // libyaml notices the missing '}' where the next entry starts.
        assertProblem(problems, in: c, "qemu-releases.yaml", line: line + 1, contains: ["YAML syntax error"])
        XCTAssertEqual(problems.count, 1, "\(problems)")
    }

    func testYamlSyntaxErrorInGuestFileStillChecksOtherFiles() throws {
        let c = try ScratchCatalog()
        let line = try c.edit("guests/acme.yaml", line: "name: Old Linux 1", to: "    name: Old Linux: 1: [")
        try c.replace("policies.yaml", in: "id: vendor", "window_years: 5", with: "window_years: five")
        let problems = c.loadFailure()
        assertProblem(problems, in: c, "guests/acme.yaml", line: line, contains: ["YAML"])
        assertProblem(problems, in: c, "policies.yaml", line: try c.lineNumber("policies.yaml", "id: vendor"),
                      contains: ["window_years", "five"])
    }

    func testDuplicateYamlKey() throws {
        let c = try ScratchCatalog()
        let first = try c.lineNumber("guests/acme.yaml", "name: Old Linux 1")
        try c.edit("guests/acme.yaml", line: "distro: acme", to: "    name: Old Linux again")
        // Yams reports a duplicated key at its first occurrence.
        assertProblem(c.loadFailure(), in: c, "guests/acme.yaml", line: first, contains: ["duplicate key", "name"])
    }

    /// Keys are compared as written (the loader reads every field as a string): a quoted and a plain spelling of
    /// the same name are the same field, even where YAML 1.1 would read the plain one as a boolean.
    func testDuplicateYamlKeyQuotedAndPlain() throws {
        let c = try ScratchCatalog()
        let first = try c.lineNumber("guests/acme.yaml", "name: Old Linux 1")
        try c.edit("guests/acme.yaml", line: "distro: acme", to: "    \"name\": Old Linux again")
        assertProblem(c.loadFailure(), in: c, "guests/acme.yaml", line: first, contains: ["duplicate key", "name"])
        let d = try ScratchCatalog()
        try d.edit("guests/acme.yaml", line: "distro: acme", to: "    yes: 1")
        let line = try d.lineNumber("guests/acme.yaml", "yes: 1")
        try d.edit("guests/acme.yaml", line: "name: Old Linux 1", to: "    \"yes\": 2")
        assertProblem(d.loadFailure(), in: d, "guests/acme.yaml", line: min(line, try d.lineNumber("guests/acme.yaml", "\"yes\": 2")),
                      contains: ["duplicate key", "yes"])
    }

    /// Values that YAML 1.1 would resolve to other types are read as the strings they are written as.
    func testPlainScalarsAreReadAsWritten() throws {
        let c = try ScratchCatalog()
        try c.replace("policies.yaml", in: "id: vendor", "window_years: 5", with: "window_years: 0x5")
        assertProblem(c.loadFailure(), in: c, "policies.yaml", line: try c.lineNumber("policies.yaml", "id: vendor"),
                      contains: ["window_years", "'0x5'"])
    }

    // MARK: missing fields

    func testMissingFieldInFlowMapping() throws {
        let c = try ScratchCatalog()
        let line = try c.edit("qemu-releases.yaml", line: "fixture 2.1", to: "  - {version: \"2.1\", source: \"fixture 2.1\"}")
        assertProblem(c.loadFailure(), in: c, "qemu-releases.yaml", line: line, contains: ["missing field 'date'"])
    }

    func testMissingGuestFieldIsReportedAtTheGuest() throws {
        let c = try ScratchCatalog()
        let guestLine = try c.lineNumber("guests/acme.yaml", "id: newlinux")
        try c.edit("guests/acme.yaml", line: "name: New Linux 2", to: nil)
        assertProblem(c.loadFailure(), in: c, "guests/acme.yaml", line: guestLine, contains: ["missing field 'name'"])
    }

    func testMissingCapabilities() throws {
        let c = try ScratchCatalog()
        let guestLine = try c.lineNumber("guests/acme.yaml", "id: oldlinux")
        let line = try c.edit("guests/acme.yaml", line: "    capabilities:", after: "id: oldlinux", to: "    capabilitie:")
        let problems = c.loadFailure()
        assertProblem(problems, in: c, "guests/acme.yaml", line: guestLine, contains: ["missing field 'capabilities'"])
        assertProblem(problems, in: c, "guests/acme.yaml", line: line, contains: ["unknown field 'capabilitie'", "did you mean 'capabilities'"])
    }

    func testMissingSource() throws {
        let c = try ScratchCatalog()
        let line = try c.edit("policies.yaml", line: "id: vendor", to: "  - {id: vendor, vendor_cap: true, age_cap: false, window_years: 5}")
        assertProblem(c.loadFailure(), in: c, "policies.yaml", line: line, contains: ["missing field 'source'"])
    }

    func testMissingRuleMachine() throws {
        let c = try ScratchCatalog()
        let ruleLine = try c.lineNumber("rules.yaml", "id: no-ahci")
        try c.edit("rules.yaml", line: "machine: {storage: [ahci]}", to: nil)
        assertProblem(c.loadFailure(), in: c, "rules.yaml", line: ruleLine, contains: ["missing field 'machine'"])
    }

    func testMissingProposalChanges() throws {
        let c = try ScratchCatalog()
        let proposalLine = try c.lineNumber("proposals/secure-vm.yaml", "id: secure-vm")
        try c.edit("proposals/secure-vm.yaml", line: "  changes:", to: nil)
        try c.edit("proposals/secure-vm.yaml", line: "family: pseries", to: nil)
        assertProblem(c.loadFailure(), in: c, "proposals/secure-vm.yaml", line: proposalLine, contains: ["missing field 'changes'"])
    }

    func testMissingLifecycle() throws {
        let c = try ScratchCatalog()
        var text = try String(contentsOf: c.url("qemu-releases.yaml"), encoding: .utf8)
        let start = try XCTUnwrap(text.range(of: "lifecycle:"))
        let end = try XCTUnwrap(text.range(of: "releases:"))
        text.removeSubrange(start.lowerBound..<end.lowerBound)
        try c.write("qemu-releases.yaml", text)
        let problems = c.loadFailure()
        XCTAssertTrue(problems.contains { $0.file == c.url("qemu-releases.yaml").path && $0.message.contains("'lifecycle'") },
                      "\(problems)")
    }

    func testMissingRequiredFile() throws {
        let c = try ScratchCatalog()
        try c.remove("rules.yaml")
        assertProblem(c.loadFailure(), in: c, "rules.yaml", line: 1, contains: ["missing catalog file"])
    }

    func testNoGuests() throws {
        let c = try ScratchCatalog()
        try c.remove("guests/acme.yaml")
        assertProblem(c.loadFailure(), in: c, "guests", line: 1, contains: ["no guests"])
    }

    func testEmptyValue() throws {
        let c = try ScratchCatalog()
        let line = try c.edit("guests/acme.yaml", line: "name: New Linux 2", to: "    name: \"  \"")
        assertProblem(c.loadFailure(), in: c, "guests/acme.yaml", line: line, contains: ["'name'", "empty"])
    }

    // MARK: bad values

    func testBadDateNotADay() throws {
        let c = try ScratchCatalog()
        let line = try c.replace("guests/acme.yaml", in: "fixture old released", "2012-03-15", with: "2023-02-29")
        assertProblem(c.loadFailure(), in: c, "guests/acme.yaml", line: line, contains: ["'date'", "2023-02-29"])
    }

    func testBadDateFormat() throws {
        let c = try ScratchCatalog()
        let line = try c.replace("qemu-releases.yaml", in: "fixture 1.1", "2015-06-10", with: "2015-6-10")
        assertProblem(c.loadFailure(), in: c, "qemu-releases.yaml", line: line, contains: ["'date'", "2015-6-10", "YYYY-MM-DD"])
    }

    func testBadExtendedEndDate() throws {
        let c = try ScratchCatalog()
        let line = try c.replace("guests/acme.yaml", in: "fixture old ELS", "2019-12-31", with: "2019-13-01")
        assertProblem(c.loadFailure(), in: c, "guests/acme.yaml", line: line, contains: ["'end'", "2019-13-01"])
    }

    func testNullReleasedDateIsRejected() throws {
        let c = try ScratchCatalog()
        let line = try c.replace("guests/acme.yaml", in: "fixture new released", "2016-03-01", with: "null")
        assertProblem(c.loadFailure(), in: c, "guests/acme.yaml", line: line, contains: ["'date'"])
    }

    func testVendorEndBeforeRelease() throws {
        let c = try ScratchCatalog()
        let line = try c.replace("guests/acme.yaml", in: "fixture old end", "2016-12-31", with: "2011-01-01")
        assertProblem(c.loadFailure(), in: c, "guests/acme.yaml", line: line, contains: ["vendor_support_end", "before released"])
    }

    func testUnquotedVersionIsStillAVersionButBadOneIsNot() throws {
        let unquoted = try ScratchCatalog()
        try unquoted.replace("machine-families.yaml", in: "first_version: \"2.0\"", "\"2.0\"", with: "2.0")
        try unquoted.edit("qemu-releases.yaml", line: "fixture 2.1", to: """
              - {version: "2.1", date: 2016-06-10, source: "fixture 2.1"}
              - {version: 2.10, date: 2016-09-01, source: "unquoted"}
            """)
        try unquoted.replace("machine-families.yaml", in: "fixture removal", "removed_in: \"2.1\"", with: "removed_in: 2.10")
        let catalog = try CatalogLoader.load(directory: unquoted.path)
        XCTAssertEqual(catalog.family("pseries")?.firstVersion, QemuVersion(2, 0))
        XCTAssertEqual(catalog.releases.last?.version, QemuVersion(2, 10), "2.10 is not the float 2.1")

        let c = try ScratchCatalog()
        let line = try c.replace("machine-families.yaml", in: "first_version: \"2.0\"", "\"2.0\"", with: "\"2.x\"")
        assertProblem(c.loadFailure(), in: c, "machine-families.yaml", line: line, contains: ["'first_version'", "2.x"])
    }

    func testBadBool() throws {
        let c = try ScratchCatalog()
        let line = try c.edit("guests/acme.yaml", line: "virtio_modern: false", to: "      virtio_modern: maybe")
        assertProblem(c.loadFailure(), in: c, "guests/acme.yaml", line: line, contains: ["'virtio_modern'", "maybe"])
    }

    func testWindowOutOfRange() throws {
        let c = try ScratchCatalog()
        let line = try c.replace("policies.yaml", in: "id: both", "window_years: 5", with: "window_years: -1")
        assertProblem(c.loadFailure(), in: c, "policies.yaml", line: line, contains: ["'window_years'", "-1"])
    }

    func testReleasesOutOfOrder() throws {
        let c = try ScratchCatalog()
        try c.replace("qemu-releases.yaml", in: "fixture 2.1", "2016-06-10", with: "2015-12-01")
        let problems = c.loadFailure()
        XCTAssertTrue(problems.contains { $0.file == c.url("qemu-releases.yaml").path && $0.message.contains("2.1") && $0.message.contains("not after") },
                      "\(problems)")
    }

    func testThroughBeforeFrom() throws {
        let c = try ScratchCatalog()
        let line = try c.replace("machine-families.yaml", in: "fixture removal", "through: \"1.0\"", with: "through: \"0.9\"")
        assertProblem(c.loadFailure(), in: c, "machine-families.yaml", line: line, contains: ["'through'", "before 'from'"])
    }

    func testPatternWithoutPlaceholder() throws {
        let c = try ScratchCatalog()
        let line = try c.edit("machine-families.yaml", line: "pattern: \"pseries-{v}\"", to: "    pattern: \"pseries\"")
        assertProblem(c.loadFailure(), in: c, "machine-families.yaml", line: line, contains: ["'pattern'", "{v}"])
    }

    func testUnknownArchitecture() throws {
        let c = try ScratchCatalog()
        let line = try c.edit("guests/acme.yaml", line: "arch: [x86_64, ppc64le]", to: "    arch: [x86_64, amd64]")
        assertProblem(c.loadFailure(), in: c, "guests/acme.yaml", line: line, contains: ["architecture", "amd64"])
    }

    func testBadPropertyValueInDefaults() throws {
        let c = try ScratchCatalog()
        let line = try c.replace("machine-families.yaml", in: "fixture storage", "ahci", with: "sata")
        assertProblem(c.loadFailure(), in: c, "machine-families.yaml", line: line, contains: ["storage", "sata"])
    }

    func testBadValueInRuleMachineCondition() throws {
        let c = try ScratchCatalog()
        let line = try c.edit("rules.yaml", line: "machine: {virtio: [modern-only]}", to: "    machine: {virtio: [modern]}")
        assertProblem(c.loadFailure(), in: c, "rules.yaml", line: line, contains: ["virtio", "'modern'"])
    }

    func testBadValueInProposalChange() throws {
        let c = try ScratchCatalog()
        let line = try c.replace("proposals/pseries-iommu.yaml", in: "family: pseries", "value: \"on\"", with: "value: \"yes\"")
        assertProblem(c.loadFailure(), in: c, "proposals/pseries-iommu.yaml", line: line, contains: ["iommu_platform", "'yes'"])
    }

    // MARK: duplicate ids

    func testDuplicateReleaseVersion() throws {
        let c = try ScratchCatalog()
        let first = try c.lineNumber("qemu-releases.yaml", "fixture 2.0")
        let line = try c.edit("qemu-releases.yaml", line: "fixture 2.1", to: "  - {version: \"2.0\", date: 2016-06-10, source: \"again\"}")
        assertProblem(c.loadFailure(), in: c, "qemu-releases.yaml", line: line, contains: ["duplicate version 2.0", "line \(first)"])
    }

    func testDuplicateFamilyID() throws {
        let c = try ScratchCatalog()
        let first = try c.lineNumber("machine-families.yaml", "id: q35")
        let line = try c.edit("machine-families.yaml", line: "id: pseries", to: "  - id: q35")
        assertProblem(c.loadFailure(), in: c, "machine-families.yaml", line: line, contains: ["duplicate id 'q35'", "line \(first)"])
    }

    func testDuplicateRuleID() throws {
        let c = try ScratchCatalog()
        let line = try c.edit("rules.yaml", line: "id: iommu-platform", to: "  - id: no-ahci")
        assertProblem(c.loadFailure(), in: c, "rules.yaml", line: line, contains: ["duplicate id 'no-ahci'"])
    }

    func testDuplicatePolicyID() throws {
        let c = try ScratchCatalog()
        let line = try c.replace("policies.yaml", in: "fixture extended", "id: extended", with: "id: both")
        assertProblem(c.loadFailure(), in: c, "policies.yaml", line: line, contains: ["duplicate id 'both'"])
    }

    func testDuplicateGuestIDInOneFile() throws {
        let c = try ScratchCatalog()
        let line = try c.edit("guests/acme.yaml", line: "id: newlinux", to: "  - id: oldlinux")
        assertProblem(c.loadFailure(), in: c, "guests/acme.yaml", line: line, contains: ["duplicate id 'oldlinux'"])
    }

    func testDuplicateGuestIDAcrossFiles() throws {
        let c = try ScratchCatalog()
        let text = try String(contentsOf: c.url("guests/acme.yaml"), encoding: .utf8)
        let second = "# another vendor file\n" + text
        try c.write("guests/zeta.yaml", second)
        let problems = c.loadFailure()
        // The second file's entries (read after acme.yaml) are the duplicates; the message names the first.
        let line = try c.lineNumber("guests/zeta.yaml", "id: oldlinux")
        assertProblem(problems, in: c, "guests/zeta.yaml", line: line,
                      contains: ["duplicate id 'oldlinux'", "acme.yaml:\(try c.lineNumber("guests/acme.yaml", "id: oldlinux"))"])
    }

    func testDuplicateProposalID() throws {
        let c = try ScratchCatalog()
        let line = try c.edit("proposals/secure-vm.yaml", line: "id: secure-vm", to: "  id: pseries-iommu")
        assertProblem(c.loadFailure(), in: c, "proposals/secure-vm.yaml", line: line, contains: ["duplicate id 'pseries-iommu'"])
    }

    // MARK: references to unknown ids

    func testProposalChangeNamesUnknownFamily() throws {
        let c = try ScratchCatalog()
        let line = try c.replace("proposals/pseries-iommu.yaml", in: "family: pseries", "family: pseries", with: "family: psries")
        assertProblem(c.loadFailure(), in: c, "proposals/pseries-iommu.yaml", line: line,
                      contains: ["unknown family 'psries'", "did you mean 'pseries'"])
    }

    func testProposalChangeNamesUnknownProperty() throws {
        let c = try ScratchCatalog()
        let line = try c.replace("proposals/pseries-iommu.yaml", in: "family: pseries", "property: iommu_platform", with: "property: iommu")
        assertProblem(c.loadFailure(), in: c, "proposals/pseries-iommu.yaml", line: line, contains: ["unknown property 'iommu'"])
    }

    func testRemovalNamesUnknownRelease() throws {
        let c = try ScratchCatalog()
        let line = try c.replace("machine-families.yaml", in: "fixture removal", "removed_in: \"2.1\"", with: "removed_in: \"2.2\"")
        assertProblem(c.loadFailure(), in: c, "machine-families.yaml", line: line,
                      contains: ["'removed_in'", "unknown QEMU release 2.2"])
    }

    func testDeprecationNamesUnknownRelease() throws {
        let c = try ScratchCatalog()
        let line = try c.replace("machine-families.yaml", in: "fixture deprecation", "deprecated_in: \"2.0\"", with: "deprecated_in: \"1.9\"")
        assertProblem(c.loadFailure(), in: c, "machine-families.yaml", line: line,
                      contains: ["'deprecated_in'", "unknown QEMU release 1.9"])
    }

    func testFirstVersionNamesUnknownRelease() throws {
        let c = try ScratchCatalog()
        let line = try c.replace("machine-families.yaml", in: "first_version: \"2.0\"", "\"2.0\"", with: "\"2.5\"")
        assertProblem(c.loadFailure(), in: c, "machine-families.yaml", line: line,
                      contains: ["'first_version'", "unknown QEMU release 2.5"])
    }

    func testLifecycleSinceNamesUnknownRelease() throws {
        let c = try ScratchCatalog()
        let line = try c.edit("qemu-releases.yaml", line: "deletion_since", to: "  deletion_since: \"3.0\"")
        assertProblem(c.loadFailure(), in: c, "qemu-releases.yaml", line: line,
                      contains: ["'deletion_since'", "unknown QEMU release 3.0"])
    }

    func testRuleNamesUnknownCapability() throws {
        let c = try ScratchCatalog()
        let line = try c.edit("rules.yaml", line: "guest: {ahci: false}", to: "    guest: {achi: false}")
        assertProblem(c.loadFailure(), in: c, "rules.yaml", line: line,
                      contains: ["unknown field 'achi'", "did you mean 'ahci'"])
    }

    func testRuleNamesUnknownProperty() throws {
        let c = try ScratchCatalog()
        let line = try c.edit("rules.yaml", line: "machine: {storage: [ahci]}", to: "    machine: {storag: [ahci]}")
        assertProblem(c.loadFailure(), in: c, "rules.yaml", line: line,
                      contains: ["unknown field 'storag'", "did you mean 'storage'"])
    }

    func testFamilyDefaultNamesUnknownProperty() throws {
        let c = try ScratchCatalog()
        let line = try c.replace("machine-families.yaml", in: "fixture storage", "property: storage", with: "property: disk")
        assertProblem(c.loadFailure(), in: c, "machine-families.yaml", line: line, contains: ["unknown property 'disk'"])
    }

    func testGuestNamesUnknownCapability() throws {
        let c = try ScratchCatalog()
        let line = try c.edit("guests/acme.yaml", line: "iommu_platform: true", to: "      iommu_platfrom: true")
        assertProblem(c.loadFailure(), in: c, "guests/acme.yaml", line: line,
                      contains: ["unknown field 'iommu_platfrom'", "did you mean 'iommu_platform'"])
    }

    // MARK: unknown fields

    func testUnknownGuestFieldWithDidYouMean() throws {
        let c = try ScratchCatalog()
        let line = try c.replace("guests/acme.yaml", in: "fixture old end", "vendor_support_end", with: "vendor_suport_end")
        let problems = c.loadFailure()
        assertProblem(problems, in: c, "guests/acme.yaml", line: line,
                      contains: ["unknown field 'vendor_suport_end'", "did you mean 'vendor_support_end'"])
        assertProblem(problems, in: c, "guests/acme.yaml", line: try c.lineNumber("guests/acme.yaml", "id: oldlinux"),
                      contains: ["missing field 'vendor_support_end'"])
    }

    func testUnknownFieldInReleaseFlowMapping() throws {
        let c = try ScratchCatalog()
        let line = try c.replace("qemu-releases.yaml", in: "fixture 1.0", "source:", with: "sorce:")
        assertProblem(c.loadFailure(), in: c, "qemu-releases.yaml", line: line,
                      contains: ["unknown field 'sorce'", "did you mean 'source'"])
    }

    func testUnknownFieldInFamily() throws {
        let c = try ScratchCatalog()
        let line = try c.edit("machine-families.yaml", line: "default_machine: true", to: "    default_machin: true")
        assertProblem(c.loadFailure(), in: c, "machine-families.yaml", line: line,
                      contains: ["unknown field 'default_machin'", "did you mean 'default_machine'"])
    }

    func testUnknownFieldInPolicy() throws {
        let c = try ScratchCatalog()
        let line = try c.replace("policies.yaml", in: "id: both", "extended_counts", with: "extended_count")
        assertProblem(c.loadFailure(), in: c, "policies.yaml", line: line,
                      contains: ["unknown field 'extended_count'", "did you mean 'extended_counts'"])
    }

    func testUnknownFieldInDatedFact() throws {
        let c = try ScratchCatalog()
        let line = try c.replace("guests/acme.yaml", in: "fixture new released", "source:", with: "sources:")
        assertProblem(c.loadFailure(), in: c, "guests/acme.yaml", line: line,
                      contains: ["unknown field 'sources'", "did you mean 'source'"])
    }

    func testUnknownTopLevelKeyInGuestFile() throws {
        let c = try ScratchCatalog()
        let line = try c.edit("guests/acme.yaml", line: "guests:", to: "guest:")
        assertProblem(c.loadFailure(), in: c, "guests/acme.yaml", line: line,
                      contains: ["unknown field 'guest'", "did you mean 'guests'"])
    }

    func testUnknownTopLevelKeyInProposalFile() throws {
        let c = try ScratchCatalog()
        let line = try c.edit("proposals/secure-vm.yaml", line: "proposal:", to: "proposl:")
        assertProblem(c.loadFailure(), in: c, "proposals/secure-vm.yaml", line: line,
                      contains: ["unknown field 'proposl'", "did you mean 'proposal'"])
    }

    func testUnknownFieldInProposal() throws {
        let c = try ScratchCatalog()
        let line = try c.edit("proposals/secure-vm.yaml", line: "opt_in:", to: "  optin: confidential-guest-support")
        assertProblem(c.loadFailure(), in: c, "proposals/secure-vm.yaml", line: line,
                      contains: ["unknown field 'optin'", "did you mean 'opt_in'"])
    }

    func testEveryProblemIsReportedNotJustTheFirst() throws {
        let c = try ScratchCatalog()
        let a = try c.replace("guests/acme.yaml", in: "fixture old released", "2012-03-15", with: "2012-02-30")
        let b = try c.edit("rules.yaml", line: "guest: {ahci: false}", to: "    guest: {achi: false}")
        let d = try c.replace("proposals/pseries-iommu.yaml", in: "family: pseries", "family: pseries", with: "family: i440fx")
        let problems = c.loadFailure()
        assertProblem(problems, in: c, "guests/acme.yaml", line: a, contains: ["2012-02-30"])
        assertProblem(problems, in: c, "rules.yaml", line: b, contains: ["achi"])
        assertProblem(problems, in: c, "proposals/pseries-iommu.yaml", line: d, contains: ["unknown family 'i440fx'"])
    }
}

/// "Did you mean" suggestions.
final class ClosestMatchTests: XCTestCase {
    func testClosestMatches() {
        XCTAssertEqual(closestMatches(to: "vendor_suport_end", in: ["vendor_support_end", "vendor", "released"], limit: 1),
                       ["vendor_support_end"])
        XCTAssertEqual(closestMatches(to: "psries", in: ["pseries", "q35", "i440fx"], limit: 1), ["pseries"])
        XCTAssertEqual(closestMatches(to: "completely-different", in: ["q35", "virt"]), [])
        XCTAssertEqual(closestMatches(to: "vendor", in: ["vendor_cap", "age_cap"], limit: 1), ["vendor_cap"], "prefix")
    }
}

/// Catalog/family-abilities.yaml: optional; read into `Catalog.familyAbilities`; its mistakes named by line.
final class FamilyAbilityLoaderTests: XCTestCase {
    static let text = """
    margin_years: 3
    abilities:
      - {family: linux, capability: e1000, since: "Linux 2.6.12", since_released: 2005-06-17, source: "https://example.org/e1000"}
      - {family: linux, capability: virtio_modern, since: "Linux 4.0", since_released: 2015-04-12, source: "https://example.org/v", verified: false}

    """

    func testTheFileIsOptionalAndReadWhenPresent() throws {
        let c = try ScratchCatalog()
        XCTAssertEqual(try CatalogLoader.load(directory: c.path).familyAbilities, [])
        try c.write("family-abilities.yaml", FamilyAbilityLoaderTests.text)
        let catalog = try CatalogLoader.load(directory: c.path)
        XCTAssertEqual(catalog.inferenceMarginYears, 3)
        XCTAssertEqual(catalog.familyAbilities.map(\.capability), ["e1000", "virtio_modern"])
        XCTAssertEqual(catalog.familyAbilities[1].sinceReleased, Day("2015-04-12"))
        XCTAssertFalse(catalog.familyAbilities[1].provenance.verified)
    }

    func testAnUnknownCapabilityOrADuplicateIsAProblemOnItsLine() throws {
        let c = try ScratchCatalog()
        try c.write("family-abilities.yaml", FamilyAbilityLoaderTests.text
            + "  - {family: linux, capability: e1000, since: \"x\", since_released: 2005-06-17, source: \"s\"}\n"
            + "  - {family: linux, capability: sound, since: \"x\", since_released: 2005-06-17, source: \"s\"}\n")
        let problems = c.loadFailure()
        assertProblem(problems, in: c, "family-abilities.yaml", line: 5, contains: ["duplicate linux/e1000"])
        assertProblem(problems, in: c, "family-abilities.yaml", line: 6, contains: ["unknown capability 'sound'"])
    }
}
