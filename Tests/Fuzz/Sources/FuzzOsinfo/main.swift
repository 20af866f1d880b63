import FuzzDriver
import CatalogLoader
import Foundation
import OsinfoImport
import TierEngine

/// A small catalog to merge into (the loader's minimal fixture).
let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("CatalogLoaderTests/Fixtures/minimal")
let catalog: Catalog = {
    do { return try CatalogLoader.load(directory: fixture.path) } catch { fatalError("fixture catalog: \(error)") }
}()

/// The input is up to four osinfo-db files separated by NUL bytes (so that one file can derive from another).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOsinfo(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    var entries: [OsinfoEntry] = []
    var warnings: [OsinfoWarning] = []
    for (n, part) in bytes.split(separator: 0, maxSplits: 3, omittingEmptySubsequences: false).enumerated() {
        let relative = "os/fuzz.example/f\(n).xml"
        let parsed = OsinfoDatabase.parse(data: Data(part), path: "/fuzz/" + relative, relative: relative)
        entries += parsed.entries
        if let warning = parsed.warning { warnings.append(warning) }
    }
    let db = OsinfoDatabase(directory: "/fuzz", version: "fuzz", entries: entries, warnings: warnings)
    for warning in db.warnings {
        precondition(!warning.description.unicodeScalars.contains(where: SafeText.isUnsafe), "unsanitised: \(warning)")
    }
    for i in db.entries.indices {
        _ = db.resolvedFirmware(i)
        _ = db.resolvedDevices(i)
        _ = db.architectures(i)
        _ = db.capabilities(i)
        let line = OsinfoMerge.lineID(shortID: db.entries[i].shortID, distro: db.entries[i].distro)
        precondition(line.utf8.count <= db.entries[i].shortID.utf8.count)
    }
    let (merged, _) = OsinfoMerge.merge(catalog, with: db)
    _ = Evaluator(catalog: merged)
    return 0
}

runLibFuzzer { data, size in
    guard let data else { return 0 }
    return fuzzOsinfo(data, size)
}
