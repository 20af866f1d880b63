/// Where a fact comes from, and whether anyone confirmed it.
public struct Provenance: Hashable, Sendable {
    public var source: String
    public var verified: Bool

    public init(_ source: String, verified: Bool = true) {
        self.source = source
        self.verified = verified
    }

    /// The source as shown to a user: unconfirmed facts say so.
    public var cited: String { verified ? source : "\(source) (unverified)" }

    /// Several sources as one, each `;`-separated part once (first occurrence kept): a reason built from a rule,
    /// the machine defaults it read and the guest's capabilities must not cite the same place twice.
    public static func joined(_ sources: [String]) -> String {
        var parts: [String] = [], seen = Set<String>()
        for source in sources {
            for part in Provenance.parts(source) where seen.insert(part).inserted {
                parts.append(part)
            }
        }
        return parts.joined(separator: "; ")
    }

    /// `source.split(separator: "; ")` as Strings. Split as bytes where every "; " has ASCII on both sides
    /// (then no grapheme cluster can join it to its neighbours, so the parts are the same); otherwise as
    /// Characters.
    static func parts(_ source: String) -> [String] {
        let split: [String]? = source.utf8.withContiguousStorageIfAvailable { bytes in
            var parts: [String] = []
            var start = 0, i = 0
            while i < bytes.count {
                guard bytes[i] == UInt8(ascii: ";"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: " ") else {
                    i += 1
                    continue
                }
                let asciiBefore = i == 0 || bytes[i - 1] < 0x80, asciiAfter = i + 2 == bytes.count || bytes[i + 2] < 0x80
                guard asciiBefore && asciiAfter else { return nil }
                if start != i { parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)) }
                i += 2
                start = i
            }
            if start != bytes.count { parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self)) }
            return parts
        } ?? nil
        return split ?? source.split(separator: "; ").map(String.init)
    }
}

/// A day with its source. `day` is nil when the source says the date is not known or not announced.
public struct DatedFact: Hashable, Sendable {
    public var day: Day?
    public var provenance: Provenance
    /// True for a day worked out by a rule rather than read from a source (a QEMU release not yet listed).
    public var estimated = false
    /// For a machine type's deprecation or deletion: the QEMU release that does it (for an estimate, the first
    /// release number the rule names). Nil for other facts.
    public var qemuRelease: QemuVersion? = nil
    /// For a machine type's deprecation read from a `--qemu` binary: the binary as shown ("qemu-system-x86_64
    /// 7.2.x"). Nil for the catalog's own dates.
    public var byBinary: String? = nil

    public init(_ day: Day?, _ provenance: Provenance) {
        self.day = day
        self.provenance = provenance
    }
}

/// An extended support phase after the vendor's normal lifecycle, paid or free (ELS, ESM, ESU, LTS, ELTS, LTSS).
public struct ExtendedPhase: Hashable, Sendable {
    public var phase: String
    public var end: DatedFact

    public init(phase: String, end: DatedFact) {
        self.phase = phase
        self.end = end
    }
}

/// One point release of a guest line (RHEL 6.10 of RHEL 6), as an import knows it.
public struct PointRelease: Hashable, Sendable {
    /// The osinfo-db short-id (`rhel6.10`).
    public var id: String
    public var name: String
    /// nil day: the source gives no release date.
    public var released: DatedFact
    /// The source's end-of-life date for this point release (nil day: none given).
    public var eol: DatedFact
    public var arch: [String]
    /// The capabilities the source gives this point release (see `capabilitiesProvenance`).
    public var capabilities: [String: Bool]
    public var capabilitiesProvenance: Provenance
    /// Capabilities the source does not record (see `Guest.unknownCapabilities`).
    public var unknownCapabilities: Set<String> = []
    /// Capabilities inferred from the family (see `Guest.inferredCapabilities`).
    public var inferredCapabilities: [String: Provenance] = [:]
    /// Where the point release is defined (`osinfo-db 20221203, os/redhat.com/rhel-6.10.xml`).
    public var provenance: Provenance

    public init(id: String, name: String, released: DatedFact, eol: DatedFact, arch: [String],
                capabilities: [String: Bool], capabilitiesProvenance: Provenance, provenance: Provenance) {
        self.id = id
        self.name = name
        self.released = released
        self.eol = eol
        self.arch = arch
        self.capabilities = capabilities
        self.capabilitiesProvenance = capabilitiesProvenance
        self.provenance = provenance
    }
}

