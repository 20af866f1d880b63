import ArgumentParser
import CatalogLoader
import DistroInfoImport
import Foundation
import OsinfoImport
import QemuImport
import TierEngine
import TierView

/// `--osinfo` and `--distro-info` take an optional directory, which ArgumentParser options cannot: a bare
/// `--osinfo` (last, or followed by another option) gets the default directory inserted before parsing.
enum OsinfoArgument {
    static let optionalDirectories = ["--osinfo": OsinfoDatabase.defaultDirectory, "--distro-info": DistroInfoData.defaultDirectory]

    static func normalize(_ arguments: [String]) -> [String] {
        var result: [String] = []
        for (index, argument) in arguments.enumerated() {
            if argument == "--" {
                result += arguments[index...]
                break
            }
            result.append(argument)
            if let directory = optionalDirectories[argument] {
                let next = index + 1 < arguments.count ? arguments[index + 1] : nil
                if next.map({ $0.hasPrefix("-") }) ?? true { result.append(directory) }
            }
        }
        return result
    }
}

/// The catalog with `--osinfo`, `--qemu` and `--expand` applied, and what the imports found.
struct LoadedCatalog {
    var catalog: Catalog
    var offered: OfferedMachines?
    var osinfo: OsinfoDatabase?
    var osinfoSummary: OsinfoImportSummary?
    var distroInfo: DistroInfoData?
    var distroInfoSummary: DistroInfoSummary?
    var qemuReport: QemuImportReport?
}

extension CatalogOptions {
    /// The catalog with every import applied (what every command evaluates).
    func load() throws -> Catalog { try loadWithImports().catalog }

    /// Loads the catalog (exit 1 on problems), merges osinfo-db (malformed files: one warning each, on stderr),
    /// reads the QEMU binary's machine types (a clear error if it fails), then expands lines.
    func loadWithImports(quiet: Bool = false, digest: Bool = true) throws -> LoadedCatalog {
        var loaded = LoadedCatalog(catalog: try loadCurated(digest: digest))
        try applyImports(to: &loaded, quiet: quiet)
        return loaded
    }

    func applyImports(to loaded: inout LoadedCatalog, quiet: Bool) throws {
        if let directory = osinfo {
            let database: OsinfoDatabase
            do {
                database = try OsinfoDatabase.load(directory: directory)
            } catch {
                warn("guest-tiers: --osinfo: \(error)")
                throw ExitCode(1)
            }
            for warning in database.warnings { warn("guest-tiers: warning: \(warning.path): \(warning.message)") }
            let (merged, summary) = OsinfoMerge.merge(loaded.catalog, with: database)
            loaded.catalog = merged
            loaded.osinfo = database
            loaded.osinfoSummary = summary
        }
        if let directory = distroInfo {
            let data: DistroInfoData
            do {
                data = try DistroInfoData.load(directory: directory)
            } catch {
                warn("guest-tiers: --distro-info: \(error)")
                throw ExitCode(1)
            }
            for warning in data.warnings { warn("guest-tiers: warning: \(warning)") }
            let (merged, summary) = DistroInfoMerge.merge(loaded.catalog, with: data)
            loaded.catalog = merged
            loaded.distroInfo = data
            loaded.distroInfoSummary = summary
        }
        // What every kernel of a family has had since a known release fills in what the imports do not record.
        if osinfo != nil || distroInfo != nil { loaded.catalog = loaded.catalog.inferringFamilyAbilities() }
        if let binary = qemu {
            let offered: OfferedMachines
            do {
                offered = try QemuImport.probe(binary: binary, catalog: loaded.catalog,
                                               note: { warn("guest-tiers: note: \($0)") })
            } catch {
                warn("guest-tiers: \(error)")
                throw ExitCode(1)
            }
            let report = QemuImport.apply(offered, to: &loaded.catalog)
            if !quiet && !report.unknown.isEmpty {
                warn("guest-tiers: note: \(binary) offers \(report.unknown.count) machine type(s) the catalog does not know, shown under family '\(OfferedMachines.otherFamilyID)': \(report.unknown.joined(separator: ", "))")
            }
            loaded.offered = offered
            loaded.qemuReport = report
        }
        if !expand.isEmpty {
            let ids = Set(expand)
            for id in ids where id != "all" {
                guard let guest = loaded.catalog.guest(id) else {
                    throw LookupError(.guest, option: "--expand", name: id, valid: loaded.catalog.guests.map(\.id))
                }
                if !guest.pointReleases.contains(where: { $0.released.day != nil }) {
                    throw ValidationError("--expand \(id): no dated point releases known for it\(osinfo == nil ? " (point releases come from --osinfo)" : "")")
                }
            }
            loaded.catalog = loaded.catalog.expandingPointReleases(of: ids)
        }
    }
}

