/// A calendar day (proleptic Gregorian), stored as days since 1970-01-01.
/// Dates in this domain are days, never instants: an end date is "the last supported day".
/// Every day lies in `Day.earliest ... Day.latest` (years 1 to 9999), so that it always prints as YYYY-MM-DD:
/// arithmetic past either end stops there.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let ordinal: Int

    public static let years = 1...9999
    public static let earliest = Day(ordinal: Day.daysFromCivil(1, 1, 1))
    public static let latest = Day(ordinal: Day.daysFromCivil(9999, 12, 31))

    /// Clamped to `earliest ... latest`.
    public init(ordinal: Int) {
        self.ordinal = min(max(ordinal, Day.daysFromCivil(1, 1, 1)), Day.daysFromCivil(9999, 12, 31))
    }

    /// Nil when the triple is not a real calendar day (2023-02-29, month 13 …) or the year is not 1 to 9999.
    public init?(year: Int, month: Int, day: Int) {
        guard Day.years.contains(year), (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        self.ordinal = Day.daysFromCivil(year, month, day)
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var components: (year: Int, month: Int, day: Int) { Day.civilFromDays(ordinal) }
    public var year: Int { components.year }

    public var description: String {
        let (y, m, d) = components
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(y, 4))-\(padded(m, 2))-\(padded(d, 2))"
    }

    public static func < (a: Day, b: Day) -> Bool { a.ordinal < b.ordinal }

    public func adding(days: Int) -> Day {
        let (sum, overflow) = ordinal.addingReportingOverflow(days)
        return overflow ? (days > 0 ? Day.latest : Day.earliest) : Day(ordinal: sum)
    }

    /// Calendar arithmetic: the same month and day `months` later, clamped to the month's end
    /// (2024-01-31 + 1 month = 2024-02-29).
    public func adding(months: Int) -> Day {
        let (y, m, d) = components
        // Past the range (or an absurd count): the range's end, without overflowing on the way.
        let clampedMonths = min(max(months, -12 * 10_000), 12 * 10_000)
        let total = y * 12 + (m - 1) + clampedMonths
        let newYear = total >= 0 ? total / 12 : (total - 11) / 12
        let newMonth = total - newYear * 12 + 1
        let newDay = min(d, Day.daysIn(month: newMonth, year: newYear))
        return Day(ordinal: Day.daysFromCivil(newYear, newMonth, newDay))
    }

    /// `adding(months:)`, or nil when the result would leave years 1 to 9999 (instead of stopping at the end):
    /// for input such as `-3000y`, which is an error, not the year 1.
    public func addingExactly(months: Int) -> Day? {
        let (y, m, _) = components
        let (scaled, overflow) = y.multipliedReportingOverflow(by: 12)
        guard !overflow else { return nil }
        let (total, overflow2) = (scaled + m - 1).addingReportingOverflow(months)
        guard !overflow2 else { return nil }
        let year = total >= 0 ? total / 12 : (total - 11) / 12
        return Day.years.contains(year) ? adding(months: months) : nil
    }

    /// `adding(days:)`, or nil when the result would leave years 1 to 9999.
    public func addingExactly(days: Int) -> Day? {
        let (sum, overflow) = ordinal.addingReportingOverflow(days)
        guard !overflow, sum >= Day.earliest.ordinal, sum <= Day.latest.ordinal else { return nil }
        return Day(ordinal: sum)
    }

    public func adding(years: Int) -> Day { adding(months: 12 * min(max(years, -10_000), 10_000)) }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's civil-date algorithms (http://howardhinnant.github.io/date_algorithms.html).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