/// One guest OS release line (RHEL 6, Windows 10 …).
public struct Guest: Hashable, Sendable {
    public var id: String
    public var name: String
    public var vendor: String
    public var family: String
    public var distro: String?
    public var osinfoIDs: [String]
    public var arch: [String]
    public var released: DatedFact
    public var vendorSupportEnd: DatedFact
    public var extended: [ExtendedPhase]
    /// Capability name → value; a missing capability is false.
    public var capabilities: [String: Bool]
    public var capabilitiesProvenance: Provenance
    /// The line's point releases (RHEL 6.0 … 6.10), oldest first, as an import (osinfo-db) knows them.
    public var pointReleases: [PointRelease] = []
    /// Where the guest itself is defined: `Catalog/guests/redhat.yaml:5` for a curated line, the osinfo-db file
    /// for an imported one (nil when unknown).
    public var definedIn: String? = nil
    /// True for a line that only an import knows (no curated entry): its facts are the import's.
    public var isImported: Bool = false
    /// For a point release shown as its own row (see `Catalog.withPointReleaseRows`): the id of its line.
    public var lineID: String? = nil
    /// Capabilities the source does not record either way (osinfo-db lists what works, not what does not).
    /// A rule that depends on one of them "may apply": it caps at Supported and says what is unknown.
    public var unknownCapabilities: Set<String> = []
    /// Capabilities its source does not record but that follow from its family and release date
    /// (`Catalog.inferringFamilyAbilities`): capability → the inference, as shown in reasons.
    public var inferredCapabilities: [String: Provenance] = [:]

    public init(id: String, name: String, vendor: String, family: String, distro: String? = nil,
                osinfoIDs: [String] = [], arch: [String], released: DatedFact, vendorSupportEnd: DatedFact,
                extended: [ExtendedPhase] = [], capabilities: [String: Bool], capabilitiesProvenance: Provenance) {
        self.id = id
        self.name = name
        self.vendor = vendor
        self.family = family
        self.distro = distro
        self.osinfoIDs = osinfoIDs
        self.arch = arch
        self.released = released
        self.vendorSupportEnd = vendorSupportEnd
        self.extended = extended
        self.capabilities = capabilities
        self.capabilitiesProvenance = capabilitiesProvenance
    }

    public func has(_ capability: String) -> Bool { capabilities[capability] ?? false }

    /// Whether the guest has the capability: true, false, or nil when the source does not record it.
    public func knows(_ capability: String) -> Bool? {
        unknownCapabilities.contains(capability) ? nil : has(capability)
    }

    /// The last day of support: the vendor's normal end, or the latest extended end when those count.
    public func supportEnd(countingExtended: Bool) -> DatedFact {
        guard countingExtended else { return vendorSupportEnd }
        // An extended phase whose end is not announced (`end: null`) is open-ended too.
        if vendorSupportEnd.day != nil, let open = extended.first(where: { $0.end.day == nil }) { return open.end }
        let dated = extended.compactMap { phase in phase.end.day.map { (phase, $0) } }
        let latest = dated.max { $0.1 < $1.1 }
        // A normal lifecycle with no announced end is open-ended: counting extended phases cannot end it earlier.
        if let latest, let normal = vendorSupportEnd.day, latest.1 > normal { return latest.0.end }
        return vendorSupportEnd
    }
}

/// An ability every kernel (or release) of a guest family has had since a known release (Linux has driven the
/// e1000 since 2.6.12). It fills in an ability an import does not record, for lines first released at least
/// `Catalog.inferenceMarginYears` after `sinceReleased`.
public struct FamilyAbility: Hashable, Sendable {
    public var family: String
    public var capability: String
    /// "Linux 4.0"
    public var since: String
    public var sinceReleased: Day
    public var provenance: Provenance

    public init(family: String, capability: String, since: String, sinceReleased: Day, provenance: Provenance) {
        self.family = family
        self.capability = capability
        self.since = since
        self.sinceReleased = sinceReleased
        self.provenance = provenance
    }
}

/// A version range over which a family's fact holds (both ends inclusive, either open).
public struct VersionRange: Hashable, Sendable {
    public var from: QemuVersion?
    public var through: QemuVersion?

