import Foundation
import TierEngine
import TierView
import XCTest

/// Cause marks, the base-tier key, technical-only changes in P mode and merged columns.
final class CauseAndColumnTests: XCTestCase {
    func grid(_ s: AppState, _ context: ExplorerContext = Fixture.context()) -> Grid { Grid(state: s, context: context) }
    func name(_ m: Int) -> String { Fixture.evaluator.machines[m].name }
    func frameText(_ s: AppState, _ context: ExplorerContext = Fixture.context()) -> String {
        ExplorerView.frame(s, context).lines.joined(separator: "\n")
    }

    func testMarksTellARuleFromACap() {
        XCTAssertEqual(CellMarks.mark(.supported, cause: .rule), "S!")
        XCTAssertEqual(CellMarks.mark(.supported, cause: .caps([.age])), "sa")
        XCTAssertEqual(CellMarks.mark(.supported, cause: .caps([.vendor])), "sv")
        XCTAssertEqual(CellMarks.mark(.supported, cause: .caps([.lifecycle])), "sd")
        XCTAssertEqual(CellMarks.mark(.supported, cause: .caps([.vendor, .age])), "s+")
        XCTAssertEqual(CellMarks.mark(.recommended, cause: nil), "R")
    }

    /// rhel6 at 2020-03-10: S! on q35 (a rule), sa on i440fx (the age cap), in the frame itself; the status line
    /// counts both kinds and they add up to the Supported cells.
    func testTheScreenShowsTheCauseAndTheStatusCountsBoth() throws {
        let s = try Fixture.replay("/rhel6<Enter>", from: Fixture.state(date: "2020-03-10", policy: "age"))
        let row = try XCTUnwrap(frameText(s).split(separator: "\n").first { $0.contains("rhel6 ") })
        XCTAssertTrue(row.contains("sa"), String(row))
        XCTAssertTrue(row.contains("S!"), String(row))
        let status = String(frameText(s).split(separator: "\n")[0])
        let g = grid(s)
        var rule = 0, capped = 0
        let policy = s.policy
        for r in g.rows {
            for m in g.allColumns {
                switch Fixture.evaluator.supportCause(guest: r, machine: m, date: s.date.ordinal,
                                                      cutoff: Evaluator.cutoff(s.date, windowYears: policy.windowYears).ordinal, policy: policy) {
                case .rule?: rule += 1
                case .caps?: capped += 1
                case nil: break
                }
            }
        }
        XCTAssertTrue(status.contains(" S!  \(rule) "), status)
        XCTAssertTrue(status.contains(" s  \(capped) "), status)
        XCTAssertGreaterThan(capped, 0)
    }

    /// B shows the technical base tier alone: no cap letters, and rhel6 on i440fx is Recommended.
    func testBaseTierKeyTurnsEveryCapOffAndBack() throws {
        let s = try Fixture.replay("/rhel6<Enter>", from: Fixture.state(date: "2020-03-10", policy: "both"))
        let base = try Fixture.replay("B", from: s)
        XCTAssertTrue(base.baseTierOnly)
        let row = try XCTUnwrap(frameText(base).split(separator: "\n").first { $0.contains("rhel6 ") })
        XCTAssertFalse(row.contains("sa") || row.contains("sv") || row.contains("s+"), String(row))
        XCTAssertTrue(row.contains(" R "), String(row))
        XCTAssertFalse(try Fixture.replay("B", from: base).baseTierOnly)
    }

    /// The mail's case: rhel6 × pseries-5.0 at 2020-06-01 stays Supported (age cap) but the proposal breaks it
    /// technically; P mode marks it as changed and counts it.
    func testProposalModeCountsTechnicalOnlyChanges() throws {
        let evaluator = Evaluator(catalog: Fixture.catalog, proposal: Fixture.catalog.proposal("pseries-iommu-5.0"))
        let context = ExplorerContext(evaluator: evaluator, today: Fixture.today)
        let s = try Fixture.replay("P", from: Fixture.state(date: "2020-06-01"), context: context)
        let compare = try XCTUnwrap(Explorer.comparisons(s, context))
        let g = try XCTUnwrap(evaluator.guestIndex("rhel6")), m = try XCTUnwrap(evaluator.machineIndex("pseries-5.0"))
        XCTAssertEqual(compare(g, m), .technical(before: .recommended, after: .supported))
        let counts = Explorer.changeCounts(s, context, grid: grid(s, context))
        XCTAssertEqual(counts.tier, 3)
        XCTAssertGreaterThanOrEqual(counts.technical, 5)
        let cursor = try Fixture.replay("/rhel6<Enter>ww", from: s, context: context)
        XCTAssertTrue(frameText(cursor, context).contains("3 visible cells changed, \(counts.technical) technical-only (~)"))
        XCTAssertEqual(name(grid(cursor, context).columns[grid(cursor, context).cursor(cursor).column]), "pseries-5.0")
        XCTAssertTrue(frameText(cursor, context).contains("technical tier Recommended → Supported; the tier stays Supported (capped"))
    }

    /// Identical adjacent versions share a column labelled with their range; v splits them; a merged column
    /// holds only identical cells, and the cursor on any member finds its column.
    func testIdenticalVersionsMergeAndSplit() throws {
        let s = Fixture.state(date: "2020-03-10")
        let merged = grid(s)
        XCTAssertLessThan(merged.columns.count, merged.allColumns.count)
        let policy = s.policy
        for run in merged.runs {
            for m in run.dropFirst() {
                for g in merged.rows {
                    XCTAssertEqual(Fixture.evaluator.tier(guest: g, machine: m, date: s.date, policy: policy),
                                   Fixture.evaluator.tier(guest: g, machine: run[0], date: s.date, policy: policy), "\(name(m))")
                }
            }
        }
        // Adjacent runs of one family differ somewhere (else they would be one).
        let i440fx = merged.runs.firstIndex { name($0[0]).hasPrefix("pc-i440fx") }!
        XCTAssertEqual(merged.label(i440fx, Fixture.context(), dash: "–").from, "1.4–")
        XCTAssertEqual(merged.label(i440fx, Fixture.context(), dash: "–").through, "4.2")
        let every = try Fixture.replay("v", from: s)
        XCTAssertEqual(grid(every).columns.count, grid(every).allColumns.count)
        var onMember = s
        onMember.machine = Fixture.evaluator.machineIndex("pc-i440fx-2.9")!
        XCTAssertEqual(merged.cursor(onMember).column, i440fx)
        // At today's date the first screen at 120×40 shows all five families.
        let today = Fixture.state(date: "2026-11-26")
        let header = String(frameText(today).split(separator: "\n")[1])
        for family in ["pc-i440fx", "pc-q35", "pseries", "virt", "s390-ccw-virtio"] {
            XCTAssertTrue(header.contains(family), "\(family) in \(header)")
        }
    }

    /// Collapsed (one column per family), the explorer's header names every family in full, on two lines.
    func testCollapsedHeaderNamesEveryFamilyUncut() throws {
        for size in ["120x40", "80x24"] {
            let s = try Fixture.replay("c", from: Fixture.state(date: "2020-03-10", size: size))
            let lines = frameText(s).split(separator: "\n").dropFirst().prefix(3).joined(separator: "\n")
            for family in ["pc-i440fx", "pc-q35", "pseries", "virt", "s390-ccw-virtio"] {
                XCTAssertTrue(lines.contains(family), "\(size): \(family) in\n\(lines)")
            }
            XCTAssertFalse(lines.contains("…"), lines)
        }
    }
}
