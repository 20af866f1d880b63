import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The built `guest-tiers` next to this test bundle (SwiftPM builds it because the test target depends on it).
enum Binary {
    static let path: String? = {
        var candidates: [URL] = []
        let bundle = Bundle.main.bundleURL
        candidates.append(bundle.appendingPathComponent("guest-tiers"))
        candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("guest-tiers"))
        if let executable = Bundle.main.executableURL {
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent("guest-tiers"))
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/guest-tiers"))
        return candidates.map(\.standardizedFileURL.path).first { access($0, X_OK) == 0 }
    }()

    static func require() throws -> String {
        guard let path else { throw XCTSkip("guest-tiers binary not found next to the test bundle (\(Bundle.main.bundleURL.path))") }
        return path
    }

    /// Runs the binary to completion (no terminal) with a UTF-8 locale.
    static func run(_ arguments: [String]) throws -> Spawn.Result {
        try Spawn.run([try require()] + arguments, environment: Tmux.environment)
    }
}

/// One tmux server on a private socket with one session running the explorer through a small bash script that
/// records `stty -a` before and after and the exit status.
final class Tmux {
    static let environment: [String: String] = {
        let env = ProcessInfo.processInfo.environment
        return ["PATH": env["PATH"] ?? "/usr/bin:/bin", "HOME": env["HOME"] ?? "/tmp", "LANG": "C.UTF-8",
                "TERM": "xterm-256color", "TMPDIR": env["TMPDIR"] ?? "/tmp"]
    }()

    private static let counter = Counter()
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
    }

    let socket: String
    let directory: URL
    let session = "gt"
    private var closed = false

    /// Starts `guest-tiers <arguments>` in a detached width×height session. `environment` adds to the script's.
    /// `workingDirectory`: where the explorer runs (its `s` screenshots land there).
    init(arguments: [String], width: Int = 120, height: Int = 40, environment: [String: String] = [:],
         workingDirectory: String? = nil) throws {
        guard Spawn.which("tmux") != nil else { throw XCTSkip("tmux is not on PATH") }
        let binary = try Binary.require()
        let n = Tmux.counter.next()
        socket = "gt-test-\(getpid())-\(n)"
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(socket)
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let dir = Tmux.quote(directory.path)
        let exports = (["TERM": "tmux-256color", "LANG": "C.UTF-8"].merging(environment) { $1 })
            .sorted { $0.key < $1.key }.map { "export \($0.key)=\(Tmux.quote($0.value))" }.joined(separator: "\n")
        let script = """
        #!/bin/bash
        unset LC_ALL NO_COLOR
        \(exports)
        \(workingDirectory.map { "cd " + Tmux.quote($0) } ?? "")
        stty -a > \(dir)/stty-before
        \(([binary] + arguments).map(Tmux.quote).joined(separator: " "))
        code=$?
        stty -a > \(dir)/stty-after
        echo "$code" > \(dir)/exit.tmp && mv \(dir)/exit.tmp \(dir)/exit
        echo "EXIT=$code"
        sleep 30

        """
        let scriptPath = directory.appendingPathComponent("run.sh").path
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)",
                  "bash \(Tmux.quote(scriptPath))"])
    }

    deinit { close() }

    func close() {
        guard !closed else { return }
        closed = true
        _ = try? Spawn.run(["tmux", "-L", socket, "kill-server"], environment: Tmux.environment, timeout: 5)
        try? FileManager.default.removeItem(at: directory)
    }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let result = try Spawn.run(["tmux", "-L", socket] + arguments, environment: Tmux.environment, timeout: 10)
        guard result.status == 0 else {
            throw Failure("tmux \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
        }
        return result.stdout
    }

    /// tmux key names (`j`, `Enter`, `C-c`), each one key.
    func send(_ keys: String...) throws { try tmux(["send-keys", "-t", session] + keys) }

    /// Literal text, one key per character.
    func type(_ text: String) throws { try tmux(["send-keys", "-t", session, "-l", text]) }

    /// Raw bytes to the pane, e.g. a mouse report.
    func sendBytes(_ bytes: [UInt8]) throws {
        try tmux(["send-keys", "-t", session, "-H"] + bytes.map { String(format: "%02x", $0) })
    }

    /// What the pane shows, one string per row, trailing blanks removed; with `colors`, SGR escapes kept.
    func capture(colors: Bool = false) throws -> [String] {
        let text = try tmux(["capture-pane", "-p", "-t", session] + (colors ? ["-e"] : []))
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines.map { $0.trimmingTrailingSpaces }
    }

    /// Polls the pane until `predicate` holds (10 s); returns the last capture either way.
    @discardableResult
    func waitFor(timeout: TimeInterval = 10, colors: Bool = false, _ predicate: ([String]) -> Bool) throws -> (ok: Bool, screen: [String]) {
        let deadline = Date().addingTimeInterval(timeout)
        var screen: [String] = []
        while true {
            screen = try capture(colors: colors)
            if predicate(screen) { return (true, screen) }
            if Date() > deadline { return (false, screen) }
            usleep(10_000)
        }
    }

    @discardableResult
    func waitForText(_ text: String, timeout: TimeInterval = 10) throws -> (ok: Bool, screen: [String]) {
        try waitFor(timeout: timeout) { $0.contains { $0.contains(text) } }
    }

    /// The explorer's exit status, once the script has recorded it.
    func exitStatus(timeout: TimeInterval = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        let path = directory.appendingPathComponent("exit").path
        while Date() < deadline {
            if let text = try? String(contentsOfFile: path, encoding: .utf8), let code = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return code
            }
            usleep(10_000)
        }
        return nil
    }

    /// What tmux says of the pane's terminal modes: "alternate-screen cursor-visible mouse-reporting" as 0/1.
    func modes() throws -> String {
        try tmux(["display-message", "-p", "-t", session, "#{alternate_on} #{cursor_flag} #{mouse_any_flag}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func stty(_ which: String) -> String {
        (try? String(contentsOfFile: directory.appendingPathComponent("stty-\(which)").path, encoding: .utf8)) ?? ""
    }

    /// The explorer's pid: the child of the pane's bash.
    func programPID(timeout: TimeInterval = 5) throws -> pid_t? {
        let panePID = try tmux(["display-message", "-p", "-t", session, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let children = try? String(contentsOfFile: "/proc/\(panePID)/task/\(panePID)/children", encoding: .utf8),
               let first = children.split(separator: " ").first, let pid = pid_t(first) {
                return pid
            }
            usleep(10_000)
        }
        return nil
    }

    static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }

    /// The text with every whitespace character removed: wrapping cannot change it.
    var withoutWhitespace: String { String(unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }.map(Character.init)) }
}
