/// One key binding and its help text. The help screen is generated from `Keymap.bindings`, so it cannot drift
/// from what the keys do.
public struct Binding: Sendable {
    public var keys: [Key]
    public var action: Action
    public var help: String
    public var section: String
}

public enum Keymap {
    public static let bindings: [Binding] = [
        Binding(keys: [.up, .char("k")], action: .move(dx: 0, dy: -1), help: "previous guest", section: "Move"),
        Binding(keys: [.down, .char("j")], action: .move(dx: 0, dy: 1), help: "next guest", section: "Move"),
        Binding(keys: [.left, .char("h")], action: .move(dx: -1, dy: 0), help: "previous machine type", section: "Move"),
        Binding(keys: [.right, .char("l")], action: .move(dx: 1, dy: 0), help: "next machine type", section: "Move"),
        Binding(keys: [.pageUp, .ctrl("b")], action: .page(-1), help: "page up", section: "Move"),
        Binding(keys: [.pageDown, .ctrl("f"), .char(" ")], action: .page(1), help: "page down", section: "Move"),
        Binding(keys: [.home, .char("g")], action: .firstRow, help: "first guest", section: "Move"),
        Binding(keys: [.end, .char("G")], action: .lastRow, help: "last guest", section: "Move"),
        Binding(keys: [.char("w"), .tab], action: .nextFamily, help: "first machine type of the next family", section: "Move"),
        Binding(keys: [.char("b")], action: .previousFamily, help: "first machine type of this or the previous family", section: "Move"),
        Binding(keys: [.char("0"), .char("^")], action: .firstColumn, help: "first machine type", section: "Move"),
        Binding(keys: [.char("$")], action: .lastColumn, help: "last machine type", section: "Move"),
        Binding(keys: [.char("]")], action: .shiftDate(months: 1), help: "date one month later", section: "Date"),
        Binding(keys: [.char("[")], action: .shiftDate(months: -1), help: "date one month earlier", section: "Date"),
        Binding(keys: [.char("}")], action: .shiftDate(months: 12), help: "date one year later", section: "Date"),
        Binding(keys: [.char("{")], action: .shiftDate(months: -12), help: "date one year earlier", section: "Date"),
        Binding(keys: [.char(">")], action: .nextChange, help: "next day any visible cell changes tier", section: "Date"),
        Binding(keys: [.char("<")], action: .previousChange, help: "previous day any visible cell changed tier", section: "Date"),
        Binding(keys: [.char("."), .char(")")], action: .cellNextChange, help: "this cell's next tier change", section: "Date"),
        Binding(keys: [.char(","), .char("(")], action: .cellPreviousChange, help: "this cell's previous tier change", section: "Date"),
        Binding(keys: [.char("d"), .char(":")], action: .promptDate, help: "go to a date: 2020-03-10, 2020-03, 2020, today, +1y, -6m, +2w", section: "Date"),
        Binding(keys: [.char("t")], action: .today, help: "back to today", section: "Date"),
        Binding(keys: [.char("T")], action: .startDate, help: "back to the date the session started with (--date)", section: "Date"),
        Binding(keys: [.char("+"), .char("=")], action: .window(1), help: "age window one year longer", section: "Policy"),
        Binding(keys: [.char("-")], action: .window(-1), help: "age window one year shorter", section: "Policy"),
        Binding(keys: [.char("p")], action: .cyclePolicy, help: "next policy preset (the catalog's, in policies.yaml order)", section: "Policy"),
        Binding(keys: [.char("L")], action: .toggleLifecycle, help: "machine-type lifecycle cap on/off", section: "Policy"),
        Binding(keys: [.char("A")], action: .toggleAgeFrom, help: "age rule from first release / latest point release", section: "Policy"),
        Binding(keys: [.char("a")], action: .cycleArch, help: "next architecture filter", section: "View"),
        Binding(keys: [.char("/")], action: .startSearch, help: "search guests (id or name), machine types, families (q35); empty: repeat", section: "View"),
        Binding(keys: [.char("n")], action: .nextMatch, help: "next search match", section: "View"),
        Binding(keys: [.char("N")], action: .previousMatch, help: "previous search match", section: "View"),
        Binding(keys: [.char("x")], action: .toggleExpand, help: "show / hide this line's point releases (--osinfo)", section: "View"),
        Binding(keys: [.char("X")], action: .toggleExpandAll, help: "show / hide every line's point releases", section: "View"),
        Binding(keys: [.char("f")], action: .cycleRowFilter, help: "rows: all / with an Unsupported cell / needing settings / changed (diff)", section: "View"),
        Binding(keys: [.char("c")], action: .toggleCollapse, help: "newest machine type of each family only / all", section: "View"),
        Binding(keys: [.char("v")], action: .toggleEveryVersion, help: "one column per version / identical adjacent versions merged (2.7–4.2)", section: "View"),
        Binding(keys: [.char("B")], action: .toggleBaseTier, help: "technical base tier only (every policy cap off) / the policy's tiers", section: "View"),
        Binding(keys: [.char("u")], action: .toggleHidden, help: "show unreleased guests and unavailable machine types", section: "View"),
        Binding(keys: [.enter], action: .openDetail, help: "open the full detail of this cell", section: "View"),
        Binding(keys: [.char("?"), .function(1)], action: .openHelp, help: "this help", section: "View"),
        Binding(keys: [.char("s")], action: .screenshot, help: "save this screen (text and SVG)", section: "View"),
        Binding(keys: [.escape], action: .closeOverlay, help: "close help, detail, search or the date prompt", section: "View"),
        Binding(keys: [.char("q"), .ctrl("c")], action: .quit, help: "quit", section: "View"),
        Binding(keys: [.char("D")], action: .pinReference, help: "diff mode: pin this date and policy, mark cells that change / off", section: "Diff"),
        Binding(keys: [.char("P")], action: .compareProposal, help: "diff mode: mark cells the proposal changes / off", section: "Diff"),
    ]

    private static let table: [Key: Action] = {
        var table: [Key: Action] = [:]
        for binding in bindings { for key in binding.keys { table[key] = binding.action } }
        return table
    }()

    /// The action for a key in the current state: while the search prompt is open, keys type into it.
    public static func action(for key: Key, in state: AppState) -> Action? {
        switch key {
        case let .click(x, y): return .click(x: x, y: y)
        case .wheelUp: return .scroll(-3)
        case .wheelDown: return .scroll(3)
        default: break
        }
        if state.overlay == .search || state.overlay == .datePrompt {
            switch key {
            case let .char(c): return .type(c)
            case .backspace: return .erase
            case .enter: return .submit
            case .escape: return .closeOverlay
            case .ctrl("c"): return .quit   // as in the terminal, where Ctrl-C is SIGINT
            default: return nil
            }
        }
        if case .some(.help) = state.overlay, key == .char("q") { return .closeOverlay }
        if case .some(.detail) = state.overlay, key == .char("q") || key == .enter { return .closeOverlay }
        return table[key]
    }

    /// The short hint line: the most used keys.
    public static let hints: [(String, String)] = [
        ("?", "help"), ("hjkl", "move"), ("[ ] { }", "date"), ("d", "go to"), ("< >", "change"), ("p", "policy"),
        ("+ -", "window"), ("/", "search"), ("Enter", "detail"), ("s", "save"), ("q", "quit"),
    ]
}
