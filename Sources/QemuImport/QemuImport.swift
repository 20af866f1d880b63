import Foundation
import SafeProcess
import TierEngine

/// Why `--qemu BINARY` could not be used. Every case reads as one clear sentence.
public struct QemuImportError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// One line of `-machine help`.
public struct QemuMachineLine: Hashable, Sendable {
    public var name: String
    public var description: String
    public var aliasOf: String?
    public var isDefault: Bool
    public var isDeprecated: Bool
}

/// What comparing a binary's machine types with the catalog found.
public struct QemuImportReport: Sendable {
    public var binary: String
    public var versionText: String?
    /// Names the catalog does not know; they are added as machine types of family "other".
    public var unknown: [String] = []
    /// Variants of a version a family derives (`pc-q35-4.0.1`): added to that family with the version's defaults.
    public var variants: [String] = []
    /// Machines that run no guest OS (`none`, `x-remote`): not guest columns.
    public var guestless: [String] = []
    /// Catalog types the binary marks (deprecated): with `--qemu`, the lifecycle cap of exactly these.
    public var deprecatedInBinary: [String] = []
    /// Catalog machine types the binary lacks although, by the catalog, they exist at the binary's version.
    public var missing: [String] = []
    /// Machine types the binary offers although the catalog says they are deleted by the binary's version.
    public var offeredButDeleted: [String] = []
    /// Machine types the binary marks (deprecated) that the catalog does not deprecate by the binary's version,
    /// and the reverse.
    public var deprecatedOnlyInBinary: [String] = []
    public var deprecatedOnlyInCatalog: [String] = []
}

/// Reads the machine types a real QEMU build offers (`BINARY -machine help`) and applies them to a catalog.
public enum QemuImport {
    /// How long `-machine help` may take (a real binary answers in well under a second).
    public static let defaultTimeout = 10.0
    /// How long `--version` may take: it only labels the binary, so a hang costs little and says so.
    public static let versionTimeout = 2.0

    /// Runs the binary and parses its machine list. Throws `QemuImportError` when the binary is missing, fails,
    /// hangs, or prints something that is not a machine list.
    public static func probe(binary: String, catalog: Catalog, timeout: Double = defaultTimeout,
                             note: (String) -> Void = { _ in }) throws -> OfferedMachines {
        guard let path = resolve(binary) else {
            throw QemuImportError(message: "--qemu \(binary): \(whyNotFound(binary))")
        }
        let help = try run(path, ["-machine", "help"], shownAs: binary, timeout: timeout)
        guard help.status == 0 else {
            let detail = firstLine(help.stderr).map { ": \($0)" } ?? ""
            throw QemuImportError(message: "--qemu \(binary): '\(binary) -machine help' \(help.failure)\(detail)")
        }
        let lines: [QemuMachineLine]
        do {
            lines = try parseMachineHelp(help.stdout)
        } catch let error as QemuImportError {
            throw QemuImportError(message: "--qemu \(binary): '\(binary) -machine help' printed something unexpected: \(error.message)")
        }
        var versionText: String?
        var version: QemuVersion?
        do {
            let result = try run(path, ["--version"], shownAs: binary, timeout: min(timeout, versionTimeout))
            if result.status == 0, let line = firstLine(result.stdout) {
                versionText = line
                version = parseVersion(line)
            }
            if version == nil {
                note("--qemu \(binary): '\(binary) --version' gave no QEMU version (exit status \(result.status)); its version is unknown, so the catalog's dates cannot be compared with it")
            }
        } catch let error as QemuImportError {
            note("\(error.message); its version is unknown, so the catalog's dates cannot be compared with it")
        }
        var names: [String] = []
        var seen = Set<String>()   // a set: a binary may list 100,000 names
        var aliases: [String: String] = [:]
        var deprecated = Set<String>()
        var defaultMachine: String?
        for line in lines {
            if let target = line.aliasOf {
                aliases[line.name] = target
                if line.isDefault { defaultMachine = target }
            } else if seen.insert(line.name).inserted {
                names.append(line.name)
                if line.isDefault { defaultMachine = line.name }
            }
            if line.isDeprecated { deprecated.insert(line.aliasOf ?? line.name) }
        }
        return OfferedMachines(binary: binary, names: names, aliases: aliases, defaultMachine: defaultMachine,
                               deprecated: deprecated, version: version, versionText: versionText,
                               arch: architectures(binary: path, names: names, catalog: catalog))
    }

