import CSpawn
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Limits for one run of an untrusted program (a `--qemu` binary may be anything).
public struct RunLimits: Sendable {
    /// Seconds from start until the program is stopped (SIGTERM to its process group, then SIGKILL).
    public var timeout: Double
    /// Seconds a program gets between SIGTERM and SIGKILL.
    public var grace: Double
    /// Bytes of stdout and of stderr kept; more, and the program is killed.
    public var maxOutput: Int

    public init(timeout: Double = 10, grace: Double = 1, maxOutput: Int = 4 << 20) {
        self.timeout = timeout
        self.grace = grace
        self.maxOutput = maxOutput
    }
}

/// What a finished run left.
public struct RunOutcome: Sendable {
    /// The exit status, or 128 + the signal number for a program killed by a signal.
    public var status: Int32
    public var signal: Int32?
    public var stdout: Data
    public var stderr: Data
    public var seconds: Double

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// Why a run did not finish normally. `description` completes "'BINARY ARGS' …".
public enum RunFailure: Error, CustomStringConvertible, Equatable, Sendable {
    case cannotStart(String)
    /// Still running at the timeout; `ignoredTerm`: it survived SIGTERM for the grace period and was killed.
    case timedOut(seconds: Double, ignoredTerm: Bool)
    case outputTooLarge(limit: Int)
    /// The program exited but left a process behind that kept its output open (it was killed).
    case leftProcessRunning

    public var description: String {
        switch self {
        case .cannotStart(let why): return "cannot be started: \(why)"
        case .timedOut(let seconds, let ignoredTerm):
            return "did not finish within \(Self.seconds(seconds)) s (stopped\(ignoredTerm ? "; it ignored SIGTERM and was killed" : ""))"
        case .outputTooLarge(let limit):
            return "printed more than \(limit / 1024) KiB (stopped; that is not a QEMU answer)"
        case .leftProcessRunning:
            return "exited but left a process running that held its output open (killed)"
        }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}

/// Runs an untrusted program safely: its own process group, a parent-death signal (it dies with us, even when
/// we are killed with SIGKILL), a hard timeout with SIGTERM then SIGKILL to the whole group, output read with a
/// size bound, and no process of its group left behind when `run` returns.
///
/// `run` is synchronous and must be called from a thread that outlives the run: Linux delivers the parent-death
/// signal when the *thread* that started the child exits.
public enum SafeRunner {
    /// `respond` is called with each complete stdout line (without its line end) and returns bytes to write to
    /// the program's stdin (a conversation, as with QMP); `input` is written first. Without either, stdin is
    /// /dev/null.
    public static func run(_ path: String, _ arguments: [String], input: Data? = nil, limits: RunLimits = RunLimits(),
                           respond: ((Substring) -> Data)? = nil) throws -> RunOutcome {
        let started = Date()
        var run = try Running(path: path, arguments: arguments, interactive: input != nil || respond != nil)
        defer { run.closeAll() }
        if let input { run.pending.append(input) }
        let deadline = started.addingTimeInterval(limits.timeout)
        var exitedAt: Date?
        while true {
            if run.status == nil { run.reap(blocking: false) }
            if run.status != nil && run.outEOF && run.errEOF { break }
            let now = Date()
            if let exited = exitedAt ?? (run.status != nil ? now : nil) {
                exitedAt = exited
                // The program is gone but something still holds its output: a process it left behind.
                if now.timeIntervalSince(exited) > 0.3 {
                    run.killGroup(SIGKILL)
                    throw RunFailure.leftProcessRunning
                }
            }
            if now >= deadline {
                let ignoredTerm = run.stop(grace: limits.grace)
                throw RunFailure.timedOut(seconds: limits.timeout, ignoredTerm: ignoredTerm)
            }
            let wait = min(deadline.timeIntervalSince(now), run.status == nil ? 0.05 : 0.02)
            run.poll(milliseconds: Int32(max(1, wait * 1000)))
            if run.stdout.count > limits.maxOutput || run.stderr.count > limits.maxOutput {
                run.stop(grace: 0)
                throw RunFailure.outputTooLarge(limit: limits.maxOutput)
            }
            if let respond {
                for line in run.takeLines() { run.pending.append(respond(line)) }
            }
        }
        // Anything of its group still alive (it closed its output first) goes too.
        run.killGroup(SIGKILL)
        let status = run.status!
        return RunOutcome(status: status.code, signal: status.signal, stdout: run.stdout, stderr: run.stderr,
                          seconds: Date().timeIntervalSince(started))
    }
}

/// One started program and the parent's ends of its pipes.
private struct Running {
    let pid: pid_t
    var inFD: Int32 = -1, outFD: Int32, errFD: Int32
    var outEOF = false, errEOF = false
    var stdout = Data(), stderr = Data()
    var pending = Data()
    var status: (code: Int32, signal: Int32?)?
    private var lineStart = 0

