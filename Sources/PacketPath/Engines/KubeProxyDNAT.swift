import ClusterDNS
import ClusterModel
import KubeProxy
import NetCore
import Netfilter
import Synchronization

/// ClusterDNS's `DNATProvider` from the real engines (issues 3 and 4): a DNS query packet
/// from a pod to the kube-dns Service IP, walked through the rules kube-proxy programs on the
/// pod's node (`KubeProxy.rules(for:node:)`, generated once per node and kept) by the
/// netfilter evaluator. An ordinary pod's packet arrives from its veth (PREROUTING); a
/// hostNetwork pod's is sent by the node itself (OUTPUT). Every outcome of the walk is kept
/// (the `-m statistic` draws enumerated), never one random pick.
///
/// Used by `TraceEngines.standard(for:)` (traces, in the CLI and the explorer) over the trace's
/// own rule cache, and by `kubewalk dns` and the explorer's `:dns` (`DNSCommand.engine(for:)`).
public enum KubeProxyDNAT {
    /// The provider for one cluster: kube-proxy's rules per node and address family, built on first use.
    public static func provider(for cluster: Cluster) -> DNATProvider {
        provider(NodeRulesCache(cluster: cluster))
    }

    /// The same over a rule cache the caller shares (the trace's netfilter step uses the same rules).
    /// Each walk is remembered by everything it depends on (node, sender, hostNetwork, Service
    /// address, port, protocol), so repeated lookups from one pod walk the rules once.
    public static func provider(_ rules: NodeRulesCache) -> DNATProvider {
        let owners = EndpointOwners(rules.cluster)
        let walks = Mutex<[WalkKey: Result<DNSDNATDecision, DNSDNATUnavailable>]>([:])
        return { pod, serviceIP, port, proto in
            let key = WalkKey(pod: "\(pod.namespace)/\(pod.name)", node: pod.spec.nodeName, source: pod.podIPs, hostNetwork: pod.spec.hostNetwork,
                              serviceIP: serviceIP, port: port, proto: proto)
            if let hit = walks.withLock({ $0[key] }) { return hit }
            let decided = decide(rules, owners, pod: pod, serviceIP: serviceIP, port: port, proto: proto)
            walks.withLock { $0[key] = decided }
            return decided
        }
    }

    /// What a walk depends on (the pod's name only appears in fallback reasons).
    struct WalkKey: Hashable {
        var pod: String
        var node: String?
        var source: [IPAddress]
        var hostNetwork: Bool
        var serviceIP: IPAddress
        var port: Int
        var proto: TransportProtocol
    }

