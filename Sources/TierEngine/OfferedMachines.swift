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

    public func offers(_ name: String) -> Bool { nameSet.contains(name) || aliases[name] != nil }

    /// The family that machine types the catalog does not know are listed under.
    public static let otherFamilyID = "other"
}
