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

// SwiftPM links an executable's entry point under its own name, so libFuzzer's main is not used: start its
// driver from here (LLVMFuzzerRunDriver, libFuzzer's documented entry for programs with their own main).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt
var fuzzArgc = CommandLine.argc
var fuzzArgv = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&fuzzArgc, &fuzzArgv) { data, size in
    guard let data else { return 0 }
    return fuzzMachineHelp(data, size)
})
