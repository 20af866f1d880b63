import TierEngine
@testable import TierView
import XCTest

/// The pure update function, one test per binding, with the edges.
final class UpdateTests: XCTestCase {
    let context = Fixture.context()

    func grid(_ s: AppState) -> Grid { Grid(state: s, context: context) }

    func testEveryBindingResolvesToItsActionAndIsInTheHelp() {
        let s = Fixture.state()
        let help = ExplorerView.helpLines().map(\.0).joined(separator: "\n")
        for binding in Keymap.bindings {
            XCTAssertTrue(help.contains(binding.help), "help lacks '\(binding.help)'")
            for key in binding.keys {
                XCTAssertEqual(Keymap.action(for: key, in: s), binding.action, "key \(key.label)")
            }
        }
        // No key is bound twice.
        let keys = Keymap.bindings.flatMap(\.keys)
        XCTAssertEqual(keys.count, Set(keys).count)
    }

    func testArrowsAndVimKeysMoveTheCursor() throws {
        let s = Fixture.state()
        let g = grid(s)
        XCTAssertEqual(s.guest, g.rows[0])
        XCTAssertEqual(s.machine, g.columns[0])
        let down = try Fixture.replay("j", from: s)
        XCTAssertEqual(down.guest, g.rows[1])
        XCTAssertEqual(try Fixture.replay("<Down>", from: s).guest, g.rows[1])
        XCTAssertEqual(try Fixture.replay("k", from: down).guest, g.rows[0])
        XCTAssertEqual(try Fixture.replay("<Up>", from: down).guest, g.rows[0])
        let right = try Fixture.replay("l", from: s)
        XCTAssertEqual(right.machine, g.columns[1])
        XCTAssertEqual(try Fixture.replay("<Right>", from: s).machine, g.columns[1])
        XCTAssertEqual(try Fixture.replay("h", from: right).machine, g.columns[0])
        XCTAssertEqual(try Fixture.replay("<Left>", from: right).machine, g.columns[0])
    }

    func testCursorStopsAtTheEdges() throws {
        let s = Fixture.state()
        let g = grid(s)
        XCTAssertEqual(try Fixture.replay("k", from: s).guest, g.rows[0])
        XCTAssertEqual(try Fixture.replay("h", from: s).machine, g.columns[0])
        let bottom = try Fixture.replay("G", from: s)
        XCTAssertEqual(bottom.guest, g.rows.last)
        XCTAssertEqual(try Fixture.replay("j", from: bottom).guest, g.rows.last)
        let right = try Fixture.replay("$", from: s)
        XCTAssertEqual(right.machine, g.columns.last)
        XCTAssertEqual(try Fixture.replay("l", from: right).machine, g.columns.last)
        // Scrolled so the cursor is visible.
        let layout = Layout(s.size)
        let position = g.columns.firstIndex(of: right.machine)!
        XCTAssertTrue((right.left..<(right.left + layout.visibleColumns)).contains(position))
    }

    func testHomeEndAndFirstLastColumn() throws {
        let s = try Fixture.replay("jjjll", from: Fixture.state())
        let g = grid(s)
        XCTAssertEqual(try Fixture.replay("g", from: s).guest, g.rows.first)
        XCTAssertEqual(try Fixture.replay("<Home>", from: s).guest, g.rows.first)
        XCTAssertEqual(try Fixture.replay("<End>", from: s).guest, g.rows.last)
        XCTAssertEqual(try Fixture.replay("0", from: s).machine, g.columns.first)
        XCTAssertEqual(try Fixture.replay("^", from: s).machine, g.columns.first)
    }

