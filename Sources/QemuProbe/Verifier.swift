import Foundation
import QemuImport
import TierEngine

/// One catalog claim checked against a binary.
public struct Claim: Sendable {
    public enum Verdict: String, Sendable { case confirmed, contradicted, notCheckable = "not-checkable" }

    public var machine: String
    /// A default property (virtio, storage …), or "deprecated" / "exists" for the lifecycle.
    public var property: String
    public var catalog: String
    /// What the binary showed (nil: nothing to compare).
    public var observed: String?
    public var verdict: Verdict
    /// For a not-checkable claim: why. For the others: how it was read.
    public var detail: String
    /// The catalog line the claim is written on (file:line), when known.
    public var location: String?
}

/// What verifying the catalog against one binary found.
public struct BinaryVerification: Sendable {
    public var binary: String
    public var versionText: String?
    public var version: QemuVersion?
    public var claims: [Claim] = []
    /// Machine types that could not be probed, one line each.
    public var failures: [String] = []
    /// Offered names no catalog family derives (not guest columns, or defaults unknown): not claims.
    public var underived: [String] = []
    public var probed = 0
    public var seconds = 0.0

    public func count(_ verdict: Claim.Verdict) -> Int { claims.filter { $0.verdict == verdict }.count }
}

public struct VerifyOptions: Sendable {
    public var families: Set<String> = []
    public var machines: Set<String> = []
    public var jobs = max(1, ProcessInfo.processInfo.activeProcessorCount)
    public var timeout = 10.0

    public init() {}
}

/// `guest-tiers verify`: every machine type a binary offers that the catalog derives, started paused, read
/// over QMP, and compared with the catalog's defaults at that type's version; plus which types the catalog says
/// exist, and which it deprecates, at the binary's version.
public enum Verifier {
    public static func verify(binary: String, catalog: Catalog, options: VerifyOptions) throws -> BinaryVerification {
        let started = Date()
        let offered = try QemuImport.probe(binary: binary, catalog: catalog, timeout: options.timeout)
        let path = QemuImport.resolvedPath(binary) ?? binary
        var result = BinaryVerification(binary: binary, versionText: offered.versionText, version: offered.version)

        // The offered types the catalog derives, with the catalog's machine type for their version.
        var targets: [(name: String, machine: MachineType, family: MachineFamily)] = []
        for name in offered.names {
            guard let member = catalog.membership(of: name), let family = catalog.family(member.familyID),
                  let machine = catalog.machineType(family.typeName(member.version)) else {
                result.underived.append(name)
                continue
            }
            if !options.families.isEmpty && !options.families.contains(family.id) { continue }
            if !options.machines.isEmpty && !options.machines.contains(name) { continue }
            targets.append((name, machine, family))
        }

        let observations = probeAll(targets.map { ($0.name, ProbeLayout.forFamily($0.family.id)) }, binary: path, options: options)
        for (index, target) in targets.enumerated() {
            switch observations[index] {
            case .success(let observation):
                result.probed += 1
                result.claims += compareDefaults(target.name, target.machine, observation, binary: binary)
                result.claims.append(deprecationClaim(target.name, target.machine, target.family, catalog: catalog,
                                                      offered: offered, observed: observation.deprecated))
            case .failure(let failure):
                result.failures.append("\(binary): \(failure.message)")
            case nil:
                for property in target.machine.defaults.keys.sorted() {
                    result.claims.append(Claim(machine: target.name, property: property, catalog: target.machine.defaults[property]!.value,
                                               observed: nil, verdict: .notCheckable,
                                               detail: "no probe layout for family \(target.family.id)",
                                               location: target.machine.defaults[property]!.location))
                }
            }
        }
        result.claims += existenceClaims(catalog: catalog, offered: offered, options: options)
        result.seconds = Date().timeIntervalSince(started)
        return result
    }

    /// Probes every target, `jobs` at a time. Each worker is a thread of its own that waits for its QEMU: the
    /// parent-death signal is tied to the thread that started the child.
    static func probeAll(_ targets: [(String, ProbeLayout?)], binary: String, options: VerifyOptions) -> [Result<Observation, ProbeFailure>?] {
        let work = WorkList(count: targets.count)
        let group = DispatchGroup()
        for _ in 0..<min(max(1, options.jobs), max(1, targets.count)) {
            group.enter()
            let thread = Thread {
                while let index = work.take() {
                    guard let layout = targets[index].1 else { continue }
                    do {
                        work.store(index, .success(try MachineProbe.run(binary: binary, machine: targets[index].0,
                                                                        layout: layout, timeout: options.timeout)))
                    } catch {
                        work.store(index, .failure(error as? ProbeFailure ?? ProbeFailure(message: "\(targets[index].0): \(error)")))
                    }
                }
                group.leave()
            }
            thread.start()
        }
        group.wait()
        return work.results
    }

