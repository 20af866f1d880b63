import TierEngine

/// `guest-tiers diff`: the cells whose tier changes between two sides, grouped by guest and by change, each
/// group with the reasons that changed. Text (mail), Markdown (reviews) and JSON.
public struct DiffReport: Sendable {
    public struct Group: Sendable {
        public var guest: Guest
        public var before: Tier
        public var after: Tier
        public var baseBefore: Tier?
        public var baseAfter: Tier?
        public var machines: [MachineType]
        public var added: [Reason]
        public var removed: [Reason]
        public var settings: [String]
    }

    public let from: DiffSide
    public let to: DiffSide
    public let changes: [CellChange]
    public let groups: [Group]

    /// A proposal diff also lists the cells whose technical tier changes under a cap (RHEL 6 is capped at
    /// Supported by its age, yet the proposal is exactly what breaks it): that is what a reviewer asks.
    public init(from: DiffSide, to: DiffSide, includeExistence: Bool = false) {
        self.from = from
        self.to = to
        let proposalDiff = from.evaluator.proposal?.id != to.evaluator.proposal?.id
            || from.evaluator.proposalApplies != to.evaluator.proposalApplies
        changes = TierDiff.changes(from: from, to: to, includeExistence: includeExistence, includeHidden: proposalDiff)
        var groups: [Group] = []
        var index: [String: Int] = [:]
        for change in changes {
            // Caps group by kind (their texts carry per-type dates); rules by their text.
            func key(_ r: Reason) -> String { [.age, .vendor, .lifecycle].contains(r.kind) ? r.kind.rawValue : r.kind.rawValue + r.text }
            let keyParts = [change.guest.id, change.before.rawValue, change.after.rawValue,
                            change.baseBefore?.rawValue ?? "", change.baseAfter?.rawValue ?? ""]
                + change.added.map(key) + ["/"] + change.removed.map(key)
            let joined = keyParts.joined(separator: "\u{0}")
            if let i = index[joined] {
                groups[i].machines.append(change.machine)
            } else {
                index[joined] = groups.count
                groups.append(Group(guest: change.guest, before: change.before, after: change.after,
                                    baseBefore: change.baseBefore, baseAfter: change.baseAfter, machines: [change.machine],
                                    added: change.added, removed: change.removed, settings: change.settingsAfter))
            }
        }
        // A lifecycle cap over several machine types: one line for all, the dates are per type.
        for i in groups.indices where groups[i].machines.count > 1 {
            for list in [\Group.added, \Group.removed] {
                groups[i][keyPath: list] = groups[i][keyPath: list].map { reason in
                    guard reason.kind == .lifecycle else { return reason }
                    var shared = reason
                    shared.text = "these machine types are deprecated by then (each from its own date): at most Supported"
                    return shared
                }
            }
        }
        self.groups = groups
    }

    /// "Recommended → Supported", or for a change a cap hides, "Supported → Supported (technical: …)".
    static func changeLabel(before: Tier, after: Tier, baseBefore: Tier?, baseAfter: Tier?) -> String {
        if before == after, let baseBefore, let baseAfter {
            return "\(before.title) → \(after.title) (capped; technical tier \(baseBefore.title) → \(baseAfter.title))"
        }
        return "\(before.title) → \(after.title)"
    }

    /// Why nothing changed, where the answer is not obvious: a proposal whose machine types do not exist yet.
    var emptyExplanation: String? {
        guard changes.isEmpty, let proposal = to.evaluator.proposal else { return nil }
        if !to.evaluator.proposalApplies, let option = proposal.optIn {
            return "the proposal applies only with --opt-in \(option)"
        }
        let machines = to.evaluator.machines
        let affected = machines.indices.filter { !proposal.changes(for: machines[$0]).isEmpty }
        if !affected.contains(where: { to.evaluator.isAvailable(machine: $0, at: to.date) }) {
            let first = affected.compactMap { m in machines[m].released.day.map { (machines[m].name, $0) } }.min { $0.1 < $1.1 }
            return "none of the machine types the proposal changes exists on \(to.date)"
                + (first.map { " (the first, \($0.0), ships \($0.1); try a later --date)" } ?? "")
        }
        return nil
    }

