import XCTest
@testable import TierEngine

/// Typed dates (the command line and the explorer's date prompt share this parser) and the policy knobs that
/// `p` and `diff --vs-policy` carry over in one way.
final class DateInputTests: XCTestCase {
    let today = d("2026-11-26")
    let base = d("2020-03-10")

    func resolve(_ text: String) -> Day? { DateInput.resolve(text, today: today, base: base) }

    func testAbsoluteForms() {
        XCTAssertEqual(resolve("2020-03-10"), d("2020-03-10"))
        XCTAssertEqual(resolve("2020-03"), d("2020-03-01"))
        XCTAssertEqual(resolve("2020"), d("2020-01-01"))
        XCTAssertEqual(resolve(" 2024-02-29 "), d("2024-02-29"))
        XCTAssertEqual(resolve("today"), today)
        XCTAssertEqual(resolve("TODAY"), today)
    }

    func testOffsetsCountFromTheBaseOrTheAnchor() {
        XCTAssertEqual(resolve("+1y"), d("2021-03-10"))
        XCTAssertEqual(resolve("-6m"), d("2019-09-10"))
        XCTAssertEqual(resolve("+2w"), d("2020-03-24"))
        XCTAssertEqual(resolve("-10d"), d("2020-02-29"))
        XCTAssertEqual(resolve("today-6m"), d("2026-05-26"))
        XCTAssertEqual(resolve("today+1y-2w"), d("2027-11-12"))
        XCTAssertEqual(resolve("2020-03-10+1y"), d("2021-03-10"))
        XCTAssertEqual(resolve("2020-03-10-6m"), d("2019-09-10"))
        XCTAssertEqual(resolve("2020-03-1y"), d("2019-03-01"))
        // Calendar arithmetic clamps to the month's end: 29 February plus a year is 28 February.
        XCTAssertEqual(DateInput.resolve("+1y", today: today, base: d("2024-02-29")), d("2025-02-28"))
        XCTAssertEqual(DateInput.resolve("-1m", today: today, base: d("2024-03-31")), d("2024-02-29"))
    }

    func testAnythingElseIsRejected() {
        for bad in ["", "  ", "2020-13-01", "2021-02-29", "2020-3-10", "10/03/2020", "20", "+1", "1y", "+y", "+1q",
                    "today-", "yesterday", "2020-03-10+", "+999999y", "-3000y", "2020-03-10 +1y", "todayx"] {
            XCTAssertNil(resolve(bad), "'\(bad)' should not be a date")
        }
    }
}

final class PolicyKnobTests: XCTestCase {
    let both = Policy(id: "both", vendorCap: true, ageCap: true)
    let vendor = Policy(id: "vendor", vendorCap: true, ageCap: false)
    /// A preset that itself counts extended support: switching to it must not lose that.
    let extended = Policy(id: "extended", vendorCap: true, ageCap: true, extendedCounts: true)

    func testOnlyChangedKnobsCarryOver() {
        var mine = both
        mine.windowYears = 3
        mine.lifecycle = false
        XCTAssertEqual(mine.knobs(changedFrom: both), PolicyKnobs(windowYears: 3, lifecycle: false))
        XCTAssertEqual(mine.knobs(changedFrom: both).summary, ["window 3y", "no lifecycle"])
        let switched = mine.switched(to: extended, from: both)
        XCTAssertEqual(switched.id, "extended")
        XCTAssertEqual(switched.windowYears, 3)
        XCTAssertFalse(switched.lifecycle)
        XCTAssertTrue(switched.extendedCounts, "the preset's own extended_counts survives")
        // Back to the start: the knobs still follow, and nothing else differs.
        XCTAssertEqual(switched.switched(to: both, from: extended), mine)
    }

    func testAgeFromCarriesOverToo() {
        var mine = vendor
        mine.ageFrom = .latestPointRelease
        XCTAssertEqual(mine.switched(to: vendor, from: vendor), mine, "a preset against itself changes nothing")
        XCTAssertEqual(mine.switched(to: both, from: vendor).ageFrom, .latestPointRelease)
    }
}
