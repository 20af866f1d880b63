import Foundation
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

    private static func dpkgVersion(of package: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/dpkg-query")
        process.arguments = ["-W", "-f", "${Version}", package]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, data.count < 100,
              let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
              !text.isEmpty else { return nil }
        return SafeText.sanitize(text)
    }
}