enum LintFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

/// `lint` with `--osinfo`, `--qemu` or `--format json`: the catalog's problems, then what the imports found —
/// osinfo-db conflicts most consequential first, with both values and both sources.
enum LintReport {
    static func run(_ options: CatalogOptions, format: LintFormat) throws {
        guard let directory = options.catalog ?? CatalogLocator.bundled() else {
            warn("guest-tiers: cannot find the bundled Catalog/; pass --catalog DIR")
            throw ExitCode(1)
        }
        let (checked, problems) = CatalogLoader.check(directory: directory)
        guard problems.isEmpty else {
            switch format {
            case .text: try Output.standard(problems.map { $0.description + "\n" }.joined())
            case .json:
                try Output.standard(JSON.object([
                    ("catalog", .string(directory)), ("ok", .bool(false)),
                    ("problems", .array(problems.map { .object([("file", .string($0.file)), ("line", .number($0.line)), ("message", .string($0.message))]) })),
                ]).serialized() + "\n")
            }
            throw ExitCode(1)
        }
        var loaded = LoadedCatalog(catalog: try checked ?? CatalogLoader.load(directory: directory))
        let sourceWarnings = SourceLint.warnings(directory: directory, catalog: checked)   // the catalog read once
        let curatedCount = loaded.catalog.guests.count
        try options.applyImports(to: &loaded, quiet: true)
        let conflicts = loaded.osinfo.map { OsinfoConflicts.find(in: loaded.catalog, database: $0) } ?? []
        let distroInfoConflicts = loaded.distroInfo.flatMap { data in
            loaded.distroInfoSummary.map { DistroInfoConflicts.find(in: loaded.catalog, summary: $0, data: data) }
        } ?? []
        switch format {
        case .text:
            var report = text(directory, loaded, curatedCount: curatedCount, conflicts: conflicts, warnings: sourceWarnings)
            if let data = loaded.distroInfo, let summary = loaded.distroInfoSummary {
                report += DistroInfoReport.text(data, summary, distroInfoConflicts, loaded.catalog)
            }
            try Output.standard(safeLines(report))
        case .json:
            var fields = json(directory, loaded, conflicts: conflicts, warnings: sourceWarnings)
            if case .object(var pairs) = fields {
                pairs.append(("distro_info", loaded.distroInfo.flatMap { data in
                    loaded.distroInfoSummary.map { DistroInfoReport.json(data, $0, distroInfoConflicts) }
                } ?? .null))
                fields = .object(pairs)
            }
            try Output.standard(fields.serialized() + "\n")
        }
    }

    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }

    static func text(_ directory: String, _ loaded: LoadedCatalog, curatedCount: Int, conflicts: [OsinfoConflict],
                     warnings: [CatalogProblem]) -> String {
        // Source warnings first, as plain `lint` prints them (file:line: warning: …).
        var out = warnings.map { $0.description + "\n" }.joined()
        out += "\(directory): ok — \(curatedCount) guests, \(loaded.catalog.families.count) machine-type families\n"
        if let db = loaded.osinfo, let summary = loaded.osinfoSummary {
            let real = conflicts.filter { $0.kind == .date || $0.kind == .capability }
            let unrecorded = conflicts.filter { $0.kind == .unrecorded }, missing = conflicts.filter { $0.kind == .missing }
            out += "\nosinfo-db \(db.version) (\(db.directory)): \(db.entries.count) entries, \(db.warnings.count) file(s) skipped with a warning; "
            out += "point releases attached to \(summary.attached.count) curated guests, \(summary.added.count) lines added, \(summary.skipped.count) lines not added\n"
            out += "\n\(real.count) conflict(s) with the catalog, most consequential first. Impact: days × machine types on which the tier\n"
            out += "differs between \(OsinfoConflicts.horizon.0) and \(OsinfoConflicts.horizon.1), under the policy that reads the value (vendor cap alone for\n"
            out += "end dates, age cap alone for release dates, no caps for capabilities).\n"
            for (number, conflict) in real.enumerated() { out += "\n" + block(number + 1, conflict) }
            if !unrecorded.isEmpty {
                let shown = unrecorded.filter { $0.impact.cellDays > 0 }
                out += "\nCapabilities the catalog gives that osinfo-db records no device or firmware for (\(unrecorded.count); osinfo-db lists\n"
                out += "what is known to work, so these may only be unrecorded there), by impact:\n"
                for c in shown {
                    out += "  \(c.guest) \(c.field): catalog true (\(c.catalogSource)); osinfo-db \(c.osinfoShortID) \(c.osinfoDetail) (\(c.osinfoSource)); \(grouped(c.impact.cellDays)) cell-days on \(c.impact.machineTypes) machine type(s)\n"
                }
                let quiet = unrecorded.count - shown.count
                if quiet > 0 {
                    var counts: [String: Int] = [:]
                    for c in unrecorded where c.impact.cellDays == 0 { counts[c.field, default: 0] += 1 }
                    out += "  and \(quiet) with no tier effect: " + counts.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ") + "\n"
                }
            }
            if !missing.isEmpty {
                out += "\nValues the catalog has and osinfo-db lacks (\(missing.count)):\n"
                for conflict in missing {
                    out += "  \(conflict.guest) \(conflict.field): catalog \(conflict.catalogValue) (\(conflict.catalogSource)); osinfo-db \(conflict.osinfoShortID): \(conflict.osinfoDetail) (\(conflict.osinfoSource))\n"
                }
            }
            if !summary.unknownListed.isEmpty {
                out += "\nShort-ids the catalog's osinfo: lists that this osinfo-db does not have:\n"
                for (guest, ids) in summary.unknownListed { out += "  \(guest): \(ids.joined(separator: ", "))\n" }
            }
            if !summary.skipped.isEmpty {
                out += "\nosinfo-db lines not added as guests (\(summary.skipped.count)):\n"
                for (line, reason) in summary.skipped { out += "  \(line): \(reason)\n" }
            }
        }
        if let report = loaded.qemuReport {
            out += "\nQEMU \(report.binary)\(report.versionText.map { " (\($0))" } ?? ""):\n"
            out += "  not in the catalog (shown under family '\(OfferedMachines.otherFamilyID)', defaults unknown): \(list(report.unknown))\n"
            out += "  variants shown in their family with that version's defaults: \(list(report.variants))\n"
            out += "  run no guest OS (not shown): \(list(report.guestless))\n"
            out += "  in the catalog at this version but not offered: \(list(report.missing))\n"
            out += "  offered although the catalog says deleted by this version: \(list(report.offeredButDeleted))\n"
            out += "  marked (deprecated) by the binary, not by the catalog: \(list(report.deprecatedOnlyInBinary))\n"
            out += "  deprecated by the catalog, not marked by the binary: \(list(report.deprecatedOnlyInCatalog))\n"
            out += "  with --qemu every command follows the binary: the types it offers are available, deprecated (at most\n"
            out += "  Supported under a lifecycle policy) only where it marks them: \(list(report.deprecatedInBinary))\n"
        }
        return out
    }

    /// "1,234 cell-days on 3 machine type(s), 2019-04-26 … 2019-04-30 (vendor)": what a conflict costs, for
    /// every conflict report (osinfo-db, distro-info-data).
    static func impactText(_ impact: ConflictImpact) -> String {
        guard impact.cellDays > 0, let first = impact.first, let last = impact.last else {
            return "no tier changes (\(impact.policy))"
        }
        return "\(grouped(impact.cellDays)) cell-days on \(impact.machineTypes) machine type(s), \(first) … \(last) (\(impact.policy))"
    }

    static func list(_ names: [String]) -> String { names.isEmpty ? "none" : names.joined(separator: ", ") }

    static func block(_ number: Int, _ c: OsinfoConflict) -> String {
        var difference = ""
        if let days = c.differenceDays { difference = " (osinfo-db \(abs(days)) days \(days > 0 ? "later" : "earlier"))" }
        var out = "\(number). \(c.guest) \(c.field): catalog \(c.catalogValue), osinfo-db \(c.osinfoValue)\(difference)\n"
        out += "   catalog:   \(c.catalogValue) — \(c.catalogSource)\(c.catalogFile.map { " [\($0)]" } ?? "")\n"
        out += "   osinfo-db: \(c.osinfoValue) — \(c.osinfoSource), \(c.osinfoShortID) \(c.osinfoDetail)\n"
        out += "   impact:    " + impactText(c.impact) + "\n"
        if let note = c.note { out += "   note:      \(note)\n" }
        return out
    }

    static func json(_ directory: String, _ loaded: LoadedCatalog, conflicts: [OsinfoConflict], warnings: [CatalogProblem]) -> JSON {
        let warnings = warnings.map { warning -> JSON in
            .object([("file", .string(warning.file)), ("line", .number(warning.line)), ("message", .string(warning.message))])
        }
        var fields: [(String, JSON)] = [("catalog", .string(directory)), ("ok", .bool(true)), ("problems", .array([])),
                                        ("warnings", .array(warnings))]
        if let db = loaded.osinfo, let summary = loaded.osinfoSummary {
            fields.append(("osinfo", .object([
                ("directory", .string(db.directory)), ("version", .string(db.version)), ("entries", .number(db.entries.count)),
                ("warnings", .array(db.warnings.map { .object([("path", .string($0.path)), ("message", .string($0.message))]) })),
                ("attached", .number(summary.attached.count)), ("added", .array(summary.added.map(JSON.string))),
                ("skipped", .array(summary.skipped.map { .object([("line", .string($0.line)), ("reason", .string($0.reason))]) })),
                ("unknown_listed", .array(summary.unknownListed.map { .object([("guest", .string($0.guest)), ("ids", .array($0.ids.map(JSON.string)))]) })),
            ])))
            fields.append(("conflicts", .array(conflicts.map(conflictJSON))))
        } else {
            fields.append(("osinfo", .null))
            fields.append(("conflicts", .array([])))
        }
        if let report = loaded.qemuReport {
            fields.append(("qemu", .object([
                ("binary", .string(report.binary)), ("version", report.versionText.map(JSON.string) ?? .null),
                ("unknown", .array(report.unknown.map(JSON.string))), ("missing", .array(report.missing.map(JSON.string))),
                ("variants", .array(report.variants.map(JSON.string))), ("guestless", .array(report.guestless.map(JSON.string))),
                ("deprecated_in_binary", .array(report.deprecatedInBinary.map(JSON.string))),
                ("offered_but_deleted", .array(report.offeredButDeleted.map(JSON.string))),
                ("deprecated_only_in_binary", .array(report.deprecatedOnlyInBinary.map(JSON.string))),
                ("deprecated_only_in_catalog", .array(report.deprecatedOnlyInCatalog.map(JSON.string))),
            ])))
        } else {
            fields.append(("qemu", .null))
        }
        return .object(fields)
    }

    static func conflictJSON(_ c: OsinfoConflict) -> JSON {
        .object([
            ("guest", .string(c.guest)), ("field", .string(c.field)), ("kind", .string(c.kind.rawValue)),
            ("catalog", .object([("value", .string(c.catalogValue)), ("source", .string(c.catalogSource)),
                                 ("file", c.catalogFile.map(JSON.string) ?? .null)])),
            ("osinfo", .object([("value", .string(c.osinfoValue)), ("source", .string(c.osinfoSource)),
                                ("short_id", .string(c.osinfoShortID)), ("detail", .string(c.osinfoDetail))])),
            ("difference_days", c.differenceDays.map(JSON.number) ?? .null),
            ("impact", .object([("policy", .string(c.impact.policy)), ("cell_days", .number(c.impact.cellDays)), ("machine_types", .number(c.impact.machineTypes)),
                                ("first", .day(c.impact.first)), ("last", .day(c.impact.last))])),
            ("note", c.note.map(JSON.string) ?? .null),
        ])
    }
}
