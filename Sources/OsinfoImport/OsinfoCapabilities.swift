import TierEngine

/// The catalog capabilities osinfo-db can speak to, from an entry's resolved devices and firmware:
///
/// | capability | from |
/// |---|---|
/// | `virtio_in_box` | any `1af4:*` PCI device |
/// | `virtio_legacy` | a `1af4:1000`–`103f` device (legacy/transitional virtio) |
/// | `virtio_modern` | a `1af4:1040`–`107f` device (virtio 1.0) |
/// | `ahci` | the `http://qemu.org/chipset/x86/q35` marker (known to work on q35, whose only disk controller is AHCI) |
/// | `e1000` | `8086:100e` |
/// | `e1000e` | `8086:10d3` |
/// | `requires_uefi` | firmware: `efi` supported and `bios` marked `supported="false"` for the same architecture |
///
/// osinfo-db has no IDE device ids, nothing about VIRTIO_F_IOMMU_PLATFORM, and (in its schema up to at least
/// 20221203) no Secure Boot or TPM requirement: `ide`, `iommu_platform`, `requires_secure_boot` and
/// `requires_tpm2` are not among `known`.
public struct OsinfoCapabilities: Hashable, Sendable {
    public static let expressible = ["virtio_in_box", "virtio_legacy", "virtio_modern", "ahci", "e1000", "e1000e", "requires_uefi"]

    /// Capability → value, for the expressible ones.
    public var known: [String: Bool]
    /// Capability → the evidence (device or firmware ids) that makes it true.
    public var evidence: [String: [String]]
    /// Capability → the file that lists the evidence (nearest in the inheritance chain).
    public var declaredIn: [String: String]
    /// Every file whose devices or firmware were used (the entry's own first).
    public var files: [String]

    public init(known: [String: Bool], evidence: [String: [String]] = [:], declaredIn: [String: String] = [:], files: [String] = []) {
        self.known = known
        self.evidence = evidence
        self.declaredIn = declaredIn
        self.files = files
    }

    init(database db: OsinfoDatabase, index: Int) {
        var evidence: [String: [String]] = [:]
        var declared: [String: String] = [:]
        var files: [String] = [db.entries[index].file]
        func note(_ capability: String, _ what: String, _ file: String) {
            evidence[capability, default: []].append(what)
            if declared[capability] == nil { declared[capability] = file }
            if !files.contains(file) { files.append(file) }
        }
        // Only the devices that are evidence of something, sorted (the others add nothing; sorting all of them
        // per entry was most of this function's time).
        for (device, owner) in db.resolvedDevices(index, where: OsinfoCapabilities.isEvidence).sorted(by: { $0.0 < $1.0 }) {
            let file = db.entries[owner].file
            if device == "http://qemu.org/chipset/x86/q35" {
                note("ahci", "q35 marker", file)
                continue
            }
            guard let (vendor, product) = OsinfoCapabilities.pciIDs(device) else { continue }
            if vendor == 0x1af4 {
                let id = "1af4:" + hex(product)
                note("virtio_in_box", id, file)
                if (0x1000...0x103f).contains(product) { note("virtio_legacy", id, file) }
                if (0x1040...0x107f).contains(product) { note("virtio_modern", id, file) }
            } else if vendor == 0x8086, product == 0x100e {
                note("e1000", "8086:100e", file)
            } else if vendor == 0x8086, product == 0x10d3 {
                note("e1000e", "8086:10d3", file)
            }
        }
        let firmware = db.resolvedFirmware(index)
        let unsupported = db.unsupportedFirmware(index)
        for item in firmware where item.type == "efi" && unsupported.contains(item.arch + "/bios") {
            note("requires_uefi", "firmware \(item.arch) efi only (bios supported=false)", db.entries[index].file)
            break
        }
        var known: [String: Bool] = [:]
        for capability in OsinfoCapabilities.expressible { known[capability] = evidence[capability] != nil }
        self.init(known: known, evidence: evidence, declaredIn: declared, files: files)
    }

    /// Whether the device id is one the table above reads (exactly the ids the loop in `init` notes).
    static func isEvidence(_ device: String) -> Bool {
        if device == "http://qemu.org/chipset/x86/q35" { return true }
        guard let (vendor, product) = pciIDs(device) else { return false }
        return vendor == 0x1af4 || (vendor == 0x8086 && (product == 0x100e || product == 0x10d3))
    }

    /// `http://pcisig.com/pci/1af4/1041` → (0x1af4, 0x1041).
    static func pciIDs(_ device: String) -> (Int, Int)? {
        if case let .some(answer) = asciiPCIIDs(device) { return answer }
        return generalPCIIDs(device)
    }

    /// `pciIDs` through String and Substring (any text; the ASCII path above must answer as this does).
    static func generalPCIIDs(_ device: String) -> (Int, Int)? {
        let prefix = "http://pcisig.com/pci/"
        guard device.hasPrefix(prefix) else { return nil }
        let parts = device.dropFirst(prefix.count).split(separator: "/")
        guard parts.count == 2, let vendor = Int(parts[0], radix: 16), let product = Int(parts[1], radix: 16) else { return nil }
        return (vendor, product)
    }
}

/// `pciIDs` on the bytes of an ASCII id (every id in osinfo-db; parsing each of the ~55,000 device links
/// through Substrings was most of computing capabilities), with the same answer: prefix, the rest split at `/`
/// with empty parts dropped, exactly two parts, each a base-16 Int (optional sign). The outer nil means "not
/// sure" (non-ASCII, or a part too long for the overflow rule here): the general code then reads it.
func asciiPCIIDs(_ device: String) -> (Int, Int)?? {
    var device = device
    return device.withUTF8 { bytes -> (Int, Int)?? in
        let prefix: StaticString = "http://pcisig.com/pci/"
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        let prefixBytes = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        guard bytes.count >= prefixBytes.count, bytes.prefix(prefixBytes.count).elementsEqual(prefixBytes) else { return .some(nil) }
        var parts: [Slice<UnsafeBufferPointer<UInt8>>] = []
        for part in bytes[prefixBytes.count...].split(separator: UInt8(ascii: "/")) {
            parts.append(part)
            if parts.count > 2 { return .some(nil) }
        }
        guard parts.count == 2 else { return .some(nil) }
        guard let vendor = hexInt(parts[0]), let product = hexInt(parts[1]) else {
            // Too long to be sure of the overflow rule here: let the general code decide.
            if parts.contains(where: { $0.count > 15 }) { return nil }
            return .some(nil)
        }
        return .some((vendor, product))
    }
}

/// `Int(text, radix: 16)` for at most 15 digits (so no overflow) and an optional sign; nil otherwise.
private func hexInt(_ text: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
    var digits = text[...]
    var negative = false
    if let first = digits.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
        negative = first == UInt8(ascii: "-")
        digits = digits.dropFirst()
    }
    guard !digits.isEmpty, digits.count <= 15 else { return nil }
    var value = 0
    for byte in digits {
        let digit: Int
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = Int(byte - UInt8(ascii: "A")) + 10
        default: return nil
        }
        value = value * 16 + digit
    }
    return negative ? -value : value
}

private func hex(_ value: Int) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
