import TierEngine

/// `guest-tiers timeline`: a guest's (or one cell's) tier changes with their causes, as text, JSON, Markdown or
/// an iCalendar feed (RFC 5545). Every format renders the same entries, computed once by the engine.
public struct TimelineReport: Sendable {
    public let guest: Guest
    /// What the timeline covers: "pc-q35-4.2", "family q35", or "every machine type".
    public let scope: String
    /// "both" or "both, window 3y, no lifecycle".
    public let policy: String
    public let from: Day?
    public let through: Day?
    public let entries: [TimelineEntry]
    /// Machine index → name (the evaluator's machines).
    let machineNames: [String]
    /// Today, for the calendar's DTSTAMP (pinned by GUEST_TIERS_TODAY, so that the feed is reproducible).
    let today: Day

    public init(guest: Guest, scope: String, policy: String, from: Day?, through: Day?, entries: [TimelineEntry],
                machineNames: [String], today: Day) {
        self.guest = guest
        self.scope = scope
        self.policy = policy
        self.from = from
        self.through = through
        self.entries = entries
        self.machineNames = machineNames
        self.today = today
    }

    var range: String {
        switch (from, through) {
        case (nil, nil): return "every day"
        case let (f?, nil): return "from \(f)"
        case let (nil, t?): return "through \(t)"
        case let (f?, t?): return "\(f) to \(t)"
        }
    }

    func tiers(_ entry: TimelineEntry, arrow: String = "→") -> String { "\(entry.before.title) \(arrow) \(entry.tier.title)" }

    // MARK: - Text

    public func text() -> String {
        var lines = ["guest-tiers timeline: \(guest.id) (\(guest.name)) on \(scope), policy \(policy), \(range)"]
        if entries.isEmpty { lines.append("no tier change") }
        for entry in entries {
            let estimated = entry.estimated ? " (estimated)" : ""
            lines.append("\(entry.day)  \(tiers(entry))\(estimated): \(entry.text)")
            if entry.machines.count > 1 || !scope.hasPrefix("machine type") {
                lines.append("    machine types: \(entry.machines.map { machineNames[$0] }.joined(separator: ", "))")
            }
            lines.append("    source: \(entry.source)")
        }
        // Every line through the one sanitiser: ids, names, the scope (a family id or machine type name), the
        // policy's id, causes and sources are all catalog text.
        return lines.map(SafeText.sanitize).joined(separator: "\n") + "\n"
    }

    // MARK: - JSON

    public func json() -> String {
        JSON.object([
            ("guest", .object([("id", .string(guest.id)), ("name", .string(guest.name))])),
            ("scope", .string(scope)),
            ("policy", .string(policy)),
            ("from", .day(from)),
            ("to", .day(through)),
            ("changes", .array(entries.map { entry in
                .object([
                    ("uid", .string(uid(entry))),
                    ("date", .day(entry.day)),
                    ("before", .string(entry.before.rawValue)),
                    ("tier", .string(entry.tier.rawValue)),
                    ("kinds", .array(entry.kinds.map { .string($0.rawValue) })),
                    ("text", .string(entry.text)),
                    ("source", .string(entry.source)),
                    ("estimated", .bool(entry.estimated)),
                    ("machines", .array(entry.machines.map { .string(machineNames[$0]) })),
                ])
            })),
        ]).serialized() + "\n"
    }

    // MARK: - Markdown

    public func markdown() -> String {
        var out = "### Timeline of \(Markdown.text(guest.name)) (\(Markdown.code(guest.id))) on \(Markdown.text(scope))\n\n"
        out += "Policy \(Markdown.text(policy)), \(range).\n\n"
        if entries.isEmpty { return out + "No tier change.\n" }
        out += "| date | change | cause | machine types | source |\n|---|---|---|---|---|\n"
        for entry in entries {
            let names = entry.machines.map { machineNames[$0] }
            let machines = names.count <= 4 ? names.joined(separator: ", ") : Timeline.listing(names)
            out += "| \(entry.day)\(entry.estimated ? " (estimated)" : "") | \(tiers(entry)) | \(Markdown.text(entry.text)) | \(Markdown.text(machines)) | \(Markdown.text(entry.source)) |\n"
        }
        return out
    }

