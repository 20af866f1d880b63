import Foundation
import TierEngine
import TierView
import XCTest

/// The reference screens in Screens/: each scenario is (date, policy, size, theme, glyphs, keys) → Frame,
/// painted as text, ANSI and SVG and compared byte for byte. `UPDATE_SCREENS=1 swift test --filter
/// ScreenGoldenTests` rewrites them (then look at them: `Screens/regenerate` also makes PNGs).
final class ScreenGoldenTests: XCTestCase {
    struct Scenario {
        var name: String
        var date = "2020-03-10"
        var policy = "both"
        var size = "120x40"
        var keys = ""
        var theme = Theme.Depth.color256
        var ascii = false
        var formats: [FrameExport.Format] = [.text, .ansi, .svg]
        var proposal: String? = nil
    }

    static let scenarios: [Scenario] = [
        Scenario(name: "matrix-120x40"),
        Scenario(name: "matrix-80x24", size: "80x24"),
        Scenario(name: "detail-rhel6-q35", keys: "/rhel6<Enter>w<Enter>"),
        Scenario(name: "help", keys: "?"),
        Scenario(name: "monochrome", keys: "/rhel6<Enter>w", theme: .monochrome, formats: [.ansi, .svg]),
        Scenario(name: "eight-colour", keys: "/rhel6<Enter>w", theme: .color8, formats: [.ansi]),
        // win10, released in 2015: a search that finds its guest (win11 did not exist on 2020-03-10).
        Scenario(name: "ascii", keys: "/win10<Enter>", ascii: true, formats: [.text, .ansi]),
        Scenario(name: "too-small", size: "40x10", formats: [.text, .ansi]),
        Scenario(name: "vendor-2021-03-10", date: "2021-03-10", policy: "vendor", keys: "/rhel6<Enter>", formats: [.text, .svg]),
        // The first screen today: merged runs show all five families; cause marks on every Supported cell.
        Scenario(name: "today-120x40", date: "2026-11-26"),
        Scenario(name: "today-80x24", date: "2026-11-26", size: "80x24"),
        Scenario(name: "today-mono", date: "2026-11-26", theme: .monochrome, formats: [.ansi, .svg]),
        Scenario(name: "every-version", keys: "v", formats: [.text]),
        Scenario(name: "base-tier-only", keys: "B/rhel6<Enter>", formats: [.text, .svg]),
        // The 2020 mail's pseries proposal: rhel6 × pseries-5.0 stays Supported (vendor cap) but breaks
        // technically; P marks it R~S and the detail says so.
        Scenario(name: "proposal-pseries-technical", date: "2020-06-01", keys: "P/rhel6<Enter>ww",
                 formats: [.text, .ansi, .svg], proposal: "pseries-iommu-5.0"),
        Scenario(name: "proposal-pseries-technical-80x24", date: "2020-06-01", size: "80x24",
                 keys: "P/rhel6<Enter>ww", formats: [.text, .svg], proposal: "pseries-iommu-5.0"),
        Scenario(name: "diff-pinned-2020-2021", policy: "vendor", keys: "D}/rhel6<Enter>", formats: [.text, .svg]),
    ]

    static let screens = Fixture.repoRoot.appendingPathComponent("Screens")
    static var updating: Bool { !(ProcessInfo.processInfo.environment["UPDATE_SCREENS"] ?? "").isEmpty }

    static func render(_ scenario: Scenario, _ format: FrameExport.Format) throws -> String {
        var context = Fixture.context(ascii: scenario.ascii)
        if let proposal = scenario.proposal {
            context = ExplorerContext(evaluator: Evaluator(catalog: Fixture.catalog, proposal: Fixture.catalog.proposal(proposal)),
                                      today: Fixture.today, glyphs: scenario.ascii ? .plain : .unicode)
        }
        let start = Fixture.state(date: scenario.date, policy: scenario.policy, size: scenario.size)
        let state = try Fixture.replay(scenario.keys, from: start, context: context)
        return FrameExport.render(ExplorerView.frame(state, context), format: format, theme: Theme(scenario.theme))
    }

    static func fileExtension(_ format: FrameExport.Format) -> String {
        switch format {
        case .text: return "txt"
        case .ansi: return "ans"
        case .svg: return "svg"
        case .html: return "html"
        }
    }