    public init(from: QemuVersion? = nil, through: QemuVersion? = nil) {
        self.from = from
        self.through = through
    }

    public func contains(_ version: QemuVersion) -> Bool {
        if let from, version < from { return false }
        if let through, version > through { return false }
        return true
    }
}

/// The value a machine-type property takes over a range of versions (`virtio = modern-only` from 2.7 on).
public struct PropertyDefault: Hashable, Sendable {
    public var property: String
    public var value: String
    public var versions: VersionRange
    public var provenance: Provenance
    /// Where the claim is written (`Catalog/machine-families.yaml:40`), for `verify`'s file:line messages.
    public var location: String?
    /// The real QEMU binaries that showed this value (`confirmed_by` in the catalog), e.g.
    /// "qemu-system-x86_64 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18), 2026-12-01, guest-tiers verify".
    public var confirmedBy: [String]

    public init(property: String, value: String, versions: VersionRange, provenance: Provenance,
                location: String? = nil, confirmedBy: [String] = []) {
        self.property = property
        self.value = value
        self.versions = versions
        self.provenance = provenance
        self.location = location
        self.confirmedBy = confirmedBy
    }
}

/// A recorded deprecation or removal of a range of a family's versioned types, by a given QEMU release.
public struct LifecycleEvent: Hashable, Sendable {
    public var versions: VersionRange
    public var release: QemuVersion
    public var provenance: Provenance
    /// Where the event is written (file:line).
    public var location: String?

    public init(versions: VersionRange, release: QemuVersion, provenance: Provenance, location: String? = nil) {
        self.versions = versions
        self.release = release
        self.provenance = provenance
        self.location = location
    }
}

public struct MachineFamily: Hashable, Sendable {
    public var id: String
    /// The type name with `{v}` standing for the version.
    public var pattern: String
    public var alias: String?
    public var arch: [String]
    public var firstVersion: QemuVersion
    public var isDefaultMachine: Bool
    public var provenance: Provenance
    public var removals: [LifecycleEvent]
    public var deprecations: [LifecycleEvent]
    public var defaults: [PropertyDefault]
    /// Where the family is written (file:line of its entry).
    public var location: String?

    public init(id: String, pattern: String, alias: String?, arch: [String], firstVersion: QemuVersion,
                isDefaultMachine: Bool, provenance: Provenance, removals: [LifecycleEvent] = [],
                deprecations: [LifecycleEvent] = [], defaults: [PropertyDefault], location: String? = nil) {
        self.location = location
        self.id = id
        self.pattern = pattern
        self.alias = alias
        self.arch = arch
        self.firstVersion = firstVersion
        self.isDefaultMachine = isDefaultMachine
        self.provenance = provenance
        self.removals = removals
        self.deprecations = deprecations
        self.defaults = defaults
    }

    public func typeName(_ version: QemuVersion) -> String {
        pattern.split(separator: "{v}", omittingEmptySubsequences: false).joined(separator: version.description)
    }
}

public struct QemuRelease: Hashable, Sendable {
    public var version: QemuVersion
    public var date: Day
    public var provenance: Provenance

    public init(version: QemuVersion, date: Day, provenance: Provenance) {
        self.version = version
        self.date = date
        self.provenance = provenance
    }
}

/// QEMU's rule for versioned machine types: X.Y is deprecated by the first release numbered (X+3).Y or later and
/// deleted by the first numbered (X+6).Y or later, from the release that introduced each half of the rule on.
public struct LifecycleRule: Hashable, Sendable {
    public var deprecateAfterMajor: Int
    public var deleteAfterMajor: Int
    public var deprecationSince: QemuVersion
    public var deletionSince: QemuVersion
    public var provenance: Provenance
    /// Where the rule is written (file:line).
    public var location: String?

    public init(deprecateAfterMajor: Int, deleteAfterMajor: Int, deprecationSince: QemuVersion,
                deletionSince: QemuVersion, provenance: Provenance, location: String? = nil) {
        self.location = location
        self.deprecateAfterMajor = deprecateAfterMajor
        self.deleteAfterMajor = deleteAfterMajor
        self.deprecationSince = deprecationSince
        self.deletionSince = deletionSince
        self.provenance = provenance
    }
}

