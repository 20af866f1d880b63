/// Everything the engine knows: the curated facts, and the machine types derived from them.
public struct Catalog: Sendable {
    public var releases: [QemuRelease]
    public var lifecycleRule: LifecycleRule
    public var families: [MachineFamily]
    public var guests: [Guest]
    public var rules: [CompatibilityRule]
    public var policies: [Policy]
    public var proposals: [Proposal]
    /// Where the catalog was read from, for the status line.
    public var origin: String
    /// Abilities a guest family has had since a known release (Catalog/family-abilities.yaml).
    public var familyAbilities: [FamilyAbility] = []
    /// How long after that release a line must be first released to be taken to have the ability.
    public var inferenceMarginYears = 2
    /// The catalog's content digest (SHA-256, see CatalogLoader's CatalogDigest), when read from a directory by
    /// the command line; nil for catalogs built in memory.
    public var digest: String?
    /// Per vendor, which phase `vendor_support_end` is and the extended phases its lines may list (vendors.yaml;
    /// empty for a catalog without one).
    public var vendors: [VendorLifecycle] = []
    /// One versioned type per family per release from the family's first version. Removed types stay in the
    /// list with their deletion date, so that the past can still be evaluated; they are unavailable after it.
    public private(set) var machineTypes: [MachineType] = []

    public init(releases: [QemuRelease], lifecycleRule: LifecycleRule, families: [MachineFamily], guests: [Guest],
                rules: [CompatibilityRule], policies: [Policy], proposals: [Proposal], origin: String) {
        self.releases = releases.sorted { $0.version < $1.version }
        self.lifecycleRule = lifecycleRule
        self.families = families
        self.guests = guests
        self.rules = rules
        self.policies = policies
        self.proposals = proposals
        self.origin = origin
        self.machineTypes = deriveMachineTypes()
    }

    /// Adds machine types that no family derives — names a QEMU binary offers that the catalog does not know —
    /// with the family they are listed under (added once; it derives nothing itself).
    public mutating func addMachineTypes(_ types: [MachineType], family: MachineFamily) {
        if self.family(family.id) == nil { families.append(family) }
        machineTypes += types
    }

    /// Rewrites machine types in place (a `--qemu` binary's view of their lifecycle).
    public mutating func updateMachineTypes(_ transform: (inout MachineType) -> Void) {
        for index in machineTypes.indices { transform(&machineTypes[index]) }
    }

    /// Adds a variant (`pc-q35-4.0.1`) right after the family's type of the same version, so that it is shown
    /// beside it; at the family's end when there is none.
    public mutating func insertVariant(_ machine: MachineType) {
        let same = machineTypes.lastIndex { $0.familyID == machine.familyID && $0.version <= machine.version }
            ?? machineTypes.lastIndex { $0.familyID == machine.familyID }
        machineTypes.insert(machine, at: same.map { $0 + 1 } ?? machineTypes.endIndex)
    }

    /// The catalog with each named line (every line that has point releases, when `ids` contains "all")
    /// replaced by one guest per dated point release, in place. A curated line's points keep the line's curated
    /// architectures, capabilities and vendor support end (curated data wins) and take their own release date;
    /// an imported line's points take everything from the import.
    public func expandingPointReleases(of ids: Set<String>) -> Catalog {
        var copy = self
        var expanded: [Guest] = []
        for guest in guests {
            let dated = guest.pointReleases.filter { $0.released.day != nil }
            guard ids.contains(guest.id) || (ids.contains("all") && !dated.isEmpty), !dated.isEmpty else {
                expanded.append(guest)
                continue
            }
            expanded += pointReleaseMembers(of: guest)
        }
        copy.guests = expanded
        return copy
    }

