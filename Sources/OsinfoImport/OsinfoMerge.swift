import TierEngine

/// What merging osinfo-db into a catalog did.
public struct OsinfoImportSummary: Sendable {
    public var directory: String
    public var version: String
    public var entryCount: Int
    /// Curated guest id → the point releases attached to it.
    public var attached: [(guest: String, points: [String])] = []
    /// Lines only osinfo-db knows, added as guests.
    public var added: [String] = []
    /// Lines not added, with why (no release date, no architecture the catalog knows).
    public var skipped: [(line: String, reason: String)] = []
    /// Curated guest id → short-ids its `osinfo:` lists that this osinfo-db does not have.
    public var unknownListed: [(guest: String, ids: [String])] = []
}

/// Groups osinfo-db entries into guest lines and merges them into a catalog: curated guests win and only gain
/// their point releases; lines the catalog lacks become extra guests whose every fact cites its osinfo-db file.
public enum OsinfoMerge {
    /// Distros whose `<major>.<minor>` (or `<major>spN`) short-ids are point releases of one line
    /// (rhel6.10 → rhel6, sles15sp1 → sles15). For every other distro (ubuntu20.04, win8.1, alpinelinux3.16,
    /// debian3.1, macosx10.7 …) each short-id is its own line.
    public static let pointReleaseDistros: Set<String> = [
        "rhel", "centos", "ol", "oel", "scientificlinux", "rocky", "almalinux", "circle", "miraclelinux", "asianux",
        "sles", "sled", "sle", "slem", "opensuse", "freebsd", "netbsd", "alt", "ucs", "eos",
    ]

    /// The guest line id of an osinfo-db short-id (Catalog/README.md, "Lines"): the short-id without its minor part for
    /// point-release distros; `-unknown` entries (osinfo's catch-all for a line's future points) belong to
    /// their line.
    public static func lineID(shortID: String, distro: String?) -> String {
        // Every trailing "-unknown" goes, in one pass over a Substring (no copy per suffix: linear).
        var id = Substring(shortID)
        while id.utf8.count > 8, id.hasSuffix("-unknown") { id = id.dropLast(8) }
        guard let distro, pointReleaseDistros.contains(distro) else { return String(id) }
        if let sp = id.range(of: "sp", options: .backwards), sp.upperBound < id.endIndex,
           id[sp.upperBound...].allSatisfy(\.isNumber), sp.lowerBound > id.startIndex,
           id[id.index(before: sp.lowerBound)].isNumber {
            id = id[..<sp.lowerBound]
        }
        if let digit = id.firstIndex(where: \.isNumber), let dot = id[digit...].firstIndex(of: ".") {
            id = id[..<dot]
        }
        return String(id)
    }