    /// Parses `-machine help`: a "Supported machines are:" header, then `NAME  DESCRIPTION [(alias of X)]
    /// [(default)] [(deprecated)]` per line.
    public static func parseMachineHelp(_ text: String) throws -> [QemuMachineLine] {
        // Split on the scalar "\n": in Swift "\r\n" is one Character, so splitting the String on "\n" would
        // leave CRLF output in one piece.
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            Substring(String(String.UnicodeScalarView(line.last == "\r" ? line.dropLast() : line[...])))
        }
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        guard let header = lines.first else { throw QemuImportError(message: "no output") }
        guard header.trimmingCharacters(in: .whitespaces) == "Supported machines are:" else {
            throw QemuImportError(message: "line 1 is '\(printable(header))', expected 'Supported machines are:'")
        }
        var result: [QemuMachineLine] = []
        for (offset, raw) in lines.enumerated().dropFirst() {
            if raw.allSatisfy(\.isWhitespace) { continue }
            guard let first = raw.first, !first.isWhitespace else {
                throw QemuImportError(message: "line \(offset + 1) is '\(printable(raw))', expected a machine type name first")
            }
            let nameEnd = raw.firstIndex(where: \.isWhitespace) ?? raw.endIndex
            let name = String(raw[..<nameEnd])
            guard name.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) && $0.isASCII || "-._".unicodeScalars.contains($0) }) else {
                throw QemuImportError(message: "line \(offset + 1): '\(printable(name))' is not a machine type name")
            }
            var description = raw[nameEnd...].trimmingCharacters(in: .whitespaces)
            var aliasOf: String?
            var isDefault = false, isDeprecated = false
            // Markers come last, in any order.
            while description.hasSuffix(")") {
                if description.hasSuffix("(default)") {
                    isDefault = true
                    description = String(description.dropLast("(default)".count)).trimmingCharacters(in: .whitespaces)
                } else if description.hasSuffix("(deprecated)") {
                    isDeprecated = true
                    description = String(description.dropLast("(deprecated)".count)).trimmingCharacters(in: .whitespaces)
                } else if let open = description.range(of: "(alias of ", options: .backwards) {
                    let target = description[open.upperBound..<description.index(before: description.endIndex)]
                    aliasOf = String(target).trimmingCharacters(in: .whitespaces)
                    description = String(description[..<open.lowerBound]).trimmingCharacters(in: .whitespaces)
                } else {
                    break
                }
            }
            result.append(QemuMachineLine(name: name, description: description, aliasOf: aliasOf,
                                          isDefault: isDefault, isDeprecated: isDeprecated))
        }
        guard !result.isEmpty else { throw QemuImportError(message: "no machine types listed") }
        return result
    }

    /// "QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7)" → 7.2.
    public static func parseVersion(_ line: String) -> QemuVersion? {
        guard let range = line.range(of: "version ") else { return nil }
        let numbers = line[range.upperBound...].prefix { $0.isNumber || $0 == "." }.split(separator: ".")
        guard numbers.count >= 2, let major = Int(numbers[0]), let minor = Int(numbers[1]) else { return nil }
        return QemuVersion(major, minor)
    }

    /// Makes the catalog "as this binary": the types it offers exist (no calendar deletion), the catalog types
    /// of its architectures it lacks are unavailable (the evaluator's `offered`), deprecation is the binary's
    /// own marker, variants (`pc-q35-4.0.1`) join their family with that version's defaults, machines that run
    /// no guest (`none`, `x-remote`) are left out, and other unknown names go to family "other" (defaults
    /// unknown). The report compares the catalog's own calendar with the binary first (what `lint --qemu` shows).
    public static func apply(_ offered: OfferedMachines, to catalog: inout Catalog) -> QemuImportReport {
        let report = compare(offered, catalog)
        let binaryDay = offered.version.flatMap { catalog.release($0)?.date }
        let shown = offered.shownAs

        func binaryDeprecation(_ name: String, released: Day?) -> DatedFact? {
            guard offered.deprecated.contains(name) else { return nil }
            // The binary's marker holds from the binary's release on (from the type's own release when the
            // binary's version is not known).
            var fact = DatedFact(binaryDay ?? released, Provenance("\(offered.binary) -machine help marks \(name) (deprecated)"
                + (offered.versionText.map { "; \($0)" } ?? "")))
            fact.byBinary = shown
            return fact
        }

        catalog.updateMachineTypes { machine in
            guard offered.nameSet.contains(machine.name) else { return }
            machine.deleted = nil
            machine.deprecated = binaryDeprecation(machine.name, released: machine.released.day)
        }

        let known = Set(catalog.machineTypes.map(\.name))
        var extra: [MachineType] = []
        for name in offered.names where !known.contains(name) && !GuestlessMachines.names.contains(name) {
            if let member = catalog.membership(of: name), let family = catalog.family(member.familyID),
               var variant = catalog.machineType(family.typeName(member.version)) {
                // A variant of a version the catalog derives: that version's defaults and release.
                variant.name = name
                variant.variant = member.suffix
                variant.deleted = nil
                variant.deprecated = binaryDeprecation(name, released: variant.released.day)
                catalog.insertVariant(variant)
                continue
            }
            var machine = MachineType(
                name: name, familyID: OfferedMachines.otherFamilyID, version: trailingVersion(name) ?? QemuVersion(0, 0),
                arch: offered.arch,
                released: DatedFact(nil, Provenance("\(offered.binary) -machine help (release unknown: counted as available)", verified: false)),
                deprecated: binaryDeprecation(name, released: nil), deleted: nil, defaults: [:])
            machine.defaultsKnown = false
            extra.append(machine)
        }
        if !extra.isEmpty {
            let family = MachineFamily(
                id: OfferedMachines.otherFamilyID, pattern: "other {v}", alias: nil, arch: offered.arch,
                firstVersion: QemuVersion(Int(Int32.max), 0), isDefaultMachine: false,
                provenance: Provenance("machine types \(offered.binary) offers that no catalog family derives"), defaults: [])
            catalog.addMachineTypes(extra, family: family)
        }
        return report
    }

    /// The binary against the catalog's own calendar, before `apply` makes the catalog follow the binary.
    static func compare(_ offered: OfferedMachines, _ catalog: Catalog) -> QemuImportReport {
        var report = QemuImportReport(binary: offered.binary, versionText: offered.versionText)
        let known = Set(catalog.machineTypes.map(\.name))
        for name in offered.names where !known.contains(name) {
            if GuestlessMachines.names.contains(name) { report.guestless.append(name) }
            else if catalog.membership(of: name) != nil { report.variants.append(name) }
            else { report.unknown.append(name) }
        }
        guard let binaryDay = offered.version.flatMap({ catalog.release($0)?.date }) else { return report }
        for machine in catalog.machineTypes where machine.defaultsKnown {
            guard machine.arch.contains(where: offered.arch.contains) || offered.arch.isEmpty else { continue }
            let exists = (machine.released.day.map { $0 <= binaryDay } ?? true) && !(machine.deleted?.day.map { $0 <= binaryDay } ?? false)
            let isOffered = offered.nameSet.contains(machine.name)
            if exists && !isOffered { report.missing.append(machine.name) }
            if !exists && isOffered, machine.deleted?.day.map({ $0 <= binaryDay }) ?? false { report.offeredButDeleted.append(machine.name) }
            guard isOffered else { continue }
            let catalogDeprecated = machine.deprecated?.day.map { $0 <= binaryDay } ?? false
            let binaryDeprecated = offered.deprecated.contains(machine.name)
            if binaryDeprecated && !catalogDeprecated { report.deprecatedOnlyInBinary.append(machine.name) }
            if catalogDeprecated && !binaryDeprecated { report.deprecatedOnlyInCatalog.append(machine.name) }
            if binaryDeprecated { report.deprecatedInBinary.append(machine.name) }
        }
        return report
    }

    static func trailingVersion(_ name: String) -> QemuVersion? {
        guard let dash = name.lastIndex(of: "-") else { return nil }
        return QemuVersion(String(name[name.index(after: dash)...]))
    }

    /// The guest architectures a binary's target runs, from its name (`qemu-system-x86_64`), else from the
    /// catalog families whose machine types it offers.
    static func architectures(binary: String, names: [String], catalog: Catalog) -> [String] {
        let base = (binary as NSString).lastPathComponent
        if base.hasPrefix("qemu-system-") {
            switch String(base.dropFirst("qemu-system-".count)) {
            case "x86_64": return ["x86_64", "i686"]
            case "i386": return ["i686"]
            case "aarch64": return ["aarch64", "armv7l"]
            case "arm": return ["armv7l"]
            case "ppc64": return ["ppc64", "ppc64le"]
            case "s390x": return ["s390x"]
            case "riscv64": return ["riscv64"]
            default: break
            }
        }
        let offered = Set(names)
        var arch: [String] = []
        for machine in catalog.machineTypes where offered.contains(machine.name) {
            for name in machine.arch where !arch.contains(name) { arch.append(name) }
        }
        return arch
    }

    /// The path a `--qemu` argument names (a path, or a name on PATH), if it is an executable.
    public static func resolvedPath(_ binary: String) -> String? { resolve(binary) }

    /// Why `binary` names no program to run, in words: a path that is not there, a directory, a file without
    /// execute permission, or a name on no PATH directory.
    static func whyNotFound(_ binary: String) -> String {
        guard binary.contains("/") else { return "no executable named '\(printable(binary))' on PATH (give a path, or a name on PATH)" }
        var info = stat()
        guard stat(binary, &info) == 0 else {
            let reason = errno == ENOENT ? "no such file" : String(cString: strerror(errno))
            return "\(reason) (give the path of a qemu-system-* binary, or a name on PATH)"
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return "a directory, not a qemu-system-* binary"
        case S_IFREG: return "not executable (mode \(String(info.st_mode & 0o7777, radix: 8)); give the qemu-system-* binary itself)"
        default: return "not a regular file, not a qemu-system-* binary"
        }
    }

    static func resolve(_ binary: String) -> String? {
        let fm = FileManager.default
        // A directory is "executable" (searchable) too: only regular files are programs.
        func isProgram(_ path: String) -> Bool {
            var info = stat()
            return fm.isExecutableFile(atPath: path) && stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
        }
        if binary.contains("/") { return isProgram(binary) ? binary : nil }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = (String(dir) as NSString).appendingPathComponent(binary)
            if isProgram(candidate) { return candidate }
        }
        return nil
    }

    static func firstLine(_ text: String) -> String? {
        text.unicodeScalars.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).first.map { String(String.UnicodeScalarView($0)) }.map { printable($0.trimmingCharacters(in: .whitespaces)) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    static func printable<S: StringProtocol>(_ text: S) -> String {
        let cleaned = String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f ? "?" : Character($0) })
        return cleaned.count > 120 ? String(cleaned.prefix(117)) + "..." : cleaned
    }

    struct RunResult {
        var status: Int32
        var signal: Int32? = nil
        var stdout: String
        var stderr: String

        /// "failed (exit status 3)", or "was killed by signal 11 (SIGSEGV)": a crash is not an exit status.
        var failure: String {
            guard let signal else { return "failed (exit status \(status))" }
            let name = [4: "SIGILL", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE", 9: "SIGKILL", 11: "SIGSEGV", 13: "SIGPIPE", 15: "SIGTERM"][signal]
            return "was killed by signal \(signal)\(name.map { " (\($0))" } ?? "")"
        }
    }

    /// Runs a program with stdin closed, through the safe runner (own process group, killed with us, a hard
    /// timeout with SIGTERM then SIGKILL, bounded output). Every failure is one sentence naming the command.
    static func run(_ path: String, _ arguments: [String], shownAs: String, timeout: Double) throws -> RunResult {
        do {
            let outcome = try SafeRunner.run(path, arguments, limits: RunLimits(timeout: timeout))
            return RunResult(status: outcome.status, signal: outcome.signal, stdout: outcome.stdoutText, stderr: outcome.stderrText)
        } catch let failure as RunFailure {
            throw QemuImportError(message: "--qemu \(shownAs): '\(shownAs) \(arguments.joined(separator: " "))' \(failure)")
        }
    }
}