    init(path: String, arguments: [String], interactive: Bool) throws {
        var outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1], inPair: [Int32] = [-1, -1]
        guard cspawn_pipe(&outPipe) == 0 else { throw RunFailure.cannotStart(String(cString: strerror(errno))) }
        guard cspawn_pipe(&errPipe) == 0 else {
            close(outPipe[0]); close(outPipe[1])
            throw RunFailure.cannotStart(String(cString: strerror(errno)))
        }
        // stdin is a socket pair, not a pipe: writing to a program that has gone away then fails with EPIPE
        // (MSG_NOSIGNAL) instead of raising SIGPIPE in this process.
        let childIn: Int32
        if interactive {
            guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &inPair) == 0 else {
                for fd in outPipe + errPipe { close(fd) }
                throw RunFailure.cannotStart(String(cString: strerror(errno)))
            }
            childIn = inPair[1]
        } else {
            childIn = open("/dev/null", O_RDONLY | O_CLOEXEC)
        }
        var argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) }
        argv.append(nil)
        defer { for p in argv { free(p) } }
        var error: Int32 = 0
        let pid = cspawn_start(path, argv, childIn, outPipe[1], errPipe[1], &error)
        close(childIn)
        close(outPipe[1])
        close(errPipe[1])
        guard pid > 0 else {
            close(outPipe[0]); close(errPipe[0])
            if interactive { close(inPair[0]) }
            throw RunFailure.cannotStart(ExecFailure.explain(path: path, errno: error))
        }
        self.pid = pid
        outFD = outPipe[0]
        errFD = errPipe[0]
        if interactive { inFD = inPair[0] }
        for fd in [outFD, errFD, inFD] where fd >= 0 { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
    }

    /// Waits for readable output or writable input (at most `milliseconds`), then reads and writes what it can.
    mutating func poll(milliseconds: Int32) {
        var fds: [pollfd] = []
        if !outEOF { fds.append(pollfd(fd: outFD, events: Int16(POLLIN), revents: 0)) }
        if !errEOF { fds.append(pollfd(fd: errFD, events: Int16(POLLIN), revents: 0)) }
        if inFD >= 0 && !pending.isEmpty { fds.append(pollfd(fd: inFD, events: Int16(POLLOUT), revents: 0)) }
        if fds.isEmpty {
            // Output is closed, the exit not yet reaped: it is a moment away, so look again soon.
            usleep(UInt32(min(milliseconds, 2)) * 1000)
            return
        }
        guard Glibc.poll(&fds, nfds_t(fds.count), milliseconds) > 0 else { return }
        for entry in fds where entry.revents != 0 {
            if entry.fd == outFD { outEOF = drain(outFD, into: &stdout) }
            else if entry.fd == errFD { errEOF = drain(errFD, into: &stderr) }
            else if entry.fd == inFD { writePending() }
        }
    }

    /// Reads what is there; true at end of file (or an error, which ends the stream just the same).
    private func drain(_ fd: Int32, into data: inout Data) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65536)
        // A few reads per wake-up, so that a flood cannot starve the timeout check.
        for _ in 0..<16 {
            let n = read(fd, &buffer, buffer.count)
            if n > 0 { data.append(buffer, count: n); continue }
            if n == 0 { return true }
            return !(errno == EAGAIN || errno == EINTR)
        }
        return false
    }

    private mutating func writePending() {
        let n = pending.withUnsafeBytes { send(inFD, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if n > 0 { pending.removeFirst(n) }
        else if n < 0 && errno != EAGAIN && errno != EINTR { pending.removeAll() }   // it stopped reading
    }

    /// The complete stdout lines not yet handed out.
    mutating func takeLines() -> [Substring] {
        var lines: [Substring] = []
        let bytes = stdout
        var start = lineStart
        while let newline = bytes[(bytes.startIndex + start)...].firstIndex(of: 0x0A) {
            var end = newline
            if end > bytes.startIndex + start && bytes[end - 1] == 0x0D { end -= 1 }
            lines.append(Substring(String(decoding: bytes[(bytes.startIndex + start)..<end], as: UTF8.self)))
            start = newline - bytes.startIndex + 1
        }
        lineStart = start
        return lines
    }

    mutating func reap(blocking: Bool) {
        var raw: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(pid, &raw, blocking ? 0 : WNOHANG) } while result < 0 && errno == EINTR
        guard result == pid else { return }
        // WIFEXITED / WTERMSIG, spelled out (the C macros do not reach Swift).
        let signal = raw & 0x7f
        status = signal == 0 ? ((raw >> 8) & 0xff, nil) : (128 + signal, signal)
    }

    func killGroup(_ signal: Int32) {
        _ = kill(-pid, signal)
    }

    /// SIGTERM to the group, up to `grace` seconds for it to go, then SIGKILL; the program is reaped.
    /// Returns true when it was still there after the grace (it ignored SIGTERM).
    @discardableResult
    mutating func stop(grace: Double) -> Bool {
        var ignored = false
        if status == nil && grace > 0 {
            killGroup(SIGTERM)
            let until = Date().addingTimeInterval(grace)
            while status == nil && Date() < until {
                usleep(10_000)
                reap(blocking: false)
            }
            ignored = status == nil
        }
        killGroup(SIGKILL)
        if status == nil { reap(blocking: true) }
        return ignored
    }

    mutating func closeAll() {
        if status == nil { stop(grace: 0) }
        for fd in [outFD, errFD, inFD] where fd >= 0 { close(fd) }
        inFD = -1
    }
}
