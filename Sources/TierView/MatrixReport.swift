import TierEngine

/// The whole matrix at one date without a terminal: text that reads in a plain-text mail, JSON and CSV with
/// one record per cell. Rows and columns are the explorer's (same Grid), so the report matches the screen.
public enum MatrixReport {
    public static func text(_ state: AppState, _ context: ExplorerContext, width: Int) -> String {
        let grid = Grid(state: state, context: context)
        let evaluator = context.evaluator
        let glyphs = context.glyphs
        let cutoff = Evaluator.cutoff(state.date, windowYears: state.policy.windowYears)
        var out: [String] = []
        out += DisplayText.wrap("guest-tiers: \(state.date), policy \(DetailText.policyLabel(state.policy)), cutoff \(cutoff)", columns: width)
        if let proposal = evaluator.proposal {
            out += DisplayText.wrap("proposal: \(proposal.id) \(proposal.title)\(evaluator.proposalApplies ? "" : " (opt-in not set: no change)")", columns: width)
        }
        out += DisplayText.wrap("legend: R Recommended, S Supported, U Unsupported, \(glyphs.tier(.unreleased)) unreleased, \(glyphs.tier(.unavailable)) unavailable, blank: other architecture", columns: width)
        let labelWidth = min(16, max(8, width / 5))
        let perBlock = max(1, (width - labelWidth) / Layout.columnWidth)
        // One block per family, split further when a family is wider than the page.
        var families: [[Int]] = []
        for m in grid.columns {
            if let last = families.last?.last, evaluator.machines[last].familyID == evaluator.machines[m].familyID {
                families[families.count - 1].append(m)
            } else {
                families.append([m])
            }
        }
        for family in families {
            var start = 0
            while start < family.count {
                let block = Array(family[start..<min(family.count, start + perBlock)])
                start += perBlock
                let first = evaluator.machines[block[0]]
                let familyName = context.catalog.family(first.familyID)?.pattern.replacingVersion(with: "X.Y") ?? first.familyID
                out.append("")
                var header = DisplayText.pad(familyName, columns: labelWidth)
                var versions = String(repeating: " ", count: labelWidth)
                for m in block { versions += DisplayText.pad(evaluator.machines[m].version.description, columns: Layout.columnWidth) }
                header = DisplayText.fit(header, columns: width)
                out.append(header.trimmingTrailing())
                out.append(versions.trimmingTrailing())
                for g in grid.rows {
                    var line = DisplayText.pad(context.catalog.guests[g].id, columns: labelWidth - 1, ellipsis: glyphs.ellipsis) + " "
                    for m in block {
                        line += DisplayText.pad(glyphs.tier(evaluator.tier(guest: g, machine: m, date: state.date, policy: state.policy)), columns: Layout.columnWidth)
                    }
                    out.append(line.trimmingTrailing())
                }
            }
        }
        if grid.columns.isEmpty || grid.rows.isEmpty { out.append("(no cells at this date and filter)") }
        return out.joined(separator: "\n") + "\n"
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
    func trimmingTrailing() -> String { replacingTrailingSpaces() }
    func replacingVersion(with text: String) -> String {
        split(separator: "{v}", omittingEmptySubsequences: false).joined(separator: text)
    }
}
