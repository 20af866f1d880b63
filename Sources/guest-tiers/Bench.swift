import ArgumentParser
import Foundation
import TierEngine
import TierView

/// `guest-tiers bench`: the figures BENCHMARKS.md quotes, as medians over repeated runs. Build with
/// `swift build -c release` first; a debug build is several times slower and says so.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure loading, evaluating, sweeping dates and drawing frames (medians over runs).",
        discussion: """
        With --osinfo the full osinfo-db is loaded too (hundreds of guests). --once loads and evaluates every cell
        at one date once and exits. --compare runs the commands users run (render in every format, lint, explain,
        --once) alternately with libosinfo's 'osinfo-query os' and prints each CPU ratio with the issue's target;
        --explorer drives the explorer in a pseudo-terminal; --scale N times an N× synthetic catalog.
        """)

    @OptionGroup var catalogOptions: CatalogOptions

    @Option(help: "Runs per figure (the median is reported).")
    var runs: Int = 9

    @Option(help: ArgumentHelp("The date evaluated, YYYY-MM-DD (default 2026-01-01, fixed so runs compare).", valueName: "date"),
            transform: parseDay)
    var date = Day(year: 2026, month: 1, day: 1)!

    @Flag(help: "Load and evaluate once, print one line, exit.")
    var once = false

    @Option(help: ArgumentHelp("Only this many date steps after loading (for a profiler such as valgrind --tool=callgrind).", valueName: "n"))
    var stepsOnly: Int?

    @Flag(help: "Time this binary's commands (render in every format, lint, explain, --once) against 'osinfo-query os' on the same database, alternately, and print each CPU ratio with its target.")
    var compare = false

    @Option(help: ArgumentHelp("With --compare: also run this guest-tiers binary's commands in the same rounds (a build of the commit before a change), for before → after side by side.", valueName: "binary"))
    var before: String?

    @Flag(help: "Drive the explorer in a pseudo-terminal: first frame, and per date step the latency, CPU, write(2) calls and bytes.")
    var explorer = false

    @Option(help: ArgumentHelp("Build an N× synthetic catalog in memory (N copies of every guest and of every machine-type family: N² × the cells) and time load, evaluation and date steps on it.", valueName: "n"))
    var scale: Int?

    func validate() throws {
        guard (1...1000).contains(runs) else { throw ValidationError("--runs must be from 1 to 1000") }
        if let scale, !(1...100).contains(scale) { throw ValidationError("--scale must be from 1 to 100") }
    }

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Median wall time of `body` in milliseconds.
    static func median(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
        var times: [Double] = []
        for _ in 0..<runs {
            let start = now()
            try body()
            times.append(Double(now() - start) / 1e6)
        }
        times.sort()
        return times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
    }

    static func peakMemoryMB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024   // Linux reports KiB
    }

    func run() throws {
        let day = date
        if compare { return try compareWithOsinfoQuery() }
        if explorer { return try measureExplorer() }
        if let scale { return try measureScale(scale, day: day) }
        if once {
            let catalog = try catalogOptions.load()
            let evaluator = Evaluator(catalog: catalog)
            let tiers = evaluator.tiers(at: day, policy: catalog.policy("both") ?? Policy(id: "both", vendorCap: true, ageCap: true))
            print("\(catalog.guests.count) guests × \(evaluator.machineTypeCount) machine types = \(tiers.count) cells")
            return
        }
        if let stepsOnly {
            let catalog = try catalogOptions.load().withPointReleaseRows()
            let evaluator = Evaluator(catalog: catalog)
            let context = ExplorerContext(evaluator: evaluator, today: day)
            var state = Explorer.begin(AppState(date: day, policy: catalog.policy("both")!, size: ScreenSize(width: 120, height: 40)), context)
            var cells = 0
            for _ in 0..<stepsOnly {
                state = Explorer.update(state, .shiftDate(months: 1), context).state
                cells &+= ExplorerView.frame(state, context).cells.count
            }
            print("\(stepsOnly) date steps, \(catalog.guests.count) guests (point releases as rows), \(cells) cells drawn")
            return
        }
        #if DEBUG
        print("warning: this is a debug build; the figures in BENCHMARKS.md come from `swift build -c release`")
        #endif
        var catalog: Catalog?
        let load = try Self.median(runs) { catalog = try catalogOptions.load() }
        guard let catalog else { return }
        let policy = catalog.policy("both") ?? Policy(id: "both", vendorCap: true, ageCap: true)
        var evaluator: Evaluator?
        let build = Self.median(runs) { evaluator = Evaluator(catalog: catalog) }
        let engine = evaluator!
        var sink = 0
        // Every tier feeds a checksum, so that the optimiser cannot skip computing them.
        func checksum(_ tiers: [Tier]) -> Int { tiers.reduce(0) { $0 &+ $1.rank } }
        let cells = Self.median(runs) { sink &+= checksum(engine.tiers(at: day, policy: policy)) }
        var months: [Day] = []
        var month = Day(year: 2005, month: 1, day: 1)!
        while month <= Day(year: 2035, month: 12, day: 1)! { months.append(month); month = month.adding(months: 1) }
        let sweep = Self.median(runs) { for m in months { sink &+= checksum(engine.tiers(at: m, policy: policy)) } }
        let context = ExplorerContext(evaluator: engine, today: day)
        func frameTime(_ width: Int, _ height: Int) -> Double {
            let state = Explorer.begin(AppState(date: day, policy: policy, size: ScreenSize(width: width, height: height)), context)
            return Self.median(runs) { sink &+= ExplorerView.frame(state, context).cells.count }
        }
        let frame120 = frameTime(120, 40), frame300 = frameTime(300, 80)
        // One date step as the explorer does it per key: update, then the whole frame.
        var state = Explorer.begin(AppState(date: day, policy: policy, size: ScreenSize(width: 120, height: 40)), context)
        let step = Self.median(runs * 5) {
            state = Explorer.update(state, .shiftDate(months: 1), context).state
            sink &+= ExplorerView.frame(state, context).cells.count
        }
        let peak = Self.peakMemoryMB()
        func ms(_ value: Double) -> String { String(format: "%9.3f ms", value) }
        print("catalog: \(catalog.origin); \(catalog.guests.count) guests × \(engine.machineTypeCount) machine types = \(catalog.guests.count * engine.machineTypeCount) cells; medians of \(runs) runs")
        print("load catalog\(catalogOptions.osinfo != nil ? " + osinfo-db" : "")        \(ms(load))")
        print("build evaluator (rules × cells) \(ms(build))")
        print("evaluate every cell at \(day)  \(ms(cells))")
        print("load + build + evaluate          \(ms(load + build + cells))")
        print("sweep \(months.count) months 2005–2035    \(ms(sweep))")
        print("frame 120×40                     \(ms(frame120))")
        print("frame 300×80                     \(ms(frame300))")
        print("date step (update + frame 120×40)\(ms(step))")
        print(String(format: "peak memory (max RSS)            %9.1f MB", peak))
        if sink == 42 { print("") }  // keeps the measured work from being optimised away
    }

    /// This binary's commands and `osinfo-query os` alternately, `runs` rounds (whole processes, output discarded).
    func compareWithOsinfoQuery() throws {
        guard let peer = Self.which("osinfo-query") else {
            warn("guest-tiers: osinfo-query not found (Debian package libosinfo-bin)")
            throw ExitCode(1)
        }
        let database = catalogOptions.osinfo ?? "/usr/share/osinfo"
        do {
            try ProcessBench.compare(me: Self.me, before: before, catalog: catalogArguments, database: database, runs: runs, peer: peer)
        } catch {
            warn("guest-tiers: \(error)")
            throw ExitCode(1)
        }
    }

    static var me: String { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0] }

    var catalogArguments: [String] { catalogOptions.catalog.map { ["--catalog", $0] } ?? [] }

    /// The explorer in a pty of its own, bundled catalog and with the full osinfo-db.
    func measureExplorer() throws {
        let steps = max(5, runs * 3)
        print("explorer in a 120×40 pseudo-terminal (TERM=xterm-256color), --date 2020-03-10; \(steps) date steps (]) each; a frame is complete after \(Int(ExplorerBench.settle * 1000)) ms without output")
        for osinfo in [false, true] {
            var firsts: [Double] = [], firstCPUs: [Double] = [], results: [ExplorerBench.Step] = [], cpu: [Double] = [], firstBytes = 0
            for _ in 0..<max(1, runs / 3) {
                var arguments = ["explore", "--date", "2020-03-10"] + catalogArguments
                if osinfo { arguments += ["--osinfo", catalogOptions.osinfo ?? "/usr/share/osinfo"] }
                do {
                    let run = try ExplorerBench.run(me: Self.me, arguments: arguments, steps: steps)
                    firsts.append(run.firstFrameMS)
                    firstCPUs.append(run.firstFrameCPUMS)
                    firstBytes = run.firstBytes
                    results += run.steps
                    cpu.append(run.cpuPerStepMS)
                } catch {
                    warn("guest-tiers: \(error)")
                    throw ExitCode(1)
                }
            }
            let med = ProcessBench.median
            let first = med(firsts)
            print(osinfo ? "with --osinfo:" : "bundled catalog:")
            print(String(format: "  first frame (spawn → last byte)     %8.1f ms%@ (%d bytes)", first,
                         osinfo ? String(format: "  target ≤ 90 ms %@", first <= 90 ? "met" : "NOT met") : "", firstBytes))
            print(String(format: "  first frame: CPU of the explorer     %8.1f ms", med(firstCPUs)))
            print(String(format: "  date step: key → last byte          %8.2f ms", med(results.map(\.latencyMS))))
            let stepCPU = med(cpu)
            print(String(format: "  date step: CPU                      %8.2f ms%@", stepCPU,
                         osinfo ? String(format: "  target ≤ 1 ms %@", stepCPU <= 1 ? "met" : "NOT met") : ""))
            let writes = results.map { Double($0.writes) }
            print(String(format: "  date step: write(2) calls           %8.0f (max %.0f)  target 1 %@", med(writes), writes.max() ?? 0,
                         (writes.max() ?? 0) <= 1 ? "met" : "NOT met"))
            for (i, step) in results.enumerated() where step.writes > 1 {
                print("    step \(i % steps + 1) of a session: \(step.writes) writes, \(step.bytes) bytes")
            }
            print(String(format: "  date step: bytes written            %8.0f", med(results.map { Double($0.bytes) })))
        }
    }

    /// The catalog with every guest and every family copied `n` times (ids suffixed), so cells grow by n².
    static func synthetic(_ catalog: Catalog, _ n: Int) -> Catalog {
        guard n > 1 else { return catalog }
        var guests: [Guest] = [], families: [MachineFamily] = []
        for copy in 0..<n {
            let suffix = copy == 0 ? "" : "~\(copy)"
            guests += catalog.guests.map { guest in
                var g = guest
                g.id += suffix
                g.lineID = guest.lineID.map { $0 + suffix }
                return g
            }
            families += catalog.families.map { family in
                var f = family
                f.id += suffix
                f.pattern = copy == 0 ? family.pattern : "s\(copy)-" + family.pattern
                f.alias = family.alias.map { $0 + suffix }
                return f
            }
        }
        return Catalog(releases: catalog.releases, lifecycleRule: catalog.lifecycleRule, families: families, guests: guests,
                       rules: catalog.rules, policies: catalog.policies, proposals: catalog.proposals, origin: catalog.origin)
    }

    /// Build + evaluate and date steps on the catalog scaled 1×, then n× (so that linearity in cells shows). CPU
    /// time of this thread, so that other work on the machine does not count; the date step's wall time too.
    func measureScale(_ n: Int, day: Day) throws {
        let loaded = try catalogOptions.load().withPointReleaseRows()
        let policy = loaded.policy("both") ?? Policy(id: "both", vendorCap: true, ageCap: true)
        print("synthetic catalogs: every guest and every machine-type family copied N times (point releases as rows, as the explorer has them); CPU medians of \(runs) runs")
        print("    N        cells     build ms  evaluate ms  ns/cell  date step CPU ms (wall)  state B/cell  row kinds")
        var sink = 0
        for factor in Set([1, n]).sorted() {
            let catalog = Self.synthetic(loaded, factor)
            var evaluator: Evaluator?
            let build = Self.medianCPU(max(1, runs / 3)) { evaluator = Evaluator(catalog: catalog) }
            let engine = evaluator!
            let cells = engine.guestCount * engine.machineTypeCount
            let evaluate = Self.medianCPU(runs) { sink &+= engine.tiers(at: day, policy: policy).count }
            let context = ExplorerContext(evaluator: engine, today: day)
            var state = Explorer.begin(AppState(date: day, policy: policy, size: ScreenSize(width: 120, height: 40)), context)
            func step() {
                state = Explorer.update(state, .shiftDate(months: 1), context).state
                sink &+= ExplorerView.frame(state, context).cells.count
            }
            let stepCPU = Self.medianCPU(runs * 3, step), stepWall = Self.median(runs * 3, step)
            print(String(format: "%5d %12d %12.1f %12.1f %8.1f %10.3f (%.3f) %@ %8.2f %10d", factor, cells, build, evaluate,
                         evaluate * 1e6 / Double(cells), stepCPU, stepWall,
                         cells >= 10_000_000 ? (stepCPU <= 16 ? "≤ 16 ms: met    " : "≤ 16 ms: NOT met") : "                ",
                         engine.bytesPerCell, engine.distinctRowKinds))
        }
        print(String(format: "peak memory (max RSS) %.1f MB", Self.peakMemoryMB()))
        if sink == 42 { print("") }
    }

    /// Median CPU time of this thread running `body`, in milliseconds.
    static func medianCPU(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
        func cpu() -> Double {
            var t = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
            return Double(t.tv_sec) * 1e3 + Double(t.tv_nsec) / 1e6
        }
        var times: [Double] = []
        for _ in 0..<runs {
            let start = cpu()
            try body()
            times.append(cpu() - start)
        }
        times.sort()
        return times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
    }

    static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}
