import ClusterModel
import NetCore

/// What kube-proxy does to one DNS query packet sent to the kube-dns Service: the outcome
/// set (each CoreDNS endpoint the DNAT can pick, with its probability), or the rule that
/// refuses or drops the packet, and which rules decided it.
///
/// A `DNATProvider` answers with this from kube-proxy's real rules on the sender's node
/// (the `KUBE-SVC-…` chain's `-m statistic` rules and each endpoint's `KUBE-SEP-…` DNAT rule,
/// `reference/kube-proxy-iptables.md` §5), walked by a netfilter evaluator;
/// `DNSDNATDecision.fromEndpointSlices` is ClusterDNS's own model, used when no rules exist.
public struct DNSDNATDecision: Hashable, Sendable {
    /// Whose rules decided, as the user reads it: `kube-proxy's iptables rules on node node01`.
    public var decidedBy: String
    /// The Service port's chain (`KUBE-SVC-TCOU7JCQXEZGVUNU`), when the rules have one.
    public var serviceChain: String?
    /// Where the packet can go after DNAT; empty when it is refused or dropped.
    public var outcomes: [DNSDNATOutcome]
    /// With no outcome: the rule that refused or dropped the packet, and why.
    public var refusal: String?
    /// With no outcome: true for REJECT (ICMP port unreachable, "connection refused"), false
    /// when the packet is dropped or goes untranslated (the query times out).
    public var connectionRefused: Bool
    /// Assumptions of the walk that affected the outcome.
    public var notes: [String]

    public init(decidedBy: String, serviceChain: String? = nil, outcomes: [DNSDNATOutcome], refusal: String? = nil,
                connectionRefused: Bool = false, notes: [String] = []) {
        self.decidedBy = decidedBy
        self.serviceChain = serviceChain
        self.outcomes = outcomes
        self.refusal = refusal
        self.connectionRefused = connectionRefused
        self.notes = notes
    }
}

/// Why a `DNATProvider` has no rules for a query (a pod without a node, a node not in the
/// input); the engine then uses the EndpointSlice model and says so.
public struct DNSDNATUnavailable: Error, Hashable, Sendable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}

/// Asks kube-proxy's rules what happens to a query packet from `pod` to `serviceIP:port`
/// (`proto`, 53/UDP for a resolver). Injected into `ClusterDNSEngine` by the modules that
/// compose engines (PacketPath's `KubeProxyDNAT.provider(for:)`), so ClusterDNS stays a
/// sibling of KubeProxy and Netfilter.
public typealias DNATProvider = @Sendable (_ pod: Pod, _ serviceIP: IPAddress, _ port: Int, _ proto: TransportProtocol)
    -> Result<DNSDNATDecision, DNSDNATUnavailable>

extension DNSDNATDecision {
    /// Who decides in the EndpointSlice model.
    public static let endpointSliceModel = "the kube-dns EndpointSlices (kubewalk's model of kube-proxy's choice)"

    /// kube-proxy's outcome set modelled from the Service's EndpointSlices: ready endpoints
    /// carrying the Service port (by name and protocol), of the ClusterIP's family, sorted by
    /// the `ip:port` string (kube-proxy's order), each with probability 1/n; none → REJECT
    /// (kube-proxy's "has no endpoints" rule in filter).
    public static func fromEndpointSlices(service: Service, port: ServicePort, cluster: Cluster) -> DNSDNATDecision {
        var targets: [(String, EndpointSlice.Endpoint)] = []
        var seen = Set<String>()
        for slice in cluster.endpointSlices(for: service) {
            guard let p = slice.ports.first(where: { ($0.name ?? "") == (port.name ?? "") && $0.proto == port.proto }), let number = p.port else { continue }
            for ep in slice.endpoints where ep.ready {
                for a in ep.addresses where a.family == (service.clusterIP?.family ?? a.family) {
                    let text = a.withPort(number)
                    if seen.insert(text).inserted { targets.append((text, ep)) }
                }
            }
        }
        targets.sort { $0.0 < $1.0 }
        let p = targets.isEmpty ? 0 : 1.0 / Double(targets.count)
        let outcomes = targets.map { DNSDNATOutcome(endpoint: $0.0, pod: $0.1.targetPod, node: $0.1.nodeName, probability: p) }
        let name = "\(service.namespace)/\(service.name)"
        return DNSDNATDecision(decidedBy: endpointSliceModel, outcomes: outcomes,
                               refusal: outcomes.isEmpty ? "Service \(name) has no ready endpoints: kube-proxy REJECTs the query (ICMP port unreachable), and the resolver sees \"connection refused\"" : nil,
                               connectionRefused: outcomes.isEmpty)
    }
}

extension DNSDNATOutcome {
    /// The port after DNAT (the CoreDNS endpoint's target port), from `ip:port` or `[ip]:port`.
    var targetPort: Int? {
        guard let colon = endpoint.lastIndex(of: ":") else { return nil }
        return Int(endpoint[endpoint.index(after: colon)...])
    }
}
