#if canImport(Glibc)
import Glibc
#endif

/// Why `execve` refused a program, in words. The bare errno misleads: a text file is an "Exec format error", a
/// script whose `#!` interpreter is missing — or an ELF binary whose dynamic loader is — is "No such file or
/// directory" although the file is there. The file's first bytes say which it is.
enum ExecFailure {
    static func explain(path: String, errno code: Int32) -> String {
        let head = firstBytes(of: path, count: 256)
        let isELF = head.starts(with: [0x7F, 0x45, 0x4C, 0x46])
        let isScript = head.starts(with: [0x23, 0x21])   // "#!"
        let system = String(cString: strerror(code))
        switch code {
        case ENOEXEC:
            if isELF { return "an ELF file this machine cannot run (built for another architecture or ABI?) (\(system))" }
            return "not a program: neither an ELF executable nor a script starting with '#!' (\(system))"
        case ENOENT where head.isEmpty == false:
            if isScript { return "its '#!' interpreter \(interpreter(head)) does not exist (\(system))" }
            if isELF { return "its ELF interpreter (dynamic loader) is missing: built for another system? (\(system))" }
            return system
        case EACCES:
            if isDirectory(path) { return "a directory, not a program (\(system))" }
            return "not allowed to run it: no execute permission, or a file system mounted noexec (\(system))"
        default:
            return system
        }
    }

    /// Up to `count` bytes from the start of the file (empty when it cannot be read).
    static func firstBytes(of path: String, count: Int) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: count)
        let n = read(fd, &buffer, count)
        return n > 0 ? Array(buffer[..<n]) : []
    }

    /// The `#!` line's interpreter, quoted, printable ASCII only (it is untrusted text), at most 80 characters.
    static func interpreter(_ head: [UInt8]) -> String {
        let line = head.dropFirst(2).prefix { $0 != 0x0A }.drop { $0 == 0x20 || $0 == 0x09 }.prefix { $0 != 0x20 && $0 != 0x09 }
        let text = String(line.prefix(80).map { (0x21...0x7E).contains($0) ? Character(Unicode.Scalar($0)) : "?" })
        return "'\(text)'"
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
