/// A QEMU release number X.Y (the machine-type version), ordered numerically: 2.9 < 2.10 < 3.0.
public struct QemuVersion: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let major: Int
    public let minor: Int

    public init(_ major: Int, _ minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// The largest major or minor number read: QEMU is at 10.x; room for centuries of releases, and far from
    /// overflowing when the lifecycle rule adds years to a major number.
    public static let maxComponent = 9999

    /// Parses `X.Y`: ASCII digits only (no sign, no "+"), each part at most `maxComponent`.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        func number(_ part: Substring) -> Int? {
            guard (1...4).contains(part.utf8.count), part.utf8.allSatisfy({ (48...57).contains($0) }) else { return nil }
            return Int(part)
        }
        guard parts.count == 2, let major = number(parts[0]), let minor = number(parts[1]) else { return nil }
        self.init(major, minor)
    }

    public var description: String { "\(major).\(minor)" }

    public static func < (a: QemuVersion, b: QemuVersion) -> Bool {
        (a.major, a.minor) < (b.major, b.minor)
    }
}
