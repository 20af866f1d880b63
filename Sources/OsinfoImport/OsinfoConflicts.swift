import TierEngine

/// How much a disagreement matters: the guest × machine-type cells whose tier differs, counted in days,
/// between the catalog's value and osinfo-db's, under one policy over a fixed horizon.
public struct ConflictImpact: Hashable, Sendable {
    /// The policy the value was judged under: the one that reads it (see `OsinfoConflicts.policy(for:)`).
    public var policy: String = ""
    public var cellDays: Int
    public var machineTypes: Int
    public var first: Day?
    public var last: Day?

    public static let none = ConflictImpact(cellDays: 0, machineTypes: 0, first: nil, last: nil)
}

/// One place where osinfo-db and the catalog disagree about a curated guest line (or where osinfo-db is
/// silent about a value the catalog has).
public struct OsinfoConflict: Sendable {
    public enum Kind: String, Sendable {
        /// Both give a date, and they differ (or the catalog says "not announced").
        case date
        /// osinfo-db lists a device or firmware that gives a capability the catalog says the guest lacks.
        case capability
        /// The catalog gives a capability that osinfo-db records no device or firmware for (osinfo-db lists
        /// what is known to work, so this is weaker evidence than `capability`).
        case unrecorded
        /// osinfo-db has no value where the catalog has one.
        case missing
    }

    public var kind: Kind
    public var guest: String
    public var guestName: String
    /// `released`, `vendor_support_end`, or a capability name.
    public var field: String
    public var catalogValue: String
    public var catalogSource: String
    /// Where the guest is written (`Catalog/guests/microsoft.yaml:40`), when known.
    public var catalogFile: String?
    public var osinfoValue: String
    public var osinfoSource: String
    /// The osinfo-db short-id the value comes from.
    public var osinfoShortID: String
    /// The osinfo-db element or evidence (`<eol-date>`, `lists 8086:100e`).
    public var osinfoDetail: String
    /// osinfo-db's date minus the catalog's, for date conflicts.
    public var differenceDays: Int?
    public var impact: ConflictImpact
    /// What the disagreement probably is (mainstream vs extended support, an extended phase …).
    public var note: String?
}

/// Compares curated guests with osinfo-db, for `guest-tiers lint --osinfo`.
public enum OsinfoConflicts {
    /// The span over which the impact of a disagreement is counted.
    public static let horizon = (Day("2000-01-01")!, Day("2040-12-31")!)

    /// The policy a value's impact is judged under — the one whose caps read it, alone, so that other caps do not
    /// hide it: the vendor cap for `vendor_support_end`, the age cap (window `windowYears`) for `released`, no
    /// caps for capabilities (they decide the base tier). The lifecycle cap is off in all three.
    public static func policy(for field: String, windowYears: Int = 5) -> Policy {
        switch field {
        case "vendor_support_end":
            return Policy(id: "vendor cap alone", vendorCap: true, ageCap: false, windowYears: windowYears, lifecycle: false)
        case "released":
            return Policy(id: "age cap alone, \(windowYears) years", vendorCap: false, ageCap: true, windowYears: windowYears, lifecycle: false)
        default:
            return Policy(id: "no caps", vendorCap: false, ageCap: false, windowYears: windowYears, lifecycle: false)
        }
    }

    /// Every disagreement between the curated guests of `merged` (a catalog `OsinfoMerge.merge` returned, so
    /// that curated guests carry their point releases) and osinfo-db, most consequential first: disagreements
    /// (`date`, `capability`), then `unrecorded`, then `missing`, each by impact.
    public static func find(in merged: Catalog, database db: OsinfoDatabase) -> [OsinfoConflict] {
        let window = merged.policy("age")?.windowYears ?? merged.policy("both")?.windowYears ?? 5
        var conflicts: [OsinfoConflict] = []
        let counter = ImpactCounter(catalog: merged)
        for guest in merged.guests where !guest.isImported && !guest.pointReleases.isEmpty {
            conflicts += compare(guest, merged, db, window, counter)
        }
        let rank: [OsinfoConflict.Kind: Int] = [.date: 0, .capability: 0, .unrecorded: 1, .missing: 2]
        return conflicts.sorted { a, b in
            if rank[a.kind]! != rank[b.kind]! { return rank[a.kind]! < rank[b.kind]! }
            if a.impact.cellDays != b.impact.cellDays { return a.impact.cellDays > b.impact.cellDays }
            let da = abs(a.differenceDays ?? 0), dbb = abs(b.differenceDays ?? 0)
            if da != dbb { return da > dbb }
            return (a.guest, a.field) < (b.guest, b.field)
        }
    }

