import Foundation
import XCTest
@testable import OsinfoImport
import TierEngine

/// Issue 14, rows 7 and 8: osinfo-db inheritance graphs that exploded (a diamond of 35 entries 12–15 s, a
/// 12-entry cycle > 60 s, a 20,000-entry chain > 120 s) and a short-id that took O(n²) memory. Each is built
/// here in memory and must resolve within a bound far below the old times.
final class HostileGraphTests: XCTestCase {
    func entry(_ n: Int, parents: [Int], firmware: [OsinfoFirmware] = [], devices: [String] = [], arches: [String] = []) -> OsinfoEntry {
        var e = OsinfoEntry(id: "http://example.org/os/\(n)", file: "os/example.org/e\(n).xml")
        e.shortIDs = ["e\(n)"]
        e.derivesFrom = parents.map { "http://example.org/os/\($0)" }
        e.firmware = firmware
        e.devices = devices.map { OsinfoDeviceLink(id: $0, supported: true) }
        e.arches = arches
        return e
    }

    func timed(_ limit: Double, _ what: String, _ body: () -> Void) {
        let start = Date()
        body()
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertLessThan(elapsed, limit, "\(what) took \(elapsed) s")
    }

    /// Resolves everything the merge asks of every entry.
    func resolveAll(_ db: OsinfoDatabase) {
        for i in db.entries.indices {
            _ = db.resolvedFirmware(i)
            _ = db.resolvedDevices(i)
            _ = db.unsupportedFirmware(i)
            _ = db.architectures(i)
            _ = db.capabilities(i)
        }
    }

    /// 35 layers of diamonds: every entry derives from both entries of the layer below (2^35 paths).
    func testDiamondsResolveInLinearTime() {
        var entries: [OsinfoEntry] = [entry(0, parents: [], firmware: [OsinfoFirmware(arch: "x86_64", type: "efi", supported: true)],
                                            devices: ["http://pcisig.com/pci/1af4/1000"], arches: ["x86_64"])]
        var below = [0]
        for layer in 1...35 {
            let a = entries.count, b = entries.count + 1
            entries.append(entry(a, parents: below, firmware: layer == 20 ? [OsinfoFirmware(arch: "x86_64", type: "efi", supported: false)] : []))
            entries.append(entry(b, parents: below.reversed()))
            below = [a, b]
        }
        let db = OsinfoDatabase(directory: "/fixture", version: "test", entries: entries, warnings: [])
        timed(2, "a 71-entry diamond graph") { resolveAll(db) }
        XCTAssertEqual(db.warnings, [])
        // Layer 20's "a" entry marks EFI unsupported. libosinfo walks the last-written link first: the top "b"
        // entry (links a34, b34) walks a34, a33 … and meets the mark before the root's EFI; the top "a" entry
        // (links b34, a34) walks b34 … b1 to the root first.
        XCTAssertEqual(db.resolvedFirmware(entries.count - 1).count, 0, "b35 reaches the unsupported mark first")
        XCTAssertEqual(db.resolvedFirmware(entries.count - 2).count, 1, "a35 reaches the root's EFI first")
        XCTAssertEqual(db.resolvedFirmware(2).count, 1)
        XCTAssertEqual(db.architectures(entries.count - 1), ["x86_64"])
        XCTAssertEqual(Set(db.resolvedDevices(entries.count - 1).keys), ["http://pcisig.com/pci/1af4/1000"])
    }

    /// libosinfo's own walk (self, then each link depth first, every path: exponential), as the code had it
    /// before issue 14; the memoised answer must be the same on every small random DAG.
    func walkEveryPath(_ entries: [OsinfoEntry], _ db: OsinfoDatabase, _ index: Int) -> [OsinfoFirmware] {
        var unsupported = Set<String>()
        var result: [OsinfoFirmware] = []
        var seen = Set<String>()
        func visit(_ i: Int) {
            for f in entries[i].firmware where !f.supported { unsupported.insert(f.arch + "/" + f.type) }
            for f in entries[i].firmware where f.supported {
                let key = f.arch + "/" + f.type
                if !unsupported.contains(key), seen.insert(key).inserted { result.append(f) }
            }
            for parent in db.parents(i) { visit(parent) }
        }
        visit(index)
        return result
    }

