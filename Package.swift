// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "GuestTiers",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "guest-tiers", targets: ["guest-tiers"]),
        // The parsers and the engine as one library, for the libFuzzer package in Tests/Fuzz (built on its own,
        // never by `swift build` or `swift test` here).
        .library(name: "GuestTiersCore", targets: ["TierEngine", "CatalogLoader", "OsinfoImport", "QemuImport", "TierView"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // The pure engine: dates, the catalog model, tier evaluation. No I/O formats, no terminal.
        .target(name: "TierEngine"),
        // Reads Catalog/ (YAML) into the engine's model, with file:line errors.
        .target(name: "CatalogLoader", dependencies: ["TierEngine", .product(name: "Yams", package: "Yams")]),
        // Reads osinfo-db (libosinfo's XML) and merges it into a catalog; compares the two (lint --osinfo).
        .target(name: "OsinfoImport", dependencies: ["TierEngine", "CLibXML2", "SafeProcess"]),
        // libxml2's push parser, called directly (Debian libxml2-dev).
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // Runs untrusted programs (a --qemu binary): own process group, parent-death signal, timeout, output bound.
        .target(name: "CSpawn"),
        .target(name: "SafeProcess", dependencies: ["CSpawn"]),
        // Reads distro-info-data (Debian's debian.csv, ubuntu.csv) and merges it; compares it (lint --distro-info).
        .target(name: "DistroInfoImport", dependencies: ["TierEngine", "OsinfoImport"]),
        // Reads the machine types a real QEMU binary offers (`-machine help`).
        .target(name: "QemuImport", dependencies: ["TierEngine", "SafeProcess"]),
        // `verify`: starts each machine type paused, reads its defaults over QMP, compares them with the catalog.
        .target(name: "QemuProbe", dependencies: ["TierEngine", "QemuImport", "SafeProcess"]),
        // State, update, the one view function, themes, key bindings, and the pure backends (text, ANSI, SVG…).
        .target(name: "TierView", dependencies: ["TierEngine"]),
        // ncurses, through a C shim: the only code that touches the terminal.
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses"),
        .target(name: "TerminalUI", dependencies: ["TierView", "CNcurses"]),
        .executableTarget(name: "guest-tiers", dependencies: [
            "TierEngine", "CatalogLoader", "TierView", "TerminalUI", "OsinfoImport", "QemuImport", "DistroInfoImport", "QemuProbe",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // What several test targets share (the seeded generator).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "TierEngineTests", dependencies: ["TierEngine", "CatalogLoader", "TestSupport"]),
        .testTarget(name: "CatalogLoaderTests", dependencies: ["CatalogLoader", "TierEngine", "TestSupport"], exclude: ["Fixtures"]),
        // osinfo-db fixtures and the real /usr/share/osinfo against libosinfo; --qemu against real and fake binaries.
        .testTarget(name: "OsinfoImportTests", dependencies: ["OsinfoImport", "QemuImport", "TierEngine", "CatalogLoader", "TierView", "guest-tiers", "TestSupport"],
                    exclude: ["Fixtures"]),
        // distro-info-data: fixture CSVs with each kind of difference, and the real /usr/share/distro-info.
        .testTarget(name: "DistroInfoImportTests", dependencies: ["DistroInfoImport", "OsinfoImport", "TierEngine", "CatalogLoader", "guest-tiers"],
                    exclude: ["Fixtures"]),
        // The update function for every binding, and the golden screens in Screens/.
        .testTarget(name: "ViewTests", dependencies: ["TierView", "TierEngine", "CatalogLoader", "TestSupport"]),
        // Seeded fuzzing of catalogs and proposals, hostile strings, every terminal size.
        .testTarget(name: "RobustnessTests", dependencies: ["TierView", "TierEngine", "CatalogLoader", "OsinfoImport", "TestSupport"]),
        // Runs the built binary: the commands' stable interfaces (explain JSON, render, lint, errors).
        .testTarget(name: "CommandTests", dependencies: ["guest-tiers", "TierView"]),
        .testTarget(name: "EndToEndTests", dependencies: ["guest-tiers"], exclude: ["bench-explorer.py"]),
        // The safe runner against fake binaries, and verify against the real QEMU binaries.
        .testTarget(name: "QemuProbeTests", dependencies: ["QemuProbe", "QemuImport", "SafeProcess", "TierEngine", "CatalogLoader"]),
    ]
)
