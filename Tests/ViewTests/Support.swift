import CatalogLoader
import Foundation
import TierEngine
import TierView
import XCTest

enum Fixture {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The bundled catalog, loaded once for all tests.
    static let catalog: Catalog = {
        do {
            return try CatalogLoader.load(directory: repoRoot.appendingPathComponent("Catalog").path)
        } catch {
            fatalError("bundled catalog does not load: \(error)")
        }
    }()

    static let evaluator = Evaluator(catalog: catalog)

    /// "Today" is fixed in tests so that `t` and goldens do not move with the clock.
    static let today = Day("2026-11-26")!

    static func context(ascii: Bool = false) -> ExplorerContext {
        ExplorerContext(evaluator: evaluator, today: today, glyphs: ascii ? .plain : .unicode)
    }

    static func state(date: String = "2020-03-10", policy: String = "both", size: String = "120x40", arch: String? = nil) -> AppState {
        let context = context()
        return Explorer.begin(AppState(date: Day(date)!, policy: catalog.policy(policy)!, arch: arch, size: ScreenSize(size)!), context)
    }

    /// Replays a key script the way the terminal and `render --view screen` do (the one `KeyReplay`).
    static func replay(_ keys: String, from state: AppState, context: ExplorerContext = context()) throws -> AppState {
        try run(keys, from: state, context: context).state
    }

    /// The replay itself, for what it did besides the state (quit, saves).
    static func run(_ keys: String, from state: AppState, context: ExplorerContext = context(),
                    save: @escaping (AppState) -> String? = { _ in nil }) throws -> KeyReplay {
        try KeyReplay.run(keys, from: state, context: context, save: save)
    }

    static func guestID(_ state: AppState) -> String { catalog.guests[state.guest].id }
    static func machineName(_ state: AppState) -> String { evaluator.machines[state.machine].name }
}
