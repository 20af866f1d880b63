import Foundation
import OsinfoImport
import TierEngine

/// One release row of a distro-info-data CSV (`debian.csv` line 16: `10,Buster,buster,2017-06-17,…`).
public struct DistroInfoRow: Hashable, Sendable {
    /// `debian` or `ubuntu` (the file's name without `.csv`).
    public var distro: String
    /// The CSV file as cited (`/usr/share/distro-info/ubuntu.csv`).
    public var file: String
    /// 1-based line in the file (the header is line 1).
    public var line: Int
    /// `10`, `6.0`, `22.04 LTS`; empty for `sid` and `experimental`.
    public var version: String
    public var codename: String
    public var series: String
    public var created: Day?
    public var release: Day?
    public var eol: Day?
    /// The extended columns the file has, in header order (`eol-lts`, `eol-elts`, `eol-server`, `eol-esm`,
    /// `eol-legacy`), with the row's value (nil: empty).
    public var phases: [(column: String, end: Day?)]

    public static func == (a: Self, b: Self) -> Bool { a.file == b.file && a.line == b.line }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(file)
        hasher.combine(line)
    }

    public var isLTS: Bool { version.hasSuffix(" LTS") }
    /// The version without Ubuntu's ` LTS` suffix.
    public var number: String { isLTS ? String(version.dropLast(4)) : version }

    public func end(_ column: String) -> Day? { phases.first { $0.column == column }?.end }
}

/// A CSV line that could not be used, with why (`ubuntu.csv:12: release '2005-13-01' is not a date`).
public struct DistroInfoWarning: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String
    public var description: String { "\(file):\(line): \(message)" }
}

public struct DistroInfoError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// distro-info-data read from a directory (`/usr/share/distro-info`): `debian.csv` and `ubuntu.csv`, the
/// release tables Debian's and Ubuntu's own tools (`distro-info`, `ubuntu-distro-info`) read. The files are
/// untrusted input: sizes are bounded, a bad row is skipped with a warning naming file and line, and every
/// text field is sanitised.
public struct DistroInfoData: Sendable {
    public static let defaultDirectory = "/usr/share/distro-info"
    /// The files read, and the distro each describes.
    public static let files = ["debian", "ubuntu"]
    /// The columns every file must have (read from its header, in any order).
    public static let requiredColumns = ["version", "codename", "series", "created", "release", "eol"]
    // Bounds: the real files are ~2 kB and under 50 rows.
    static let maxFileBytes = 1 << 20
    static let maxRows = 5_000
    static let maxColumns = 32
    static let maxFieldLength = 200

    public var directory: String
    /// `DIR/VERSION`, else (for the default directory) the Debian package's version, else "(unknown version)".
    public var version: String
    public var rows: [DistroInfoRow]
    public var warnings: [DistroInfoWarning]

    public init(directory: String, version: String, rows: [DistroInfoRow], warnings: [DistroInfoWarning]) {
        self.directory = directory
        self.version = version
        self.rows = rows
        self.warnings = warnings
    }

    /// "distro-info-data 0.58+deb12u6, /usr/share/distro-info/ubuntu.csv line 37"
    public func source(_ row: DistroInfoRow) -> String { "distro-info-data \(version), \(row.file) line \(row.line)" }

