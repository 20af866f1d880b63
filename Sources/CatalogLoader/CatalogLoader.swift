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

    static func read(directory: String, files: CatalogFiles) -> (Catalog?, [CatalogProblem]) {
        var problems: [CatalogProblem] = []
        guard files.isDirectory(directory) else {
            return (nil, [CatalogProblem(file: directory, line: 1, message: "not a catalog directory (no such directory)")])
        }
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

        func document(_ file: String, required: Bool = true) -> (FieldReader, Node)? {
            let reader = FieldReader(file: file)
            guard files.exists(file) else {
                if required { problems.append(CatalogProblem(file: file, line: 1, message: "missing catalog file")) }
                return nil
            }
            guard let data = files.read(file) else {
                problems.append(CatalogProblem(file: file, line: 1, message: "cannot be read (permission denied?)"))
                return nil
            }
            guard let text = String(data: data, encoding: .utf8) else {
                problems.append(CatalogProblem(file: file, line: 1, message: "is not UTF-8 text"))
                return nil
            }
            do {
                // The basic resolver: every field is read as the string it is written as (FieldReader types it), so
                // Yams' regex-based tag resolution, half of its time, would be wasted. It also makes Yams' duplicate
                // check compare keys as written: `yes:` and `"yes":` are the same field name, and duplicates.
                guard let node = try Yams.compose(yaml: text, .basic) else {
                    problems.append(CatalogProblem(file: file, line: 1, message: "is empty"))
                    return nil
                }
                return (reader, node)
            } catch let error as YamlError {
                var problem = yamlProblem(error, file: file)
                // libyaml may place an error at end of input one line past the last: keep it inside the file.
                problem.line = min(problem.line, max(1, text.split(separator: "\n", omittingEmptySubsequences: false).count))
                problems.append(problem)
                return nil
            } catch {
                problems.append(CatalogProblem(file: file, line: 1, message: "YAML error: \(error)"))
                return nil
            }
        }

        func top(_ file: String, key: String, required: Bool = true) -> (FieldReader, Entry)? {
            guard let (reader, node) = document(file, required: required) else { return nil }
            let allowed = key == "releases" ? ["releases", "lifecycle"] : key == "abilities" ? ["abilities", "margin_years"] : [key]
            guard let entry = reader.mapping(node, what: "top level", allowed: allowed) else {
                problems += reader.problems
                return nil
            }
            if entry[key] == nil { reader.problem(node, "top level: missing field '\(key)'") }
            return (reader, entry)
        }

        // QEMU releases and the lifecycle rule.
        var releases: [QemuRelease] = []
        var lifecycle: LifecycleRule?
        if let (reader, entry) = top(path("qemu-releases.yaml"), key: "releases") {
            var seen: [QemuVersion: Int] = [:]
            for item in reader.sequence(entry["releases"], what: "releases") {
                guard let release = reader.mapping(item, what: "release", allowed: ["version", "date", "source", "verified"]) else { continue }
                let version = release.version("version"), date = release.day("date"), provenance = release.provenance()
                guard let version, let date else { continue }
                if let first = seen[version] {
                    reader.problem(item, "release: duplicate version \(version) (first at line \(first))")
                    continue
                }
                seen[version] = release.line
                releases.append(QemuRelease(version: version, date: date, provenance: provenance))
            }
            let sorted = releases.sorted { $0.version < $1.version }
            for (a, b) in zip(sorted, sorted.dropFirst()) where b.date <= a.date {
                reader.problem(entry.node, "releases: QEMU \(b.version) (\(b.date)) is not after QEMU \(a.version) (\(a.date))")
            }
            if let node = entry["lifecycle"],
               let rule = reader.mapping(node, what: "lifecycle", allowed: ["deprecate_after_major", "delete_after_major", "deprecation_since", "deletion_since", "source", "verified"]) {
                let deprecate = rule.int("deprecate_after_major", range: 1...50)
                let delete = rule.int("delete_after_major", range: 1...50)
                let since = rule.version("deprecation_since"), deletionSince = rule.version("deletion_since")
                let provenance = rule.provenance()
                for (name, version) in [("deprecation_since", since), ("deletion_since", deletionSince)] {
                    if let version, !releases.contains(where: { $0.version == version }) {
                        reader.problem(rule[name], "lifecycle: field '\(name)': unknown QEMU release \(version)")
                    }
                }
                if let deprecate, let delete, let since, let deletionSince {
                    lifecycle = LifecycleRule(deprecateAfterMajor: deprecate, deleteAfterMajor: delete,
                                              deprecationSince: since, deletionSince: deletionSince, provenance: provenance,
                                              location: "\(reader.file):\(rule.line)")
                }
            } else {
                reader.problem(entry.node, "top level: missing field 'lifecycle'")
            }
            problems += reader.problems
        }
        let knownVersions = Set(releases.map(\.version))

        // Machine-type families.
        var families: [MachineFamily] = []
        if let (reader, entry) = top(path("machine-families.yaml"), key: "families") {
            var seen: [String: Int] = [:]
            for item in reader.sequence(entry["families"], what: "families") {
                guard let family = reader.mapping(item, what: "family", allowed: ["id", "pattern", "alias", "arch", "first_version", "default_machine", "source", "verified", "removals", "deprecations", "defaults"]) else { continue }
                let id = family.string("id"), pattern = family.string("pattern"), arch = family.strings("arch")
                let first = family.version("first_version"), isDefault = family.bool("default_machine", default: false)
                let provenance = family.provenance()
                if let pattern, !pattern.contains("{v}") { reader.problem(family["pattern"], "family: field 'pattern' must contain {v}") }
                if let arch { checkArchitectures(arch, node: family["arch"], reader: reader, what: "family") }
                if let first, !knownVersions.isEmpty, !knownVersions.contains(first) {
                    reader.problem(family["first_version"], "family: field 'first_version': unknown QEMU release \(first)")
                }
                func events(_ key: String, releaseKey: String) -> [LifecycleEvent] {
                    reader.sequence(family[key], what: key).compactMap { node in
                        guard let event = reader.mapping(node, what: key, allowed: ["from", "through", releaseKey, "source", "verified"]),
                              let range = event.versionRange(), let release = event.version(releaseKey) else { return nil }
                        let provenance = event.provenance()
                        if !knownVersions.isEmpty, !knownVersions.contains(release) {
                            reader.problem(event[releaseKey], "\(key): field '\(releaseKey)': unknown QEMU release \(release)")
                            return nil
                        }
                        return LifecycleEvent(versions: range, release: release, provenance: provenance,
                                              location: "\(reader.file):\(event.line)")
                    }
                }
                let removals = events("removals", releaseKey: "removed_in")
                let deprecations = events("deprecations", releaseKey: "deprecated_in")
                var defaults: [PropertyDefault] = []
                for node in reader.sequence(family["defaults"], what: "defaults") {
                    guard let value = reader.mapping(node, what: "default", allowed: ["property", "value", "from", "through", "source", "verified", "confirmed_by"]),
                          let property = value.string("property"), let text = value.string("value"), let range = value.versionRange() else { continue }
                    var provenance = value.provenance()
                    guard let values = Vocabulary.properties[property] else {
                        reader.problem(value["property"], "default: unknown property '\(property)' (known: \(Vocabulary.properties.keys.sorted().joined(separator: ", ")))")
                        continue
                    }
                    if !values.contains(text) {
                        reader.problem(value["value"], "default: property '\(property)' cannot be '\(text)' (one of: \(values.joined(separator: ", ")))")
                        continue
                    }
                    let confirmedBy = value.strings("confirmed_by", required: false) ?? []
                    // A claim a real binary showed (guest-tiers verify) cites the binary too.
                    // (The binary and its version; the catalog line keeps which types and when.)
                    if !confirmedBy.isEmpty {
                        // "qemu-system-x86_64 7.2.22 (Debian …): 20 type(s) …" → "qemu-system-x86_64 7.2.22".
                        let binaries = confirmedBy.map { $0.split(separator: " ").prefix(2).joined(separator: " ") }
                        provenance.source += "; confirmed by \(binaries.joined(separator: ", "))"
                    }
                    defaults.append(PropertyDefault(property: property, value: text, versions: range, provenance: provenance,
                                                    location: "\(reader.file):\(value.line)", confirmedBy: confirmedBy))
                }
                guard let id, let pattern, let arch, let first, let isDefault else { continue }
                if let line = seen[id] {
                    reader.problem(family["id"], "family: duplicate id '\(id)' (first at line \(line))")
                    continue
                }
                seen[id] = family.line
                families.append(MachineFamily(id: id, pattern: pattern, alias: family.optionalString("alias"), arch: arch,
                                              firstVersion: first, isDefaultMachine: isDefault, provenance: provenance,
                                              removals: removals, deprecations: deprecations, defaults: defaults,
                                              location: "\(reader.file):\(family.line)"))
            }
            problems += reader.problems
        }

        // Compatibility rules.
        var rules: [CompatibilityRule] = []
        if let (reader, entry) = top(path("rules.yaml"), key: "rules") {
            var seen: [String: Int] = [:]
            for item in reader.sequence(entry["rules"], what: "rules") {
                guard let rule = reader.mapping(item, what: "rule", allowed: ["id", "text", "guest", "machine", "fix", "source", "verified"]) else { continue }
                let id = rule.string("id"), text = rule.string("text"), fix = rule.strings("fix", required: false) ?? []
                let provenance = rule.provenance()
                var guestConditions: [(String, Bool)] = []
                if let node = rule["guest"], let conditions = reader.mapping(node, what: "rule guest", allowed: Vocabulary.capabilities) {
                    for capability in Vocabulary.capabilities where conditions[capability] != nil {
                        if let value = conditions.bool(capability) { guestConditions.append((capability, value)) }
                    }
                }
                var machineConditions: [(String, [String])] = []
                if let node = rule["machine"], let conditions = reader.mapping(node, what: "rule machine", allowed: Array(Vocabulary.properties.keys)) {
                    for (property, allowedValues) in Vocabulary.properties.sorted(by: { $0.key < $1.key }) where conditions[property] != nil {
                        guard let values = conditions.strings(property) else { continue }
                        for value in values where !allowedValues.contains(value) {
                            reader.problem(conditions[property], "rule machine: property '\(property)' cannot be '\(value)' (one of: \(allowedValues.joined(separator: ", ")))")
                        }
                        machineConditions.append((property, values))
                    }
                }
                if rule["machine"] == nil { reader.problem(item, "rule: missing field 'machine'") }
                guard let id, let text else { continue }
                if let line = seen[id] {
                    reader.problem(rule["id"], "rule: duplicate id '\(id)' (first at line \(line))")
                    continue
                }
                seen[id] = rule.line
                rules.append(CompatibilityRule(id: id, text: text, guestConditions: guestConditions,
                                               machineConditions: machineConditions, fix: fix, provenance: provenance))
            }
            problems += reader.problems
        }

        // Policies.
        var policies: [Policy] = []
        if let (reader, entry) = top(path("policies.yaml"), key: "policies") {
            var seen: [String: Int] = [:]
            for item in reader.sequence(entry["policies"], what: "policies") {
                guard let policy = reader.mapping(item, what: "policy", allowed: ["id", "vendor_cap", "age_cap", "window_years", "lifecycle", "extended_counts", "age_from", "source", "verified"]) else { continue }
                let id = policy.string("id"), vendor = policy.bool("vendor_cap"), age = policy.bool("age_cap")
                let window = policy.int("window_years", range: 0...100), lifecycle = policy.bool("lifecycle", default: true)
                let extended = policy.bool("extended_counts", default: false), provenance = policy.provenance()
                var ageFrom = Policy.AgeFrom.firstRelease
                if let text = policy.optionalString("age_from") {
                    if let value = Policy.AgeFrom(rawValue: text) {
                        ageFrom = value
                    } else {
                        reader.problem(policy["age_from"], "policy: field 'age_from' is one of \(Policy.AgeFrom.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'")
                    }
                }
                guard let id, let vendor, let age, let window, let lifecycle, let extended else { continue }
                if let line = seen[id] {
                    reader.problem(policy["id"], "policy: duplicate id '\(id)' (first at line \(line))")
                    continue
                }
                seen[id] = policy.line
                policies.append(Policy(id: id, vendorCap: vendor, ageCap: age, windowYears: window, lifecycle: lifecycle,
                                       extendedCounts: extended, ageFrom: ageFrom, provenance: provenance))
            }
            problems += reader.problems
        }

        // Guests, one file per vendor.
        var guests: [Guest] = []
        var guestLines: [String: String] = [:]
        for file in yamlFiles(in: path("guests"), files) {
            guard let (reader, entry) = top(file, key: "guests") else { continue }
            for item in reader.sequence(entry["guests"], what: "guests") {
                guard var guest = readGuest(item, reader: reader) else { continue }
                guest.definedIn = "\(file):\(item.mark?.line ?? 1)"
                if let first = guestLines[guest.id] {
                    reader.problem(item, "guest: duplicate id '\(guest.id)' (first at \(first))")
                    continue
                }
                guestLines[guest.id] = "\(file):\(item.mark?.line ?? 1)"
                guests.append(guest)
            }
            problems += reader.problems
        }
        if guests.isEmpty && problems.isEmpty {
            problems.append(CatalogProblem(file: path("guests"), line: 1, message: "no guests (expected guests/*.yaml)"))
        }

        // Proposals, one file each.
        var proposals: [Proposal] = []
        var proposalFiles: [String: String] = [:]
        let familyIDs = families.map(\.id)
        for file in yamlFiles(in: path("proposals"), files) {
            guard let (reader, entry) = top(file, key: "proposal") else { continue }
            guard let node = entry["proposal"],
                  let proposal = reader.mapping(node, what: "proposal", allowed: ["id", "title", "opt_in", "changes", "source", "verified"]) else {
                problems += reader.problems   // a misspelt or malformed `proposal:` must not pass silently
                continue
            }
            let id = proposal.string("id"), title = proposal.string("title"), provenance = proposal.provenance()
            var changes: [Proposal.Change] = []
            for item in reader.sequence(proposal["changes"], what: "changes") {
                guard let change = reader.mapping(item, what: "change", allowed: ["family", "from", "through", "property", "value"]),
                      let family = change.string("family"), let range = change.versionRange(),
                      let property = change.string("property"), let value = change.string("value") else { continue }
                if !familyIDs.contains(family) {
                    let hint = closestMatches(to: family, in: familyIDs, limit: 1).first.map { " (did you mean '\($0)'?)" } ?? ""
                    reader.problem(change["family"], "change: unknown family '\(family)'\(hint)")
                    continue
                }
                guard let values = Vocabulary.properties[property] else {
                    reader.problem(change["property"], "change: unknown property '\(property)'")
                    continue
                }
                if !values.contains(value) {
                    reader.problem(change["value"], "change: property '\(property)' cannot be '\(value)' (one of: \(values.joined(separator: ", ")))")
                    continue
                }
                changes.append(Proposal.Change(familyID: family, versions: range, property: property, value: value))
            }
            if proposal["changes"] == nil { reader.problem(node, "proposal: missing field 'changes'") }
            if let id, let title {
                if let first = proposalFiles[id] {
                    reader.problem(proposal["id"], "proposal: duplicate id '\(id)' (first in \(first))")
                } else {
                    proposalFiles[id] = file
                    proposals.append(Proposal(id: id, title: title, optIn: proposal.optionalString("opt_in"),
                                              changes: changes, provenance: provenance))
                }
            }
            problems += reader.problems
        }

        // Which phase each vendor's end date is (optional vendors.yaml), every line held to it.
        let (vendors, vendorProblems) = VendorLoader.read(directory: directory, files: files, guests: guests)
        problems += vendorProblems

        // Abilities a guest family has had since a known release (optional file).
        var abilities: [FamilyAbility] = []
        var margin = 2
        if let (reader, entry) = top(path("family-abilities.yaml"), key: "abilities", required: false) {
            if entry["margin_years"] != nil, let years = entry.int("margin_years", range: 0...50) { margin = years }
            var seen: [String: Int] = [:]
            for item in reader.sequence(entry["abilities"], what: "abilities") {
                guard let ability = reader.mapping(item, what: "ability", allowed: ["family", "capability", "since", "since_released", "source", "verified"]) else { continue }
                let family = ability.string("family"), capability = ability.string("capability"), since = ability.string("since")
                let released = ability.day("since_released"), provenance = ability.provenance()
                if let capability, !Vocabulary.capabilities.contains(capability) {
                    reader.problem(ability["capability"], "ability: unknown capability '\(capability)' (one of: \(Vocabulary.capabilities.joined(separator: ", ")))")
                    continue
                }
                guard let family, let capability, let since, let released else { continue }
                if let line = seen[family + "/" + capability] {
                    reader.problem(ability["capability"], "ability: duplicate \(family)/\(capability) (first at line \(line))")
                    continue
                }
                seen[family + "/" + capability] = ability.line
                abilities.append(FamilyAbility(family: family, capability: capability, since: since, sinceReleased: released, provenance: provenance))
            }
            problems += reader.problems
        }

        guard problems.isEmpty, let lifecycle else { return (nil, problems) }
        var catalog = Catalog(releases: releases, lifecycleRule: lifecycle, families: families, guests: guests, rules: rules,
                              policies: policies, proposals: proposals, origin: directory)
        catalog.vendors = vendors ?? []
        catalog.familyAbilities = abilities
        catalog.inferenceMarginYears = margin
        return (catalog, [])
    }

    private static func readGuest(_ node: Node, reader: FieldReader) -> Guest? {
        guard let guest = reader.mapping(node, what: "guest", allowed: [
            "id", "name", "vendor", "family", "distro", "osinfo", "arch", "released", "vendor_support_end", "extended",
            "capabilities", "capabilities_source", "capabilities_verified",
        ]) else { return nil }
        let id = guest.string("id")
        let what = id.map { "guest \($0)" } ?? "guest"
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

    private static func checkArchitectures(_ arch: [String], node: Node?, reader: FieldReader, what: String) {
        if arch.isEmpty { reader.problem(node, "\(what): field 'arch' must name at least one architecture") }
        for name in arch where !Vocabulary.architectures.contains(name) {
            reader.problem(node, "\(what): unknown architecture '\(name)' (known: \(Vocabulary.architectures.joined(separator: ", ")))")
        }
    }

    private static func yamlFiles(in directory: String, _ files: CatalogFiles) -> [String] {
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
