import TierEngine

/// The whole matrix at one date without a terminal: text that reads in a plain-text mail, JSON and CSV with
/// one record per cell. Rows and columns are the explorer's (same Grid), so the report matches the screen.
public enum MatrixReport {
    public static func text(_ state: AppState, _ context: ExplorerContext, width: Int) -> String {
        document(state, context, width: width).frame().lines.map { $0.replacingTrailingSpaces() }.joined(separator: "\n") + "\n"
    }

    /// Families split into blocks that fit `width`: (family, machine indices). Collapsed (one type per family),
    /// the families share blocks.
    static func blocks(_ grid: Grid, _ context: ExplorerContext, perBlock: Int, collapsed: Bool = false) -> [[Int]] {
        if collapsed {
            return stride(from: 0, to: grid.columns.count, by: perBlock).map { Array(grid.columns[$0..<min(grid.columns.count, $0 + perBlock)]) }
        }
        let machines = context.evaluator.machines
        var families: [[Int]] = []
        for m in grid.columns {
            if let last = families.last?.last, machines[last].familyID == machines[m].familyID {
                families[families.count - 1].append(m)
            } else {
                families.append([m])
            }
        }
        return families.flatMap { family in
            stride(from: 0, to: family.count, by: perBlock).map { Array(family[$0..<min(family.count, $0 + perBlock)]) }
        }
    }

    static func familyTitle(_ machine: MachineType, _ context: ExplorerContext) -> String {
        context.catalog.family(machine.familyID)?.pattern.replacingVersion(with: "X.Y") ?? machine.familyID
    }

    static func heading(_ state: AppState, _ context: ExplorerContext) -> [String] {
        let cutoff = Evaluator.cutoff(state.date, windowYears: state.policy.windowYears)
        var lines = ["guest-tiers: \(state.date), policy \(DetailText.policyLabel(state.policy)), cutoff \(cutoff)"]
        if let proposal = context.evaluator.proposal {
            lines.append("proposal: \(proposal.id) \(proposal.title)\(context.evaluator.proposalApplies ? "" : " (opt-in not set: no change)")")
        }
        if let catalog = CatalogLabel.headingLine(context.catalog) { lines.append(catalog) }
        if let qemu = CatalogLabel.qemuLine(context.evaluator) { lines.append(qemu) }
        let g = context.glyphs
        lines.append("legend: R Recommended, S Supported, U Unsupported, \(g.tier(.unreleased)) unreleased, \(g.tier(.unavailable)) unavailable, blank: other architecture")
        return lines
    }

    /// The matrix as a document: a heading with the legend, then one block per family (split to fit the width),
    /// one letter per tier, so that it reads in a plain-text mail.
    public static func document(_ state: AppState, _ context: ExplorerContext, width: Int) -> Document {
        let grid = Grid(state: state, context: context)
        let evaluator = context.evaluator
        let glyphs = context.glyphs
        var doc = Document()
        for line in heading(state, context) { doc.addWrapped(line, .header, width: width) }
        // The id column is as wide as the longest id (alpinelinux3.15 and 3.16 must not both read "alpinelinux3…").
        let longestID = grid.rows.reduce(0) { max($0, DisplayText.width(context.catalog.guests[$1].id)) }
        let labelWidth = min(max(8, longestID + 1), max(8, width - Layout.columnWidth))
        let perBlock = max(1, (width - labelWidth) / Layout.columnWidth)
        for block in blocks(grid, context, perBlock: perBlock, collapsed: state.collapsed) {
            doc.add("")
            if state.collapsed {
                // One column per family: the family's short name over its newest type's version.
                doc.add(spans: [(String(repeating: " ", count: labelWidth), .text)] + block.map {
                    (DisplayText.pad(context.catalog.family(evaluator.machines[$0].familyID)?.alias ?? evaluator.machines[$0].familyID,
                                     columns: Layout.columnWidth - 1, ellipsis: glyphs.ellipsis) + " ", Role.header) })
            } else {
                doc.add(DisplayText.fit(familyTitle(evaluator.machines[block[0]], context), columns: width), .header)
            }
            doc.add(spans: [(String(repeating: " ", count: labelWidth), .text)]
                + block.map { (DisplayText.pad(evaluator.machines[$0].version.description, columns: Layout.columnWidth), Role.dim) })
            for g in grid.rows {
                var spans: [Document.Span] = [(DisplayText.pad(context.catalog.guests[g].id, columns: labelWidth - 1, ellipsis: glyphs.ellipsis) + " ", .text)]
                for m in block {
                    let tier = evaluator.tier(guest: g, machine: m, date: state.date, policy: state.policy)
                    spans.append((" " + glyphs.tier(tier) + " ", .tier(tier)))
                    spans.append(("  ", .text))
                }
                doc.add(spans: spans)
            }
        }
        if grid.columns.isEmpty || grid.rows.isEmpty { doc.add("(no cells at this date and filter)", .dim) }
        return doc
    }

