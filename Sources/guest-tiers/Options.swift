import ArgumentParser
import CatalogLoader
import Foundation
import TierEngine
import TierView

/// Writes a line to standard error.
func warn(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Today in the local time zone, read once at start.
let startDay: Day = {
    let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
    return Day(year: parts.year!, month: parts.month!, day: parts.day!)!
}()

struct CatalogOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Catalog directory (default: the bundled Catalog/).", valueName: "dir"))
    var catalog: String?

    @Option(help: ArgumentHelp("Also import osinfo-db from this directory (a bare --osinfo: /usr/share/osinfo).", valueName: "dir"))
    var osinfo: String?

    @Option(help: ArgumentHelp("Offer only the machine types this QEMU binary lists (-machine help).", valueName: "binary"))
    var qemu: String?

    @Option(help: ArgumentHelp("Show a guest line as its point releases (from --osinfo); 'all' for every line.", valueName: "id"))
    var expand: [String] = []

    /// Loads the curated catalog (no imports) or exits 1 after printing every problem as file:line: message.
    /// `load()` (Imports.swift) adds --osinfo, --qemu and --expand.
    func loadCurated() throws -> Catalog {
        guard let directory = catalog ?? CatalogLocator.bundled() else {
            warn("guest-tiers: cannot find the bundled Catalog/; pass --catalog DIR or set GUEST_TIERS_CATALOG")
            throw ExitCode(1)
        }
        do {
            return try CatalogLoader.load(directory: directory)
        } catch let error as CatalogError {
            for problem in error.problems { warn(problem.description) }
            warn("guest-tiers: the catalog in \(directory) has \(error.problems.count) problem(s); run 'guest-tiers lint --catalog \(directory)'")
            throw ExitCode(1)
        }
    }
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

    @Flag(help: "Count paid/extended support phases (ELS, ESM, ESU, LTS, LTSS) as vendor support.")
    var extended = false

    @Option(help: ArgumentHelp("Evaluate with a what-if proposal from Catalog/proposals/.", valueName: "id"))
    var proposal: String?

    @Option(name: .customLong("opt-in"), help: ArgumentHelp("Set an opt-in machine option that a proposal is tied to.", valueName: "option"))
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
    let hint = close.isEmpty ? "" : "; did you mean \(close.joined(separator: ", "))?"
    return "unknown \(what) '\(DisplayText.sanitize(name))'\(hint)"
}

func validArch(_ arch: String?, _ catalog: Catalog) throws -> String? {
    guard let arch else { return nil }
    let known = Array(Set(catalog.families.flatMap(\.arch))).sorted()
    guard known.contains(arch) else { throw ValidationError(unknown("architecture", arch, known)) }
    return arch
}
