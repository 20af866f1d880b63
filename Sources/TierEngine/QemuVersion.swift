/// A QEMU release number X.Y (the machine-type version), ordered numerically: 2.9 < 2.10 < 3.0.
public struct QemuVersion: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let major: Int
    public let minor: Int

    public init(_ major: Int, _ minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses `X.Y` (both whole numbers).
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]),
              major >= 0, minor >= 0, !parts[0].contains("+"), !parts[1].contains("+") else { return nil }
        self.init(major, minor)
    }

    public var description: String { "\(major).\(minor)" }

    public static func < (a: QemuVersion, b: QemuVersion) -> Bool {
        (a.major, a.minor) < (b.major, b.minor)
    }
}
