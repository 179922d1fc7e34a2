import ClusterModel
import KubeProxy
import NetCore
import Netfilter

/// Step 4 of a trace from the real engines (issue 3): the rules kube-proxy programs on the
/// node (`KubeProxy.rules(for:node:)`), walked by the netfilter evaluator, turned into
/// PacketPath's `NetfilterResult`.
///
/// Not wired yet: to use it, build `KubeProxy.rulesForAllNodes(of: cluster)` once in
/// `TraceEngines.standard(for:)` and set
/// `engines.walkNetfilter = { c, q in NetfilterAdapter.walk(nodes[q.node], c, q) }`
/// (the fallback answers for a node without rules). `NetfilterAdapterAgreementTests`
/// compares it with the fallback on every demo cluster.
public enum NetfilterAdapter {
    public static let engine = "kube-proxy rules walked by kubewalk's netfilter evaluator"

    public static func walk(_ rules: NodeRules?, _ cluster: Cluster, _ q: NetfilterQuery) -> NetfilterResult {
        walk(rules, index: rules.map(ServicePortIndex.init), cluster, q)
    }

    /// The same with a prebuilt index of the node's Service addresses (built once per node).
    static func walk(_ rules: NodeRules?, index: ServicePortIndex?, _ cluster: Cluster, _ q: NetfilterQuery) -> NetfilterResult {
        guard let rules, let index else { return FallbackKubeProxy.walk(cluster, q) }
        let packet = Packet(proto: q.proto, source: q.src, sourcePort: q.sport, destination: q.dst, destinationPort: q.dport,
                            locallyGenerated: q.hook == .output)
        let trace = rules.trace(packet)
        var outcomes: [NetfilterOutcome] = []
        for o in trace.outcomes {
            let verdict: NetfilterOutcome.Verdict
            switch o.verdict {
            case .accept: verdict = o.dnat == nil ? .accept : .dnat
            case .drop: verdict = .drop
            case .reject: verdict = .reject
            }
            let pod = o.dnatAddress.flatMap { cluster.pod(withIP: $0) }.map { "\($0.namespace)/\($0.name)" }
            let deciding = o.decidingStep?.text ?? ""
            let lines = o.path.map { step -> String in
                let place = step.rule.map { "\(step.table)/\(step.chain) #\($0)" } ?? "\(step.table)/\(step.chain)"
                return "\(step.matched ? "✓" : "✗") \(place) \(step.text)"
            }
            var explanation: String
            switch verdict {
            case .dnat:
                explanation = "kube-proxy's rules on \(q.node) send this connection to \(o.dnat ?? "?")\(pod.map { " (pod \($0))" } ?? "") with probability \(percent(o.probability))"
                if o.masquerade { explanation += "; POSTROUTING masquerades it" }
            case .accept: explanation = "no kube-proxy rule rewrites \(q.dst.withPort(q.dport)); the packet is routed as addressed"
            case .reject: explanation = "REJECT: \(o.decidingStep?.reason ?? "a filter rule refuses it")"
            case .drop: explanation = "DROP: \(o.decidingStep?.reason ?? "a filter rule drops it")"
            }
            outcomes.append(NetfilterOutcome(verdict: verdict, probability: o.probability, dnatAddress: o.dnatAddress, dnatPort: o.dnatPort,
                                             endpointPod: pod, masquerade: o.masquerade, decidingRule: deciding, rules: lines,
                                             explanation: explanation))
        }
        let owner = index.service(q, local: q.dst.isLoopback || rules.host.localAddresses.contains(q.dst))
        let serviceName = owner.map { "\($0.namespace)/\($0.name)" }
        var notes = trace.notes + trace.outcomes.flatMap(\.notes).uniqued()
        if let owner, let svc = cluster.service(namespace: owner.namespace, name: owner.name), svc.sessionAffinity == "ClientIP" {
            notes.append("sessionAffinity ClientIP: once a client has connected, the `recent` match sends it to the same endpoint for \(svc.sessionAffinityTimeoutSeconds)s; the first connection is drawn as shown")
        }
        return NetfilterResult(outcomes: outcomes, service: serviceName, engine: engine, notes: notes)
    }

    static func percent(_ p: Double) -> String { "\((p * 1000).rounded() / 10)%" }
}

extension Array where Element: Hashable {
    fileprivate func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}

/// Which Service a destination belongs to on one node: its ClusterIPs, external IPs and LB
/// VIPs by (protocol, address, port), its nodePorts by (protocol, port). Built once per node,
/// so a trace through a 10,000-Service node does not scan them.
struct ServicePortIndex: Sendable {
    struct Key: Hashable { var proto: TransportProtocol; var address: IPAddress?; var port: Int }
    private var owners: [Key: (namespace: String, name: String)] = [:]

    init(_ rules: NodeRules) {
        for p in rules.servicePorts {
            let owner = (p.namespace, p.serviceName)
            for vip in [p.clusterIP] + p.externalIPs + p.loadBalancerVIPs {
                let key = Key(proto: p.proto, address: vip, port: p.port)
                if owners[key] == nil { owners[key] = owner }
            }
            if let np = p.nodePort, owners[Key(proto: p.proto, address: nil, port: np)] == nil {
                owners[Key(proto: p.proto, address: nil, port: np)] = owner
            }
        }
    }

    /// The Service port whose address (ClusterIP, external IP, LB IP, or a nodePort on this node) the packet targets.
    func service(_ q: NetfilterQuery, local: Bool) -> (namespace: String, name: String)? {
        if let o = owners[Key(proto: q.proto, address: q.dst, port: q.dport)] { return o }
        return local ? owners[Key(proto: q.proto, address: nil, port: q.dport)] : nil
    }
}
