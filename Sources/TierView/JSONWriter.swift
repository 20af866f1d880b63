import TierEngine

/// A small JSON value with ordered keys, so that machine output is byte-stable and keys appear in the
/// documented order.
public indirect enum JSON: Sendable {
    case string(String), number(Int), bool(Bool), null
    case array([JSON])
    case object([(String, JSON)])

    public static func day(_ day: Day?) -> JSON { day.map { .string($0.description) } ?? .null }

    /// The text, written once into one byte buffer (no intermediate strings per value or indentation).
    public func serialized(indent: Int? = 2) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        write(&out, level: 0, indent: indent ?? 0, pretty: indent != nil)
        return String(decoding: out, as: UTF8.self)
    }

    func write(_ out: inout [UInt8], level: Int, indent: Int, pretty: Bool) {
        func pad(_ n: Int) { out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * n)) }
        switch self {
        case let .string(s): JSON.quote(s, into: &out)
        case let .number(n): out.append(contentsOf: String(n).utf8)
        case let .bool(b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case let .array(items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            if pretty { out.append(UInt8(ascii: "\n")) }
            for (i, item) in items.enumerated() {
                pad(level + 1)
                item.write(&out, level: level + 1, indent: indent, pretty: pretty)
                if i < items.count - 1 { out.append(UInt8(ascii: ",")) }
                if pretty { out.append(UInt8(ascii: "\n")) }
            }
            pad(level)
            out.append(UInt8(ascii: "]"))
        case let .object(fields):
            if fields.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            if pretty { out.append(UInt8(ascii: "\n")) }
            for (i, (key, value)) in fields.enumerated() {
                pad(level + 1)
                JSON.quote(key, into: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(UInt8(ascii: " ")) }
                value.write(&out, level: level + 1, indent: indent, pretty: pretty)
                if i < fields.count - 1 { out.append(UInt8(ascii: ",")) }
                if pretty { out.append(UInt8(ascii: "\n")) }
            }
            pad(level)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Escapes quotes, backslashes and every control character (catalog strings are untrusted), into a byte
    /// buffer: printable ASCII is copied as bytes; anything else goes scalar by scalar, each kept one as its
    /// UTF-8 bytes.
    static func quote(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        escape(s, into: &out)
        out.append(UInt8(ascii: "\""))
    }

    /// `quote` without the quotes. Escaping goes scalar by scalar, so the escape of `a + b` is the escape of `a`
    /// followed by that of `b` (a text built from parts can be escaped part by part).
    static func escape(_ s: String, into out: inout [UInt8]) {
        let copied: Bool? = s.utf8.withContiguousStorageIfAvailable { bytes in
            // Printable ASCII in one pass: runs between quotes and backslashes are copied whole; any other byte
            // takes back what was copied and leaves the string to the scalar loop.
            let mark = out.count
            var start = 0
            for i in 0..<bytes.count {
                let byte = bytes[i]
                if byte < 0x20 || byte >= 0x7F {
                    out.removeLast(out.count - mark)
                    return false
                }
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                    out.append(UInt8(ascii: "\\"))
                    start = i
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
            return true
        }
        guard copied != true else { return }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append(contentsOf: "\\\"".utf8)
            case "\\": out.append(contentsOf: "\\\\".utf8)
            case "\n": out.append(contentsOf: "\\n".utf8)
            case "\r": out.append(contentsOf: "\\r".utf8)
            case "\t": out.append(contentsOf: "\\t".utf8)
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || DisplayText.isUnsafe(scalar) {
                    // \u takes four hex digits of UTF-16: a scalar past U+FFFF is its surrogate pair.
                    for unit in String(scalar).utf16 {
                        let hex = String(unit, radix: 16)
                        out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
                    }
                } else {
                    UTF8.encode(scalar) { out.append($0) }
                }
            }
        }
    }

    /// `quote(_:into:)` as a String.
    static func quote(_ s: String) -> String {
        var out: [UInt8] = []
        quote(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

/// The JSON shapes of the commands' machine output.
public enum EvaluationJSON {
    /// `explain --format json`.
    public static func explain(_ e: Evaluation) -> JSON {
        .object([
            ("date", .day(e.date)),
            ("policy", .string(e.policy.id)),
            ("window_years", .number(e.policy.windowYears)),
            ("guest", .object([
                ("id", .string(e.guest.id)),
                ("name", .string(e.guest.name)),
                ("released", .day(e.guest.released.day)),
                ("vendor_support_end", .day(e.guest.vendorSupportEnd.day)),
            ])),
            ("machine", .object([
                ("name", .string(e.machine.name)),
                ("family", .string(e.machine.familyID)),
                ("arch", .array(e.machine.arch.map(JSON.string))),
                ("released", .day(e.machine.released.day)),
                ("deprecated", .day(e.machine.deprecated?.day)),
                ("deleted", .day(e.machine.deleted?.day)),
            ])),
            ("tier", .string(e.tier.rawValue)),
            ("base_tier", e.baseTier.map { .string($0.rawValue) } ?? .null),
            ("settings", .array(e.settings.map(JSON.string))),
            ("reasons", .array(e.reasons.map { reason in
                .object([("kind", .string(reason.kind.rawValue)), ("text", .string(reason.text)), ("source", .string(reason.source)),
                         ("remedy", reason.remedy.map(JSON.string) ?? .null), ("estimated", .bool(reason.estimated))])
            })),
            ("next_change", e.nextChange.map(change) ?? .null),
            ("support_cause", supportCause(e)),
            ("caps", .array(e.caps.kinds.map { .string($0.rawValue) })),
            ("cutoff", e.policy.ageCap ? .day(e.cutoff) : .null),
            ("estimated", .bool(e.hasEstimate)),
        ])
    }

    /// A change with its cause: `{"date","tier","kind","text","source","estimated"}` (+ `before`, every cause).
    public static func change(_ c: TierChange) -> JSON {
        .object([
            ("date", .day(c.day)), ("tier", .string(c.tier.rawValue)),
            ("kind", c.kind.map { .string($0.rawValue) } ?? .null), ("text", .string(c.text)),
            ("source", .string(c.source)), ("estimated", .bool(c.estimated)), ("before", .string(c.before.rawValue)),
            ("causes", .array(c.causes.map { cause in
                .object([("kind", .string(cause.kind.rawValue)), ("text", .string(cause.text)),
                         ("source", .string(cause.source)), ("estimated", .bool(cause.estimated))])
            })),
        ])
    }

    /// `"rule"`, `"caps"` or null: why a Supported cell is Supported.
    static func supportCause(_ e: Evaluation) -> JSON {
        switch e.supportCause {
        case .rule?: return .string("rule")
        case .caps?: return .string("caps")
        case nil: return .null
        }
    }
}