    func testPagingMovesByAScreenAndClamps() throws {
        let s = Fixture.state(date: "2026-11-26", size: "100x20")
        let g = grid(s)
        let layout = Layout(s.size)
        XCTAssertGreaterThan(g.rows.count, layout.bodyHeight, "needs more guests than fit")
        let paged = try Fixture.replay("<PgDn>", from: s)
        XCTAssertEqual(paged.guest, g.rows[min(g.rows.count - 1, layout.bodyHeight - 1)])
        XCTAssertEqual(try Fixture.replay("<C-f>", from: s).guest, paged.guest)
        XCTAssertEqual(try Fixture.replay("<Space>", from: s).guest, paged.guest)
        XCTAssertEqual(try Fixture.replay("<PgUp>", from: paged).guest, g.rows[0])
        XCTAssertEqual(try Fixture.replay("<C-b>", from: paged).guest, g.rows[0])
        let far = try Fixture.replay(String(repeating: "<PgDn>", count: 50), from: s)
        XCTAssertEqual(far.guest, g.rows.last)
        XCTAssertLessThanOrEqual(far.top, max(0, g.rows.count - layout.bodyHeight))
    }

    func testFamilyJumps() throws {
        let s = Fixture.state()
        let next = try Fixture.replay("w", from: s)
        XCTAssertEqual(Fixture.machineName(next), "pc-q35-4.2")
        XCTAssertEqual(try Fixture.replay("<Tab>", from: s).machine, next.machine)
        XCTAssertEqual(Fixture.machineName(try Fixture.replay("lb", from: next)), "pc-q35-4.2")
        XCTAssertEqual(Fixture.machineName(try Fixture.replay("b", from: next)), "pc-i440fx-4.2")
    }

    func testDateKeys() throws {
        let s = Fixture.state(date: "2020-01-31")
        XCTAssertEqual(try Fixture.replay("]", from: s).date, Day("2020-02-29"))
        XCTAssertEqual(try Fixture.replay("[", from: s).date, Day("2019-12-31"))
        XCTAssertEqual(try Fixture.replay("}", from: s).date, Day("2021-01-31"))
        XCTAssertEqual(try Fixture.replay("{", from: s).date, Day("2019-01-31"))
        XCTAssertEqual(try Fixture.replay("]]]t", from: s).date, Fixture.today)
    }

    /// `>` lands on a day on which some visible cell changes, and no visible cell changes in between.
    func testNextAndPreviousChangeJumps() throws {
        let s = Fixture.state(date: "2020-03-10")
        let next = try Fixture.replay(">", from: s)
        XCTAssertGreaterThan(next.date, s.date)
        let evaluator = Fixture.evaluator
        func snapshot(_ g: Grid, _ day: Day) -> [Tier] {
            g.rows.flatMap { r in g.columns.map { evaluator.tier(guest: r, machine: $0, date: day, policy: s.policy) } }
        }
        // Compared as Bool so that a failure does not print thousands of tiers.
        XCTAssertTrue(snapshot(grid(s), next.date) != snapshot(grid(s), next.date.adding(days: -1)))
        XCTAssertTrue(snapshot(grid(s), s.date) == snapshot(grid(s), next.date.adding(days: -1)))
        XCTAssertTrue(next.message?.hasPrefix("next tier change: \(next.date): ") ?? false, next.message ?? "")
        // Backwards, the cells visible at the new date count.
        let back = try Fixture.replay("<", from: next)
        XCTAssertLessThan(back.date, next.date)
        let g = grid(next)
        XCTAssertTrue(snapshot(g, back.date) != snapshot(g, back.date.adding(days: -1)))
        XCTAssertTrue(snapshot(g, back.date) == snapshot(g, next.date.adding(days: -1)))
    }

    func testWindowKeysClampAtZero() throws {
        let s = Fixture.state()
        XCTAssertEqual(try Fixture.replay("+", from: s).policy.windowYears, 6)
        XCTAssertEqual(try Fixture.replay("=", from: s).policy.windowYears, 6)
        let shorter = try Fixture.replay("-", from: s)
        XCTAssertEqual(shorter.policy.windowYears, 4)
        XCTAssertEqual(Fixture.catalog.changedKnobs(shorter.policy), PolicyKnobs(windowYears: 4))
        // Back at the preset's value, nothing reads as changed (the old `*` stayed).
        XCTAssertTrue(Fixture.catalog.changedKnobs(try Fixture.replay("-+", from: s).policy).isEmpty)
        XCTAssertEqual(try Fixture.replay(String(repeating: "-", count: 10), from: s).policy.windowYears, 0)
    }

