import FuzzDriver
import Foundation
import QemuImport
import TierEngine

/// `-machine help` output (and each of its lines as a `--version` line): parsed or refused, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMachineHelp(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let lines = try? QemuImport.parseMachineHelp(text) {
        precondition(!lines.isEmpty)
        for line in lines { precondition(!line.name.isEmpty && !line.name.contains(" ")) }
    }
    for line in text.split(separator: "\n").prefix(64) {
        if let version = QemuImport.parseVersion(String(line)) { precondition(version.major >= 0 && version.minor >= 0) }
    }
    return 0
}

runLibFuzzer { data, size in
    guard let data else { return 0 }
    return fuzzMachineHelp(data, size)
}
