@testable import TierEngine
import TestSupport
import XCTest

/// `Provenance.parts` and `joined` take byte shortcuts; they must give what the Character-based definitions
/// give, for any text a catalog may hold (untrusted: combining marks, prepend characters, CR LF, emoji).
final class ProvenancePartsTests: XCTestCase {
    static let alphabet: [String] = [";", " ", "; ", "a", "Q", "é", "e\u{301}", "\u{301}", "\u{600}", "\r", "\n", "—",
                                     "👍🏽", "\u{200D}", "🇩🇪", "\u{1100}", "\u{1161}", ";\u{301}", " \u{301}"]

    func testPartsEqualCharacterSplit() {
        var generator = SplitMix(seed: 2026)
        for _ in 0..<20_000 {
            let source = (0..<Int.random(in: 0...12, using: &generator))
                .map { _ in Self.alphabet.randomElement(using: &generator)! }.joined()
            XCTAssertEqual(Provenance.parts(source), source.split(separator: "; ").map(String.init), "source \(source.debugDescription)")
        }
    }

    func testJoinedKeepsCanonicallyEqualPartsOnce() {
        XCTAssertEqual(Provenance.joined(["caf\u{E9}; x", "cafe\u{301}"]), "caf\u{E9}; x")
        XCTAssertEqual(Provenance.joined(["x; \u{301}y", "x"]), "x; \u{301}y; x")   // " \u{301}" is one Character
    }
}