    func testPolicyCycleKeepsTheWindowAndLifecycleToggles() throws {
        var s = try Fixture.replay("--", from: Fixture.state())
        var seen: [String] = [s.policy.id]
        for _ in 0..<4 {
            s = try Fixture.replay("p", from: s)
            seen.append(s.policy.id)
            XCTAssertEqual(s.policy.windowYears, 3)
        }
        XCTAssertEqual(seen, ["both", "vendor", "age", "none", "both"])
        let off = try Fixture.replay("L", from: s)
        XCTAssertFalse(off.policy.lifecycle)
        XCTAssertTrue(try Fixture.replay("LL", from: s).policy.lifecycle)
    }

    func testArchitectureFilterCyclesAndFilters() throws {
        var s = Fixture.state(date: "2024-01-01")
        var archs: [String?] = [s.arch]
        for _ in 0..<context.architectures.count + 1 {
            s = try Fixture.replay("a", from: s)
            archs.append(s.arch)
            let g = grid(s)
            if let arch = s.arch {
                for r in g.rows { XCTAssertTrue(Fixture.catalog.guests[r].arch.contains(arch)) }
                for m in g.columns { XCTAssertTrue(Fixture.evaluator.machines[m].arch.contains(arch)) }
            }
        }
        XCTAssertEqual(archs.first!, nil)
        XCTAssertEqual(archs.last!, nil, "cycles back to all")
        XCTAssertEqual(archs.count - 2, context.architectures.count)
    }

    func testSearchTypingJumpingAndNextPrevious() throws {
        let s = Fixture.state()
        let typing = try Fixture.replay("/rhe", from: s)
        XCTAssertEqual(typing.overlay, .search)
        XCTAssertEqual(typing.searchInput, "rhe")
        XCTAssertEqual(try Fixture.replay("<BS>", from: typing).searchInput, "rh")
        let found = try Fixture.replay("/rhel<Enter>", from: s)
        XCTAssertNil(found.overlay)
        XCTAssertTrue(Fixture.guestID(found).hasPrefix("rhel"))
        let second = try Fixture.replay("n", from: found)
        XCTAssertTrue(Fixture.guestID(second).hasPrefix("rhel"))
        XCTAssertNotEqual(second.guest, found.guest)
        XCTAssertEqual(try Fixture.replay("N", from: second).guest, found.guest)
        // Search by name too, case-insensitively.
        XCTAssertEqual(Fixture.guestID(try Fixture.replay("/WINDOWS 7<Enter>", from: s)), "win7")
        // Esc cancels without moving.
        let cancelled = try Fixture.replay("/rhel<Esc>", from: s)
        XCTAssertNil(cancelled.overlay)
        XCTAssertEqual(cancelled.guest, s.guest)
    }

    func testSearchWithoutMatchSaysSoAndStays() throws {
        let s = try Fixture.replay("jj", from: Fixture.state())
        let none = try Fixture.replay("/no-such-os<Enter>", from: s)
        XCTAssertEqual(none.guest, s.guest)
        XCTAssertEqual(none.message, "no guest or machine type matches 'no-such-os'")
        XCTAssertEqual(try Fixture.replay("n", from: Fixture.state()).message, "no search yet: press / to search")
    }

    func testEmptyGridIsSafeForEveryKey() throws {
        let s = Fixture.state(date: "2000-01-01")
        XCTAssertTrue(grid(s).rows.isEmpty)
        XCTAssertTrue(grid(s).columns.isEmpty)
        let after = try Fixture.replay("jjkkhhll<PgDn><PgUp>gG0$wb/rhel<Enter>nNcu<Enter><Esc>?<Esc>", from: s)
        _ = ExplorerView.frame(after, context)
        let frame = ExplorerView.frame(s, context)
        XCTAssertTrue(frame.lines.joined().contains("no guests to show"))
    }

