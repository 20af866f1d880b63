import TierEngine

/// The whole matrix at one date without a terminal: text that reads in a plain-text mail, JSON and CSV with
/// one record per cell. Rows and columns are the explorer's (same Grid), so the report matches the screen.
public enum MatrixReport {
    public static func text(_ state: AppState, _ context: ExplorerContext, width: Int) -> String {
        document(state, context, width: width).frame().trimmedText
    }

    /// Columns (positions in `grid.columns`) split into blocks of at most `perBlock`; families share blocks, each
    /// block's headings name the families in it.
    static func blocks(_ grid: Grid, perBlock: Int) -> [[Int]] {
        stride(from: 0, to: grid.columns.count, by: perBlock).map { Array($0..<min(grid.columns.count, $0 + perBlock)) }
    }

    /// `pc-i440fx-X.Y`, the family's type pattern.
    static func familyTitle(_ machine: MachineType, _ context: ExplorerContext) -> String {
        context.catalog.family(machine.familyID)?.pattern.replacingVersion(with: "X.Y") ?? machine.familyID
    }

    /// `pc-i440fx`: the family's type name without its version, as column headings name it.
    static func familyName(_ machine: MachineType, _ context: ExplorerContext) -> String {
        context.catalog.family(machine.familyID)?.pattern.replacingVersion(with: "").trimmingTrailingDash() ?? machine.familyID
    }

    static func heading(_ state: AppState, _ context: ExplorerContext) -> [String] {
        let policy = state.shownPolicy
        let cutoff = Evaluator.cutoff(state.date, windowYears: policy.windowYears)
        var lines = ["guest-tiers: \(state.date), policy \(DetailText.policyLabel(policy))\(policy.ageCap ? ", cutoff \(cutoff)" : "")"
            + (state.baseTierOnly ? " (technical base tiers: every cap off)" : "")]
        if let proposal = context.evaluator.proposal {
            lines.append("proposal: \(proposal.id) \(proposal.title)\(context.evaluator.proposalApplies ? "" : " (opt-in not set: no change)")")
        }
        if let catalog = CatalogLabel.headingLine(context.catalog) { lines.append(catalog) }
        if let qemu = CatalogLabel.qemuLine(context.evaluator) { lines.append(qemu) }
        let g = context.glyphs
        lines.append("legend: R Recommended, U Unsupported, \(CellMarks.legend); \(g.tier(.unreleased)) unreleased, \(g.tier(.unavailable)) unavailable, blank: other architecture")
        let grid = Grid(state: state, context: context)
        if grid.columns.count < grid.allColumns.count {
            lines.append("columns: 1.4–4.2 is one column for the versions 1.4 to 4.2, identical in every row (--every-version splits them)")
        }
        return lines
    }

    /// The matrix as a document: a heading with the legend, then blocks of columns that fit `width` (families
    /// side by side, each named over its first column), a mark per cell, so that it reads in a plain-text mail.
    public static func document(_ state: AppState, _ context: ExplorerContext, width: Int) -> Document {
        let grid = Grid(state: state, context: context)
        let evaluator = context.evaluator
        let glyphs = context.glyphs
        let policy = state.shownPolicy
        let date = state.date.ordinal, cutoff = Evaluator.cutoff(state.date, windowYears: policy.windowYears).ordinal
        let cw = Layout.columnWidth
        var doc = Document()
        for line in heading(state, context) { doc.addWrapped(line, .header, width: width) }
        // The id column is as wide as the longest id (alpinelinux3.15 and 3.16 must not both read "alpinelinux3…").
        let longestID = grid.rows.reduce(0) { max($0, DisplayText.width(context.catalog.guests[$1].id)) }
        let labelWidth = min(max(8, longestID + 1), max(8, width - cw))
        let perBlock = max(1, (width - labelWidth) / cw)
        let dash = glyphs.ascii ? "-" : "–"
        // What every cell of one mark shows, made once per mark (a handful), and the gap after each cell.
        var markSpans: [String: String] = [:]
        let gap = String(repeating: " ", count: cw - 4)
        for block in blocks(grid, perBlock: perBlock) {
            doc.add("")
            for row in familyRows(block, grid, context, left: labelWidth, width: width) { doc.add(row, .header) }
            let labels = block.map { grid.label($0, context, dash: dash) }
            let pad = String(repeating: " ", count: labelWidth)
            doc.add(spans: [(pad, .text)] + labels.map { (DisplayText.pad($0.from, columns: cw, ellipsis: glyphs.ellipsis), Role.dim) })
            if labels.contains(where: { !$0.through.isEmpty }) {
                doc.add(spans: [(pad, .text)] + labels.map { (DisplayText.pad($0.through, columns: cw, ellipsis: glyphs.ellipsis), Role.dim) })
            }
            for g in grid.rows {
                var spans: [Document.Span] = [(DisplayText.pad(context.catalog.guests[g].id, columns: labelWidth - 1, ellipsis: glyphs.ellipsis) + " ", .text)]
                spans.reserveCapacity(1 + 2 * block.count)
                for position in block {
                    let m = grid.columns[position]
                    let tier = evaluator.tier(guest: g, machine: m, date: date, cutoff: cutoff, policy: policy)
                    let mark = CellMarks.mark(tier, cause: evaluator.supportCause(guest: g, machine: m, date: date, cutoff: cutoff, policy: policy), glyphs: glyphs)
                    let span = markSpans[mark] ?? {
                        let span = " " + DisplayText.pad(mark, columns: 2) + " "
                        markSpans[mark] = span
                        return span
                    }()
                    spans.append((span, .tier(tier)))
                    spans.append((gap, .text))
                }
                doc.add(spans: spans)
            }
        }
        if grid.columns.isEmpty || grid.rows.isEmpty { doc.add("(no cells at this date and filter)", .dim) }
        return doc
    }

