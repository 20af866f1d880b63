import Foundation
import TierEngine

/// Checks that every `source` in a catalog can be opened by a stranger — a maintainer who pastes a reason into
/// a qemu-devel reply must be able to point at where the fact comes from — and that no source cites the same
/// place twice. These are warnings, not problems: a catalog with them still loads.
public enum SourceLint {
    /// Public repositories a source may name a file or commit of, written as the source writes them.
    public static let repositories = [
        "QEMU", "qemu-web", "osinfo-db", "libosinfo", "Linux", "linux", "edk2", "libvirt", "SeaBIOS",
        "distro-info-data", "Debian package", "freebsd-src", "VirtualBox", "MicrosoftDocs",
    ]

    /// Where a source points that is not public: files of the team's working area, never part of a release.
    static let privatePlaces = ["shared/", "domain.md"]

    private static let urlPattern = try! NSRegularExpression(pattern: #"https?://[^\s;,)'"<>]+"#)
    /// A path inside a repository: two or more segments (`hw/i386/pc_q35.c`, `/usr/share/distro-info/debian.csv`).
    private static let pathPattern = try! NSRegularExpression(pattern: #"(?<![\w/.])/?[\w.+-]+(?:/[\w.+-]+)+"#)
    /// A commit hash: 7 to 40 hex digits with at least one letter (so that years and versions do not count).
    private static let hashPattern = try! NSRegularExpression(pattern: #"\b(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}\b"#)

    /// The public places a source names, in order: URLs, and `repository:path` / `repository@commit` for a file
    /// or commit named next to one of `repositories` in the same `;`-separated part.
    public static func places(in source: String) -> [String] {
        if let scanner = ASCIISourceScanner(source) {
            return scanner.places(repositories: repositories, privatePlaces: privatePlaces)
        }
        return regexPlaces(in: source)
    }

    /// `places(in:)` through regular expressions and Foundation's search, for any text: the definition the
    /// ASCII scanner follows, and the path for sources with other characters.
    static func regexPlaces(in source: String) -> [String] {
        var places: [String] = []
        for part in source.components(separatedBy: "; ") {
            // (Each pattern is run only where its literal part occurs: NSRegularExpression dominated `lint`.)
            let urls = !hasBytes(part, "http") ? [] : matches(urlPattern, in: part).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ".:")) }
            places += urls
            var rest = part
            for url in urls { rest = rest.replacingOccurrences(of: url, with: " ") }
            // Quoted text (commit subjects, document headings: 'ppc/spapr: remove …') names no file.
            if hasBytes(rest, "'") { rest = rest.replacingOccurrences(of: #"'[^']*'"#, with: " ", options: .regularExpression) }
            guard let repository = repositories.first(where: { rest.contains($0) }) else { continue }
            // A path whose last segment is only digits is a list of versions or a chip name (`PIIX3/4`, `4.1/4.14`).
            let paths = matches(pathPattern, in: rest).filter { path in
                !(path.split(separator: "/").last.map { $0.allSatisfy { $0.isNumber || $0 == "." } } ?? true)
            }
            places += paths.filter { path in !privatePlaces.contains { path.contains($0) } }.map { "\(repository):\($0)" }
            places += matches(hashPattern, in: rest).map { "\(repository)@\($0)" }
        }
        return places
    }

    /// Whether `text` holds `needle`'s UTF-8 bytes: what a pattern starting with that literal needs, compared as
    /// the regular expression compares (by code point, not by Swift's grapheme-cluster `contains`).
    static func hasBytes(_ text: String, _ needle: StaticString) -> Bool {
        let needle = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        let bytes = Array(text.utf8)
        guard bytes.count >= needle.count, let first = needle.first else { return needle.isEmpty }
        var i = 0
        while i <= bytes.count - needle.count {
            if bytes[i] == first && bytes[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }

    /// What is wrong with one source string, if anything (nil when it is fine).
    public static func check(_ source: String) -> [String] { check(source, named: places(in: source)) }

    /// `check`, given `places(in: source)`.
    static func check(_ source: String, named: [String]) -> [String] {
        var findings: [String] = []
        let scanner = ASCIISourceScanner(source)
        if let place = privatePlaces.first(where: { scanner?.contains($0) ?? source.contains($0) }) {
            findings.append("source points into '\(place)', which is not public: cite the public original")
        }
        if named.isEmpty {
            findings.append("source names no public place (a URL; a file or commit of \(repositories.prefix(4).joined(separator: ", ")) …; a Debian package and file; or a qemu-devel message with its archive address)")
        }
        var seen = Set<String>()
        for place in named where !seen.insert(place).inserted {
            findings.append("source cites \(place) twice")
        }
        return findings
    }

    /// Every source warning in a catalog directory, as `file:line: warning: …`, in file order. Also warns where
    /// a rule's source repeats a place that a machine-type default it reads already cites: the engine lists each
    /// place once per reason, so the repetition would only hide which fact the place supports.
    public static func warnings(directory: String, files: CatalogFiles = .disk) -> [CatalogProblem] {
        warnings(directory: directory, files: files, catalog: CatalogLoader.read(directory: directory, files: files).0)
    }

    /// The same, given the catalog that `CatalogLoader.check` read from these files (nil when it has problems),
    /// so that `lint` does not read the whole catalog a second time.
    public static func warnings(directory: String, files: CatalogFiles = .disk, catalog: Catalog?) -> [CatalogProblem] {
        var warnings: [CatalogProblem] = []
        var defaultPlaces: [String: Set<String>] = [:]   // property -> places its defaults cite
        var rules: [(file: String, line: Int, properties: [String], source: String)] = []
        // Sources repeat (one citation for many lines): each is searched and checked once.
        var known: [String: (places: [String], findings: [String])] = [:]
        func lint(_ source: String) -> (places: [String], findings: [String]) {
            if let done = known[source] { return done }
            let places = places(in: source)
            let done = (places, check(source, named: places))
            known[source] = done
            return done
        }
        for (file, found) in sources(directory: directory, files: files) {
            let (named, findings) = lint(found.source)
            for message in findings {
                warnings.append(CatalogProblem(file: file, line: found.line, message: "warning: \(message)"))
            }
            if let property = found.property { defaultPlaces[property, default: []].formUnion(named) }
            if let properties = found.ruleProperties { rules.append((file, found.line, properties, found.source)) }
        }
        // Lines whose vendor vendors.yaml does not describe (only when the catalog loads).
        if let catalog {
            warnings += VendorLoader.missingEntries(in: catalog)
        }
        for rule in rules {
            let read = rule.properties.reduce(into: Set<String>()) { $0.formUnion(defaultPlaces[$1] ?? []) }
            for place in Set(lint(rule.source).places).intersection(read).sorted() {
                warnings.append(CatalogProblem(file: rule.file, line: rule.line,
                                               message: "warning: source repeats \(place), which a machine-type default this rule reads already cites"))
            }
        }
        return warnings
    }

    /// Every `source` in the catalog's files, with its file, in file order.
    static func sources(directory: String, files: CatalogFiles = .disk) -> [(file: String, found: FoundSource)] {
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        var paths = (CatalogLoader.requiredFiles + [VendorLoader.fileName, "family-abilities.yaml"]).map(path)
        for sub in ["guests", "proposals"] {
            paths += files.list(path(sub)).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { path(sub + "/" + $0) }
        }
        var result: [(file: String, found: FoundSource)] = []
        for file in paths {
            guard let data = files.read(file), let text = String(data: data, encoding: .utf8),
                  case let .node(node) = YamlTree.compose(text, basic: false) else { continue }   // the loader reports unreadable files
            result += sources(in: node).map { (file, $0) }
        }
        return result
    }

    struct FoundSource {
        var source: String
        var line: Int
        var property: String?          // set for a machine-family default's source
        var ruleProperties: [String]?  // set for a rule's source: the machine properties it reads
    }

    /// Every `source` / `capabilities_source` scalar under `node`, with its line.
    private static func sources(in node: YamlNode) -> [FoundSource] {
        switch node.kind {
        case let .mapping(mapping):
            var found: [FoundSource] = []
            let keys = Dictionary(mapping.map { ($0.key.defaultResolverString ?? "", $0.value) }, uniquingKeysWith: { first, _ in first })
            for (key, value) in mapping {
                let name = key.defaultResolverString ?? ""
                if name == "source" || name == "capabilities_source", let text = value.defaultResolverString {
                    var entry = FoundSource(source: text, line: value.line)
                    if keys["property"] != nil, keys["value"] != nil { entry.property = keys["property"]?.defaultResolverString }
                    if case let .mapping(machine)? = keys["machine"]?.kind, keys["text"] != nil {
                        entry.ruleProperties = machine.compactMap { $0.key.defaultResolverString }
                    }
                    found.append(entry)
                } else {
                    found += sources(in: value)
                }
            }
            return found
        case let .sequence(sequence):
            return sequence.flatMap(sources(in:))
        default:
            return []
        }
    }

    private static func matches(_ pattern: NSRegularExpression, in text: String) -> [String] {
        let range = NSRange(text.startIndex..., in: text)
        return pattern.matches(in: text, range: range).compactMap { Range($0.range, in: text).map { String(text[$0]) } }
    }
}