    func testCollapseShowsTheNewestTypeOfEachFamily() throws {
        let s = try Fixture.replay("c", from: Fixture.state(date: "2020-03-10"))
        let names = grid(s).columns.map { Fixture.evaluator.machines[$0].name }
        XCTAssertEqual(names, ["pc-i440fx-4.2", "pc-q35-4.2", "pseries-4.2", "virt-4.2", "s390-ccw-virtio-4.2"])
        XCTAssertGreaterThan(grid(try Fixture.replay("c", from: s)).columns.count, 5)
    }

    func testShowHiddenAddsUnreleasedRowsAndUnavailableColumns() throws {
        let s = Fixture.state(date: "2020-03-10")
        let shown = try Fixture.replay("u", from: s)
        let ids = grid(shown).rows.map { Fixture.catalog.guests[$0].id }
        XCTAssertTrue(ids.contains("rhel9"))
        XCTAssertFalse(grid(s).rows.map { Fixture.catalog.guests[$0].id }.contains("rhel9"))
        XCTAssertTrue(grid(shown).allColumns.map { Fixture.evaluator.machines[$0].name }.contains("pc-q35-5.0"))
        XCTAssertFalse(grid(s).allColumns.map { Fixture.evaluator.machines[$0].name }.contains("pc-q35-5.0"))
    }

    func testOverlaysOpenAndClose() throws {
        let s = Fixture.state()
        XCTAssertEqual(try Fixture.replay("<Enter>", from: s).overlay, .detail(scroll: 0))
        // A long detail on a short screen scrolls; one that fits does not.
        XCTAssertEqual(try Fixture.replay("/rhel6<Enter>w<Enter>j", from: Fixture.state(size: "80x16")).overlay, .detail(scroll: 1))
        XCTAssertEqual(try Fixture.replay("<Enter>j", from: s).overlay, .detail(scroll: 0))
        XCTAssertNil(try Fixture.replay("<Enter><Esc>", from: s).overlay)
        XCTAssertNil(try Fixture.replay("<Enter><Enter>", from: s).overlay)
        XCTAssertEqual(try Fixture.replay("?", from: s).overlay, .help(scroll: 0))
        XCTAssertEqual(try Fixture.replay("<F1>", from: s).overlay, .help(scroll: 0))
        let closed = try Fixture.run("?q", from: s)
        XCTAssertNil(closed.state.overlay)
        XCTAssertFalse(closed.quit, "q closes help before it quits")
    }

    /// `q`, Ctrl-C and `s` are effects `update` returns, not flags in the state; every other action asks for none.
    func testQuitAndSaveAreEffectsOfUpdate() throws {
        let s = Fixture.state()
        XCTAssertEqual(Explorer.update(s, .quit, context).effects, [.quit])
        XCTAssertEqual(Explorer.update(s, .screenshot, context).effects, [.saveScreen])
        XCTAssertEqual(Explorer.update(s, .quit, context).state, s, "quitting changes nothing on screen")
        XCTAssertEqual(Explorer.update(s, .screenshot, context).state, s)
        for binding in Keymap.bindings where binding.action != .quit && binding.action != .screenshot {
            XCTAssertEqual(Explorer.update(s, binding.action, context).effects, [], "\(binding.action)")
        }
        // Ctrl-C quits from the prompts too, where q is typed.
        let searching = try Fixture.replay("/", from: s)
        XCTAssertEqual(Explorer.update(searching, Keymap.action(for: .ctrl("c"), in: searching)!, context).effects, [.quit])
        XCTAssertEqual(Explorer.update(searching, Keymap.action(for: .char("q"), in: searching)!, context).effects, [])
    }

