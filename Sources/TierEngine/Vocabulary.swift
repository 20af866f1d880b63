/// The names the catalog's rules may use. A rule that names anything else is a typo and never fires, so the
/// loader rejects it.
public enum Vocabulary {
    /// Guest capabilities (booleans; missing means false).
    public static let capabilities: [String] = [
        "virtio_in_box", "virtio_legacy", "virtio_modern", "iommu_platform",
        "ahci", "ide", "e1000", "e1000e",
        "requires_uefi", "requires_secure_boot", "requires_tpm2",
    ]

    /// Machine-type default properties and the values they take.
    public static let properties: [String: [String]] = [
        "virtio": ["legacy-only", "transitional", "modern-only"],
        // Whether management apps put devices on PCI Express root ports (q35, aarch64 virt), where a
        // pcie-to-pci-bridge is the way back to conventional PCI.
        "pcie_ports": ["yes", "no"],
        "iommu_platform": ["on", "off"],
        // spapr-vscsi / spapr-vlan: pseries' PAPR virtual SCSI and Ethernet (VIO devices, not PCI).
        "storage": ["ide", "ahci", "virtio", "spapr-vscsi"],
        "nic": ["e1000", "e1000e", "virtio", "spapr-vlan"],
        "firmware": ["bios", "uefi", "slof", "s390-ccw"],
        "secure_boot": ["settings", "impossible"],
        "tpm": ["none"],
    ]

    public static let architectures: [String] = [
        "x86_64", "i686", "aarch64", "armv7l", "ppc64", "ppc64le", "s390x", "riscv64",
    ]
}

/// Names close to `query`, for "did you mean" messages: shared prefixes and small edit distances first.
public func closestMatches(to query: String, in candidates: [String], limit: Int = 3) -> [String] {
    let q = Array(query.lowercased())
    let scored = candidates.map { candidate -> (String, Int, Int) in
        let c = Array(candidate.lowercased())
        let raw = editDistance(q, c)
        var distance = raw
        if candidate.lowercased().hasPrefix(query.lowercased()) || query.lowercased().hasPrefix(candidate.lowercased()) {
            distance = min(distance, 1)
        }
        return (candidate, distance, raw)
    }
    // Then to the nearest character at the first difference: pc-q35-4.3 → 4.2 before 4.0 and 2.3.
    func nearness(_ candidate: String) -> Int {
        for (x, y) in zip(q, Array(candidate.lowercased())) where x != y {
            return abs(Int(x.unicodeScalars.first!.value) - Int(y.unicodeScalars.first!.value))
        }
        return 0
    }
    let threshold = max(2, q.count / 2)
    // Ties on the prefix-adjusted distance go to the closer spelling ("vendor_suport_end" → "vendor_support_end",
    // not its prefix "vendor").
    return scored.filter { $0.1 <= threshold }.sorted { ($0.1, $0.2, nearness($0.0), $0.0) < ($1.1, $1.2, nearness($1.0), $1.0) }.prefix(limit).map(\.0)
}

func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
