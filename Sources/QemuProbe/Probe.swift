import Foundation
import SafeProcess

/// Where probe devices go on a family's boards, and where management apps put virtio devices (the placement the
/// catalog's `virtio` default speaks of).
public struct ProbeLayout: Sendable {
    public enum Placement: String, Sendable {
        case rootBus = "root bus", rootPort = "PCIe root port", ccw = "virtio-ccw"
    }

    /// Appended to `-M TYPE` (pseries-2.8 … 2.11 start under TCG only without transactional memory).
    public var machineOptions: String
    public var placement: Placement
    /// Whether the board takes pcie-root-port and pcie-pci-bridge (pseries refuses them).
    public var rootPorts: Bool
    public var ccw: Bool

    /// The layout for a catalog family, or nil when no probe is known for it.
    public static func forFamily(_ id: String) -> ProbeLayout? {
        switch id {
        case "i440fx": return ProbeLayout(machineOptions: "", placement: .rootBus, rootPorts: true, ccw: false)
        case "q35", "virt": return ProbeLayout(machineOptions: "", placement: .rootPort, rootPorts: true, ccw: false)
        case "pseries": return ProbeLayout(machineOptions: ",cap-htm=off", placement: .rootBus, rootPorts: false, ccw: false)
        case "s390-ccw-virtio": return ProbeLayout(machineOptions: "", placement: .ccw, rootPorts: false, ccw: true)
        default: return nil
        }
    }

    /// Probe devices: a virtio-net on the root bus, behind a PCIe root port, behind a pcie-to-pci bridge (and a
    /// virtio-ccw one on s390x); `-net nic` (the default NIC model, no host backend) and a null-co disk on the
    /// default interface (opens no file). Nothing touches a host device, a disk or the network.
    public var deviceArguments: [String] {
        var args = ["-device", "virtio-net-pci,id=vroot"]
        if rootPorts {
            args += ["-device", "pcie-root-port,id=rp0,chassis=10", "-device", "virtio-net-pci,id=vport,bus=rp0",
                     "-device", "pcie-root-port,id=rp1,chassis=11", "-device", "pcie-pci-bridge,id=br0,bus=rp1",
                     "-device", "virtio-net-pci,id=vbridge,bus=br0,addr=0x1"]
        }
        if ccw { args += ["-device", "virtio-net-ccw,id=vccw"] }
        args += ["-net", "nic", "-drive", "file=null-co://,format=raw,id=d0"]
        return args
    }

    /// The QOM id of the probe device at the management apps' placement.
    public var placedDevice: String {
        switch placement {
        case .rootBus: return "vroot"
        case .rootPort: return "vport"
        case .ccw: return "vccw"
        }
    }
}

/// What one paused QEMU reported about its machine type. Each field is nil when QEMU did not answer it.
public struct Observation: Sendable {
    /// Probe device id (vroot, vport, vbridge, vccw) → virtio mode (legacy-only, transitional, modern-only),
    /// with the evidence ("disable-legacy=off disable-modern=true").
    public var virtio: [String: (mode: String, evidence: String)] = [:]
    /// QOM type of the root bus the first probe device sits on: "PCIE" or "PCI".
    public var rootBusType: String?
    public var iommuPlatform: Bool?
    /// The QOM type of the controller the default `-drive` landed on (ich9-ahci, piix3-ide, spapr-vscsi …).
    public var diskController: String?
    /// Board-built PCI storage functions (empty qdev id) by class: "ide" (0x0101), "ahci" (0x0106).
    public var boardStorage: [String] = []
    /// The model of the NIC `-net nic` created (HMP `info network`).
    public var nicModel: String?
    /// `qom-get /machine firmware`, then the firmware image HMP `info roms` shows (slof.bin, s390-ccw.img).
    public var firmwareProperty: String?
    public var romNames: [String] = []
    /// `query-tpm`: how many TPMs.
    public var tpmCount: Int?
    /// `query-machines`: whether this type is marked deprecated.
    public var deprecated: Bool?
    /// QMP commands that returned an error (id → class: desc).
    public var errors: [String: String] = [:]
}

/// Why a machine type could not be probed (one line).
public struct ProbeFailure: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

