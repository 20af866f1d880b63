// swift-tools-version:6.0
// libFuzzer targets for guest-tiers' parsers (issue 14). Built only by Tests/Fuzz/run, with
// -sanitize=fuzzer,address (each main.swift starts libFuzzer's driver); never by the main package's
// `swift build` or `swift test`. Each target's LLVMFuzzerTestOneInput must never crash, hang or leak whatever
// bytes it is given.
import PackageDescription

let core = Target.Dependency.product(name: "GuestTiersCore", package: "GuestTiers")
// libFuzzer's driver started from a target's own main, written once.
let driver = Target.Dependency.target(name: "FuzzDriver")

let package = Package(
    name: "GuestTiersFuzz",
    dependencies: [.package(name: "GuestTiers", path: "../..")],
    targets: [
        .target(name: "FuzzDriver"),
        // A catalog file (which one: the first byte) replaced by the input; lint, then load and evaluate.
        .executableTarget(name: "FuzzCatalog", dependencies: [core, driver]),
        // One osinfo-db XML file: parse, build the database, resolve inheritance, merge into a small catalog.
        .executableTarget(name: "FuzzOsinfo", dependencies: [core, driver]),
        // `qemu-system-* -machine help` output and `--version` lines.
        .executableTarget(name: "FuzzMachineHelp", dependencies: [core, driver]),
        // `render --view screen --keys` scripts, replayed in the explorer.
        .executableTarget(name: "FuzzKeys", dependencies: [core, driver]),
        // YYYY-MM-DD dates and X.Y QEMU versions, and date arithmetic at the range's ends.
        .executableTarget(name: "FuzzDates", dependencies: [core, driver]),
    ]
)
