import Foundation
import TierEngine

/// `vendors.yaml` (optional): per vendor, which phase `vendor_support_end` is and which extended phases its
/// lines may list. When the file is there, every curated line is held to it: its extended phases must be its
/// vendor's, and each must end after the line's vendor support end (problems); a vendor without an entry is a
/// warning (`missingEntries`).
public enum VendorLoader {
    public static let fileName = "vendors.yaml"

    /// The entries (nil when there is no vendors.yaml) and the problems of the file and of the lines held to it.
    static func read(directory: String, files: CatalogFiles, guests: [Guest]) -> ([VendorLifecycle]?, [CatalogProblem]) {
        let file = (directory as NSString).appendingPathComponent(fileName)
        guard files.exists(file) else { return (nil, []) }
        let reader = FieldReader(file: file)
        guard let data = files.read(file), let text = String(data: data, encoding: .utf8) else {
            return (nil, [CatalogProblem(file: file, line: 1, message: "cannot be read as UTF-8 text")])
        }
        let node: YamlNode
        // Yams' default resolver and no YamlBudget pass, as this file has always been read.
        switch YamlTree.compose(text, basic: false) {
        case let .node(composed): node = composed
        case .empty: return (nil, [CatalogProblem(file: file, line: 1, message: "is empty")])
        case let .yams(error): return (nil, [CatalogLoader.yamlProblem(error, file: file)])
        case let .budget(exceeded): return (nil, [CatalogProblem(file: file, line: exceeded.line, message: exceeded.message)])
        case let .other(error): return (nil, [CatalogProblem(file: file, line: 1, message: "YAML error: \(error)")])
        }
        var vendors: [VendorLifecycle] = []
        var seen: [String: Int] = [:]
        if let top = reader.mapping(node, what: "top level", allowed: ["vendors"]) {
            if top["vendors"] == nil { reader.problem(node, "top level: missing field 'vendors'") }
            for item in reader.sequence(top["vendors"], what: "vendors") {
                guard let entry = reader.mapping(item, what: "vendor", allowed: ["vendor", "support_end", "extended", "distro_info", "source", "verified"]),
                      let vendor = entry.string("vendor"), let supportEnd = entry.string("support_end") else { continue }
                let extended = entry.strings("extended", required: false) ?? []
                var distroInfo: (file: String, column: String)?
                if let info = entry["distro_info"], let fields = reader.mapping(info, what: "vendor \(vendor) distro_info", allowed: ["file", "column"]),
                   let csv = fields.string("file"), let column = fields.string("column") {
                    distroInfo = (csv, column)
                }
                if let first = seen[vendor] {
                    reader.problem(entry["vendor"], "vendor: duplicate vendor '\(vendor)' (first at line \(first))")
                    continue
                }
                seen[vendor] = entry.line
                vendors.append(VendorLifecycle(vendor: vendor, supportEnd: supportEnd, extendedPhases: extended,
                                               distroInfo: distroInfo, provenance: entry.provenance()))
            }
        }
        var problems = reader.problems
        for guest in guests { problems += check(guest, against: vendors) }
        return (vendors, problems)
    }

    /// A warning for each curated line whose vendor has no entry (a catalog without vendors.yaml has none): the
    /// line still loads, but nothing says which phase its end date is.
    public static func missingEntries(in catalog: Catalog) -> [CatalogProblem] {
        guard !catalog.vendors.isEmpty else { return [] }
        let known = catalog.vendors.map(\.vendor)
        return catalog.guests.filter { catalog.vendorLifecycle($0.vendor) == nil }.map { guest in
            let (file, line) = location(guest)
            let hint = closestMatches(to: guest.vendor, in: known, limit: 1).first.map { " (did you mean '\($0)'?)" } ?? ""
            return CatalogProblem(file: file, line: line, message: "warning: guest \(guest.id): vendor '\(guest.vendor)' has no entry in \(fileName)\(hint): say which phase its vendor_support_end is")
        }
    }

    /// What is wrong with one line against its vendor's entry (nothing when the vendor has none: see
    /// `missingEntries`).
    static func check(_ guest: Guest, against vendors: [VendorLifecycle]) -> [CatalogProblem] {
        let (file, line) = location(guest)
        guard let lifecycle = vendors.first(where: { $0.vendor == guest.vendor }) else { return [] }
        let vendorsFile = fileName
        var problems: [CatalogProblem] = []
        for phase in guest.extended {
            if !lifecycle.extendedPhases.contains(phase.phase) {
                problems.append(CatalogProblem(file: file, line: line, message: "guest \(guest.id): extended phase '\(phase.phase)' is not one of \(guest.vendor)'s (\(lifecycle.extendedPhases.joined(separator: ", ")); \(vendorsFile))"))
            }
            if let end = phase.end.day, let supportEnd = guest.vendorSupportEnd.day, end < supportEnd {
                problems.append(CatalogProblem(file: file, line: line, message: "guest \(guest.id): extended phase \(phase.phase) ends \(end), before vendor_support_end \(supportEnd) (\(lifecycle.supportEnd))"))
            }
        }
        return problems
    }

    private static func location(_ guest: Guest) -> (String, Int) {
        guard let defined = guest.definedIn, let colon = defined.lastIndex(of: ":"), let line = Int(defined[defined.index(after: colon)...]) else {
            return ("guests", 1)
        }
        return (String(defined[..<colon]), line)
    }
}
