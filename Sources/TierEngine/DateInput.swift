/// Dates as a user types them, on the command line and in the explorer's date prompt: one parser for both, so
/// that `--date today-6m` and the prompt's `-6m` mean the same.
public enum DateInput {
    /// What every error about a typed date says is accepted.
    public static let expected = "YYYY-MM-DD, YYYY-MM, YYYY, today, or relative +1y, -6m, +2w, +10d (also today-6m, 2020-03-10+1y)"

    /// Resolves `text` (see `Expression`) from `today` and `base`. Nil when the text is no date or the result
    /// falls outside years 1…9999.
    public static func resolve(_ text: String, today: Day, base: Day) -> Day? {
        Expression(text)?.resolve(today: today, base: base)
    }

    /// A typed date taken apart once (the command line parses it when it reads the arguments, then resolves it
    /// against `--date`):
    /// - `2020-03-10`; `2020-03` (its first day); `2020` (1 January);
    /// - `today` (the pinned or real today);
    /// - a bare offset `+1y` `-6m` `+2w` `+10d`, counted from a base (the date on screen, or `--date`);
    /// - an anchor with offsets, `today-6m`, `2020-03-10+1y-2w`.
    /// Months and years are calendar arithmetic clamped to the month's end (2024-02-29 + 1y = 2025-02-28).
    public struct Expression: Hashable, Sendable {
        public enum Anchor: Hashable, Sendable {
            case base, today
            case day(Day)
        }

        struct Offset: Hashable, Sendable {
            let amount: Int
            let unit: Character
        }

        public let anchor: Anchor
        let offsets: [Offset]

        /// Nil when the text is none of the forms above.
        public init?(_ text: String) {
            let trimmed = text.trimmingSpaces.lowercased()
            guard !trimmed.isEmpty else { return nil }
            // Split into the anchor (up to the first sign after position 0 that starts an offset) and the offsets.
            var anchorText = trimmed
            var offsetsText = ""
            if let first = trimmed.first, first == "+" || first == "-" {
                anchorText = ""
                offsetsText = trimmed
            } else if trimmed.hasPrefix("today") {
                anchorText = "today"
                offsetsText = String(trimmed.dropFirst(5))
            } else if let sign = DateInput.signIndexAfterAbsoluteDate(trimmed) {
                anchorText = String(trimmed[..<sign])
                offsetsText = String(trimmed[sign...])
            }
            switch anchorText {
            case "": anchor = .base
            case "today": anchor = .today
            default:
                guard let day = DateInput.absolute(anchorText) else { return nil }
                anchor = .day(day)
            }
            guard let offsets = DateInput.parseOffsets(offsetsText) else { return nil }
            self.offsets = offsets.map { Offset(amount: $0.0, unit: $0.1) }
        }

        /// The day it names; nil when an offset leaves years 1…9999.
        public func resolve(today: Day, base: Day) -> Day? {
            var day: Day
            switch anchor {
            case .base: day = base
            case .today: day = today
            case let .day(anchor): day = anchor
            }
            // Years outside 0001…9999 cannot be written back as YYYY-MM-DD: such an offset is an error (Day's own
            // arithmetic would stop at the range's end instead).
            for offset in offsets {
                let amount = offset.amount
                let next: Day?
                switch offset.unit {
                case "y": next = amount.multipliedReportingOverflow(by: 12).overflow ? nil : day.addingExactly(months: 12 * amount)
                case "m": next = day.addingExactly(months: amount)
                case "w": next = amount.multipliedReportingOverflow(by: 7).overflow ? nil : day.addingExactly(days: 7 * amount)
                default: next = day.addingExactly(days: amount)
                }
                guard let next else { return nil }
                day = next
            }
            return day
        }
    }

    /// `2020-03-10`, `2020-03`, `2020`.
    static func absolute(_ text: String) -> Day? {
        if let day = Day(text) { return day }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        if parts.count == 1, parts[0].count == 4, let year = Int(parts[0]) {
            return Day(year: year, month: 1, day: 1)
        }
        if parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]) {
            return Day(year: year, month: month, day: 1)
        }
        return nil
    }

    /// In `2020-03-10+1y` the offsets start at the first `+`, or at a `-` after which a number and a unit
    /// letter follow (the date's own dashes are followed by digits only).
    static func signIndexAfterAbsoluteDate(_ text: String) -> String.Index? {
        if let plus = text.firstIndex(of: "+") { return plus }
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "-" {
                let rest = text[text.index(after: index)...]
                let digits = rest.prefix(while: \.isASCIIDigit)
                if let unit = rest.dropFirst(digits.count).first, !digits.isEmpty, "ymwd".contains(unit) { return index }
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// `+1y-6m` → [(1, y), (-6, m)]; "" → []. Nil on anything else.
    static func parseOffsets(_ text: String) -> [(Int, Character)]? {
        var result: [(Int, Character)] = []
        var rest = Substring(text)
        while let sign = rest.first {
            guard sign == "+" || sign == "-" else { return nil }
            rest = rest.dropFirst()
            let digits = rest.prefix(while: \.isASCIIDigit)
            // More than five digits is no calendar offset anyone means (and would overflow the arithmetic).
            guard !digits.isEmpty, digits.count <= 5, let value = Int(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let unit = rest.first, "ymwd".contains(unit) else { return nil }
            rest = rest.dropFirst()
            result.append((sign == "-" ? -value : value, unit))
        }
        return result
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
