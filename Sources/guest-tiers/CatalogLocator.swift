import Foundation

/// Finds the bundled Catalog/ when --catalog is not given: beside or above the executable (so both `swift run`
/// and `.build/release/guest-tiers` run from anywhere find the repo's Catalog/), then an installed
/// `share/guest-tiers/Catalog`, then ./Catalog.
enum CatalogLocator {
    static func bundled() -> String? {
        let fm = FileManager.default
        func isCatalog(_ dir: String) -> Bool { fm.fileExists(atPath: (dir as NSString).appendingPathComponent("qemu-releases.yaml")) }
        if let env = ProcessInfo.processInfo.environment["GUEST_TIERS_CATALOG"], !env.isEmpty { return env }
        var dir = (executablePath() as NSString).deletingLastPathComponent
        while dir != "/" && !dir.isEmpty {
            for candidate in ["Catalog", "share/guest-tiers/Catalog"] {
                let path = (dir as NSString).appendingPathComponent(candidate)
                if isCatalog(path) { return path }
            }
            dir = (dir as NSString).deletingLastPathComponent
        }
        let local = (fm.currentDirectoryPath as NSString).appendingPathComponent("Catalog")
        return isCatalog(local) ? local : nil
    }

    /// This binary's path with symlinks resolved (a `bin/guest-tiers` symlink into an install still finds its
    /// share/ directory).
    static func executablePath() -> String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return (executable as NSString).resolvingSymlinksInPath
    }
}