    // MARK: - Defaults

    static func compareDefaults(_ name: String, _ machine: MachineType, _ seen: Observation, binary: String) -> [Claim] {
        var claims: [Claim] = []
        for property in machine.defaults.keys.sorted() {
            let fact = machine.defaults[property]!
            let (observed, how) = read(property, seen, layout: ProbeLayout.forFamily(machine.familyID))
            var claim = Claim(machine: name, property: property, catalog: fact.value, observed: observed,
                              verdict: .notCheckable, detail: how, location: fact.location)
            if let observed {
                claim.verdict = observed == fact.value ? .confirmed : .contradicted
            } else if property == "firmware" && fact.value == "uefi" {
                claim.detail = "QEMU loads no firmware on \(name) (\(how)); UEFI is the management app's choice"
            }
            claims.append(claim)
        }
        return claims
    }

    /// The catalog value a property has in the observation, and how it was read (or why it could not be).
    static func read(_ property: String, _ seen: Observation, layout: ProbeLayout?) -> (String?, String) {
        switch property {
        case "virtio":
            guard let layout else { return (nil, "no probe layout") }
            guard let found = seen.virtio[layout.placedDevice] else {
                return (nil, "the probe device at the \(layout.placement.rawValue) did not answer\(seen.errors["legacy.\(layout.placedDevice)"].map { ": \($0)" } ?? "")")
            }
            let others = seen.virtio.filter { $0.key != layout.placedDevice }.sorted { $0.key < $1.key }
                .map { "\(deviceWhere($0.key)): \($0.value.mode)" }
            return (found.mode, "virtio-net at the \(layout.placement.rawValue): \(found.evidence)" + (others.isEmpty ? "" : "; elsewhere \(others.joined(separator: ", "))"))
        case "pcie_ports":
            guard let bus = seen.rootBusType else { return (nil, "the root bus type was not readable") }
            return (bus == "PCIE" ? "yes" : "no", "root bus type \(bus)")
        case "iommu_platform":
            guard let on = seen.iommuPlatform else { return (nil, "iommu_platform was not readable") }
            return (on ? "on" : "off", "virtio-backend iommu_platform=\(on)")
        case "storage":
            guard let controller = seen.diskController else { return (nil, "the default drive's controller was not readable") }
            let board = seen.boardStorage.isEmpty ? "" : "; board PCI storage: \(seen.boardStorage.joined(separator: ", "))"
            return (storageValue(controller), "the default -drive is on \(controller)\(board)")
        case "nic":
            guard let model = seen.nicModel else { return (nil, "-net nic created no NIC") }
            return (nicValue(model), "-net nic model=\(model)")
        case "firmware":
            if let file = seen.firmwareProperty, !file.isEmpty {
                return (file.hasPrefix("bios") ? "bios" : file, "machine property firmware=\(file)")
            }
            // Older pc types give no firmware property; their ROM list shows the BIOS image.
            if let bios = seen.romNames.first(where: { $0.hasPrefix("bios") && $0.hasSuffix(".bin") }) { return ("bios", "info roms: \(bios)") }
            if seen.romNames.contains("slof.bin") { return ("slof", "info roms: slof.bin") }
            if seen.romNames.contains("s390-ccw.img") { return ("s390-ccw", "info roms: s390-ccw.img") }
            return (nil, "no firmware image loaded (info roms: \(seen.romNames.isEmpty ? "none" : seen.romNames.joined(separator: ", ")))")
        case "tpm":
            guard let count = seen.tpmCount else { return (nil, "query-tpm did not answer") }
            return (count == 0 ? "none" : "\(count) TPM(s)", "query-tpm: \(count)")
        case "secure_boot":
            return (nil, "Secure Boot depends on the OVMF build and SMM and needs a boot")
        default:
            return (nil, "no probe reads \(property)")
        }
    }

    static func deviceWhere(_ id: String) -> String {
        ["vroot": "root bus", "vport": "root port", "vbridge": "behind a pcie-pci-bridge", "vccw": "ccw"][id] ?? id
    }

