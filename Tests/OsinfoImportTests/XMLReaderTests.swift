import Foundation
import XCTest
@testable import OsinfoImport
import TierEngine

/// osinfo-db files read through libxml2 directly (XMLReader): the details FoundationXML's XMLParser had and the
/// import relied on, and the hostile files it crashed on.
final class XMLReaderTests: XCTestCase {
    private static func parse(_ text: String) -> (entries: [OsinfoEntry], warning: OsinfoWarning?) {
        OsinfoDatabase.parse(data: Data(text.utf8), path: "/db/os/x.org/t.xml", relative: "os/x.org/t.xml")
    }

    private func parse(_ text: String) -> (entries: [OsinfoEntry], warning: OsinfoWarning?) { Self.parse(text) }

    private func parse(bytes: [UInt8]) -> (entries: [OsinfoEntry], warning: OsinfoWarning?) {
        OsinfoDatabase.parse(data: Data(bytes), path: "/db/os/x.org/t.xml", relative: "os/x.org/t.xml")
    }

    func testFieldsEntitiesAndTranslationsReadAsBefore() throws {
        let result = parse("""
            <?xml version="1.0" encoding="UTF-8"?>
            <libosinfo version="0.0.1" xmlns:q="urn:q">
              <os id="http://x.org/a/1">
                <short-id>a1</short-id><short-id>a-one</short-id>
                <name xml:lang="de">Ein A</name>
                <name>A &amp; B &#x41;</name>
                <vendor>X &lt;Org&gt;</vendor>
                <q:extra q:attr="1"/>
                <release-date>2020-02-29</release-date>
                <devices><device id="http://pcisig.com/pci/1af4/1041"/><device id="d2" supported="false"/></devices>
                <firmware arch="x86_64" type="efi" supported="false"/>
                <media arch="x86_64"/><media arch="all"/>
              </os>
            </libosinfo>
            """)
        XCTAssertNil(result.warning)
        let entry = try XCTUnwrap(result.entries.first)
        XCTAssertEqual(entry.shortIDs, ["a1", "a-one"])
        XCTAssertEqual(entry.name, "A & B A")
        XCTAssertEqual(entry.vendor, "X <Org>")
        XCTAssertEqual(entry.releaseDate, Day("2020-02-29"))
        XCTAssertEqual(entry.devices, [OsinfoDeviceLink(id: "http://pcisig.com/pci/1af4/1041", supported: true),
                                       OsinfoDeviceLink(id: "d2", supported: false)])
        XCTAssertEqual(entry.firmware, [OsinfoFirmware(arch: "x86_64", type: "efi", supported: false)])
        XCTAssertEqual(entry.arches, ["x86_64"])
    }

    /// FoundationXML handed CDATA to a delegate method the import does not implement: CDATA is not text.
    func testCDATAIsIgnoredAsBefore() throws {
        let entry = try XCTUnwrap(parse("<libosinfo><os id=\"a\"><short-id>a<![CDATA[zz]]>b</short-id></os></libosinfo>").entries.first)
        XCTAssertEqual(entry.shortIDs, ["ab"])
    }

    /// Invalid UTF-8 inside a comment or a processing instruction crashed FoundationXML (a forced unwrap of
    /// the decoded text): now the file is skipped with a warning and the process lives.
    func testInvalidUTF8InACommentIsAWarningNotACrash() throws {
        let bytes = Array("<libosinfo>\n<!-- bad ".utf8) + [0xff, 0xfe] + Array(" -->\n<os id=\"a\"/></libosinfo>".utf8)
        let result = parse(bytes: bytes)
        XCTAssertTrue(result.entries.isEmpty)
        XCTAssertEqual(result.warning?.message, "malformed XML at line 2: Input is not proper UTF-8, indicate encoding ! (libxml2 error 9); skipped")
        let pi = Array("<libosinfo><?p ".utf8) + [0xc3] + Array("?><os id=\"a\"/></libosinfo>".utf8)
        XCTAssertTrue(parse(bytes: pi).warning?.message.contains("malformed XML at line 1") ?? false)
    }

