import TierEngine

/// How a role looks: colours as palette indices (0–255), nil for the terminal's default.
public struct Attributes: Hashable, Sendable {
    public var foreground: Int?
    public var background: Int?
    public var bold = false
    public var underline = false
    public var reverse = false
    public var dim = false

    public init(foreground: Int? = nil, background: Int? = nil, bold: Bool = false, underline: Bool = false,
                reverse: Bool = false, dim: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
        self.dim = dim
    }
}

/// Maps roles to attributes for one kind of terminal. Every tier also has its own glyph (see `Glyphs`), so a
/// monochrome screen still tells tiers apart.
public struct Theme: Hashable, Sendable {
    public enum Depth: String, Sendable, CaseIterable {
        case color256 = "256"
        case color8 = "8"
        case monochrome = "mono"
    }

    public let depth: Depth

    public init(_ depth: Depth) { self.depth = depth }

    /// The theme for a terminal with `colors` colours, unless colour is switched off (NO_COLOR, --no-color).
    public static func pick(colors: Int, noColor: Bool) -> Theme {
        if noColor || colors < 8 { return Theme(.monochrome) }
        return Theme(colors >= 256 ? .color256 : .color8)
    }

    public func attributes(_ role: Role) -> Attributes {
        switch depth {
        case .color256: return rich(role)
        case .color8: return basic(role)
        case .monochrome: return mono(role)
        }
    }

    private func rich(_ role: Role) -> Attributes {
        switch role {
        case .text: return Attributes()
        case .dim: return Attributes(foreground: 244)
        case .title: return Attributes(foreground: 231, background: 24, bold: true)
        case .status: return Attributes(foreground: 231, background: 24)
        case .header: return Attributes(foreground: 153, bold: true)
        case .headerSelected: return Attributes(foreground: 16, background: 153, bold: true)
        case .border: return Attributes(foreground: 240)
        case .hint: return Attributes(foreground: 250, background: 236)
        case .hintKey: return Attributes(foreground: 229, background: 236, bold: true)
        case .message: return Attributes(foreground: 16, background: 114)
        case .warning: return Attributes(foreground: 231, background: 160, bold: true)
        case let .tier(tier), let .tierChip(tier): return tierColours(tier)
        case let .tierSelected(tier):
            var a = tierColours(tier)
            if tier.isSupportTier {
                a.bold = true
                a.underline = true
                a.foreground = 231
                a.background = a.background.map { $0 == 28 ? 22 : ($0 == 136 ? 94 : 52) }
            } else {
                a.reverse = true
            }
            return a
        case .sliderAxis: return Attributes(foreground: 244)
        case .sliderNow: return Attributes(foreground: 231, background: 24, bold: true)
        case .sliderCutoff: return Attributes(foreground: 214, bold: true)
        case .sliderRelease: return Attributes(foreground: 110)
        case .sliderGuest: return Attributes(foreground: 213, bold: true)
        case .overlay: return Attributes(foreground: 252, background: 235)
        case .overlayTitle: return Attributes(foreground: 229, background: 235, bold: true)
        case .changed: return Attributes(foreground: 16, background: 213, bold: true)
        }
    }

    private func tierColours(_ tier: Tier) -> Attributes {
        switch tier {
        case .recommended: return Attributes(foreground: 231, background: 28, bold: true)
        case .supported: return Attributes(foreground: 16, background: 136)
        case .unsupported: return Attributes(foreground: 231, background: 124, bold: true)
        case .notApplicable: return Attributes(foreground: 238)
        case .unreleased, .unavailable: return Attributes(foreground: 242)
        }
    }

    private func basic(_ role: Role) -> Attributes {
        switch role {
        case .text: return Attributes()
        case .dim, .border, .sliderAxis: return Attributes(dim: true)
        case .title, .status, .sliderNow: return Attributes(foreground: 7, background: 4, bold: true)
        case .header: return Attributes(foreground: 6, bold: true)
        case .headerSelected: return Attributes(foreground: 0, background: 6)
        case .hint, .overlay: return Attributes(foreground: 7, background: 0)
        case .hintKey, .overlayTitle: return Attributes(foreground: 3, background: 0, bold: true)
        case .message: return Attributes(foreground: 0, background: 2)
        case .warning: return Attributes(foreground: 7, background: 1, bold: true)
        case let .tier(tier), let .tierSelected(tier), let .tierChip(tier):
            var a: Attributes
            switch tier {
            case .recommended: a = Attributes(foreground: 7, background: 2, bold: true)
            case .supported: a = Attributes(foreground: 0, background: 3)
            case .unsupported: a = Attributes(foreground: 7, background: 1, bold: true)
            case .notApplicable, .unreleased, .unavailable: a = Attributes(dim: true)
            }
            if case .tierSelected = role { a.underline = true; a.reverse = !tier.isSupportTier; a.bold = true }
            return a
        case .sliderCutoff: return Attributes(foreground: 3, bold: true)
        case .sliderRelease: return Attributes(foreground: 6)
        case .sliderGuest: return Attributes(foreground: 5, bold: true)
        case .changed: return Attributes(foreground: 0, background: 5, bold: true)
        }
    }

    private func mono(_ role: Role) -> Attributes {
        switch role {
        case .text, .sliderAxis, .sliderRelease, .overlay: return Attributes()
        case .dim, .border: return Attributes(dim: true)
        case .title, .status, .sliderNow, .headerSelected, .message, .warning: return Attributes(reverse: true)
        case .header, .hintKey, .overlayTitle, .sliderCutoff, .sliderGuest: return Attributes(bold: true)
        case .hint: return Attributes()
        case let .tier(tier):
            switch tier {
            case .recommended: return Attributes(bold: true)
            case .supported: return Attributes()
            case .unsupported: return Attributes(underline: true)
            case .notApplicable, .unreleased, .unavailable: return Attributes(dim: true)
            }
        case .tierSelected: return Attributes(bold: true, reverse: true)
        case .tierChip: return Attributes(bold: true)
        case .changed: return Attributes(bold: true, underline: true)
        }
    }
}

/// Characters for box drawing and tiers: UTF-8, or plain ASCII for terminals and mail that lack it.
public struct Glyphs: Hashable, Sendable {
    public let ascii: Bool
    public let horizontal: String, vertical: String
    public let topLeft: String, topRight: String, bottomLeft: String, bottomRight: String
    public let ellipsis: String, now: String, cutoff: String, tick: String, arrowRight: String
    public let guestRelease: String, guestEnd: String, pinned: String

    public static let unicode = Glyphs(ascii: false, horizontal: "─", vertical: "│",
                                       topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
                                       ellipsis: "…", now: "▼", cutoff: "◆", tick: "┴", arrowRight: "→",
                                       guestRelease: "▲", guestEnd: "■", pinned: "◇")
    public static let plain = Glyphs(ascii: true, horizontal: "-", vertical: "|",
                                     topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
                                     ellipsis: "~", now: "v", cutoff: "#", tick: "'", arrowRight: "->",
                                     guestRelease: "^", guestEnd: "X", pinned: "o")

    /// One character per tier, the same in colour and without: it is what a mail reader sees.
    public func tier(_ tier: Tier) -> String {
        switch tier {
        case .recommended: return "R"
        case .supported: return "S"
        case .unsupported: return "U"
        case .notApplicable: return " "
        case .unreleased: return ascii ? "." : "·"
        case .unavailable: return ascii ? "x" : "×"
        }
    }
}
