import Foundation
import TierEngine

/// One pass over a catalog directory: each file read by its own function, every problem collected in `problems`.
/// `CatalogLoader.read` runs the files in dependency order (releases before families, families before proposals).
final class CatalogReading {
    let directory: String
    let files: CatalogFiles
    var problems: [CatalogProblem] = []

    init(directory: String, files: CatalogFiles) {
        self.directory = directory
        self.files = files
    }

    func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    private func fail(_ file: String, line: Int = 1, _ message: String) -> (FieldReader, YamlNode)? {
        problems.append(CatalogProblem(file: file, line: line, message: message))
        return nil
    }

    /// A file's YAML root, or nil with a problem saying why not: missing, unreadable, too big, not UTF-8, an
    /// alias bomb, a syntax error.
    func document(_ file: String, required: Bool = true) -> (FieldReader, YamlNode)? {
        let reader = FieldReader(file: file)
        guard files.exists(file) else {
            if !required { return nil }
            return fail(file, files.describeMissing(file))
        }
        guard let data = files.read(file) else { return fail(file, files.describeUnreadable(file)) }
        guard data.count <= CatalogLimits.maxFileBytes else {
            return fail(file, "is larger than \(CatalogLimits.maxFileBytes / 1_048_576) MiB, the limit for a catalog file")
        }
        guard let text = String(data: data, encoding: .utf8) else { return fail(file, "is not UTF-8 text") }
        // The basic resolver (inside YamlTree): every field is read as the string it is written as (FieldReader
        // types it), so Yams' regex-based tag resolution would be wasted. It also makes the duplicate check compare
        // keys as written: `yes:` and `"yes":` are the same field name, and duplicates.
        switch YamlTree.compose(text, basic: true) {
        case let .node(node):
            return (reader, node)
        case .empty:
            return fail(file, "is empty")
        case let .budget(exceeded):
            return fail(file, line: exceeded.line, exceeded.message)
        case let .yams(error):
            var problem = CatalogLoader.yamlProblem(error, file: file)
            // libyaml may place an error at end of input one line past the last: keep it inside the file.
            problem.line = min(problem.line, max(1, text.split(separator: "\n", omittingEmptySubsequences: false).count))
            problems.append(problem)
            return nil
        case let .other(error):
            return fail(file, "YAML error: \(error)")
        }
    }

    /// The file's top-level mapping, which must hold `key` (and for qemu-releases.yaml, `lifecycle`).
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

    // MARK: qemu-releases.yaml

    func releases() -> (releases: [QemuRelease], lifecycle: LifecycleRule?) {
        guard let (reader, entry) = top(path("qemu-releases.yaml"), key: "releases") else { return ([], nil) }
        defer { problems += reader.problems }
        var releases: [QemuRelease] = []
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
        guard let node = entry["lifecycle"] else {
            reader.problem(entry.node, "top level: missing field 'lifecycle'")
            return (releases, nil)
        }
        return (releases, lifecycleRule(node, reader: reader, releases: releases))
    }

    private func lifecycleRule(_ node: YamlNode, reader: FieldReader, releases: [QemuRelease]) -> LifecycleRule? {
        guard let rule = reader.mapping(node, what: "lifecycle", allowed: ["deprecate_after_major", "delete_after_major", "deprecation_since", "deletion_since", "source", "verified"]) else { return nil }
        let deprecate = rule.int("deprecate_after_major", range: 1...50)
        let delete = rule.int("delete_after_major", range: 1...50)
        let since = rule.version("deprecation_since"), deletionSince = rule.version("deletion_since")
        let provenance = rule.provenance()
        for (name, version) in [("deprecation_since", since), ("deletion_since", deletionSince)] {
            if let version, !releases.contains(where: { $0.version == version }) {
                reader.problem(rule[name], "lifecycle: field '\(name)': unknown QEMU release \(version)")
            }
        }
        guard let deprecate, let delete, let since, let deletionSince else { return nil }
        return LifecycleRule(deprecateAfterMajor: deprecate, deleteAfterMajor: delete,
                             deprecationSince: since, deletionSince: deletionSince, provenance: provenance,
                             location: "\(reader.file):\(rule.line)")
    }

    // MARK: machine-families.yaml

