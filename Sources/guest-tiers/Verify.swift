import ArgumentParser
import CatalogLoader
import Foundation
import QemuProbe
import TierEngine
import TierView

enum VerifyFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

/// `guest-tiers verify --qemu BINARY …`: the catalog's machine-type defaults against real QEMU binaries.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the catalog's machine-type defaults against real QEMU binaries (paused, over QMP).",
        discussion: """
        Starts each machine type the binary offers and the catalog derives, paused (-S, no guest code, no disk, \
        network or host device), with probe devices, and compares what QMP reports with the catalog's defaults at \
        that version; also which types the catalog says exist and are deprecated at the binary's version. Prints \
        file:line: message per contradicted claim, then counts. Exit 0: all confirmed; 1: a contradiction; \
        2: a binary could not be probed.
        """)

    @Option(name: .long, help: ArgumentHelp("Catalog directory (default: the bundled Catalog/).", valueName: "dir"),
            completion: .directory)
    var catalog: String?

    @Option(help: ArgumentHelp("A QEMU system emulator to check against (repeatable).", valueName: "binary"),
            completion: .file())
    var qemu: [String] = []

    @Option(help: ArgumentHelp("Only this machine-type family (repeatable).", valueName: "id"),
            completion: .familyIDs)
    var family: [String] = []

    @Option(help: ArgumentHelp("Only this machine type (repeatable).", valueName: "name"),
            completion: .versionedMachineTypes)
    var machine: [String] = []

    @Option(help: ArgumentHelp("QEMU processes at a time (default: the number of CPUs).", valueName: "n"))
    var jobs: Int?

    @Option(help: ArgumentHelp("Seconds each QEMU process may take before it is killed.", valueName: "s"))
    var timeout: Double = 10

    @Option(help: "text or json (every claim with its verdict).")
    var format: VerifyFormat = .text

    func validate() throws {
        if qemu.isEmpty { throw ValidationError("give at least one --qemu BINARY") }
        if let jobs, !(1...64).contains(jobs) { throw ValidationError("--jobs must be 1…64, not \(jobs)") }
        if !(timeout > 0 && timeout <= 600) { throw ValidationError("--timeout must be more than 0 and at most 600 seconds") }
    }

    func run() throws {
        let curated = try CatalogOptions.parse(catalog.map { ["--catalog", $0] } ?? []).loadCurated()
        for id in family where curated.family(id) == nil {
            throw LookupError(.family, option: "--family", name: id, valid: curated.families.map(\.id))
        }
        for name in machine where curated.machineType(name) == nil && curated.membership(of: name) == nil {
            throw LookupError(.machineType, option: "--machine", name: name, valid: curated.machineTypes.map(\.name))
        }
        var options = VerifyOptions()
        options.families = Set(family)
        options.machines = Set(machine)
        if let jobs { options.jobs = jobs }
        options.timeout = timeout
        var results: [BinaryVerification] = []
        var unusable: [String] = []
        for binary in qemu {
            do {
                results.append(try Verifier.verify(binary: binary, catalog: curated, options: options))
            } catch {
                unusable.append("guest-tiers: verify: \(error)")
            }
        }
        switch format {
        case .text:
            for line in unusable { warn(line) }
            print(safeLines(VerifyReport.text(results)), terminator: "")
        case .json:
            for line in unusable { warn(line) }
            print(VerifyReport.json(results, unusable: unusable).serialized())
        }
        let failed = !unusable.isEmpty || results.contains { !$0.failures.isEmpty }
        if failed { throw ExitCode(2) }
        if results.contains(where: { $0.count(.contradicted) > 0 }) { throw ExitCode(1) }
    }
}

enum VerifyReport {
    static func text(_ results: [BinaryVerification]) -> String {
        var out = ""
        for result in results {
            let shown = result.versionText.map { "\(result.binary) \(shortVersion($0))" } ?? result.binary
            for claim in result.claims where claim.verdict == .contradicted {
                out += "\(claim.location ?? result.binary): \(claim.machine): \(claim.property) is \(claim.catalog) in the catalog; \(shown) shows \(claim.observed ?? "?") (\(claim.detail))\n"
            }
            for failure in result.failures { out += "\(failure)\n" }
        }
        for result in results {
            out += "\n\(result.binary)\(result.versionText.map { " (\($0))" } ?? ""): \(result.probed) machine type(s) probed in \(String(format: "%.2f", result.seconds)) s\n"
            out += "  confirmed \(result.count(.confirmed)), contradicted \(result.count(.contradicted)), not checkable \(result.count(.notCheckable))\n"
            var why: [String: Int] = [:]
            for claim in result.claims where claim.verdict == .notCheckable { why["\(claim.property): \(reason(claim.detail))", default: 0] += 1 }
            for (reason, count) in why.sorted(by: { $0.key < $1.key }) { out += "    not checkable: \(reason) (\(count))\n" }
            if !result.underived.isEmpty {
                // Board models can be many (qemu-system-aarch64 offers about 90): the JSON lists them all.
                let shown = result.underived.prefix(12).joined(separator: ", ")
                let more = result.underived.count > 12 ? " and \(result.underived.count - 12) more" : ""
                out += "  offered, derived by no catalog family (not checked): \(result.underived.count): \(shown)\(more)\n"
            }
            if !result.failures.isEmpty { out += "  could not be probed: \(result.failures.count) machine type(s)\n" }
        }
        return out
    }

    /// A not-checkable reason without the machine-specific part, for grouping.
    static func reason(_ detail: String) -> String {
        if detail.hasPrefix("QEMU loads no firmware on ") { return "QEMU loads no firmware; UEFI is the management app's choice" }
        return detail
    }

    /// "QEMU emulator version 7.2.22 (Debian …)" → "7.2.22".
    static func shortVersion(_ text: String) -> String {
        guard let range = text.range(of: "version ") else { return text }
        return String(text[range.upperBound...].prefix { !$0.isWhitespace })
    }

    static func json(_ results: [BinaryVerification], unusable: [String]) -> JSON {
        .object([
            ("binaries", .array(results.map { result in
                .object([
                    ("binary", .string(result.binary)),
                    ("version", result.versionText.map(JSON.string) ?? .null),
                    ("probed", .number(result.probed)),
                    ("milliseconds", .number(Int(result.seconds * 1000))),
                    ("confirmed", .number(result.count(.confirmed))),
                    ("contradicted", .number(result.count(.contradicted))),
                    ("not_checkable", .number(result.count(.notCheckable))),
                    ("failures", .array(result.failures.map(JSON.string))),
                    ("underived", .array(result.underived.map(JSON.string))),
                    ("claims", .array(result.claims.map { claim in
                        .object([
                            ("machine", .string(claim.machine)), ("property", .string(claim.property)),
                            ("catalog", .string(claim.catalog)), ("observed", claim.observed.map(JSON.string) ?? .null),
                            ("verdict", .string(claim.verdict.rawValue)), ("detail", .string(claim.detail)),
                            ("location", claim.location.map(JSON.string) ?? .null),
                        ])
                    })),
                ])
            })),
            ("unusable", .array(unusable.map(JSON.string))),
        ])
    }
}
