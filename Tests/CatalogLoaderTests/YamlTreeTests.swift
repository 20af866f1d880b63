import Foundation
import XCTest
@testable import CatalogLoader
import TestSupport

/// YamlTree builds most catalog files straight from libyaml's events and hands the rest to the old path
/// (YamlBudget, then Yams). Differential: on every bundled catalog file, hand-written YAML corner cases, and
/// thousands of seeded mutations of them, the fast path's outcome must be exactly the old path's — the same tree
/// (kinds, texts, plain or not, lines) or the same error — under both resolvers the loader uses.
final class YamlTreeTests: XCTestCase {
    /// A whole outcome as text, so that two outcomes compare with one assertion and a failure shows both.
    static func describe(_ outcome: YamlTree.Outcome) -> String {
        switch outcome {
        case let .node(node): return "node " + describe(node)
        case .empty: return "empty"
        case let .budget(exceeded): return "budget \(exceeded.line) \(exceeded.message)"
        case let .yams(error): return "yams \(error)"
        case let .other(error): return "other \(error)"
        }
    }

    static func describe(_ node: YamlNode) -> String {
        switch node.kind {
        case let .scalar(scalar):
            return "\(node.line):\(scalar.isPlain ? "plain" : "quoted")\(scalar.isValueKey ? "=" : "")\(scalar.string.debugDescription)"
        case let .sequence(items):
            return "\(node.line):[" + items.map(describe).joined(separator: ", ") + "]"
        case let .mapping(pairs):
            return "\(node.line):{" + pairs.map { describe($0.key) + ": " + describe($0.value) }.joined(separator: ", ") + "}"
        }
    }

    static let corners = [
        "", "# only a comment\n", "---\n", "--- \n...\n", "a: 1\n---\nb: 2\n", "a: 1\na: 2\n", "a: 1\n\"a\": 2\n",
        "yes: 1\n\"yes\": 2\n", "1: a\n01: b\n", "a: &x 1\nb: *x\n", "a: *nosuch\n", "!!str a: 1\na: 2\n", "a: !foo 1\n",
        "? [1, 2]\n: x\n", "? {a: 1}\n: x\n", "=: 1\nsource: {=: v}\n", "source:\n  =: inner\n  x: y\n", "a: [1, 2\n",
        "a: 'unterminated\n", "\u{FEFF}a: 1\n", "a: \"\u{FEFF}b\"\n", "a: \"\\ufeffb\"\n", "a: \"\\0x\"\n", "a:\tb\n",
        "a: |\n  lit\n  eral\n", "a: >\n  fol\n  ded\n", "- a\n- ~\n- null\n- ''\n- \"\"\n", "a:\n  - b: c\n    d: e\n",
        "a: \"e\u{301}\"\n\"\u{E9}\": 2\n", "e\u{301}: 1\n\u{E9}: 2\n", String(repeating: "[", count: 70) + String(repeating: "]", count: 70),
        String(repeating: "- ", count: 58) + "x\n", "%YAML 1.1\n---\na: 1\n", "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n",
        "a: b: c\n", "\ta: 1\n", "a: \u{7}\n", "[a, b]: c\n", "a: {b: 1, b: 2}\n", "- &a [*a]\n",
    ]

    static let fragments = [
        "&a ", "*a", "&b ", "*b", "!!str ", "!x ", "!!map ", "? ", ": ", "- ", "{", "}", "[", "]", ",", "'", "\"", "#",
        "---\n", "...\n", "=", "<<: ", "\t", "|", ">", "~", "null", "\u{FEFF}", "e\u{301}", "\\", "%", "@", "\n  ",
    ]

    func testFastPathEqualsTheOldPathOnMutatedCatalogFiles() throws {
        var texts = Self.corners
        let catalog = bundledCatalogDirectory.path
        for case let path as String in FileManager.default.enumerator(atPath: catalog) ?? NSEnumerator()
        where path.hasSuffix(".yaml") {
            texts.append(try String(contentsOfFile: catalog + "/" + path, encoding: .utf8))
        }
        var rng = SplitMix(seed: 13)
        var fast = 0, exact = 0
        let mutations = texts.count * 40
        func compare(_ text: String) {
            for basic in [true, false] {
                let old = Self.describe(YamlTree.exactCompose(text, basic: basic))
                let new = Self.describe(YamlTree.compose(text, basic: basic))
                XCTAssertEqual(new, old, "basic \(basic): \(text.prefix(300).debugDescription)")
            }
            if YamlTree.fastCompose(text, basic: true) != nil { fast += 1 } else { exact += 1 }
        }
        for text in texts { compare(text) }
        for _ in 0..<mutations {
            // Small files mutate as they are; the big ones as a window of lines, which keeps the test fast.
            var text = texts.randomElement(using: &rng)!
            var lines = text.components(separatedBy: "\n")
            if lines.count > 60 {
                let start = Int.random(in: 0..<(lines.count - 40), using: &rng)
                lines = Array(lines[start..<(start + 40)])
            }
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let i = Int.random(in: 0..<lines.count, using: &rng)
                switch Int.random(in: 0..<5, using: &rng) {
                case 0: lines.remove(at: i); if lines.isEmpty { lines = [""] }
                case 1: lines.insert(lines[i], at: i)
                case 2: lines.swapAt(i, Int.random(in: 0..<lines.count, using: &rng))
                default:
                    let line = lines[i]
                    let at = line.index(line.startIndex, offsetBy: Int.random(in: 0...line.count, using: &rng))
                    lines[i] = String(line[..<at]) + Self.fragments.randomElement(using: &rng)! + String(line[at...])
                }
            }
            text = lines.joined(separator: "\n")
            compare(text)
        }
        // Both paths must have been exercised, or the comparison proves nothing.
        XCTAssertGreaterThan(fast, mutations / 10, "fast path taken \(fast) times")
        XCTAssertGreaterThan(exact, mutations / 10, "old path taken \(exact) times")
    }

    /// The whole bundled catalog takes the fast path (else the speed-up would be lost without a failing test).
    func testBundledCatalogFilesTakeTheFastPath() throws {
        let catalog = bundledCatalogDirectory.path
        for case let path as String in FileManager.default.enumerator(atPath: catalog) ?? NSEnumerator()
        where path.hasSuffix(".yaml") {
            let text = try String(contentsOfFile: catalog + "/" + path, encoding: .utf8)
            XCTAssertNotNil(YamlTree.fastCompose(text, basic: true), path)
            XCTAssertNotNil(YamlTree.fastCompose(text, basic: false), path)
        }
    }

    func testBlankMatchesFoundationTrimming() {
        let samples = ["", " ", "\t", " \t ", "a", " a", "\u{A0}", "\u{3000}", "\u{2009}x", "\n", "\r", "\u{85}", "\u{200B}", "\u{FEFF}", "\u{1680}"]
        for sample in samples {
            XCTAssertEqual(isBlank(sample), sample.trimmingCharacters(in: .whitespaces).isEmpty, sample.debugDescription)
        }
    }
}