/// One QMP conversation with a paused QEMU: every first-round command at once, then the follow-ups that need
/// an answer (the drive's device → its bus → the controller's type), then `quit`.
final class QMPConversation {
    private(set) var observation = Observation()
    private var outstanding = Set<String>()
    private(set) var quitAnswered = false
    private var quitSent = false
    private(set) var greeted = false
    private let layout: ProbeLayout
    private let machine: String

    init(layout: ProbeLayout, machine: String) {
        self.layout = layout
        self.machine = machine
    }

    /// The first round, written before QEMU has even greeted (QMP reads it once it is up).
    func opening() -> Data {
        var commands: [(String, String, [String: Any])] = [("caps", "qmp_capabilities", [:])]
        var devices = ["vroot"]
        if layout.rootPorts { devices += ["vport", "vbridge"] }
        for device in devices {
            commands.append(("legacy.\(device)", "qom-get", ["path": "/machine/peripheral/\(device)", "property": "disable-legacy"]))
            commands.append(("modern.\(device)", "qom-get", ["path": "/machine/peripheral/\(device)", "property": "disable-modern"]))
        }
        if layout.ccw {
            commands.append(("revision.vccw", "qom-get", ["path": "/machine/peripheral/vccw", "property": "max_revision"]))
        }
        commands += [
            ("bus", "qom-get", ["path": "/machine/peripheral/vroot/parent_bus", "property": "type"]),
            ("iommu", "qom-get", ["path": "/machine/peripheral/\(layout.placedDevice)/virtio-backend", "property": "iommu_platform"]),
            ("firmware", "qom-get", ["path": "/machine", "property": "firmware"]),
            ("roms", "human-monitor-command", ["command-line": "info roms"]),
            ("network", "human-monitor-command", ["command-line": "info network"]),
            ("tpm", "query-tpm", [:]),
            ("pci", "query-pci", [:]),
            ("block", "query-block", [:]),
            ("machines", "query-machines", [:]),
        ]
        return commands.reduce(into: Data()) { data, command in data += send(command.0, command.1, command.2) }
    }

    private func send(_ id: String, _ command: String, _ arguments: [String: Any]) -> Data {
        outstanding.insert(id)
        var object: [String: Any] = ["execute": command, "id": id]
        if !arguments.isEmpty { object["arguments"] = arguments }
        let json = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return json + Data("\n".utf8)
    }

