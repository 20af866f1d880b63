import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The real binary under tmux: what the terminal shows must be what `render` prints for the same keys and size,
/// what `explain` says for the cell, and the terminal must come back intact on every way out.
final class ExplorerEndToEndTests: XCTestCase {
    static let date = "2020-03-10"

    /// `guest-tiers render --view screen` for the same keys and size, as trimmed rows.
    func render(keys: String, size: String = "120x40", extra: [String] = []) throws -> [String] {
        let result = try Binary.run(["render", "--view", "screen", "--keys", keys, "--size", size, "--format", "text",
                                     "--date", Self.date] + extra)
        XCTAssertEqual(result.status, 0, "render failed: \(result.stderr)")
        var lines = result.stdout.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines.map(\.trimmingTrailingSpaces)
    }

    func start(_ extra: [String] = [], width: Int = 120, height: Int = 40, environment: [String: String] = [:]) throws -> Tmux {
        let tmux = try Tmux(arguments: ["--date", Self.date] + extra, width: width, height: height, environment: environment)
        addTeardownBlock { tmux.close() }
        return tmux
    }

    /// Waits until the pane equals `expected`; on failure shows both screens.
    func assertScreen(_ tmux: Tmux, equals expected: [String], _ what: String, file: StaticString = #filePath, line: UInt = #line) throws {
        var (ok, screen) = try tmux.waitFor { $0 == expected }
        if ok {
            // Still so a moment later: not a transient screen (tmux shows a pane's old lines again when it grows,
            // before the explorer repaints).
            usleep(150_000)
            screen = try tmux.capture()
            ok = screen == expected
        }
        if !ok {
            XCTFail("\(what): the terminal differs from render\n--- tmux\n\(screen.joined(separator: "\n"))\n--- render\n\(expected.joined(separator: "\n"))",
                    file: file, line: line)
        }
    }

    // MARK: - Screens

    func testFirstFrameAndKeysMatchHeadlessRender() throws {
        let tmux = try start()
        let first = try render(keys: "")
        try assertScreen(tmux, equals: first, "first frame")
        var script = ""
        for key in ["j", "j", "]", "]"] {
            try tmux.type(key)
            script += key
            try assertScreen(tmux, equals: try render(keys: script), "after \(script)")
        }
        let screen = try tmux.capture()
        XCTAssertNotEqual(screen, first, "keys changed nothing on screen")
        XCTAssertTrue(screen[0].contains("2020-05-10"), "two ] should move the date two months on: \(screen[0])")
        try assertScreen(tmux, equals: try render(keys: "jj]]"), "jj]] at 120x40")
        // More keys: scrolling right, a year back, the help overlay and closing it.
        for key in ["l", "l", "{", "?"] {
            try tmux.type(key)
            script += key
            try assertScreen(tmux, equals: try render(keys: script), "after \(script)")
        }
        try tmux.send("Escape")
        script += "<Esc>"
        try assertScreen(tmux, equals: try render(keys: script), "after \(script)")
        try tmux.send("Down", "Right", "NPage", "Home")
        script += "<Down><Right><PgDn><Home>"
        try assertScreen(tmux, equals: try render(keys: script), "after \(script)")
    }

