import TierEngine

/// `guest-tiers diff`: the cells whose tier changes between two sides, grouped by change and reason (every
/// guest and machine type that shares them in one group), most severe first, each source once as a numbered
/// footnote. Text (mail), Markdown (reviews) and JSON.
public struct DiffReport: Sendable {
    public struct Group: Sendable {
        public var before: Tier
        public var after: Tier
        public var baseBefore: Tier?
        public var baseAfter: Tier?
        /// The guests in release order, each with its machine types in version order.
        public var cells: [(guest: Guest, machines: [MachineType])]
        public var added: [Reason]
        public var removed: [Reason]
        public var settings: [String]

        public var guests: [Guest] { cells.map(\.guest) }
        public var cellCount: Int { cells.reduce(0) { $0 + $1.machines.count } }
        /// The tier stays; only the technical tier changed under a cap.
        public var isTechnicalOnly: Bool {
            CellChange.isTechnicalOnly(before: before, after: after, baseBefore: baseBefore, baseAfter: baseAfter)
        }

        /// To Unsupported first, then to Supported, to Recommended, technical-only changes last.
        var severity: Int {
            if isTechnicalOnly { return 10 }
            return after.isSupportTier ? after.rank : 5
        }
    }

    public let from: DiffSide
    public let to: DiffSide
    public let changes: [CellChange]
    public let groups: [Group]

    /// A proposal diff also lists the cells whose technical tier changes under a cap (RHEL 6 is capped at
    /// Supported by its age, yet the proposal is exactly what breaks it): that is what a reviewer asks.
    public init(from: DiffSide, to: DiffSide, includeExistence: Bool = false, filter: CellFilter = CellFilter()) {
        self.from = from
        self.to = to
        let proposalDiff = from.evaluator.proposal?.id != to.evaluator.proposal?.id
            || from.evaluator.proposalApplies != to.evaluator.proposalApplies
        let catalog = to.evaluator.catalog
        changes = TierDiff.changes(from: from, to: to, includeExistence: includeExistence, includeHidden: proposalDiff)
            .filter { filter.shows($0.guest) && filter.shows($0.machine, in: catalog) }
        self.groups = DiffReport.group(changes, machines: to.evaluator.machines)
    }

    /// Cells that share a change (tiers and technical tiers) and the reasons that changed form one group.
    static func group(_ changes: [CellChange], machines all: [MachineType]) -> [Group] {
        // The lifecycle cap groups by kind (its text carries per-type dates); rules and the other caps by their
        // text, so that a group's vendor end or cutoff is every member's.
        func key(_ r: Reason) -> String { r.kind == .lifecycle ? r.kind.rawValue : r.kind.rawValue + r.text }
        var order: [String: Int] = [:]
        for (i, machine) in all.enumerated() { order[machine.name] = i }
        var groups: [Group] = []
        var index: [String: Int] = [:]
        for change in changes {
            let keyParts = [change.before.rawValue, change.after.rawValue, change.baseBefore?.rawValue ?? "", change.baseAfter?.rawValue ?? ""]
                + change.added.map(key) + ["/"] + change.removed.map(key) + ["/"] + change.settingsAfter
            let joined = keyParts.joined(separator: "\u{0}")
            if let i = index[joined] {
                // Each member's sources (a vendor end's page, a guest's capability source) are all cited.
                for (list, theirs) in [(\Group.added, change.added), (\Group.removed, change.removed)] {
                    for (r, reason) in theirs.enumerated() where r < groups[i][keyPath: list].count {
                        for source in reason.sources where !groups[i][keyPath: list][r].sources.contains(source) {
                            groups[i][keyPath: list][r].sources.append(source)
                        }
                    }
                }
                if let g = groups[i].cells.firstIndex(where: { $0.guest.id == change.guest.id }) {
                    groups[i].cells[g].machines.append(change.machine)
                } else {
                    groups[i].cells.append((change.guest, [change.machine]))
                }
            } else {
                index[joined] = groups.count
                groups.append(Group(before: change.before, after: change.after, baseBefore: change.baseBefore, baseAfter: change.baseAfter,
                                    cells: [(change.guest, [change.machine])], added: change.added, removed: change.removed,
                                    settings: change.settingsAfter))
            }
        }
        func released(_ guest: Guest) -> Int { guest.released.day?.ordinal ?? Int.max }
        for i in groups.indices {
            groups[i].cells.sort { (released($0.guest), $0.guest.id) < (released($1.guest), $1.guest.id) }
            for c in groups[i].cells.indices {
                groups[i].cells[c].machines.sort { (order[$0.name] ?? Int.max) < (order[$1.name] ?? Int.max) }
            }
            // A lifecycle cap over several machine types: one line for all, the dates are per type.
            if groups[i].cellCount > 1 {
                for list in [\Group.added, \Group.removed] {
                    groups[i][keyPath: list] = groups[i][keyPath: list].map { reason in
                        guard reason.kind == .lifecycle else { return reason }
                        var shared = reason
                        shared.text = "these machine types are deprecated by then (each from its own date): at most Supported"
                        return shared
                    }
                }
            }
        }
        // Most severe first; among equals, the larger group first, then by the first guest's release.
        return groups.enumerated().sorted { a, b in
            (a.element.severity, -a.element.cellCount, a.offset) < (b.element.severity, -b.element.cellCount, b.offset)
        }.map(\.element)
    }

