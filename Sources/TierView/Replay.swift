import TierEngine

/// What an action asks of the program running the explorer, beyond showing the new state: the state itself
/// stays a pure description of the screen.
public enum Effect: Hashable, Sendable {
    /// `q`, Ctrl-C: end the session.
    case quit
    /// `s`: save the screen as it is now; the runner says where (or why not) in the status message.
    case saveScreen
}

/// The state after one action, and the effects it asks for (none for most).
public struct Transition: Hashable, Sendable {
    public var state: AppState
    public var effects: [Effect]

    public init(_ state: AppState, effects: [Effect] = []) {
        self.state = state
        self.effects = effects
    }
}

/// The one loop that feeds keys to the explorer: the terminal backend (key by key, as they arrive),
/// `render --view screen --keys` and the tests (a whole script). Each key goes through the keymap (in the
/// current state) and `Explorer.update`; this performs the effects: a quit ends the replay (later keys do
/// nothing), a save calls the runner's `save`.
public struct KeyReplay {
    public let context: ExplorerContext
    public private(set) var state: AppState
    /// A `.quit` effect has ended the session.
    public private(set) var quit = false
    /// How this runner saves a screen: the status message to show (where it went, or why it did not), or nil to
    /// leave the state as `update` made it (`render`, which saves nothing).
    let save: (AppState) -> String?

    public init(_ state: AppState, context: ExplorerContext, save: @escaping (AppState) -> String? = { _ in nil }) {
        self.state = state
        self.context = context
        self.save = save
    }

    /// The key's action in the current state, if it has one.
    public mutating func press(_ key: Key) {
        guard !quit, let action = Keymap.action(for: key, in: state) else { return }
        apply(action)
    }

    /// Keys in order, until one quits.
    public mutating func press(_ keys: [Key]) {
        for key in keys where !quit { press(key) }
    }

    /// An action that comes from no key (the terminal's resize) or from one already mapped.
    public mutating func apply(_ action: Action) {
        guard !quit else { return }
        let transition = Explorer.update(state, action, context)
        state = transition.state
        for effect in transition.effects {
            switch effect {
            case .quit: quit = true
            case .saveScreen: if let message = save(state) { state.message = message }
            }
        }
    }

    /// A `--keys` script replayed from `state` (the script's syntax: `Key.parseScript`).
    public static func run(_ script: String, from state: AppState, context: ExplorerContext,
                           save: @escaping (AppState) -> String? = { _ in nil }) throws -> KeyReplay {
        var replay = KeyReplay(state, context: context, save: save)
        replay.press(try Key.parseScript(script))
        return replay
    }
}
