import ArgumentParser
import CatalogLoader
import TierEngine
import TierView

/// Shell completion from the catalog: the scripts (`--generate-completion-script bash|zsh|fish`) call the binary
/// back at each Tab, and these closures answer from the catalog the command line names (`--catalog DIR`) or the
/// one the binary finds. A catalog that does not load completes nothing rather than printing errors into the shell.
extension CompletionKind {
    static var guests: CompletionKind { fromCatalog { $0.guests.map(\.id) } }
    /// As `--expand` takes them: a guest line, or `all`.
    static var guestLines: CompletionKind { fromCatalog { ["all"] + $0.guests.map(\.id) } }
    /// Versioned names and the families' aliases (`q35`, `pseries`), which `--machine` also takes.
    static var machineTypes: CompletionKind {
        fromCatalog { catalog in catalog.machineTypes.map(\.name) + catalog.families.compactMap(\.alias) }
    }
    /// Family ids, aliases and names (`i440fx`, `pc`, `pc-i440fx`), as `--family` takes them.
    static var families: CompletionKind {
        fromCatalog { catalog in catalog.families.flatMap { CellFilter.names(of: $0.id, in: catalog) } }
    }
    /// Family ids only, as `verify --family` takes them.
    static var familyIDs: CompletionKind { fromCatalog { $0.families.map(\.id) } }
    /// Versioned names only (`pc-q35-9.2`), as `verify --machine` takes them.
    static var versionedMachineTypes: CompletionKind { fromCatalog { $0.machineTypes.map(\.name) } }
    static var proposals: CompletionKind { fromCatalog { $0.proposals.map(\.id) } }
    static var optIns: CompletionKind { fromCatalog { $0.proposals.compactMap(\.optIn) } }
    static var architectures: CompletionKind { fromCatalog { $0.families.flatMap(\.arch) } }

    private static func fromCatalog(_ pick: @escaping @Sendable (Catalog) -> [String]) -> CompletionKind {
        .custom { words, _, _ in CatalogCompletion.candidates(words, pick) }
    }
}

enum CatalogCompletion {
    static func candidates(_ words: [String], _ pick: (Catalog) -> [String]) -> [String] {
        guard let directory = catalogDirectory(in: words) ?? CatalogLocator.bundled(),
              let catalog = try? CatalogLoader.load(directory: directory) else { return [] }
        var seen = Set<String>()
        // Catalog order (guests as listed, newest types first within a family), each once.
        return pick(catalog).filter { seen.insert($0).inserted }
    }

    /// `--catalog DIR` or `--catalog=DIR` among the words typed so far (the last one wins, as when parsing).
    static func catalogDirectory(in words: [String]) -> String? {
        var found: String?
        for (index, word) in words.enumerated() {
            if word == "--catalog", index + 1 < words.count { found = words[index + 1] }
            if word.hasPrefix("--catalog=") { found = String(word.dropFirst("--catalog=".count)) }
        }
        return found.flatMap { $0.isEmpty ? nil : $0 }
    }
}
