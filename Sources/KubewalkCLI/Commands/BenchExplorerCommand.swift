import ArgumentParser
import ClusterModel
import DemoClusters
import Explorer
import Foundation
import KubeProxy
import PacketPath
import TerminalUI

/// `kubewalk bench-explorer`: how fast the explorer draws, measured in-process on a real
/// ncurses screen whose output goes to a file (so the bytes a terminal would receive are
/// counted exactly).
struct BenchExplorerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-explorer",
        abstract: "Benchmark the explorer: first frame, CPU and bytes per animation frame, keypress latency on a large cluster.",
        discussion: """
        Run it from the release build: swift build -c release --product kubewalk && .build/release/kubewalk bench-explorer

        1. First frame: load + reconcile the cluster, build the map, render, blit and flush one frame.
        2. Animation: N frames at 30 fps timing (render + werase + blit + doupdate), CPU per frame and the
           share of one core at 30 fps, and bytes written per frame (ncurses' own diff).
        3. Keypress on a large cluster: update + render + blit for ↓ presses on a synthetic
           cluster of --nodes nodes (or --large-cluster PATH, e.g. from `kubewalk generate`).
        4. With --large-cluster: the Detail of a Service (kube-proxy's rules on one node, once, then lookups).
        While the trace engine is not wired, the animation follows synthetic hops between real
        map elements (pod, node, node, pod); the output says which.
        """)

    @OptionGroup var cluster: ClusterOptions

    @Option(help: "Terminal size for the animation benchmark.") var size: String = "120x40"
    @Option(help: "Animation frames to measure.") var frames: Int = 300
    @Option(help: "Nodes in the synthetic large cluster.") var nodes: Int = 1000
    @Option(help: "Pods per node in the synthetic large cluster.") var podsPerNode: Int = 30
    @Option(help: "A large cluster to load instead of the synthetic one.") var largeCluster: String?

    /// Usage errors print a message and exit 2 (the house convention).
    func usage(_ message: String) -> ExitCode {
        printError("error: \(message)")
        printError("usage: kubewalk bench-explorer [--cluster C] [--size WxH] [--frames N] [--nodes N] [--pods-per-node N] [--large-cluster PATH]")
        return ExitCode(2)
    }

    func validate() throws {
        guard Size(parsing: size) != nil else { throw usage("--size must look like 120x40") }
        guard frames >= 1, frames <= 100_000 else { throw usage("--frames must be between 1 and 100000") }
        guard nodes >= 1, nodes <= 20_000, podsPerNode >= 0, podsPerNode <= 250 else {
            throw usage("--nodes must be 1-20000 and --pods-per-node 0-250")
        }
    }

    func run() throws {
        setenv("TERM", "xterm-256color", 1)
        _ = TerminalLocale.setUp(environment: ["LANG": "C.UTF-8"])
        let frameSize = Size(parsing: size) ?? Size(width: 120, height: 40)
        let outPath = NSTemporaryDirectory() + "kubewalk-bench-\(getpid()).out"
        defer { unlink(outPath) }
        guard let out = fopen(outPath, "w"), let inp = fopen("/dev/null", "r") else { throw usage("cannot open \(outPath)") }
        setenv("LINES", "\(frameSize.height)", 1)
        setenv("COLUMNS", "\(frameSize.width)", 1)

        // 1. First frame.
        let t0 = Self.wall()
        let loaded = try cluster.load()
        var state = ExplorerSetup.state(cluster: loaded, ref: cluster.cluster, options: try ExplorerOptions.parse([]), environment: [:], utf8: true, now: 0)
        let screen = try CursesScreen(term: "xterm-256color", output: out, input: inp, environment: [:])
        defer { screen.close() }
        state = update(state, .resize(frameSize), time: 0)
        screen.present(render(state, size: frameSize, time: 0), theme: state.theme)
        fflush(out)
        let firstFrame = Self.wall() - t0
        let firstBytes = Self.fileSize(outPath)
        print("cluster \(loaded.name): \(loaded.nodes.count) nodes, \(loaded.pods.count) pods, \(loaded.services.count) services")
        print(String(format: "first frame (load + reconcile + layout + render + blit + flush), %@: %.1f ms, %d bytes", size, firstFrame * 1000, firstBytes))

        // 2. Animation.
        let (trace, synthetic) = animationTrace(state)
        state.trace = trace
        state.playback.restart(at: 0)
        var cpu = 0.0
        var lastBytes = Self.fileSize(outPath)
        var bytes: [Int] = []
        let frameTime = 1.0 / 30
        for i in 0..<frames {
            let t = Double(i) * frameTime
            let c0 = Self.cpu()
            screen.present(render(state, size: frameSize, time: t), theme: state.theme)
            fflush(out)
            cpu += Self.cpu() - c0
            let b = Self.fileSize(outPath)
            bytes.append(b - lastBytes)
            lastBytes = b
        }
        let perFrame = cpu / Double(frames)
        let sorted = bytes.sorted()
        guard !sorted.isEmpty else { return }
        print("animation, \(frames) frames at 30 fps timing (\(synthetic ? "synthetic hops between real map elements: the trace engine is not wired" : "the lesson's first trace, \(trace.hops.count) hops, from the engine")):")
        print(String(format: "  CPU %.3f ms per frame = %.2f%% of one core at 30 fps", perFrame * 1000, perFrame * 30 * 100))
        print(String(format: "  bytes per frame: mean %.0f, median %d, max %d (full first frame %d)",
                     Double(bytes.reduce(0, +)) / Double(max(1, frames)), sorted[sorted.count / 2], sorted.last ?? 0, firstBytes))

        // 3. Keypress latency on a large cluster.
        let bigView: ClusterView
        let bigName: String
        var bigModel: Cluster?
        if let path = largeCluster {
            let big = try ClusterSource.load(path)
            bigModel = big
            bigView = ClusterView(cluster: big)
            bigName = "\(path): \(big.nodes.count) nodes, \(big.pods.count) pods, \(big.services.count) services"
        } else {
            bigView = Self.synthetic(nodes: nodes, podsPerNode: podsPerNode)
            bigName = "synthetic: \(nodes) nodes, \(nodes * podsPerNode) pods, \(bigView.services.count) services"
        }
        var big = AppState(cluster: LoadedCluster(ref: "large", view: bigView))
        let c0 = Self.wall()
        big = update(big, .resize(frameSize), time: 0)
        screen.present(render(big, size: frameSize, time: 0), theme: big.theme)
        let cold = Self.wall() - c0
        var worst = 0.0, total = 0.0
        let presses = 50
        for _ in 0..<presses {
            let k0 = Self.wall()
            big = update(big, .key(.down), time: 0)
            screen.present(render(big, size: frameSize, time: 0), theme: big.theme)
            let dt = Self.wall() - k0
            worst = max(worst, dt)
            total += dt
        }
        let z0 = Self.wall()
        big = update(big, .key(.end), time: 0)
        screen.present(render(big, size: frameSize, time: 0), theme: big.theme)
        let endKey = Self.wall() - z0
        // Keys that change the layout itself: collapse toggle, and a filter keystroke.
        let r0 = Self.wall()
        big = update(big, .key(.char("g")), time: 0)
        screen.present(render(big, size: frameSize, time: 0), theme: big.theme)
        let regroup = Self.wall() - r0
        let f0 = Self.wall()
        big = update(big, .key(.char("/")), time: 0)
        big = update(big, .key(.char("7")), time: 0)
        screen.present(render(big, size: frameSize, time: 0), theme: big.theme)
        let filterKey = Self.wall() - f0
        print("keypress on \(bigName):")
        print(String(format: "  first frame (layout from scratch): %.1f ms", cold * 1000))
        print(String(format: "  ↓ (update + render + blit): mean %.1f ms, max %.1f ms; End: %.1f ms", total / Double(presses) * 1000, worst * 1000, endKey * 1000))
        print(String(format: "  g (regroup, new layout): %.1f ms; / then 7 (filter, new layout): %.1f ms", regroup * 1000, filterKey * 1000))
        if let bigModel { Self.serviceDetail(bigModel) }
    }

    /// 4. The Detail of a Service on a real large cluster: the first one builds kube-proxy's
    /// rules for one node and indexes them; the others are lookups.
    static func serviceDetail(_ model: Cluster) {
        guard let describe = ExplorerEngines.make().describe, model.services.count > 1 else { return }
        let loaded = ExplorerEngines.loaded(model, ref: "large")
        let ids = model.services.suffix(21).map { "svc:\($0.namespace)/\($0.name)" }
        let t0 = wall()
        let first = describe(loaded, ids[0])
        let cold = wall() - t0
        let t1 = wall()
        for id in ids.dropFirst() { _ = describe(loaded, id) }
        let warm = (wall() - t1) / Double(max(1, ids.count - 1))
        let lines = (try? first.get().count) ?? 0
        print("Detail of a Service (\(lines) lines; kube-proxy rules of the first worker):")
        print(String(format: "  first Service: %.1f ms (rules for one node + index); each other Service: %.2f ms", cold * 1000, warm * 1000))
        // Where the first one goes.
        guard let node = ServiceDescription.defaultNode(model) else { return }
        let r0 = wall()
        guard let rules = try? KubeProxy.rules(for: model, node: node) else { return }
        let r1 = wall()
        let save = rules.iptablesSave()
        let r2 = wall()
        let index = ServiceRuleIndex(save: save, nodeName: node)
        let r3 = wall()
        _ = index.lines(service: String(ids[0].dropFirst(4)))
        print(String(format: "  of which KubeProxy.rules %.1f ms, iptables-save text %.1f ms, index %.1f ms", (r1 - r0) * 1000, (r2 - r1) * 1000, (r3 - r2) * 1000))
    }

    /// The engine's trace of the lesson's first request when wired, else hops between real
    /// elements of the map (for timing only).
    func animationTrace(_ state: AppState) -> (TraceView, Bool) {
        // The first request of the cluster's lesson, through the real engine.
        if let engine = state.engines.trace, let text = state.engines.walkthrough?(state.cluster.view.name),
           let lesson = try? WalkthroughLoader.parse(text, file: "walkthrough.yaml"),
           let command = lesson.steps.compactMap(\.command).first(where: { $0.first == "trace" }),
           case let .success(trace) = engine(state.cluster, Array(command.dropFirst()), 1) {
            return (TraceView(trace), false)
        }
        let view = state.cluster.view
        let pods = view.pods.filter { !$0.hostNetwork }
        guard let first = pods.first, let last = pods.last else {
            return (TraceView(request: "none", hops: [], outcome: OutcomeView(status: "delivered")), true)
        }
        let h = HopHeaders(src: first.ip + ":40000", dst: "10.96.0.1:80", proto: "tcp")
        let d = HopHeaders(src: first.ip + ":40000", dst: last.ip + ":8080", proto: "tcp")
        let ids = ["pod:" + first.qualifiedName, "node:" + first.node, "node:" + first.node, "node:" + last.node, "pod:" + last.qualifiedName]
        let hops = ids.enumerated().map { i, id in
            HopView(kind: ["socket", "veth", "netfilter", "route", "deliver"][i], before: i < 2 ? h : (i == 2 ? h : d), after: i < 2 ? h : d,
                    decision: "benchmark hop \(i + 1)", explanation: "synthetic", elements: [id])
        }
        return (TraceView(request: "benchmark", hops: hops, outcome: OutcomeView(status: "delivered")), true)
    }

    static func synthetic(nodes: Int, podsPerNode: Int) -> ClusterView {
        let namespaces = ["default", "prod", "staging", "payments", "search"]
        var out: [NodeView] = []
        out.reserveCapacity(nodes)
        for i in 0..<nodes {
            let name = "node-\(i)"
            let pods = (0..<podsPerNode).map { j in
                PodView(namespace: namespaces[(i + j) % namespaces.count], name: "app\(j)-\(i)", ip: "10.\(i / 256).\(i % 256).\(j + 2)", ready: true, node: name, labels: ["app": "app\(j)"])
            }
            out.append(NodeView(name: name, role: i < 3 ? "control-plane" : "worker", internalIP: "172.16.\(i / 250).\(i % 250 + 1)",
                                podCIDR: "10.\(i / 256).\(i % 256).0/24", bridgeName: "cni0", bridgeGateway: "10.\(i / 256).\(i % 256).1", pods: pods))
        }
        let services = (0..<(nodes * 5)).map { k in
            ServiceView(namespace: namespaces[k % namespaces.count], name: "svc-\(k)", type: "ClusterIP", clusterIP: "10.96.\(k / 250).\(k % 250 + 1)", ports: ["80/TCP"])
        }
        return ClusterView(name: "synthetic-\(nodes)", nodes: out, services: services)
    }

    static func wall() -> Double { TerminalSession.now() }

    static func cpu() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func fileSize(_ path: String) -> Int {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : 0
    }
}
