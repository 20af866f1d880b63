import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whole-process measurements for `bench --compare` and `bench --explorer`: what a user's commands cost next
/// to libosinfo's own `osinfo-query os` on the same database (run alternately in the same loop, so both see
/// the same machine load), and the explorer driven through a pseudo-terminal.
enum ProcessBench {
    /// CPU (user + system), wall time and peak RSS of one child, from wait4's rusage.
    struct Sample {
        var cpuMS: Double
        var wallMS: Double
        var maxRSSMB: Double
    }

    /// Runs `arguments` to completion with stdin and stdout on /dev/null (stderr too unless `keepStderr`).
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Sample {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let start = Bench.now()
        let pid = try spawn(arguments, environment: environment, actions: &actions)
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let wall = Double(Bench.now() - start) / 1e6
        guard (status & 0x7f) == 0, (status >> 8) & 0xff == 0 else {
            throw BenchError("\(arguments.joined(separator: " ")) failed (wait status \(status))")
        }
        func ms(_ t: timeval) -> Double { Double(t.tv_sec) * 1000 + Double(t.tv_usec) / 1000 }
        return Sample(cpuMS: ms(usage.ru_utime) + ms(usage.ru_stime), wallMS: wall, maxRSSMB: Double(usage.ru_maxrss) / 1024)
    }

