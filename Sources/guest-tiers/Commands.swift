import ArgumentParser
import CatalogLoader
import Foundation
import TerminalUI
import TierEngine
import TierView

@main
struct GuestTiers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guest-tiers",
        abstract: "Which support tier does a policy give each guest OS on each QEMU machine type, on a given date, and why?",
        discussion: "Without a subcommand, opens the interactive explorer. Press ? in it for the keys.",
        version: "guest-tiers \(VersionInfo.program)",
        // Each subcommand names itself (commandName): deriving the name from the type's name cost ~1 ms at every
        // start. Not Explore: as the default subcommand its explicit name would appear in --experimental-dump-help
        // (and so change the man pages).
        subcommands: [Explore.self, Explain.self, Render.self, Diff.self, TimelineCommand.self, Lint.self, Verify.self, Bench.self],
        defaultSubcommand: Explore.self)

    /// `--osinfo` takes an optional directory (see `OsinfoArgument`).
    /// `--version` (see VersionInfo) prints the build and the catalog found at run time.
    /// Errors are printed here rather than by ArgumentParser so that every line is sanitised: its messages quote
    /// what was typed (`--date $'\e[2J'`). A name the catalog lacks is a `LookupError`, the same for every command.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let catalog = VersionInfo.request(arguments) {
            do { try Output.standard(VersionInfo.lines(catalog: catalog).joined(separator: "\n") + "\n") } catch { Foundation.exit(1) }
            return
        }
        do {
            var command = try parseAsRoot(OsinfoArgument.normalize(arguments))
            try command.run()
        } catch let lookup as LookupError {
            // One line, no usage: the command line parsed; a name in it is not in the catalog.
            warn("guest-tiers: \(lookup)")
            Foundation.exit(LookupError.exitCode)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty { _ = Output.writeAll(code == .success ? 1 : 2, Array((safeLines(message) + "\n").utf8)) }
            Foundation.exit(code.rawValue)
        }
    }
}

