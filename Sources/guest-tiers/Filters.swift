import ArgumentParser
import TierEngine
import TierView

/// `--guest`, `--machine`, `--family` (each repeatable) for `render` and `diff`: only those cells.
struct FilterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only this guest (repeatable); with --view detail, the cell's guest.", valueName: "id"), completion: .guests)
    var guest: [String] = []

    @Option(help: ArgumentHelp("Only this machine type (repeatable); with --view detail, the cell's machine type.", valueName: "name"), completion: .machineTypes)
    var machine: [String] = []

    @Option(help: ArgumentHelp("Only this machine-type family: id, alias or name, e.g. pc, q35, pseries (repeatable).", valueName: "family"),
            completion: .families)
    var family: [String] = []

    /// The filter with names checked against the catalog: an unknown one is an error naming the closest.
    func filter(_ setup: EvaluationOptions.Setup) throws -> CellFilter {
        let catalog = setup.catalog
        var guests: Set<String> = []
        for id in guest {
            let folded = catalog.guests.filter { $0.id.lowercased() == id.lowercased() }
            guard let match = catalog.guests.first(where: { $0.id == id }) ?? (folded.count == 1 ? folded.first : nil) else {
                throw LookupError(.guest, option: "--guest", name: id, valid: catalog.guests.map(\.id))
            }
            guests.insert(match.id)
        }
        var machines: Set<String> = []
        for name in machine {
            guard let m = setup.evaluator.machineIndex(name) ?? Explain.alias(name, setup) else {
                throw LookupError(.machineType, option: "--machine", name: name, valid: setup.evaluator.machines.map(\.name))
            }
            machines.insert(setup.evaluator.machines[m].name)
        }
        let familyNames = catalog.families.flatMap { CellFilter.names(of: $0.id, in: catalog) }
        for name in family where !familyNames.contains(name) {
            throw LookupError(.family, option: "--family", name: name, valid: catalog.families.map(\.id))
        }
        return CellFilter(guests: guests, machines: machines, families: Set(family))
    }
}
