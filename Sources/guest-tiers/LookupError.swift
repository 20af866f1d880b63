import TierEngine

/// A name given on the command line that the catalog (with its imports) does not have: a guest, machine type,
/// family, policy preset, proposal or architecture. Every command reports it the same way, in one line —
/// `--guest: unknown guest 'rhel66'; did you mean rhel6, rhel5, rhel7?` — and exits with `exitCode`.
struct LookupError: Error, CustomStringConvertible {
    enum Kind: String {
        case guest
        case machineType = "machine type"
        case family = "machine-type family"
        case policy = "policy preset"
        case proposal
        case architecture

        var plural: String {
            switch self {
            case .family: return "machine-type families"
            default: return rawValue + "s"
            }
        }
    }

    /// A command-line mistake like any other (ArgumentParser's EX_USAGE).
    static let exitCode: Int32 = 64
    /// Up to this many valid names are listed whole.
    static let listedWhole = 12

    let kind: Kind
    /// The option the name was given with (`--guest`, `--vs-policy` …).
    let option: String
    let name: String
    /// The names that would have been valid, in the catalog's order.
    let valid: [String]
    /// Where the valid names are defined, when that helps (a catalog's policies.yaml).
    var definedIn: String?

    init(_ kind: Kind, option: String, name: String, valid: [String], definedIn: String? = nil) {
        self.kind = kind
        self.option = option
        self.name = name
        var seen: Set<String> = []
        self.valid = valid.filter { seen.insert($0).inserted }   // a family's alias may equal another's id
        self.definedIn = definedIn
    }

    var description: String {
        "\(option): unknown \(kind.rawValue) '\(SafeText.sanitize(name))'; \(hint)"
    }

    /// What would be valid: the closest names, and the whole list when it is short (presets, proposals,
    /// architectures, families); a long one (guests, machine types) is only counted when nothing is close.
    var hint: String {
        let close = closestMatches(to: name, in: valid)
        let guess = close.isEmpty ? nil : "did you mean \(close.map(SafeText.sanitize).joined(separator: ", "))?"
        if valid.isEmpty { return "the catalog defines none" }
        let source = definedIn.map { " in \(SafeText.sanitize($0))" } ?? ""
        if valid.count <= LookupError.listedWhole {
            let list = "known\(source): \(valid.map(SafeText.sanitize).joined(separator: ", "))"
            return guess.map { "\($0) (\(list))" } ?? list
        }
        if let guess { return guess }
        return "none of the \(valid.count) known \(kind.plural)\(source) is close"
    }
}