    /// The family names over a block, each starting at its family's first column; a name that would run into
    /// the next one goes on another line, so that no name is cut.
    static func familyRows(_ block: [Int], _ grid: Grid, _ context: ExplorerContext, left: Int, width: Int) -> [String] {
        let machines = context.evaluator.machines
        var rows: [String] = []
        var ends: [Int] = []
        for (slot, position) in block.enumerated() {
            let machine = machines[grid.columns[position]]
            guard slot == 0 || machines[grid.columns[block[slot - 1]]].familyID != machine.familyID else { continue }
            let x = left + slot * Layout.columnWidth
            let name = DisplayText.fit(familyName(machine, context), columns: max(1, width - x))
            let row = ends.firstIndex { $0 < x } ?? {
                rows.append("")
                ends.append(-1)
                return rows.count - 1
            }()
            rows[row] += String(repeating: " ", count: max(0, x - DisplayText.width(rows[row]))) + name
            ends[row] = x + DisplayText.width(name)
        }
        return rows
    }

    /// One Markdown table per family (one for all when collapsed): guests down, versions or ranges across, a
    /// mark per cell. Every heading names its family.
    public static func markdown(_ state: AppState, _ context: ExplorerContext) -> String {
        let grid = Grid(state: state, context: context)
        let evaluator = context.evaluator
        let policy = state.shownPolicy
        let date = state.date.ordinal, cutoff = Evaluator.cutoff(state.date, windowYears: policy.windowYears).ordinal
        // Written once into one byte buffer: guest ids escaped into it, marks (constants) copied.
        var out: [UInt8] = []
        out.reserveCapacity(grid.rows.count * (grid.columns.count * 4 + 48) + 4096)
        out.write(heading(state, context).map { Markdown.text($0) + "  " }.joined(separator: "\n") + "\n")
        var tables: [(title: String, columns: [Int], header: [String])] = []
        for position in grid.columns.indices {
            let machine = evaluator.machines[grid.columns[position]]
            let label = grid.label(position, context, dash: "–")
            let version = label.from + label.through
            if state.collapsed {
                if tables.isEmpty { tables.append(("newest machine type of each family", [], [])) }
                tables[0].columns.append(position)
                tables[0].header.append(machine.name)
            } else if let last = tables.last, let first = last.columns.first,
                      evaluator.machines[grid.columns[first]].familyID == machine.familyID {
                tables[tables.count - 1].columns.append(position)
                tables[tables.count - 1].header.append(version)
            } else {
                tables.append((familyTitle(machine, context), [position], [version]))
            }
        }
        for table in tables {
            out.write("\n**\(Markdown.text(table.title))**\n\n")
            out.write("| guest | " + table.header.map { Markdown.text($0) }.joined(separator: " | ") + " |\n")
            out.write("|---|" + table.columns.map { _ in ":-:" }.joined(separator: "|") + "|\n")
            for g in grid.rows {
                out.write("| ")
                Markdown.writeCode(context.catalog.guests[g].id, into: &out)
                out.write(" | ")
                for (i, position) in table.columns.enumerated() {
                    if i > 0 { out.write(" | ") }
                    let m = grid.columns[position]
                    let tier = evaluator.tier(guest: g, machine: m, date: date, cutoff: cutoff, policy: policy)
                    let mark = CellMarks.mark(tier, cause: evaluator.supportCause(guest: g, machine: m, date: date, cutoff: cutoff, policy: policy),
                                              glyphs: context.glyphs).blankAsEmpty()
                    if tier == .recommended {
                        out.write("**")
                        out.write(mark)
                        out.write("**")
                    } else {
                        out.write(mark)
                    }
                }
                out.write(" |\n")
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `csvField` into a byte buffer: printable ASCII without a quote or comma and not starting like a formula
    /// is copied as it is; anything else goes through `csvField`.
    static func csvField(_ value: String, into out: inout [UInt8]) {
        let bytes = value.utf8
        let plain = bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ",") && $0 != UInt8(ascii: "\"") }
        if plain, let first = bytes.first, !"=+-@".utf8.contains(first) {
            out.append(contentsOf: bytes)
        } else if plain, bytes.isEmpty {
            return
        } else {
            out.append(contentsOf: csvField(value).utf8)
        }
    }

    /// RFC 4180 quoting, control characters replaced, and a leading quote on values a spreadsheet would run as a formula.
    static func csvField(_ value: String) -> String {
        var clean = DisplayText.sanitize(value)
        if let first = clean.unicodeScalars.first, "=+-@".unicodeScalars.contains(first) { clean = "'" + clean }
        if clean.containsScalar(",") || clean.containsScalar("\"") { return "\"" + clean.escapingScalars { $0 == "\"" ? "\"\"" : nil } + "\"" }
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
