import CatalogLoader
import Foundation
import OsinfoImport
import TierEngine
@testable import TierView
import XCTest

/// The CSV and JSON exports of every cell read the engine's cheap paths (a summary with the reason kinds and no
/// reason built; the reasons as refs, each distinct text built once): they must say what the full explanation
/// (`evaluate`) says, cell by cell, on the bundled catalog and with the whole osinfo-db and its inferences.
final class ExportEquivalenceTests: XCTestCase {
    /// The bundled catalog; with the installed osinfo-db merged and the family inferences (as `--osinfo`);
    /// and with a proposal and a QEMU binary that offers every other machine type (the `--qemu` reasons).
    nonisolated(unsafe) private static var cached: [(name: String, evaluator: Evaluator)]?

    private func evaluators() throws -> [(name: String, evaluator: Evaluator)] {
        if let cached = Self.cached { return cached }
        let bundled = try CatalogLoader.load(directory: Paths.bundledCatalog)
        var result = [(name: "bundled", evaluator: Evaluator(catalog: bundled))]
        let offered = OfferedMachines(binary: "/usr/bin/qemu-system-x86_64",
                                      names: bundled.machineTypes.enumerated().filter { $0.offset % 2 == 0 }.map(\.element.name),
                                      version: QemuVersion(7, 2), arch: ["x86_64", "i686"])
        result.append((name: "bundled, proposal, --qemu",
                       evaluator: Evaluator(catalog: bundled, proposal: bundled.proposals.first, offered: offered)))
        if FileManager.default.fileExists(atPath: Paths.realOsinfo + "/os") {
            let db = try OsinfoDatabase.load(directory: Paths.realOsinfo)
            let merged = OsinfoMerge.merge(bundled, with: db).0.inferringFamilyAbilities()
            result.append((name: "--osinfo", evaluator: Evaluator(catalog: merged)))
        }
        Self.cached = result
        return result
    }

    /// Every preset, and each with its knobs turned (lifecycle, extended support, latest point release, a
    /// short window), so that every cap and every remedy occurs.
    private func policies(_ e: Evaluator) -> [Policy] {
        var policies = e.catalog.policies
        for base in e.catalog.policies {
            var p = base
            p.lifecycle.toggle()
            p.extendedCounts.toggle()
            p.ageFrom = p.ageFrom == .firstRelease ? .latestPointRelease : .firstRelease
            p.windowYears = 2
            policies.append(p)
        }
        return policies
    }

    /// The dates and policies to check: all on the small catalogs, fewer on the osinfo-db's 57 000 cells.
    private func cases(_ name: String, _ e: Evaluator) -> [(Day, Policy)] {
        let dates = ["2005-06-01", "2016-02-29", "2020-03-10", "2026-01-01", "2031-07-01"].map { Day($0)! }
        let all = policies(e)
        if name == "--osinfo" { return [(dates[2], all[0]), (dates[3], all[all.count - 1])] }
        // Each policy on two of the dates, in turn.
        return all.indices.flatMap { i in [(dates[i % dates.count], all[i]), (dates[(i + 2) % dates.count], all[i])] }
    }

    private func forEveryCell(_ body: (String, Evaluator, Day, Policy, Int, Int) -> Void) throws {
        for (name, e) in try evaluators() {
            for (date, policy) in cases(name, e) {
                for g in 0..<e.guestCount {
                    for m in 0..<e.machineTypeCount { body(name, e, date, policy, g, m) }
                }
            }
        }
    }

    /// `summary` (what CSV prints) is the evaluation's tier, base tier, support cause and reason kinds in the
    /// order the reasons give them.
    func testSummariesAreTheFullExplanationsKinds() throws {
        var checked = 0, failures = 0
        var byCode: [Int: CellSummary] = [:]
        try forEveryCell { name, e, date, policy, g, m in
            let cutoff = Evaluator.cutoff(date, windowYears: policy.windowYears).ordinal
            let summary = e.summary(guest: g, machine: m, date: date.ordinal, cutoff: cutoff, policy: policy)
            // The writers key their tables by `code`: one code, one summary.
            if let other = byCode[summary.code], other != summary { XCTFail("\(summary) and \(other) share code \(summary.code)") }
            byCode[summary.code] = summary
            let full = e.evaluate(guest: g, machine: m, date: date, policy: policy, nextChange: false)
            var kinds: [Reason.Kind] = []
            for reason in full.reasons where !kinds.contains(reason.kind) { kinds.append(reason.kind) }
            checked += 1
            guard summary.tier != full.tier || summary.baseTier != full.baseTier || summary.supportCause != full.supportCause
                    || summary.kinds.kinds != kinds else { return }
            failures += 1
            if failures <= 5 {
                XCTFail("\(name) \(date) \(policy.id): \(e.catalog.guests[g].id) × \(e.machines[m].name): summary \(summary) but evaluate gives \(full.tier) \(String(describing: full.baseTier)) \(String(describing: full.supportCause)) \(kinds)")
            }
        }
        XCTAssertEqual(failures, 0)
        XCTAssertGreaterThan(checked, 100_000)
    }

