import ArgumentParser
import Foundation
import TierView

/// Writing files the user asked for: never over an existing file unless `overwrite`, never over anything but a
/// regular file (a device node, FIFO, symlink or directory is refused even with --force: replacing /dev/null
/// with a regular file would break the system), and atomically (a temporary file in the same directory, then
/// link or rename), so that a full disk leaves no half file.
enum SafeFile {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// What is at `path` without following a symlink: nil when nothing is.
    static func kind(_ path: String) -> mode_t? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }

    static func describe(_ kind: mode_t) -> String {
        switch kind {
        case S_IFLNK: return "a symbolic link"
        case S_IFDIR: return "a directory"
        case S_IFCHR, S_IFBLK: return "a device"
        case S_IFIFO: return "a FIFO"
        case S_IFSOCK: return "a socket"
        default: return "not a regular file"
        }
    }

    /// The directory part of a path ("." for a bare name, "/" for "/x"), without Foundation's path helpers
    /// (which trap on one-character names on Linux).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = path[..<slash]
        return dir.isEmpty ? "/" : String(dir)
    }

    static func write(_ contents: String, to path: String, overwrite: Bool) throws {
        try write(bytes: Array(contents.utf8), to: path, overwrite: overwrite)
    }

    static func write(bytes contents: [UInt8], to path: String, overwrite: Bool) throws {
        guard !path.isEmpty else { throw Failure(description: "-o needs a file name") }
        if let kind = kind(path) {
            guard kind == S_IFREG else {
                throw Failure(description: "\(path) is \(describe(kind)); -o writes only regular files (give another name)")
            }
            if !overwrite { throw Failure(description: "\(path) exists; not overwriting it (use --force to replace it)") }
        }
        let dir = directory(of: path)
        var template = Array((dir + "/.guest-tiers-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Failure(description: "cannot write in \(dir): \(String(cString: strerror(errno)))") }
        let temp = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var failure = Output.writeAll(fd, contents)
        if failure == nil, fsync(fd) != 0 { failure = errno }
        close(fd)
        if let failure {
            unlink(temp)
            throw Failure(description: "cannot write \(path): \(String(cString: strerror(failure)))")
        }
        fchmodPath(temp)
        if overwrite {
            // A regular file was checked above; rename() replaces only the name, never what a link points to.
            guard rename(temp, path) == 0 else {
                let message = String(cString: strerror(errno))
                unlink(temp)
                throw Failure(description: "cannot write \(path): \(message)")
            }
        } else {
            // link() fails if the name exists (even as a dangling symlink): no race with another writer.
            let linked = link(temp, path)
            let message = String(cString: strerror(errno))
            unlink(temp)
            guard linked == 0 else { throw Failure(description: "cannot write \(path): \(message)") }
        }
    }

    private static func fchmodPath(_ path: String) {
        let mask = umask(0)
        umask(mask)
        chmod(path, 0o666 & ~mask)
    }

    /// `base.ext`, or `base-2.ext`, `base-3.ext` … for the first name free for every extension. A name is taken
    /// when anything is there, a dangling symlink included (lstat, not stat).
    static func freeStem(_ base: String, extensions: [String]) -> String {
        var stem = base
        var n = 2
        while extensions.contains(where: { kind(stem + "." + $0) != nil }) {
            stem = "\(base)-\(n)"
            n += 1
        }
        return stem
    }
}

/// Standard output written with write(2), so that a failure is seen: a full disk is a one-line error and exit 1;
/// a closed pipe (`| head`) ends the program quietly with exit 1.
enum Output {
    /// errno of the failure, nil when every byte was written.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if written == 0 { return EIO }
            offset += written
        }
        return nil
    }

    static func standard(_ text: String) throws {
        try standardFailed(writeAll(1, Array(text.utf8)))
    }

    /// Standard output written in chunks as `write` makes them (after a failed write the rest is not written).
    static func standard(_ write: (inout ByteSink) -> Void) throws {
        var failure: Int32? = nil
        var sink = ByteSink { chunk in
            if failure == nil { failure = writeAll(1, chunk) }
        }
        write(&sink)
        sink.finish()
        try standardFailed(failure)
    }

    private static func standardFailed(_ error: Int32?) throws {
        guard let error else { return }
        if error != EPIPE { warn("guest-tiers: cannot write to standard output: \(String(cString: strerror(error)))") }
        throw ExitCode(1)
    }
}