struct Explore: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Browse the guest × machine-type matrix in the terminal.")

    @OptionGroup var options: EvaluationOptions

    @Option(help: ArgumentHelp("Show only guests and machine types for this architecture.", valueName: "arch"), completion: .architectures)
    var arch: String?

    @Flag(help: "Use ASCII instead of Unicode box drawing.")
    var ascii = false

    @Flag(name: .customLong("no-color"), help: "Monochrome (also when NO_COLOR is set).")
    var noColor = false

    @Flag(help: "Start with unreleased guests and unavailable machine types shown (as u).")
    var all = false

    @Flag(help: "Start with only the newest machine type of each family (as c).")
    var collapse = false

    func run() throws {
        let setup = try options.setup(pointReleaseRows: true)
        let arch = try validArch(arch, setup.catalog)
        let noColorEnv = !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        let context = ExplorerContext(evaluator: setup.evaluator, today: startDay)
        var start = AppState(date: setup.date, policy: setup.policy, arch: arch, size: ScreenSize(width: 80, height: 24))
        start.showHidden = all
        start.collapsed = collapse
        let initial = Explorer.begin(start, context)
        let code = TerminalApp.run(
            initial: initial,
            makeContext: { glyphs in context.with(glyphs: glyphs) },
            forceASCII: ascii, noColor: noColor || noColorEnv,
            saveScreenshot: { frame, theme in Screenshots.save(frame, theme: theme) })
        if code != 0 { throw ExitCode(code) }
    }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Explain the tier of one guest on one machine type.")

    @OptionGroup var options: EvaluationOptions

    @Option(help: ArgumentHelp("Guest id, e.g. rhel6.", valueName: "id"), completion: .guests)
    var guest: String

    @Option(help: ArgumentHelp("Machine type, e.g. pc-q35-4.2.", valueName: "name"), completion: .machineTypes)
    var machine: String

    @Option(help: "text or json.")
    var format: ExplainFormat = .text

    enum ExplainFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(help: ArgumentHelp("Page width for text, as render --view detail.", valueName: "columns"))
    var width: Int = 80

    func validate() throws {
        guard (20...1000).contains(width) else { throw ValidationError("--width must be from 20 to 1000 columns") }
    }

    /// A family's unversioned alias (`pc`, `q35`, `pseries` …) or id: its newest type available at the date, as
    /// QEMU of that date resolves it.
    static func alias(_ name: String, _ setup: EvaluationOptions.Setup) -> Int? {
        guard let family = setup.catalog.families.first(where: { $0.alias == name || $0.id == name }) else { return nil }
        let machines = setup.evaluator.machines
        return machines.indices
            .filter { machines[$0].familyID == family.id && setup.evaluator.isAvailable(machine: $0, at: setup.date) }
            .max { machines[$0].version < machines[$1].version }
    }

    /// A guest by id; ids are lower case in libosinfo, so RHEL6 finds rhel6 when only one id matches that way.
    static func guestIndex(_ setup: EvaluationOptions.Setup, _ guest: String) throws -> Int {
        let folded = setup.catalog.guests.indices.filter { setup.catalog.guests[$0].id.lowercased() == guest.lowercased() }
        guard let g = setup.evaluator.guestIndex(guest) ?? (folded.count == 1 ? folded.first : nil) else {
            throw LookupError(.guest, option: "--guest", name: guest, valid: setup.catalog.guests.map(\.id))
        }
        return g
    }

    /// One cell, or a clear error naming the closest guests or machine types.
    static func evaluate(_ setup: EvaluationOptions.Setup, guest: String, machine: String) throws -> Evaluation {
        let g = try guestIndex(setup, guest)
        guard let m = setup.evaluator.machineIndex(machine) ?? Explain.alias(machine, setup) else {
            throw LookupError(.machineType, option: "--machine", name: machine, valid: setup.evaluator.machines.map(\.name))
        }
        return setup.evaluator.evaluate(guest: g, machine: m, date: setup.date, policy: setup.policy)
    }

    func run() throws {
        // An explanation never names the catalog's digest: hashing every catalog file was an eighth of `explain`.
        let setup = try options.setup(digest: false)
        let evaluation = try Explain.evaluate(setup, guest: guest, machine: machine)
        switch format {
        case .json: try Output.standard(EvaluationJSON.explain(evaluation).serialized() + "\n")
        // Exactly what `render --view detail --format text` prints, wrapped to the same width.
        case .text: try Output.standard(Views.detailText(evaluation, glyphs: .unicode, width: width))
        }
    }
}

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Print a view without a terminal: the matrix, a replayed explorer screen, a cell, a diff or the help.",
        discussion: """
        --view matrix (default): every cell at the date; text (one letter per tier and a legend, fitted to --width),
          json or csv (one record per cell), markdown (a table per family), ansi, svg, html.
        --view screen: replays --keys in the explorer at --size and prints exactly that screen.
          Keys are literal characters plus <Enter> <Esc> <Up> <Down> <Left> <Right> <PgUp> <PgDn> <Home> <End>
          <Tab> <Space> <F1> <C-c>.
        --view detail --guest ID --machine NAME: one cell, as explain prints it.
        --view diff: as the diff command (--from, --to, --vs-policy, --proposal).
        --view help: the explorer's keys.
        Formats for every view: text, ansi, svg, html, markdown; json also for matrix, detail and diff; csv for matrix.
        SVG and HTML are self-contained and byte-stable. -o never replaces an existing file unless --force.
        """)

    @OptionGroup var options: EvaluationOptions
    @OptionGroup var diffOptions: DiffOptions

    @Option(help: "matrix, screen, detail, diff or help.")
    var view: ViewKind = .matrix

    @Option(help: ArgumentHelp("text, ansi, svg, html, markdown, json, csv (see above).", valueName: "format"),
            completion: .list(["text", "ansi", "svg", "html", "markdown", "json", "csv"]))
    var format: RenderFormat = .text

    @Option(help: ArgumentHelp("Only this architecture.", valueName: "arch"), completion: .architectures)
    var arch: String?

    @Option(help: ArgumentHelp("Page width for text (72 suits mailing lists).", valueName: "columns"))
    var width: Int = 80

    @Option(help: ArgumentHelp("Screen size for --view screen, WxH (each 1 to 1000).", valueName: "size"))
    var size = ScreenSize(width: 120, height: 40)

    @Option(help: ArgumentHelp("Keys to replay for --view screen.", valueName: "keys"))
    var keys: String = ""

    @OptionGroup var filters: FilterOptions

    @Flag(name: .customLong("every-version"), help: "One column per machine-type version (by default identical adjacent versions share a column, 2.7–4.2).")
    var everyVersion = false

    @Flag(help: "ASCII glyphs instead of Unicode.")
    var ascii = false

    @Option(help: ArgumentHelp("Colour theme for ansi, svg and html: 256, 8 or mono.", valueName: "theme"),
            completion: .list(["256", "8", "mono"]))
    var theme: Theme.Depth = .color256

    @Flag(help: "Show unreleased guests and unavailable machine types too (diff: count cells that appear or disappear).")
    var all = false

    @Flag(help: "Only the newest machine type of each family (as c in the explorer): a matrix short enough for a mail.")
    var collapse = false

    @OptionGroup var destination: OutputOptions

    enum ViewKind: String, ExpressibleByArgument, CaseIterable { case matrix, screen, detail, diff, help }

    static let formats: [ViewKind: [RenderFormat]] = [
        .matrix: [.text, .ansi, .svg, .html, .markdown, .json, .csv],
        .screen: [.text, .ansi, .svg, .html, .markdown],
        .detail: [.text, .ansi, .svg, .html, .markdown, .json],
        .diff: [.text, .ansi, .svg, .html, .markdown, .json],
        .help: [.text, .ansi, .svg, .html, .markdown],
    ]

    func validate() throws {
        let allowed = Render.formats[view]!
        guard allowed.contains(format) else {
            throw ValidationError("--format for --view \(view.rawValue) is one of \(allowed.map(\.rawValue).joined(separator: ", ")), not '\(format.rawValue)'")
        }
        guard (20...1000).contains(width) else { throw ValidationError("--width must be from 20 to 1000 columns") }
        if view == .detail && (filters.guest.count != 1 || filters.machine.count != 1) {
            throw ValidationError("--view detail needs one --guest ID and one --machine NAME")
        }
    }

    func run() throws {
        let setup = try options.setup(pointReleaseRows: view == .screen)
        let context = ExplorerContext(evaluator: setup.evaluator, today: startDay, glyphs: ascii ? .plain : .unicode)
        var state = AppState(date: setup.date, policy: setup.policy, arch: try validArch(arch, setup.catalog),
                             size: size)
        state.showHidden = all
        state.collapsed = collapse
        state.everyVersion = everyVersion
        if view != .detail { state.filter = try filters.filter(setup) }
        let colours = Theme(theme)
        // validate() allows markdown, json and csv only where a view has its own writer for them.
        // A frame goes out as the writer's bytes (no String made and validated on the way).
        func paint(_ frame: Frame) throws {
            let bytes = FrameExport.renderBytes(frame, format: format.frameFormat ?? .text, theme: colours)
            try destination.emit { $0.append(bytes) }
        }
        let text: String
        switch view {
        case .matrix:
            switch format {
            // Every cell: streamed, never held whole.
            case .json: return try destination.emit { MatrixReport.writeJSON(state, context, to: &$0) }
            case .csv: return try destination.emit { MatrixReport.writeCSV(state, context, to: &$0) }
            case .markdown: text = MatrixReport.markdown(state, context)
            case .text: text = MatrixReport.text(state, context, width: width)
            default: return try paint(MatrixReport.document(state, context, width: width).frame())
            }
        case .screen:
            // The keys as the terminal would take them; `s` saves nothing here (the output is the screen).
            state = try KeyReplay.run(keys, from: Explorer.begin(state, context), context: context).state
            let frame = ExplorerView.frame(state, context)
            if format != .markdown { return try paint(frame) }
            text = Views.screenMarkdown(frame)
        case .detail:
            let evaluation = try Explain.evaluate(setup, guest: filters.guest[0], machine: filters.machine[0])
            switch format {
            case .json: text = EvaluationJSON.explain(evaluation).serialized() + "\n"
            case .markdown: text = Views.detailMarkdown(evaluation)
            case .text: text = Views.detailText(evaluation, glyphs: context.glyphs, width: width)
            default: return try paint(Views.detail(evaluation, glyphs: context.glyphs, width: width).frame())
            }
        case .diff:
            let report = try diffOptions.report(setup, includeExistence: all, filter: state.filter)
            switch format {
            case .json: text = report.json()
            case .markdown: text = report.markdown()
            default: return try paint(report.document(width: width).frame())
            }
        case .help:
            if format != .markdown { return try paint(Views.help().frame()) }
            text = Views.helpMarkdown()
        }
        try destination.emit(text)
    }
}

