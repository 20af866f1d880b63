import DistroInfoImport
import OsinfoImport
import TierEngine
import TierView

/// The `lint --distro-info` section: what the import did, then every disagreement with a curated Debian or
/// Ubuntu guest, most consequential first, with both values, both sources and what the difference probably is.
enum DistroInfoReport {
    static func text(_ data: DistroInfoData, _ summary: DistroInfoSummary, _ conflicts: [DistroInfoConflict], _ catalog: Catalog) -> String {
        var out = "\ndistro-info-data \(data.version) (\(data.directory)): \(data.rows.count) rows, \(data.warnings.count) line(s) skipped with a warning; "
        out += "attached to \(summary.attached.count) curated guests, \(summary.redated.count) imported lines re-dated, \(summary.added.count) lines added, \(summary.skipped.count) rows not added\n"
        for warning in data.warnings { out += "  warning: \(warning)\n" }
        let real = conflicts.filter { $0.reading != .missing }, missing = conflicts.filter { $0.reading == .missing }
        out += "\n\(real.count) disagreement(s) with the catalog, most consequential first. Impact: days × machine types on which the tier\n"
        out += "differs between \(OsinfoConflicts.horizon.0) and \(OsinfoConflicts.horizon.1), under the policy that reads the value (vendor cap alone for end dates,\n"
        out += "with extended phases counting for their ends; age cap alone for release dates).\n"
        for (number, conflict) in real.enumerated() { out += "\n" + block(number + 1, conflict) }
        if !missing.isEmpty {
            out += "\nValues one side has and the other lacks (\(missing.count)):\n"
            for c in missing {
                out += "  \(c.guest) \(c.field): catalog \(c.catalogValue) (\(c.catalogSource)); distro-info-data \(c.distroInfoValue) (\(c.distroInfoSource)); \(c.note)"
                out += c.impact.cellDays > 0 ? "; \(LintReport.grouped(c.impact.cellDays)) cell-days on \(c.impact.machineTypes) machine type(s)\n" : "\n"
            }
        }
        let unmatched = catalog.guests.filter { guest in
            !guest.isImported && (guest.distro == "debian" || guest.distro == "ubuntu") && !summary.attached.contains { $0.guest == guest.id }
        }
        if !unmatched.isEmpty {
            out += "\nCurated Debian and Ubuntu guests with no distro-info-data row: \(unmatched.map(\.id).joined(separator: ", "))\n"
        }
        if !summary.skipped.isEmpty {
            out += "\ndistro-info-data rows not added as guests (\(summary.skipped.count)):\n"
            for (line, reason) in summary.skipped { out += "  \(line): \(reason)\n" }
        }
        return out
    }

    static func block(_ number: Int, _ c: DistroInfoConflict) -> String {
        var out = "\(number). \(c.guest) \(c.field): catalog \(c.catalogValue), distro-info-data \(c.distroInfoValue) [\(c.reading.rawValue)]\n"
        out += "   catalog:          \(c.catalogValue) — \(c.catalogSource)\(c.catalogFile.map { " [\($0)]" } ?? "")\n"
        out += "   distro-info-data: \(c.distroInfoValue) — \(c.distroInfoSource)\n"
        out += "   impact:           " + LintReport.impactText(c.impact) + "\n"
        out += "   note:             \(c.note)\n"
        return out
    }

    static func json(_ data: DistroInfoData, _ summary: DistroInfoSummary, _ conflicts: [DistroInfoConflict]) -> JSON {
        .object([
            ("directory", .string(data.directory)), ("version", .string(data.version)), ("rows", .number(data.rows.count)),
            ("warnings", .array(data.warnings.map { .object([("file", .string($0.file)), ("line", .number($0.line)), ("message", .string($0.message))]) })),
            ("attached", .array(summary.attached.map { .object([("guest", .string($0.guest)), ("line", .number($0.row.line)), ("file", .string($0.row.file))]) })),
            ("redated", .array(summary.redated.map(JSON.string))),
            ("added", .array(summary.added.map(JSON.string))),
            ("skipped", .array(summary.skipped.map { .object([("line", .string($0.line)), ("reason", .string($0.reason))]) })),
            ("conflicts", .array(conflicts.map { c in
                .object([
                    ("guest", .string(c.guest)), ("field", .string(c.field)), ("reading", .string(c.reading.rawValue)),
                    ("catalog", .object([("value", .string(c.catalogValue)), ("source", .string(c.catalogSource)),
                                         ("file", c.catalogFile.map(JSON.string) ?? .null)])),
                    ("distro_info", .object([("value", .string(c.distroInfoValue)), ("source", .string(c.distroInfoSource))])),
                    ("difference_days", c.differenceDays.map(JSON.number) ?? .null),
                    ("impact", .object([("policy", .string(c.impact.policy)), ("cell_days", .number(c.impact.cellDays)),
                                        ("machine_types", .number(c.impact.machineTypes)),
                                        ("first", .day(c.impact.first)), ("last", .day(c.impact.last))])),
                    ("note", .string(c.note)),
                ])
            })),
        ])
    }
}

