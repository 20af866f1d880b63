import CatalogLoader
import Foundation
import TierEngine
import TierView
import XCTest
import TestSupport

/// Mutates valid catalogs and proposals thousands of times (seeded): every run must end in a clean list of
/// problems (each naming a file of the catalog and a line in it) or in a catalog that evaluates and renders
/// clean frames. A crash fails the whole test run, so reaching the end is the assertion that none happened.
final class CatalogFuzzTests: XCTestCase {
    static let fragments = [
        "\u{1B}[2J", "\u{9B}31m", "\r", "\u{08}", "\u{202E}", "\u{200B}", "{", "}", "[", "]", ":", "- ", "\"", "'", "#",
        "&a", "*a", "!!binary", "null", "~", "2020-02-30", "99999-01-01", "-1", "1e309", "\"1.\"", "\"x.y\"", "\t",
        String(repeating: "漢", count: 300), "{date: 2020-01-01}", "[x86_64]", "from: \"9.9\"", "?", "|", ">",
    ]

    enum Mutation: CaseIterable { case flip, deleteLine, duplicateLine, swapLines, insert, truncate, replaceValue }

    static func mutate(_ text: String, _ rng: inout SplitMix) -> String {
        var lines = text.components(separatedBy: "\n")
        guard !lines.isEmpty else { return text }
        switch Mutation.allCases.randomElement(using: &rng)! {
        case .flip:
            var scalars = Array(text.unicodeScalars)
            guard !scalars.isEmpty else { return text }
            let i = Int.random(in: 0..<scalars.count, using: &rng)
            scalars[i] = Unicode.Scalar(UInt8.random(in: 0...127, using: &rng))
            var out = ""
            out.unicodeScalars.append(contentsOf: scalars)
            return out
        case .deleteLine:
            lines.remove(at: Int.random(in: 0..<lines.count, using: &rng))
        case .duplicateLine:
            let i = Int.random(in: 0..<lines.count, using: &rng)
            lines.insert(lines[i], at: i)
        case .swapLines:
            lines.swapAt(Int.random(in: 0..<lines.count, using: &rng), Int.random(in: 0..<lines.count, using: &rng))
        case .insert:
            let i = Int.random(in: 0..<lines.count, using: &rng)
            let line = lines[i]
            let at = line.index(line.startIndex, offsetBy: Int.random(in: 0...line.count, using: &rng))
            lines[i] = String(line[..<at]) + fragments.randomElement(using: &rng)! + String(line[at...])
        case .truncate:
            return String(text.prefix(Int.random(in: 0...text.count, using: &rng)))
        case .replaceValue:
            let i = Int.random(in: 0..<lines.count, using: &rng)
            if let colon = lines[i].firstIndex(of: ":") {
                lines[i] = String(lines[i][...colon]) + " " + fragments.randomElement(using: &rng)!
            }
        }
        return lines.joined(separator: "\n")
    }

    /// One mutated catalog: loads to problems or to a catalog; either way it must be sound.
    func check(_ files: [String: String], seed: UInt64, iteration: Int) {
        let root = "/fuzz"
        let source = CatalogFiles.memory(root: root, files)
        do {
            let catalog = try CatalogLoader.load(directory: root, files: source)
            let evaluator = Evaluator(catalog: catalog)
            let date = Day("2021-06-01")!
            let policy = catalog.policies.first ?? Policy(id: "x", vendorCap: true, ageCap: true)
            _ = evaluator.tiers(at: date, policy: policy)
            if evaluator.guestCount > 0 && evaluator.machineTypeCount > 0 {
                _ = evaluator.evaluate(guest: 0, machine: evaluator.machineTypeCount - 1, date: date, policy: policy)
            }
            let context = ExplorerContext(evaluator: evaluator, today: date)
            let state = Explorer.begin(AppState(date: date, policy: policy, size: ScreenSize(width: 90, height: 30)), context)
            for line in ExplorerView.frame(state, context).lines {
                XCTAssertEqual(forbiddenScalars(in: line), [], "seed \(seed) iteration \(iteration)")
            }
        } catch let error as CatalogError {
            XCTAssertFalse(error.problems.isEmpty)
            for problem in error.problems {
                let rel = problem.file.hasPrefix(root + "/") ? String(problem.file.dropFirst(root.count + 1)) : problem.file
                XCTAssertTrue(rel == root || rel.hasPrefix("guests") || rel.hasPrefix("proposals") || files[rel] != nil,
                              "seed \(seed) iteration \(iteration): problem names an unknown file \(problem.file)")
                let lineCount = files[rel].map { $0.components(separatedBy: "\n").count } ?? 1
                XCTAssertTrue((1...max(1, lineCount + 1)).contains(problem.line),
                              "seed \(seed) iteration \(iteration): line \(problem.line) outside \(rel) (\(lineCount) lines): \(problem)")
                XCTAssertEqual(forbiddenScalars(in: problem.description, allowing: []).count, 0,
                               "a problem message carries raw control characters: \(problem.description.debugDescription)")
            }
        } catch {
            XCTFail("seed \(seed) iteration \(iteration): unexpected error \(error)")
        }
    }

    func fuzz(_ base: [String: String], seed: UInt64, iterations: Int, mutationsPerRun: ClosedRange<Int>) {
        var rng = SplitMix(seed: seed)
        let names = base.keys.sorted()
        for iteration in 0..<iterations {
            var files = base
            for _ in 0..<Int.random(in: mutationsPerRun, using: &rng) {
                let name = names.randomElement(using: &rng)!
                files[name] = Self.mutate(files[name]!, &rng)
            }
            check(files, seed: seed, iteration: iteration)
        }
    }

    func testMinimalCatalogAndProposalsSurviveFiveThousandMutations() {
        let base = Corpus.minimal
        XCTAssertGreaterThan(base.count, 4)
        fuzz(base, seed: 20200310, iterations: 5000, mutationsPerRun: 1...3)
    }

    func testBundledCatalogSurvivesMutations() {
        let base = Corpus.bundled
        XCTAssertGreaterThan(base.count, 10)
        fuzz(base, seed: 42, iterations: 300, mutationsPerRun: 1...2)
    }

    /// Problems must not echo hostile file content raw either.
    func testProblemMessagesAreSanitised() {
        var files = Corpus.minimal
        let name = files.keys.first { $0.hasPrefix("guests/") }!
        files[name] = files[name]!.replacingOccurrences(of: "name:", with: "n\u{1B}[2Jame:")
        let problems = CatalogLoader.lint(directory: "/fuzz", files: CatalogFiles.memory(root: "/fuzz", files))
        XCTAssertFalse(problems.isEmpty)
        for problem in problems { XCTAssertEqual(forbiddenScalars(in: problem.description, allowing: []), []) }
    }
}