    /// A DTD that declares entities (which would load external files or expand without bound) declares nothing:
    /// the reference is undeclared, the file skipped.
    func testDeclaredEntitiesAreNotExpanded() throws {
        let result = parse("""
            <!DOCTYPE libosinfo [<!ENTITY e SYSTEM "file:///etc/passwd"><!ENTITY f "inline">]>
            <libosinfo><os id="a"><short-id>&e;&f;</short-id></os></libosinfo>
            """)
        XCTAssertTrue(result.entries.isEmpty)
        XCTAssertEqual(result.warning?.message, "malformed XML at line 2: Entity 'e' not defined (libxml2 error 26); skipped")
    }

    func testShortAndBrokenFilesGiveTheSameWarningsAsBefore() {
        // The warnings FoundationXML's build gave (checked against it), with libxml2's own words for the error.
        // Fewer than four bytes never start a parse.
        XCTAssertEqual(parse("<a").warning?.message, "is empty (no <libosinfo> element); skipped")
        XCTAssertEqual(parse("").warning?.message, "is empty (no <libosinfo> element); skipped")
        XCTAssertEqual(parse("<libosinfo><os id=\"a\">\n<name>A</name>\n").warning?.message,
                       "malformed XML at line 2: premature end of the document (2 elements not closed) (libxml2 error 5); skipped")
        XCTAssertEqual(parse("<other><os id=\"a\"/></other>").warning?.message,
                       "not an osinfo-db file (root element <other>, expected <libosinfo>); skipped")
        XCTAssertEqual(parse("<libosinfo></os></libosinfo>").warning?.message,
                       "malformed XML at line 1: Opening and ending tag mismatch: libosinfo line 1 and os (libxml2 error 76); skipped")
    }

    /// Issue 14 row 22: "XML error 89" said nothing (the hand-written table named 13 codes, 6 of them wrongly).
    /// Every malformed file's warning names the file, the line and libxml2's own words for what is wrong.
    func testEveryMalformedFileSaysWhatIsWrong() {
        let broken: [(String, String)] = [
            ("<!DOCTYPE libosinfo [<!ENTITY a \"&b;\"><!ENTITY b \"&a;\">]>\n<libosinfo>&a;</libosinfo>", "Entity 'a' not defined"),
            ("<libosinfo>\n<os id=\"a\" id=\"b\"/></libosinfo>", "Attribute id redefined"),
            ("<libosinfo>\n<os id=a/></libosinfo>", "AttValue: \" or ' expected"),
            ("<libosinfo>\n<os id=\"a\"\n</libosinfo>", "error parsing attribute name"),
            ("<libosinfo><os id=\"a&b\"/></libosinfo>", "EntityRef: expecting ';'"),
            ("<libosinfo><os id=\"<\"/></libosinfo>", "Unescaped '<' not allowed in attributes values"),
            ("<libosinfo/>\n<libosinfo/>", "Extra content at the end of the document"),
            ("<libosinfo>\n<os>\n", "premature end of the document (2 elements not closed)"),
            ("<libosinfo>\u{1B}[2J</libosinfo>", "PCDATA invalid Char value 27"),
        ]
        for (text, words) in broken {
            let warning = parse(text).warning
            XCTAssertEqual(warning?.path, "/db/os/x.org/t.xml")
            let message = warning?.message ?? ""
            XCTAssertTrue(message.hasPrefix("malformed XML at line "), message)
            XCTAssertTrue(message.contains(": \(words) (libxml2 error "), "\(message)\nexpected: \(words)")
            XCTAssertFalse(message.contains("without a message"), message)
            XCTAssertFalse(message.unicodeScalars.contains(where: SafeText.isUnsafe), message)
        }
    }

    /// Files parse on several threads at once: the error function is per thread, results per file.
    func testConcurrentParsesKeepTheirOwnErrors() {
        let good = "<libosinfo><os id=\"a\"><short-id>a</short-id></os></libosinfo>"
        let bad = "<libosinfo><os id=\"b\">\n\n<short-id>b</os></libosinfo>"
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var ok: [Bool] = Array(repeating: false, count: 200)
        }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 200) { i in
            let r = i % 2 == 0 ? Self.parse(good) : Self.parse(bad)
            let ok = i % 2 == 0 ? (r.warning == nil && r.entries.count == 1)
                : (r.warning?.message == "malformed XML at line 3: Opening and ending tag mismatch: short-id line 3 and os (libxml2 error 76); skipped")
            results.lock.lock()
            results.ok[i] = ok
            results.lock.unlock()
        }
        XCTAssertTrue(results.ok.allSatisfy { $0 })
    }
}
