import TierEngine

/// `--keys` named a key that does not exist.
public struct KeyScriptError: Error, CustomStringConvertible {
    public let name: String
    public var description: String {
        "unknown key name <\(SafeText.sanitize(name))> in --keys; known: <Enter> <Esc> <Up> <Down> <Left> <Right> <PgUp> <PgDn> <Home> <End> <BS> <Tab> <Space> <lt> <gt> <F1>…<F12> <C-a>…<C-z>"
    }
}

/// A key press, as the ncurses backend decodes it and as `--keys` scripts spell it.
public enum Key: Hashable, Sendable {
    case char(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, backspace, tab
    case function(Int)
    case ctrl(Character)
    /// A mouse click at a screen position (column, row).
    case click(x: Int, y: Int)
    case wheelUp, wheelDown

    /// Parses a key script: literal characters, plus vim-style names in angle brackets:
    /// `<Enter> <Esc> <Up> <Down> <Left> <Right> <PgUp> <PgDn> <Home> <End> <BS> <Tab> <Space> <lt> <F1> <C-c>`.
    /// `jj]]<Enter>` moves down twice, the date two months on, then opens the detail view.
    public static func parseScript(_ script: String) throws -> [Key] {
        var keys: [Key] = []
        var index = script.startIndex
        while index < script.endIndex {
            let character = script[index]
            if character == "<", let close = script[index...].firstIndex(of: ">"), close > script.index(after: index) {
                let name = String(script[script.index(after: index)..<close])
                if let key = named(name) {
                    keys.append(key)
                    index = script.index(after: close)
                    continue
                }
                // <Word> that is no key name is a typo, not four literal keys (write <lt> for a literal "<").
                if name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) {
                    throw KeyScriptError(name: name)
                }
            }
            keys.append(character == "\n" || character == "\r" ? .enter : .char(character))
            index = script.index(after: index)
        }
        return keys
    }

    static func named(_ name: String) -> Key? {
        switch name.lowercased() {
        case "enter", "cr", "return": return .enter
        case "esc", "escape": return .escape
        case "up": return .up
        case "down": return .down
        case "left": return .left
        case "right": return .right
        case "pgup", "pageup": return .pageUp
        case "pgdn", "pagedown": return .pageDown
        case "home": return .home
        case "end": return .end
        case "bs", "backspace": return .backspace
        case "tab": return .tab
        case "space": return .char(" ")
        case "lt": return .char("<")
        case "gt": return .char(">")
        default:
            let lower = name.lowercased()
            if lower.hasPrefix("f"), let n = Int(lower.dropFirst()), (1...12).contains(n) { return .function(n) }
            if lower.hasPrefix("c-"), lower.count == 3, let c = lower.last { return .ctrl(c) }
            return nil
        }
    }

    /// How the help screen writes this key.
    public var label: String {
        switch self {
        case let .char(c): return c == " " ? "Space" : String(c)
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        case .tab: return "Tab"
        case let .function(n): return "F\(n)"
        case let .ctrl(c): return "Ctrl-\(String(c).uppercased())"
        case .click: return "click"
        case .wheelUp: return "wheel up"
        case .wheelDown: return "wheel down"
        }
    }
}
