import TierEngine

/// How every view names the catalog it shows: the directory's last component (so that output does not depend on
/// where the repository was cloned) and the first 12 digits of the content digest that `guest-tiers --version`
/// prints in full. Catalogs built in memory have no digest and are named only.
public enum CatalogLabel {
    public static func name(_ catalog: Catalog) -> String {
        catalog.origin.split(separator: "/").last.map(String.init) ?? catalog.origin
    }

    public static func shortDigest(_ catalog: Catalog) -> String? {
        catalog.digest.map { "sha256:" + $0.prefix(12) }
    }

    /// "Catalog sha256:2ef290627e0a"
    public static func text(_ catalog: Catalog) -> String {
        name(catalog) + (shortDigest(catalog).map { " " + $0 } ?? "")
    }

    /// A report's heading line, only when the catalog has a digest (a catalog read from disk by the command line).
    public static func headingLine(_ catalog: Catalog) -> String? {
        catalog.digest == nil ? nil : "catalog: " + text(catalog)
    }

    /// {"name": "Catalog", "sha256": "<64 hex digits>" | null}
    static func json(_ catalog: Catalog) -> JSON {
        .object([("name", .string(name(catalog))), ("sha256", catalog.digest.map(JSON.string) ?? .null)])
    }

    /// With `--qemu`: the binary every cell was evaluated as (reports name it as the status line does).
    public static func qemuLine(_ evaluator: Evaluator) -> String? {
        evaluator.offered.map { "qemu: \($0.shownAs) (as this binary: the types it offers, deprecated only where it marks them)" }
    }
}
