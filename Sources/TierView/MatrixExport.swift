import TierEngine

/// Output written in pieces: kept whole, or handed to `flush` whenever a chunk is full, so that an export of
/// every cell (35 MB of JSON for the full osinfo-db) never holds all of its output at once.
public struct ByteSink {
    public private(set) var bytes: [UInt8] = []
    let flush: (([UInt8]) -> Void)?
    let chunk: Int

    /// Keeps every byte (`bytes`).
    public init() {
        flush = nil
        chunk = 0
    }

    /// Hands the bytes to `flush` in chunks of about `chunk` bytes (the last one at `finish`).
    public init(chunk: Int = 1 << 16, flush: @escaping ([UInt8]) -> Void) {
        self.flush = flush
        self.chunk = chunk
        bytes.reserveCapacity(chunk + chunk / 2)
    }

    @inline(__always) public mutating func append(_ piece: [UInt8]) { bytes.append(contentsOf: piece) }
    @inline(__always) mutating func append(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// A record ends: a full chunk goes out.
    @inline(__always) mutating func recordEnded() {
        if let flush, bytes.count >= chunk {
            flush(bytes)
            bytes.removeAll(keepingCapacity: true)
        }
    }

    /// Whatever is left goes out.
    public mutating func finish() {
        if let flush, !bytes.isEmpty {
            flush(bytes)
            bytes.removeAll()
        }
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// The matrix as one record per visible cell (every member of a merged column), with its base tier and why it
/// has its tier: CSV (reason kinds only) and JSON (every reason's kind, text and source). The values are the
/// engine's: CSV asks it for each cell's summary (no reason is built), JSON for each cell's reasons as refs,
/// and each distinct text and source is built and escaped once, then copied as bytes.
extension MatrixReport {
    public static func csv(_ state: AppState, _ context: ExplorerContext) -> String {
        var sink = ByteSink()
        writeCSV(state, context, to: &sink)
        return sink.text
    }

    public static func json(_ state: AppState, _ context: ExplorerContext) -> String {
        var sink = ByteSink()
        writeJSON(state, context, to: &sink)
        return sink.text
    }

    /// The columns of old stay first; `support_cause` and `causes` (kinds joined by `;`) are added at the end.
    public static func writeCSV(_ state: AppState, _ context: ExplorerContext, to out: inout ByteSink) {
        let policy = state.shownPolicy, evaluator = context.evaluator
        let grid = Grid(state: state, context: context)
        let date = state.date.ordinal, cutoff = Evaluator.cutoff(state.date, windowYears: policy.windowYears).ordinal
        out.append("date,policy,window_years,guest,guest_name,machine,family,tier,base_tier,support_cause,causes\n")
        var shared: [UInt8] = []
        for (i, field) in [state.date.description, policy.id, String(policy.windowYears)].enumerated() {
            if i > 0 { shared.append(UInt8(ascii: ",")) }
            csvField(field, into: &shared)
        }
        // The fields of a guest, of a machine type and of a summary are each quoted once.
        func fields(_ values: [String]) -> [UInt8] {
            var bytes: [UInt8] = []
            for value in values {
                bytes.append(UInt8(ascii: ","))
                csvField(value, into: &bytes)
            }
            return bytes
        }
        let machineFields = grid.allColumns.map { fields([evaluator.machines[$0].name, evaluator.machines[$0].familyID]) }
        var summaryFields: [Int: [UInt8]] = [:]
        for g in grid.rows {
            let guest = context.catalog.guests[g]
            let guestFields = shared + fields([guest.id, guest.name])
            for (column, m) in grid.allColumns.enumerated() {
                let summary = evaluator.summary(guest: g, machine: m, date: date, cutoff: cutoff, policy: policy)
                out.append(guestFields)
                out.append(machineFields[column])
                out.append(once(&summaryFields, summary.code) {
                    fields([summary.tier.rawValue, summary.baseTier?.rawValue ?? "", causeWord(summary.supportCause) ?? "",
                            causeKinds(summary.kinds).joined(separator: ";")]) + [UInt8(ascii: "\n")]
                })
                out.recordEnded()
            }
        }
        out.finish()
    }

    /// What a summary prints, made the first time its code comes up (a few dozen codes over thousands of cells).
    @inline(__always)
    static func once(_ table: inout [Int: [UInt8]], _ code: Int, _ make: () -> [UInt8]) -> [UInt8] {
        if let known = table[code] { return known }
        let made = make()
        table[code] = made
        return made
    }

    /// The kinds of the rules and caps that fired (`rule`, `vendor`, `age`, `lifecycle` …), each once.
    static func causeKinds(_ kinds: ReasonKinds) -> [String] {
        kinds.kinds.filter { $0 != .compatible }.map(\.rawValue)
    }

    static func causeWord(_ cause: SupportCause?) -> String? {
        switch cause {
        case .rule?: return "rule"
        case .caps?: return "caps"
        case nil: return nil
        }
    }

    /// `{"date", "policy", …, "cells": [{"guest", "machine", "family", "tier", "base_tier", "support_cause",
    /// "causes", "reasons": [{"kind", "text", "source"}]}]}`, indented by two as `JSON.serialized`.
    public static func writeJSON(_ state: AppState, _ context: ExplorerContext, to out: inout ByteSink) {
        let policy = state.shownPolicy, evaluator = context.evaluator
        let grid = Grid(state: state, context: context)
        let day = state.date
        let date = day.ordinal, cutoff = Evaluator.cutoff(day, windowYears: policy.windowYears).ordinal
        let heading: [(String, JSON)] = [
            ("date", .day(day)), ("policy", .string(policy.id)), ("window_years", .number(policy.windowYears)),
            ("lifecycle", .bool(policy.lifecycle)),
            ("cutoff", .day(Evaluator.cutoff(day, windowYears: policy.windowYears))),
            ("proposal", evaluator.proposal.map { .string($0.id) } ?? .null),
            ("catalog", CatalogLabel.json(context.catalog)),
        ]
        var head: [UInt8] = Array("{\n".utf8)
        for (key, value) in heading {
            head.append(contentsOf: "  ".utf8)
            JSON.quote(key, into: &head)
            head.append(contentsOf: ": ".utf8)
            value.write(&head, level: 1, indent: 2, pretty: true)
            head.append(contentsOf: ",\n".utf8)
        }
        head.append(contentsOf: "  \"cells\": ".utf8)
        out.append(head)

        func quoted(_ s: String) -> [UInt8] {
            var bytes: [UInt8] = []
            JSON.quote(s, into: &bytes)
            return bytes
        }
        // A cell is copied together from pieces each built once: its guest's, its machine type's, its summary's
        // and each of its reasons' text and source.
        let machinePieces = grid.allColumns.map { m in
            quoted(evaluator.machines[m].name) + Array(",\n      \"family\": ".utf8) + quoted(evaluator.machines[m].familyID)
                + Array(",\n      \"tier\": ".utf8)
        }
        // Each reason is three pieces: its kind's opening (with the separator before it), its text (with the key
        // of the source after it) and its source (with the reason's closing brace).
        var texts = PieceCache(suffix: ",\n          \"source\": "), sources = PieceCache(suffix: "\n        }")
        // A not-applicable text is its guest's part and its machine type's, each escaped once.
        var guestPart: (guest: Int, bytes: [UInt8]) = (-1, [])
        let machineParts: [[UInt8]] = grid.allColumns.map { m in
            var bytes: [UInt8] = []
            JSON.escape(evaluator.notApplicableMachinePart(m), into: &bytes)
            return bytes + Array("\",\n          \"source\": ".utf8)
        }
        var summaryPieces: [Int: [UInt8]] = [:]
        // By kind position: the opening of a cell's first reason, and of a later one.
        var kindPieces = [[UInt8]?](repeating: nil, count: 32)
        var refs: [ReasonRef] = []
        var count = 0
        for g in grid.rows {
            let guestPiece = Array("{\n      \"guest\": ".utf8) + quoted(context.catalog.guests[g].id) + Array(",\n      \"machine\": ".utf8)
            for (column, m) in grid.allColumns.enumerated() {
                out.append(count == 0 ? "[\n    " : ",\n    ")
                count += 1
                let summary = evaluator.summary(guest: g, machine: m, date: date, cutoff: cutoff, policy: policy)
                out.append(guestPiece)
                out.append(machinePieces[column])
                out.append(once(&summaryPieces, summary.code) { summaryPiece(summary) })
                refs.removeAll(keepingCapacity: true)
                evaluator.forEachReason(guest: g, machine: m, date: date, cutoff: cutoff, policy: policy, tier: summary.tier) { refs.append($0) }
                if refs.isEmpty { out.append("[]") }
                for (i, ref) in refs.enumerated() {
                    let kind = ref.kind, position = ReasonKinds.position(kind), slot = position * 2 + (i > 0 ? 1 : 0)
                    if let piece = kindPieces[slot] {
                        out.append(piece)
                    } else {
                        let piece = Array((i > 0 ? ",\n" : "[\n").utf8) + Array("        {\n          \"kind\": ".utf8) + quoted(kind.rawValue)
                            + Array(",\n          \"text\": ".utf8)
                        kindPieces[slot] = piece
                        out.append(piece)
                    }
                    if case .notApplicable = ref {
                        if guestPart.guest != g {
                            var bytes: [UInt8] = [UInt8(ascii: "\"")]
                            JSON.escape(evaluator.notApplicableGuestPart(g), into: &bytes)
                            guestPart = (g, bytes)
                        }
                        out.append(guestPart.bytes)
                        out.append(machineParts[column])
                    } else if let known = texts.bytes(ref.textKey, position) {
                        out.append(known)
                    } else {
                        out.append(texts.store(ref.textKey, position, evaluator.text(ref, date: day, policy: policy)))
                    }
                    if let known = sources.bytes(ref.sourceKey, position) {
                        out.append(known)
                    } else {
                        out.append(sources.store(ref.sourceKey, position, evaluator.source(ref, date: day, policy: policy)))
                    }
                }
                out.append(refs.isEmpty ? "\n    }" : "\n      ]\n    }")
                out.recordEnded()
            }
        }
        out.append(count == 0 ? "[]\n}\n" : "\n  ]\n}\n")
        out.finish()
    }

    /// Reason texts or sources, each quoted once per key (refs with equal keys have equal texts, see ReasonRef)
    /// and followed by `suffix`. The last key of each kind is compared first: along a row most reasons of a
    /// kind share it.
    struct PieceCache {
        private let suffix: [UInt8]
        private var known: [ReasonRef: [UInt8]] = [:]
        private var last = [(key: ReasonRef, bytes: [UInt8])?](repeating: nil, count: 16)

        init(suffix: StaticString) {
            self.suffix = Array(UnsafeBufferPointer(start: suffix.utf8Start, count: suffix.utf8CodeUnitCount))
        }

        mutating func bytes(_ key: ReasonRef, _ position: Int) -> [UInt8]? {
            if let last = last[position], last.key == key { return last.bytes }
            guard let cached = known[key] else { return nil }
            last[position] = (key, cached)
            return cached
        }

        mutating func store(_ key: ReasonRef, _ position: Int, _ text: String) -> [UInt8] {
            var bytes: [UInt8] = []
            JSON.quote(text, into: &bytes)
            bytes += suffix
            known[key] = bytes
            last[position] = (key, bytes)
            return bytes
        }
    }

    /// A summary's part of a cell's JSON: from the tier's value to the key of the reasons.
    static func summaryPiece(_ summary: CellSummary) -> [UInt8] {
        func quoted(_ s: String?) -> String { s.map(JSON.quote) ?? "null" }
        let causes = causeKinds(summary.kinds)
        let list = causes.isEmpty ? "[]" : "[\n" + causes.map { "        " + JSON.quote($0) }.joined(separator: ",\n") + "\n      ]"
        return Array((quoted(summary.tier.rawValue) + ",\n      \"base_tier\": " + quoted(summary.baseTier?.rawValue)
            + ",\n      \"support_cause\": " + quoted(causeWord(summary.supportCause))
            + ",\n      \"causes\": " + list + ",\n      \"reasons\": ").utf8)
    }
}
