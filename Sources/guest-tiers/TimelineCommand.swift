import ArgumentParser
import TierEngine
import TierView

/// `guest-tiers timeline`: every tier change of a guest over its machine types (or of one cell), with causes and
/// sources, as text, JSON, Markdown or an iCalendar feed to subscribe to.
struct TimelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "Every tier change of a guest (or one cell) with its cause: text, json, markdown or ics (RFC 5545).",
        discussion: """
        Without --machine or --family, the guest's changes over every machine type of its architectures, grouped
        where machine types change together. --from and --to bound the days (default: the cell's whole life); they
        take the forms --date takes, and bare offsets (--to +1y) count from --date (default today).
        ICS: one all-day event per change; the same change keeps its UID across runs and catalog edits that do
        not touch it.
        Examples:
          guest-tiers timeline --guest win10 --machine q35
          guest-tiers timeline --guest rhel6 --family pc --format ics -o rhel6.ics
          guest-tiers timeline --guest debian12 --from today --to +5y --format json
        """)

    @OptionGroup var options: EvaluationOptions

    @Option(help: ArgumentHelp("Guest id, e.g. rhel6.", valueName: "id"))
    var guest: String

    @Option(help: ArgumentHelp("Only this machine type (or a family alias: its newest type at --date).", valueName: "name"))
    var machine: String?

    @Option(help: ArgumentHelp("Only this family's machine types (id or alias: i440fx, pc, q35 …).", valueName: "family"))
    var family: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("The first day (default: the first day of the cells).", valueName: "date"), transform: DateArgument.parse)
    var from: DateArgument?

    @Option(parsing: .unconditional, help: ArgumentHelp("The last day (default: the last).", valueName: "date"), transform: DateArgument.parse)
    var to: DateArgument?

    @Option(help: "text, json, markdown or ics.")
    var format: TimelineFormat = .text

    @OptionGroup var destination: OutputOptions

    enum TimelineFormat: String, ExpressibleByArgument, CaseIterable { case text, json, markdown, ics }

    func validate() throws {
        if machine != nil && family != nil { throw ValidationError("give --machine or --family, not both") }
    }

    func run() throws {
        let setup = try options.setup()
        let evaluator = setup.evaluator
        let catalog = setup.catalog
        let g = try Explain.guestIndex(setup, guest)
        var machines: [Int]?
        var scope = "every machine type"
        if let machine {
            guard let m = evaluator.machineIndex(machine) ?? Explain.alias(machine, setup) else {
                throw LookupError(.machineType, option: "--machine", name: machine, valid: evaluator.machines.map(\.name))
            }
            machines = [m]
            scope = "machine type \(evaluator.machines[m].name)"
        } else if let family {
            guard let found = catalog.families.first(where: { $0.id == family || $0.alias == family }) else {
                throw LookupError(.family, option: "--family", name: family, valid: catalog.families.map(\.id) + catalog.families.compactMap(\.alias))
            }
            machines = evaluator.machines.indices.filter { evaluator.machines[$0].familyID == found.id }
            scope = "family \(found.id)"
        }
        let fromDay = try from?.resolve(base: setup.date, option: "--from")
        let toDay = try to?.resolve(base: setup.date, option: "--to")
        if let fromDay, let toDay, toDay < fromDay {
            throw ValidationError("--to \(toDay) is before --from \(fromDay)")
        }
        let report = TimelineReport(
            guest: catalog.guests[g], scope: scope, policy: catalog.policyDescription(setup.policy),
            from: fromDay, through: toDay,
            entries: evaluator.timeline(guest: g, machines: machines, policy: setup.policy, from: fromDay, through: toDay),
            machineNames: evaluator.machines.map(\.name), today: startDay)
        let text: String
        switch format {
        case .text: text = report.text()
        case .json: text = report.json()
        case .markdown: text = report.markdown()
        case .ics: text = report.ics()
        }
        try destination.emit(text)
    }
}
