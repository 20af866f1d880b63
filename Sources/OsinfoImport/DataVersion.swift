import Foundation
import SafeProcess
import TierEngine

/// The version of an imported data directory (osinfo-db, distro-info-data), as its sources cite it: its own
/// `VERSION` file, else — for the distribution's directory — the Debian package's version, else "(unknown version)".
/// Both are untrusted text: bounded and sanitised.
public enum DataVersion {
    public static func read(directory: String, defaultDirectory: String, debianPackage: String) -> String {
        let file = (directory as NSString).appendingPathComponent("VERSION")
        if let data = FileManager.default.contents(atPath: file), data.count < 200,
           let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
            return SafeText.sanitize(text)
        }
        let resolved = (directory as NSString).resolvingSymlinksInPath
        if resolved == (defaultDirectory as NSString).resolvingSymlinksInPath, let dpkg = dpkgVersion(of: debianPackage) {
            return dpkg
        }
        return "(unknown version)"
    }

    /// `dpkg-query` answers in milliseconds, but it waits for nothing we control (a locked or damaged dpkg
    /// database, a wedged file system): through the safe runner, stopped after 2 s, at most 4 KiB kept.
    static let dpkgLimits = RunLimits(timeout: 2, grace: 0.5, maxOutput: 4096)

    /// The installed package's version, or nil when dpkg-query fails, hangs, or says something that is not one
    /// short line.
    static func dpkgVersion(of package: String, dpkgQuery: String = "/usr/bin/dpkg-query",
                            limits: RunLimits = dpkgLimits) -> String? {
        guard let outcome = try? SafeRunner.run(dpkgQuery, ["-W", "-f", "${Version}", package], limits: limits),
              outcome.status == 0, outcome.stdout.count < 100 else { return nil }
        let text = outcome.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty || text.contains("\n") ? nil : SafeText.sanitize(text)
    }
}