    public static func merge(_ catalog: Catalog, with db: OsinfoDatabase) -> (Catalog, OsinfoImportSummary) {
        var summary = OsinfoImportSummary(directory: db.directory, version: db.version, entryCount: db.entries.count)
        var curatedByShortID: [String: String] = [:]
        var curatedIDs = Set<String>()
        var vendorByDistro: [String: String] = [:]
        for guest in catalog.guests {
            curatedIDs.insert(guest.id)
            for id in guest.osinfoIDs where curatedByShortID[id] == nil { curatedByShortID[id] = guest.id }
            if let distro = guest.distro, vendorByDistro[distro] == nil { vendorByDistro[distro] = guest.vendor }
        }

        // Every entry to its line.
        var members: [String: [Int]] = [:]
        var lineOrder: [String] = []
        for (index, entry) in db.entries.enumerated() where !entry.shortIDs.isEmpty {
            let line = entry.shortIDs.lazy.compactMap { curatedByShortID[$0] }.first
                ?? lineID(shortID: entry.shortID, distro: entry.distro)
            if members[line] == nil { lineOrder.append(line) }
            members[line, default: []].append(index)
        }

        var result = catalog
        for position in result.guests.indices {
            let guest = result.guests[position]
            let missing = guest.osinfoIDs.filter { db.index(ofShortID: $0) == nil }
            if !missing.isEmpty { summary.unknownListed.append((guest.id, missing)) }
            guard let indices = members[guest.id] else { continue }
            let points = sortedPoints(indices, db).map { pointRelease(db, $0) }
            result.guests[position].pointReleases = points
            summary.attached.append((guest.id, points.map(\.id)))
        }

        var imported: [Guest] = []
        for line in lineOrder where !curatedIDs.contains(line) {
            let indices = members[line]!
            let sorted = sortedPoints(indices, db)
            let dated = sorted.filter { db.entries[$0].releaseDate != nil }
            guard let first = dated.first, let latest = dated.last else {
                summary.skipped.append((line, "no release date in osinfo-db (\(indices.map { db.entries[$0].shortID }.joined(separator: ", ")))"))
                continue
            }
            var arch: [String] = []
            for index in indices { for name in db.architectures(index) where !arch.contains(name) { arch.append(name) } }
            guard !arch.isEmpty else {
                summary.skipped.append((line, "no architecture the catalog knows in osinfo-db"))
                continue
            }
            let representative = indices.first { db.entries[$0].shortIDs.contains(line) } ?? first
            let entry = db.entries[representative]
            let (capabilities, unknownCapabilities, capabilitiesProvenance) = importedCapabilities(db, latest, family: catalogFamily(db.family(latest)))
            var guest = Guest(
                id: line, name: lineName(entry, line: line), vendor: entry.distro.flatMap { vendorByDistro[$0] } ?? entry.vendor ?? "(no vendor in osinfo-db)",
                family: catalogFamily(db.family(representative)), distro: entry.distro,
                osinfoIDs: sorted.map { db.entries[$0].shortID }, arch: arch,
                released: DatedFact(db.entries[first].releaseDate, Provenance(db.source(first))),
                vendorSupportEnd: endFact(db, latest),
                capabilities: capabilities, capabilitiesProvenance: capabilitiesProvenance)
            guest.unknownCapabilities = unknownCapabilities
            guest.pointReleases = sorted.map { pointRelease(db, $0) }
            guest.definedIn = db.source(representative)
            guest.isImported = true
            imported.append(guest)
        }
        // Each id's natural-order key computed once, not in every comparison (the same comparisons, so the same order).
        imported = imported.map { ($0, NaturalOrder.key($0.id)) }
            .sorted { ($0.0.vendor, $0.1) < ($1.0.vendor, $1.1) }
            .map(\.0)
        summary.added = imported.map(\.id)
        result.guests += imported
        return (result, summary)
    }

