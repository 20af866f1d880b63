import Foundation
import TierEngine
import TierView
import XCTest

/// Going anywhere in time (the date prompt, the slider, a cell's own changes), finding anything (guests by id
/// or name, machine types, families), the row filter, and a screen that keeps what matters at 80×24.
final class NavigationTests: XCTestCase {
    let context = Fixture.context()

    func grid(_ s: AppState) -> Grid { Grid(state: s, context: context) }

    // MARK: - Date prompt

    func testDatePromptTakesEveryForm() throws {
        let s = Fixture.state()
        XCTAssertEqual(try Fixture.replay("d2021-07-04<Enter>", from: s).date, Day("2021-07-04"))
        XCTAssertEqual(try Fixture.replay("d2021-07<Enter>", from: s).date, Day("2021-07-01"))
        XCTAssertEqual(try Fixture.replay("d2019<Enter>", from: s).date, Day("2019-01-01"))
        XCTAssertEqual(try Fixture.replay("dtoday<Enter>", from: s).date, Fixture.today)
        XCTAssertEqual(try Fixture.replay("d+1y<Enter>", from: s).date, Day("2021-03-10"))
        XCTAssertEqual(try Fixture.replay("d-6m<Enter>", from: s).date, Day("2019-09-10"))
        XCTAssertEqual(try Fixture.replay("d+2w<Enter>", from: s).date, Day("2020-03-24"))
        // Typing edits: backspace, and `:` opens the same prompt.
        XCTAssertEqual(try Fixture.replay(":2021-07-05<BS>4<Enter>", from: s).date, Day("2021-07-04"))
    }

    func testBadDateSaysWhatItExpectsAndChangesNothing() throws {
        let s = try Fixture.replay("jjl", from: Fixture.state())
        for bad in ["2021-02-29", "soon", "+1q", "2020-3-1"] {
            let after = try Fixture.replay("d\(bad)<Enter>", from: s)
            XCTAssertEqual(after.date, s.date, bad)
            XCTAssertEqual(after.guest, s.guest)
            XCTAssertEqual(after.machine, s.machine)
            XCTAssertEqual(after.policy, s.policy)
            XCTAssertNil(after.overlay)
            XCTAssertTrue(after.message?.contains("is not a date; expected YYYY-MM-DD, YYYY-MM, YYYY, today") ?? false, after.message ?? "")
        }
        // Esc cancels; keys typed into the prompt do not act (q does not quit).
        let cancelled = try Fixture.run("d2030q<Esc>", from: s)
        XCTAssertEqual(cancelled.state.date, s.date)
        XCTAssertFalse(cancelled.quit)
    }

    // MARK: - Slider

    func testSliderClickMovesTheDateToTheDayUnderTheClick() throws {
        let s = Fixture.state()
        let layout = Explorer.layout(s, context)
        let scale = SliderScale(s)
        for x in [0, 7, 60, 119] {
            let clicked = Explorer.update(s, .click(x: x, y: layout.sliderTop), context).state
            XCTAssertEqual(scale.column(clicked.date), x, "the clicked column's first day")
            XCTAssertEqual(Explorer.update(s, .click(x: x, y: layout.sliderTop + 1), context).state.date, clicked.date, "the year row too")
        }
        // The date's own column gives back a day in that column.
        let own = try XCTUnwrap(scale.column(s.date))
        XCTAssertEqual(scale.column(Explorer.update(s, .click(x: own, y: layout.sliderTop), context).state.date), own)
    }

    // MARK: - A cell's own changes

