/// The machine types one real QEMU build offers (`qemu-system-x86_64 -machine help`), for
/// `Evaluator(offered:)`: machine types it does not offer are unavailable, with a reason naming the binary.
public struct OfferedMachines: Hashable, Sendable {
    /// The binary as the user named it (shown in reasons).
    public var binary: String
    /// Every machine type name the binary offers, aliases excluded, in the binary's order.
    public var names: [String] { didSet { nameSet = Set(names) } }
    /// The same names as a set: membership is asked once per catalog machine type, and a binary may list many.
    public private(set) var nameSet: Set<String>
    /// Alias → the machine type it stands for (`pc` → `pc-i440fx-7.2`).
    public var aliases: [String: String]
    /// The machine type marked `(default)`, if any.
    public var defaultMachine: String?
    /// Names marked `(deprecated)`.
    public var deprecated: Set<String>
    /// The binary's QEMU version from `--version` (`7.2` of `QEMU emulator version 7.2.22`), if it could be read.
    public var version: QemuVersion?
    /// The whole `--version` line, for the record.
    public var versionText: String?
    /// Guest architectures the binary's target runs (`qemu-system-x86_64` → x86_64, i686).
    public var arch: [String]

    public init(binary: String, names: [String], aliases: [String: String] = [:], defaultMachine: String? = nil,
                deprecated: Set<String> = [], version: QemuVersion? = nil, versionText: String? = nil, arch: [String]) {
        self.binary = binary
        self.names = names
        self.nameSet = Set(names)
        self.aliases = aliases
        self.defaultMachine = defaultMachine
        self.deprecated = deprecated
        self.version = version
        self.versionText = versionText
        self.arch = arch
    }

    /// The binary as reasons name it: `qemu-system-x86_64 7.2.x` (its file name and QEMU release series).
    public var shownAs: String {
        let base = binary.split(separator: "/").last.map(String.init) ?? binary
        return version.map { "\(base) \($0).x" } ?? base
    }

    public func offers(_ name: String) -> Bool { nameSet.contains(name) || aliases[name] != nil }

    /// The family that machine types the catalog does not know are listed under.
    public static let otherFamilyID = "other"
}

/// Which family a machine type name belongs to, and at which version's defaults.
public struct FamilyMembership: Hashable, Sendable {
    public var familyID: String
    public var version: QemuVersion
    /// What follows the version: "" for `pc-q35-4.0`, ".1" for the point type `pc-q35-4.0.1`, "-sxxm" for
    /// `pseries-2.12-sxxm` (variants QEMU added to a version; they take that version's defaults).
    public var suffix: String
}

/// Machine types that start no guest OS: not guest columns, whatever a binary offers.
public enum GuestlessMachines {
    /// `none` is QEMU's empty machine (no CPU, no RAM by default); `x-remote` is the multi-process QEMU's
    /// remote device process (hw/remote/machine.c), which emulates devices for another QEMU and runs no guest.
    public static let names: Set<String> = ["none", "x-remote"]
}

extension Catalog {
    /// The family whose pattern the name fits, with the version and any suffix: `pc-q35-4.0.1` → q35 at 4.0.
    /// A name whose remainder is not a version (`pc-q35-rhel9.x`) belongs to no family.
    public func membership(of name: String) -> FamilyMembership? {
        for family in families where family.id != OfferedMachines.otherFamilyID {
            let parts = family.pattern.split(separator: "{v}", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, name.hasPrefix(parts[0]), name.hasSuffix(parts[1]),
                  name.count >= parts[0].count + parts[1].count else { continue }
            let middle = String(name.dropFirst(parts[0].count).dropLast(parts[1].count))
            // X.Y, then optionally a point (.Z) or a dash variant (-word).
            let numbers = middle.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            let fields = numbers.split(separator: ".", omittingEmptySubsequences: false)
            guard fields.count >= 2, let version = QemuVersion("\(fields[0]).\(fields[1])") else { continue }
            let versionText = "\(fields[0]).\(fields[1])"
            let suffix = String(middle.dropFirst(versionText.count))
            let pointOK = suffix.isEmpty || (suffix.hasPrefix(".") && suffix.dropFirst().allSatisfy { $0.isNumber } && suffix.count > 1)
            let variantOK = suffix.hasPrefix("-") && suffix.count > 1 && suffix.dropFirst().allSatisfy { $0.isLetter || $0.isNumber }
            guard pointOK || variantOK, version >= family.firstVersion else { continue }
            return FamilyMembership(familyID: family.id, version: version, suffix: suffix)
        }
        return nil
    }
}