    /// Every line stays, and each line's dated point releases follow as rows of their own with `lineID` set,
    /// so that the explorer can show or hide them without another evaluator.
    public func withPointReleaseRows() -> Catalog {
        var copy = self
        copy.guests = guests + guests.filter { $0.lineID == nil }.flatMap { line in
            pointReleaseMembers(of: line).filter { $0.id != line.id }.map { member in
                var member = member
                member.lineID = line.id
                return member
            }
        }
        return copy
    }

    /// A line's dated point releases as guests of their own: the line's facts, with the point release's id,
    /// name and release date (and, for a line only the import knows, its end date and capabilities).
    func pointReleaseMembers(of guest: Guest) -> [Guest] {
        guest.pointReleases.filter { $0.released.day != nil }.map { point in
            var member = guest
            member.id = point.id
            member.name = point.name
            member.osinfoIDs = [point.id]
            member.released = point.released
            member.pointReleases = []
            member.definedIn = point.provenance.source
            if guest.isImported {
                if !point.arch.isEmpty { member.arch = point.arch }
                member.vendorSupportEnd = point.eol
                member.capabilities = point.capabilities
                member.unknownCapabilities = point.unknownCapabilities
                member.inferredCapabilities = point.inferredCapabilities
                member.capabilitiesProvenance = point.capabilitiesProvenance
            }
            return member
        }
    }

    /// The catalog with every imported line's unknown abilities filled in where its family has had them since a
    /// known release (see `FamilyAbility`), for the line and each of its point releases (by its own release
    /// date). Curated lines, and abilities a source records, are left alone.
    public func inferringFamilyAbilities() -> Catalog {
        guard !familyAbilities.isEmpty else { return self }
        var copy = self
        for index in copy.guests.indices where copy.guests[index].isImported {
            let guest = copy.guests[index]
            for ability in familyAbilities where ability.family == guest.family {
                if guest.unknownCapabilities.contains(ability.capability), let inference = inference(ability, name: guest.name, released: guest.released.day) {
                    copy.guests[index].capabilities[ability.capability] = true
                    copy.guests[index].unknownCapabilities.remove(ability.capability)
                    copy.guests[index].inferredCapabilities[ability.capability] = inference
                }
                for p in guest.pointReleases.indices where guest.pointReleases[p].unknownCapabilities.contains(ability.capability) {
                    let point = guest.pointReleases[p]
                    guard let inference = inference(ability, name: point.name, released: point.released.day) else { continue }
                    copy.guests[index].pointReleases[p].capabilities[ability.capability] = true
                    copy.guests[index].pointReleases[p].unknownCapabilities.remove(ability.capability)
                    copy.guests[index].pointReleases[p].inferredCapabilities[ability.capability] = inference
                }
            }
        }
        return copy
    }

    /// The inference that a line released on `released` has the ability, or nil if it is too early to tell.
    /// Never verified: it is a rule of thumb about a release, not a fact someone checked for it.
    func inference(_ ability: FamilyAbility, name: String, released: Day?) -> Provenance? {
        let from = ability.sinceReleased.adding(years: inferenceMarginYears)
        guard let released, released >= from else { return nil }
        let family = ability.family.prefix(1).uppercased() + ability.family.dropFirst()
        let kernelFact = ability.provenance.verified ? ability.provenance.source : "\(ability.provenance.source) (that kernel fact not confirmed either)"
        return Provenance("inferred: \(ability.since) (\(ability.sinceReleased)) and every later \(family) kernel have \(ability.capability), "
            + "and \(name) was first released \(released), at least \(inferenceMarginYears) years later "
            + "(guest-tiers inference, Catalog/family-abilities.yaml \(ability.family)/\(ability.capability)); \(kernelFact)", verified: false)
    }

    public func guest(_ id: String) -> Guest? { guests.first { $0.id == id } }
    public func machineType(_ name: String) -> MachineType? { machineTypes.first { $0.name == name } }
    public func family(_ id: String) -> MachineFamily? { families.first { $0.id == id } }
    public func policy(_ id: String) -> Policy? { policies.first { $0.id == id } }
    public func proposal(_ id: String) -> Proposal? { proposals.first { $0.id == id } }
    public func release(_ version: QemuVersion) -> QemuRelease? { releases.first { $0.version == version } }