    static func storageValue(_ controller: String) -> String {
        if controller.hasPrefix("virtio-blk") || controller.hasPrefix("virtio-scsi") { return "virtio" }
        if controller.contains("ahci") { return "ahci" }
        if controller.hasSuffix("-ide") || controller == "ide" { return "ide" }
        return controller
    }

    static func nicValue(_ model: String) -> String {
        model.hasPrefix("virtio-net") ? "virtio" : model
    }

    // MARK: - Lifecycle

    /// Whether the catalog deprecates the type by the binary's release, against the binary's own marker.
    static func deprecationClaim(_ name: String, _ machine: MachineType, _ family: MachineFamily, catalog: Catalog,
                                 offered: OfferedMachines, observed: Bool?) -> Claim {
        let location = deprecationLocation(machine, family, catalog: catalog)
        guard let binaryDay = offered.version.flatMap({ catalog.release($0)?.date }) else {
            return Claim(machine: name, property: "deprecated", catalog: "?", observed: nil, verdict: .notCheckable,
                         detail: "the binary's QEMU version \(offered.version.map { "\($0) is not in qemu-releases.yaml" } ?? "is unknown")",
                         location: location)
        }
        let catalogSays = machine.deprecated?.day.map { $0 <= binaryDay } ?? false
        let binarySays = observed ?? offered.deprecated.contains(name)
        return Claim(machine: name, property: "deprecated", catalog: catalogSays ? "yes" : "no", observed: binarySays ? "yes" : "no",
                     verdict: catalogSays == binarySays ? .confirmed : .contradicted,
                     detail: "by QEMU \(offered.version!) (\(binaryDay)); " + (observed != nil ? "query-machines" : "-machine help"),
                     location: location)
    }

    static func deprecationLocation(_ machine: MachineType, _ family: MachineFamily, catalog: Catalog) -> String? {
        family.deprecations.first { $0.versions.contains(machine.version) }?.location ?? catalog.lifecycleRule.location ?? family.location
    }

    /// For every catalog type of the binary's architectures up to the binary's version: the catalog says it
    /// exists at the binary's release (released, not deleted), and the binary offers it or not.
    static func existenceClaims(catalog: Catalog, offered: OfferedMachines, options: VerifyOptions) -> [Claim] {
        guard let version = offered.version else { return [] }
        let binaryDay = catalog.release(version)?.date
        var claims: [Claim] = []
        for machine in catalog.machineTypes where machine.defaultsKnown && machine.familyID != OfferedMachines.otherFamilyID {
            guard machine.arch.contains(where: offered.arch.contains) else { continue }
            if !options.families.isEmpty && !options.families.contains(machine.familyID) { continue }
            if !options.machines.isEmpty && !options.machines.contains(machine.name) { continue }
            let family = catalog.family(machine.familyID)
            let removal = family?.removals.first { $0.versions.contains(machine.version) }
            let location = removal?.location ?? (machine.deleted != nil ? catalog.lifecycleRule.location : nil) ?? family?.location
            let isOffered = offered.offers(machine.name)
            if machine.version > version {
                claims.append(Claim(machine: machine.name, property: "exists", catalog: "later", observed: isOffered ? "yes" : "no",
                                    verdict: .notCheckable, detail: "newer than the binary's QEMU \(version)", location: family?.location))
                continue
            }
            guard let binaryDay else {
                claims.append(Claim(machine: machine.name, property: "exists", catalog: "?", observed: isOffered ? "yes" : "no",
                                    verdict: .notCheckable, detail: "QEMU \(version) is not in qemu-releases.yaml", location: location))
                continue
            }
            let exists = (machine.released.day.map { $0 <= binaryDay } ?? true) && !(machine.deleted?.day.map { $0 <= binaryDay } ?? false)
            claims.append(Claim(machine: machine.name, property: "exists", catalog: exists ? "yes" : "no", observed: isOffered ? "yes" : "no",
                                verdict: exists == isOffered ? .confirmed : .contradicted,
                                detail: "at QEMU \(version) (\(binaryDay)); -machine help", location: location))
        }
        return claims
    }
}

/// The next index to probe and the results so far, shared by the worker threads.
private final class WorkList: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let count: Int
    private var stored: [Result<Observation, ProbeFailure>?]

    init(count: Int) {
        self.count = count
        stored = Array(repeating: nil, count: count)
    }

    func take() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }

    func store(_ index: Int, _ result: Result<Observation, ProbeFailure>) {
        lock.lock()
        stored[index] = result
        lock.unlock()
    }

    var results: [Result<Observation, ProbeFailure>?] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