    /// Handles one line from QEMU; returns what to write next.
    func received(_ line: Substring) -> Data {
        guard let data = line.data(using: .utf8),
              let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return Data() }
        if object["QMP"] != nil { greeted = true }
        guard let id = object["id"] as? String else { return Data() }
        outstanding.remove(id)
        if id == "quit" {
            quitAnswered = true
            return Data()
        }
        var next = Data()
        if let error = object["error"] as? [String: Any] {
            observation.errors[id] = "\(error["class"] ?? "error"): \(error["desc"] ?? "")"
        } else {
            next = record(id, object["return"])
        }
        if outstanding.isEmpty && !quitSent {
            quitSent = true
            next += send("quit", "quit", [:])
        }
        return next
    }

    private var pendingVirtio: [String: (legacy: String?, modern: Bool?)] = [:]

    /// Stores an answer; returns follow-up commands it calls for.
    private func record(_ id: String, _ value: Any?) -> Data {
        let parts = id.split(separator: ".", maxSplits: 1).map(String.init)
        switch parts[0] {
        case "legacy", "modern":
            let device = parts[1]
            var entry = pendingVirtio[device] ?? (nil, nil)
            if parts[0] == "legacy" { entry.legacy = value as? String } else { entry.modern = value as? Bool }
            pendingVirtio[device] = entry
            if let legacy = entry.legacy, let modern = entry.modern {
                // disable-legacy=off/disable-modern=true: legacy-only; off/false: transitional; on/false: modern-only.
                let mode = modern ? "legacy-only" : legacy == "on" ? "modern-only" : "transitional"
                observation.virtio[device] = (mode, "disable-legacy=\(legacy) disable-modern=\(modern)")
            }
        case "revision":
            if let revision = value as? Int {
                observation.virtio["vccw"] = (revision == 0 ? "legacy-only" : "transitional", "max_revision=\(revision)")
            }
        case "bus": observation.rootBusType = value as? String
        case "iommu": observation.iommuPlatform = value as? Bool
        case "firmware": observation.firmwareProperty = value as? String
        case "roms":
            // `addr=… name="/usr/share/qemu/slof.bin"`: keep the file names.
            for line in (value as? String ?? "").split(whereSeparator: \.isNewline) {
                guard let range = line.range(of: "name=\"") else { continue }
                let name = line[range.upperBound...].prefix { $0 != "\"" }
                let file = name.split(separator: "/").last.map { String($0.split(separator: " ").first ?? $0) } ?? String(name)
                if !observation.romNames.contains(file) { observation.romNames.append(file) }
            }
        case "network":
            for line in (value as? String ?? "").split(whereSeparator: \.isNewline) where line.contains("type=nic") {
                if let range = line.range(of: "model=") {
                    observation.nicModel = String(line[range.upperBound...].prefix { $0 != "," && !$0.isWhitespace })
                    break
                }
            }
        case "tpm": observation.tpmCount = (value as? [Any])?.count
        case "pci":
            for bus in value as? [[String: Any]] ?? [] {
                for device in bus["devices"] as? [[String: Any]] ?? [] where (device["qdev_id"] as? String ?? "").isEmpty {
                    let classCode = (device["class_info"] as? [String: Any])?["class"] as? Int
                    if classCode == 0x0101 { observation.boardStorage.append("ide") }
                    if classCode == 0x0106 { observation.boardStorage.append("ahci") }
                }
            }
        case "block":
            let drive = (value as? [[String: Any]] ?? []).first { $0["device"] as? String == "d0" }
            if let qdev = drive?["qdev"] as? String {
                return send("diskbus", "qom-get", ["path": qdev, "property": "parent_bus"])
            }
        case "diskbus":
            // The bus is a child of its controller: /machine/unattached/device[15]/ide.0 → …/device[15].
            if let bus = value as? String, let slash = bus.lastIndex(of: "/"), slash != bus.startIndex {
                return send("disk", "qom-get", ["path": String(bus[..<slash]), "property": "type"])
            }
        case "disk": observation.diskController = value as? String
        case "machines":
            let entry = (value as? [[String: Any]] ?? []).first { $0["name"] as? String == machine }
            observation.deprecated = entry?["deprecated"] as? Bool
        default: break
        }
        return Data()
    }
}

public enum MachineProbe {
    /// Starts `binary -M machine` paused with the layout's probe devices, talks QMP, and returns what it saw.
    public static func run(binary: String, machine: String, layout: ProbeLayout, timeout: Double) throws -> Observation {
        let arguments = ["-M", machine + layout.machineOptions, "-S", "-accel", "tcg", "-nodefaults", "-no-user-config",
                         "-display", "none", "-qmp", "stdio"] + layout.deviceArguments
        let conversation = QMPConversation(layout: layout, machine: machine)
        let outcome: RunOutcome
        do {
            outcome = try SafeRunner.run(binary, arguments, input: conversation.opening(),
                                         limits: RunLimits(timeout: timeout, maxOutput: 8 << 20)) { conversation.received($0) }
        } catch let failure as RunFailure {
            throw ProbeFailure(message: "\(machine): \(failure)")
        }
        guard conversation.quitAnswered else {
            // Refused at start-up (unknown type, refused device, missing firmware): the first real stderr line.
            let line = outcome.stderrText.split(whereSeparator: \.isNewline).first { !$0.contains("warning:") }
            let why = line.map { Self.printable($0) } ?? (conversation.greeted ? "QMP ended early" : "no QMP greeting")
            throw ProbeFailure(message: "\(machine): QEMU exited (status \(outcome.status)) before answering: \(why)")
        }
        return conversation.observation
    }

    static func printable<S: StringProtocol>(_ text: S) -> String {
        let cleaned = String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f ? "?" : Character($0) })
        return cleaned.count > 160 ? String(cleaned.prefix(157)) + "..." : cleaned
    }
}