    static func compare(_ guest: Guest, _ catalog: Catalog, _ db: OsinfoDatabase, _ window: Int, _ counter: ImpactCounter) -> [OsinfoConflict] {
        func impact(_ guest: Guest, _ variant: Guest, _ catalog: Catalog, _ field: String) -> ConflictImpact {
            counter.impact(guest, variant, policy(for: field, windowYears: window))
        }
        var result: [OsinfoConflict] = []
        let points = guest.pointReleases
        let dated = points.filter { $0.released.day != nil }
        func conflict(_ kind: OsinfoConflict.Kind, _ field: String, catalog: String, catalogSource: String,
                      osinfo: String, point: PointRelease, detail: String, difference: Int? = nil,
                      impact: ConflictImpact = .none, note: String? = nil) -> OsinfoConflict {
            OsinfoConflict(kind: kind, guest: guest.id, guestName: guest.name, field: field, catalogValue: catalog,
                           catalogSource: catalogSource, catalogFile: guest.definedIn, osinfoValue: osinfo,
                           osinfoSource: point.provenance.source, osinfoShortID: point.id, osinfoDetail: detail,
                           differenceDays: difference, impact: impact, note: note)
        }
        func text(_ day: Day?) -> String { day.map(String.init(describing:)) ?? "null" }

        // First release of the line.
        if let first = dated.first, let osinfoDay = first.released.day {
            if let day = guest.released.day, day != osinfoDay {
                var variant = guest
                variant.released = first.released
                let difference = osinfoDay.ordinal - day.ordinal
                var note: String?
                if difference > 0 {
                    note = "osinfo-db's earliest \(guest.id) entry is dated \(difference) days after the line's first release in the catalog: it may date a later release of the line"
                } else {
                    note = "osinfo-db dates the line's first release \(-difference) days earlier than the catalog"
                }
                result.append(conflict(.date, "released", catalog: text(day), catalogSource: guest.released.provenance.cited,
                                       osinfo: text(osinfoDay), point: first, detail: "<release-date>",
                                       difference: difference, impact: impact(guest, variant, catalog, "released"), note: note))
            }
        } else if let point = points.first {
            result.append(conflict(.missing, "released", catalog: text(guest.released.day), catalogSource: guest.released.provenance.cited,
                                   osinfo: "null", point: point, detail: "no <release-date> in any of \(points.map(\.id).joined(separator: ", "))"))
        }

        // End of the vendor's normal lifecycle: osinfo-db's eol-date of the line's latest point release.
        if let latest = dated.last ?? points.last {
            let catalogEnd = guest.vendorSupportEnd.day
            if let osinfoEnd = latest.eol.day {
                if catalogEnd != osinfoEnd {
                    var variant = guest
                    variant.vendorSupportEnd = latest.eol
                    let difference = catalogEnd.map { osinfoEnd.ordinal - $0.ordinal }
                    result.append(conflict(.date, "vendor_support_end", catalog: text(catalogEnd),
                                           catalogSource: guest.vendorSupportEnd.provenance.cited, osinfo: text(osinfoEnd),
                                           point: latest, detail: "<eol-date>", difference: difference,
                                           impact: impact(guest, variant, catalog, "vendor_support_end"),
                                           note: endNote(guest, osinfoEnd: osinfoEnd)))
                }
            } else if catalogEnd != nil {
                result.append(conflict(.missing, "vendor_support_end", catalog: text(catalogEnd),
                                       catalogSource: guest.vendorSupportEnd.provenance.cited, osinfo: "null",
                                       point: latest, detail: "no <eol-date>"))
            }
        }

        // Capabilities osinfo-db can speak to, from the latest point release's resolved devices and firmware.
        if let latest = dated.last ?? points.last, let index = db.index(ofShortID: latest.id) {
            let found = db.capabilities(index)
            for capability in OsinfoCapabilities.expressible {
                let osinfoValue = found.known[capability] ?? false
                guard guest.has(capability) != osinfoValue else { continue }
                var variant = guest
                variant.capabilities[capability] = osinfoValue
                let agreeing = points.filter { point in
                    guard let i = db.index(ofShortID: point.id) else { return false }
                    return (db.capabilities(i).known[capability] ?? false) == guest.has(capability)
                }.count
                let detail: String
                if osinfoValue {
                    let evidence = found.evidence[capability] ?? []
                    let file = found.declaredIn[capability].map { $0 == db.entries[index].file ? "" : " (inherited from \($0))" } ?? ""
                    detail = "lists \(evidence.prefix(6).joined(separator: ", "))\(evidence.count > 6 ? ", …" : "")\(file)"
                } else {
                    detail = "lists no \(evidenceName(capability))"
                }
                var note = "\(agreeing) of \(points.count) osinfo-db point release(s) of \(guest.id) agree with the catalog"
                if !osinfoValue {
                    note += "; osinfo-db lists devices known to work, so a missing one may only be unrecorded"
                }
                result.append(conflict(osinfoValue ? .capability : .unrecorded, capability, catalog: String(guest.has(capability)),
                                       catalogSource: guest.capabilitiesProvenance.cited, osinfo: String(osinfoValue),
                                       point: latest, detail: detail, impact: impact(guest, variant, catalog, capability),
                                       note: note))
            }
        }
        return result
    }