    /// The first release at or after `version` (the one that first carries a rule keyed to that number).
    func firstRelease(atOrAfter version: QemuVersion) -> QemuRelease? {
        releases.first { $0.version >= version }
    }

    private func deriveMachineTypes() -> [MachineType] {
        var types: [MachineType] = []
        for family in families {
            for release in releases where release.version >= family.firstVersion {
                let version = release.version
                var defaults: [String: PropertyDefault] = [:]
                for entry in family.defaults where entry.versions.contains(version) {
                    defaults[entry.property] = entry
                }
                let released = DatedFact(release.date, Provenance(
                    "QEMU \(version) release: \(release.provenance.source)", verified: release.provenance.verified))
                let deleted = deletion(of: version, in: family, released: release.date)
                var deprecated = deprecation(of: version, in: family, released: release.date)
                if let gone = deleted?.day, let when = deprecated?.day, when >= gone { deprecated = nil }
                types.append(MachineType(
                    name: family.typeName(version), familyID: family.id, version: version, arch: family.arch,
                    released: released, deprecated: deprecated, deleted: deleted, defaults: defaults))
            }
        }
        return types
    }

    /// The earlier of a recorded real event and QEMU's automatic rule.
    private func lifecycleDate(of version: QemuVersion, released: Day, recorded: [LifecycleEvent],
                               afterMajor: Int, since: QemuVersion, what: String) -> DatedFact? {
        var candidates: [DatedFact] = []
        for event in recorded where event.versions.contains(version) {
            if let release = release(event.release) {
                var fact = DatedFact(release.date, Provenance(
                    "\(what) in QEMU \(event.release): \(event.provenance.source)", verified: event.provenance.verified))
                fact.qemuRelease = release.version
                candidates.append(fact)
            }
        }
        let ruleNumber = max(QemuVersion(version.major + afterMajor, version.minor), since)
        let ruleText = "QEMU's versioned machine-type rule: \(what) by the first release numbered "
            + "\(version.major + afterMajor).\(version.minor) or later, from QEMU \(since) on"
        if let release = firstRelease(atOrAfter: ruleNumber) {
            var fact = DatedFact(release.date, Provenance(
                "\(ruleText) (QEMU \(release.version)); \(lifecycleRule.provenance.source)",
                verified: lifecycleRule.provenance.verified))
            fact.qemuRelease = release.version
            candidates.append(fact)
        } else {
            // A future release: estimate it as the same number of calendar years after the type's release.
            var estimate = released.adding(years: afterMajor)
            if let sinceRelease = release(since), sinceRelease.date > estimate { estimate = sinceRelease.date }
            var fact = DatedFact(estimate, Provenance(
                "\(ruleText); estimated as \(afterMajor) years after the type's release (no such release in the catalog yet)",
                verified: false))
            fact.estimated = true
            fact.qemuRelease = ruleNumber
            candidates.append(fact)
        }
        // Every candidate has a day (a recorded event's release date, the rule's release, or the estimate).
        return candidates.min { ($0.day?.ordinal ?? Int.max) < ($1.day?.ordinal ?? Int.max) }
    }

    private func deprecation(of version: QemuVersion, in family: MachineFamily, released: Day) -> DatedFact? {
        lifecycleDate(of: version, released: released, recorded: family.deprecations,
                      afterMajor: lifecycleRule.deprecateAfterMajor, since: lifecycleRule.deprecationSince,
                      what: "deprecated")
    }

    private func deletion(of version: QemuVersion, in family: MachineFamily, released: Day) -> DatedFact? {
        lifecycleDate(of: version, released: released, recorded: family.removals,
                      afterMajor: lifecycleRule.deleteAfterMajor, since: lifecycleRule.deletionSince,
                      what: "deleted")
    }
}
