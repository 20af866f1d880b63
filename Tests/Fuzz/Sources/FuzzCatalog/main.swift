import FuzzDriver
import CatalogLoader
import Foundation
import TierEngine

/// The minimal fixture catalog; each input replaces one of its files (chosen by the first byte).
let root = "/fuzz"
let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("CatalogLoaderTests/Fixtures/minimal")
let base: [String: String] = {
    var files: [String: String] = [:]
    let enumerator = FileManager.default.enumerator(at: fixture, includingPropertiesForKeys: nil)
    while let url = enumerator?.nextObject() as? URL {
        guard url.pathExtension == "yaml", let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
        files[String(url.path.dropFirst(fixture.path.count + 1))] = text
    }
    precondition(!files.isEmpty, "no fixture catalog at \(fixture.path)")
    return files
}()
let targets = ["qemu-releases.yaml", "machine-families.yaml", "rules.yaml", "policies.yaml", "guests/acme.yaml", "proposals/fuzz.yaml"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCatalog(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    var files = base
    files[targets[Int(data[0]) % targets.count]] = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)
    // One reading, as `guest-tiers lint` and `load` do (both are this `read`; running the two would only read
    // the catalog twice — the cost that made this target slow).
    let (loaded, problems) = CatalogLoader.check(directory: root, files: CatalogFiles.memory(root: root, files))
    for problem in problems {
        // Every problem is printable as it is: no control, bidi or invisible character, a line number from 1.
        precondition(problem.line >= 1)
        precondition(!problem.description.unicodeScalars.contains(where: SafeText.isUnsafe), "unsanitised: \(problem)")
        precondition(problem.description.count < 2_000, "a problem line of \(problem.description.count) characters")
    }
    precondition(problems.count <= 6 * (CatalogLimits.maxProblemsPerFile + 1), "\(problems.count) problems")
    guard let catalog = loaded else {
        precondition(!problems.isEmpty, "no catalog and no problem saying why")
        return 0
    }
    precondition(problems.isEmpty, "a catalog in spite of problems")
    // A catalog that loads evaluates: every cell at a few dates, under every policy.
    let evaluator = Evaluator(catalog: catalog)
    for policy in catalog.policies {
        for day in [Day.earliest, Day("2020-03-10")!, Day.latest] {
            for g in catalog.guests.indices {
                for m in evaluator.machines.indices.prefix(16) {
                    let evaluation = evaluator.evaluate(guest: g, machine: m, date: day, policy: policy)
                    precondition(evaluation.cutoff.description.count == 10)
                }
            }
        }
    }
    return 0
}

runLibFuzzer { data, size in
    guard let data else { return 0 }
    return fuzzCatalog(data, size)
}