    /// The replay (the terminal's loop and `render --view screen`) acts on the effects: a quit ends it, later keys
    /// do nothing; a save calls the runner's save once per `s`, with the screen as it is, and shows its message.
    func testTheReplayPerformsTheEffects() throws {
        let s = Fixture.state()
        XCTAssertTrue(try Fixture.run("q", from: s).quit)
        XCTAssertTrue(try Fixture.run("<C-c>", from: s).quit)
        XCTAssertFalse(try Fixture.run("jj", from: s).quit)
        var quitEarly = try Fixture.run("jqjj", from: s)
        XCTAssertEqual(quitEarly.state, try Fixture.replay("j", from: s), "keys after q are not replayed")
        quitEarly.press(.char("j"))
        XCTAssertEqual(quitEarly.state, try Fixture.replay("j", from: s))

        var saved: [AppState] = []
        let shot = try Fixture.run("js]", from: s) { state in
            saved.append(state)
            return "saved here.txt"
        }
        XCTAssertEqual(saved, [try Fixture.replay("j", from: s)], "saved once, the screen as it was at s")
        XCTAssertNil(shot.state.message, "the next key clears the save's message")
        XCTAssertEqual(try Fixture.run("s", from: s) { _ in "saved here.txt" }.state.message, "saved here.txt")
        // Without a save (render): `s` leaves the screen as it was.
        XCTAssertEqual(try Fixture.replay("s", from: s), s)
    }

    func testMouseClickSelectsACellAndWheelScrolls() throws {
        let s = Fixture.state(date: "2026-11-26", size: "100x20")
        let layout = Layout(s.size)
        let g = grid(s)
        let clicked = Explorer.update(s, Keymap.action(for: .click(x: layout.bodyLeft + 2 * Layout.columnWidth + 1, y: layout.bodyTop + 3), in: s)!, context).state
        XCTAssertEqual(clicked.guest, g.rows[3])
        XCTAssertEqual(clicked.machine, g.columns[2])
        // A click outside the body changes nothing.
        XCTAssertEqual(Explorer.update(s, .click(x: 3, y: 0), context).state.guest, s.guest)
        let wheeled = Explorer.update(s, Keymap.action(for: .wheelDown, in: s)!, context).state
        XCTAssertEqual(wheeled.top, 3)
        XCTAssertEqual(Explorer.update(wheeled, Keymap.action(for: .wheelUp, in: wheeled)!, context).state.top, 0)
    }

    func testResizeKeepsTheCursorVisible() throws {
        let s = try Fixture.replay("G$", from: Fixture.state(date: "2026-11-26"))
        let small = Explorer.update(s, .resize(ScreenSize(width: 70, height: 18)), context).state
        let layout = Layout(small.size)
        let (row, column) = grid(small).cursor(small)
        XCTAssertTrue((small.top..<(small.top + layout.bodyHeight)).contains(row))
        XCTAssertTrue((small.left..<(small.left + layout.visibleColumns)).contains(column))
        XCTAssertEqual(small.guest, s.guest)
    }

    func testFiltersKeepTheCursorOnTheSameCellWhenItStaysVisible() throws {
        let s = try Fixture.replay("/rhel8<Enter>w", from: Fixture.state(date: "2022-01-01"))
        XCTAssertEqual(Fixture.guestID(s), "rhel8")
        let later = try Fixture.replay("]", from: s)
        XCTAssertEqual(Fixture.guestID(later), "rhel8")
        XCTAssertEqual(later.machine, s.machine)
    }

    func testDiffModePinsAReferenceAndMarksChangedCells() throws {
        let s = Fixture.state(date: "2020-06-01", policy: "vendor")
        let pinned = try Fixture.replay("D", from: s)
        XCTAssertEqual(pinned.reference, .pinned(date: s.date, policy: s.policy))
        let later = try Fixture.replay("}/rhel6<Enter>", from: pinned)
        let frame = ExplorerView.frame(later, context).lines.joined(separator: "\n")
        XCTAssertTrue(frame.contains("R›S"), "rhel6 loses Recommended after its vendor end")
        XCTAssertTrue(frame.contains("before (2020-06-01, policy vendor): Recommended → now: Supported"))
        XCTAssertTrue(frame.contains("+ vendor: vendor support ended 2020-11-30"))
        XCTAssertNil(try Fixture.replay("D", from: later).reference)
    }

