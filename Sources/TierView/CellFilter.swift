import TierEngine

/// Which guests and machine types a report shows (`render` and `diff` with `--guest`, `--machine`,
/// `--family`, each repeatable). An empty set does not filter.
public struct CellFilter: Hashable, Sendable {
    /// Guest ids; a line's id also selects its point-release rows.
    public var guests: Set<String> = []
    /// Machine type names.
    public var machines: Set<String> = []
    /// Family ids (`i440fx`), aliases (`pc`) or type names without the version (`pc-i440fx`).
    public var families: Set<String> = []

    public init(guests: Set<String> = [], machines: Set<String> = [], families: Set<String> = []) {
        self.guests = guests
        self.machines = machines
        self.families = families
    }

    public var isEmpty: Bool { guests.isEmpty && machines.isEmpty && families.isEmpty }

    public func shows(_ guest: Guest) -> Bool {
        guests.isEmpty || guests.contains(guest.id) || guest.lineID.map(guests.contains) == true
    }

    public func shows(_ machine: MachineType, in catalog: Catalog) -> Bool {
        if !machines.isEmpty && !machines.contains(machine.name) { return false }
        guard !families.isEmpty else { return true }
        return CellFilter.names(of: machine.familyID, in: catalog).contains { families.contains($0) }
    }

    /// Every name a family goes by: id, alias, type name without the version.
    public static func names(of familyID: String, in catalog: Catalog) -> [String] {
        guard let family = catalog.family(familyID) else { return [familyID] }
        return [family.id, family.pattern.replacingVersion(with: "").trimmingTrailingDash()] + (family.alias.map { [$0] } ?? [])
    }
}