    func testCellChangeKeysFollowThisCellOnly() throws {
        // rhel6 on pc-i440fx-4.2 under vendor: Recommended until 2020-11-30, Supported from 2020-12-01.
        let s = try Fixture.replay("/rhel6<Enter>", from: Fixture.state(policy: "vendor"))
        XCTAssertEqual(Fixture.guestID(s), "rhel6")
        let machine = s.machine
        let next = try Fixture.replay(".", from: s)
        XCTAssertEqual(next.date, Day("2020-12-01"))
        XCTAssertEqual(next.machine, machine)
        XCTAssertTrue(next.message?.contains("rhel6 on \(Fixture.machineName(s)): 2020-12-01 Recommended → Supported") ?? false, next.message ?? "")
        let e = Fixture.evaluator
        let g = s.guest
        XCTAssertNotEqual(e.tier(guest: g, machine: machine, date: next.date, policy: s.policy),
                          e.tier(guest: g, machine: machine, date: next.date.adding(days: -1), policy: s.policy))
        // Back: `,` from the change day goes to the change before it (the machine type's release).
        let back = try Fixture.replay(",", from: next)
        XCTAssertLessThan(back.date, next.date)
        XCTAssertEqual(back.date, e.machines[machine].released.day)
    }

    // MARK: - Search

    func testSearchFindsNamesIgnoringCaseAndSpaces() throws {
        let s = Fixture.state()
        XCTAssertEqual(Fixture.guestID(try Fixture.replay("/RHEL 6<Enter>", from: s)), "rhel6")
        XCTAssertEqual(Fixture.guestID(try Fixture.replay("/windows 10<Enter>", from: s)), "win10")
        XCTAssertEqual(Fixture.guestID(try Fixture.replay("/Debian 10<Enter>", from: Fixture.state(date: "2024-01-01"))), "debian10")
    }

    func testSearchJumpsToMachineTypesAndFamilies() throws {
        // One column per version (v), so that every machine type is its own column.
        let s = try Fixture.replay("v", from: Fixture.state())
        let q35 = try Fixture.replay("/q35<Enter>", from: s)
        XCTAssertEqual(Fixture.machineName(q35), "pc-q35-4.2", "the family's newest type at the date")
        XCTAssertEqual(q35.guest, s.guest, "a column search keeps the row")
        XCTAssertEqual(Fixture.machineName(try Fixture.replay("/q35<Enter>n", from: s)), "pc-q35-4.1")
        XCTAssertEqual(Fixture.machineName(try Fixture.replay("/Q35<Enter>N", from: s)), "pc-q35-2.4", "N wraps to the family's last")
        // With identical versions merged, the found type's column is selected.
        let merged = try Fixture.replay("/pc-i440fx-2.4<Enter>", from: Fixture.state())
        let g = grid(merged)
        XCTAssertTrue(g.runs[g.cursor(merged).column].contains(Fixture.evaluator.machineIndex("pc-i440fx-2.4")!))
        XCTAssertEqual(Fixture.machineName(try Fixture.replay("/pc-i440fx-2.4<Enter>", from: s)), "pc-i440fx-2.4")
        XCTAssertEqual(Fixture.machineName(try Fixture.replay("/pseries<Enter>", from: s)), "pseries-4.2")
        // The frame shows the found column.
        let frame = ExplorerView.frame(q35, context)
        XCTAssertTrue(frame.lines[1].contains("│pc-q35"), frame.lines[1])
    }

    func testEmptySearchRepeatsTheLastOneAndNCycles() throws {
        let s = Fixture.state(date: "2024-01-01")
        let first = try Fixture.replay("/rhel<Enter>", from: s)
        let second = try Fixture.replay("n", from: first)
        XCTAssertNotEqual(first.guest, second.guest)
        XCTAssertEqual(try Fixture.replay("/<Enter>", from: first).guest, second.guest, "empty / + Enter is n")
        XCTAssertEqual(try Fixture.replay("N", from: second).guest, first.guest)
        XCTAssertTrue(Fixture.guestID(second).hasPrefix("rhel"))
    }

    // MARK: - Row filter

