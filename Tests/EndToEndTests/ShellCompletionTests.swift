import Foundation
import XCTest

/// zsh and fish, typed into as a user would (in tmux: their completion needs an interactive line editor), complete
/// guest ids and proposals from the catalog through the scripts `make install` puts under a prefix, which call the
/// installed binary back. (bash, which can be driven without a terminal, is in CommandTests' InstallTests.)
final class ShellCompletionTests: XCTestCase {
    func testZshAndFishCompleteFromTheInstalledCatalog() throws {
        for tool in ["tmux", "zsh", "fish", "make"] where Spawn.which(tool) == nil {
            throw XCTSkip("\(tool) is not installed (.ci/run installs it)")
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gt-completion-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let stage = scratch.appendingPathComponent("stage")
        let install = try Spawn.run(["make", "-s", "-C", root.path, "install", "DESTDIR=\(stage.path)", "BINARY=\(try Binary.require())"],
                                    environment: ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("MAKE") && $0.key != "MFLAGS" })
        XCTAssertEqual(install.status, 0, install.stdout + install.stderr)
        let share = stage.appendingPathComponent("usr/local/share").path
        let shells = [("zsh -f", "fpath=(\(share)/zsh/site-functions $fpath); autoload -U compinit; compinit -u -D"),
                      ("fish --no-config", "source \(share)/fish/vendor_completions.d/guest-tiers.fish")]
        for (shell, setup) in shells {
            let session = try ShellSession(shell: shell, bin: stage.appendingPathComponent("usr/local/bin").path, home: scratch)
            defer { session.close() }
            session.type(setup + "; clear", enter: true)
            Thread.sleep(forTimeInterval: 1.5)
            let guests = try session.typeTab("guest-tiers explain --guest rhel", until: ["rhel6", "rhel10"])
            XCTAssertFalse(guests.contains("almalinux"), "\(shell): \(guests)")
            session.type("C-u", literal: false)
            _ = try session.typeTab("guest-tiers diff --proposal pseries-iommu-s", until: ["pseries-iommu-securevm"])
        }
    }
}

/// One interactive shell in a private tmux server, with the installed bin/ first on PATH and a scratch HOME.
final class ShellSession {
    let socket = "gt-shell-\(getpid())-\(UUID().uuidString.prefix(8))"
    let shell: String

    init(shell: String, bin: String, home: URL) throws {
        self.shell = shell
        let command = "env -u GUEST_TIERS_CATALOG HOME='\(home.path)' XDG_CONFIG_HOME='\(home.path)' XDG_DATA_HOME='\(home.path)' PATH='\(bin)':\"$PATH\" \(shell)"
        let started = try tmux(["new-session", "-d", "-x", "160", "-y", "30", command])
        XCTAssertEqual(started.status, 0, started.stderr)
        Thread.sleep(forTimeInterval: 1)
    }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> Spawn.Result {
        try Spawn.run(["tmux", "-L", socket, "-f", "/dev/null"] + arguments, environment: Tmux.environment, timeout: 10)
    }

    func type(_ keys: String, enter: Bool = false, literal: Bool = true) {
        _ = try? tmux(["send-keys"] + (literal ? ["-l", keys] : [keys]))
        if enter { _ = try? tmux(["send-keys", "Enter"]) }
    }

    /// Types `line` and Tab; the screen once every word of `until` is on it (fails after 20 s).
    func typeTab(_ line: String, until words: [String]) throws -> String {
        type(line)
        try tmux(["send-keys", "Tab"])
        var screen = ""
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            Thread.sleep(forTimeInterval: 0.3)
            screen = try tmux(["capture-pane", "-p"]).stdout
            if words.allSatisfy({ screen.contains($0) }) { return screen }
        }
        XCTFail("\(shell): no \(words) after Tab on '\(line)':\n\(screen)")
        return screen
    }

    func close() { _ = try? tmux(["kill-server"]) }
}
