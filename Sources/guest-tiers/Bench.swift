import ArgumentParser
import Foundation
import TierEngine
import TierView

/// `guest-tiers bench`: the figures BENCHMARKS.md quotes, as medians over repeated runs. Build with
/// `swift build -c release` first; a debug build is several times slower and says so.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure loading, evaluating, sweeping dates and drawing frames (medians over runs).",
        discussion: """
        With --osinfo the full osinfo-db is loaded too (hundreds of guests). --once loads and evaluates every cell
        at one date once and exits: the unit that scripts/bench-vs-osinfo-query times against 'osinfo-query os'.
        """)

    @OptionGroup var catalogOptions: CatalogOptions

    @Option(help: "Runs per figure (the median is reported).")
    var runs: Int = 9

    @Option(help: ArgumentHelp("The date evaluated (default 2026-01-01, fixed so runs compare).", valueName: "date"))
    var date: String = "2026-01-01"

    @Flag(help: "Load and evaluate once, print one line, exit.")
    var once = false

    @Option(help: ArgumentHelp("Only this many date steps after loading (for a profiler such as valgrind --tool=callgrind).", valueName: "n"))
    var stepsOnly: Int?

    @Flag(help: "Time this binary's --once against 'osinfo-query os' on the same database, side by side, and print the ratio.")
    var compare = false

    func validate() throws {
        guard (1...1000).contains(runs) else { throw ValidationError("--runs must be from 1 to 1000") }
        guard Day(date) != nil else { throw ValidationError("--date '\(date)' is not a valid date; expected YYYY-MM-DD") }
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
        let day = Day(date)!
        if compare { return try compareWithOsinfoQuery() }
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
                state = Explorer.update(state, .shiftDate(months: 1), context)
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
            state = Explorer.update(state, .shiftDate(months: 1), context)
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

    /// Runs both programs alternately `runs` times (whole processes, output discarded) and compares medians.
    func compareWithOsinfoQuery() throws {
        guard let peer = Self.which("osinfo-query") else {
            warn("guest-tiers: osinfo-query not found (Debian package libosinfo-bin)")
            throw ExitCode(1)
        }
        let database = catalogOptions.osinfo ?? "/usr/share/osinfo"
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var mine = ["bench", "--once", "--osinfo", database, "--date", date]
        if let catalog = catalogOptions.catalog { mine += ["--catalog", catalog] }
        // osinfo-query reads the database named by OSINFO_SYSTEM_DIR (default /usr/share/osinfo).
        let peerEnvironment = ["OSINFO_SYSTEM_DIR": database]
        var ours: [Double] = [], theirs: [Double] = []
        for _ in 0..<runs {
            ours.append(try Self.time(me, mine, environment: [:]))
            theirs.append(try Self.time(peer, ["os"], environment: peerEnvironment))
        }
        func median(_ values: [Double]) -> Double {
            let v = values.sorted()
            return v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
        }
        let a = median(ours), b = median(theirs)
        print("database: \(database); \(runs) runs each, alternating; whole processes, output discarded")
        print(String(format: "guest-tiers bench --once --osinfo (load catalog + osinfo-db, evaluate every cell)  median %8.1f ms", a))
        print(String(format: "osinfo-query os (load osinfo-db, list every OS)                               median %8.1f ms", b))
        print(String(format: "ratio guest-tiers / osinfo-query = %.2f (target: at most 0.50)", a / b))
    }

    static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static func time(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let start = now()
        try process.run()
        process.waitUntilExit()
        let elapsed = Double(now() - start) / 1e6
        guard process.terminationStatus == 0 else {
            warn("guest-tiers: \(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
            throw ExitCode(1)
        }
        return elapsed
    }
}
