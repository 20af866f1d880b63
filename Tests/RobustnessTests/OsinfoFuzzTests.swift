import CatalogLoader
import Foundation
import OsinfoImport
import TierEngine
import TierView
import XCTest
import TestSupport

/// Seeded mutations of real osinfo-db XML (or the fixtures where osinfo-db is not installed): every run ends
/// in a database (with one warning per broken file) that merges, evaluates and draws clean frames.
final class OsinfoFuzzTests: XCTestCase {
    typealias Rng = SplitMix

    static let fragments = [
        "<", ">", "&", "&amp", "]]>", "<![CDATA[", "\u{1B}[2J", "\u{9B}", "\u{202E}", "\r", "<derives-from id=\"http://redhat.com/rhel/6.0\"/>",
        "<derives-from id=\"http://example/loop\"/>", "<release-date>2099-99-99</release-date>", "<eol-date>x</eol-date>",
        "<device id=\"http://pcisig.com/pci/1af4/1041\"/>", "<short-id>rhel6.0</short-id>", String(repeating: "<a>", count: 200),
        "<name>漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字</name>", "</os>", "<os id=\"", "\"", "'", "<!-- ", " -->",
    ]

    static let repoRoot = Corpus.repoRoot

    /// A dozen real entries (with their derives-from parents), or the fixtures.
    static func corpus() -> [String: String] {
        var out: [String: String] = [:]
        let real = ["redhat.com/rhel-6.0.xml", "redhat.com/rhel-6.10.xml", "redhat.com/rhel-7.0.xml", "redhat.com/rhel-8.0.xml",
                    "microsoft.com/win-10.xml", "microsoft.com/win-7.xml", "ubuntu.com/ubuntu-20.04.xml", "debian.org/debian-10.xml",
                    "freebsd.org/freebsd-13.0.xml", "centos.org/centos-7.0.xml"]
        for file in real {
            if let text = try? String(contentsOfFile: "/usr/share/osinfo/os/" + file, encoding: .utf8) { out["os/" + file] = text }
        }
        if out.count >= 5 { return out }
        let fixtures = repoRoot.appendingPathComponent("Tests/OsinfoImportTests/Fixtures/osinfo")
        let enumerator = FileManager.default.enumerator(at: fixtures, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "xml" else { continue }
            out[String(url.path.dropFirst(fixtures.path.count + 1))] = try? String(contentsOf: url, encoding: .utf8)
        }
        return out
    }

    static func mutate(_ text: String, _ rng: inout Rng) -> String {
        var lines = text.components(separatedBy: "\n")
        switch Int.random(in: 0..<6, using: &rng) {
        case 0:
            var scalars = Array(text.unicodeScalars)
            if !scalars.isEmpty { scalars[Int.random(in: 0..<scalars.count, using: &rng)] = Unicode.Scalar(UInt8.random(in: 0...127, using: &rng)) }
            var out = ""
            out.unicodeScalars.append(contentsOf: scalars)
            return out
        case 1: if !lines.isEmpty { lines.remove(at: Int.random(in: 0..<lines.count, using: &rng)) }
        case 2: if !lines.isEmpty { let i = Int.random(in: 0..<lines.count, using: &rng); lines.insert(lines[i], at: i) }
        case 3: return String(text.prefix(Int.random(in: 0...text.count, using: &rng)))
        default:
            let i = Int.random(in: 0..<max(1, lines.count), using: &rng)
            if lines.isEmpty { lines = [""] }
            let line = lines[i]
            let at = line.index(line.startIndex, offsetBy: Int.random(in: 0...line.count, using: &rng))
            lines[i] = String(line[..<at]) + fragments.randomElement(using: &rng)! + String(line[at...])
        }
        return lines.joined(separator: "\n")
    }

    func testMutatedOsinfoXMLNeverCrashesAndDrawsClean() throws {
        let base = Self.corpus()
        XCTAssertGreaterThanOrEqual(base.count, 3)
        let catalog = try CatalogLoader.load(directory: Self.repoRoot.appendingPathComponent("Catalog").path)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("gt-osinfo-fuzz-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        var rng = Rng(seed: 20221203)
        let names = base.keys.sorted()
        let iterations = 600
        for iteration in 0..<iterations {
            try? FileManager.default.removeItem(at: root)
            var files = base
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let name = names.randomElement(using: &rng)!
                files[name] = Self.mutate(files[name]!, &rng)
            }
            for (name, text) in files {
                let url = root.appendingPathComponent(name)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try text.write(to: url, atomically: false, encoding: .utf8)
            }
            let db = try OsinfoDatabase.load(directory: root.path)
            XCTAssertLessThanOrEqual(db.warnings.count, files.count, "at most one warning per file (iteration \(iteration))")
            for warning in db.warnings {
                XCTAssertTrue(warning.description.contains(".xml"), "a warning names its file: \(warning)")
                XCTAssertFalse(warning.description.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) },
                               "warning carries raw control characters (iteration \(iteration))")
            }
            let (merged, _) = OsinfoMerge.merge(catalog, with: db)
            let evaluator = Evaluator(catalog: merged)
            let date = Day("2022-01-01")!
            _ = evaluator.tiers(at: date, policy: merged.policy("both")!)
            if iteration % 20 == 0 {
                let context = ExplorerContext(evaluator: evaluator, today: date)
                var state = Explorer.begin(AppState(date: date, policy: merged.policy("both")!, size: ScreenSize(width: 100, height: 30)), context)
                state.showHidden = true
                state = Explorer.update(state, .lastRow, context).state
                for cell in ExplorerView.frame(state, context).cells {
                    XCTAssertFalse(cell.text.unicodeScalars.contains { SafeText.isUnsafe($0) }, "iteration \(iteration)")
                }
            }
        }
    }

    /// Entity expansion ("billion laughs") and a deep document: a warning or a result, quickly, never a hang.
    func testEntityExpansionAndDeepNestingAreBounded() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("gt-osinfo-laughs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let dir = root.appendingPathComponent("os/evil.org")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
        var previous = "lol"
        for i in 1...9 {
            laughs += "<!ENTITY lol\(i) \"" + String(repeating: "&\(previous);", count: 10) + "\">"
            previous = "lol\(i)"
        }
        laughs += "]>\n<libosinfo version=\"0.0.1\"><os id=\"http://evil.org/1\"><short-id>evil1</short-id><name>&\(previous);</name></os></libosinfo>\n"
        try laughs.write(to: dir.appendingPathComponent("laughs.xml"), atomically: false, encoding: .utf8)
        let deep = "<libosinfo>" + String(repeating: "<os>", count: 20000) + String(repeating: "</os>", count: 20000) + "</libosinfo>"
        try deep.write(to: dir.appendingPathComponent("deep.xml"), atomically: false, encoding: .utf8)
        let start = Date()
        let db = try OsinfoDatabase.load(directory: root.path)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
        for entry in db.entries { XCTAssertLessThan(entry.name?.count ?? 0, 100_000, "entity expansion was not bounded") }
    }
}
