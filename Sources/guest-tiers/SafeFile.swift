import Foundation

/// Writing files the user asked for: never over an existing file unless `overwrite`, and atomically (a
/// temporary file in the same directory, then link or rename), so that a full disk leaves no half file.
enum SafeFile {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func write(_ contents: String, to path: String, overwrite: Bool) throws {
        let fm = FileManager.default
        if !overwrite && fm.fileExists(atPath: path) {
            throw Failure(description: "\(path) exists; not overwriting it (use --force to replace it)")
        }
        let directory = (path as NSString).deletingLastPathComponent
        let dir = directory.isEmpty ? "." : directory
        var template = Array(((dir as NSString).appendingPathComponent(".guest-tiers-XXXXXX")).utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Failure(description: "cannot write in \(dir): \(String(cString: strerror(errno)))") }
        let temp = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var ok = true
        let bytes = Array(contents.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if written <= 0 { ok = false; break }
            offset += written
        }
        let error = errno
        if ok && fsync(fd) != 0 { ok = false }
        close(fd)
        guard ok else {
            unlink(temp)
            throw Failure(description: "cannot write \(path): \(String(cString: strerror(error)))")
        }
        fchmodPath(temp)
        if overwrite {
            guard rename(temp, path) == 0 else {
                let message = String(cString: strerror(errno))
                unlink(temp)
                throw Failure(description: "cannot write \(path): \(message)")
            }
        } else {
            // link() fails if the name exists: no race with another writer.
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

    /// `base.ext`, or `base-2.ext`, `base-3.ext` … for the first name free for every extension.
    static func freeStem(_ base: String, extensions: [String]) -> String {
        var stem = base
        var n = 2
        while extensions.contains(where: { FileManager.default.fileExists(atPath: stem + "." + $0) }) {
            stem = "\(base)-\(n)"
            n += 1
        }
        return stem
    }
}
