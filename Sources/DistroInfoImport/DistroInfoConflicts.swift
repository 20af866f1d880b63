import OsinfoImport
import TierEngine

/// One place where distro-info-data and a curated Debian or Ubuntu guest disagree.
public struct DistroInfoConflict: Sendable {
    /// What the difference probably is.
    public enum Reading: String, Sendable {
        /// The catalog has the last day of a month where distro-info-data has a day in (or next to) it: the
        /// vendor page the catalog read gives the month only.
        case monthEnd = "month-end rounding"
        /// Debian's end of regular security support read two ways: the final point release (distro-info-data,
        /// wiki.debian.org/DebianReleases) vs the day the LTS team took over (or the other way round).
        case convention = "convention"
        /// A few days apart: the announcement day vs the day it took effect, or a time-zone difference.
        case fewDays = "a few days"
        /// The catalog says "not announced"; distro-info-data has a planned date.
        case projection = "projection"
        /// Far apart: one of the two has a later announcement (an extension, a correction).
        case change = "real change"
        /// One side has no value.
        case missing = "missing"
    }

    public var guest: String
    /// `released`, `vendor_support_end`, or `extended <phase>`.
    public var field: String
    public var reading: Reading
    public var catalogValue: String
    public var catalogSource: String
    public var catalogFile: String?
    public var distroInfoValue: String
    /// File, line and column (`distro-info-data 0.58+deb12u6, /usr/share/distro-info/debian.csv line 15, eol`).
    public var distroInfoSource: String
    /// distro-info-data's day minus the catalog's, where both have one.
    public var differenceDays: Int?
    public var impact: ConflictImpact
    public var note: String
}

/// Compares curated guests with their distro-info-data rows, for `guest-tiers lint --distro-info`.
public enum DistroInfoConflicts {
    /// Every disagreement, most consequential first (impact, then the size of the difference).
    public static func find(in catalog: Catalog, summary: DistroInfoSummary, data: DistroInfoData) -> [DistroInfoConflict] {
        let window = catalog.policy("age")?.windowYears ?? catalog.policy("both")?.windowYears ?? 5
        var conflicts: [DistroInfoConflict] = []
        let counter = OsinfoConflicts.ImpactCounter(catalog: catalog)
        for (id, row) in summary.attached {
            guard let guest = catalog.guest(id) else { continue }
            conflicts += compare(guest, row, catalog, data, window, counter)
        }
        return conflicts.sorted { a, b in
            if (a.reading == .missing) != (b.reading == .missing) { return b.reading == .missing }
            if a.impact.cellDays != b.impact.cellDays { return a.impact.cellDays > b.impact.cellDays }
            let da = abs(a.differenceDays ?? 0), db = abs(b.differenceDays ?? 0)
            if da != db { return da > db }
            return (a.guest, a.field) < (b.guest, b.field)
        }
    }

    /// The policy an extended phase's end is judged under: the vendor cap alone, counting extended phases.
    static func extendedPolicy(window: Int) -> Policy {
        Policy(id: "vendor cap alone, extended phases counting", vendorCap: true, ageCap: false, windowYears: window,
               lifecycle: false, extendedCounts: true)
    }

