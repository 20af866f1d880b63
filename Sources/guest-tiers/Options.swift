import ArgumentParser
import CatalogLoader
import Foundation
import TierEngine
import TierView

/// Writes a message to standard error, each line sanitised: messages quote file names and catalog or osinfo-db
/// text, which are untrusted.
func warn(_ message: String) {
    _ = Output.writeAll(2, Array((safeLines(message) + "\n").utf8))   // a closed stderr is no reason to crash
}

/// The text with control characters (ESC, C1, bidi …) replaced in every line; the line breaks stay.
func safeLines(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { SafeText.sanitize(String($0)) }.joined(separator: "\n")
}

/// Today: `GUEST_TIERS_TODAY=YYYY-MM-DD` when set (tests, goldens and screenshots pin it), else the local date,
/// read once at start. A malformed value is an error (see `TodayPin.check`), never silently the real date.
let startDay: Day = {
    if let pinned = TodayPin.pinned { return pinned }
    let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
    if let year = parts.year, let month = parts.month, let day = parts.day, let today = Day(year: year, month: month, day: day) {
        return today
    }
    // Not reachable with a working clock; the Unix epoch at least keeps every command usable with --date.
    return Day(ordinal: Int(Date().timeIntervalSince1970 / 86_400))
}()

enum TodayPin {
    static let variable = "GUEST_TIERS_TODAY"
    static var raw: String? {
        guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else { return nil }
        return value
    }
    static var pinned: Day? { raw.flatMap(Day.init) }

    /// Every command calls this first: a pin that is not a date stops it with a clear message.
    static func check() throws {
        if let raw, Day(raw) == nil {
            throw ValidationError("\(variable)='\(DisplayText.sanitize(raw))' is not a valid date; expected YYYY-MM-DD, for example 2020-03-10")
        }
    }
}

struct CatalogOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Catalog directory (default: the bundled Catalog/).", valueName: "dir"),
            completion: .directory)
    var catalog: String?

    @Option(help: ArgumentHelp("Also import osinfo-db from this directory (a bare --osinfo: /usr/share/osinfo).", valueName: "dir"),
            completion: .directory)
    var osinfo: String?

    @Option(name: .customLong("distro-info"), help: ArgumentHelp("Also import distro-info-data (debian.csv, ubuntu.csv) from this directory (a bare --distro-info: /usr/share/distro-info).", valueName: "dir"),
            completion: .directory)
    var distroInfo: String?

    @Option(help: ArgumentHelp("Offer only the machine types this QEMU binary lists (-machine help).", valueName: "binary"),
            completion: .file())
    var qemu: String?

    @Option(help: ArgumentHelp("Show a guest line as its point releases (from --osinfo); 'all' for every line.", valueName: "id"),
            completion: .guestLines)
    var expand: [String] = []

    /// Loads the curated catalog (no imports) or exits 1 after printing every problem as file:line: message.
    /// `load()` (Imports.swift) adds --osinfo, --qemu and --expand.
    /// `digest: false` skips hashing every catalog file for a command that never names the digest (`explain`).
    func loadCurated(digest: Bool = true) throws -> Catalog {
        guard let directory = catalog ?? CatalogLocator.bundled() else {
            warn("guest-tiers: cannot find the bundled Catalog/; pass --catalog DIR or set GUEST_TIERS_CATALOG")
            throw ExitCode(1)
        }
        do {
            var catalog = try CatalogLoader.load(directory: directory)
            // Named in the status line as --version names it.
            if digest { catalog.digest = CatalogDigest.sha256(directory: directory) }
            return catalog
        } catch let error as CatalogError {
            for problem in error.problems { warn(problem.description) }
            warn("guest-tiers: the catalog in \(directory) has \(error.problems.count) problem(s); run 'guest-tiers lint --catalog \(directory)'")
            throw ExitCode(1)
        }
    }
}

enum AgeFromOption: String, ExpressibleByArgument, CaseIterable {
    case firstRelease = "first-release"
    case latestPointRelease = "latest-point-release"

    var value: Policy.AgeFrom { self == .firstRelease ? .firstRelease : .latestPointRelease }
}