    /// The refs built are the evaluation's reasons, and every ref with the same text key (source key) has the
    /// same text (source): what JSON relies on when it builds each text once.
    func testEqualKeysHaveEqualTextsAndSources() throws {
        var texts: [ReasonRef: String] = [:], sources: [ReasonRef: String] = [:]
        var last: (String, Day, Policy)? = nil
        var seen = Set<Reason.Kind>(), failures = 0
        try forEveryCell { name, e, date, policy, g, m in
            if last == nil || last!.0 != name || last!.1 != date || last!.2 != policy {
                texts = [:]
                sources = [:]
                last = (name, date, policy)
            }
            let cutoff = Evaluator.cutoff(date, windowYears: policy.windowYears).ordinal
            var refs: [ReasonRef] = []
            let tier = e.tier(guest: g, machine: m, date: date, policy: policy)
            e.forEachReason(guest: g, machine: m, date: date.ordinal, cutoff: cutoff, policy: policy, tier: tier) { refs.append($0) }
            let built = refs.map { e.reason($0, date: date, policy: policy) }
            let full = e.evaluate(guest: g, machine: m, date: date, policy: policy, nextChange: false)
            var ok = built == full.reasons
            for (ref, reason) in zip(refs, built) {
                seen.insert(ref.kind)
                ok = ok && ref.kind == reason.kind
                if let text = texts[ref.textKey] { ok = ok && text == reason.text } else { texts[ref.textKey] = reason.text }
                if let source = sources[ref.sourceKey] { ok = ok && source == reason.source } else { sources[ref.sourceKey] = reason.source }
            }
            if !ok {
                failures += 1
                if failures <= 5 { XCTFail("\(name) \(date) \(policy.id): \(e.catalog.guests[g].id) × \(e.machines[m].name): \(refs) give \(built), evaluate \(full.reasons)") }
            }
        }
        XCTAssertEqual(failures, 0)
        // Every kind occurred (inferred only with the osinfo-db).
        let expected: Set<Reason.Kind> = [.unreleased, .unavailable, .notApplicable, .compatible, .rule, .vendor, .age, .lifecycle]
        XCTAssertTrue(expected.isSubset(of: seen), "\(seen)")
        if try evaluators().contains(where: { $0.name == "--osinfo" }) { XCTAssertTrue(seen.contains(.inferred)) }
    }

    /// The CSV and JSON writers give, byte for byte, what the record-by-record writers built on `evaluate` gave
    /// (kept here as the reference), for the whole matrix, hidden cells, an architecture and every version.
    func testMatrixExportsEqualWritingEachEvaluation() throws {
        for (name, e) in try evaluators() {
            let context = ExplorerContext(evaluator: e, today: Day("2026-11-26")!, glyphs: .unicode)
            for (date, policy) in cases(name, e).prefix(name == "--osinfo" ? 1 : 4) {
                for variant in 0..<(name == "--osinfo" ? 1 : 4) {
                    var state = AppState(date: date, policy: policy, size: ScreenSize("120x40")!)
                    state.showHidden = variant == 1
                    state.arch = variant == 2 ? "x86_64" : nil
                    state.everyVersion = variant == 3
                    let label = "\(name) \(date) \(policy.id) variant \(variant)"
                    same(MatrixReport.csv(state, context), Reference.csv(state, context), "CSV " + label)
                    same(MatrixReport.json(state, context), Reference.json(state, context), "JSON " + label)
                }
            }
        }
    }

    /// Equal, or a failure naming the first line that differs (the outputs are megabytes).
    private func same(_ got: String, _ expected: String, _ label: String, line: UInt = #line) {
        guard got != expected else { return }
        let a = got.split(separator: "\n", omittingEmptySubsequences: false), b = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let first = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        XCTFail("\(label): line \(first + 1) is \(first < a.count ? String(a[first]) : "(end)") instead of \(first < b.count ? String(b[first]) : "(end)")", line: line)
    }

    /// Streamed in small chunks, the output is the same bytes.
    func testChunkedOutputIsTheWholeOutput() throws {
        let e = try evaluators()[0].evaluator
        let context = ExplorerContext(evaluator: e, today: Day("2026-11-26")!, glyphs: .unicode)
        let state = AppState(date: Day("2020-03-10")!, policy: e.catalog.policies[0], size: ScreenSize("120x40")!)
        for write in [MatrixReport.writeCSV, MatrixReport.writeJSON] {
            var chunks: [[UInt8]] = []
            var sink = ByteSink(chunk: 100) { chunks.append($0) }
            write(state, context, &sink)
            var whole = ByteSink()
            write(state, context, &whole)
            XCTAssertGreaterThan(chunks.count, 10)
            XCTAssertEqual(chunks.flatMap { $0 }, whole.bytes)
        }
    }