/// One versioned machine type, derived from its family and the release list.
public struct MachineType: Hashable, Sendable {
    public var name: String
    public var familyID: String
    public var version: QemuVersion
    public var arch: [String]
    public var released: DatedFact
    /// The day from which QEMU marks the type deprecated (nil: not within the known future).
    public var deprecated: DatedFact?
    /// The day of the release that no longer has the type.
    public var deleted: DatedFact?
    /// Property → its default value at this version, with the source.
    public var defaults: [String: PropertyDefault]
    /// False for a machine type the catalog does not know (offered by a QEMU binary under a name no family
    /// derives): no rule can be checked against it, so it is never Recommended.
    public var defaultsKnown: Bool = true
    /// What follows the version in the name of a variant a binary offers (".1" of `pc-q35-4.0.1`, "-sxxm" of
    /// `pseries-2.12-sxxm`): it has that version's defaults. Empty for the family's own types.
    public var variant: String = ""

    public init(name: String, familyID: String, version: QemuVersion, arch: [String], released: DatedFact,
                deprecated: DatedFact?, deleted: DatedFact?, defaults: [String: PropertyDefault]) {
        self.name = name
        self.familyID = familyID
        self.version = version
        self.arch = arch
        self.released = released
        self.deprecated = deprecated
        self.deleted = deleted
        self.defaults = defaults
    }
}

/// What a machine type's defaults require of a guest. Fires when every guest and machine condition holds.
public struct CompatibilityRule: Hashable, Sendable {
    public var id: String
    public var text: String
    /// Guest capability → the value that makes the rule fire.
    public var guestConditions: [(String, Bool)]
    /// Machine property → the values that make the rule fire.
    public var machineConditions: [(String, [String])]
    /// Settings that satisfy the rule; empty means none does (Unsupported).
    public var fix: [String]
    public var provenance: Provenance

    public init(id: String, text: String, guestConditions: [(String, Bool)], machineConditions: [(String, [String])],
                fix: [String], provenance: Provenance) {
        self.id = id
        self.text = text
        self.guestConditions = guestConditions
        self.machineConditions = machineConditions
        self.fix = fix
        self.provenance = provenance
    }

    public static func == (a: Self, b: Self) -> Bool { a.id == b.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

public struct Policy: Hashable, Sendable {
    /// Which release date the age rule measures: the line's first general availability (RHEL 6 → 2010-11-10), or
    /// its latest point release as of the date (RHEL 6.10 → 2018-06-19; point releases come from --osinfo).
    public enum AgeFrom: String, Hashable, Sendable, CaseIterable {
        case firstRelease = "first-release"
        case latestPointRelease = "latest-point-release"
    }

    public var id: String
    public var vendorCap: Bool
    public var ageCap: Bool
    public var windowYears: Int
    public var lifecycle: Bool
    public var extendedCounts: Bool
    public var ageFrom: AgeFrom
    public var provenance: Provenance

    public init(id: String, vendorCap: Bool, ageCap: Bool, windowYears: Int = 5, lifecycle: Bool = true,
                extendedCounts: Bool = false, ageFrom: AgeFrom = .firstRelease, provenance: Provenance = Provenance("built in")) {
        self.id = id
        self.vendorCap = vendorCap
        self.ageCap = ageCap
        self.windowYears = windowYears
        self.lifecycle = lifecycle
        self.extendedCounts = extendedCounts
        self.ageFrom = ageFrom
        self.provenance = provenance
    }
}

/// A what-if change of machine-type defaults from some version on, optionally only behind an opt-in option.
public struct Proposal: Hashable, Sendable {
    public struct Change: Hashable, Sendable {
        public var familyID: String
        public var versions: VersionRange
        public var property: String
        public var value: String

        public init(familyID: String, versions: VersionRange, property: String, value: String) {
            self.familyID = familyID
            self.versions = versions
            self.property = property
            self.value = value
        }
    }

    public var id: String
    public var title: String

    /// The changes that apply to this machine type (its family, its version in range).
    public func changes(for machine: MachineType) -> [Change] {
        changes.filter { $0.familyID == machine.familyID && $0.versions.contains(machine.version) }
    }

    /// The machine option a user must set for the changes to apply; nil: they apply to every guest.
    public var optIn: String?
    public var changes: [Change]
    public var provenance: Provenance

    public init(id: String, title: String, optIn: String?, changes: [Change], provenance: Provenance) {
        self.id = id
        self.title = title
        self.optIn = optIn
        self.changes = changes
        self.provenance = provenance
    }
}