    /// A golden must show what its name says: every search finds its guest, "ascii" is ASCII only, "detail" has
    /// the detail pane open, "help" the help (issue 14: Screens/ascii showed "no guest matches 'win11'" for a year).
    func testEachScenarioShowsWhatItsNameSays() throws {
        for scenario in Self.scenarios {
            let text = try Self.render(scenario, .text)
            XCTAssertFalse(text.contains("no guest matches"), "\(scenario.name): its search finds nothing")
            if scenario.ascii {
                XCTAssertTrue(text.unicodeScalars.allSatisfy { $0.isASCII }, "\(scenario.name) has non-ASCII characters")
            }
            if scenario.keys.hasPrefix("/") {
                let searched = scenario.keys.dropFirst().prefix { $0 != "<" }
                XCTAssertTrue(text.contains(">\(searched)") || text.contains("[\(searched)") || text.contains(" \(searched) "),
                              "\(scenario.name): the searched guest \(searched) is not shown")
            }
            if scenario.name.hasPrefix("detail") { XCTAssertTrue(text.contains("would lift it") || text.contains("reasons"), scenario.name) }
            if scenario.name == "help" { XCTAssertTrue(text.contains("date one year later"), scenario.name) }
            if scenario.name == "too-small" { XCTAssertTrue(text.contains("too small"), scenario.name) }
        }
    }

    func testScreensMatchTheGoldens() throws {
        var drifted: [String] = []
        for scenario in Self.scenarios {
            for format in scenario.formats {
                let actual = try Self.render(scenario, format)
                let url = Self.screens.appendingPathComponent("\(scenario.name).\(Self.fileExtension(format))")
                if Self.updating {
                    try FileManager.default.createDirectory(at: Self.screens, withIntermediateDirectories: true)
                    try actual.write(to: url, atomically: true, encoding: .utf8)
                    continue
                }
                guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
                    drifted.append("\(url.lastPathComponent): missing (run UPDATE_SCREENS=1 swift test --filter ScreenGoldenTests)")
                    continue
                }
                if expected != actual {
                    drifted.append("\(url.lastPathComponent):\n" + GoldenDiff.describe(expected: expected, actual: actual))
                }
            }
        }
        XCTAssertTrue(drifted.isEmpty, "screens drifted from Screens/ — if the change is intended, run UPDATE_SCREENS=1 swift test --filter ScreenGoldenTests and look at them:\n" + drifted.joined(separator: "\n"))
    }

    /// Two renders of the same state are byte-identical (no clocks, no random ids).
    func testRendersAreDeterministic() throws {
        for scenario in Self.scenarios {
            for format in scenario.formats {
                XCTAssertEqual(try Self.render(scenario, format), try Self.render(scenario, format), scenario.name)
            }
        }
    }

    /// Without colour, tiers still differ on screen: by glyph, and by attribute.
    func testMonochromeKeepsTiersDistinguishable() {
        let theme = Theme(.monochrome)
        let glyphs = Set([Tier.recommended, .supported, .unsupported].map { Glyphs.unicode.tier($0) })
        XCTAssertEqual(glyphs.count, 3)
        let attributes = Set([Tier.recommended, .supported, .unsupported].map { theme.attributes(.tier($0)) })
        XCTAssertEqual(attributes.count, 3)
        for tier in Tier.allCases {
            XCTAssertNil(theme.attributes(.tier(tier)).foreground)
            XCTAssertNil(theme.attributes(.tier(tier)).background)
        }
    }
}

/// A readable diff for goldens: the differing lines with their numbers, escape characters made visible.
enum GoldenDiff {
    static func visible(_ line: Substring) -> String {
        line.replacingOccurrences(of: "\u{1B}", with: "␛")
    }

    static func describe(expected: String, actual: String, limit: Int = 12) -> String {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        var shown = 0
        for i in 0..<max(e.count, a.count) {
            let left = i < e.count ? e[i] : nil, right = i < a.count ? a[i] : nil
            if left == right { continue }
            shown += 1
            if shown > limit { out.append("  … more differing lines"); break }
            out.append("  line \(i + 1):")
            out.append("  - \(left.map(visible) ?? "(none)")")
            out.append("  + \(right.map(visible) ?? "(none)")")
        }
        if e.count != a.count { out.append("  (expected \(e.count) lines, got \(a.count))") }
        return out.joined(separator: "\n")
    }
}
