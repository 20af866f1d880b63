import TierEngine

/// The status line: everything that changes what the matrix means — the date, the policy with the knobs changed
/// on it, the architecture and row filters, the proposal and its opt-in, the diff reference, the catalog and its
/// imports — is never cut. When one row is not enough it takes two (at most three), and decoration ("arch all",
/// the title, the cutoff, the counts, in that order) is dropped first.
public enum StatusLine {
    /// One piece of the line. Pieces are never split across rows unless a single piece is wider than the screen.
    struct Chunk {
        var segments: [(text: String, role: Role)]
        /// Decoration is left out, in `dropRank` order (lowest first), where it would cost a row.
        var dropRank: Int?
        /// Written after " · " when it follows another chunk on its row.
        var separated: Bool

        var width: Int { segments.reduce(0) { $0 + DisplayText.width($1.text) } }
    }

    static let maximumRows = 3

    /// How many rows the status takes at this state (the Layout reserves them).
    public static func rows(_ state: AppState, _ context: ExplorerContext, grid: Grid) -> Int {
        placed(state, context, grid: grid).count
    }

    static func draw(_ frame: inout Frame, _ state: AppState, _ context: ExplorerContext, grid: Grid) {
        let rows = placed(state, context, grid: grid)
        for (y, row) in rows.enumerated() {
            frame.fill(0, y, frame.width, 1, .status)
            for piece in row { frame.put(piece.x, y, piece.text, piece.role) }
        }
    }

    typealias Piece = (x: Int, text: String, role: Role)
    struct Key: Equatable {
        var state: AppState
        var glyphs: Glyphs
    }

    /// The chunks flowed into rows at the state's width, as (x, text, role) per row. Kept for the last state:
    /// a key press lays the screen out several times (update, the frame), with the same status line.
    static func placed(_ state: AppState, _ context: ExplorerContext, grid: Grid) -> [[Piece]] {
        context.statusMemo.value(for: Key(state: state, glyphs: context.glyphs)) { flowed(state, context, grid: grid) }
    }

    static func flowed(_ state: AppState, _ context: ExplorerContext, grid: Grid) -> [[Piece]] {
        let width = state.size.width
        var chunks = self.chunks(state, context, grid: grid)
        let separator = context.glyphs.ascii ? " | " : " · "
        let essentialRows = flow(chunks.filter { $0.dropRank == nil }, width: width, separator: separator).count
        // Drop decoration until the line takes no more rows than the essentials alone need.
        while flow(chunks, width: width, separator: separator).count > essentialRows,
              let victim = chunks.indices.filter({ chunks[$0].dropRank != nil }).min(by: { chunks[$0].dropRank! < chunks[$1].dropRank! }) {
            chunks.remove(at: victim)
        }
        return Array(flow(chunks, width: width, separator: separator).prefix(maximumRows))
    }

    /// Greedy flow: each chunk goes on the current row if it fits, else starts the next; a chunk wider than a
    /// row is wrapped at spaces (the only case where a chunk is split).
    static func flow(_ chunks: [Chunk], width: Int, separator: String) -> [[(x: Int, text: String, role: Role)]] {
        var rows: [[(x: Int, text: String, role: Role)]] = [[]]
        var x = 0
        for chunk in chunks {
            let lead = x > 0 && chunk.separated ? DisplayText.width(separator) : 0
            if x > 0 && x + lead + chunk.width > width {
                rows.append([])
                x = 0
            }
            if x > 0 && chunk.separated {
                rows[rows.count - 1].append((x, separator, .status))
                x += lead
            }
            if chunk.width <= width - x {
                for segment in chunk.segments {
                    rows[rows.count - 1].append((x, segment.text, segment.role))
                    x += DisplayText.width(segment.text)
                }
                continue
            }
            // Wider than a whole row (a long proposal id or catalog path): wrapped, never cut.
            let text = chunk.segments.map(\.text).joined()
            let role = chunk.segments.first?.role ?? .status
            for (i, piece) in DisplayText.wrap(text, columns: max(1, width)).enumerated() {
                if i > 0 || x > 0 { rows.append([]); x = 0 }
                rows[rows.count - 1].append((0, piece, role))
                x = DisplayText.width(piece)
            }
        }
        return rows
    }