    func testDetailPaneAgreesWithExplain() throws {
        let tmux = try start()
        let keys = "jjjll]]"
        try tmux.waitForText("guest-tiers")
        try tmux.type(keys)
        try assertScreen(tmux, equals: try render(keys: keys), "after \(keys)")
        let screen = try tmux.capture()
        guard let top = screen.firstIndex(where: { $0.hasPrefix("─ detail") }) else {
            return XCTFail("no detail pane:\n\(screen.joined(separator: "\n"))")
        }
        let heading = screen[top + 1]
        guard let match = heading.range(of: #"\[[^\]]+\] on [^:]+:"#, options: .regularExpression) else {
            return XCTFail("cannot find '[guest] on machine:' in \(heading)")
        }
        let parts = heading[match].dropFirst().dropLast().components(separatedBy: "] on ")
        let (guest, machine) = (parts[0], parts[1])
        let explained = try Binary.run(["explain", "--guest", guest, "--machine", machine, "--date", "2020-05-10", "--format", "text"])
        XCTAssertEqual(explained.status, 0, explained.stderr)
        let explainLines = explained.stdout.components(separatedBy: "\n").filter { !$0.isEmpty }
        XCTAssertTrue(explainLines[0].contains("[\(guest)] on \(machine):"))

        // The pane: the explain lines without sources, wrapped to the width and perhaps cut at the bottom.
        let paneRows = screen[(top + 1)..<(screen.count - 1)].map { String($0.dropFirst()) }
        // The pane puts "why Supported" after the first reason (explain: after the title); compare without it.
        let pane = paneRows.filter { !$0.hasPrefix("why Supported") }.joined().withoutWhitespace
        // explain wraps like `render --view detail`: a source runs on over the lines indented under it.
        var inSource = false
        let compact = explainLines.filter { line in
            if line.hasPrefix("    source: ") { inSource = true; return false }
            if inSource && line.hasPrefix("      ") { return false }
            inSource = false
            // The compact pane leaves out the "as of" line: the status line shows the date and policy.
            return !line.hasPrefix("as of ") && !line.hasPrefix("why Supported")
        }.joined().withoutWhitespace
        XCTAssertFalse(pane.isEmpty)
        XCTAssertTrue(compact.hasPrefix(pane), "pane text is not explain's text:\n--- pane\n\(paneRows.joined(separator: "\n"))\n--- explain\n\(explained.stdout)")
        if !screen[top].contains("more lines") {
            XCTAssertEqual(pane, compact, "the whole explanation fits, so the pane should show all of it")
        }
        XCTAssertTrue(paneRows[0].hasPrefix(explainLines[0]) || explainLines[0].hasPrefix(paneRows[0].trimmingTrailingSpaces),
                      "first line differs: \(paneRows[0]) vs \(explainLines[0])")

        // The full detail view (Enter) shows every line, sources included.
        try tmux.send("Enter")
        try assertScreen(tmux, equals: try render(keys: keys + "<Enter>"), "detail view")
        let overlay = try tmux.capture()
        // The box spans columns 1...118 (border included); column 0 and 119 show the screen under it.
        let body = overlay[2..<(overlay.count - 2)].map { row -> String in
            let characters = Array(row)
            return characters.count > 2 ? String(characters[2..<min(characters.count, 118)]) : ""
        }
        // The full view is explain's text, then the cell's timeline (cut at the bottom where it does not fit).
        let shown = body.joined().withoutWhitespace, explainText = explainLines.joined().withoutWhitespace
        XCTAssertTrue(shown.hasPrefix(explainText) || explainText.hasPrefix(shown),
                       "detail view differs from explain:\n\(overlay.joined(separator: "\n"))\n--- explain\n\(explained.stdout)")
    }

    func testResizeBelowMinimumAndBack() throws {
        let tmux = try start()
        try tmux.waitForText("guest-tiers")
        try tmux.type("jl")
        try assertScreen(tmux, equals: try render(keys: "jl"), "before the resize")
        try tmux.tmux(["resize-window", "-t", tmux.session, "-x", "40", "-y", "10"])
        let (small, screen) = try tmux.waitForText("terminal too small")
        XCTAssertTrue(small, "no 'terminal too small' at 40×10:\n\(screen.joined(separator: "\n"))")
        try assertScreen(tmux, equals: try render(keys: "jl", size: "40x10"), "at 40×10")
        try tmux.tmux(["resize-window", "-t", tmux.session, "-x", "120", "-y", "40"])
        try assertScreen(tmux, equals: try render(keys: "jl"), "back at 120×40")
        try tmux.tmux(["resize-window", "-t", tmux.session, "-x", "90", "-y", "30"])
        try assertScreen(tmux, equals: try render(keys: "jl", size: "90x30"), "at 90×30")
        // q still quits from the small screen.
        try tmux.tmux(["resize-window", "-t", tmux.session, "-x", "30", "-y", "8"])
        try tmux.waitForText("small")
        try tmux.type("q")
        XCTAssertEqual(tmux.exitStatus(), 0)
    }

    // MARK: - Ways out