    /// "pc-i440fx-{5.2 5.1 5.0}, pseries-{5.0}": machine types by family, newest first.
    static func compact(_ machines: [MachineType]) -> String {
        var order: [String] = []
        var byFamily: [String: [MachineType]] = [:]
        for machine in machines {
            if byFamily[machine.familyID] == nil { order.append(machine.familyID) }
            byFamily[machine.familyID, default: []].append(machine)
        }
        return order.map { family in
            let members = byFamily[family]!.sorted { $0.version > $1.version }
            // Types from a --qemu binary that the catalog does not know have no version in their name.
            if members.count == 1 || !members.allSatisfy(\.defaultsKnown) { return members.map(\.name).joined(separator: ", ") }
            let prefix = String(members[0].name.dropLast(members[0].version.description.count))
            return prefix + "{" + members.map(\.version.description).joined(separator: " ") + "}"
        }.joined(separator: ", ")
    }

    static func sideLabel(_ side: DiffSide) -> String {
        let proposal = side.evaluator.proposal.map { " + proposal \($0.id)\(side.evaluator.proposalApplies ? "" : " (not opted in)")" } ?? ""
        return "\(side.date), policy \(DetailText.policyLabel(side.policy))\(proposal)"
    }

    /// "Recommended → Supported: 14 cells, 1 guest" for each kind of change, most severe first.
    var summary: [(String, Int, Int)] {
        var counts: [String: (cells: Int, guests: Set<String>, severity: Int)] = [:]
        for change in changes {
            let label = Self.changeLabel(before: change.before, after: change.after, baseBefore: change.baseBefore, baseAfter: change.baseAfter)
            var entry = counts[label] ?? (0, [], change.after.rank - change.before.rank)
            entry.cells += 1
            entry.guests.insert(change.guest.id)
            counts[label] = entry
        }
        return counts.sorted { ($0.value.severity, $0.key) < ($1.value.severity, $1.key) }
            .map { ($0.key, $0.value.cells, $0.value.guests.count) }
    }

    public func text(width: Int = 100) -> String {
        document(width: width).frame().lines.map { $0.replacingTrailingSpaces() }.joined(separator: "\n") + "\n"
    }

    /// The text report with roles, so that ANSI, SVG and HTML show the tiers in colour.
    public func document(width: Int = 100) -> Document {
        var doc = Document()
        func add(_ lines: [String], _ role: Role = .text) { for line in lines { doc.add(line, role) } }
        /// Wrapped at `indent`, continuation lines two further in, so that each item stands out.
        func item(_ text: String, indent: Int, _ role: Role = .text, cutLongWords: Bool = true) {
            let pad = String(repeating: " ", count: indent)
            for (i, line) in DisplayText.wrap(text, columns: width - indent - 2, cutLongWords: cutLongWords).enumerated() {
                doc.add((i == 0 ? pad : pad + "  ") + line, role)
            }
        }
        add(DisplayText.wrap("guest-tiers diff: from \(Self.sideLabel(from))", columns: width), .header)
        add(DisplayText.wrap("to \(Self.sideLabel(to))", columns: width - 15).map { String(repeating: " ", count: 15) + $0 }, .header)
        if let catalog = CatalogLabel.headingLine(to.evaluator.catalog) { add(DisplayText.wrap(catalog, columns: width), .header) }
        if let qemu = CatalogLabel.qemuLine(to.evaluator) { add(DisplayText.wrap(qemu, columns: width), .header) }
        if changes.isEmpty {
            doc.add("no cell changes tier")
            if let why = emptyExplanation { item(why, indent: 0) }
            return doc
        }
        for (label, cells, guests) in summary { item("\(label): \(cells) cells, \(guests) guest\(guests == 1 ? "" : "s")", indent: 0) }
        var lastGuest = ""
        for group in groups {
            if group.guest.id != lastGuest {
                doc.add("")
                add(DisplayText.wrap("\(group.guest.id)  \(group.guest.name)", columns: width), .header)
                lastGuest = group.guest.id
            }
            let count = "on \(group.machines.count) machine type\(group.machines.count == 1 ? "" : "s"):"
            doc.add(spans: [("  ", .text), (" \(group.before.title) ", .tier(group.before)), (" → ", .text),
                            (" \(group.after.title) ", .tier(group.after)), (" " + count, .text)])
            if group.before == group.after {
                item("capped by the policy; the technical tier goes \(group.baseBefore?.title ?? "?") → \(group.baseAfter?.title ?? "?"):", indent: 4)
            }
            item(Self.compact(group.machines), indent: 4)
            for reason in group.added {
                item("+ \(reason.kind.rawValue): \(reason.text)", indent: 4)
                item("source: \(reason.source)", indent: 6, .dim, cutLongWords: false)
            }
            for reason in group.removed {
                item("- \(reason.kind.rawValue): \(reason.text)", indent: 4)
            }
            if !group.settings.isEmpty {
                item("settings: \(group.settings.joined(separator: "; "))", indent: 4)
            }
        }
        return doc
    }