    func testProposalComparisonNeedsAProposal() throws {
        let s = Fixture.state(date: "2020-06-01", policy: "vendor")
        let none = try Fixture.replay("P", from: s)
        XCTAssertNil(none.reference)
        XCTAssertEqual(none.message, "no proposal loaded: start with --proposal ID")
        let proposal = Fixture.catalog.proposal("pseries-iommu-5.0")!
        let withProposal = ExplorerContext(evaluator: Evaluator(catalog: Fixture.catalog, proposal: proposal), today: Fixture.today)
        let compared = try Fixture.replay("P/rhel6<Enter>", from: s, context: withProposal)
        XCTAssertEqual(compared.reference, .withoutProposal)
        XCTAssertEqual(Explorer.referenceTiers(compared, withProposal)?(compared.guest, withProposal.evaluator.machineIndex("pseries-5.0")!),
                       .recommended)
        XCTAssertEqual(withProposal.evaluator.tier(guest: compared.guest, machine: withProposal.evaluator.machineIndex("pseries-5.0")!,
                                                   date: compared.date, policy: compared.policy), .supported)
    }

    /// A context whose rhel6 line has three point releases as rows (as --osinfo gives them).
    func contextWithPointReleases() -> ExplorerContext {
        var catalog = Fixture.catalog
        let index = catalog.guests.firstIndex { $0.id == "rhel6" }!
        let line = catalog.guests[index]
        catalog.guests[index].pointReleases = [("rhel6.0", "2010-11-10"), ("rhel6.1", "2011-05-19"), ("rhel6.10", "2018-06-19")].map {
            PointRelease(id: $0.0, name: "RHEL \($0.0)", released: DatedFact(Day($0.1)!, Provenance("test")), eol: DatedFact(nil, Provenance("test")),
                         arch: line.arch, capabilities: line.capabilities, capabilitiesProvenance: Provenance("test"), provenance: Provenance("test"))
        }
        return ExplorerContext(evaluator: Evaluator(catalog: catalog.withPointReleaseRows()), today: Fixture.today)
    }

    func testExpandShowsALinesPointReleasesUnderItAndCollapses() throws {
        let context = contextWithPointReleases()
        let start = Explorer.begin(Fixture.state(date: "2020-03-10"), context)
        XCTAssertFalse(Grid(state: start, context: context).rows.contains { context.catalog.guests[$0].lineID != nil }, "hidden at first")
        let onLine = try Fixture.replay("/rhel6<Enter>", from: start, context: context)
        let open = try Fixture.replay("x", from: onLine, context: context)
        let rows = Grid(state: open, context: context).rows.map { context.catalog.guests[$0].id }
        let at = rows.firstIndex(of: "rhel6")!
        XCTAssertEqual(Array(rows[at...(at + 3)]), ["rhel6", "rhel6.0", "rhel6.1", "rhel6.10"])
        XCTAssertEqual(open.message, "rhel6: 3 point releases (x hides them)")
        XCTAssertTrue(ExplorerView.frame(open, context).lines.joined(separator: "\n").contains("└rhel6.10"))
        // x on a point release closes its line and puts the cursor back on the line.
        let closed = try Fixture.replay("jjx", from: open, context: context)
        XCTAssertEqual(context.catalog.guests[closed.guest].id, "rhel6")
        XCTAssertFalse(Grid(state: closed, context: context).rows.contains { context.catalog.guests[$0].lineID != nil })
        let all = try Fixture.replay("X", from: start, context: context)
        XCTAssertEqual(all.expanded, ["all"])
        XCTAssertEqual(Grid(state: all, context: context).rows.filter { context.catalog.guests[$0].lineID != nil }.count, 3)
        XCTAssertEqual(try Fixture.replay("XX", from: start, context: context).expanded, [])
    }

