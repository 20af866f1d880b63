import Foundation
import XCTest
@testable import CatalogLoader
import TierEngine

/// The directory of this test target's fixtures, found from this file's path (no bundle resources needed).
let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

/// The repository's bundled catalog (…/Tests/CatalogLoaderTests/<file> → …/Catalog).
let bundledCatalogDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Catalog")

/// A private copy of a fixture catalog in a temporary directory, to break one line of.
final class ScratchCatalog {
    let directory: URL

    init(fixture: String = "minimal") throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("guest-tiers-loader-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: fixturesDirectory.appendingPathComponent(fixture), to: directory)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    var path: String { directory.path }

    func url(_ file: String) -> URL { directory.appendingPathComponent(file) }

    func lines(_ file: String) throws -> [String] {
        try String(contentsOf: url(file), encoding: .utf8).components(separatedBy: "\n")
    }

    /// The 1-based number of the only line of `file` that contains `marker` (with `after`: the first such line
    /// after the only line containing `after`).
    func lineNumber(_ file: String, _ marker: String, after: String? = nil) throws -> Int {
        var start = 0
        if let after { start = try lineNumber(file, after) }
        var matches = try lines(file).enumerated().filter { $0.offset >= start && $0.element.contains(marker) }
        if after != nil { matches = Array(matches.prefix(1)) }
        guard matches.count == 1 else {
            throw NSError(domain: "ScratchCatalog", code: 1, userInfo: [
                NSLocalizedDescriptionKey: "\(file): \(matches.count) lines contain '\(marker)'"])
        }
        return matches[0].offset + 1
    }

    /// Replaces the only line of `file` containing `marker` with `replacement` (nil deletes it, and text with
    /// newlines inserts several lines). Returns the 1-based number of the edited line.
    @discardableResult
    func edit(_ file: String, line marker: String, after: String? = nil, to replacement: String?) throws -> Int {
        let number = try lineNumber(file, marker, after: after)
        var all = try lines(file)
        if let replacement {
            all[number - 1] = replacement
        } else {
            all.remove(at: number - 1)
        }
        try write(file, all.joined(separator: "\n"))
        return number
    }

    /// Replaces text (the only occurrence) inside the only line containing `marker`; returns the line number.
    @discardableResult
    func replace(_ file: String, in marker: String, _ old: String, with new: String) throws -> Int {
        let number = try lineNumber(file, marker)
        let line = try lines(file)[number - 1]
        XCTAssertTrue(line.contains(old), "\(file):\(number) does not contain '\(old)'")
        return try edit(file, line: marker, to: line.replacingOccurrences(of: old, with: new))
    }

    func write(_ file: String, _ text: String) throws {
        let target = url(file)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: target, atomically: true, encoding: .utf8)
    }

    func remove(_ file: String) throws { try FileManager.default.removeItem(at: url(file)) }

    func lint() -> [CatalogProblem] { CatalogLoader.lint(directory: path) }

    /// Loading must fail, with the same problems lint reports.
    func loadFailure(file: StaticString = #filePath, line: UInt = #line) -> [CatalogProblem] {
        do {
            _ = try CatalogLoader.load(directory: path)
            XCTFail("the broken catalog loaded", file: file, line: line)
            return []
        } catch let error as CatalogError {
            XCTAssertEqual(error.problems, lint(), "load and lint disagree", file: file, line: line)
            return error.problems
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
            return []
        }
    }
}

/// Asserts that `problems` holds one in `catalogFile` (a path relative to the catalog) at `expectedLine` whose
/// message contains every one of `fragments`.
@discardableResult
func assertProblem(_ problems: [CatalogProblem], in catalog: ScratchCatalog, _ catalogFile: String, line expectedLine: Int,
                   contains fragments: [String], file: StaticString = #filePath, line: UInt = #line) -> CatalogProblem? {
    let expectedPath = catalog.url(catalogFile).path
    let found = problems.first { problem in
        problem.file == expectedPath && problem.line == expectedLine && fragments.allSatisfy { problem.message.contains($0) }
    }
    if found == nil {
        XCTFail("no problem at \(catalogFile):\(expectedLine) containing \(fragments); got:\n"
                + problems.map { "  " + $0.description }.joined(separator: "\n"), file: file, line: line)
    }
    return found
}
