/// Which phase of a vendor's lifecycle the catalog's `vendor_support_end` is for that vendor's lines, and which
/// extended phases they may list (Catalog/vendors.yaml). Data, so that each line can be held to it.
public struct VendorLifecycle: Hashable, Sendable {
    /// The `vendor:` of the guest lines this applies to.
    public var vendor: String
    /// What `vendor_support_end` is for this vendor, in the vendor's words ("end of Maintenance Support").
    public var supportEnd: String
    /// The extended phases (paid or free) its lines may list in `extended`.
    public var extendedPhases: [String]
    /// Where a second source publishes the same phase as data: a distro-info-data CSV and its column.
    public var distroInfo: (file: String, column: String)?
    public var provenance: Provenance

    public init(vendor: String, supportEnd: String, extendedPhases: [String], distroInfo: (file: String, column: String)? = nil,
                provenance: Provenance) {
        self.vendor = vendor
        self.supportEnd = supportEnd
        self.extendedPhases = extendedPhases
        self.distroInfo = distroInfo
        self.provenance = provenance
    }

    public static func == (a: VendorLifecycle, b: VendorLifecycle) -> Bool {
        a.vendor == b.vendor && a.supportEnd == b.supportEnd && a.extendedPhases == b.extendedPhases
            && a.distroInfo?.file == b.distroInfo?.file && a.distroInfo?.column == b.distroInfo?.column && a.provenance == b.provenance
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(vendor)
        hasher.combine(supportEnd)
        hasher.combine(extendedPhases)
    }
}

extension Catalog {
    /// The lifecycle entry for a vendor, if the catalog has one.
    public func vendorLifecycle(_ vendor: String) -> VendorLifecycle? { vendors.first { $0.vendor == vendor } }
}
