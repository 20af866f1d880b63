import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The real binary under tmux at 120×40 and 80×24: the date prompt (good and bad input), a click on the slider,
/// a search by name, a jump to a machine type and the row filter show exactly what `render` prints for the same
/// keys. With GUEST_TIERS_E2E_PNG=DIR each end screen is also saved as DIR/<name>.ans (and .png when
/// /work-independent `screen-png` is on PATH), to look at.
final class NavigationEndToEndTests: XCTestCase {
    static let date = "2020-03-10"
    static let today = ["GUEST_TIERS_TODAY": "2026-11-26"]
    let sizes = [(120, 40), (80, 24)]

    func render(keys: String, width: Int, height: Int) throws -> [String] {
        var env = Tmux.environment
        env["GUEST_TIERS_TODAY"] = Self.today["GUEST_TIERS_TODAY"]
        let result = try Spawn.run([try Binary.require(), "render", "--view", "screen", "--keys", keys, "--size", "\(width)x\(height)",
                                    "--format", "text", "--date", Self.date], environment: env)
        XCTAssertEqual(result.status, 0, "render failed: \(result.stderr)")
        var lines = result.stdout.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines.map(\.trimmingTrailingSpaces)
    }

    func start(width: Int, height: Int) throws -> Tmux {
        let tmux = try Tmux(arguments: ["--date", Self.date], width: width, height: height, environment: Self.today)
        addTeardownBlock { tmux.close() }
        _ = try tmux.waitForText(Self.date)
        return tmux
    }

    func assertScreen(_ tmux: Tmux, equals expected: [String], _ what: String, file: StaticString = #filePath, line: UInt = #line) throws {
        var (ok, screen) = try tmux.waitFor { $0 == expected }
        if ok {
            usleep(150_000)
            screen = try tmux.capture()
            ok = screen == expected
        }
        if !ok {
            XCTFail("\(what): the terminal differs from render\n--- tmux\n\(screen.joined(separator: "\n"))\n--- render\n\(expected.joined(separator: "\n"))",
                    file: file, line: line)
        }
    }

    /// Keeps the coloured screen for a human to look at (only when asked for).
    func keep(_ tmux: Tmux, _ name: String) throws {
        guard let directory = ProcessInfo.processInfo.environment["GUEST_TIERS_E2E_PNG"] else { return }
        let ans = URL(fileURLWithPath: directory).appendingPathComponent("\(name).ans")
        try (try tmux.capture(colors: true)).joined(separator: "\n").write(to: ans, atomically: true, encoding: .utf8)
        if let tool = Spawn.which("screen-png") {
            _ = try? Spawn.run([tool, ans.path, ans.deletingPathExtension().appendingPathExtension("png").path],
                               environment: ProcessInfo.processInfo.environment, timeout: 60)
        }
    }

    /// Types `keys` (tmux key names or literal text) and compares with render of `script`.
    func step(_ tmux: Tmux, literal: String? = nil, keys: [String] = [], script: String, size: (Int, Int)) throws {
        if let literal { try tmux.type(literal) }
        if !keys.isEmpty { try tmux.tmux(["send-keys", "-t", tmux.session] + keys) }
        try assertScreen(tmux, equals: try render(keys: script, width: size.0, height: size.1), "\(size.0)x\(size.1) after \(script)")
    }

    func testDatePromptGoodAndBadInput() throws {
        for size in sizes {
            let tmux = try start(width: size.0, height: size.1)
            try step(tmux, literal: "d2021-07", script: "d2021-07", size: size)
            try step(tmux, keys: ["Enter"], script: "d2021-07<Enter>", size: size)
            XCTAssertTrue(try tmux.capture()[0].contains("2021-07-01"))
            try step(tmux, literal: "d-6m", keys: ["Enter"], script: "d2021-07<Enter>d-6m<Enter>", size: size)
            XCTAssertTrue(try tmux.capture()[0].contains("2021-01-01"))
            try step(tmux, literal: "dsoon", keys: ["Enter"], script: "d2021-07<Enter>d-6m<Enter>dsoon<Enter>", size: size)
            let screen = try tmux.capture()
            XCTAssertTrue(screen[0].contains("2021-01-01"), "bad input changes nothing")
            XCTAssertTrue(screen.joined(separator: " ").contains("is not a date; expected YYYY-MM-DD"), screen.joined(separator: "\n"))
            try keep(tmux, "date-prompt-bad-\(size.0)x\(size.1)")
        }
    }

    func testNameSearchMachineJumpAndFilter() throws {
        for size in sizes {
            let tmux = try start(width: size.0, height: size.1)
            try step(tmux, literal: "/RHEL 6", keys: ["Enter"], script: "/RHEL 6<Enter>", size: size)
            XCTAssertTrue(try tmux.capture().joined(separator: "\n").contains("[rhel6] on"))
            try step(tmux, literal: "/q35", keys: ["Enter"], script: "/RHEL 6<Enter>/q35<Enter>", size: size)
            XCTAssertTrue(try tmux.capture().joined(separator: "\n").contains("[rhel6] on pc-q35"))
            try keep(tmux, "search-q35-\(size.0)x\(size.1)")
            try step(tmux, literal: "/", keys: ["Enter"], script: "/RHEL 6<Enter>/q35<Enter>/<Enter>", size: size)
            try step(tmux, literal: "f", script: "/RHEL 6<Enter>/q35<Enter>/<Enter>f", size: size)
            XCTAssertTrue(try tmux.capture().joined(separator: " ").contains("rows: with an Unsupported cell"))
            try keep(tmux, "filter-\(size.0)x\(size.1)")
            try step(tmux, literal: ".", script: "/RHEL 6<Enter>/q35<Enter>/<Enter>f.", size: size)
        }
    }

    func testSliderClickMovesTheDate() throws {
        for size in sizes {
            let tmux = try start(width: size.0, height: size.1)
            let first = try render(keys: "", width: size.0, height: size.1)
            guard let slider = first.firstIndex(where: { $0.contains("▼") }) else { return XCTFail("no slider:\n\(first.joined(separator: "\n"))") }
            try assertScreen(tmux, equals: first, "first frame")
            // X10 mouse reports: button, column+1, row+1, each plus 32. A click near the left end: an earlier date.
            func report(_ button: Int, _ x: Int, _ y: Int) -> [UInt8] { [0x1b, 0x5b, 0x4d, UInt8(32 + button), UInt8(33 + x), UInt8(33 + y)] }
            try tmux.sendBytes(report(0, 10, slider) + report(3, 10, slider))
            let (ok, screen) = try tmux.waitForText("(clicked on the slider)")
            XCTAssertTrue(ok, screen.joined(separator: "\n"))
            let message = screen.first { $0.contains("(clicked on the slider)") } ?? ""
            guard let range = message.range(of: #"\d{4}-\d{2}-\d{2}"#, options: .regularExpression) else { return XCTFail(message) }
            let day = String(message[range])
            XCTAssertLessThan(day, Self.date)
            // Apart from the message, the screen is the one the date prompt gives for that day.
            let expected = try render(keys: "d\(day)<Enter>", width: size.0, height: size.1)
            let hints = expected.count - (expected.lastIndex { !$0.isEmpty && !$0.hasPrefix(" ?") && !$0.hasPrefix(" /") } ?? expected.count - 1)
            XCTAssertEqual(Array(screen.dropLast(max(1, hints - 1))), Array(expected.dropLast(max(1, hints - 1))),
                           "\(size.0)x\(size.1): slider click at column 10 vs d\(day)")
            try keep(tmux, "slider-click-\(size.0)x\(size.1)")
        }
    }
}