    static func compare(_ guest: Guest, _ row: DistroInfoRow, _ catalog: Catalog, _ data: DistroInfoData, _ window: Int,
                        _ counter: OsinfoConflicts.ImpactCounter) -> [DistroInfoConflict] {
        var result: [DistroInfoConflict] = []
        func text(_ day: Day?) -> String { day.map(String.init(describing:)) ?? "null" }
        func add(_ field: String, catalog fact: DatedFact?, distroInfo day: Day?, column: String, policy: Policy, variant: Guest) {
            let catalogDay = fact?.day
            guard catalogDay != day else { return }
            guard fact != nil || day != nil else { return }
            let reading: DistroInfoConflict.Reading = fact == nil ? .missing : read(field, guest: guest, catalog: catalogDay, distroInfo: day)
            let impact = counter.impact(guest, variant, policy)
            result.append(DistroInfoConflict(
                guest: guest.id, field: field, reading: reading,
                catalogValue: fact == nil ? "(none)" : text(catalogDay), catalogSource: fact?.provenance.cited ?? "(no such phase in the catalog)",
                catalogFile: guest.definedIn, distroInfoValue: text(day), distroInfoSource: "\(data.source(row)), \(column)",
                differenceDays: catalogDay.flatMap { c in day.map { $0.ordinal - c.ordinal } },
                impact: impact, note: note(reading, field: field, guest: guest, row: row, catalog: catalogDay, distroInfo: day)))
        }

        var released = guest
        released.released = DatedFact(row.release, Provenance(data.source(row)))
        add("released", catalog: guest.released, distroInfo: row.release, column: "release",
            policy: OsinfoConflicts.policy(for: "released", windowYears: window), variant: released)

        let end = DistroInfoMerge.endFact(row, data)
        var ended = guest
        ended.vendorSupportEnd = end
        add("vendor_support_end", catalog: guest.vendorSupportEnd, distroInfo: end.day,
            column: end.provenance.source.contains("eol-server") ? "eol-server" : "eol",
            policy: OsinfoConflicts.policy(for: "vendor_support_end", windowYears: window), variant: ended)

        // Extended phases: each the catalog names or the row has.
        var phases = guest.extended.map(\.phase)
        for (column, end) in row.phases where end != nil {
            if let phase = DistroInfoMerge.phase(forColumn: column, distro: row.distro), !phases.contains(phase) { phases.append(phase) }
        }
        for phase in phases {
            guard let column = DistroInfoMerge.column(forPhase: phase, distro: row.distro),
                  row.phases.contains(where: { $0.column == column }) else { continue }
            let day = row.end(column)
            var variant = guest
            if let index = variant.extended.firstIndex(where: { $0.phase == phase }) {
                if let day { variant.extended[index].end = DatedFact(day, Provenance(data.source(row))) } else { variant.extended.remove(at: index) }
            } else if let day {
                variant.extended.append(ExtendedPhase(phase: phase, end: DatedFact(day, Provenance(data.source(row)))))
            }
            add("extended \(phase)", catalog: guest.extended.first { $0.phase == phase }?.end, distroInfo: day, column: column,
                policy: extendedPolicy(window: window), variant: variant)
        }
        return result
    }

    /// What a difference probably is, from its shape.
    static func read(_ field: String, guest: Guest, catalog: Day?, distroInfo: Day?) -> DistroInfoConflict.Reading {
        guard let catalog else { return distroInfo == nil ? .missing : (field == "released" ? .missing : .projection) }
        guard let distroInfo else { return .missing }
        let difference = distroInfo.ordinal - catalog.ordinal
        let lastOfMonth = catalog.adding(days: 1).components.day == 1
        if lastOfMonth && abs(difference) <= 62 && !(guest.distro == "debian" && field == "vendor_support_end") { return .monthEnd }
        if abs(difference) <= 3 { return .fewDays }
        if guest.distro == "debian" && field == "vendor_support_end" && abs(difference) <= 62 { return .convention }
        return .change
    }

    static func note(_ reading: DistroInfoConflict.Reading, field: String, guest: Guest, row: DistroInfoRow,
                     catalog: Day?, distroInfo: Day?) -> String {
        let difference = catalog.flatMap { c in distroInfo.map { $0.ordinal - c.ordinal } }
        let apart = difference.map { "\(abs($0)) days \($0 > 0 ? "later" : "earlier") in distro-info-data" } ?? ""
        switch reading {
        case .monthEnd:
            return "month-end rounding (\(apart)): the catalog has the last day of the month, as a vendor page that gives only the month does; distro-info-data has the day"
        case .convention:
            return "a convention (\(apart)): Debian's end of regular security support is dated either by the final point release "
                + "(as distro-info-data dates Debian 9 and 10: its changelog, 0.59) or by the day the LTS team took over; the "
                + "catalog's line should say which it uses"
        case .fewDays:
            return "a few days (\(apart)): probably the announcement day vs the day it took effect, or a time-zone difference"
        case .projection:
            return "the catalog says not announced; distro-info-data has \(distroInfo.map(String.init(describing:)) ?? "a date"), for a release "
                + "still supported usually the planned end (Debian: about 3 years after release; Ubuntu LTS: 5 years), not an announcement"
        case .change:
            return "a real change (\(apart)): one source has a later announcement (an extension or a correction); check the vendor's page"
        case .missing:
            if catalog == nil && field.hasPrefix("extended") {
                return "distro-info-data has this phase and the catalog does not record it"
            }
            return catalog == nil ? "the catalog has no value" : "distro-info-data has no value (an empty column)"
        }
    }
}