    static func decide(_ cache: NodeRulesCache, _ owners: EndpointOwners, pod: Pod, serviceIP: IPAddress, port: Int,
                       proto: TransportProtocol) -> Result<DNSDNATDecision, DNSDNATUnavailable> {
        let name = "\(pod.namespace)/\(pod.name)"
        guard let nodeName = pod.spec.nodeName, !nodeName.isEmpty else {
            return .failure(DNSDNATUnavailable("pod \(name) has no node (spec.nodeName is empty)"))
        }
        guard let rules = cache.rules(forNode: nodeName, family: serviceIP.family) else {
            return .failure(DNSDNATUnavailable("pod \(name) runs on node \(nodeName), which is not in the input"))
        }
        let hostNetwork = pod.spec.hostNetwork
        let nodeIP = cache.cluster.node(named: nodeName)?.ipAddresses.first { $0.family == serviceIP.family }
        guard let source = pod.podIPs.first(where: { $0.family == serviceIP.family }) ?? (hostNetwork ? nodeIP : nil) else {
            return .failure(DNSDNATUnavailable("pod \(name) has no \(serviceIP.family.rawValue) address to send from"))
        }
        let packet = Packet(proto: proto, source: source, sourcePort: 40000, destination: serviceIP, destinationPort: port,
                            locallyGenerated: hostNetwork)
        let trace = rules.trace(packet)
        let entry = hostNetwork ? "nat OUTPUT: the hostNetwork pod's query is sent by the node itself"
                                : "nat PREROUTING: the query arrives from the pod's veth"
        var decision = DNSDNATDecision(decidedBy: "kube-proxy's \(rules.config.mode.rawValue) rules on node \(nodeName) (\(entry))",
                                       outcomes: [])
        var notes = trace.notes
        var refusals: [(text: String, probability: Double, refused: Bool)] = []
        for o in trace.outcomes {
            notes += o.notes
            let steps = o.path.filter(\.matched)
            if decision.serviceChain == nil, let svc = steps.first(where: { $0.chain.hasPrefix("KUBE-SVC-") || $0.chain.hasPrefix("KUBE-SVL-") }) {
                decision.serviceChain = svc.chain
            }
            switch o.verdict {
            case .accept:
                guard let address = o.dnatAddress else {
                    refusals.append(("no kube-proxy rule translates \(serviceIP.withPort(port))/\(proto.lowercased) on \(nodeName): the packet is routed to an address no host owns and the query times out", o.probability, false))
                    continue
                }
                let endpoint = address.withPort(o.dnatPort ?? port)
                var owner = owners.owner(of: address)
                if owner == nil, let p = cache.cluster.pod(withIP: address) { owner = ("\(p.namespace)/\(p.name)", p.spec.nodeName) }
                let deciding = o.decidingStep
                decision.outcomes.append(DNSDNATOutcome(
                    endpoint: endpoint, pod: owner?.pod, node: owner?.node ?? nil, probability: o.probability,
                    chain: deciding.flatMap { $0.chain.hasPrefix("KUBE-SEP-") ? $0.chain : nil },
                    rule: deciding.map(line), rules: steps.map(line)))
            case .reject, .drop:
                let what = o.verdict == .reject ? "REJECT" : "DROP"
                let rule = o.decidingStep.map { "\(line($0)) (\($0.reason))" } ?? "a filter rule"
                refusals.append(("\(what) by \(rule)", o.probability, o.verdict == .reject))
            }
        }
        if decision.outcomes.isEmpty, !refusals.isEmpty {
            let refused = refusals.allSatisfy(\.refused)
            decision.refusal = refusals.map(\.text).uniqued().joined(separator: "; ")
                + (refused ? ": ICMP port unreachable, and the resolver sees \"connection refused\"" : "")
            decision.connectionRefused = refused
        } else {
            for r in refusals where r.probability > 0 {
                notes.append("with probability \(NetfilterAdapter.percent(r.probability)) the query is not delivered: \(r.text)")
            }
        }
        decision.notes = notes.uniqued()
        return .success(decision)
    }

    /// `table/CHAIN #n: rule` (the rule as iptables-save prints it), or the IPVS step.
    static func line(_ step: TraceStep) -> String {
        let place = step.rule.map { "\(step.table)/\(step.chain) #\($0)" } ?? "\(step.table)/\(step.chain)"
        return "\(place): \(step.text)"
    }
}

/// The pod and node behind each kube-dns endpoint address, from the EndpointSlices' targetRef
/// (a hostNetwork CoreDNS shares its node's address with other pods: the slice says which).
struct EndpointOwners: Sendable {
    private var byAddress: [IPAddress: (pod: String?, node: String?)] = [:]

    init(_ cluster: Cluster) {
        guard let svc = cluster.dnsService else { return }
        for slice in cluster.endpointSlices(for: svc) {
            for ep in slice.endpoints {
                for a in ep.addresses where byAddress[a] == nil { byAddress[a] = (ep.targetPod, ep.nodeName) }
            }
        }
    }

    func owner(of address: IPAddress) -> (pod: String?, node: String?)? {
        guard let o = byAddress[address], o.pod != nil else { return nil }
        return o
    }
}

extension Array where Element: Hashable {
    fileprivate func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