    // MARK: - iCalendar (RFC 5545)

    /// The same change keeps its UID across runs and across catalog edits that do not touch it: the UID hashes
    /// what the change is — the guest, what the timeline covers, the policy, the day, the tiers and the cause with
    /// the machine type's name abstracted — not the machine types that happen to share it.
    public func uid(_ entry: TimelineEntry) -> String {
        let identity = [guest.id, scope, policy, entry.day.description, entry.before.rawValue, entry.tier.rawValue, entry.identity]
            .joined(separator: "\u{1F}")
        return "\(ICalendar.fnv1a64(identity))-\(entry.day.description.filter { $0 != "-" })@guest-tiers"
    }

    public func ics() -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//guest-tiers//timeline//EN", "CALSCALE:GREGORIAN",
                     "METHOD:PUBLISH",
                     "X-WR-CALNAME:" + ICalendar.escape("guest-tiers: \(guest.name) on \(scope) (policy \(policy))")]
        let stamp = ICalendar.date(today) + "T000000Z"
        for entry in entries {
            let names = entry.machines.map { machineNames[$0] }
            var description = "\(guest.name) [\(guest.id)]: \(tiers(entry, arrow: "->")) on \(entry.day)"
            if entry.estimated { description += " (estimated: a QEMU release the catalog does not list yet)" }
            description += "\nCause: \(entry.text)\nSource: \(entry.source)\nMachine types: \(names.joined(separator: ", "))\nPolicy: \(policy)"
            lines += [
                "BEGIN:VEVENT",
                "UID:" + uid(entry),
                "DTSTAMP:" + stamp,
                "DTSTART;VALUE=DATE:" + ICalendar.date(entry.day),
                "DTEND;VALUE=DATE:" + ICalendar.date(entry.day.adding(days: 1)),
                "SUMMARY:" + ICalendar.escape("\(guest.id): \(tiers(entry, arrow: "->"))\(entry.estimated ? " (estimated)" : "") - \(names.count == 1 ? names[0] : "\(names.count) machine types")"),
                "DESCRIPTION:" + ICalendar.escape(description),
                "CATEGORIES:" + entry.kinds.map { ICalendar.escape($0.rawValue) }.joined(separator: ","),
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return lines.map(ICalendar.fold).joined(separator: "\r\n") + "\r\n"
    }
}

/// The few RFC 5545 rules the timeline needs.
public enum ICalendar {
    /// `20201201` (a DATE value).
    static func date(_ day: Day) -> String { day.description.filter { $0 != "-" } }

    /// TEXT escaping (RFC 5545 §3.3.11). A newline in the text is an escaped line break (`\n`); each line goes
    /// through the one sanitiser (`SafeText`, as every export: controls, bidi and invisible characters become
    /// U+FFFD, tabs and CRs a space), then backslash, semicolon and comma are escaped.
    public static func escape(_ text: String) -> String {
        text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var out = String.UnicodeScalarView()
            for scalar in SafeText.sanitize(String(String.UnicodeScalarView(line))).unicodeScalars {
                switch scalar {
                case "\\", ";", ",": out.append("\\"); out.append(scalar)
                default: out.append(scalar)
                }
            }
            return String(out)
        }.joined(separator: "\\n")
    }

    /// Lines longer than 75 octets are folded (§3.1): CRLF and a space, never inside a UTF-8 sequence.
    public static func fold(_ line: String) -> String {
        var out = ""
        var octets = 0
        for character in line {
            let size = String(character).utf8.count
            if octets + size > 75 {
                out += "\r\n "
                octets = 1
            }
            out.append(character)
            octets += size
        }
        return out
    }

    /// 64-bit FNV-1a as 16 hex digits: stable across runs and platforms (Swift's Hasher is seeded per process).
    static func fnv1a64(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

