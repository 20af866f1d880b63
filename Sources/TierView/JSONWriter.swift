import TierEngine

/// A small JSON value with ordered keys, so that machine output is byte-stable and keys appear in the
/// documented order.
public indirect enum JSON: Sendable {
    case string(String), number(Int), bool(Bool), null
    case array([JSON])
    case object([(String, JSON)])

    public static func day(_ day: Day?) -> JSON { day.map { .string($0.description) } ?? .null }

    public func serialized(indent: Int? = 2) -> String {
        var out = ""
        write(&out, level: 0, indent: indent)
        return out
    }

    private func write(_ out: inout String, level: Int, indent: Int?) {
        let newline = indent == nil ? "" : "\n"
        let pad = { (n: Int) in String(repeating: " ", count: (indent ?? 0) * n) }
        switch self {
        case let .string(s): out += JSON.quote(s)
        case let .number(n): out += String(n)
        case let .bool(b): out += b ? "true" : "false"
        case .null: out += "null"
        case let .array(items):
            if items.isEmpty { out += "[]"; return }
            out += "[" + newline
            for (i, item) in items.enumerated() {
                out += pad(level + 1)
                item.write(&out, level: level + 1, indent: indent)
                out += (i < items.count - 1 ? "," : "") + newline
            }
            out += pad(level) + "]"
        case let .object(fields):
            if fields.isEmpty { out += "{}"; return }
            out += "{" + newline
            for (i, (key, value)) in fields.enumerated() {
                out += pad(level + 1) + JSON.quote(key) + (indent == nil ? ":" : ": ")
                value.write(&out, level: level + 1, indent: indent)
                out += (i < fields.count - 1 ? "," : "") + newline
            }
            out += pad(level) + "}"
        }
    }

    /// Escapes quotes, backslashes and every control character (catalog strings are untrusted).
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || DisplayText.isUnsafe(scalar) {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
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
