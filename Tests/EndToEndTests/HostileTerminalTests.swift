import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Issue 14's terminal rows under tmux: every terminating signal restores the terminal, TERM=dumb is refused,
/// a dangling symlink does not block `s`, and a catalog poisoned with escapes paints no escape of its own.
final class HostileTerminalTests: XCTestCase {
    static let date = "2020-03-10"

    func start(_ extra: [String] = [], environment: [String: String] = [:], workingDirectory: String? = nil) throws -> Tmux {
        let tmux = try Tmux(arguments: ["--date", Self.date] + extra, environment: environment, workingDirectory: workingDirectory)
        addTeardownBlock { tmux.close() }
        return tmux
    }

    func assertRestored(_ tmux: Tmux, _ what: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let after = tmux.stty("after")
        XCTAssertEqual(after, tmux.stty("before"), "\(what): stty -a differs after the explorer", file: file, line: line)
        let (ok, screen) = try tmux.waitForText("EXIT=")
        XCTAssertTrue(ok, "\(what): the script did not finish", file: file, line: line)
        // Out of the alternate screen, cursor visible, no mouse reporting (0 1 0).
        XCTAssertEqual(try tmux.modes(), "0 1 0", "\(what): terminal modes after exit", file: file, line: line)
        XCTAssertFalse(screen.contains { $0.contains("guest \\ machine type") || $0.contains("Backtrace") || $0.contains("Crash") },
                       "\(what): the explorer's screen or a crash report was left:\n\(screen.joined(separator: "\n"))", file: file, line: line)
    }

    // Row 12: SIGQUIT (Ctrl-\) put Swift's crash report over the screen; SIGPIPE, SIGUSR1, SIGALRM left it raw.
    func testEveryTerminatingSignalRestoresTheTerminal() throws {
        for (signal, name) in [(SIGQUIT, "SIGQUIT"), (SIGPIPE, "SIGPIPE"), (SIGUSR1, "SIGUSR1"), (SIGUSR2, "SIGUSR2"), (SIGALRM, "SIGALRM")] {
            let tmux = try start()
            try tmux.waitForText("policy both")
            let pid = try XCTUnwrap(try tmux.programPID(), "the explorer's pid")
            let started = Date()
            XCTAssertEqual(kill(pid, signal), 0)
            XCTAssertEqual(tmux.exitStatus(timeout: 10), 128 + signal, name)
            XCTAssertLessThan(Date().timeIntervalSince(started), 3, "\(name): no 30 s backtrace pause")
            try assertRestored(tmux, name)
            tmux.close()
        }
    }

    func testCtrlBackslashQuitsCleanly() throws {
        let tmux = try start()
        try tmux.waitForText("policy both")
        try tmux.send("C-\\")
        XCTAssertEqual(tmux.exitStatus(timeout: 10), 128 + SIGQUIT)
        try assertRestored(tmux, "Ctrl-\\")
    }

    // Row 17: TERM=dumb started an unusable explorer.
    func testDumbTerminalExits2PointingToRender() throws {
        let tmux = try start(environment: ["TERM": "dumb"])
        XCTAssertEqual(tmux.exitStatus(), 2)
        let (ok, screen) = try tmux.waitForText("EXIT=2")
        XCTAssertTrue(ok, screen.joined(separator: "\n"))
        XCTAssertTrue(screen.contains { $0.contains("guest-tiers: the terminal type 'dumb' (TERM) cannot show the explorer; use 'guest-tiers render'") },
                      screen.joined(separator: "\n"))
    }

    // Row 18: a dangling symlink named guest-tiers-screen.txt blocked `s` forever ("File exists").
    func testSaveSkipsADanglingSymlink() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gt-save-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("guest-tiers-screen.txt").path,
                                                   withDestinationPath: "/nonexistent/target")
        let tmux = try start(workingDirectory: dir.path)
        try tmux.waitForText("policy both")
        try tmux.type("s")
        let (ok, screen) = try tmux.waitForText("saved guest-tiers-screen-2.txt and guest-tiers-screen-2.svg")
        XCTAssertTrue(ok, screen.joined(separator: "\n"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("guest-tiers-screen-2.svg").path))
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: dir.appendingPathComponent("guest-tiers-screen.txt").path)
        XCTAssertEqual(link, "/nonexistent/target", "the symlink is left alone")
        try tmux.type("q")
        XCTAssertEqual(tmux.exitStatus(), 0)
    }

    /// A catalog with escapes in a family alias and pattern, a policy id and the directory's name (the fields
    /// that reached Frame.put unsanitised): the terminal shows U+FFFD, never a sequence of the catalog's.
    func testPoisonedCatalogPaintsNoEscapeOfItsOwn() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("gt-poison-\(UUID().uuidString)")
        let catalog = root.appendingPathComponent("evil\u{1B}]2;pwned\u{7}dir")
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("CatalogLoaderTests/Fixtures/minimal")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.copyItem(at: source, to: catalog)
        func poison(_ file: String, _ old: String, _ new: String) throws {
            let url = catalog.appendingPathComponent(file)
            let text = try String(contentsOf: url, encoding: .utf8)
            XCTAssertTrue(text.contains(old), "\(file) has no \(old)")
            try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
        }
        try poison("machine-families.yaml", "alias: q35", #"alias: "q35\e[2J\e[41mRED""#)
        try poison("machine-families.yaml", #"pattern: "pc-q35-{v}""#, #"pattern: "pc-q35\e[5m-{v}""#)
        let tmux = try start(["--catalog", catalog.path])
        let (ok, screen) = try tmux.waitForText("policy both")
        XCTAssertTrue(ok, screen.joined(separator: "\n"))
        // Interpreted, an escape leaves no text behind; replaced, it shows as U+FFFD and the rest of it.
        let text = screen.joined(separator: "\n")
        XCTAssertTrue(text.contains("evil\u{FFFD}]2;pwned\u{FFFD}dir"), "the directory name's OSC is not shown as U+FFFD:\n\(text)")
        XCTAssertFalse(text.contains("RED") && !text.contains("\u{FFFD}[41mRED"), "the alias's SGR was interpreted:\n\(text)")
        let painted = try tmux.capture(colors: true).joined(separator: "\n")
        XCTAssertFalse(painted.contains("\u{1B}[5m") || painted.contains("\u{1B}[2J") || painted.contains("\u{1B}]2;"),
                       "a sequence from the catalog reached the terminal")
        let title = try tmux.tmux(["display-message", "-p", "-t", tmux.session, "#{pane_title}"])
        XCTAssertFalse(title.contains("pwned"), "the window title was set by the catalog's directory name")
        try tmux.type("q")
        XCTAssertEqual(tmux.exitStatus(), 0)
    }
}