/// The two sides of a diff. The "from" side is --from (default --date) under --policy without the proposal;
/// the "to" side is --to (default --date) under --vs-policy (default --policy) with --proposal if given.
struct DiffOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: ArgumentHelp("Diff: the earlier date (default: --date).", valueName: "date"), transform: DateArgument.parse)
    var from: DateArgument?

    @Option(parsing: .unconditional, help: ArgumentHelp("Diff: the later date (default: --date).", valueName: "date"), transform: DateArgument.parse)
    var to: DateArgument?

    @Option(name: .customLong("vs-policy"), help: ArgumentHelp("Diff: the policy preset of the \"to\" side (the knobs changed on --policy carry over, as with p in the explorer).", valueName: "policy"))
    var vsPolicy: String?

    func report(_ setup: EvaluationOptions.Setup, includeExistence: Bool, filter: CellFilter = CellFilter()) throws -> DiffReport {
        if to == nil && from == nil && vsPolicy == nil && setup.evaluator.proposal == nil {
            throw ValidationError("nothing to compare: give --from/--to, --vs-policy or --proposal")
        }
        var toPolicy = setup.policy
        if let vsPolicy {
            // The same carry-over as `p`: the knobs changed on --policy follow to the other preset.
            let next = try preset(vsPolicy, in: setup.catalog, option: "--vs-policy")
            toPolicy = setup.policy.switched(to: next, from: try preset(setup.policy.id, in: setup.catalog))
        }
        let without = setup.evaluator.withoutProposal()
        // Dates as --date takes them; bare offsets (`--to +1y`) count from the --date.
        let fromDay = try from?.resolve(base: setup.date, option: "--from") ?? setup.date
        let toDay = try to?.resolve(base: setup.date, option: "--to") ?? setup.date
        return DiffReport(
            from: DiffSide(evaluator: without, date: fromDay, policy: setup.policy),
            to: DiffSide(evaluator: setup.evaluator, date: toDay, policy: toPolicy),
            includeExistence: includeExistence, filter: filter)
    }
}

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "The cells whose tier changes between two dates, two policies, or without and with a proposal.",
        discussion: """
        The "from" side is --from (default --date) under --policy without the proposal; the "to" side is --to
        (default --date) under --vs-policy (default --policy) with --proposal if one is given.
        Examples:
          guest-tiers diff --from 2020-03-10 --to 2021-03-10 --policy vendor
          guest-tiers diff --date 2020-03-10 --policy vendor --vs-policy age
          guest-tiers diff --date 2020-06-01 --policy vendor --proposal pseries-iommu-5.0 --format markdown
        """)

    @OptionGroup var options: EvaluationOptions
    @OptionGroup var diffOptions: DiffOptions

    @Option(help: "text, json or markdown.")
    var format: DiffFormat = .text

    @Option(help: ArgumentHelp("Line width for text.", valueName: "columns"))
    var width: Int = 100

    @Flag(help: "Also count cells that appear or disappear (unreleased, unavailable).")
    var all = false

    @OptionGroup var filters: FilterOptions

    @OptionGroup var destination: OutputOptions

    enum DiffFormat: String, ExpressibleByArgument, CaseIterable { case text, json, markdown }

    func validate() throws {
        guard (40...1000).contains(width) else { throw ValidationError("--width must be from 40 to 1000 columns") }
    }

    func run() throws {
        let setup = try options.setup()
        let report = try diffOptions.report(setup, includeExistence: all, filter: try filters.filter(setup))
        let text: String
        switch format {
        case .text: text = report.text(width: width)
        case .json: text = report.json()
        case .markdown: text = report.markdown()
        }
        try destination.emit(text)
    }
}

