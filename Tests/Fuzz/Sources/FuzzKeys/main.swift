import FuzzDriver
import CatalogLoader
import Foundation
import TierEngine
import TierView

let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("CatalogLoaderTests/Fixtures/minimal")
let context: ExplorerContext = {
    do {
        let catalog = try CatalogLoader.load(directory: fixture.path)
        return ExplorerContext(evaluator: Evaluator(catalog: catalog), today: Day("2026-11-26")!)
    } catch { fatalError("fixture catalog: \(error)") }
}()

/// A `--keys` script: parsed or refused; the keys it names replayed in the explorer (at a size taken from the
/// first two bytes), every frame exactly that size and free of unsafe characters.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKeys(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 2 else { return 0 }
    let width = 1 + Int(data[0]) % 200, height = 1 + Int(data[1]) % 80
    let script = String(decoding: UnsafeBufferPointer(start: data + 2, count: size - 2), as: UTF8.self)
    guard let keys = try? Key.parseScript(script) else { return 0 }
    var replay = KeyReplay(Explorer.begin(AppState(date: Day("2020-03-10")!, policy: context.catalog.policies[0],
                                                   size: ScreenSize(width: width, height: height)), context),
                           context: context)
    replay.press(Array(keys.prefix(64)))
    let state = replay.state
    let frame = ExplorerView.frame(state, context)
    precondition(frame.width == width && frame.height == height && frame.cells.count == width * height)
    for cell in frame.cells { precondition(!cell.text.unicodeScalars.contains(where: SafeText.isUnsafe)) }
    precondition(state.date.description.count == 10, "date \(state.date)")
    return 0
}

runLibFuzzer { data, size in
    guard let data else { return 0 }
    return fuzzKeys(data, size)
}
