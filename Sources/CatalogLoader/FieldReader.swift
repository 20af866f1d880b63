import Foundation
import TierEngine

/// Reads typed fields out of YAML mappings and records every problem with its file and line, so that one
/// pass over a file reports all that is wrong with it.
final class FieldReader {
    let file: String
    private var recorded: [CatalogProblem] = []
    /// Problems past `CatalogLimits.maxProblemsPerFile`: counted, not kept (200,000 unknown keys are one mistake).
    private var dropped = 0

    init(file: String) { self.file = file }

    /// The problems found, at most `maxProblemsPerFile` of them and then one line counting the rest.
    var problems: [CatalogProblem] {
        guard dropped > 0 else { return recorded }
        let line = recorded.last?.line ?? 1
        return recorded + [CatalogProblem(file: file, line: line, message: "… and \(dropped) more problem\(dropped == 1 ? "" : "s") in this file")]
    }

    /// True once `maxProblemsPerFile` problems are recorded: later ones are only counted.
    var isFull: Bool { recorded.count >= CatalogLimits.maxProblemsPerFile }

    func problem(_ node: YamlNode?, _ message: String, fallbackLine: Int = 1) {
        guard recorded.count < CatalogLimits.maxProblemsPerFile else {
            dropped += 1
            return
        }
        recorded.append(CatalogProblem(file: file, line: node?.line ?? fallbackLine, message: message))
    }

    /// A YAML mapping as an ordered list of (key, value), checking keys against the allowed ones.
    func mapping(_ node: YamlNode, what: String, allowed: [String]) -> Entry? {
        guard case let .mapping(mapping) = node.kind else {
            problem(node, "\(what) must be a mapping (key: value)")
            return nil
        }
        var fields: [String: YamlNode] = [:]
        var keyNodes: [String: YamlNode] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                problem(key, "\(what): a key must be a plain name")
                continue
            }
            if fields[name] != nil {
                problem(key, "\(what): duplicate field \(quoted(name))")
                continue
            }
            if !allowed.contains(name) {
                // Past the cap the problem is only counted: skip the cost of a "did you mean" for each.
                if isFull { problem(key, ""); continue }
                let hint = closestMatches(to: name, in: allowed, limit: 1).first.map { " (did you mean '\($0)'?)" } ?? ""
                problem(key, "\(what): unknown field \(quoted(name))\(hint)")
                continue
            }
            fields[name] = value
            keyNodes[name] = key
        }
        return Entry(reader: self, node: node, what: what, fields: fields, keyNodes: keyNodes)
    }

    func sequence(_ node: YamlNode?, what: String) -> [YamlNode] {
        guard let node else { return [] }
        guard case let .sequence(sequence) = node.kind else {
            problem(node, "\(what) must be a list")
            return []
        }
        return sequence
    }
}

/// The fields of one mapping, read with their types checked.
struct Entry {
    let reader: FieldReader
    let node: YamlNode
    let what: String
    let fields: [String: YamlNode]
    let keyNodes: [String: YamlNode]

    var line: Int { node.line }

    subscript(_ name: String) -> YamlNode? { fields[name] }

    private func missing(_ name: String) {
        reader.problem(node, "\(what): missing field '\(name)'")
    }

    private func scalar(_ name: String, required: Bool) -> (String, YamlNode)? {
        guard let value = fields[name] else {
            if required { missing(name) }
            return nil
        }
        guard let scalar = value.scalar else {
            reader.problem(value, "\(what): field '\(name)' must be a single value")
            return nil
        }
        if scalar.isPlain && isNullWord(scalar.string) {
            if required { reader.problem(value, "\(what): field '\(name)' must not be empty") }
            return nil
        }
        return (scalar.string, value)
    }

    func string(_ name: String) -> String? {
        guard let (text, node) = scalar(name, required: true) else { return nil }
        if isBlank(text) {
            reader.problem(node, "\(what): field '\(name)' must not be empty")
            return nil
        }
        return text
    }

    func optionalString(_ name: String) -> String? { scalar(name, required: false)?.0 }

    func isNull(_ name: String) -> Bool {
        guard let scalar = fields[name]?.scalar else { return false }
        return scalar.isPlain && isNullWord(scalar.string)
    }

    func bool(_ name: String, default fallback: Bool? = nil) -> Bool? {
        guard let (text, node) = scalar(name, required: fallback == nil) else { return fallback }
        switch text {
        case "true", "True", "TRUE", "yes": return true
        case "false", "False", "FALSE", "no": return false
        default:
            reader.problem(node, "\(what): field '\(name)' must be true or false, not \(quoted(text))")
            return fallback
        }
    }

