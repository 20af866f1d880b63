import ArgumentParser
import CatalogLoader
import Foundation
import TierEngine
import TierView

/// Writes a message to standard error, each line sanitised: messages quote file names and catalog or osinfo-db
/// text, which are untrusted.
func warn(_ message: String) {
    FileHandle.standardError.write(Data((safeLines(message) + "\n").utf8))
}

/// The text with control characters (ESC, C1, bidi …) replaced in every line; the line breaks stay.
func safeLines(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { SafeText.sanitize(String($0)) }.joined(separator: "\n")
}

/// Today in the local time zone, read once at start.
let startDay: Day = {
    let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
    if let year = parts.year, let month = parts.month, let day = parts.day, let today = Day(year: year, month: month, day: day) {
        return today
    }
    // Not reachable with a working clock; the Unix epoch at least keeps every command usable with --date.
    return Day(ordinal: Int(Date().timeIntervalSince1970 / 86_400))
}()

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
    func loadCurated() throws -> Catalog {
        guard let directory = catalog ?? CatalogLocator.bundled() else {
            warn("guest-tiers: cannot find the bundled Catalog/; pass --catalog DIR or set GUEST_TIERS_CATALOG")
            throw ExitCode(1)
        }
        do {
            var catalog = try CatalogLoader.load(directory: directory)
            // Named in the status line as --version names it.
            catalog.digest = CatalogDigest.sha256(directory: directory)
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

enum PolicyPreset: String, ExpressibleByArgument, CaseIterable {
    case vendor, age, both, none
}

/// What every evaluating command takes: the date, the policy and its knobs, a proposal.
struct EvaluationOptions: ParsableArguments {
    @OptionGroup var catalogOptions: CatalogOptions

    @Option(help: ArgumentHelp("The evaluation date, YYYY-MM-DD (default: today).", valueName: "date"))
    var date: String?

    @Option(help: ArgumentHelp("Policy preset: vendor, age, both or none.", valueName: "policy"))
    var policy: PolicyPreset = .both

    @Option(help: ArgumentHelp("Age window in years (default: the preset's, 5).", valueName: "years"))
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
        if let date, Day(date) == nil {
            throw ValidationError("--date '\(date)' is not a valid date; expected YYYY-MM-DD, for example 2020-03-10")
        }
        if let window, !(0...100).contains(window) {
            throw ValidationError("--window must be a whole number of years from 0 to 100")
        }
    }

    var day: Day { date.flatMap(Day.init) ?? startDay }

    struct Setup {
        let catalog: Catalog
        let evaluator: Evaluator
        let policy: Policy
        let date: Day
    }

    /// `pointReleaseRows`: for the explorer (and its replay), every line's point releases as rows it can show
    /// with `x` (see `Catalog.withPointReleaseRows`).
    func setup(pointReleaseRows: Bool = false) throws -> Setup {
        let loaded = try catalogOptions.loadWithImports()
        let catalog = pointReleaseRows ? loaded.catalog.withPointReleaseRows() : loaded.catalog
        guard var policy = catalog.policy(self.policy.rawValue) else {
            warn("guest-tiers: the catalog has no policy preset '\(self.policy.rawValue)' (policies.yaml)")
            throw ExitCode(1)
        }
        if let window { policy.windowYears = window }
        if noLifecycle { policy.lifecycle = false }
        if extended { policy.extendedCounts = true }
        if let ageFrom { policy.ageFrom = ageFrom.value }
        var chosen: Proposal?
        if let proposal {
            guard let found = catalog.proposal(proposal) else {
                throw ValidationError(unknown("proposal", proposal, catalog.proposals.map(\.id)))
            }
            chosen = found
        }
        return Setup(catalog: catalog, evaluator: Evaluator(catalog: catalog, proposal: chosen, optIns: Set(optIn), offered: loaded.offered),
                     policy: policy, date: day)
    }
}

/// "unknown guest 'rhel66'; did you mean rhel6, rhel8?"
func unknown(_ what: String, _ name: String, _ candidates: [String]) -> String {
    let close = closestMatches(to: name, in: candidates)
    // A short list is worth showing whole when nothing is close (proposals, policies, architectures).
    let hint = !close.isEmpty ? "; did you mean \(close.joined(separator: ", "))?"
        : candidates.count <= 12 ? "; known: \(candidates.joined(separator: ", "))" : ""
    return "unknown \(what) '\(DisplayText.sanitize(name))'\(hint)"
}

func validArch(_ arch: String?, _ catalog: Catalog) throws -> String? {
    guard let arch else { return nil }
    let known = Array(Set(catalog.families.flatMap(\.arch))).sorted()
    guard known.contains(arch) else { throw ValidationError(unknown("architecture", arch, known)) }
    return arch
}
