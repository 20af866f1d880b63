import FuzzDriver
import Foundation
import TierEngine

/// Dates and versions as typed: a parse either fails or round-trips exactly; arithmetic from any day by any
/// amount stays a printable YYYY-MM-DD day in years 1 to 9999.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDates(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let text = String(decoding: bytes, as: UTF8.self)
    if let day = Day(text) {
        precondition(day.description == text, "\(text) parses as \(day)")
        precondition(Day.years.contains(day.year))
    }
    if let version = QemuVersion(text) {
        precondition(QemuVersion(version.description) == version, "\(text) → \(version)")
        precondition(version.major <= QemuVersion.maxComponent && version.minor <= QemuVersion.maxComponent)
    }
    // Arithmetic: a day and two amounts from the first 24 bytes.
    guard size >= 24 else { return 0 }
    func int(_ offset: Int) -> Int {
        var value: UInt64 = 0
        for i in 0..<8 { value = value << 8 | UInt64(bytes[offset + i]) }
        return Int(truncatingIfNeeded: value)
    }
    let day = Day(ordinal: int(0))
    for result in [day.adding(days: int(8)), day.adding(months: int(16)), day.adding(years: int(8)),
                   day.adding(months: int(16) % 1_000).adding(days: int(8) % 100_000)] {
        precondition(result >= Day.earliest && result <= Day.latest)
        precondition(result.description.count == 10 && Day(result.description) == result, "\(result)")
    }
    return 0
}

runLibFuzzer { data, size in
    guard let data else { return 0 }
    return fuzzDates(data, size)
}
