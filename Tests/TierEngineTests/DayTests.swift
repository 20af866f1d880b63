import XCTest
@testable import TierEngine

final class DayTests: XCTestCase {
    private func day(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Day {
        guard let day = Day(text) else {
            XCTFail("'\(text)' did not parse", file: file, line: line)
            return Day(ordinal: 0)
        }
        return day
    }

    func testParsesValidDays() {
        XCTAssertEqual(Day("1970-01-01")?.ordinal, 0)
        XCTAssertEqual(Day("1970-01-02")?.ordinal, 1)
        XCTAssertEqual(Day("1969-12-31")?.ordinal, -1)
        XCTAssertEqual(Day("2000-03-01")?.ordinal, 11017)
        XCTAssertNotNil(Day("2024-02-29"), "2024 is a leap year")
        XCTAssertNotNil(Day("2000-02-29"), "2000 is a leap year (divisible by 400)")
        XCTAssertNotNil(Day("2020-12-31"))
        XCTAssertEqual(day("2010-11-10").components.year, 2010)
        XCTAssertEqual(day("2010-11-10").components.month, 11)
        XCTAssertEqual(day("2010-11-10").components.day, 10)
        XCTAssertEqual(day("2010-11-10").year, 2010)
    }

    func testRejectsImpossibleDays() {
        XCTAssertNil(Day("2023-02-29"), "2023 is not a leap year")
        XCTAssertNil(Day("1900-02-29"), "1900 is not a leap year")
        XCTAssertNil(Day("2020-13-01"))
        XCTAssertNil(Day("2020-00-10"))
        XCTAssertNil(Day("2020-04-31"))
        XCTAssertNil(Day("2020-01-00"))
        XCTAssertNil(Day("2020-01-32"))
        XCTAssertNil(Day(year: 2023, month: 2, day: 29))
        XCTAssertNil(Day(year: 2020, month: 13, day: 1))
        XCTAssertNil(Day(year: 2020, month: 0, day: 1))
        XCTAssertNotNil(Day(year: 2024, month: 2, day: 29))
    }

    func testRejectsOtherFormats() {
        for text in ["2020-1-1", "2020-01-1", "2020-1-01", "20-01-01", "2020/01/01", "2020-01-01 ", " 2020-01-01",
                     "2020-01-01T00:00", "", "2020-0a-01", "+020-01-01", "2020-+1-01", "2020--1-01", "２０２０-01-01"] {
            XCTAssertNil(Day(text), "'\(text)' should not parse")
        }
    }

    func testFormatting() {
        XCTAssertEqual(day("2010-11-10").description, "2010-11-10")
        XCTAssertEqual(day("2024-02-29").description, "2024-02-29")
        XCTAssertEqual(Day(ordinal: 0).description, "1970-01-01")
        XCTAssertEqual(Day(year: 5, month: 3, day: 7)?.description, "0005-03-07", "zero-padded to four digits")
        XCTAssertEqual("\(day("2020-03-10"))", "2020-03-10")
    }

    func testRoundTripsEveryDayOfSeveralYears() {
        var current = day("1999-12-25")
        let end = day("2005-01-10")
        var previous: (Int, Int, Int)? = nil
        while current <= end {
            let text = current.description
            XCTAssertEqual(Day(text), current, text)
            let (y, m, d) = current.components
            XCTAssertEqual(Day(year: y, month: m, day: d), current)
            if let previous {
                // Consecutive ordinals are consecutive calendar days.
                let sameMonth = previous.0 == y && previous.1 == m && previous.2 + 1 == d
                let nextMonth = d == 1 && previous.2 == Day.daysIn(month: previous.1, year: previous.0)
                XCTAssertTrue(sameMonth || nextMonth, "\(previous) → \(text)")
            }
            previous = (y, m, d)
            current = current.adding(days: 1)
        }
    }

    func testLeapYears() {
        XCTAssertTrue(Day.isLeap(2024))
        XCTAssertTrue(Day.isLeap(2000))
        XCTAssertFalse(Day.isLeap(1900))
        XCTAssertFalse(Day.isLeap(2023))
        XCTAssertEqual(Day.daysIn(month: 2, year: 2024), 29)
        XCTAssertEqual(Day.daysIn(month: 2, year: 2100), 28)
        XCTAssertEqual(Day.daysIn(month: 4, year: 2023), 30)
        XCTAssertEqual(Day.daysIn(month: 12, year: 2023), 31)
    }

    func testAddingDays() {
        XCTAssertEqual(day("2020-02-28").adding(days: 1), day("2020-02-29"))
        XCTAssertEqual(day("2020-02-29").adding(days: 1), day("2020-03-01"))
        XCTAssertEqual(day("2021-02-28").adding(days: 1), day("2021-03-01"))
        XCTAssertEqual(day("2020-12-31").adding(days: 1), day("2021-01-01"))
        XCTAssertEqual(day("2021-01-01").adding(days: -1), day("2020-12-31"))
        XCTAssertEqual(day("2020-01-01").adding(days: 366), day("2021-01-01"))
    }

    func testCalendarYears() {
        XCTAssertEqual(day("2024-02-29").adding(years: -5), day("2019-02-28"), "the domain's example: clamps to Feb 28")
        XCTAssertEqual(day("2024-02-29").adding(years: 4), day("2028-02-29"))
        XCTAssertEqual(day("2024-02-29").adding(years: 1), day("2025-02-28"))
        XCTAssertEqual(day("2020-03-10").adding(years: -5), day("2015-03-10"))
        XCTAssertEqual(day("2010-11-10").adding(years: 10), day("2020-11-10"))
        XCTAssertEqual(day("2019-02-28").adding(years: 5), day("2024-02-28"), "no clamping upwards")
    }

    func testCalendarMonthsClamp() {
        XCTAssertEqual(day("2024-01-31").adding(months: 1), day("2024-02-29"))
        XCTAssertEqual(day("2023-01-31").adding(months: 1), day("2023-02-28"))
        XCTAssertEqual(day("2023-03-31").adding(months: 1), day("2023-04-30"))
        XCTAssertEqual(day("2023-03-31").adding(months: -1), day("2023-02-28"))
        XCTAssertEqual(day("2023-12-15").adding(months: 1), day("2024-01-15"))
        XCTAssertEqual(day("2024-01-15").adding(months: -1), day("2023-12-15"))
        XCTAssertEqual(day("2023-05-31").adding(months: -15), day("2022-02-28"))
        XCTAssertEqual(day("2023-05-20").adding(months: 0), day("2023-05-20"))
        XCTAssertEqual(day("2023-05-20").adding(months: 24), day("2025-05-20"))
    }

    /// Days stay in years 1 to 9999 (issue 14, row 15): year 0 is not a date, and arithmetic stops at the ends, so
    /// that every day prints as YYYY-MM-DD ("00-5-01-01" was printed before).
    func testDaysStayInYears1Through9999() {
        XCTAssertNil(Day("0000-01-01"))
        XCTAssertNil(Day(year: 0, month: 12, day: 31))
        XCTAssertNil(Day(year: 10_000, month: 1, day: 1))
        XCTAssertEqual(Day.earliest.description, "0001-01-01")
        XCTAssertEqual(Day.latest.description, "9999-12-31")
        XCTAssertEqual(Day(year: 1, month: 1, day: 31)!.adding(months: -1), Day.earliest)
        XCTAssertEqual(day("0001-03-01").adding(years: -5).description, "0001-01-01")
        XCTAssertEqual(day("9999-06-30").adding(months: 12).description, "9999-12-31")
        XCTAssertEqual(day("2020-01-01").adding(days: Int.max), Day.latest)
        XCTAssertEqual(day("2020-01-01").adding(days: Int.min), Day.earliest)
        XCTAssertEqual(day("2020-01-01").adding(years: Int.max), Day.latest)
        XCTAssertEqual(day("2020-01-01").adding(months: Int.min), Day.earliest)
        XCTAssertEqual(Day(ordinal: -10_000_000).description, "0001-01-01")
        XCTAssertEqual(Day(ordinal: 10_000_000).description, "9999-12-31")
        // The `{` key, many times from the first year: still a printable date.
        var d = day("0003-05-05")
        for _ in 0..<10 { d = d.adding(months: -12) }
        XCTAssertEqual(d.description, "0001-01-01")
        XCTAssertEqual(d.description.count, 10)
    }

    func testOrdering() {
        XCTAssertLessThan(day("2019-12-31"), day("2020-01-01"))
        XCTAssertLessThan(day("2020-01-31"), day("2020-02-01"))
        XCTAssertLessThan(day("2020-02-29"), day("2020-03-01"))
        XCTAssertFalse(day("2020-03-01") < day("2020-03-01"))
        XCTAssertEqual(day("2020-03-01"), Day(year: 2020, month: 3, day: 1))
        let sorted = ["2021-01-01", "1999-12-31", "2020-02-29", "2020-03-01"].map { day($0) }.sorted()
        XCTAssertEqual(sorted.map(\.description), ["1999-12-31", "2020-02-29", "2020-03-01", "2021-01-01"])
        XCTAssertEqual(Set([day("2020-01-01"), Day(year: 2020, month: 1, day: 1)!]).count, 1)
    }
}

final class QemuVersionTests: XCTestCase {
    func testParsing() {
        XCTAssertEqual(QemuVersion("2.10"), QemuVersion(2, 10))
        XCTAssertEqual(QemuVersion("11.0"), QemuVersion(11, 0))
        XCTAssertEqual(QemuVersion("0.0"), QemuVersion(0, 0))
        for text in ["2", "2.", ".1", "2.1.0", "a.b", "2.x", "-1.0", "1.-1", "+1.0", "1.+0", " 2.1", "", "2,1"] {
            XCTAssertNil(QemuVersion(text), "'\(text)' should not parse")
        }
    }

    func testFormatting() {
        XCTAssertEqual(QemuVersion(2, 10).description, "2.10")
        XCTAssertEqual(QemuVersion(4, 2).description, "4.2")
        XCTAssertEqual(QemuVersion("10.0")?.description, "10.0")
    }

    func testNumericOrdering() {
        XCTAssertLessThan(QemuVersion("2.9")!, QemuVersion("2.10")!)
        XCTAssertLessThan(QemuVersion("2.10")!, QemuVersion("3.0")!)
        XCTAssertLessThan(QemuVersion("2.12")!, QemuVersion("3.0")!)
        XCTAssertLessThan(QemuVersion("9.2")!, QemuVersion("10.0")!)
        XCTAssertFalse(QemuVersion("3.0")! < QemuVersion("3.0")!)
        let sorted = ["3.0", "2.10", "10.1", "2.9", "10.0", "2.1"].compactMap(QemuVersion.init).sorted()
        XCTAssertEqual(sorted.map(\.description), ["2.1", "2.9", "2.10", "3.0", "10.0", "10.1"])
    }
}