    static func spawn(_ arguments: [String], environment: [String: String],
                      actions: inout posix_spawn_file_actions_t) throws -> pid_t {
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, arguments[0], &actions, nil, argv, envp)
        guard rc == 0 else { throw BenchError("cannot run \(arguments[0]): \(String(cString: strerror(rc)))") }
        return pid
    }

    static func median(_ values: [Double]) -> Double {
        let v = values.sorted()
        guard !v.isEmpty else { return 0 }
        return v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
    }

    /// One line of the comparison: a command of ours, its target as a multiple of the peer's CPU time.
    struct Case {
        var label: String
        var arguments: [String]
        var target: Double?
    }

    /// Every command the issue names, alternating with the peer in each round; CPU medians and their ratio.
    /// `before`: another guest-tiers binary (a build of an earlier commit) whose same commands run in the same
    /// rounds, so that before → after is measured side by side too.
    static func compare(me: String, before: String?, catalog: [String], database: String, runs: Int, peer: String) throws {
        let osinfo = ["--osinfo", database]
        let date = ["--date", "2026-01-01"]
        var cases: [Case] = [
            Case(label: "bench --once --osinfo (load + evaluate every cell)", arguments: ["bench", "--once"] + osinfo + date, target: 0.5),
        ]
        for format in ["csv", "json", "svg", "html", "text", "markdown", "ansi"] {
            cases.append(Case(label: "render --osinfo --format \(format)", arguments: ["render", "--format", format] + osinfo + date, target: 0.35))
        }
        cases += [
            Case(label: "lint --osinfo", arguments: ["lint"] + osinfo, target: 0.4),
            Case(label: "explain (bundled catalog)", arguments: ["explain", "--guest", "rhel6", "--machine", "pc-q35-4.2"] + date, target: 0.08),
            Case(label: "explain --osinfo", arguments: ["explain", "--guest", "rhel6", "--machine", "pc-q35-4.2"] + osinfo + date, target: 0.3),
        ]
        let binaries = [me] + (before.map { [$0] } ?? [])
        var samples = [[[Sample]]](repeating: [[Sample]](repeating: [], count: cases.count), count: binaries.count)
        var theirs: [Sample] = []
        for _ in 0..<runs {
            theirs.append(try run([peer, "os"], environment: ["OSINFO_SYSTEM_DIR": database]))
            for (i, c) in cases.enumerated() {
                for (b, binary) in binaries.enumerated() { samples[b][i].append(try run([binary] + c.arguments + catalog)) }
            }
        }
        let peerCPU = median(theirs.map(\.cpuMS))
        print("database: \(database); \(runs) rounds, each running osinfo-query os once and every command once\(before == nil ? "" : " with each binary"); CPU (user + system) medians")
        if let before { print("before: \(before)") }
        func column(_ text: String, _ width: Int) -> String { text.count >= width ? text : String(repeating: " ", count: width - text.count) + text }
        func label(_ text: String) -> String { text.padding(toLength: 52, withPad: " ", startingAt: 0) }
        let beforeHeader = before == nil ? "" : column("before ms", 10) + column("× peer", 8)
        print(label("command") + beforeHeader + column("CPU ms", 10) + column("× peer", 8) + "  target")
        print(label("osinfo-query os (the peer)") + (before == nil ? "" : String(repeating: " ", count: 18))
              + column(String(format: "%.1f", peerCPU), 10) + column("1.00", 8))
        for (i, c) in cases.enumerated() {
            let cpu = median(samples[0][i].map(\.cpuMS)), ratio = cpu / peerCPU
            var earlier = ""
            if before != nil {
                let old = median(samples[1][i].map(\.cpuMS))
                earlier = column(String(format: "%.1f", old), 10) + column(String(format: "%.2f", old / peerCPU), 8)
            }
            let verdict = c.target.map { String(format: "≤ %.2f ", $0) + (ratio <= $0 ? "met" : "NOT met") } ?? ""
            print(label(c.label) + earlier + column(String(format: "%.1f", cpu), 10) + column(String(format: "%.2f", ratio), 8) + "  " + verdict)
        }
        if let csv = cases.firstIndex(where: { $0.arguments.starts(with: ["render", "--format", "csv"]) }) {
            let rss = median(samples[0][csv].map(\.maxRSSMB))
            let earlier = before == nil ? "" : String(format: " (before %.1f MB)", median(samples[1][csv].map(\.maxRSSMB)))
            print(String(format: "peak RSS of render --osinfo --format csv: %.1f MB", rss) + earlier + "  target ≤ 40 MB " + (rss <= 40 ? "met" : "NOT met"))
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The explorer in a pseudo-terminal of its own (120×40, TERM=xterm-256color): time to the first frame, and per
/// date step (`]`) the latency to the last byte of the repainted frame, the CPU it cost, the write(2) calls and
/// bytes it took. A frame is complete when nothing more arrives for `settle`.
enum ExplorerBench {
    struct Step {
        var latencyMS: Double
        var bytes: Int
        var writes: Int
    }

    static let settle = 0.040

    static func run(me: String, arguments: [String], steps: Int) throws -> (firstFrameMS: Double, firstFrameCPUMS: Double, firstBytes: Int, steps: [Step], cpuPerStepMS: Double) {
        var master: Int32 = -1, slave: Int32 = -1
        var size = winsize(ws_row: 40, ws_col: 120, ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&master, &slave, nil, nil, &size) == 0 else { throw BenchError("openpty failed") }
        defer { close(master) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in [0, 1, 2] { posix_spawn_file_actions_adddup2(&actions, slave, fd) }
        posix_spawn_file_actions_addclose(&actions, slave)
        posix_spawn_file_actions_addclose(&actions, master)
        let start = Bench.now()
        let pid = try ProcessBench.spawn([me] + arguments, environment: ["TERM": "xterm-256color", "LANG": "C.UTF-8"], actions: &actions)
        close(slave)
        defer {
            var status: Int32 = 0
            kill(pid, SIGTERM)
            waitpid(pid, &status, 0)
        }
        let (firstEnd, firstBytes) = try settled(master, timeout: 20)
        let firstFrame = Double(firstEnd - start) / 1e6
        var results: [Step] = []
        let cpuBefore = cpuMS(pid)
        let firstCPU = cpuBefore
        for _ in 0..<steps {
            let writesBefore = writeCalls(pid)
            var key: UInt8 = UInt8(ascii: "]")
            let sent = Bench.now()
            guard write(master, &key, 1) == 1 else { throw BenchError("cannot write to the explorer's terminal") }
            let (end, bytes) = try settled(master, timeout: 5)
            results.append(Step(latencyMS: Double(end - sent) / 1e6, bytes: bytes, writes: writeCalls(pid) - writesBefore))
        }
        let cpu = (cpuMS(pid) - cpuBefore) / Double(max(1, steps))
        var quit: UInt8 = UInt8(ascii: "q")
        _ = write(master, &quit, 1)
        return (firstFrame, firstCPU, firstBytes, results, cpu)
    }

    /// Reads until the terminal has been quiet for `settle`: the time of the last byte, and how many arrived.
    static func settled(_ fd: Int32, timeout: Double) throws -> (UInt64, Int) {
        var total = 0, last: UInt64 = 0
        let deadline = Bench.now() + UInt64(timeout * 1e9)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while Bench.now() < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(settle * 1000))
            if ready == 0 {
                if total > 0 { return (last, total) }
                continue
            }
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            total += n
            last = Bench.now()
        }
        throw BenchError("the explorer wrote nothing within \(timeout) s (or exited)")
    }

    /// CPU time of a running child: from /proc/PID/schedstat (nanoseconds on the CPU), else user + system from
    /// /proc/PID/stat (clock ticks of 10 ms, too coarse for one date step).
    static func cpuMS(_ pid: pid_t) -> Double {
        if let schedstat = try? String(contentsOfFile: "/proc/\(pid)/schedstat", encoding: .utf8),
           let first = schedstat.split(separator: " ").first, let nanoseconds = Double(first) {
            return nanoseconds / 1e6
        }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command: state is field 3, utime 14 and stime 15 (1-based over the whole line).
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) * 1000 / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// The child's write(2)-family calls so far (/proc/PID/io syscw).
    static func writeCalls(_ pid: pid_t) -> Int {
        guard let io = try? String(contentsOfFile: "/proc/\(pid)/io", encoding: .utf8) else { return 0 }
        for line in io.split(separator: "\n") where line.hasPrefix("syscw:") {
            return Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces)) ?? 0
        }
        return 0
    }
}
