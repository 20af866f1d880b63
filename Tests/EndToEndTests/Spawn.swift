import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs programs with posix_spawnp, an EMPTY signal mask and default signal dispositions. Foundation's `Process`
/// passes the XCTest thread's blocked signals on, and a tmux server started that way (and the explorer under it)
/// would then ignore SIGINT/SIGTERM/SIGCHLD and hang.
enum Spawn {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    enum Output { case file, pipe }

    /// Runs `arguments` to completion; stdin is /dev/null, stdout and stderr are captured.
    static func run(_ arguments: [String], environment: [String: String]? = nil, stdout mode: Output = .file,
                    timeout: TimeInterval = 30) throws -> Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gt-spawn-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let outPath = dir.appendingPathComponent("out").path
        let errPath = dir.appendingPathComponent("err").path

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var pipeFDs: [Int32] = [-1, -1]
        if mode == .pipe {
            guard pipe(&pipeFDs) == 0 else { throw SpawnError.failed("pipe", errno) }
            posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
            posix_spawn_file_actions_addclose(&actions, pipeFDs[0])
            posix_spawn_file_actions_addclose(&actions, pipeFDs[1])
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        }
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = env.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard rc == 0 else { throw SpawnError.failed(arguments[0], rc) }

        var piped = Data()
        if mode == .pipe {
            close(pipeFDs[1])
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = read(pipeFDs[0], &buffer, buffer.count)
                if n <= 0 { break }
                piped.append(contentsOf: buffer[0..<n])
            }
            close(pipeFDs[0])
        }
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0, errno != EINTR { throw SpawnError.failed("waitpid", errno) }
            if Date() > deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw SpawnError.timedOut(arguments.joined(separator: " "))
            }
            usleep(2_000)
        }
        let exit: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let out = mode == .pipe ? String(decoding: piped, as: UTF8.self)
                                : ((try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "")
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return Result(status: exit, stdout: out, stderr: err)
    }

    enum SpawnError: Error, CustomStringConvertible {
        case failed(String, Int32)
        case timedOut(String)
        var description: String {
            switch self {
            case let .failed(what, code): return "\(what) failed: \(String(cString: strerror(code)))"
            case let .timedOut(what): return "timed out: \(what)"
            }
        }
    }

    /// The program's path if it is on PATH.
    static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if access(path, X_OK) == 0 { return path }
        }
        return nil
    }
}
