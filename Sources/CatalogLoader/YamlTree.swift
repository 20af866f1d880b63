import CYaml
import Foundation
import Yams

/// A YAML node as the catalog reader uses it: a scalar (its text, and whether it was written plain), a list, or
/// a mapping of (key, value) pairs in file order, each with the 1-based line it starts on.
struct YamlNode {
    enum Kind {
        case scalar(YamlScalar)
        case sequence([YamlNode])
        case mapping([(key: YamlNode, value: YamlNode)])
    }

    let kind: Kind
    let line: Int

    var scalar: YamlScalar? {
        if case let .scalar(scalar) = kind { return scalar }
        return nil
    }

    /// What Yams' `Node.string` gives under its default resolver (SourceLint reads `source` values so): a
    /// scalar's text, for a mapping the value of its first `=` key (YAML's value key), else nil.
    var defaultResolverString: String? {
        switch kind {
        case let .scalar(scalar): return scalar.string
        case let .mapping(pairs):
            for pair in pairs where pair.key.scalar?.isValueKey == true { return pair.value.defaultResolverString }
            return nil
        case .sequence: return nil
        }
    }
}

struct YamlScalar {
    let string: String
    /// Written without quotes or block indicators: only then are `~`, `null` and `` null.
    let isPlain: Bool
    /// Tagged as YAML's value key (a plain `=`) under Yams' default resolver (only SourceLint asks).
    let isValueKey: Bool
}

/// Builds the tree. The common case — a catalog file without anchors, aliases, tags, complex or repeated keys,
/// errors, or anything near YamlBudget's limits — is built straight from libyaml's events, in one pass and
/// without Yams' per-node objects (the old path parsed every file twice: once for the budget, once in Yams,
/// about 60 % of loading the catalog). Everything else is handed to exactly the old path (YamlBudget, then
/// Yams), so every problem a file can have is found and worded as before; the fast path only ever returns a
/// tree that path would have built. Tests/CatalogLoaderTests/YamlTreeTests.swift compares both on mutated files.
enum YamlTree {
    enum Outcome {
        case node(YamlNode)
        /// The stream holds no document (Yams returns nil).
        case empty
        case budget(YamlBudget.Exceeded)
        case yams(YamlError)
        case other(Error)
    }

    /// `basic`: Yams' basic resolver and YamlBudget first (the catalog loader); otherwise Yams' default resolver
    /// without a budget (vendors.yaml and SourceLint, as they always read it).
    static func compose(_ text: String, basic: Bool) -> Outcome {
        if let node = fastCompose(text, basic: basic) { return .node(node) }
        return exactCompose(text, basic: basic)
    }

    /// The old path, node for node: YamlBudget's pass, then Yams.
    static func exactCompose(_ text: String, basic: Bool) -> Outcome {
        if basic, let exceeded = YamlBudget.check(text) { return .budget(exceeded) }
        do {
            guard let node = try Yams.compose(yaml: text, basic ? .basic : .default) else { return .empty }
            return .node(convert(node))
        } catch let error as YamlError {
            return .yams(error)
        } catch {
            return .other(error)
        }
    }

    /// A Yams node as a tree (Yams never returns `.alias` nodes from parsing: an alias is its anchor's node).
    static func convert(_ node: Node) -> YamlNode {
        let line = node.mark?.line ?? 1
        switch node {
        case let .scalar(scalar):
            return YamlNode(kind: .scalar(YamlScalar(string: scalar.string, isPlain: scalar.style == .plain,
                                                     isValueKey: node.tag.rawValue == Tag.Name.value.rawValue)), line: line)
        case let .sequence(sequence):
            return YamlNode(kind: .sequence(sequence.map(convert)), line: line)
        case let .mapping(mapping):
            return YamlNode(kind: .mapping(mapping.map { (convert($0.key), convert($0.value)) }), line: line)
        case .alias:
            return YamlNode(kind: .scalar(YamlScalar(string: "", isPlain: false, isValueKey: false)), line: line)
        }
    }

    /// Nesting the fast path leaves to YamlBudget (its limit is 64, counted slightly differently).
    static let fastMaxDepth = YamlBudget.maxDepth - 8

    /// A list or mapping being read.
    private struct Open {
        let line: Int
        let isMapping: Bool
        var items: [YamlNode] = []
    }

    /// The tree, or nil when anything in the text needs the exact path.
    static func fastCompose(_ text: String, basic: Bool) -> YamlNode? {
        var text = text
        return text.withUTF8 { bytes -> YamlNode? in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return nil }
            defer { yaml_parser_delete(&parser) }
            // As Yams sets it up.
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
            return walk(&parser, basic: basic)
        }
    }

    private static func walk(_ parser: inout yaml_parser_t, basic: Bool) -> YamlNode? {
        var stack: [Open] = []
        var root: YamlNode?
        var documents = 0
        var nodes = 0
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
            defer { yaml_event_delete(&event) }
            let line = Int(event.start_mark.line) + 1
            var finished: YamlNode?
            switch event.type {
            case YAML_STREAM_START_EVENT, YAML_DOCUMENT_END_EVENT:
                continue
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 { return nil }
                continue
            case YAML_STREAM_END_EVENT:
                return documents == 1 ? root : nil
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                guard scalar.anchor == nil, scalar.tag == nil, let value = scalar.value else { return nil }
                let buffer = UnsafeBufferPointer(start: value, count: scalar.length)
                // A leading byte-order mark: Foundation's decoding (Yams') might drop it; leave it to Yams.
                if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { return nil }
                let string = String(decoding: buffer, as: UTF8.self)
                let plain = scalar.style == YAML_PLAIN_SCALAR_STYLE
                finished = YamlNode(kind: .scalar(YamlScalar(string: string, isPlain: plain, isValueKey: !basic && plain && string == "=")), line: line)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                let anchor = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
                let tag = isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag
                guard anchor == nil, tag == nil, stack.count < fastMaxDepth else { return nil }
                stack.append(Open(line: line, isMapping: isMapping))
                continue
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let open = stack.popLast() else { return nil }
                if open.isMapping {
                    guard let pairs = uniquePairs(open.items) else { return nil }
                    finished = YamlNode(kind: .mapping(pairs), line: open.line)
                } else {
                    finished = YamlNode(kind: .sequence(open.items), line: open.line)
                }
            default:
                return nil   // an alias, or an event this reader does not know
            }
            guard let node = finished else { continue }
            nodes += 1
            if nodes > YamlBudget.maxNodes { return nil }
            if stack.isEmpty {
                root = node
            } else {
                stack[stack.count - 1].items.append(node)
            }
        }
    }

    /// A mapping's items as pairs, or nil when a key is not a scalar or a key repeats (Yams' duplicate check
    /// compares keys by text and resolved tag; without explicit tags equal texts are equal keys either way).
    private static func uniquePairs(_ items: [YamlNode]) -> [(key: YamlNode, value: YamlNode)]? {
        guard items.count % 2 == 0 else { return nil }
        var pairs: [(key: YamlNode, value: YamlNode)] = []
        pairs.reserveCapacity(items.count / 2)
        var seen = Set<String>(minimumCapacity: items.count / 2)
        var index = 0
        while index < items.count {
            guard let key = items[index].scalar, seen.insert(key.string).inserted else { return nil }
            pairs.append((items[index], items[index + 1]))
            index += 2
        }
        return pairs
    }
}