    /// One Markdown table per family block: guests down, versions across, a letter per tier.
    public static func markdown(_ state: AppState, _ context: ExplorerContext) -> String {
        let grid = Grid(state: state, context: context)
        let evaluator = context.evaluator
        var out = heading(state, context).map { DisplayText.sanitize($0) + "  " }.joined(separator: "\n") + "\n"
        for block in blocks(grid, context, perBlock: 20, collapsed: state.collapsed) {
            out += "\n**\(familyTitle(evaluator.machines[block[0]], context))**\n\n"
            out += "| guest | " + block.map { evaluator.machines[$0].version.description }.joined(separator: " | ") + " |\n"
            out += "|---|" + block.map { _ in ":-:" }.joined(separator: "|") + "|\n"
            for g in grid.rows {
                let cells = block.map { m -> String in
                    let tier = evaluator.tier(guest: g, machine: m, date: state.date, policy: state.policy)
                    let glyph = context.glyphs.tier(tier).blankAsEmpty()
                    return tier == .recommended ? "**\(glyph)**" : glyph
                }
                out += "| `\(DisplayText.sanitize(context.catalog.guests[g].id).replacingAll("|", with: "\\|"))` | " + cells.joined(separator: " | ") + " |\n"
            }
        }
        return out
    }

    public static func records(_ state: AppState, _ context: ExplorerContext) -> [(guest: Guest, machine: MachineType, tier: Tier, base: Tier?)] {
        let grid = Grid(state: state, context: context)
        var records: [(guest: Guest, machine: MachineType, tier: Tier, base: Tier?)] = []
        for g in grid.rows {
            for m in grid.columns {
                let tier = context.evaluator.tier(guest: g, machine: m, date: state.date, policy: state.policy)
                let base = tier.isSupportTier ? context.evaluator.baseTier(guest: g, machine: m) : nil
                records.append((context.catalog.guests[g], context.evaluator.machines[m], tier, base))
            }
        }
        return records
    }

    public static func json(_ state: AppState, _ context: ExplorerContext) -> String {
        let cells = records(state, context).map { r in
            JSON.object([("guest", .string(r.guest.id)), ("machine", .string(r.machine.name)), ("family", .string(r.machine.familyID)),
                         ("tier", .string(r.tier.rawValue)), ("base_tier", r.base.map { .string($0.rawValue) } ?? .null)])
        }
        return JSON.object([
            ("date", .day(state.date)), ("policy", .string(state.policy.id)), ("window_years", .number(state.policy.windowYears)),
            ("lifecycle", .bool(state.policy.lifecycle)),
            ("cutoff", .day(Evaluator.cutoff(state.date, windowYears: state.policy.windowYears))),
            ("proposal", context.evaluator.proposal.map { .string($0.id) } ?? .null),
            ("catalog", CatalogLabel.json(context.catalog)),
            ("cells", .array(cells)),
        ]).serialized() + "\n"
    }

    public static func csv(_ state: AppState, _ context: ExplorerContext) -> String {
        var out = "date,policy,window_years,guest,guest_name,machine,family,tier,base_tier\n"
        for r in records(state, context) {
            out += [state.date.description, state.policy.id, String(state.policy.windowYears), r.guest.id, r.guest.name,
                    r.machine.name, r.machine.familyID, r.tier.rawValue, r.base?.rawValue ?? ""].map(csvField).joined(separator: ",") + "\n"
        }
        return out
    }

    /// RFC 4180 quoting, control characters replaced, and a leading quote on values a spreadsheet would run as a formula.
    static func csvField(_ value: String) -> String {
        var clean = DisplayText.sanitize(value)
        if let first = clean.first, "=+-@".contains(first) { clean = "'" + clean }
        if clean.contains(",") || clean.contains("\"") { return "\"" + clean.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\"" }
        return clean
    }
}

extension String {
    /// A Markdown cell for "no glyph" (other architecture) is empty, not a space.
    func blankAsEmpty() -> String { self == " " ? "" : self }
    /// `pc-i440fx-` → `pc-i440fx`: a family's type name without the version.
    func trimmingTrailingDash() -> String { hasSuffix("-") ? String(dropLast()) : self }
    func replacingVersion(with text: String) -> String {
        split(separator: "{v}", omittingEmptySubsequences: false).joined(separator: text)
    }
}