    func assertRestored(_ tmux: Tmux, file: StaticString = #filePath, line: UInt = #line) {
        let after = tmux.stty("after")
        let words = Set(after.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(String.init))
        XCTAssertTrue(words.contains("icanon") && words.contains("echo"), "terminal not restored:\n\(after)", file: file, line: line)
        XCTAssertEqual(after, tmux.stty("before"), "stty -a differs after the explorer", file: file, line: line)
    }

    func testQuitWithQExitsZeroAndRestoresTerminal() throws {
        let tmux = try start()
        try tmux.waitForText("guest-tiers")
        try tmux.type("q")
        XCTAssertEqual(tmux.exitStatus(), 0)
        assertRestored(tmux)
        let (ok, screen) = try tmux.waitForText("EXIT=0")
        XCTAssertTrue(ok, screen.joined(separator: "\n"))
        XCTAssertFalse(screen.contains { $0.contains("guest \\ machine type") }, "the explorer's screen was left behind")
    }

    func testCtrlCExits130AndRestoresTerminal() throws {
        let tmux = try start()
        try tmux.waitForText("guest-tiers")
        try tmux.send("C-c")
        XCTAssertEqual(tmux.exitStatus(), 130)
        assertRestored(tmux)
    }

    func testSIGTERMAndSIGHUPExit128PlusSignal() throws {
        for (signal, name) in [(SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP")] {
            let tmux = try start()
            try tmux.waitForText("guest-tiers")
            guard let pid = try tmux.programPID() else { throw XCTSkip("cannot find the explorer's pid") }
            XCTAssertEqual(kill(pid, signal), 0)
            XCTAssertEqual(tmux.exitStatus(), 128 + signal, name)
            assertRestored(tmux)
            tmux.close()
        }
    }

    /// A crash (here: the signal a bad pointer or a Swift trap raises) still puts the terminal back, then dies of
    /// that signal (through the Swift backtracer, made non-interactive here).
    func testCrashSignalsRestoreTerminal() throws {
        for (signal, name) in [(SIGSEGV, "SIGSEGV"), (SIGABRT, "SIGABRT"), (SIGILL, "SIGILL")] {
            let tmux = try start(environment: ["SWIFT_BACKTRACE": "interactive=no"])
            try tmux.waitForText("guest-tiers")
            guard let pid = try tmux.programPID() else { throw XCTSkip("cannot find the explorer's pid") }
            XCTAssertEqual(kill(pid, signal), 0)
            XCTAssertEqual(tmux.exitStatus(timeout: 20), 128 + signal, name)
            assertRestored(tmux)
            tmux.close()
        }
    }

    func testNoTerminalExits2WithMessage() throws {
        let binary = try Binary.require()
        let result = try Spawn.run([binary, "--date", Self.date], environment: Tmux.environment, stdout: .pipe, timeout: 10)
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("guest-tiers: no terminal here; use 'guest-tiers render' for output without a terminal"),
                      result.stderr)
        XCTAssertEqual(result.stdout, "", "nothing (no escape codes) on stdout")
        let explore = try Spawn.run([binary, "explore", "--date", Self.date], environment: Tmux.environment, stdout: .pipe, timeout: 10)
        XCTAssertEqual(explore.status, 2)
    }

    // MARK: - Mouse, colour, glyphs

