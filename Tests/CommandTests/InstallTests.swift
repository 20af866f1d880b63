import Foundation
import XCTest

/// `make install` into a staging DESTDIR, the installed binary run from elsewhere with only the installed catalog
/// to find, its man page and completions, then `make uninstall` leaving the prefix as it was. Uses the debug
/// binary this test target is built with (`BINARY=`), since a release build takes minutes here; `make install`
/// without it builds in release first.
final class InstallTests: XCTestCase {
    var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("guest-tiers-install-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    func testInstallRunsFromElsewhereAndUninstallLeavesThePrefixAsItWas() throws {
        let stage = scratch.appendingPathComponent("stage")
        let prefix = stage.appendingPathComponent("usr/local")
        // What a prefix holds before: another tool, another man page, an empty completion directory. All stay.
        try write("#!/bin/sh\n", to: prefix.appendingPathComponent("bin/other-tool"))
        try write(".TH OTHER 1\n", to: prefix.appendingPathComponent("share/man/man1/other.1"))
        try FileManager.default.createDirectory(at: prefix.appendingPathComponent("share/zsh/site-functions"), withIntermediateDirectories: true)
        let before = try tree(stage)

        let install = try Shell.run("make", ["-s", "install", "DESTDIR=\(stage.path)", "BINARY=\(BinaryRunner.binary.path)"],
                                    cwd: BinaryRunner.repoRoot)
        XCTAssertEqual(install.status, 0, install.stdout + install.stderr)
        let installed = Set(try tree(stage)).subtracting(before)
        for path in ["usr/local/bin/guest-tiers", "usr/local/share/guest-tiers/Catalog/qemu-releases.yaml",
                     "usr/local/share/guest-tiers/Catalog/guests/redhat.yaml", "usr/local/share/man/man1/guest-tiers.1",
                     "usr/local/share/man/man1/guest-tiers.explain.1",
                     "usr/local/share/bash-completion/completions/guest-tiers", "usr/local/share/zsh/site-functions/_guest-tiers",
                     "usr/local/share/fish/vendor_completions.d/guest-tiers.fish"] {
            XCTAssertTrue(installed.contains(path), "not installed: \(path)")
        }

        // Run from an empty directory, with no GUEST_TIERS_CATALOG: the only catalog to find is the installed one.
        let work = scratch.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let bin = prefix.appendingPathComponent("bin")
        var env = ProcessInfo.processInfo.environment
        env["GUEST_TIERS_CATALOG"] = nil
        env["PATH"] = bin.path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        let exe = bin.appendingPathComponent("guest-tiers").path
        let installedCatalog = prefix.appendingPathComponent("share/guest-tiers/Catalog").path

        let version = try Shell.run(exe, ["--version"], cwd: work, env: env)
        XCTAssertEqual(version.status, 0, version.stderr)
        let lines = version.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3, version.stdout)
        XCTAssertTrue(lines.first?.hasPrefix("guest-tiers ") ?? false, version.stdout)
        let head = try Shell.run("git", ["-C", BinaryRunner.repoRoot.path, "rev-parse", "HEAD"], cwd: work)
        if head.status == 0 {
            XCTAssertTrue(lines[1].hasPrefix("commit " + head.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), lines[1])
        } else {
            XCTAssertTrue(lines[1].hasPrefix("commit "), lines[1])
        }
        let digest = try shellDigest(of: BinaryRunner.repoRoot.appendingPathComponent("Catalog"))
        XCTAssertEqual(lines.last, "catalog \(installedCatalog) sha256:\(digest)")

        let lint = try Shell.run(exe, ["lint"], cwd: work, env: env)
        XCTAssertEqual(lint.status, 0, lint.stdout + lint.stderr)
        XCTAssertTrue(lint.stdout.hasPrefix(installedCatalog + ": ok"), lint.stdout)

        // The installed catalog is the whole bundled one: the same matrix as the build in the tree prints.
        let mail = ["render", "--date", "2020-03-10", "--width", "72"]
        let rendered = try Shell.run(exe, mail, cwd: work, env: env)
        XCTAssertEqual(rendered.status, 0, rendered.stderr)
        XCTAssertEqual(rendered.stdout, try BinaryRunner.run(mail).stdout)
        // Exports name the catalog as --version does (the short digest in text, the whole one in JSON).
        XCTAssertTrue(rendered.stdout.contains("\ncatalog: Catalog sha256:\(digest.prefix(12))\n"), rendered.stdout)
        let json = try Shell.run(exe, ["render", "--format", "json", "--date", "2020-03-10"], cwd: work, env: env)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let catalog = try XCTUnwrap(object["catalog"] as? [String: Any])
        XCTAssertEqual(catalog["name"] as? String, "Catalog")
        XCTAssertEqual(catalog["sha256"] as? String, digest)