    func families(knownVersions: Set<QemuVersion>) -> [MachineFamily] {
        guard let (reader, entry) = top(path("machine-families.yaml"), key: "families") else { return [] }
        defer { problems += reader.problems }
        var families: [MachineFamily] = []
        var lines: [String: Int] = [:]
        for item in reader.sequence(entry["families"], what: "families") {
            guard let family = reader.mapping(item, what: "family", allowed: ["id", "pattern", "alias", "arch", "first_version", "default_machine", "source", "verified", "removals", "deprecations", "defaults"]) else { continue }
            guard let read = self.family(family, reader: reader, knownVersions: knownVersions) else { continue }
            if let line = lines[read.id] {
                reader.problem(family["id"], "family: duplicate id \(quoted(read.id)) (first at line \(line))")
                continue
            }
            lines[read.id] = family.line
            families.append(read)
        }
        reportRepeatedTypeNames(families, lines: lines, versions: knownVersions, reader: reader)
        return families
    }

    private func family(_ family: Entry, reader: FieldReader, knownVersions: Set<QemuVersion>) -> MachineFamily? {
        let id = family.string("id"), pattern = family.string("pattern"), arch = family.strings("arch")
        let first = family.version("first_version"), isDefault = family.bool("default_machine", default: false)
        let provenance = family.provenance()
        if let pattern, !pattern.contains("{v}") { reader.problem(family["pattern"], "family: field 'pattern' must contain {v}") }
        if let arch { CatalogLoader.checkArchitectures(arch, node: family["arch"], reader: reader, what: "family") }
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
        let defaults = propertyDefaults(family["defaults"], reader: reader)
        guard let id, let pattern, let arch, let first, let isDefault else { return nil }
        return MachineFamily(id: id, pattern: pattern, alias: family.optionalString("alias"), arch: arch,
                             firstVersion: first, isDefaultMachine: isDefault, provenance: provenance,
                             removals: removals, deprecations: deprecations, defaults: defaults,
                             location: "\(reader.file):\(family.line)")
    }

