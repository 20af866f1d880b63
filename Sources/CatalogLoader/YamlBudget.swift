import CYaml
import Foundation

/// A pass over libyaml's event stream before Yams builds nodes: YAML aliases let a few hundred bytes stand for
/// billions of nodes ("billion laughs"), and Yams composes and hashes every expansion, recursively. This pass
/// counts what composing would build, aliases expanded, and stops at a limit: nesting depth (a deep chain of
/// aliases or brackets overflows the stack) and expanded node count (time and memory). Catalog files never need
/// aliases; these limits leave ordinary YAML alone.
///
/// `CYaml` is the libyaml target inside the Yams package (the same parser Yams uses, so both passes agree).
enum YamlBudget {
    static let maxDepth = 64
    static let maxNodes = 1_000_000

    struct Exceeded: Error {
        let line: Int
        let message: String
    }

    /// nil when the text is within budget (or has a syntax error, which Yams then reports with its own words).
    static func check(_ text: String) -> Exceeded? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer -> Exceeded? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            return walk(&parser)
        }
    }

    /// A collection being read: the nodes it holds so far (itself included) and the deepest nesting below it.
    private struct Open {
        var anchor: String?
        var nodes = 1
        var depth = 1
    }

    private static func walk(_ parser: inout yaml_parser_t) -> Exceeded? {
        var anchors: [String: (nodes: Int, depth: Int)] = [:]
        var stack: [Open] = []
        var total = 0
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else { return nil }   // a syntax error: Yams says which
            defer { yaml_event_delete(&event) }
            let line = Int(event.start_mark.line) + 1
            // A finished node of `nodes` nodes and `depth` levels: counted in its parent (or the document).
            func add(nodes: Int, depth: Int) -> Exceeded? {
                total += nodes
                if total > maxNodes {
                    return Exceeded(line: line, message: "YAML expands to more than \(maxNodes) nodes (aliases expanded); catalog files need no aliases")
                }
                if stack.count + depth > maxDepth {
                    return Exceeded(line: line, message: "YAML nests deeper than \(maxDepth) levels (aliases expanded)")
                }
                if !stack.isEmpty {
                    stack[stack.count - 1].nodes += nodes
                    stack[stack.count - 1].depth = max(stack[stack.count - 1].depth, depth + 1)
                }
                return nil
            }
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return nil
            case YAML_ALIAS_EVENT:
                let name = string(event.data.alias.anchor)
                // An unknown anchor is Yams' error to report.
                guard let target = name.flatMap({ anchors[$0] }) else { continue }
                if let exceeded = add(nodes: target.nodes, depth: target.depth) { return exceeded }
            case YAML_SCALAR_EVENT:
                if let name = string(event.data.scalar.anchor) { anchors[name] = (1, 1) }
                if let exceeded = add(nodes: 1, depth: 1) { return exceeded }
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let anchor = event.type == YAML_SEQUENCE_START_EVENT
                    ? string(event.data.sequence_start.anchor) : string(event.data.mapping_start.anchor)
                stack.append(Open(anchor: anchor))
                if stack.count > maxDepth {
                    return Exceeded(line: line, message: "YAML nests deeper than \(maxDepth) levels")
                }
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let closed = stack.popLast() else { continue }
                if let name = closed.anchor { anchors[name] = (closed.nodes, closed.depth) }
                // The collection's own node was counted in `nodes`; its children were added to `total` already.
                total -= closed.nodes - 1
                if let exceeded = add(nodes: closed.nodes, depth: closed.depth) { return exceeded }
            default:
                continue
            }
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
    }
}