        let explain = try Shell.run(exe, ["explain", "--guest", "rhel6", "--machine", "pc-q35-4.2", "--date", "2020-03-10"], cwd: work, env: env)
        XCTAssertEqual(explain.status, 0, explain.stderr)
        XCTAssertTrue(explain.stdout.hasPrefix("Red Hat Enterprise Linux 6 [rhel6] on pc-q35-4.2: Supported"), explain.stdout)

        // The status line names the same digest (a screen wide enough to show the whole line).
        let screen = try Shell.run(exe, ["render", "--view", "screen", "--size", "300x30", "--date", "2020-03-10"], cwd: work, env: env)
        XCTAssertTrue(screen.stdout.split(separator: "\n").first?.contains("catalog Catalog sha256:\(digest.prefix(12))") ?? false,
                      String(screen.stdout.prefix(400)))

        // The man pages render without warnings, from the file and through man's own search of the prefix.
        var manEnv = env
        manEnv["MANPAGER"] = "cat"
        manEnv["MANWIDTH"] = "100"
        let page = prefix.appendingPathComponent("share/man/man1/guest-tiers.1").path
        let man = try Shell.run("man", ["--warnings", "-l", page], cwd: work, env: manEnv)
        XCTAssertEqual(man.status, 0, man.stderr)
        XCTAssertEqual(man.stderr, "")
        for section in ["HOW A TIER IS DECIDED", "GUEST_TIERS_CATALOG", "GUEST_TIERS_TODAY", "NO_COLOR", "EXIT STATUS", "FILES"] {
            XCTAssertTrue(man.stdout.contains(section), "man page lacks \(section)")
        }
        let explainPage = try Shell.run("man", ["-M", prefix.appendingPathComponent("share/man").path, "guest-tiers.explain"], cwd: work, env: manEnv)
        XCTAssertEqual(explainPage.status, 0, explainPage.stderr)
        XCTAssertTrue(explainPage.stdout.contains("--machine"), explainPage.stdout)

        // bash finds the completion, and completes guest ids from the installed catalog by calling the binary.
        let completion = prefix.appendingPathComponent("share/bash-completion/completions/guest-tiers").path
        let complete = try Shell.run("bash", ["-c", "source \(completion); complete -p guest-tiers"], cwd: work, env: env)
        XCTAssertEqual(complete.status, 0, complete.stderr)
        XCTAssertTrue(complete.stdout.contains("-F _guest-tiers guest-tiers"), complete.stdout)
        let guests = try bashComplete(completion, "guest-tiers explain --guest rhel", cwd: work, env: env)
        XCTAssertTrue(guests.contains("rhel6") && guests.contains("rhel8"), "\(guests)")
        XCTAssertTrue(guests.allSatisfy { $0.hasPrefix("rhel") }, "\(guests)")
        let proposals = try bashComplete(completion, "guest-tiers diff --proposal pseries", cwd: work, env: env)
        XCTAssertEqual(Set(proposals), ["pseries-iommu-5.0", "pseries-iommu-securevm"])
        // Families by every name render and diff take; verify takes family ids and versioned names only.
        let families = try bashComplete(completion, "guest-tiers render --family pc", cwd: work, env: env)
        XCTAssertEqual(Set(families), ["pc", "pc-i440fx", "pc-q35"])
        let verifyFamilies = try bashComplete(completion, "guest-tiers verify --family p", cwd: work, env: env)
        XCTAssertEqual(verifyFamilies, ["pseries"])
        let verifyMachines = try bashComplete(completion, "guest-tiers verify --machine pc-q35-9", cwd: work, env: env)
        XCTAssertEqual(Set(verifyMachines), ["pc-q35-9.0", "pc-q35-9.1", "pc-q35-9.2"])