    /// JSON strings quoted into bytes are what the String-building quoting gives: random strings over ASCII,
    /// quotes, controls, DEL and C1, wide and combining characters, format and bidi controls, private use.
    func testQuotingIntoBytesEqualsTheStringQuoting() {
        func reference(_ s: String) -> String {
            var out = "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || DisplayText.isUnsafe(scalar) {
                        // Past U+FFFF: the UTF-16 surrogate pair, each as \uXXXX.
                        for unit in String(scalar).utf16 { out += "\\u" + String(format: "%04x", unit) }
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            return out + "\""
        }
        let alphabet: [String] = ["a", "Z", " ", "~", "\"", "\\", "\n", "\r\n", "\t", "\0", "\u{1B}", "\u{7F}", "\u{85}", "\u{9F}",
                                  "é", "e\u{301}", "中", "≥", "–", "\u{AD}", "\u{200B}", "\u{202E}", "\u{FEFF}", "\u{E000}",
                                  "\u{1F600}", "\u{E0041}"]
        var state: UInt64 = 13
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33)
        }
        for _ in 0..<5000 {
            let text = (0..<(next() % 14)).map { _ in alphabet[next() % alphabet.count] }.joined()
            var bytes: [UInt8] = []
            JSON.quote(text, into: &bytes)
            XCTAssertEqual(String(decoding: bytes, as: UTF8.self), reference(text), text.debugDescription)
            XCTAssertEqual(JSON.quote(text), reference(text), text.debugDescription)
        }
    }

    /// The writers as they were before the cheap paths: one full evaluation per record.
    enum Reference {
        struct Record {
            var guest: Guest, machine: MachineType, tier: Tier, base: Tier?, supportCause: SupportCause?, reasons: [Reason]
            var causeKinds: [String] {
                var kinds: [String] = []
                for reason in reasons where reason.kind != .compatible && !kinds.contains(reason.kind.rawValue) { kinds.append(reason.kind.rawValue) }
                return kinds
            }
        }

        static func records(_ state: AppState, _ context: ExplorerContext) -> [Record] {
            let grid = Grid(state: state, context: context)
            return grid.rows.flatMap { g in
                grid.allColumns.map { m in
                    let e = context.evaluator.evaluate(guest: g, machine: m, date: state.date, policy: state.shownPolicy, nextChange: false)
                    return Record(guest: e.guest, machine: e.machine, tier: e.tier, base: e.baseTier, supportCause: e.supportCause, reasons: e.reasons)
                }
            }
        }

        static func json(_ state: AppState, _ context: ExplorerContext) -> String {
            let policy = state.shownPolicy
            let cells = records(state, context).map { r in
                JSON.object([("guest", .string(r.guest.id)), ("machine", .string(r.machine.name)), ("family", .string(r.machine.familyID)),
                             ("tier", .string(r.tier.rawValue)), ("base_tier", r.base.map { .string($0.rawValue) } ?? .null),
                             ("support_cause", MatrixReport.causeWord(r.supportCause).map(JSON.string) ?? .null),
                             ("causes", .array(r.causeKinds.map(JSON.string))),
                             ("reasons", .array(r.reasons.map { reason in
                                 .object([("kind", .string(reason.kind.rawValue)), ("text", .string(reason.text)), ("source", .string(reason.source))])
                             }))])
            }
            return JSON.object([
                ("date", .day(state.date)), ("policy", .string(policy.id)), ("window_years", .number(policy.windowYears)),
                ("lifecycle", .bool(policy.lifecycle)),
                ("cutoff", .day(Evaluator.cutoff(state.date, windowYears: policy.windowYears))),
                ("proposal", context.evaluator.proposal.map { .string($0.id) } ?? .null),
                ("catalog", CatalogLabel.json(context.catalog)),
                ("cells", .array(cells)),
            ]).serialized() + "\n"
        }

        static func csv(_ state: AppState, _ context: ExplorerContext) -> String {
            let policy = state.shownPolicy
            var out = "date,policy,window_years,guest,guest_name,machine,family,tier,base_tier,support_cause,causes\n"
            for r in records(state, context) {
                out += [state.date.description, policy.id, String(policy.windowYears), r.guest.id, r.guest.name, r.machine.name,
                        r.machine.familyID, r.tier.rawValue, r.base?.rawValue ?? "", MatrixReport.causeWord(r.supportCause) ?? "",
                        r.causeKinds.joined(separator: ";")].map(MatrixReport.csvField).joined(separator: ",") + "\n"
            }
            return out
        }
    }
}
