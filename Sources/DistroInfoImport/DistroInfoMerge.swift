import TierEngine

/// What merging distro-info-data into a catalog did.
public struct DistroInfoSummary: Sendable {
    /// Curated guest → the row that describes the same release (compared by `lint --distro-info`; curated data
    /// wins, so nothing of the guest changes).
    public var attached: [(guest: String, row: DistroInfoRow)] = []
    /// Lines an earlier import (osinfo-db) added whose dates now come from distro-info-data.
    public var redated: [String] = []
    /// Lines only distro-info-data knows, added as guests.
    public var added: [String] = []
    /// Rows not added, with why (no release date: `sid`, `experimental`, releases not yet made).
    public var skipped: [(line: String, reason: String)] = []
}

/// Merges distro-info-data's release rows into a catalog, the way `OsinfoMerge` merges osinfo-db: a curated
/// Debian or Ubuntu guest wins and only gets its row attached; a line an import added takes distro-info-data's
/// dates (the distributions' own data beats osinfo-db's); a line nobody has becomes a guest whose every fact
/// cites its CSV file and line.
public enum DistroInfoMerge {
    /// The guest id of a row, as osinfo-db spells it: `debian10`, `debian6` (osinfo-db drops `.0` from 3.0 on),
    /// `debian3.1`, `ubuntu22.04`. Nil for rows without a version (`sid`, `experimental`).
    public static func lineID(_ row: DistroInfoRow) -> String? {
        var number = row.number
        guard !number.isEmpty else { return nil }
        if row.distro == "debian", number.hasSuffix(".0"), let major = Int(number.dropLast(2)), major >= 3 {
            number = String(major)
        }
        return row.distro + number
    }

    /// Which distro-info-data column holds the end of each extended phase the catalog names.
    public static func column(forPhase phase: String, distro: String) -> String? {
        switch (distro, phase) {
        case ("debian", "LTS"): return "eol-lts"
        case ("debian", "ELTS"): return "eol-elts"
        case ("ubuntu", "ESM"): return "eol-esm"
        case ("ubuntu", "Legacy"): return "eol-legacy"
        default: return nil
        }
    }

    /// The phase name of an extended column (`eol-elts` → ELTS); `eol-server` is not one (see `endFact`).
    static func phase(forColumn column: String, distro: String) -> String? {
        switch (distro, column) {
        case ("debian", "eol-lts"): return "LTS"
        case ("debian", "eol-elts"): return "ELTS"
        case ("ubuntu", "eol-esm"): return "ESM"
        case ("ubuntu", "eol-legacy"): return "Legacy"
        default: return nil
        }
    }

    static let vendors = ["debian": "Debian Project", "ubuntu": "Canonical"]

    public static func merge(_ catalog: Catalog, with data: DistroInfoData) -> (Catalog, DistroInfoSummary) {
        var summary = DistroInfoSummary()
        var result = catalog
        var positions: [String: Int] = [:]
        for (index, guest) in catalog.guests.enumerated() where positions[guest.id] == nil { positions[guest.id] = index }
        var vendorByDistro = vendors
        for guest in catalog.guests where !guest.isImported {
            if let distro = guest.distro, vendors[distro] != nil { vendorByDistro[distro] = guest.vendor }
        }
        var added: [Guest] = []
        for row in data.rows {
            guard let id = lineID(row) else {
                summary.skipped.append((row.series, "no version (\(data.source(row)))"))
                continue
            }
            guard row.release != nil else {
                summary.skipped.append((id, "no release date yet (\(data.source(row)))"))
                continue
            }
            if let position = positions[id] {
                if result.guests[position].isImported {
                    redate(&result.guests[position], row, data)
                    summary.redated.append(id)
                } else {
                    summary.attached.append((id, row))
                }
                continue
            }
            guard !added.contains(where: { $0.id == id }) else {
                summary.skipped.append((id, "a second row for the same release (\(data.source(row)))"))
                continue
            }
            added.append(guest(row, id: id, vendor: vendorByDistro[row.distro] ?? row.distro, data))
        }
        summary.added = added.map(\.id)
        result.guests += added
        return (result, summary)
    }

    /// The release's dates from its row.
    static func redate(_ guest: inout Guest, _ row: DistroInfoRow, _ data: DistroInfoData) {
        guest.released = DatedFact(row.release, Provenance("\(data.source(row)), release"))
        guest.vendorSupportEnd = endFact(row, data)
        guest.extended = extendedPhases(row, data)
    }

    /// The end of the normal lifecycle: `eol`; for the early Ubuntu LTS releases whose server edition was
    /// supported longer than the desktop (`eol-server` after `eol`: 6.06, 8.04, 10.04), the server end — a
    /// guest on QEMU is a server far more often than a desktop.
    static func endFact(_ row: DistroInfoRow, _ data: DistroInfoData) -> DatedFact {
        if let server = row.end("eol-server"), let eol = row.eol, server > eol {
            return DatedFact(server, Provenance("\(data.source(row)), eol-server (the desktop's eol is \(eol))"))
        }
        guard let eol = row.eol else {
            return DatedFact(nil, Provenance("\(data.source(row)), eol (empty: not announced)"))
        }
        return DatedFact(eol, Provenance("\(data.source(row)), eol"))
    }

    static func extendedPhases(_ row: DistroInfoRow, _ data: DistroInfoData) -> [ExtendedPhase] {
        row.phases.compactMap { column, end in
            guard let end, let phase = phase(forColumn: column, distro: row.distro) else { return nil }
            return ExtendedPhase(phase: phase, end: DatedFact(end, Provenance("\(data.source(row)), \(column)")))
        }
    }

    /// A line only distro-info-data knows. It records dates only: the architectures are the one every release
    /// of the table has (amd64 from Debian 4.0 and Ubuntu 4.10 on, i386 before), and every ability is unknown
    /// until an inference from the family (`Catalog.inferringFamilyAbilities`) or another source supplies it.
    static func guest(_ row: DistroInfoRow, id: String, vendor: String, _ data: DistroInfoData) -> Guest {
        let distroName = row.distro == "debian" ? "Debian" : "Ubuntu"
        let amd64 = row.distro == "ubuntu" || (Double(row.number).map { $0 >= 4 } ?? true)
        var guest = Guest(
            id: id, name: "\(distroName) \(row.version) (\(row.codename))", vendor: vendor, family: "linux",
            distro: row.distro, osinfoIDs: [], arch: amd64 ? ["x86_64"] : ["i686"],
            released: DatedFact(row.release, Provenance("\(data.source(row)), release")),
            vendorSupportEnd: endFact(row, data), extended: extendedPhases(row, data),
            // virtio drivers nobody says ship in the box are not assumed (as for osinfo-db lines without virtio devices).
            capabilities: ["virtio_in_box": false, "requires_uefi": false, "requires_secure_boot": false, "requires_tpm2": false],
            capabilitiesProvenance: Provenance(
                "\(data.source(row)): dates only; architecture \(amd64 ? "x86_64 (amd64: Debian from 4.0, Ubuntu from 4.10)" : "i686 (Debian before 4.0 had no amd64 port)") "
                + "and abilities are not in distro-info-data", verified: false))
        guest.unknownCapabilities = ["virtio_legacy", "virtio_modern", "iommu_platform", "ahci", "ide", "e1000", "e1000e"]
        guest.definedIn = data.source(row)
        guest.isImported = true
        return guest
    }
}