    func testRowFilterNarrowsRowsAndCyclesBack() throws {
        let s = Fixture.state(date: "2024-01-01")
        let all = grid(s).rows
        let unsupported = try Fixture.replay("f", from: s)
        XCTAssertEqual(unsupported.rowFilter, .unsupported)
        let rows = grid(unsupported).rows
        XCTAssertFalse(rows.isEmpty)
        XCTAssertLessThan(rows.count, all.count)
        let columns = grid(unsupported).columns
        let e = Fixture.evaluator
        for g in all {
            let has = columns.contains { e.tier(guest: g, machine: $0, date: s.date, policy: s.policy) == .unsupported }
            XCTAssertEqual(rows.contains(g), has, Fixture.catalog.guests[g].id)
        }
        let settings = try Fixture.replay("ff", from: s)
        XCTAssertEqual(settings.rowFilter, .needsSettings)
        for g in grid(settings).rows {
            XCTAssertTrue(columns.contains { e.baseTier(guest: g, machine: $0) == .supported })
        }
        // Without diff mode, "changed" is skipped.
        XCTAssertEqual(try Fixture.replay("fff", from: s).rowFilter, .all)
        // In diff mode it keeps exactly the rows with a changed cell.
        let diff = try Fixture.replay("D}}fff", from: s)
        XCTAssertEqual(diff.rowFilter, .changed)
        let reference = try XCTUnwrap(Explorer.referenceTiers(diff, context))
        for g in grid(diff).rows {
            XCTAssertTrue(grid(diff).columns.contains { m in
                let now = e.tier(guest: g, machine: m, date: diff.date, policy: diff.policy)
                return reference(g, m) != now && now.isSupportTier && reference(g, m).isSupportTier
            })
        }
        XCTAssertTrue(ExplorerView.frame(diff, context).lines[0].contains("rows: changed"))
    }

    // MARK: - 80×24 and overlays

    func testEightyByTwentyFourShowsTheTierAndFirstReason() throws {
        let s = try Fixture.replay("/rhel6<Enter>w", from: Fixture.state(size: "80x24"))
        let text = ExplorerView.frame(s, context).lines.joined(separator: "\n")
        XCTAssertTrue(text.contains("Red Hat Enterprise Linux 6 [rhel6] on pc-q35-4.2: Supported"), text)
        XCTAssertTrue(text.contains("! rule: virtio devices on PCI Express root ports"), text)
        XCTAssertTrue(text.contains("q quit"), "the footer wraps instead of losing keys:\n\(text)")
    }

    func testLastColumnIsWholeOrNotDrawn() throws {
        for width in 60...140 {
            let s = Fixture.state(size: "\(width)x30")
            let layout = Explorer.layout(s, context)
            XCTAssertLessThanOrEqual(layout.bodyLeft + layout.visibleColumns * Layout.columnWidth, width + 1, "width \(width)")
        }
    }

    func testOverlaysCoverTheMatrixCompletely() throws {
        for size in ["80x24", "120x40", "60x16", "200x50"] {
            for keys in ["?", "<Enter>"] {
                let s = try Fixture.replay(keys, from: Fixture.state(size: size))
                let frame = ExplorerView.frame(s, context)
                let statusRows = Explorer.layout(s, context).statusRows
                for y in statusRows..<frame.height {
                    for x in 0..<frame.width where !frame[x, y].isContinuation {
                        let role = frame[x, y].role
                        XCTAssertTrue([Role.overlay, .overlayTitle, .tier(.supported), .tier(.recommended), .tier(.unsupported), .dim, .changed].contains(role),
                                      "\(size) \(keys): matrix left at (\(x), \(y)): \(frame.lines[y])")
                    }
                }
                XCTAssertTrue(frame.lines[statusRows].hasPrefix(context.glyphs.topLeft) || keys == "?", "\(size) \(keys)")
            }
        }
    }

    func testHelpLegendsWrapInsteadOfBeingCut() throws {
        for size in ["80x24", "120x40"] {
            var s = try Fixture.replay("?", from: Fixture.state(size: size))
            var seen = ""
            for _ in 0..<20 {
                seen += ExplorerView.frame(s, context).lines.joined(separator: "\n")
                s = try Fixture.replay("<PgDn>", from: s)
            }
            let flat = seen.split(whereSeparator: { $0 == "\n" || $0 == "│" || $0 == " " }).joined(separator: " ")
            XCTAssertTrue(flat.contains("× unavailable blank: other architecture"), size)
            XCTAssertTrue(flat.contains("┴ QEMU releases"), size)
        }
    }
}
