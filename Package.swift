// swift-tools-version:6.0
//
// kubewalk — an interactive terminal explorer of a Kubernetes cluster's network.
// The module layering is described in ARCHITECTURE.md: dependencies point down only.
import PackageDescription

let package = Package(
    name: "kubewalk",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kubewalk", targets: ["kubewalk"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // ncursesw, only for TerminalUI. Debian: libncursesw5-dev (libncurses-dev).
        .systemLibrary(
            name: "CNcursesw",
            path: "Sources/CNcursesw",
            providers: [.apt(["libncursesw5-dev"])]
        ),

        // Addresses, prefixes, ports, protocols.
        .target(name: "NetCore"),

        // Typed API objects, loading with diagnostics, the reconciler, embedded demo clusters.
        .target(name: "ClusterModel", dependencies: ["NetCore", .product(name: "Yams", package: "Yams")]),
        .target(name: "DemoClusters", dependencies: []),

        // Engines: pure functions of a reconciled Cluster.
        .target(name: "Netfilter", dependencies: ["NetCore"]),
        .target(name: "KubeProxy", dependencies: ["ClusterModel", "Netfilter"]),
        .target(name: "ClusterDNS", dependencies: ["ClusterModel"]),
        .target(name: "L7Routing", dependencies: ["ClusterModel"]),
        .target(name: "PodNetwork", dependencies: ["ClusterModel"]),

        // A request's whole path, composed from the engines.
        .target(name: "PacketPath", dependencies: ["ClusterModel", "Netfilter", "KubeProxy", "ClusterDNS", "L7Routing", "PodNetwork"]),

        // The UI as pure code, and the thin ncurses layer under it.
        .target(name: "Explorer", dependencies: ["PacketPath", "ClusterModel", "DemoClusters", .product(name: "Yams", package: "Yams")]),
        .target(name: "TerminalUI", dependencies: ["Explorer", "CNcursesw"]),

        // The commands (a library, so tests can run them in-process) and the thin executable.
        .target(name: "KubewalkCLI", dependencies: [
            "ClusterModel", "DemoClusters", "Netfilter", "KubeProxy", "ClusterDNS", "L7Routing",
            "PodNetwork", "PacketPath", "Explorer", "TerminalUI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "kubewalk", dependencies: ["KubewalkCLI"]),

        // Shared checkers for tests (fixtures, golden files, netns helpers).
        .target(name: "TestSupport", dependencies: ["ClusterModel", "DemoClusters"], path: "Tests/TestSupport"),

        .testTarget(name: "NetCoreTests", dependencies: ["NetCore"]),
        .testTarget(name: "ClusterModelTests", dependencies: ["ClusterModel", "DemoClusters", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "NetfilterTests", dependencies: ["Netfilter", "TestSupport"]),
        .testTarget(name: "KubeProxyTests", dependencies: ["KubeProxy", "Netfilter", "ClusterModel", "TestSupport"]),
        .testTarget(name: "ClusterDNSTests", dependencies: ["ClusterDNS", "ClusterModel", "TestSupport"]),
        .testTarget(name: "L7RoutingTests", dependencies: ["L7Routing", "ClusterModel", "DemoClusters", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "PodNetworkTests", dependencies: ["PodNetwork", "ClusterModel", "TestSupport"]),
        .testTarget(name: "PacketPathTests", dependencies: ["PacketPath", "ClusterModel", "KubeProxy", "PodNetwork", "DemoClusters", "TestSupport"]),
        .testTarget(name: "ExplorerTests", dependencies: ["Explorer", "TestSupport"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "CNcursesw"]),
        .testTarget(name: "KubewalkCLITests", dependencies: ["KubewalkCLI", "TestSupport"], exclude: ["Snapshots"]),
    ]
)