    /// Every source of the groups, each once, numbered in order of first use. A rule's own sources (the rule,
    /// the defaults it read) are numbered after its text; each guest's capability source after the guest.
    struct Footnotes {
        var list: [String] = []
        /// The numbers of a source's parts (sources join their parts with "; ", and guests share many parts,
        /// such as the kernel commit that brought virtio 1.0): each part is one footnote.
        mutating func refs(_ source: String) -> String {
            var numbers: [Int] = []
            for part in Provenance.joined([source]).split(separator: "; ").map(String.init) {
                let n: Int
                if let known = list.firstIndex(of: part) { n = known + 1 } else { list.append(part); n = list.count }
                if !numbers.contains(n) { numbers.append(n) }
            }
            return numbers.map { "[\($0)]" }.joined()
        }
    }

    /// The reason's sources without the guests' own (those are cited after each guest).
    static func reasonSources(_ reason: Reason, guests: [Guest]) -> [String] {
        let own = Set(guests.map(\.capabilitiesProvenance.cited))
        let pieces = reason.sources.filter { !own.contains($0) }
        return pieces.isEmpty ? reason.sources : pieces
    }

    /// "rhel5, rhel6 on pseries-5.0; debian8 on pseries-{5.0 5.1}": guests that share machine types together.
    /// A guest's own capability source is not repeated here (it is long, and per guest): `explain` and the JSON
    /// give it.
    static func cellsText(_ group: Group, all: [MachineType], notes: inout Footnotes) -> [String] {
        var lines: [(guests: [String], machines: String)] = []
        for cell in group.cells {
            let machines = compact(cell.machines, all: all)
            let name = cell.guest.id
            if let i = lines.firstIndex(where: { $0.machines == machines }) { lines[i].guests.append(name) } else { lines.append(([name], machines)) }
        }
        return lines.map { "\($0.guests.joined(separator: ", ")) on \($0.machines)" }
    }

    static func refs(_ reason: Reason, _ group: Group, notes: inout Footnotes) -> String {
        reasonSources(reason, guests: group.guests).map { notes.refs($0) }.joined()
    }

