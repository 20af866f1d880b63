import Foundation
import TierEngine
@testable import TierView
import XCTest

/// A source's URL in the detail pane and overlay continues on the next line instead of being cut with `…`:
/// a cut URL cannot be opened.
final class LongURLTests: XCTestCase {
    let url = "https://lore.kernel.org/qemu-devel/20200310114343.GD3234052@redhat.com/"

    func testTheDetailWrappingBreaksALongURLAndLosesNothing() {
        let lines = ExplorerView.wrapped([("    source: see \(url) for the mail", .dim)], columns: 30)
        XCTAssertFalse(lines.contains { $0.0.contains("…") }, "\(lines)")
        XCTAssertTrue(lines.allSatisfy { DisplayText.width($0.0) <= 30 }, "\(lines)")
        let joined = lines.map { $0.0.trimmingCharacters(in: .whitespaces) }.joined()
        XCTAssertTrue(joined.contains(url), joined)
    }

    func testMailWrappingStillKeepsAndShortLinesStillCut() {
        XCTAssertEqual(DisplayText.wrap("x \(url)", columns: 20, cutLongWords: false), ["x", url])
        XCTAssertEqual(DisplayText.wrap(url, columns: 10), ["https://l…"])
        XCTAssertEqual(DisplayText.wrap(url, columns: 30, longWords: .break).joined(), url)
    }
}
