import CatalogLoader
import Foundation

/// `guest-tiers --version`: which program, which build, which catalog — one line each, so that a screenshot or a
/// bug report can say what made it.
enum VersionInfo {
    /// The program's version (bumped by hand with a release; the man pages' date goes with it, see the Makefile).
    static let program = "0.1.0"

    /// `make install` writes the commit it built from here (`git describe`-style; from a `git archive` tarball, the
    /// commit the archive was made from). A `swift build` binary has no such file and says so.
    static func buildInfoPath(executable: String = CatalogLocator.executablePath()) -> String {
        let bin = (executable as NSString).deletingLastPathComponent
        return ((bin as NSString).deletingLastPathComponent as NSString).appendingPathComponent("share/guest-tiers/build-info")
    }

    static func commitLine() -> String {
        let path = buildInfoPath()
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            return "commit unknown (not installed by make install)"
        }
        for line in text.split(separator: "\n") where line.hasPrefix("commit ") {
            let value = line.dropFirst("commit ".count).trimmingCharacters(in: .whitespaces)
            if !value.isEmpty { return "commit " + safeLines(value) }
        }
        return "commit unknown (\(path) names none)"
    }

    static func catalogLine(directory: String?) -> String {
        guard let directory else { return "catalog not found (pass --catalog DIR or set GUEST_TIERS_CATALOG)" }
        let absolute = directory.hasPrefix("/") ? directory
            : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(directory)
        let path = ((absolute as NSString).standardizingPath)
        guard let digest = CatalogDigest.sha256(directory: path) else { return "catalog \(safeLines(path)) (unreadable)" }
        return "catalog \(safeLines(path)) sha256:\(digest)"
    }

    static func lines(catalog: String?) -> [String] {
        ["guest-tiers \(program)", commitLine(), catalogLine(directory: catalog ?? CatalogLocator.bundled())]
    }

    /// `--version`, alone or with `--catalog DIR`: the catalog part needs the run-time search, which
    /// ArgumentParser's static version string cannot do. nil: not a version request, parse as usual.
    static func request(_ arguments: [String]) -> String?? {
        guard arguments.contains("--version") else { return nil }
        let rest = arguments.filter { $0 != "--version" }
        switch rest.count {
        case 0: return .some(nil)
        case 1 where rest[0].hasPrefix("--catalog="): return .some(String(rest[0].dropFirst("--catalog=".count)))
        case 2 where rest[0] == "--catalog": return .some(rest[1])
        default: return nil
        }
    }
}
