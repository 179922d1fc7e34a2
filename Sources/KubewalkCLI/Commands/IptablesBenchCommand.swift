import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import ClusterModel
import KubeProxy
import NetCore
import Netfilter

/// `kubewalk bench-iptables` (hidden): timings of rule generation, parsing and tracing on a
/// synthetic cluster, for the README's numbers. Build with `-c release` before measuring.
struct IptablesBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-iptables",
        abstract: "Generate one node's kube-proxy rules, parse their iptables-save text, and trace packets through them.",
        discussion: """
        Examples:
          swift build -c release --product kubewalk
          .build/release/kubewalk bench-iptables --services 10000 --endpoints 5
        """,
        shouldDisplay: false)

    @Option(help: "Number of Services (the first 2,000 are NodePort, the rest ClusterIP).") var services = 10_000
    @Option(help: "Ready endpoints per Service.") var endpoints = 5
    @Option(help: "Nodes the endpoints spread over.") var nodes = 50
    @Option(help: "Traces to average over.") var traces = 2_000
    @Option(help: "Runs of each step; the fastest is reported (the machine may be shared).") var runs = 3

    /// The fastest of `runs` runs of `body` (wall clock), and the CPU time (all threads) of that run.
    func best(_ body: () -> Void) -> (Duration, Double) {
        let clock = ContinuousClock()
        var fastest: Duration? = nil
        var cpuOfFastest = 0.0
        for _ in 0..<max(1, runs) {
            let cpu0 = threadCPUSeconds()
            let d = clock.measure(body)
            let cpu = threadCPUSeconds() - cpu0
            if fastest.map({ d < $0 }) ?? true { fastest = d; cpuOfFastest = cpu }
        }
        return (fastest ?? .zero, cpuOfFastest)
    }

    func threadCPUSeconds() -> Double {
        #if canImport(Glibc)
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
        #else
        return 0
        #endif
    }

    func cpu(_ seconds: Double) -> String { String(format: " (CPU %.1f ms)", seconds * 1000) }

    func run() throws {
        let cluster = BenchCluster.make(services: services, endpoints: endpoints, nodes: nodes)
        var rules: NodeRules? = nil
        // Results of earlier runs are kept alive so freeing them is not timed with the next run.
        var keep: [NodeRules] = []
        let (gen, genCPUs) = best {
            if let r = rules { keep.append(r) }
            rules = try? KubeProxy.rules(for: cluster, node: "node-000")
        }
        let genCPU = cpu(genCPUs)
        guard let rules else { throw ExitCode(1) }
        var payloadText = ""
        let (payloadOnly, payloadOnlyCPUs) = best {
            let ports = ServicePortTable.build(cluster)
            payloadText = IptablesProxier(config: ProxyConfig(cluster.network.kubeProxy), nodeName: "node-000", nodeIP: nil).restorePayload(ports)
        }
        let payloadCPU = cpu(payloadOnlyCPUs)
        var saved = ""
        let (render, renderCPUs) = best { saved = rules.iptablesSave() }
        let renderCPU = cpu(renderCPUs)
        var parsed: RulesetParseResult? = nil
        var keepParsed: [RulesetParseResult] = []
        let (parse, parseCPUs) = best {
            if let p = parsed { keepParsed.append(p) }
            parsed = IptablesSaveParser.parse(saved)
        }
        let parseCPU = cpu(parseCPUs)
        guard let ruleset = parsed?.ruleset, parsed?.errors.isEmpty == true else {
            printError("error: the generated rules did not parse back: \(parsed?.errors.first?.description ?? "?")")
            throw ExitCode(1)
        }
        let tracer = Tracer(ruleset: ruleset, host: rules.host)
        // The last Service's ClusterIP: KUBE-SERVICES has ~10,000 rules before its rule.
        let last = cluster.services.last?.clusterIP ?? .v4(IPv4Address(10, 96, 0, 1))
        let packet = Packet(source: .v4(IPv4Address(10, 244, 0, 9)), destination: last, destinationPort: 80)
        var result: TraceResult? = nil
        let (traceTotal, traceTotalCPUs) = best { for _ in 0..<traces { result = tracer.trace(packet) } }
        let nodePort = Packet(source: .v4(IPv4Address(192, 168, 0, 1)), destination: rules.nodeIP ?? last, destinationPort: 30000 + min(services, BenchCluster.nodePortServices) - 1)
        var npResult: TraceResult? = nil
        let (npTotal, npTotalCPUs) = best { for _ in 0..<traces { npResult = tracer.trace(nodePort) } }

        print("best of \(runs) runs per step (kept: \(keep.count + keepParsed.count))")
        print("synthetic cluster: \(services) services x \(endpoints) endpoints over \(nodes) nodes, node node-000")
        print("rules: \(ruleset.ruleCount) (\(saved.utf8.count / 1024) KiB of iptables-save text, payload \(payloadText.utf8.count / 1024) KiB)")
        print("generate rules for one node (model -> payload -> node ruleset): \(ms(gen))\(genCPU)")
        print("  of which kube-proxy payload text alone: \(ms(payloadOnly))\(payloadCPU)")
        print("render iptables-save text: \(ms(render))\(renderCPU)")
        print("parse iptables-save text: \(ms(parse))\(parseCPU)")
        print("trace ClusterIP of the last service: \(us(traceTotal / traces)) per trace, CPU \(String(format: "%.1f", traceTotalCPUs * 1e6 / Double(traces))) µs (\(result?.outcomes.count ?? 0) outcomes, kernel evaluates \(result?.rulesEvaluated ?? 0) rules)")
        print("trace NodePort of the last service: \(us(npTotal / traces)) per trace, CPU \(String(format: "%.1f", npTotalCPUs * 1e6 / Double(traces))) µs (\(npResult?.outcomes.count ?? 0) outcomes, kernel evaluates \(npResult?.rulesEvaluated ?? 0) rules)")
    }

    func ms(_ d: Duration) -> String { String(format: "%.1f ms", Double(d.components.attoseconds) / 1e15 + Double(d.components.seconds) * 1000) }
    func us(_ d: Duration) -> String { String(format: "%.1f µs", Double(d.components.attoseconds) / 1e12 + Double(d.components.seconds) * 1e6) }
}