    /// Reads `debian.csv` and `ubuntu.csv`. The directory missing, or neither file readable, is an error; one
    /// file missing or without a usable header is a warning.
    public static func load(directory: String = DistroInfoData.defaultDirectory) throws -> DistroInfoData {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DistroInfoError(message: "\(directory): no such distro-info-data directory")
        }
        var rows: [DistroInfoRow] = []
        var warnings: [DistroInfoWarning] = []
        var readAny = false
        for distro in files {
            let path = (directory as NSString).appendingPathComponent("\(distro).csv")
            guard let text = readBounded(path, &warnings) else { continue }
            readAny = true
            let parsed = parse(text, distro: distro, file: path)
            rows += parsed.rows
            warnings += parsed.warnings
        }
        guard readAny else {
            throw DistroInfoError(message: "\(directory): not a distro-info-data directory (no readable debian.csv or ubuntu.csv)")
        }
        return DistroInfoData(directory: directory, version: readVersion(directory), rows: rows, warnings: warnings)
    }

    static func readBounded(_ path: String, _ warnings: inout [DistroInfoWarning]) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            warnings.append(DistroInfoWarning(file: path, line: 0, message: "cannot be read; skipped"))
            return nil
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: maxFileBytes + 1)) ?? Data()
        guard data.count <= maxFileBytes else {
            warnings.append(DistroInfoWarning(file: path, line: 0, message: "larger than \(maxFileBytes) bytes; skipped"))
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            warnings.append(DistroInfoWarning(file: path, line: 0, message: "not UTF-8 text; skipped"))
            return nil
        }
        return text
    }

    /// Parses one CSV text. distro-info-data's files are plain comma-separated values without quoting; a field
    /// with a quote is taken literally (and then fails as a date, or is kept as sanitised text).
    public static func parse(_ text: String, distro: String, file: String) -> (rows: [DistroInfoRow], warnings: [DistroInfoWarning]) {
        var rows: [DistroInfoRow] = []
        var warnings: [DistroInfoWarning] = []
        func warn(_ line: Int, _ message: String) { warnings.append(DistroInfoWarning(file: file, line: line, message: SafeText.sanitize(message))) }
        // "\r\n" is one Character in Swift: split on it as well as on "\n".
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        var header: [String]?
        var columnIndex: [String: Int] = [:]
        for (offset, raw) in lines.enumerated() {
            let number = offset + 1
            var line = Substring(raw)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            if rows.count >= maxRows {
                warn(number, "more than \(maxRows) rows; the rest of the file is ignored")
                break
            }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard fields.count <= maxColumns else {
                warn(number, "\(fields.count) fields, more than \(maxColumns); line skipped")
                if header == nil { return (rows, warnings) }
                continue
            }
            if let tooLong = fields.first(where: { $0.count > maxFieldLength }) {
                warn(number, "a field of \(tooLong.count) characters (at most \(maxFieldLength)); line skipped")
                if header == nil { return (rows, warnings) }
                continue
            }
            guard let columns = header else {
                let names = fields.map { SafeText.sanitize($0).lowercased() }
                let missing = requiredColumns.filter { !names.contains($0) }
                guard missing.isEmpty else {
                    warn(number, "header lacks column(s) \(missing.joined(separator: ", ")); file skipped")
                    return (rows, warnings)
                }
                for (index, name) in names.enumerated() where columnIndex[name] == nil { columnIndex[name] = index }
                header = names
                continue
            }
            guard fields.count <= columns.count else {
                warn(number, "\(fields.count) fields, the header has \(columns.count); line skipped")
                continue
            }
            func field(_ name: String) -> String {
                guard let index = columnIndex[name], index < fields.count else { return "" }
                return SafeText.sanitize(fields[index])
            }
            var bad: [String] = []
            func date(_ name: String) -> Day? {
                let value = field(name)
                guard !value.isEmpty else { return nil }
                guard let day = Day(value) else { bad.append("\(name) '\(value)' is not a YYYY-MM-DD date"); return nil }
                return day
            }
            let series = field("series")
            guard !series.isEmpty else {
                warn(number, "no series; line skipped")
                continue
            }
            var row = DistroInfoRow(distro: distro, file: file, line: number, version: field("version"),
                                    codename: field("codename"), series: series, created: date("created"),
                                    release: date("release"), eol: date("eol"), phases: [])
            for name in columns where name.hasPrefix("eol-") && columnIndex[name] != nil {
                row.phases.append((name, date(name)))
            }
            if let release = row.release, let eol = row.eol, eol < release {
                bad.append("eol \(eol) is before release \(release)")
            }
            guard bad.isEmpty else {
                warn(number, bad.joined(separator: "; ") + "; line skipped")
                continue
            }
            rows.append(row)
        }
        if header == nil { warn(1, "empty file (no header); skipped") }
        return (rows, warnings)
    }

    static func readVersion(_ directory: String) -> String {
        DataVersion.read(directory: directory, defaultDirectory: defaultDirectory, debianPackage: "distro-info-data")
    }
}