    /// A GitHub/GitLab table; pipes and line breaks in catalog text are escaped.
    public func markdown() -> String {
        func cell(_ text: String) -> String {
            DisplayText.sanitize(text).replacingAll("|", with: "\\|").replacingAll("<", with: "&lt;")
        }
        var out = "**guest-tiers diff** — from \(cell(Self.sideLabel(from))) to \(cell(Self.sideLabel(to)))\n\n"
        if let catalog = CatalogLabel.headingLine(to.evaluator.catalog) { out += cell(catalog) + "\n\n" }
        if let qemu = CatalogLabel.qemuLine(to.evaluator) { out += cell(qemu) + "\n\n" }
        if changes.isEmpty { return out + "No cell changes tier." + (emptyExplanation.map { " " + cell($0) + "." } ?? "") + "\n" }
        for (label, cells, guests) in summary { out += "- \(label): \(cells) cells, \(guests) guest\(guests == 1 ? "" : "s")\n" }
        out += "\n| guest | change | machine types | why |\n|---|---|---|---|\n"
        for group in groups {
            let why = group.added.map { "+ \($0.kind.rawValue): \($0.text)" } + group.removed.map { "- \($0.kind.rawValue): \($0.text)" }
                + (group.settings.isEmpty ? [] : ["settings: " + group.settings.joined(separator: "; ")])
            out += "| `\(cell(group.guest.id))` \(cell(group.guest.name)) | \(Self.changeLabel(before: group.before, after: group.after, baseBefore: group.baseBefore, baseAfter: group.baseAfter)) | \(cell(Self.compact(group.machines))) | \(why.map(cell).joined(separator: "<br>")) |\n"
        }
        return out
    }

    public func json() -> String {
        func side(_ s: DiffSide) -> JSON {
            .object([("date", .day(s.date)), ("policy", .string(s.policy.id)), ("window_years", .number(s.policy.windowYears)),
                     ("lifecycle", .bool(s.policy.lifecycle)),
                     ("proposal", s.evaluator.proposal.map { .string($0.id) } ?? .null),
                     ("proposal_applies", .bool(s.evaluator.proposalApplies))])
        }
        func reasons(_ list: [Reason]) -> JSON {
            .array(list.map { .object([("kind", .string($0.kind.rawValue)), ("text", .string($0.text)), ("source", .string($0.source))]) })
        }
        return JSON.object([
            ("from", side(from)), ("to", side(to)), ("catalog", CatalogLabel.json(to.evaluator.catalog)),
            ("changes", .array(changes.map { c in
                .object([("guest", .string(c.guest.id)), ("machine", .string(c.machine.name)), ("family", .string(c.machine.familyID)),
                         ("before", .string(c.before.rawValue)), ("after", .string(c.after.rawValue)),
                         ("base_before", c.baseBefore.map { .string($0.rawValue) } ?? .null),
                         ("base_after", c.baseAfter.map { .string($0.rawValue) } ?? .null),
                         ("reasons_added", reasons(c.added)), ("reasons_removed", reasons(c.removed)),
                         ("settings", .array(c.settingsAfter.map(JSON.string)))])
            })),
        ]).serialized() + "\n"
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