        let uninstall = try Shell.run("make", ["-s", "uninstall", "DESTDIR=\(stage.path)"], cwd: BinaryRunner.repoRoot)
        XCTAssertEqual(uninstall.status, 0, uninstall.stdout + uninstall.stderr)
        XCTAssertEqual(try tree(stage), before)
    }

    /// A fresh prefix: uninstall removes the prefix directory too, since install created it.
    func testUninstallRemovesTheDirectoriesInstallCreated() throws {
        let stage = scratch.appendingPathComponent("stage")
        try FileManager.default.createDirectory(at: stage, withIntermediateDirectories: true)
        for target in [["install", "BINARY=\(BinaryRunner.binary.path)"], ["uninstall"]] {
            let result = try Shell.run("make", ["-s"] + target + ["DESTDIR=\(stage.path)", "PREFIX=/opt/gt"], cwd: BinaryRunner.repoRoot)
            XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        }
        XCTAssertEqual(try tree(stage), ["opt"])
    }

    /// In the tree (no `make install`): the commit is unknown and says why; `--catalog` names another catalog.
    func testVersionOfABuildInTheTree() throws {
        let copy = scratch.appendingPathComponent("My Catalog")
        try FileManager.default.copyItem(at: BinaryRunner.repoRoot.appendingPathComponent("Catalog"), to: copy)
        let before = try BinaryRunner.run(["--version", "--catalog", copy.path])
        XCTAssertEqual(before.status, 0, before.stderr)
        let lines = before.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3, before.stdout)
        XCTAssertEqual(lines[1], "commit unknown (not installed by make install)")
        XCTAssertEqual(lines[2], "catalog \(copy.path) sha256:\(try shellDigest(of: copy))")
        // Any change to a catalog file changes the digest.
        let guests = copy.appendingPathComponent("guests/redhat.yaml")
        try (String(contentsOf: guests, encoding: .utf8) + "\n# edited\n").write(to: guests, atomically: true, encoding: .utf8)
        let after = try BinaryRunner.run(["--version", "--catalog=\(copy.path)"])
        XCTAssertNotEqual(after.stdout, before.stdout)
        XCTAssertEqual(after.stdout.split(separator: "\n").last.map(String.init), "catalog \(copy.path) sha256:\(try shellDigest(of: copy))")
    }

    func testMakeInstallBuildsInReleaseByDefault() throws {
        let dry = try Shell.run("make", ["-n", "install", "DESTDIR=\(scratch.path)"], cwd: BinaryRunner.repoRoot)
        XCTAssertEqual(dry.status, 0, dry.stderr)
        XCTAssertTrue(dry.stdout.contains("swift build -c release --static-swift-stdlib --product guest-tiers"), dry.stdout)
        XCTAssertTrue(dry.stdout.contains("\".build/release/guest-tiers\" \"/usr/local\""), dry.stdout)
    }

    // MARK: helpers

    /// What `bash` offers at the end of `line` (the completion function as the shell calls it on Tab).
    func bashComplete(_ script: String, _ line: String, cwd: URL, env: [String: String]) throws -> [String] {
        let words = line.split(separator: " ").map { "'\($0)'" }.joined(separator: " ")
        let program = """
            source \(script)
            COMP_WORDS=(\(words)); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE='\(line)'; COMP_POINT=${#COMP_LINE}
            _guest-tiers guest-tiers "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let result = try Shell.run("bash", ["-c", program], cwd: cwd, env: env)
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout.split(separator: "\n").map(String.init)
    }

    /// The digest as the man page tells a reader to compute it by hand.
    func shellDigest(of catalog: URL) throws -> String {
        let result = try Shell.run("sh", ["-c", "cd '\(catalog.path)' && find . -type f -name '*.yaml' | LC_ALL=C sort | xargs sha256sum | sha256sum"],
                                   cwd: catalog)
        XCTAssertEqual(result.status, 0, result.stderr)
        return String(result.stdout.prefix(64))
    }

    /// Every file and directory under `root`, relative, sorted.
    func tree(_ root: URL) throws -> [String] {
        let enumerator = try XCTUnwrap(FileManager.default.enumerator(atPath: root.path))
        return (enumerator.allObjects as? [String] ?? []).sorted()
    }

    func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
}

/// Runs a program found on PATH (or at a path) and captures what it prints.
enum Shell {
    static func run(_ program: String, _ arguments: [String], cwd: URL, env: [String: String]? = nil) throws -> BinaryRunner.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        process.currentDirectoryURL = cwd
        var environment = env ?? ProcessInfo.processInfo.environment
        // A make run by `swift test` must not inherit a parent make's jobserver or flags.
        environment["MAKEFLAGS"] = nil
        environment["MFLAGS"] = nil
        environment["MAKELEVEL"] = nil
        process.environment = environment
        // Output to files, not pipes: nothing can fill up and block the child, whatever it prints.
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("guest-tiers-out-\(UUID().uuidString)")
        let err = out.appendingPathExtension("err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let outData = try Data(contentsOf: out), errData = try Data(contentsOf: err)
        return BinaryRunner.Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                                   stderr: String(decoding: errData, as: UTF8.self))
    }
}