/// `-o FILE` and `--force`: standard output, or a file written safely (see SafeFile).
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output (- for standard output).", valueName: "file"),
            completion: .file())
    var output: String?

    @Flag(help: "Replace the -o file if it exists.")
    var force = false

    func emit(_ text: String) throws {
        // `-o -` is standard output, as for most tools.
        guard let output, output != "-" else { return try Output.standard(text) }
        try write(to: output, Array(text.utf8))
    }

    /// Output that `write` makes piece by piece: streamed to standard output, or whole into the -o file.
    func emit(_ write: (inout ByteSink) -> Void) throws {
        guard let output, output != "-" else { return try Output.standard(write) }
        var sink = ByteSink()
        write(&sink)
        try self.write(to: output, sink.bytes)
    }

    private func write(to output: String, _ bytes: [UInt8]) throws {
        do {
            try SafeFile.write(bytes: bytes, to: output, overwrite: force)
        } catch {
            warn("guest-tiers: \(error)")
            throw ExitCode(1)
        }
    }
}

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lint", abstract: "Check a catalog: every problem as file:line: message.")

    @OptionGroup var catalogOptions: CatalogOptions

    @Option(help: "text or json.")
    var format: LintFormat = .text

    func run() throws {
        if catalogOptions.osinfo != nil || catalogOptions.distroInfo != nil || catalogOptions.qemu != nil || format == .json {
            return try LintReport.run(catalogOptions, format: format)
        }
        guard let directory = catalogOptions.catalog ?? CatalogLocator.bundled() else {
            warn("guest-tiers: cannot find the bundled Catalog/; pass --catalog DIR")
            throw ExitCode(1)
        }
        let (checked, problems) = CatalogLoader.check(directory: directory)
        if !problems.isEmpty {
            try Output.standard(problems.map { $0.description + "\n" }.joined())
            throw ExitCode(1)
        }
        let catalog = try checked ?? CatalogLoader.load(directory: directory)
        let unverified = catalog.guests.filter { !$0.released.provenance.verified || !$0.vendorSupportEnd.provenance.verified }.count
        let warnings = SourceLint.warnings(directory: directory, catalog: checked)
        try Output.standard(warnings.map { $0.description + "\n" }.joined()
            + "\(SafeText.sanitize(directory)): ok — \(catalog.guests.count) guests, \(catalog.families.count) machine-type families, \(catalog.machineTypes.count) machine types, \(catalog.releases.count) QEMU releases, \(catalog.rules.count) rules, \(catalog.policies.count) policies, \(catalog.proposals.count) proposals; \(unverified) guests with unverified dates; \(warnings.count) source warnings\n")
    }
}

/// `s` in the explorer: the screen as text and SVG in the current directory, never over an existing file.
enum Screenshots {
    static func save(_ frame: Frame, theme: Theme) -> String {
        let stem = SafeFile.freeStem("guest-tiers-screen", extensions: ["txt", "svg"])
        do {
            try SafeFile.write(FrameExport.text(frame), to: stem + ".txt", overwrite: false)
        } catch {
            return "screenshot not saved: \(error)"
        }
        do {
            try SafeFile.write(FrameExport.svg(frame, theme: theme), to: stem + ".svg", overwrite: false)
        } catch {
            // The pair goes together: take back the text we just wrote (a new file, nobody else's).
            unlink(stem + ".txt")
            return "screenshot not saved: \(error)"
        }
        return "saved \(stem).txt and \(stem).svg"
    }
}
