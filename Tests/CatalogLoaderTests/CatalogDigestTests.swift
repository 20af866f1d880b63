import Foundation
import XCTest
@testable import CatalogLoader

/// The catalog digest is documented as `find . -type f -name '*.yaml' | LC_ALL=C sort | xargs sha256sum |
/// sha256sum`: SHA-256 against coreutils on messages of every length around the block boundaries, and the
/// bundled catalog's digest against that very pipeline.
final class CatalogDigestTests: XCTestCase {
    func sha256sum(_ data: Data) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("digest-\(UUID().uuidString)")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try run("/bin/sh", ["-c", "sha256sum < '\(file.path)' | cut -c1-64"], in: nil)
    }

    func run(_ tool: String, _ arguments: [String], in directory: String?) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func testSHA256MatchesCoreutilsAroundBlockBoundaries() throws {
        for length in [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4097] {
            let data = Data((0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
            XCTAssertEqual(SHA256.hex(data), try sha256sum(data), "length \(length)")
        }
    }

    func testBundledCatalogDigestIsTheDocumentedPipeline() throws {
        let expected = try run("/bin/sh", ["-c", "find . -type f -name '*.yaml' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-64"],
                               in: bundledCatalogDirectory.path)
        XCTAssertEqual(CatalogDigest.sha256(directory: bundledCatalogDirectory.path), expected)
    }
}