    private func propertyDefaults(_ node: YamlNode?, reader: FieldReader) -> [PropertyDefault] {
        var defaults: [PropertyDefault] = []
        for node in reader.sequence(node, what: "defaults") {
            guard let value = reader.mapping(node, what: "default", allowed: ["property", "value", "from", "through", "source", "verified", "confirmed_by"]),
                  let property = value.string("property"), let text = value.string("value"), let range = value.versionRange() else { continue }
            var provenance = value.provenance()
            guard let values = Vocabulary.properties[property] else {
                reader.problem(value["property"], "default: unknown property \(quoted(property)) (known: \(Vocabulary.properties.keys.sorted().joined(separator: ", ")))")
                continue
            }
            if !values.contains(text) {
                reader.problem(value["value"], "default: property '\(property)' cannot be \(quoted(text)) (one of: \(values.joined(separator: ", ")))")
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
        return defaults
    }

    /// Two families whose patterns give the same machine-type name (one pattern twice, or `pc-{v}` and
    /// `pc-{v}`-like spellings): the engine could not tell their types apart. One problem per family, with a count.
    private func reportRepeatedTypeNames(_ families: [MachineFamily], lines: [String: Int], versions: Set<QemuVersion>,
                                         reader: FieldReader) {
        let sorted = versions.sorted()
        var owner: [String: String] = [:]
        for family in families {
            var repeated: [String: [String]] = [:]   // first family → names this one repeats
            for version in sorted where version >= family.firstVersion {
                let name = family.typeName(version)
                if let first = owner[name] { repeated[first, default: []].append(name) } else { owner[name] = family.id }
            }
            for (first, names) in repeated.sorted(by: { $0.key < $1.key }) {
                reader.problem(nil, "family \(quoted(family.id)): \(names.count) machine-type name\(names.count == 1 ? "" : "s") repeat family \(quoted(first))'s (e.g. \(shortened(names[0]))); patterns must give distinct names",
                               fallbackLine: lines[family.id] ?? 1)
            }
        }
    }

    // MARK: rules.yaml

    func rules() -> [CompatibilityRule] {
        guard let (reader, entry) = top(path("rules.yaml"), key: "rules") else { return [] }
        defer { problems += reader.problems }
        var rules: [CompatibilityRule] = []
        var lines: [String: Int] = [:]
        for item in reader.sequence(entry["rules"], what: "rules") {
            guard let rule = reader.mapping(item, what: "rule", allowed: ["id", "text", "guest", "machine", "fix", "source", "verified"]) else { continue }
            let id = rule.string("id"), text = rule.string("text"), fix = rule.strings("fix", required: false) ?? []
            let provenance = rule.provenance()
            let guestConditions = self.guestConditions(rule["guest"], reader: reader)
            let machineConditions = self.machineConditions(rule["machine"], reader: reader)
            if rule["machine"] == nil { reader.problem(item, "rule: missing field 'machine'") }
            guard let id, let text else { continue }
            if let line = lines[id] {
                reader.problem(rule["id"], "rule: duplicate id \(quoted(id)) (first at line \(line))")
                continue
            }
            lines[id] = rule.line
            rules.append(CompatibilityRule(id: id, text: text, guestConditions: guestConditions,
                                           machineConditions: machineConditions, fix: fix, provenance: provenance))
        }
        return rules
    }

    private func guestConditions(_ node: YamlNode?, reader: FieldReader) -> [(String, Bool)] {
        guard let node, let conditions = reader.mapping(node, what: "rule guest", allowed: Vocabulary.capabilities) else { return [] }
        var result: [(String, Bool)] = []
        for capability in Vocabulary.capabilities where conditions[capability] != nil {
            if let value = conditions.bool(capability) { result.append((capability, value)) }
        }
        return result
    }

    private func machineConditions(_ node: YamlNode?, reader: FieldReader) -> [(String, [String])] {
        guard let node, let conditions = reader.mapping(node, what: "rule machine", allowed: Array(Vocabulary.properties.keys)) else { return [] }
        var result: [(String, [String])] = []
        for (property, allowedValues) in Vocabulary.properties.sorted(by: { $0.key < $1.key }) where conditions[property] != nil {
            guard let values = conditions.strings(property) else { continue }
            for value in values where !allowedValues.contains(value) {
                reader.problem(conditions[property], "rule machine: property '\(property)' cannot be \(quoted(value)) (one of: \(allowedValues.joined(separator: ", ")))")
            }
            result.append((property, values))
        }
        return result
    }

    // MARK: policies.yaml

    func policies() -> [Policy] {
        guard let (reader, entry) = top(path("policies.yaml"), key: "policies") else { return [] }
        defer { problems += reader.problems }
        var policies: [Policy] = []
        var lines: [String: Int] = [:]
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
                    reader.problem(policy["age_from"], "policy: field 'age_from' is one of \(Policy.AgeFrom.allCases.map(\.rawValue).joined(separator: ", ")), not \(quoted(text))")
                }
            }
            guard let id, let vendor, let age, let window, let lifecycle, let extended else { continue }
            if let line = lines[id] {
                reader.problem(policy["id"], "policy: duplicate id \(quoted(id)) (first at line \(line))")
                continue
            }
            lines[id] = policy.line
            policies.append(Policy(id: id, vendorCap: vendor, ageCap: age, windowYears: window, lifecycle: lifecycle,
                                   extendedCounts: extended, ageFrom: ageFrom, provenance: provenance))
        }
        // Every command evaluates under a policy: an empty list would make each of them fail, not lint.
        if policies.isEmpty, case .sequence? = entry["policies"]?.kind {
            reader.problem(entry["policies"], "policies: the list is empty; every command needs a policy preset (e.g. both, vendor, age, none)")
        }
        return policies
    }

    // MARK: guests/*.yaml

    func guests() -> [Guest] {
        var guests: [Guest] = []
        var definedAt: [String: String] = [:]
        for file in CatalogLoader.yamlFiles(in: path("guests"), files) {
            guard let (reader, entry) = top(file, key: "guests") else { continue }
            for item in reader.sequence(entry["guests"], what: "guests") {
                guard var guest = CatalogLoader.readGuest(item, reader: reader) else { continue }
                guest.definedIn = "\(file):\(item.line)"
                if let first = definedAt[guest.id] {
                    reader.problem(item, "guest: duplicate id \(quoted(guest.id)) (first at \(first))")
                    continue
                }
                definedAt[guest.id] = guest.definedIn
                guests.append(guest)
            }
            problems += reader.problems
        }
        if guests.isEmpty && problems.isEmpty {
            problems.append(CatalogProblem(file: path("guests"), line: 1, message: "no guests (expected guests/*.yaml)"))
        }
        return guests
    }

    // MARK: proposals/*.yaml

    func proposals(familyIDs: [String]) -> [Proposal] {
        var proposals: [Proposal] = []
        var definedIn: [String: String] = [:]
        for file in CatalogLoader.yamlFiles(in: path("proposals"), files) {
            guard let (reader, entry) = top(file, key: "proposal") else { continue }
            defer { problems += reader.problems }   // a misspelt or malformed `proposal:` must not pass silently
            guard let node = entry["proposal"],
                  let proposal = reader.mapping(node, what: "proposal", allowed: ["id", "title", "opt_in", "changes", "source", "verified"]) else { continue }
            let id = proposal.string("id"), title = proposal.string("title"), provenance = proposal.provenance()
            let changes = reader.sequence(proposal["changes"], what: "changes").compactMap {
                change($0, reader: reader, familyIDs: familyIDs)
            }
            if proposal["changes"] == nil { reader.problem(node, "proposal: missing field 'changes'") }
            guard let id, let title else { continue }
            if let first = definedIn[id] {
                reader.problem(proposal["id"], "proposal: duplicate id \(quoted(id)) (first in \(first))")
                continue
            }
            definedIn[id] = file
            proposals.append(Proposal(id: id, title: title, optIn: proposal.optionalString("opt_in"),
                                      changes: changes, provenance: provenance))
        }
        return proposals
    }

    private func change(_ item: YamlNode, reader: FieldReader, familyIDs: [String]) -> Proposal.Change? {
        guard let change = reader.mapping(item, what: "change", allowed: ["family", "from", "through", "property", "value"]),
              let family = change.string("family"), let range = change.versionRange(),
              let property = change.string("property"), let value = change.string("value") else { return nil }
        if !familyIDs.contains(family) {
            let hint = closestMatches(to: family, in: familyIDs, limit: 1).first.map { " (did you mean '\($0)'?)" } ?? ""
            reader.problem(change["family"], "change: unknown family \(quoted(family))\(hint)")
            return nil
        }
        guard let values = Vocabulary.properties[property] else {
            reader.problem(change["property"], "change: unknown property \(quoted(property))")
            return nil
        }
        if !values.contains(value) {
            reader.problem(change["value"], "change: property '\(property)' cannot be \(quoted(value)) (one of: \(values.joined(separator: ", ")))")
            return nil
        }
        return Proposal.Change(familyID: family, versions: range, property: property, value: value)
    }

    // MARK: family-abilities.yaml (optional)

    /// Abilities a guest family has had since a known release, and the margin in years an inference keeps.
    func familyAbilities() -> (abilities: [FamilyAbility], marginYears: Int) {
        var abilities: [FamilyAbility] = []
        var margin = 2
        guard let (reader, entry) = top(path("family-abilities.yaml"), key: "abilities", required: false) else { return ([], margin) }
        defer { problems += reader.problems }
        if entry["margin_years"] != nil, let years = entry.int("margin_years", range: 0...50) { margin = years }
        var lines: [String: Int] = [:]
        for item in reader.sequence(entry["abilities"], what: "abilities") {
            guard let ability = reader.mapping(item, what: "ability", allowed: ["family", "capability", "since", "since_released", "source", "verified"]) else { continue }
            let family = ability.string("family"), capability = ability.string("capability"), since = ability.string("since")
            let released = ability.day("since_released"), provenance = ability.provenance()
            if let capability, !Vocabulary.capabilities.contains(capability) {
                reader.problem(ability["capability"], "ability: unknown capability \(quoted(capability)) (one of: \(Vocabulary.capabilities.joined(separator: ", ")))")
                continue
            }
            guard let family, let capability, let since, let released else { continue }
            if let line = lines[family + "/" + capability] {
                reader.problem(ability["capability"], "ability: duplicate \(shortened(family))/\(shortened(capability)) (first at line \(line))")
                continue
            }
            lines[family + "/" + capability] = ability.line
            abilities.append(FamilyAbility(family: family, capability: capability, since: since, sinceReleased: released, provenance: provenance))
        }
        return (abilities, margin)
    }
}
