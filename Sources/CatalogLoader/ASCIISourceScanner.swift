/// `SourceLint.places(in:)` for a source of printable ASCII (U+0020 … U+007E), by hand instead of through
/// NSRegularExpression and Foundation's string search, which were most of `lint`'s time. On such text every
/// Foundation and ICU operation the regular-expression path uses means the same as a comparison of bytes: a
/// character is one byte, ICU's `\w` is `[A-Za-z0-9_]`, `\s` is the space, and nothing combines or is
/// canonically equivalent to anything else. Other text keeps the regular-expression path (see
/// `SourceLintScannerTests`, which compares the two on every bundled source and on generated hostile ones).
struct ASCIISourceScanner {
    private let bytes: [UInt8]

    /// Nil unless every byte of `source` is printable ASCII.
    init?(_ source: String) {
        let bytes = Array(source.utf8)
        guard bytes.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E }) else { return nil }
        self.bytes = bytes
    }

    /// What `SourceLint.places(in:)` returns, for the same `repositories` and `privatePlaces`.
    func places(repositories: [String], privatePlaces: [String]) -> [String] {
        let repositoryBytes = repositories.map { Array($0.utf8) }, privateBytes = privatePlaces.map { Array($0.utf8) }
        var places: [String] = []
        for part in Self.split(bytes, on: Array("; ".utf8)) {
            // URLs, without trailing dots and colons (`trimmingCharacters(in: ".:")`: a URL starts with `h`).
            let urls = Self.urls(in: part).map { url in url[..<(url.lastIndex { $0 != UInt8(ascii: ".") && $0 != UInt8(ascii: ":") }! + 1)] }
            places += urls.map(Self.string)
            var rest = part
            for url in urls { rest = Self.replacing(Array(url), with: [UInt8(ascii: " ")], in: rest) }
            rest = Self.removingQuotes(rest)
            guard let r = repositoryBytes.firstIndex(where: { Self.contains(rest, $0) }) else { continue }
            let repository = repositories[r]
            let paths = Self.paths(in: rest).map(Self.string).filter { path in
                !(path.split(separator: "/").last.map { $0.allSatisfy { $0.isNumber || $0 == "." } } ?? true)
            }
            places += paths.filter { path in !privateBytes.contains { Self.contains(Array(path.utf8), $0) } }.map { "\(repository):\($0)" }
            places += Self.hashes(in: rest).map { "\(repository)@\(Self.string($0))" }
        }
        return places
    }

    /// `String.contains` (Foundation's search) for an ASCII `needle`.
    func contains(_ needle: String) -> Bool { Self.contains(bytes, Array(needle.utf8)) }

    private static func string(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    /// `components(separatedBy:)`: every piece between separators, empty ones included.
    static func split(_ text: [UInt8], on separator: [UInt8]) -> [[UInt8]] {
        var parts: [[UInt8]] = [], start = 0, i = 0
        while i + separator.count <= text.count {
            if text[i..<(i + separator.count)].elementsEqual(separator) {
                parts.append(Array(text[start..<i]))
                i += separator.count
                start = i
            } else {
                i += 1
            }
        }
        parts.append(Array(text[start...]))
        return parts
    }

    static func contains(_ text: [UInt8], _ needle: [UInt8]) -> Bool { firstIndex(of: needle, in: text, from: 0) != nil }

    static func firstIndex(of needle: [UInt8], in text: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, text.count >= needle.count else { return nil }
        var i = start
        while i <= text.count - needle.count {
            if text[i] == needle[0] && text[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    /// `replacingOccurrences(of:with:)`: every occurrence, left to right, none overlapping.
    static func replacing(_ needle: [UInt8], with replacement: [UInt8], in text: [UInt8]) -> [UInt8] {
        var result: [UInt8] = [], i = 0
        while let found = firstIndex(of: needle, in: text, from: i) {
            result += text[i..<found]
            result += replacement
            i = found + needle.count
        }
        return result + text[i...]
    }

    /// `'[^']*'` replaced by a space: each quote with the next one and what lies between.
    static func removingQuotes(_ text: [UInt8]) -> [UInt8] {
        let quote = UInt8(ascii: "'")
        var result: [UInt8] = [], i = 0
        while let open = text[i...].firstIndex(of: quote), let close = text[(open + 1)...].firstIndex(of: quote) {
            result += text[i..<open]
            result.append(UInt8(ascii: " "))
            i = close + 1
        }
        return result + text[i...]
    }

    /// ICU's `\w` on ASCII.
    static func isWord(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == UInt8(ascii: "_")
    }

    /// `https?://[^\s;,)'"<>]+`, each match in turn.
    static func urls(in text: [UInt8]) -> [ArraySlice<UInt8>] {
        let stops = Array(" ;,)'\"<>".utf8)
        var found: [ArraySlice<UInt8>] = [], i = 0
        while i < text.count {
            var j = i
            if text[i...].starts(with: "http".utf8) {
                j = i + 4
                if j < text.count && text[j] == UInt8(ascii: "s") { j += 1 }
                j = text[j...].starts(with: "://".utf8) ? j + 3 : i
            }
            var end = j
            while j > i, end < text.count, !stops.contains(text[end]) { end += 1 }
            if j > i && end > j {
                found.append(text[i..<end])
                i = end
            } else {
                i += 1
            }
        }
        return found
    }

    /// `(?<![\w/.])/?[\w.+-]+(?:/[\w.+-]+)+`, each match in turn: a run of path characters, optionally after a
    /// slash, then one or more `/run`, not preceded by a word character, a slash or a dot.
    static func paths(in text: [UInt8]) -> [ArraySlice<UInt8>] {
        func isPath(_ at: Int) -> Bool {
            at < text.count && (isWord(text[at]) || text[at] == UInt8(ascii: ".") || text[at] == UInt8(ascii: "+") || text[at] == UInt8(ascii: "-"))
        }
        func isSlash(_ at: Int) -> Bool { at < text.count && text[at] == UInt8(ascii: "/") }
        func match(at i: Int) -> Int? {
            if i > 0 && (isWord(text[i - 1]) || text[i - 1] == UInt8(ascii: "/") || text[i - 1] == UInt8(ascii: ".")) { return nil }
            var j = isSlash(i) ? i + 1 : i
            guard isPath(j) else { return nil }
            while isPath(j) { j += 1 }
            var segments = 0
            while isSlash(j) && isPath(j + 1) {
                j += 1
                while isPath(j) { j += 1 }
                segments += 1
            }
            return segments > 0 ? j : nil
        }
        var found: [ArraySlice<UInt8>] = [], i = 0
        while i < text.count {
            if let end = match(at: i) {
                found.append(text[i..<end])
                i = end
            } else {
                i += 1
            }
        }
        return found
    }

    /// `\b(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}\b`: a whole word of 7 to 40 lower-case hex digits, one a letter.
    static func hashes(in text: [UInt8]) -> [ArraySlice<UInt8>] {
        func isHex(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) }
        var found: [ArraySlice<UInt8>] = [], i = 0
        while i < text.count {
            var end = i
            while end < text.count && isHex(text[end]) { end += 1 }
            let startsWord = i == 0 || !isWord(text[i - 1]), endsWord = end == text.count || !isWord(text[end])
            if startsWord && endsWord && (7...40).contains(end - i) && text[i..<end].contains(where: { $0 >= 0x61 }) {
                found.append(text[i..<end])
                i = end
            } else {
                i += 1
            }
        }
        return found
    }
}
