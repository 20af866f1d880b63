import Foundation

/// Where catalog files come from: the disk, or memory (tests and the fuzzer mutate catalogs thousands of times
/// without touching the disk).
public struct CatalogFiles: Sendable {
    public var isDirectory: @Sendable (String) -> Bool
    public var exists: @Sendable (String) -> Bool
    /// nil when the file cannot be read.
    public var read: @Sendable (String) -> Data?
    /// The names in a directory (not paths); empty when there is none.
    public var list: @Sendable (String) -> [String]

    public init(isDirectory: @escaping @Sendable (String) -> Bool, exists: @escaping @Sendable (String) -> Bool,
                read: @escaping @Sendable (String) -> Data?, list: @escaping @Sendable (String) -> [String]) {
        self.isDirectory = isDirectory
        self.exists = exists
        self.read = read
        self.list = list
    }

    public static let disk = CatalogFiles(
        isDirectory: { path in
            var flag: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
        },
        exists: { FileManager.default.fileExists(atPath: $0) },
        read: { path in
            // A directory where a file should be, or a file we may not read: nil, reported as unreadable.
            var flag: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &flag), !flag.boolValue else { return nil }
            return FileManager.default.contents(atPath: path)
        },
        list: { (try? FileManager.default.contentsOfDirectory(atPath: $0)) ?? [] })

    /// A catalog held in memory: relative path (e.g. "guests/redhat.yaml") → contents, under `root`.
    public static func memory(root: String, _ contents: [String: String]) -> CatalogFiles {
        @Sendable func relative(_ path: String) -> String? {
            if path == root { return "" }
            guard path.hasPrefix(root + "/") else { return nil }
            return String(path.dropFirst(root.count + 1))
        }
        return CatalogFiles(
            isDirectory: { path in
                guard let rel = relative(path) else { return false }
                return rel.isEmpty || contents.keys.contains { $0.hasPrefix(rel + "/") }
            },
            exists: { path in relative(path).map { contents[$0] != nil } ?? false },
            read: { path in relative(path).flatMap { contents[$0] }.map { Data($0.utf8) } },
            list: { path in
                guard let rel = relative(path) else { return [] }
                let prefix = rel.isEmpty ? "" : rel + "/"
                return contents.keys.filter { $0.hasPrefix(prefix) && !$0.dropFirst(prefix.count).contains("/") }
                    .map { String($0.dropFirst(prefix.count)) }
            })
    }
}