/// What every evaluating command takes: the date, the policy and its knobs, a proposal.
struct EvaluationOptions: ParsableArguments {
    @OptionGroup var catalogOptions: CatalogOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("The evaluation date: YYYY-MM-DD, YYYY-MM, YYYY, today, or relative to today (today-6m, +1y, -2w) (default: today).", valueName: "date"),
            transform: DateArgument.parse)
    var date: DateArgument?

    @Option(help: ArgumentHelp("Policy preset from the catalog's policies.yaml (default: both, else its first).", valueName: "policy"))
    var policy: String?

    // .unconditional: `--window -3` is a bad number (said so by validate()), not a missing value.
    @Option(parsing: .unconditional, help: ArgumentHelp("Age window in years (default: the preset's, 5).", valueName: "years"))
    var window: Int?

    @Flag(help: "Do not cap deprecated machine types.")
    var noLifecycle = false

    @Flag(help: "Count extended support phases (ELS, ESM, ESU, LTS, ELTS, LTSS) as vendor support.")
    var extended = false

    @Option(name: .customLong("age-from"), help: ArgumentHelp("The age rule measures the line's first release or its latest point release by the date (point releases come from --osinfo).", valueName: "first-release|latest-point-release"))
    var ageFrom: AgeFromOption?

    @Option(help: ArgumentHelp("Evaluate with a what-if proposal from Catalog/proposals/.", valueName: "id"), completion: .proposals)
    var proposal: String?

    @Option(name: .customLong("opt-in"), help: ArgumentHelp("Set an opt-in machine option that a proposal is tied to.", valueName: "option"),
            completion: .optIns)
    var optIn: [String] = []

    func validate() throws {
        try TodayPin.check()
        if let window, !(0...100).contains(window) {
            throw ValidationError("--window must be a whole number of years from 0 to 100")
        }
    }

    /// The evaluation date: relative to today (parsing checked that it resolves so).
    var day: Day { date.flatMap { $0.expression.resolve(today: startDay, base: startDay) } ?? startDay }

    struct Setup {
        let catalog: Catalog
        let evaluator: Evaluator
        let policy: Policy
        let date: Day
    }

    /// `pointReleaseRows`: for the explorer (and its replay), every line's point releases as rows it can show
    /// with `x` (see `Catalog.withPointReleaseRows`).
    func setup(pointReleaseRows: Bool = false, digest: Bool = true) throws -> Setup {
        let loaded = try catalogOptions.loadWithImports(digest: digest)
        let catalog = pointReleaseRows ? loaded.catalog.withPointReleaseRows() : loaded.catalog
        let policy = try preset(self.policy, in: catalog).applying(knobs)
        var chosen: Proposal?
        if let proposal {
            guard let found = catalog.proposal(proposal) else {
                throw LookupError(.proposal, option: "--proposal", name: proposal, valid: catalog.proposals.map(\.id))
            }
            chosen = found
        }
        return Setup(catalog: catalog, evaluator: Evaluator(catalog: catalog, proposal: chosen, optIns: Set(optIn), offered: loaded.offered),
                     policy: policy, date: day)
    }
}

extension EvaluationOptions {
    /// The knobs given on the command line (the rest come from the preset).
    var knobs: PolicyKnobs {
        PolicyKnobs(windowYears: window, lifecycle: noLifecycle ? false : nil, extendedCounts: extended ? true : nil,
                    ageFrom: ageFrom?.value)
    }
}

/// A preset the catalog defines (policies are catalog data): nil asks for the default, `both` or else the first.
func preset(_ id: String?, in catalog: Catalog, option: String = "--policy") throws -> Policy {
    guard let id else {
        guard let fallback = catalog.policy("both") ?? catalog.policies.first else {
            warn("guest-tiers: the catalog defines no policy preset (policies.yaml)")
            throw ExitCode(1)
        }
        return fallback
    }
    guard let found = catalog.policy(id) else {
        throw LookupError(.policy, option: option, name: id, valid: catalog.policies.map(\.id), definedIn: "\(catalog.origin)/policies.yaml")
    }
    return found
}

func validArch(_ arch: String?, _ catalog: Catalog) throws -> String? {
    guard let arch else { return nil }
    let known = Array(Set(catalog.families.flatMap(\.arch))).sorted()
    guard known.contains(arch) else { throw LookupError(.architecture, option: "--arch", name: arch, valid: known) }
    return arch
}