    func int(_ name: String, default fallback: Int? = nil, range: ClosedRange<Int>) -> Int? {
        guard let (text, node) = scalar(name, required: fallback == nil) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            reader.problem(node, "\(what): field '\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound), not \(quoted(text))")
            return fallback
        }
        return value
    }

    func day(_ name: String, required: Bool = true) -> Day? {
        guard let (text, node) = scalar(name, required: required) else { return nil }
        guard let day = Day(text) else {
            reader.problem(node, "\(what): field '\(name)': \(quoted(text)) is not a date (expected YYYY-MM-DD)")
            return nil
        }
        return day
    }

    func version(_ name: String, required: Bool = true) -> QemuVersion? {
        guard let (text, node) = scalar(name, required: required) else { return nil }
        guard let version = QemuVersion(text) else {
            reader.problem(node, "\(what): field '\(name)': \(quoted(text)) is not a QEMU version (expected X.Y, quoted: \"2.10\")")
            return nil
        }
        return version
    }

    func strings(_ name: String, required: Bool = true) -> [String]? {
        guard let value = fields[name] else {
            if required { missing(name) }
            return nil
        }
        guard case let .sequence(sequence) = value.kind else {
            reader.problem(value, "\(what): field '\(name)' must be a list")
            return nil
        }
        var result: [String] = []
        for item in sequence {
            guard let text = item.scalar?.string else {
                reader.problem(item, "\(what): field '\(name)': every item must be a single value")
                continue
            }
            result.append(text)
        }
        return result
    }

    /// `source` (required) and `verified` (default true) of this mapping.
    func provenance() -> Provenance {
        let source = string("source") ?? ""
        let verified = bool("verified", default: true) ?? true
        return Provenance(source, verified: verified)
    }

    /// A `{date, source, verified}` mapping in field `name`. `allowNullDate` lets `date: null` mean "not announced".
    func datedFact(_ name: String, allowNullDate: Bool, dateKey: String = "date") -> DatedFact? {
        guard let value = fields[name] else {
            missing(name)
            return nil
        }
        guard let entry = reader.mapping(value, what: "\(what) \(name)", allowed: [dateKey, "source", "verified"]) else { return nil }
        let provenance = entry.provenance()
        if allowNullDate && entry.isNull(dateKey) && entry[dateKey] != nil {
            return DatedFact(nil, provenance)
        }
        guard let day = entry.day(dateKey) else { return nil }
        return DatedFact(day, provenance)
    }

    func versionRange() -> VersionRange? {
        let from = fields["from"] != nil ? version("from") : nil
        let through = fields["through"] != nil ? version("through") : nil
        if (fields["from"] != nil && from == nil) || (fields["through"] != nil && through == nil) { return nil }
        if let from, let through, through < from {
            reader.problem(node, "\(what): 'through' \(through) is before 'from' \(from)")
            return nil
        }
        return VersionRange(from: from, through: through)
    }
}

/// How much of a catalog guest-tiers reads, and how much of a problem it prints (see Catalog/README.md).
public enum CatalogLimits {
    /// A catalog file larger than this is refused before it is parsed (the bundled files are under 20 KB).
    public static let maxFileBytes = 4 * 1_048_576
    /// Problems listed per file; the rest are counted in one line.
    public static let maxProblemsPerFile = 50
    /// Characters of a catalog value quoted in a problem.
    public static let maxQuoted = 120
}

/// YAML's plain null spellings (a plain empty value too).
func isNullWord(_ text: String) -> Bool {
    switch text {
    case "~", "null", "Null", "NULL", "": return true
    default: return false
    }
}

/// `text.trimmingCharacters(in: .whitespaces).isEmpty`, without bridging every field to NSString (that was
/// a tenth of loading the catalog): true when every scalar is a tab or of Unicode category Zs.
func isBlank(_ text: String) -> Bool {
    for scalar in text.unicodeScalars {
        if scalar.isASCII {
            if scalar != " " && scalar != "\t" { return false }
        } else if !CharacterSet.whitespaces.contains(scalar) {
            return false
        }
    }
    return true
}

/// `'value'` for a problem message, cut to `CatalogLimits.maxQuoted` characters: a 10 MB value is one mistake,
/// not 10 MB of output.
func quoted(_ text: String) -> String { "'\(shortened(text))'" }

/// The text, or its first characters and an ellipsis when it is longer than `CatalogLimits.maxQuoted`.
func shortened(_ text: String) -> String {
    guard text.count > CatalogLimits.maxQuoted else { return text }
    return "\(text.prefix(CatalogLimits.maxQuoted - 1))… (\(text.count) characters)"
}
