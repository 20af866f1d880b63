import Foundation
import XCTest
@testable import CatalogLoader
import TestSupport

/// The hand-written scanner `SourceLint.places(in:)` uses for printable-ASCII sources finds exactly what the
/// regular expressions find: on every source of the bundled catalog, and on generated sources built from the
/// pieces the patterns care about (URL schemes, stop characters, slashes, dots, quotes, hex runs around the
/// 7 and 40 digit limits, word characters that are not hex, repository names, the part separator).
final class SourceScannerTests: XCTestCase {
    /// Whether the source names any place (so that a test can show it compares more than empty answers).
    @discardableResult
    private func assertSame(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        guard let scanner = ASCIISourceScanner(source) else {
            XCTFail("not printable ASCII: \(source)", file: file, line: line)
            return false
        }
        let expected = SourceLint.regexPlaces(in: source)
        XCTAssertEqual(scanner.places(repositories: SourceLint.repositories, privatePlaces: SourceLint.privatePlaces),
                       expected, source, file: file, line: line)
        for needle in SourceLint.privatePlaces {
            XCTAssertEqual(scanner.contains(needle), source.contains(needle), source, file: file, line: line)
        }
        return !expected.isEmpty
    }

    func testEveryBundledSourceGivesTheSamePlaces() {
        let sources = Set(SourceLint.sources(directory: bundledCatalogDirectory.path).map(\.found.source))
        XCTAssertGreaterThan(sources.count, 200)
        var scanned = 0, named = 0
        for source in sources {
            if ASCIISourceScanner(source) != nil {
                assertSame(source)
                scanned += 1
            }
            // Whichever path a source takes, `places(in:)` answers as the regular expressions do.
            XCTAssertEqual(SourceLint.places(in: source), SourceLint.regexPlaces(in: source), source)
            if !SourceLint.places(in: source).isEmpty { named += 1 }
        }
        XCTAssertGreaterThan(scanned, sources.count * 3 / 4)
        XCTAssertEqual(named, sources.count)   // the bundled catalog has no source warnings
    }

    func testTextWithOtherCharactersTakesTheRegularExpressions() {
        XCTAssertNil(ASCIISourceScanner("QEMU hw/i386/pc.c …"))
        XCTAssertNil(ASCIISourceScanner("QEMU hw/i386/pc.c\tx"))
        XCTAssertNil(ASCIISourceScanner("QEMU hw/i386/é/pc.c"))
        XCTAssertEqual(SourceLint.places(in: "QEMU hw/i386/é/pc.c"), SourceLint.regexPlaces(in: "QEMU hw/i386/é/pc.c"))
        XCTAssertNotNil(ASCIISourceScanner(""))
        assertSame("")
    }

    func testHandPickedEdgesGiveTheSamePlaces() {
        let cases = [
            "http://", "https://", "http://a", "https://a.b/c.", "https://a.b/c:.", "httpss://a", "xhttp://a.b", "http://a;b",
            "see https://x.org/a,b) and http://y.org/'q'", "https://x.org/a<b>", "http://x.org/\"a\"", "https://x.org/a ; QEMU b/c",
            "QEMU a/b", "QEMU /a/b", "QEMU .a/b", "QEMU x.a/b", "QEMU a//b", "QEMU a/b/", "QEMU /a", "QEMU a/", "QEMU +a/-b",
            "QEMU a+b/c-d.e_f", "QEMU _a/b", "QEMU a/1.2", "QEMU a/b/1", "QEMU 4.1/4.14/5.4", "QEMU a/b/c.9", "QEMU PIIX3/4",
            "QEMU shared/x", "QEMU a/shared/b", "QEMU a/domain.md", "QEMU 'hw/a/b.c' hw/c/d.c", "QEMU 'a' b/c 'd", "QEMU ''a/b",
            "QEMU abcdef0", "QEMU abcdef", "QEMU 1234567", "QEMU 123456a", "QEMU a123456789012345678901234567890123456789",
            "QEMU a1234567890123456789012345678901234567890", "QEMU abcdef0g", "QEMU gabcdef0", "QEMU _abcdef0", "QEMU abcdef0_",
            "QEMU ABCDEF0", "QEMU abcdef0A", "QEMU Aabcdef0", "QEMU abcdef0/deadbeef", "QEMU deadbeef.c0ffee1", "QEMU -deadbeef-",
            "QEMU deadbeef; Linux cafebabe", "deadbeef QEMU", "Linux; QEMU", "QEMU; ; Linux a/b", ";QEMU a/b", "QEMU a/b;", "; ",
            "Debian package foo, /usr/share/doc/foo/copyright", "Debian  package a/b", "osinfo-db os/a.b/c.xml", "linux a/b", "LINUX a/b",
            "QEMU https://a.b/c/d 1234abcd", "QEMU http://a.b/c x/y http://a.b/c", "https://a.b/c https://a.b/c; https://a.b/c",
            "QEMU https://a/b/c/d.e", "QEMU https://a.org/x.", "QEMU a/b.", "QEMU ./a/b", "QEMU ../a/b", "QEMU ~/a/b", "QEMU a/b:c/d", "QEMU //.b/c", "QEMU /.b/c", "QEMU a/.b/c", "QEMU a./b",
        ]
        for source in cases { assertSame(source) }
    }

    func testGeneratedSourcesGiveTheSamePlaces() {
        let pieces = [
            "http", "https", "://", "http://", "https://", "x.org", "/", "//", ".", "..", ":", ";", "; ", ",", ")", "(", "'", "\"",
            "<", ">", " ", "  ", "+", "-", "_", "~", "=", "hw", "i386", "pc_q35.c", "4.1", "9", "0", "abc", "deadbeef", "c0ffee1",
            "abcdef", "1234567", "0123456789abcdef0123456789abcdef01234567", "0123456789abcdef0123456789abcdef012345678", "8d3122a",
            "ABCDEF", "g", "Z", "QEMU", "Linux", "linux", "osinfo-db", "edk2", "Debian package", "Debian", "package", "shared/",
            "domain.md", "commit", "#", "@", "%", "?", "&", "!", "*", "[", "]", "{", "}", "|", "\\", "^", "`", "$",
        ]
        var random = SplitMix(seed: 13)
        var named = 0
        for _ in 0..<20000 {
            var source = ""
            for _ in 0..<(1 + random.next(16)) { source += pieces[random.next(pieces.count)] }
            if assertSame(source) { named += 1 }
        }
        XCTAssertGreaterThan(named, 2000, "too few generated sources name a place to show anything")
    }
}
