import Foundation
import TierEngine
import Yams

/// Reads a catalog directory (see Catalog/README.md) into the engine's model. Every problem in every file is
/// collected; a catalog with any problem is not used.
public enum CatalogLoader {
    public static let requiredFiles = ["qemu-releases.yaml", "machine-families.yaml", "rules.yaml", "policies.yaml"]

    /// Loads and validates; throws `CatalogError` listing every problem.
    public static func load(directory: String, files: CatalogFiles = .disk) throws -> Catalog {
        let (catalog, problems) = read(directory: directory, files: files)
        if let catalog, problems.isEmpty { return catalog }
        throw CatalogError(problems.isEmpty ? [CatalogProblem(file: directory, line: 1, message: "catalog could not be read")] : problems)
    }

    /// Every problem in the catalog (empty when it is clean).
    public static func lint(directory: String, files: CatalogFiles = .disk) -> [CatalogProblem] {
        read(directory: directory, files: files).1
    }

    /// The catalog and its problems from one reading of the files (`lint` then `load` would parse them twice):
    /// the catalog is nil unless there are no problems.
    public static func check(directory: String, files: CatalogFiles = .disk) -> (catalog: Catalog?, problems: [CatalogProblem]) {
        let (catalog, problems) = read(directory: directory, files: files)
        return (problems.isEmpty ? catalog : nil, problems)
    }

    /// Reads every file in dependency order (families need the releases, proposals the families); the catalog
    /// only when nothing is wrong.
    static func read(directory: String, files: CatalogFiles) -> (Catalog?, [CatalogProblem]) {
        guard !directory.isEmpty else {
            return (nil, [CatalogProblem(file: "(empty path)", line: 1, message: "not a catalog directory: the catalog path is empty")])
        }
        guard files.isDirectory(directory) else {
            return (nil, [CatalogProblem(file: directory, line: 1, message: "not a catalog directory (\(files.describeMissing(directory)))")])
        }
        let reading = CatalogReading(directory: directory, files: files)
        let (releases, lifecycle) = reading.releases()
        let families = reading.families(knownVersions: Set(releases.map(\.version)))
        let rules = reading.rules()
        let policies = reading.policies()
        let guests = reading.guests()
        let proposals = reading.proposals(familyIDs: families.map(\.id))
        // Which phase each vendor's end date is (optional vendors.yaml), every line held to it.
        let (vendors, vendorProblems) = VendorLoader.read(directory: directory, files: files, guests: guests)
        reading.problems += vendorProblems
        let (abilities, margin) = reading.familyAbilities()
        guard reading.problems.isEmpty, let lifecycle else { return (nil, reading.problems) }
        var catalog = Catalog(releases: releases, lifecycleRule: lifecycle, families: families, guests: guests, rules: rules,
                              policies: policies, proposals: proposals, origin: directory)
        catalog.vendors = vendors ?? []
        catalog.familyAbilities = abilities
        catalog.inferenceMarginYears = margin
        return (catalog, [])
    }

    static func readGuest(_ node: YamlNode, reader: FieldReader) -> Guest? {
        guard let guest = reader.mapping(node, what: "guest", allowed: [
            "id", "name", "vendor", "family", "distro", "osinfo", "arch", "released", "vendor_support_end", "extended",
            "capabilities", "capabilities_source", "capabilities_verified",
        ]) else { return nil }
        let id = guest.string("id")
        let what = id.map { "guest \(shortened($0))" } ?? "guest"
        let name = guest.string("name"), vendor = guest.string("vendor"), family = guest.string("family")
        let arch = guest.strings("arch"), osinfo = guest.strings("osinfo", required: false) ?? []
        if let arch { checkArchitectures(arch, node: guest["arch"], reader: reader, what: what) }
        let released = guest.datedFact("released", allowNullDate: false)
        let end = guest.datedFact("vendor_support_end", allowNullDate: true)
        var extended: [ExtendedPhase] = []
        for item in reader.sequence(guest["extended"], what: "\(what) extended") {
            guard let phase = reader.mapping(item, what: "\(what) extended phase", allowed: ["phase", "end", "source", "verified"]),
                  let name = phase.string("phase") else { continue }
            let provenance = phase.provenance()
            if phase.isNull("end") && phase["end"] != nil {
                extended.append(ExtendedPhase(phase: name, end: DatedFact(nil, provenance)))
            } else if let day = phase.day("end") {
                extended.append(ExtendedPhase(phase: name, end: DatedFact(day, provenance)))
            }
        }
        var capabilities: [String: Bool] = [:]
        if let node = guest["capabilities"],
           let caps = reader.mapping(node, what: "\(what) capabilities", allowed: Vocabulary.capabilities) {
            for capability in Vocabulary.capabilities where caps[capability] != nil {
                capabilities[capability] = caps.bool(capability)
            }
        } else if guest["capabilities"] == nil {
            reader.problem(node, "\(what): missing field 'capabilities'")
        }
        let capSource = guest.string("capabilities_source")
        let capVerified = guest.bool("capabilities_verified", default: true) ?? true
        if let day = released?.day, let last = end?.day, last < day {
            reader.problem(guest["vendor_support_end"], "\(what): vendor_support_end \(last) is before released \(day)")
        }
        guard let id, let name, let vendor, let family, let arch, let released, let end, let capSource else { return nil }
        return Guest(id: id, name: name, vendor: vendor, family: family, distro: guest.optionalString("distro"),
                     osinfoIDs: osinfo, arch: arch, released: released, vendorSupportEnd: end, extended: extended,
                     capabilities: capabilities, capabilitiesProvenance: Provenance(capSource, verified: capVerified))
    }

    static func checkArchitectures(_ arch: [String], node: YamlNode?, reader: FieldReader, what: String) {
        if arch.isEmpty { reader.problem(node, "\(what): field 'arch' must name at least one architecture") }
        for name in arch where !Vocabulary.architectures.contains(name) {
            reader.problem(node, "\(what): unknown architecture \(quoted(name)) (known: \(Vocabulary.architectures.joined(separator: ", ")))")
        }
    }

    static func yamlFiles(in directory: String, _ files: CatalogFiles) -> [String] {
        let names = files.list(directory)
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
    }

    static func yamlProblem(_ error: YamlError, file: String) -> CatalogProblem {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let detail = context.map { "\($0.text) (line \($0.mark.line)): " } ?? ""
            return CatalogProblem(file: file, line: mark.line, message: "YAML syntax error: \(detail)\(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return CatalogProblem(file: file, line: context.mark.line, message: "duplicate key(s) \(duplicates.joined(separator: ", "))")
        case let .reader(problem, _, _, _):
            return CatalogProblem(file: file, line: 1, message: "cannot read: \(problem)")
        default:
            return CatalogProblem(file: file, line: 1, message: "YAML error: \(error)")
        }
    }
}