    func testMemoisedFirmwareEqualsTheWalkOfEveryPath() {
        var rng = SystemRandomNumberGenerator()
        let kinds = [("x86_64", "efi"), ("x86_64", "bios"), ("aarch64", "efi")]
        for _ in 0..<300 {
            let n = Int.random(in: 1...9, using: &rng)
            let entries = (0..<n).map { i -> OsinfoEntry in
                let parents = (0..<i).filter { _ in Int.random(in: 0..<3, using: &rng) == 0 }.shuffled(using: &rng)
                let firmware = kinds.filter { _ in Bool.random(using: &rng) }.map {
                    OsinfoFirmware(arch: $0.0, type: $0.1, supported: Bool.random(using: &rng))
                }
                return entry(i, parents: parents, firmware: firmware)
            }
            let db = OsinfoDatabase(directory: "/fixture", version: "test", entries: entries, warnings: [])
            for i in entries.indices {
                XCTAssertEqual(db.resolvedFirmware(i), walkEveryPath(entries, db, i), "entry \(i) of \(entries.map(\.derivesFrom))")
            }
        }
    }

    /// A 12-entry cycle (and every entry also pointing at every other): terminates, one warning per cycle link.
    func testCyclesAreBrokenAndReportedOnce() {
        let n = 12
        let entries = (0..<n).map { entry($0, parents: [($0 + 1) % n], devices: ["http://pcisig.com/pci/1af4/\(1000 + $0)"]) }
        let db = OsinfoDatabase(directory: "/fixture", version: "test", entries: entries, warnings: [])
        timed(2, "a 12-entry cycle") { resolveAll(db) }
        XCTAssertEqual(db.warnings.count, 1, db.warnings.map(\.description).joined(separator: "\n"))
        XCTAssertTrue(db.warnings[0].message.contains("cycle (12 entries: e0 → e1 → e2 → e3 → … → e10 → e11 → e0)"), db.warnings[0].message)
        XCTAssertEqual(db.resolvedDevices(0).count, 12, "e0 inherits along the whole cycle but the closing link")
        XCTAssertEqual(db.resolvedDevices(11).count, 1, "e11's link back to e0 is the one dropped")

        let dense = (0..<n).map { i in entry(i, parents: (0..<n).filter { $0 != i }) }
        let denseDB = OsinfoDatabase(directory: "/fixture", version: "test", entries: dense, warnings: [])
        timed(2, "a complete 12-entry graph") { resolveAll(denseDB) }
        XCTAssertEqual(denseDB.warnings.count, n * (n - 1) / 2, "each back link once")
    }

    /// A 20,000-entry chain: no stack overflow, linear.
    func testALongChainResolvesWithoutRecursion() {
        let n = 20_000
        var entries = [entry(0, parents: [], firmware: [OsinfoFirmware(arch: "x86_64", type: "efi", supported: true)], arches: ["aarch64"])]
        for i in 1..<n { entries.append(entry(i, parents: [i - 1])) }
        let db = OsinfoDatabase(directory: "/fixture", version: "test", entries: entries, warnings: [])
        timed(20, "a 20,000-entry chain") { resolveAll(db) }
        XCTAssertEqual(db.resolvedFirmware(n - 1), [OsinfoFirmware(arch: "x86_64", type: "efi", supported: true)])
        XCTAssertEqual(db.architectures(n - 1), ["aarch64"])
    }

    /// Row 8: a short-id of 200,000 "-unknown"s (1.6 MB) was O(n²) in memory.
    func testLineIDOfAHugeUnknownChainIsLinear() {
        let id = "rhel7" + String(repeating: "-unknown", count: 200_000)
        var line = ""
        timed(5, "lineID of a 1.6 MB short-id") { line = OsinfoMerge.lineID(shortID: id, distro: "rhel") }
        XCTAssertEqual(line, "rhel7")
        XCTAssertEqual(OsinfoMerge.lineID(shortID: "-unknown-unknown", distro: nil), "-unknown", "eight characters stay")
        XCTAssertEqual(OsinfoMerge.lineID(shortID: "rhel9-unknown", distro: "rhel"), "rhel9")
    }

    /// Many threads asking at once (the caches are behind a lock): same answers as one thread.
    func testConcurrentResolutionAgreesWithSerial() {
        var entries = [entry(0, parents: [], devices: ["http://pcisig.com/pci/1af4/1000"], arches: ["x86_64"])]
        for i in 1..<400 { entries.append(entry(i, parents: [i / 2, max(0, i - 3)])) }
        let shared = OsinfoDatabase(directory: "/fixture", version: "test", entries: entries, warnings: [])
        let serial = OsinfoDatabase(directory: "/fixture", version: "test", entries: entries, warnings: [])
        let expected = entries.indices.map { serial.resolvedDevices($0).count }
        let count = entries.count
        let results = Results(count: count)
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for i in stride(from: worker, to: count, by: 8) { results.set(i, shared.resolvedDevices(i).count) }
        }
        XCTAssertEqual(results.all, expected)
    }

    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Int]
        init(count: Int) { values = Array(repeating: -1, count: count) }
        func set(_ i: Int, _ v: Int) { lock.lock(); values[i] = v; lock.unlock() }
        var all: [Int] { lock.lock(); defer { lock.unlock() }; return values }
    }
}
