// swift-tools-version: 6.1
import PackageDescription

let swift6: [SwiftSetting] = [.swiftLanguageMode(.v6)]
/// The modules every ingested document goes through (decoding, the store, the collector). In
/// release builds they skip the run-time exclusivity checks, which were 2 % of the collector's
/// time (README, "Collector ingest"); debug builds, which the tests run, keep them.
let hotPath: [SwiftSetting] =
    swift6 + [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "xray-tui",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "xray-tui", targets: ["xray-tui"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.10.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
        .package(url: "https://github.com/apple/swift-nio-http2", from: "1.30.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.20.0"),
    ],
    targets: [
        // The only C surface: ncursesw with wide-character support (used by CursesTerminal).
        .systemLibrary(
            name: "CNCursesW",
            path: "Sources/CNCursesW",
            providers: [.apt(["libncurses-dev"])]
        ),
        // zstd, for the store's documents (compressed one by one against a trained dictionary).
        .systemLibrary(name: "CZstd", path: "Sources/CZstd", providers: [.apt(["libzstd-dev"])]),
        // zlib, for gzip-compressed OTLP requests.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        // jemalloc, the programs' allocator in place of glibc's malloc: the collector allocates on
        // one thread and frees on another at tens of thousands of documents a second, which
        // glibc's arenas handle slowly (README, "Collector ingest").
        .systemLibrary(name: "CJemalloc", path: "Sources/CJemalloc", providers: [.apt(["libjemalloc-dev"])]),
        // Finding the end of a JSON string with SSE2 (header only; see Sources/CByteScan).
        .systemLibrary(name: "CByteScan", path: "Sources/CByteScan"),
        .target(name: "XRayModel", dependencies: ["CByteScan"], swiftSettings: hotPath),
        .target(
            name: "MemoryAllocator", dependencies: [.target(name: "CJemalloc", condition: .when(platforms: [.linux]))],
            swiftSettings: swift6),
        // OpenTelemetry in: OTLP trace requests (protobuf and JSON) decoded and converted to
        // segment documents as AWS's exporter converts them.
        .target(name: "OTLP", dependencies: ["XRayModel", "CZlib"], swiftSettings: swift6),
        .target(name: "XRayFilter", dependencies: ["XRayModel"], swiftSettings: swift6),
        .target(
            name: "TraceStore",
            dependencies: [
                "XRayModel", "XRayFilter", "CZstd", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: hotPath),
        // A TraceSource over the X-Ray API (another collector, or AWS: SigV4, the credential chain).
        .target(
            name: "AWSXRay", dependencies: ["XRayModel", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swift6),
        // The X-Ray daemon's UDP listener and the X-Ray API over HTTP, in front of a TraceStore.
        .target(
            name: "Collector",
            dependencies: [
                "XRayModel", "XRayFilter", "TraceStore", "OTLP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: hotPath),
        .target(name: "SampleData", dependencies: ["XRayModel"], swiftSettings: swift6),
        .target(name: "TerminalKit", swiftSettings: swift6),
        .target(name: "CursesTerminal", dependencies: ["CNCursesW", "TerminalKit"], swiftSettings: swift6),
        .target(
            name: "Explorer", dependencies: ["XRayModel", "XRayFilter", "TerminalKit"], swiftSettings: swift6),
        .executableTarget(
            name: "xray-tui",
            dependencies: [
                "XRayModel", "XRayFilter", "TraceStore", "SampleData", "TerminalKit", "CursesTerminal", "Explorer",
                "Collector", "AWSXRay", "OTLP", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                "MemoryAllocator",
            ],
            swiftSettings: swift6
        ),
        // The parsers that read untrusted input, as functions of bytes for libFuzzer (`fuzz/run`)
        // and for the tests that replay the committed seeds and crashes.
        .target(
            name: "FuzzTargets",
            dependencies: [
                "XRayModel", "XRayFilter", "OTLP", "AWSXRay", "TerminalKit", "CursesTerminal", "CNCursesW", "Explorer",
            ],
            swiftSettings: swift6),
        .executableTarget(name: "xray-fuzz", dependencies: ["FuzzTargets"], swiftSettings: swift6),
        // Test helpers shared by the interop tests (child processes, the Python venv).
        .target(name: "InteropSupport", path: "Tests/InteropSupport", swiftSettings: swift6),
        // `swift run -c release xray-bench`: filter-language and service-map benchmarks (see README).
        .executableTarget(
            name: "xray-bench",
            dependencies: [
                "XRayModel", "XRayFilter", "SampleData", "Explorer", "TerminalKit", "Collector", "TraceStore",
                "MemoryAllocator",
            ],
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
        .testTarget(
            name: "XRayFilterTests", dependencies: ["XRayFilter", "XRayModel", "TraceStore"], swiftSettings: swift6),
        .testTarget(
            name: "TraceStoreTests", dependencies: ["TraceStore", "XRayFilter", "SampleData"], exclude: ["Fixtures"],
            swiftSettings: swift6),
        .testTarget(
            name: "CollectorTests",
            dependencies: ["Collector", "TraceStore", "XRayModel", "SampleData", "AWSXRay", "OTLP", "InteropSupport"],
            swiftSettings: swift6),
        .testTarget(
            name: "AWSXRayTests", dependencies: ["AWSXRay", "XRayModel", "InteropSupport"], swiftSettings: swift6),
        .testTarget(name: "OTLPTests", dependencies: ["OTLP", "XRayModel"], swiftSettings: swift6),
        .testTarget(name: "FuzzTargetsTests", dependencies: ["FuzzTargets"], swiftSettings: swift6),
        .testTarget(name: "SampleDataTests", dependencies: ["SampleData", "XRayModel"], swiftSettings: swift6),
        .testTarget(
            name: "XRayTUITests",
            dependencies: [
                "xray-tui", "TerminalKit", "CNCursesW", "InteropSupport", "Explorer", "TraceStore", "XRayModel",
                "Collector", "MemoryAllocator", "CJemalloc",
            ],
            // Scripts the tests run with Python, not sources of the target.
            exclude: ["Fixtures"],
            swiftSettings: swift6
        ),
    ]
)
