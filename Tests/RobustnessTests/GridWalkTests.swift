import CatalogLoader
import Foundation
import OsinfoImport
import TierEngine
@testable import TierView
import XCTest
import TestSupport

/// The explorer's per-frame shortcuts against the direct computation they replace, on random walks through
/// states: which rows the row filter keeps and which versions merge into one column (the engine per row and
/// column kind, against comparing every visible cell), the status line's counts (against counting every cell),
/// and the whole screen drawn from either grid.
final class GridWalkTests: XCTestCase {
    nonisolated(unsafe) static var osinfoContext: ExplorerContext?

    func bundledContext(proposal: String? = nil) throws -> ExplorerContext {
        let catalog = try CatalogLoader.load(directory: Corpus.repoRoot.appendingPathComponent("Catalog").path)
        return ExplorerContext(evaluator: Evaluator(catalog: catalog.withPointReleaseRows(), proposal: proposal.flatMap(catalog.proposal)),
                               today: Day("2026-11-26")!)
    }

    /// The bundled catalog with the installed osinfo-db merged, point releases as rows (as `explore --osinfo`).
    func osinfoContext() throws -> ExplorerContext {
        if let known = Self.osinfoContext { return known }
        guard FileManager.default.fileExists(atPath: "/usr/share/osinfo/os") else {
            throw XCTSkip("no osinfo-db at /usr/share/osinfo (apt-get install osinfo-db)")
        }
        let catalog = try CatalogLoader.load(directory: Corpus.repoRoot.appendingPathComponent("Catalog").path)
        let (merged, _) = OsinfoMerge.merge(catalog, with: try OsinfoDatabase.load(directory: "/usr/share/osinfo"))
        let context = ExplorerContext(evaluator: Evaluator(catalog: merged.withPointReleaseRows()), today: Day("2026-11-26")!)
        Self.osinfoContext = context
        return context
    }

    func testBundledCatalogWalk() throws {
        try walk(try bundledContext(), seed: 1, steps: 400)
    }

    func testBundledCatalogWithAProposalWalk() throws {
        try walk(try bundledContext(proposal: "pseries-iommu-5.0"), seed: 2, steps: 200)
    }

    func testFullOsinfoDatabaseWalk() throws {
        try walk(try osinfoContext(), seed: 3, steps: 120)
    }

    /// Random keys (and now and then a far date, a family filter or a guest filter), each state checked.
    func walk(_ context: ExplorerContext, seed: UInt64, steps: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        var random = SplitMix(seed: seed)
        let catalog = context.catalog
        let actions: [Action] = [.shiftDate(months: 1), .shiftDate(months: -1), .shiftDate(months: 12), .shiftDate(months: -12),
                                 .shiftDate(months: 60), .shiftDate(months: -60), .cyclePolicy, .toggleLifecycle, .toggleAgeFrom,
                                 .window(1), .window(-1), .window(-3), .cycleArch, .cycleRowFilter, .toggleHidden,
                                 .toggleBaseTier, .toggleExpandAll, .move(dx: 3, dy: 5), .page(1),
                                 .lastColumn, .firstRow, .pinReference, .today]
        var state = Explorer.begin(AppState(date: Day("2020-03-10")!, policy: catalog.policy("both")!,
                                            size: ScreenSize(width: 120, height: 40)), context)
        var merged = 0, filtered = 0
        for step in 0..<steps {
            switch random.next() % 20 {
            case 0:
                state.date = Day(ordinal: Day("1995-01-01")!.ordinal + Int(random.next() % 16_000))
            case 1:
                let families = catalog.families.filter { _ in random.next() % 3 == 0 }.map(\.id)
                state.filter = CellFilter(families: Set(families))
            case 3:
                // `c` and `v` now and then (merging is off under either, so mostly both off).
                state = Explorer.update(state, random.next() % 2 == 0 ? .toggleCollapse : .toggleEveryVersion, context).state
            case 4, 5:
                if state.collapsed { state = Explorer.update(state, .toggleCollapse, context).state }
                if state.everyVersion { state = Explorer.update(state, .toggleEveryVersion, context).state }
            case 2:
                let guests = catalog.guests.filter { _ in random.next() % 4 == 0 }.map(\.id)
                state.filter = random.next() % 2 == 0 ? CellFilter(guests: Set(guests)) : CellFilter()
            default:
                state = Explorer.update(state, actions[Int(random.next() % UInt64(actions.count))], context).state
            }
            // A date or filter set directly: the cursor and scrolling settle as after any key.
            state = Explorer.update(state, .move(dx: 0, dy: 0), context).state
            let where_ = "step \(step): \(state.date) \(state.shownPolicy) arch \(state.arch ?? "all") rows \(state.rowFilter) "
                + "collapsed \(state.collapsed) every \(state.everyVersion) hidden \(state.showHidden) diff \(state.reference != nil)"
            let fast = Grid(computing: state, context: context, merging: .byKinds)
            let direct = Grid(computing: state, context: context, merging: .byCellKeys)
            XCTAssertEqual(fast.rows, direct.rows, "rows, \(where_)", file: file, line: line)
            XCTAssertEqual(fast.runs, direct.runs, "merged columns, \(where_)", file: file, line: line)
            if fast.runs.count < fast.allColumns.count { merged += 1 }
            if state.rowFilter != .all { filtered += 1 }
            XCTAssertEqual(context.evaluator.tierCounts(guests: direct.rows, machines: direct.allColumns, date: state.date, policy: state.shownPolicy),
                           countedCellByCell(context.evaluator, direct, state), "counts, \(where_)", file: file, line: line)
            // The screen drawn from either grid (the memo hands the frame the one given; the status line's
            // memo is emptied so that it is drawn from that grid too).
            context.gridMemo.remember(direct, for: state)
            context.statusMemo.forget()
            let fromDirect = ExplorerView.frame(state, context)
            context.gridMemo.remember(fast, for: state)
            context.statusMemo.forget()
            XCTAssertEqual(ExplorerView.frame(state, context), fromDirect, "screen, \(where_)", file: file, line: line)
        }
        // The walk went where the shortcuts matter.
        XCTAssertGreaterThan(merged, steps / 3, file: file, line: line)
        XCTAssertGreaterThan(filtered, steps / 10, file: file, line: line)
    }

    func countedCellByCell(_ e: Evaluator, _ grid: Grid, _ state: AppState) -> TierCounts {
        var counts = [0, 0, 0, 0], capsOnly = 0
        for g in grid.rows {
            for m in grid.allColumns {
                let tier = e.tier(guest: g, machine: m, date: state.date, policy: state.shownPolicy)
                counts[tier.rank] += 1
                if tier == .supported, e.baseTier(guest: g, machine: m) == .recommended { capsOnly += 1 }
            }
        }
        return TierCounts(byRank: counts, supportedByCapsOnly: capsOnly)
    }
}