    func testExpandWithoutPointReleasesSaysWhereTheyComeFrom() throws {
        let s = try Fixture.replay("x", from: Fixture.state())
        XCTAssertEqual(s.expanded, [])
        XCTAssertTrue(s.message?.contains("they come from --osinfo") ?? false)
    }

    func testOverlaysScrollLikeAPagerWithinTheirText() throws {
        let s = Fixture.state(size: "100x20")
        let limit = ExplorerView.overlayScrollLimit(try Fixture.replay("?", from: s), context)
        XCTAssertGreaterThan(limit, 0, "the help is longer than a 20-row screen")
        let over = try Fixture.replay("?" + String(repeating: "j", count: limit + 20), from: s)
        XCTAssertEqual(over.overlay, .help(scroll: limit), "scrolling stops at the end")
        XCTAssertEqual(try Fixture.replay("k", from: over).overlay, .help(scroll: limit - 1), "k moves at once after over-scrolling")
        XCTAssertEqual(try Fixture.replay("?G", from: s).overlay, .help(scroll: limit))
        XCTAssertEqual(try Fixture.replay("?Gg", from: s).overlay, .help(scroll: 0))
        XCTAssertEqual(try Fixture.replay("?<PgDn><PgDn><PgDn><PgDn>", from: s).overlay, .help(scroll: limit))
        // The matrix cursor does not move under an overlay.
        XCTAssertEqual(try Fixture.replay("?G<Esc>", from: s).guest, s.guest)
    }

    func testCtrlCQuitsEvenFromTheSearchPrompt() throws {
        XCTAssertTrue(try Fixture.run("/rh<C-c>", from: Fixture.state()).quit)
    }

    func testPolicyCycleKeepsExtendedAndAgeFromAndWindowReachesTheCommandLineLimit() throws {
        var s = Fixture.state()
        s.policy.extendedCounts = true
        let cycled = try Fixture.replay("Ap", from: s)
        XCTAssertEqual(cycled.policy.id, "vendor")
        XCTAssertTrue(cycled.policy.extendedCounts)
        XCTAssertEqual(cycled.policy.ageFrom, .latestPointRelease)
        XCTAssertEqual(try Fixture.replay("AA", from: s).policy.ageFrom, .firstRelease)
        XCTAssertTrue(ExplorerView.frame(cycled, context).lines[0].contains("extended"))
        XCTAssertEqual(try Fixture.replay(String(repeating: "+", count: 120), from: s).policy.windowYears, 100)
    }

    func testCapitalTReturnsToTheStartDateAndUnknownKeyNamesAreErrors() throws {
        let s = Fixture.state(date: "2020-03-10")
        XCTAssertEqual(try Fixture.replay("}}]T", from: s).date, Day("2020-03-10"))
        XCTAssertThrowsError(try Key.parseScript("jj<Foo>")) { error in
            XCTAssertTrue("\(error)".contains("unknown key name <Foo>"))
        }
        XCTAssertEqual(try Key.parseScript("<lt>a<"), [.char("<"), .char("a"), .char("<")])
    }

    func testDiffModeDimsUnchangedCellsAndMarksThePinnedDate() throws {
        let pinned = try Fixture.replay("D}", from: Fixture.state(date: "2020-06-01", policy: "vendor"))
        let frame = ExplorerView.frame(pinned, context)
        let layout = Layout(pinned.size)
        let roles = (layout.bodyTop..<(layout.bodyTop + layout.bodyHeight)).flatMap { y in
            (layout.bodyLeft..<frame.width).map { frame[$0, y].role }
        }
        XCTAssertTrue(roles.contains(.dim))
        XCTAssertTrue(roles.contains(.changed))
        XCTAssertTrue(frame.lines[layout.sliderTop].contains("◇"))
    }
}