    /// What the line says, in display order.
    static func chunks(_ state: AppState, _ context: ExplorerContext, grid: Grid) -> [Chunk] {
        let policy = state.policy
        let catalog = context.catalog
        var chunks: [Chunk] = []
        chunks.append(Chunk(segments: [(" guest-tiers ", .title)], dropRank: 1, separated: false))
        chunks.append(Chunk(segments: [(" \(state.date) ", .title), (" ", .status)], dropRank: nil, separated: false))
        chunks.append(Chunk(segments: countSegments(state, context, grid: grid), dropRank: 3, separated: false))
        let policyText = state.baseTierOnly ? "base tiers (caps off, B)" : "policy \(catalog.policyDescription(policy))"
        chunks.append(Chunk(segments: [(policyText, .status)], dropRank: nil, separated: true))
        // Derived from the date and the window: useful, but the date and policy already say it.
        let age = policy.ageCap ? "cutoff \(Evaluator.cutoff(state.date, windowYears: policy.windowYears))" : "age cap off"
        chunks.append(Chunk(segments: [(age, .status)], dropRank: 2, separated: true))
        if let arch = state.arch {
            chunks.append(Chunk(segments: [("arch \(arch)", .status)], dropRank: nil, separated: true))
        } else {
            chunks.append(Chunk(segments: [("arch all", .status)], dropRank: 0, separated: true))
        }
        if state.rowFilter != .all {
            chunks.append(Chunk(segments: [("rows: \(rowFilterLabel(state.rowFilter))", .status)], dropRank: nil, separated: true))
        }
        if let proposal = context.evaluator.proposal {
            let opted = context.evaluator.proposalApplies ? "" : " (not opted in)"
            chunks.append(Chunk(segments: [("proposal \(proposal.id)\(opted)", .status)], dropRank: nil, separated: true))
        }
        if let label = Explorer.referenceLabel(state, context) {
            chunks.append(Chunk(segments: [("diff vs \(label)", .status)], dropRank: nil, separated: true))
        }
        chunks.append(Chunk(segments: [(origin(context), .status)], dropRank: nil, separated: true))
        return chunks
    }

    public static func rowFilterLabel(_ filter: RowFilter) -> String {
        switch filter {
        case .all: return "all"
        case .unsupported: return "with an Unsupported cell"
        case .needsSettings: return "needing settings"
        case .changed: return "changed"
        }
    }

    /// The tier counts over every visible cell (not only those on screen, every member of a merged run): by
    /// the engine in one pass. Supported counts twice: by a rule (S!), and only by caps (s).
    static func countSegments(_ state: AppState, _ context: ExplorerContext, grid: Grid) -> [(text: String, role: Role)] {
        let tally = context.evaluator.tierCounts(guests: grid.rows, machines: grid.allColumns, date: state.date, policy: state.shownPolicy)
        let counts = tally.byRank, capped = tally.supportedByCapsOnly
        let chips: [(String, Tier, Int)] = [("R", .recommended, counts[Tier.recommended.rank]),
                                             ("S!", .supported, counts[Tier.supported.rank] - capped),
                                             ("s", .supported, capped), ("U", .unsupported, counts[Tier.unsupported.rank])]
        var segments: [(text: String, role: Role)] = []
        for (mark, tier, count) in chips {
            segments.append((" \(mark) ", .tierChip(tier)))
            segments.append((" \(count) ", .status))
        }
        return segments
    }

    /// The sources by name only (the directory's last component), so that a screenshot does not depend on where
    /// the repository was cloned.
    static func origin(_ context: ExplorerContext) -> String {
        let catalog = context.catalog
        var origin = "catalog " + CatalogLabel.text(catalog)
        if context.hasOsinfoGuests { origin += " + osinfo-db" }
        if let offered = context.evaluator.offered { origin += " + " + offered.shownAs }
        return origin
    }
}