    /// Oldest first (undated last), then by short-id in natural order (rhel6.9 before rhel6.10).
    static func sortedPoints(_ indices: [Int], _ db: OsinfoDatabase) -> [Int] {
        guard indices.count > 1 else { return indices }
        return indices.map { ($0, db.entries[$0].releaseDate?.ordinal ?? Int.max, NaturalOrder.key(db.entries[$0].shortID)) }
            .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.2 < $1.2 }
            .map(\.0)
    }

    static func pointRelease(_ db: OsinfoDatabase, _ index: Int) -> PointRelease {
        let entry = db.entries[index]
        let (capabilities, unknown, provenance) = importedCapabilities(db, index, family: catalogFamily(db.family(index)))
        var point = PointRelease(id: entry.shortID, name: entry.name ?? entry.shortID,
                                 released: DatedFact(entry.releaseDate, Provenance(db.source(index))),
                                 eol: endFact(db, index), arch: db.architectures(index),
                                 capabilities: capabilities, capabilitiesProvenance: provenance,
                                 provenance: Provenance(db.source(index)))
        point.unknownCapabilities = unknown
        return point
    }

    /// osinfo-db's `eol-date` is not defined as the end of the vendor's normal lifecycle (it is sometimes
    /// mainstream, sometimes an extended phase), so it counts as unverified.
    static func endFact(_ db: OsinfoDatabase, _ index: Int) -> DatedFact {
        let source = db.source(index)
        if db.entries[index].eolDate == nil {
            return DatedFact(nil, Provenance("\(source) (no eol-date)", verified: false))
        }
        return DatedFact(db.entries[index].eolDate, Provenance(source, verified: false))
    }

    /// Abilities osinfo-db can only confirm: a device it lists works; one it does not list may or may not.
    /// `virtio_in_box` is not among them: drivers nobody says ship with the guest are not assumed (README, "How a tier is decided"),
    /// so a guest without virtio devices in osinfo-db is judged on the emulated defaults.
    static let confirmOnly: Set<String> = ["virtio_legacy", "virtio_modern", "ahci", "e1000", "e1000e"]

    /// The capabilities of an imported line or point: osinfo-db's expressible ones, plus `ide: true` assumed
    /// for families other than Linux (every x86 OS osinfo-db lists boots from IDE; osinfo-db has no IDE device
    /// ids); for Linux `ide` is unknown, and inferred from the kernel's history with its source
    /// (`Catalog.inferringFamilyAbilities`). An ability osinfo-db does not list, and `iommu_platform` (which it
    /// never records), are unknown rather than false; requirements (UEFI from the firmware list; Secure Boot and
    /// TPM, which it does not record) default to false.
    static func importedCapabilities(_ db: OsinfoDatabase, _ index: Int, family: String) -> ([String: Bool], Set<String>, Provenance) {
        let found = db.capabilities(index)
        var capabilities = found.known
        var unknown: Set<String> = ["iommu_platform"]
        for capability in confirmOnly where capabilities[capability] != true {
            capabilities[capability] = nil
            unknown.insert(capability)
        }
        if family == "linux" { unknown.insert("ide") } else { capabilities["ide"] = true }
        var files = "\(db.source(index)) <devices>/<firmware>"
        let inherited = found.files.dropFirst()
        if !inherited.isEmpty { files += " (inherited through derives-from/clones from \(inherited.joined(separator: ", ")))" }
        let absent = family == "linux" ? "ide, iommu_platform, Secure Boot and TPM are not in osinfo-db"
            : "ide assumed; iommu_platform, Secure Boot and TPM are not in osinfo-db"
        return (capabilities, unknown, Provenance("\(files); \(absent)", verified: false))
    }

    /// "Red Hat Enterprise Linux 4.0" of line rhel4 → "Red Hat Enterprise Linux 4"; "… 15 SP1" → "… 15".
    static func lineName(_ entry: OsinfoEntry, line: String) -> String {
        let name = entry.name ?? line
        guard entry.shortID != line else { return name }
        if let version = entry.version, version.contains("."), name.hasSuffix(" " + version),
           let major = version.split(separator: ".").first {
            return String(name.dropLast(version.count)) + major
        }
        if let sp = name.range(of: " SP", options: .backwards), name[sp.upperBound...].allSatisfy(\.isNumber) {
            return String(name[..<sp.lowerBound])
        }
        return name
    }

    /// osinfo's family names → the catalog's (`winnt` → windows, `freebsd` → bsd).
    static func catalogFamily(_ family: String?) -> String {
        switch family {
        case "winnt", "win9x", "win16": return "windows"
        case "freebsd", "netbsd", "openbsd", "dragonfly": return "bsd"
        case let family?: return family
        case nil: return "other"
        }
    }
}

/// Sorts "rhel6.9" before "rhel6.10": digit runs compare as numbers.
enum NaturalOrder {
    struct Key: Comparable {
        var parts: [Part]
        enum Part: Comparable {
            case number(Int)
            case text(String)
        }
        static func < (a: Key, b: Key) -> Bool {
            for (x, y) in zip(a.parts, b.parts) where x != y {
                switch (x, y) {
                case let (.number(p), .number(q)): return p < q
                case let (.text(p), .text(q)): return p < q
                case (.number, .text): return true
                case (.text, .number): return false
                }
            }
            return a.parts.count < b.parts.count
        }
    }

    static func key(_ text: String) -> Key {
        var parts: [Key.Part] = []
        var run = ""
        var digits = false
        func flush() {
            guard !run.isEmpty else { return }
            parts.append(digits ? .number(Int(run.prefix(18)) ?? 0) : .text(run))
            run = ""
        }
        for character in text {
            let isDigit = character.isASCII && character.isNumber
            if isDigit != digits { flush(); digits = isDigit }
            run.append(character)
        }
        flush()
        return Key(parts: parts)
    }
}
