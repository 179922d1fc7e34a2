import ArgumentParser
import ClusterModel
import KubeProxy
import NetCore
import Netfilter

/// `kubewalk bench iptables`: timings of rule generation, parsing and tracing on a synthetic
/// cluster (hidden; for the README's numbers). Build with `-c release` before measuring.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure kubewalk's engines on a synthetic cluster (use a release build).",
        discussion: """
        Examples:
          swift build -c release --product kubewalk
          .build/release/kubewalk bench iptables --services 10000 --endpoints 5
        """,
        shouldDisplay: false,
        subcommands: [IptablesBench.self])
}

struct IptablesBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iptables",
        abstract: "Generate one node's kube-proxy rules, parse their iptables-save text, and trace packets through them.")

    @Option(help: "Number of Services (the first 2,000 are NodePort, the rest ClusterIP).") var services = 10_000
    @Option(help: "Ready endpoints per Service.") var endpoints = 5
    @Option(help: "Nodes the endpoints spread over.") var nodes = 50
    @Option(help: "Traces to average over.") var traces = 2_000

    func run() throws {
        let cluster = BenchCluster.make(services: services, endpoints: endpoints, nodes: nodes)
        let clock = ContinuousClock()
        var rules: NodeRules? = nil
        let gen = clock.measure { rules = try? KubeProxy.rules(for: cluster, node: "node-000") }
        guard let rules else { throw ExitCode(1) }
        var payloadText = ""
        let payloadOnly = clock.measure {
            let ports = ServicePortTable.build(cluster)
            payloadText = IptablesProxier(config: ProxyConfig(cluster.network.kubeProxy), nodeName: "node-000", nodeIP: nil).restorePayload(ports)
        }
        var saved = ""
        let render = clock.measure { saved = rules.iptablesSave() }
        var parsed: RulesetParseResult? = nil
        let parse = clock.measure { parsed = IptablesSaveParser.parse(saved) }
        guard let ruleset = parsed?.ruleset, parsed?.errors.isEmpty == true else {
            printError("error: the generated rules did not parse back: \(parsed?.errors.first?.description ?? "?")")
            throw ExitCode(1)
        }
        let tracer = Tracer(ruleset: ruleset, host: rules.host)
        // The last Service's ClusterIP: KUBE-SERVICES has ~10,000 rules before its rule.
        let last = cluster.services.last?.clusterIP ?? .v4(IPv4Address(10, 96, 0, 1))
        let packet = Packet(source: .v4(IPv4Address(10, 244, 0, 9)), destination: last, destinationPort: 80)
        var result: TraceResult? = nil
        let traceTotal = clock.measure { for _ in 0..<traces { result = tracer.trace(packet) } }
        let nodePort = Packet(source: .v4(IPv4Address(192, 168, 0, 1)), destination: rules.nodeIP ?? last, destinationPort: 30000 + min(services, BenchCluster.nodePortServices) - 1)
        var npResult: TraceResult? = nil
        let npTotal = clock.measure { for _ in 0..<traces { npResult = tracer.trace(nodePort) } }

        print("synthetic cluster: \(services) services x \(endpoints) endpoints over \(nodes) nodes, node node-000")
        print("rules: \(ruleset.ruleCount) (\(saved.utf8.count / 1024) KiB of iptables-save text, payload \(payloadText.utf8.count / 1024) KiB)")
        print("generate rules for one node (model -> payload -> node ruleset): \(ms(gen))")
        print("  of which kube-proxy payload text alone: \(ms(payloadOnly))")
        print("render iptables-save text: \(ms(render))")
        print("parse iptables-save text: \(ms(parse))")
        print("trace ClusterIP of the last service: \(us(traceTotal / traces)) per trace (\(result?.outcomes.count ?? 0) outcomes, kernel evaluates \(result?.rulesEvaluated ?? 0) rules)")
        print("trace NodePort of the last service: \(us(npTotal / traces)) per trace (\(npResult?.outcomes.count ?? 0) outcomes, kernel evaluates \(npResult?.rulesEvaluated ?? 0) rules)")
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
