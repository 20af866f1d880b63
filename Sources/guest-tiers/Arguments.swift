import ArgumentParser
import TierEngine
import TierView

// Values the argument parser reads into their types once, as it reads the command line: a malformed one is its
// error (`The value 'X' is invalid for '--date <date>': expected …`, exit 64), printed sanitised by
// GuestTiers.main. Ranges that depend on the command (--width 20… or 40…) stay in each command's validate().

/// Why a value did not parse: what the option takes (ArgumentParser puts the option and the value before it).
struct ArgumentFormError: Error, CustomStringConvertible {
    let description: String
}

/// `--date`, `--from`, `--to`: a date as `DateInput` takes it, its form checked once. A bare offset (`--to +1y`)
/// counts from a base the command gives later (--date); from today it must already be a date in years 1…9999.
struct DateArgument: Sendable {
    let text: String
    let expression: DateInput.Expression

    @Sendable static func parse(_ text: String) throws -> DateArgument {
        guard let expression = DateInput.Expression(text), expression.resolve(today: startDay, base: startDay) != nil else {
            throw ArgumentFormError(description: "expected \(DateInput.expected)")
        }
        return DateArgument(text: text, expression: expression)
    }

    /// The day, with bare offsets counted from `base`; an error only when that leaves years 1…9999.
    func resolve(base: Day, option: String) throws -> Day {
        guard let day = expression.resolve(today: startDay, base: base) else {
            throw ValidationError("\(option) '\(SafeText.sanitize(text))' counted from \(base) is not a date; dates go from 0001-01-01 to 9999-12-31")
        }
        return day
    }
}

/// `bench --date`: a plain YYYY-MM-DD (the figures compare across runs only on a fixed day).
@Sendable func parseDay(_ text: String) throws -> Day {
    guard let day = Day(text) else { throw ArgumentFormError(description: "expected YYYY-MM-DD, for example 2026-01-01") }
    return day
}

/// `render --size WxH` (its help says the form: a bad value's error quotes it).
extension ScreenSize: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
    public var defaultValueDescription: String { "\(width)x\(height)" }
}

/// `--theme 256|8|mono` for ansi, svg and html.
extension Theme.Depth: ExpressibleByArgument {}

/// `render --format`: every format some view has (which view takes which: `Render.formats`).
enum RenderFormat: String, ExpressibleByArgument, CaseIterable {
    case text, ansi, svg, html, markdown, json, csv

    /// The frame writer for the formats that paint a frame; nil for markdown, json and csv (reports of their own).
    var frameFormat: FrameExport.Format? { FrameExport.Format(rawValue: rawValue) }
}
