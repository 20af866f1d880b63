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
            // Only regular files (a FIFO would block forever, a device never end), and no more than one byte past
            // the size limit (a 200 MB file is refused without reading it all). Anything else: nil, "unreadable".
            var info = stat()
            guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
                  let handle = FileHandle(forReadingAtPath: path) else { return nil }
            defer { try? handle.close() }
            return try? handle.read(upToCount: CatalogLimits.maxFileBytes + 1) ?? Data()
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

    /// Why `path` is not there, in words: a symlink loop or a dangling link is not a "missing file".
    func describeMissing(_ path: String) -> String {
        diskReason(path) ?? "missing catalog file"
    }

    /// Why `path` exists but gives no bytes: a directory, no permission, an I/O error.
    func describeUnreadable(_ path: String) -> String {
        diskReason(path).map { "cannot be read: \($0)" } ?? "cannot be read"
    }

    /// What the file system says about `path` when it is not a readable regular file (nil for memory catalogs
    /// and for paths that are fine).
    private func diskReason(_ path: String) -> String? {
        guard !path.isEmpty else { return "the path is empty" }
        var link = stat()
        guard lstat(path, &link) == 0 else {
            return errno == ENOENT ? nil : String(cString: strerror(errno))
        }
        var target = stat()
        if stat(path, &target) != 0 {
            let error = errno
            if (link.st_mode & S_IFMT) == S_IFLNK {
                if error == ELOOP { return "a symbolic link loop" }
                let destination = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
                return error == ENOENT ? "a symbolic link to \(destination), which does not exist" : "a symbolic link to \(destination): \(String(cString: strerror(error)))"
            }
            return String(cString: strerror(error))
        }
        switch target.st_mode & S_IFMT {
        case S_IFDIR: return "a directory, not a file"
        case S_IFREG:
            let fd = open(path, O_RDONLY)
            if fd < 0 { return String(cString: strerror(errno)) }
            close(fd)
            return nil
        default: return "not a regular file"
        }
    }
}
