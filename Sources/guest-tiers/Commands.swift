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
        subcommands: [Explore.self, Explain.self, Render.self, Lint.self],
        defaultSubcommand: Explore.self)
}

struct Explore: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Browse the guest × machine-type matrix in the terminal (default).")

    @OptionGroup var options: EvaluationOptions

    @Option(help: ArgumentHelp("Show only guests and machine types for this architecture.", valueName: "arch"))
    var arch: String?

    @Flag(help: "Use ASCII instead of Unicode box drawing.")
    var ascii = false

    @Flag(name: .customLong("no-color"), help: "Monochrome (also when NO_COLOR is set).")
    var noColor = false

    func run() throws {
        let setup = try options.setup()
        let arch = try validArch(arch, setup.catalog)
        let noColorEnv = !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        let initial = Explorer.begin(
            AppState(date: setup.date, policy: setup.policy, arch: arch, size: ScreenSize(width: 80, height: 24)),
            ExplorerContext(evaluator: setup.evaluator, today: startDay))
        let code = TerminalApp.run(
            initial: initial,
            makeContext: { glyphs in ExplorerContext(evaluator: setup.evaluator, today: startDay, glyphs: glyphs) },
            forceASCII: ascii, noColor: noColor || noColorEnv,
            saveScreenshot: { frame, theme in Screenshots.save(frame, theme: theme) })
        if code != 0 { throw ExitCode(code) }
    }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Explain the tier of one guest on one machine type.")

    @OptionGroup var options: EvaluationOptions

    @Option(help: ArgumentHelp("Guest id, e.g. rhel6.", valueName: "id"))
    var guest: String

    @Option(help: ArgumentHelp("Machine type, e.g. pc-q35-4.2.", valueName: "name"))
    var machine: String

    @Option(help: "text or json.")
    var format: ExplainFormat = .text

    enum ExplainFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func run() throws {
        let setup = try options.setup()
        guard let g = setup.evaluator.guestIndex(guest) else {
            throw ValidationError(unknown("guest", guest, setup.catalog.guests.map(\.id)))
        }
        guard let m = setup.evaluator.machineIndex(machine) else {
            throw ValidationError(unknown("machine type", machine, setup.evaluator.machines.map(\.name)))
        }
        let evaluation = setup.evaluator.evaluate(guest: g, machine: m, date: setup.date, policy: setup.policy)
        switch format {
        case .json: print(EvaluationJSON.explain(evaluation).serialized())
        case .text: print(DetailText.lines(evaluation).map { DisplayText.sanitize($0.0) }.joined(separator: "\n"))
        }
    }
}

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the matrix (or a replayed explorer screen) without a terminal.",
        discussion: """
        --view matrix (default) prints every cell at the date: text (one letter per tier, with a legend), json or csv.
        --view screen replays --keys in the explorer at --size and prints exactly that screen: text, ansi or svg.
        Keys are literal characters plus <Enter> <Esc> <Up> <Down> <Left> <Right> <PgUp> <PgDn> <Home> <End> <F1> <C-c>.
        """)

    @OptionGroup var options: EvaluationOptions

    @Option(help: ArgumentHelp("Only this architecture.", valueName: "arch"))
    var arch: String?

    @Option(help: "matrix or screen.")
    var view: ViewKind = .matrix

    @Option(help: ArgumentHelp("text, json, csv (matrix); text, ansi, svg (screen).", valueName: "format"))
    var format: String = "text"

    @Option(help: ArgumentHelp("Page width for the text matrix.", valueName: "columns"))
    var width: Int = 80

    @Option(help: ArgumentHelp("Screen size for --view screen, WxH.", valueName: "size"))
    var size: String = "120x40"

    @Option(help: ArgumentHelp("Keys to replay for --view screen.", valueName: "keys"))
    var keys: String = ""

    @Flag(help: "ASCII glyphs instead of Unicode.")
    var ascii = false

    @Option(help: ArgumentHelp("Colour theme for ansi/svg: 256, 8 or mono.", valueName: "theme"))
    var theme: String = "256"

    @Flag(help: "Show unreleased guests and unavailable machine types too.")
    var all = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Flag(help: "Replace the -o file if it exists.")
    var force = false

    enum ViewKind: String, ExpressibleByArgument, CaseIterable { case matrix, screen }

    func validate() throws {
        let allowed = view == .matrix ? ["text", "json", "csv"] : ["text", "ansi", "svg"]
        guard allowed.contains(format) else {
            throw ValidationError("--format for --view \(view.rawValue) is one of \(allowed.joined(separator: ", ")), not '\(format)'")
        }
        guard (20...1000).contains(width) else { throw ValidationError("--width must be from 20 to 1000 columns") }
        guard ScreenSize(size) != nil else { throw ValidationError("--size '\(size)' is not WxH, for example 120x40") }
        guard Theme.Depth(rawValue: theme) != nil else { throw ValidationError("--theme is one of 256, 8, mono") }
    }

    func run() throws {
        let setup = try options.setup()
        let context = ExplorerContext(evaluator: setup.evaluator, today: startDay, glyphs: ascii ? .plain : .unicode)
        var state = AppState(date: setup.date, policy: setup.policy, arch: try validArch(arch, setup.catalog),
                             size: ScreenSize(size)!)
        state.showHidden = all
        let text: String
        switch view {
        case .matrix:
            switch format {
            case "json": text = MatrixReport.json(state, context)
            case "csv": text = MatrixReport.csv(state, context)
            default: text = MatrixReport.text(state, context, width: width)
            }
        case .screen:
            state = Explorer.begin(state, context)
            for key in try Key.parseScript(keys) {
                guard let action = Keymap.action(for: key, in: state) else { continue }
                state = Explorer.update(state, action, context)
                if state.quit { break }
            }
            let frame = ExplorerView.frame(state, context)
            text = FrameExport.render(frame, format: FrameExport.Format(rawValue: format)!, theme: Theme(Theme.Depth(rawValue: theme)!))
        }
        if let output {
            do {
                try SafeFile.write(text, to: output, overwrite: force)
            } catch {
                warn("guest-tiers: \(error)")
                throw ExitCode(1)
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check a catalog: every problem as file:line: message.")

    @OptionGroup var catalogOptions: CatalogOptions

    func run() throws {
        guard let directory = catalogOptions.catalog ?? CatalogLocator.bundled() else {
            warn("guest-tiers: cannot find the bundled Catalog/; pass --catalog DIR")
            throw ExitCode(1)
        }
        let problems = CatalogLoader.lint(directory: directory)
        if !problems.isEmpty {
            for problem in problems { print(problem.description) }
            throw ExitCode(1)
        }
        let catalog = try CatalogLoader.load(directory: directory)
        let unverified = catalog.guests.filter { !$0.released.provenance.verified || !$0.vendorSupportEnd.provenance.verified }.count
        print("\(directory): ok — \(catalog.guests.count) guests, \(catalog.families.count) machine-type families, \(catalog.machineTypes.count) machine types, \(catalog.releases.count) QEMU releases, \(catalog.rules.count) rules, \(catalog.policies.count) policies, \(catalog.proposals.count) proposals; \(unverified) guests with unverified dates")
    }
}

/// `s` in the explorer: the screen as text and SVG in the current directory, never over an existing file.
enum Screenshots {
    static func save(_ frame: Frame, theme: Theme) -> String {
        let stem = SafeFile.freeStem("guest-tiers-screen", extensions: ["txt", "svg"])
        do {
            try SafeFile.write(FrameExport.text(frame), to: stem + ".txt", overwrite: false)
            try SafeFile.write(FrameExport.svg(frame, theme: theme), to: stem + ".svg", overwrite: false)
            return "saved \(stem).txt and \(stem).svg"
        } catch {
            return "screenshot not saved: \(error)"
        }
    }
}
