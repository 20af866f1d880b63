import Foundation
@testable import TierView
import TestSupport
import XCTest

/// Every string the JSON writer quotes reads back as itself in a JSON parser: quotes, backslashes, control
/// characters and the invisible or private-use scalars it writes as `\u` escapes (those past U+FFFF as a
/// surrogate pair), whichever of its two paths (printable ASCII, or scalar by scalar) the string takes.
final class JSONEscapeTests: XCTestCase {
    static let pieces: [String] = ["\"", "\\", "a", " ", "\\\"", "\n", "\r", "\t", "\u{1}", "\u{7F}", "\u{9F}", "é", "e\u{301}",
                                   "\u{61C}", "\u{202E}", "\u{FEFF}", "\u{E000}", "\u{E0041}", "\u{F0000}", "\u{10FFFD}", "👍🏽", "/"]

    func testQuotedStringsReadBackAsThemselves() throws {
        var generator = SplitMix(seed: 2026)
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...10, using: &generator)).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
            var bytes = Array("[".utf8)
            JSON.quote(text, into: &bytes)
            bytes += Array("]".utf8)
            let parsed = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String]
            XCTAssertEqual(parsed, [text], "written \(String(decoding: bytes, as: UTF8.self).debugDescription)")
        }
    }

    func testEscapedPartsJoinAsTheWhole() {
        for a in Self.pieces {
            for b in Self.pieces {
                var whole: [UInt8] = [], parts: [UInt8] = []
                JSON.escape(a + b, into: &whole)
                JSON.escape(a, into: &parts)
                JSON.escape(b, into: &parts)
                XCTAssertEqual(whole, parts, "\(a.debugDescription) + \(b.debugDescription)")
            }
        }
    }

    func testPastTheBasicPlaneIsASurrogatePair() {
        XCTAssertEqual(JSON.quote("\u{E0041}"), #""\udb40\udc41""#)
        XCTAssertEqual(JSON.quote("say \"hi\" \\ \u{1}"), #""say \"hi\" \\ \u0001""#)
    }
}
