// swift-tools-version: 6.1
import PackageDescription

let swift6: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "xray-tui",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "xray-tui", targets: ["xray-tui"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // The only C surface: ncursesw with wide-character support (used by CursesTerminal).
        .systemLibrary(
            name: "CNCursesW",
            path: "Sources/CNCursesW",
            providers: [.apt(["libncurses-dev"])]
        ),
        .target(name: "XRayModel", swiftSettings: swift6),
        .target(name: "XRayFilter", dependencies: ["XRayModel"], swiftSettings: swift6),
        .target(name: "TraceStore", dependencies: ["XRayModel", "XRayFilter"], swiftSettings: swift6),
        .target(name: "SampleData", dependencies: ["XRayModel"], swiftSettings: swift6),
        .target(name: "TerminalKit", swiftSettings: swift6),
        .target(name: "CursesTerminal", dependencies: ["CNCursesW", "TerminalKit"], swiftSettings: swift6),
        .target(
            name: "Explorer", dependencies: ["XRayModel", "XRayFilter", "TerminalKit"], swiftSettings: swift6),
        .executableTarget(
            name: "xray-tui",
            dependencies: [
                "XRayModel", "XRayFilter", "TraceStore", "SampleData", "TerminalKit", "CursesTerminal", "Explorer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swift6
        ),
        // Test helpers shared by the interop tests (child processes, the Python venv).
        .target(name: "InteropSupport", path: "Tests/InteropSupport", swiftSettings: swift6),
        // `swift run -c release xray-bench`: filter-language and service-map benchmarks (see README).
        .executableTarget(
            name: "xray-bench", dependencies: ["XRayModel", "XRayFilter", "SampleData", "Explorer", "TerminalKit"],
            swiftSettings: swift6),
        .testTarget(
            name: "XRayModelTests", dependencies: ["XRayModel", "InteropSupport", "SampleData"],
            exclude: ["Fixtures/emit_segments.py"],
            swiftSettings: swift6),
        .testTarget(name: "TerminalKitTests", dependencies: ["TerminalKit"], swiftSettings: swift6),
        .testTarget(
            name: "ExplorerTests",
            dependencies: ["Explorer", "TerminalKit", "XRayModel", "SampleData", "TraceStore", "XRayFilter"],
            exclude: ["Snapshots"],
            swiftSettings: swift6),
        .testTarget(name: "XRayFilterTests", dependencies: ["XRayFilter", "XRayModel"], swiftSettings: swift6),
        .testTarget(
            name: "TraceStoreTests", dependencies: ["TraceStore", "XRayFilter", "SampleData"], swiftSettings: swift6),
        .testTarget(name: "SampleDataTests", dependencies: ["SampleData", "XRayModel"], swiftSettings: swift6),
        .testTarget(
            name: "XRayTUITests",
            dependencies: [
                "xray-tui", "TerminalKit", "CNCursesW", "InteropSupport", "Explorer", "TraceStore", "XRayModel",
            ],
            exclude: ["Fixtures/stub_xray_api.py"],
            swiftSettings: swift6
        ),
    ]
)