    func testMouseClickSelectsCellAndWheelScrolls() throws {
        let tmux = try start()
        try assertScreen(tmux, equals: try render(keys: ""), "first frame")
        // X10 mouse reports (TERM=tmux-256color: kmous=\E[M): button, column+1, row+1, each plus 32.
        // The cursor cell "[S]" marks where the body starts (row 4, under three header lines); columns are 6 apart.
        let first = try tmux.capture()
        guard let bracket = first[4].firstIndex(of: "[") else { return XCTFail("no cursor cell on row 4: \(first[4])") }
        let bodyLeft = first[4].distance(from: first[4].startIndex, to: bracket)
        func report(_ button: Int, _ x: Int, _ y: Int) -> [UInt8] { [0x1b, 0x5b, 0x4d, UInt8(32 + button), UInt8(33 + x), UInt8(33 + y)] }
        // The third guest, fourth machine type: as if "jjlll" had been pressed.
        let x = bodyLeft + 3 * 6 + 1
        try tmux.sendBytes(report(0, x, 6) + report(3, x, 6))
        try assertScreen(tmux, equals: try render(keys: "jjlll"), "after a click at (\(x), 6)")
        // A click outside the matrix (the status line) changes nothing.
        try tmux.sendBytes(report(0, 2, 0) + report(3, 2, 0))
        try tmux.type("j")
        try assertScreen(tmux, equals: try render(keys: "jjlllj"), "after a click on the status line and j")
        try tmux.type("k")
        // Wheel down scrolls the body three rows and moves the cursor with it: the cursor lands where "jjjjj"
        // would put it, and the first visible row is the fourth guest.
        let top = try render(keys: "")
        let moved = try render(keys: "jjllljjj")
        func heading(_ screen: [String]) -> String? {
            screen.firstIndex { $0.hasPrefix("─ detail") }.map { screen[$0 + 1] }
        }
        func guestName(_ row: String) -> String {
            String(row.prefix(bodyLeft - 1)).split(separator: " ").last.map(String.init) ?? ""
        }
        try tmux.sendBytes(report(65, x, 6))
        let (scrolled, screen) = try tmux.waitFor { heading($0) == heading(moved) && guestName($0[4]) == guestName(top[7]) }
        XCTAssertTrue(scrolled, "after the wheel down: expected \(heading(moved) ?? "-") with \(guestName(top[7])) on top\n\(screen.joined(separator: "\n"))")
        try tmux.sendBytes(report(64, x, 6))   // wheel up
        try assertScreen(tmux, equals: try render(keys: "jjlll"), "after the wheel up")
    }

    func testColourThemesFollowTheTerminalAndNoColor() throws {
        let sgr256 = "48;5;"
        let rich = try start()
        let (ok, screen) = try rich.waitFor(colors: true) { $0.joined().contains(sgr256) }
        XCTAssertTrue(ok, "no 256-colour backgrounds with TERM=tmux-256color:\n\(screen.prefix(5).joined(separator: "\n"))")

        let basic = try start(environment: ["TERM": "screen"])
        try basic.waitForText("guest-tiers")
        let eight = try basic.waitFor(colors: true) { $0.joined().contains("42m") || $0.joined().contains(";42") }
        XCTAssertTrue(eight.ok, "no 8-colour green with TERM=screen:\n\(eight.screen.prefix(5).joined(separator: "\n"))")
        XCTAssertFalse(eight.screen.joined().contains(sgr256))

        for (extra, env) in [(["--no-color"], [String: String]()), ([], ["NO_COLOR": "1"])] {
            let mono = try start(extra, environment: env)
            try assertScreen(mono, equals: try render(keys: ""), "monochrome \(extra) \(env)")
            let text = try mono.capture(colors: true).joined(separator: "\n")
            XCTAssertNil(text.range(of: #"\[[0-9;]*(3[0-7]|4[0-7]|[34]8;5;[0-9]+)[;m]"#, options: .regularExpression),
                         "colours in a monochrome screen (\(extra) \(env))")
            XCTAssertTrue(text.contains("\u{1b}[7m") || text.contains(";7m") || text.contains("[7;"), "no reverse video in monochrome")
        }
    }

    func testASCIIGlyphsWithFlagOrNonUTF8Locale() throws {
        let expected = try render(keys: "j", extra: ["--ascii"])
        XCTAssertFalse(expected.joined().contains("─"))
        let flagged = try start(["--ascii"])
        try flagged.type("j")
        try assertScreen(flagged, equals: expected, "--ascii")
        // In a non-UTF-8 locale the terminal cannot show what is left outside ASCII (catalog text, "−" in reasons):
        // the backend writes "?" for each such character, keeping the columns.
        let posix = try start(environment: ["LANG": "C"])
        try posix.type("j")
        let questioned = expected.map { String($0.unicodeScalars.map { $0.isASCII ? Character($0) : "?" }) }
        try assertScreen(posix, equals: questioned, "LANG=C")
    }
}