    static func evidenceName(_ capability: String) -> String {
        switch capability {
        case "virtio_in_box": return "virtio (1af4:*) device"
        case "virtio_legacy": return "legacy virtio device (1af4:1000-103f)"
        case "virtio_modern": return "virtio 1.0 device (1af4:1040 and up)"
        case "ahci": return "q35 marker (http://qemu.org/chipset/x86/q35)"
        case "e1000": return "e1000 (8086:100e)"
        case "e1000e": return "e1000e (8086:10d3)"
        case "requires_uefi": return "efi-only firmware (bios supported=\"false\")"
        default: return capability
        }
    }

    /// What an end date that differs probably is.
    static func endNote(_ guest: Guest, osinfoEnd: Day) -> String? {
        if let phase = guest.extended.first(where: { $0.end.day == osinfoEnd }) {
            return "osinfo-db's date is the end of \(phase.phase), an extended phase the catalog records separately, not the vendor's normal lifecycle"
        }
        guard let end = guest.vendorSupportEnd.day else {
            return "the catalog says the vendor has not announced an end"
        }
        let difference = osinfoEnd.ordinal - end.ordinal
        if guest.family == "windows", (-2010)...(-1640) ~= difference {
            return "about 5 years before the end of Extended Support: probably the end of mainstream support (Microsoft's Fixed Lifecycle gives 5 years of each)"
        }
        if difference > 0 {
            return "osinfo-db's date is \(difference) days after the end of the vendor's normal lifecycle in the catalog"
        }
        return "osinfo-db ends support \(-difference) days before the catalog does"
    }

    /// The catalog's machine types, evaluated once for every conflict's impact (they do not change between
    /// conflicts, only the guest does).
    public final class ImpactCounter: Sendable {
        let machinesOnly: Evaluator

        public init(catalog: Catalog) {
            var empty = catalog
            empty.guests = []
            machinesOnly = Evaluator(catalog: empty)
        }

        /// Cell-days whose tier differs between the guest as the catalog has it and with the other value.
        public func impact(_ guest: Guest, _ variant: Guest, _ policy: Policy) -> ConflictImpact {
            OsinfoConflicts.impact(in: machinesOnly.replacingGuests([guest, variant]), policy)
        }
    }

    /// Cell-days whose tier differs between the guest as the catalog has it and with osinfo-db's value.
    public static func impact(_ guest: Guest, _ variant: Guest, _ catalog: Catalog, _ policy: Policy) -> ConflictImpact {
        ImpactCounter(catalog: catalog).impact(guest, variant, policy)
    }

    /// Guest 0 against guest 1 of `pair`, machine type by machine type, over the horizon. A cell's tier can change
    /// only on one of its edges, so each interval between consecutive edges is evaluated once, on its first day.
    static func impact(in pair: Evaluator, _ policy: Policy) -> ConflictImpact {
        let start = horizon.0.ordinal, stop = horizon.1.ordinal + 1
        func cutoff(_ day: Int) -> Int { Evaluator.cutoff(Day(ordinal: day), windowYears: policy.windowYears).ordinal }
        // The guests' edges (the age cap's crossings are the costly part) and their days' cutoffs are the same for
        // every machine type: computed once here, not once per cell.
        let guestDays = Set(pair.guestEdges(guest: 0, policy: policy) + pair.guestEdges(guest: 1, policy: policy) + [start, stop])
            .filter { $0 >= start && $0 <= stop }.sorted()
        let guestCutoffs = guestDays.map(cutoff)
        var cellDays = 0, machines = 0
        var first: Int?, last: Int?
        var days: [(day: Int, cutoff: Int)] = []
        for m in 0..<pair.machineTypeCount {
            days.removeAll(keepingCapacity: true)
            for (day, dayCutoff) in zip(guestDays, guestCutoffs) { days.append((day, dayCutoff)) }
            for day in pair.machineEdges(machine: m) where day >= start && day <= stop { days.append((day, cutoff(day))) }
            days.sort { $0.day < $1.day }
            var differs = false
            for i in 0..<(days.count - 1) {
                let from = days[i].day, to = days[i + 1].day
                guard from < to else { continue }   // a machine-type edge that is also a guest's, or repeated
                guard pair.tier(guest: 0, machine: m, date: from, cutoff: days[i].cutoff, policy: policy)
                        != pair.tier(guest: 1, machine: m, date: from, cutoff: days[i].cutoff, policy: policy) else { continue }
                cellDays += to - from
                differs = true
                first = min(first ?? from, from)
                last = max(last ?? (to - 1), to - 1)
            }
            if differs { machines += 1 }
        }
        return ConflictImpact(policy: policy.id, cellDays: cellDays, machineTypes: machines,
                              first: first.map(Day.init(ordinal:)), last: last.map(Day.init(ordinal:)))
    }
}