/// A cluster of `services` NodePort Services with `endpoints` ready pods each, spread over nodes.
enum BenchCluster {
    static let nodePortServices = 2_000

    static func make(services: Int, endpoints: Int, nodes: Int) -> Cluster {
        var c = Cluster(network: ClusterNetwork(name: "bench"))
        for n in 0..<nodes {
            c.nodes.append(ClusterNode(meta: ObjectMeta(name: "node-" + threeDigits(n)),
                                       podCIDRs: [IPPrefix(address: .v4(IPv4Address(10, 244, UInt8(n % 256), 0)), length: 24)],
                                       addresses: [.init(type: "InternalIP", address: "192.168.\(n / 250).\(n % 250 + 10)")]))
        }
        var podIndex = 0
        for s in 0..<services {
            let name = "svc-\(s)"
            let vip = IPAddress.v4(IPv4Address(0x0A60_0000 + UInt32(s + 1)))  // 10.96.x.y
            // The NodePort range holds 2,768 ports: the first 2,000 Services are NodePort, the rest ClusterIP.
            let np = s < nodePortServices ? 30000 + s : nil
            c.services.append(Service(meta: ObjectMeta(name: name, namespace: "bench"), type: np == nil ? .ClusterIP : .NodePort, clusterIPs: [vip],
                                      ports: [ServicePort(port: 80, targetPort: .number(8080), nodePort: np)],
                                      selector: ["app": name]))
            var eps: [EndpointSlice.Endpoint] = []
            for _ in 0..<endpoints {
                let node = podIndex % nodes
                let ip = IPAddress.v4(IPv4Address(0x0AF4_0000 + UInt32(node) << 8 + UInt32(2 + (podIndex / nodes) % 250)))
                eps.append(.init(addresses: [ip], nodeName: "node-" + threeDigits(node)))
                podIndex += 1
            }
            c.endpointSlices.append(EndpointSlice(meta: ObjectMeta(name: name + "-abcde", namespace: "bench", labels: ["kubernetes.io/service-name": name]),
                                                  endpoints: eps, ports: [.init(port: 8080)]))
        }
        c.reindex()
        return c
    }

    static func threeDigits(_ n: Int) -> String { n < 10 ? "00\(n)" : n < 100 ? "0\(n)" : "\(n)" }
}