    /// "Recommended → Supported", or for a change a cap hides, "Supported → Supported (technical: …)".
    static func changeLabel(before: Tier, after: Tier, baseBefore: Tier?, baseAfter: Tier?) -> String {
        if before == after, let baseBefore, let baseAfter {
            return "\(after.title) stays, technical \(baseBefore.title) → \(baseAfter.title)"
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

    /// "pc-i440fx-{1.4–4.2}, pseries-{2.1 2.3}": machine types by family in the given order, versions in
    /// order, a run of every version between two (in `all`, the catalog's types) as a range.
    static func compact(_ machines: [MachineType], all: [MachineType] = []) -> String {
        var order: [String] = []
        var byFamily: [String: [MachineType]] = [:]
        for machine in machines {
            if byFamily[machine.familyID] == nil { order.append(machine.familyID) }
            byFamily[machine.familyID, default: []].append(machine)
        }
        return order.map { family in
            let members = byFamily[family]!.sorted { $0.version < $1.version }
            // Types from a --qemu binary that the catalog does not know have no version in their name.
            if members.count == 1 || !members.allSatisfy(\.defaultsKnown) { return members.map(\.name).joined(separator: ", ") }
            let versions = all.filter { $0.familyID == family && $0.defaultsKnown }.map(\.version).sorted()
            var runs: [[QemuVersion]] = []
            for member in members {
                if let last = runs.last?.last, let i = versions.firstIndex(of: last), i + 1 < versions.count, versions[i + 1] == member.version {
                    runs[runs.count - 1].append(member.version)
                } else {
                    runs.append([member.version])
                }
            }
            let prefix = String(members[0].name.dropLast(members[0].version.description.count))
            let text = runs.map { $0.count > 2 ? "\($0[0])–\($0[$0.count - 1])" : $0.map(\.description).joined(separator: " ") }
            return prefix + "{" + text.joined(separator: " ") + "}"
        }.joined(separator: ", ")
    }

    /// "guest-tiers diff, 2020-06-01, policy both (…): without → with proposal X" when only the proposal differs.
    static func proposalHeading(_ from: DiffSide, _ to: DiffSide) -> String? {
        guard from.date == to.date, from.policy == to.policy, from.evaluator.proposal == nil, let proposal = to.evaluator.proposal else { return nil }
        return "guest-tiers diff, \(to.date), policy \(DetailText.policyLabel(to.policy)): without \(to.evaluator.proposalApplies ? "→ with" : "→ with (not opted in)") proposal \(proposal.id)"
    }

    static func sideLabel(_ side: DiffSide) -> String {
        let proposal = side.evaluator.proposal.map { " + proposal \($0.id)\(side.evaluator.proposalApplies ? "" : " (not opted in)")" } ?? ""
        return "\(side.date), policy \(DetailText.policyLabel(side.policy))\(proposal)"
    }

    /// "Recommended → Supported: 14 cells, 1 guest" for each kind of change, most severe first.
    var summary: [(String, Int, Int)] {
        var order: [String] = []
        var counts: [String: (cells: Int, guests: Set<String>)] = [:]
        for group in groups {
            let label = Self.changeLabel(before: group.before, after: group.after, baseBefore: group.baseBefore, baseAfter: group.baseAfter)
            if counts[label] == nil { order.append(label) }
            var entry = counts[label] ?? (0, [])
            entry.cells += group.cellCount
            entry.guests.formUnion(group.guests.map(\.id))
            counts[label] = entry
        }
        return order.map { ($0, counts[$0]!.cells, counts[$0]!.guests.count) }
    }

    public func text(width: Int = 100) -> String {
        document(width: width).frame().trimmedText
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
        if let heading = Self.proposalHeading(from, to) {
            add(DisplayText.wrap(heading, columns: width), .header)
        } else {
            add(DisplayText.wrap("guest-tiers diff: from \(Self.sideLabel(from))", columns: width), .header)
            add(DisplayText.wrap("to \(Self.sideLabel(to))", columns: width - 15).map { String(repeating: " ", count: 15) + $0 }, .header)
        }
        if let catalog = CatalogLabel.headingLine(to.evaluator.catalog) { add(DisplayText.wrap(catalog, columns: width), .header) }
        if let qemu = CatalogLabel.qemuLine(to.evaluator) { add(DisplayText.wrap(qemu, columns: width), .header) }
        if changes.isEmpty {
            doc.add("no cell changes tier")
            if let why = emptyExplanation { item(why, indent: 0) }
            return doc
        }
        for (label, cells, guests) in summary {
            item("\(label): \(cells) cell\(cells == 1 ? "" : "s"), \(guests) guest\(guests == 1 ? "" : "s")", indent: 0)
        }
        var notes = Footnotes()
        var ruleLabels: [String] = []
        for group in groups {
            doc.add("")
            let count = "\(group.cellCount) cell\(group.cellCount == 1 ? "" : "s")"
            if group.isTechnicalOnly {
                doc.add(spans: [(" \(group.after.title) ", .tier(group.after)), (" stays, technical tier ", .text),
                                (" \(group.baseBefore?.title ?? "?") ", .tier(group.baseBefore ?? .unavailable)), (" → ", .text),
                                (" \(group.baseAfter?.title ?? "?") ", .tier(group.baseAfter ?? .unavailable)), (" " + count, .text)])
            } else {
                doc.add(spans: [(" \(group.before.title) ", .tier(group.before)), (" → ", .text),
                                (" \(group.after.title) ", .tier(group.after)), (" " + count, .text)])
            }
            for line in Self.cellsText(group, all: to.evaluator.machines, notes: &notes) { item(line, indent: 2) }
            // A rule already written out in full above is named by its label.
            for (sign, list) in [("+", group.added), ("-", group.removed)] {
                for reason in list {
                    let refs = Self.refs(reason, group, notes: &notes)
                    guard reason.kind == .rule else { item("\(sign) \(reason.kind.rawValue): \(reason.text) \(refs)", indent: 2); continue }
                    if let known = ruleLabels.firstIndex(of: reason.text) {
                        item("\(sign) rule R\(known + 1), as above \(refs)", indent: 2)
                    } else {
                        ruleLabels.append(reason.text)
                        item("\(sign) rule R\(ruleLabels.count): \(reason.text) \(refs)", indent: 2)
                    }
                }
            }
            if !group.settings.isEmpty { item("settings: \(group.settings.joined(separator: "; "))", indent: 2) }
        }
        if !notes.list.isEmpty {
            doc.add("sources:", .header)
            for (i, source) in notes.list.enumerated() { item("[\(i + 1)] \(source)", indent: 0, .dim, cutLongWords: false) }
            if groups.contains(where: { $0.added.contains { $0.kind == .rule } }) {
                item("each guest's capabilities: guest-tiers explain --guest ID --machine TYPE (or diff --format json)", indent: 0, .dim)
            }
        }
        return doc
    }

    /// A GitHub/GitLab table; pipes and line breaks in catalog text are escaped.
    public func markdown() -> String {
        func cell(_ text: String) -> String {
            Markdown.text(text)
        }
        var out = "**guest-tiers diff** — from \(cell(Self.sideLabel(from))) to \(cell(Self.sideLabel(to)))\n\n"
        if let catalog = CatalogLabel.headingLine(to.evaluator.catalog) { out += cell(catalog) + "\n\n" }
        if let qemu = CatalogLabel.qemuLine(to.evaluator) { out += cell(qemu) + "\n\n" }
        if changes.isEmpty { return out + "No cell changes tier." + (emptyExplanation.map { " " + cell($0) + "." } ?? "") + "\n" }
        for (label, cells, guests) in summary { out += "- \(label): \(cells) cell\(cells == 1 ? "" : "s"), \(guests) guest\(guests == 1 ? "" : "s")\n" }
        var notes = Footnotes()
        out += "\n| change | guests on machine types | why |\n|---|---|---|\n"
        for group in groups {
            let cells = Self.cellsText(group, all: to.evaluator.machines, notes: &notes)
            var why: [String] = []
            for reason in group.added { why.append("+ \(reason.kind.rawValue): \(reason.text) \(Self.refs(reason, group, notes: &notes))") }
            for reason in group.removed { why.append("- \(reason.kind.rawValue): \(reason.text) \(Self.refs(reason, group, notes: &notes))") }
            if !group.settings.isEmpty { why.append("settings: " + group.settings.joined(separator: "; ")) }
            let change = group.isTechnicalOnly
                ? "\(group.after.title) stays; technical tier \(group.baseBefore?.title ?? "?") → \(group.baseAfter?.title ?? "?")"
                : "\(group.before.title) → \(group.after.title)"
            out += "| \(change) (\(group.cellCount)) | \(cells.map(cell).joined(separator: "<br>")) | \(why.map(cell).joined(separator: "<br>")) |\n"
        }
        if !notes.list.isEmpty {
            out += "\nSources:\n\n"
            for (i, source) in notes.list.enumerated() { out += "\(i + 1). \(cell(source))\n" }
            if groups.contains(where: { $0.added.contains { $0.kind == .rule } }) {
                out += "\nEach guest's capabilities and their sources: `guest-tiers explain --guest ID --machine TYPE` (or `diff --format json`).\n"
            }
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
                         ("technical_only", .bool(c.isTechnicalOnly)),
                         ("causes_added", .array(c.added.map { .string($0.kind.rawValue) })),
                         ("reasons_added", reasons(c.added)), ("reasons_removed", reasons(c.removed)),
                         ("settings", .array(c.settingsAfter.map(JSON.string)))])
            })),
        ]).serialized() + "\n"
    }
}

extension String {
    /// Each scalar `escape` names replaced by its escape. By scalar, never by Character: a combining or prepended
    /// mark next to `<`, `&`, `,`, a quote or a backtick makes one Character with it, so a Character comparison
    /// lets the markup character through unescaped (raw HTML in Markdown, an ill-formed SVG, a split CSV field).
    func escapingScalars(_ escape: (Unicode.Scalar) -> String?) -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            if let replacement = escape(scalar) { out += replacement } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    /// Whether any scalar (not Character, see `escapingScalars`) is `scalar`.
    func containsScalar(_ scalar: Unicode.Scalar) -> Bool { unicodeScalars.contains(scalar) }
}
