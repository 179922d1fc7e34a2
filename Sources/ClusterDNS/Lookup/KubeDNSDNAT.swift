import ClusterModel
import NetCore

/// Where a query packet to a nameserver goes: the kube-dns Service's DNAT outcome set, a
/// CoreDNS pod reached directly, or a resolver outside the cluster.
///
/// For the kube-dns Service the outcome set comes from the engine's `DNATProvider`: kube-proxy's
/// rules on the pod's node, walked by the netfilter evaluator (composed in PacketPath,
/// `KubeProxyDNAT.provider(for:)`). Without a provider, or when it has no rules for the pod (a
/// pod without a node), `DNSDNATDecision.fromEndpointSlices` models it and the path's note says so.
enum KubeDNSDNAT {
    enum Destination {
        /// Answered by CoreDNS, arriving on `port` (the endpoint's target port).
        case coreDNS(DNSPacketPath, port: Int)
        /// kube-proxy REJECTs (no ready endpoint): ICMP port unreachable, "connection refused".
        case rejected(DNSPacketPath, reason: String)
        /// No rule matches 53/UDP for that Service: the packet goes nowhere and the query times out.
        case blackhole(DNSPacketPath, reason: String)
        /// A resolver outside the cluster (the node's, or one from dnsConfig).
        case outside(DNSPacketPath)
    }

    static let fallbackModel = "each ready endpoint 1/n, sorted by ip:port"

    static func destination(nameserver: String, pod: Pod, source: String, cluster: Cluster, coreDNSPods: [String: Pod],
                            dnat: DNATProvider?) -> Destination {
        let dst = IPAddress(nameserver)?.withPort(53) ?? "\(nameserver):53"
        guard let ip = IPAddress(nameserver) else {
            return .blackhole(DNSPacketPath(src: source, dst: dst, via: "(not an address)"), reason: "nameserver \"\(nameserver)\" is not an IP address; the resolver ignores the line")
        }
        if let svc = cluster.dnsService, svc.clusterIPs.contains(ip) {
            guard let port = svc.ports.first(where: { $0.port == 53 && $0.proto == .udp }) else {
                return .blackhole(DNSPacketPath(src: source, dst: dst, via: "Service kube-system/kube-dns"),
                                  reason: "Service kube-system/kube-dns has no 53/UDP port, so kube-proxy has no rule for the query: it times out")
            }
            let decision: DNSDNATDecision
            var notes: [String] = []
            switch dnat?(pod, ip, 53, .udp) {
            case .success(let d)?:
                decision = d
            case .failure(let unavailable)?:
                decision = DNSDNATDecision.fromEndpointSlices(service: svc, port: port, cluster: cluster)
                notes.append("\(unavailable.reason), so no kube-proxy rules apply to its queries: the DNAT outcome set is modelled from the kube-dns EndpointSlices (\(fallbackModel))")
            case nil:
                decision = DNSDNATDecision.fromEndpointSlices(service: svc, port: port, cluster: cluster)
                notes.append("DNAT outcomes derived from the kube-dns EndpointSlices (\(fallbackModel)), not from kube-proxy's rules: this ClusterDNS engine was built without them")
            }
            notes += decision.notes
            let path = DNSPacketPath(src: source, dst: dst, via: "Service kube-system/kube-dns", outcomes: decision.outcomes,
                                     dnatBy: decision.decidedBy, serviceChain: decision.serviceChain, refusal: decision.refusal,
                                     note: notes.isEmpty ? nil : notes.joined(separator: "; "))
            guard let first = decision.outcomes.first else {
                let reason = decision.refusal ?? "kube-proxy's rules do not deliver the query to any CoreDNS pod"
                return decision.connectionRefused ? .rejected(path, reason: reason) : .blackhole(path, reason: reason)
            }
            return .coreDNS(path, port: first.targetPort ?? 53)
        }
        if cluster.dnsService == nil && ip == cluster.network.dnsServiceIP {
            return .coreDNS(DNSPacketPath(src: source, dst: dst, via: "kubelet --cluster-dns \(ip)",
                                          note: "the input has no Service kube-system/kube-dns; kubewalk assumes CoreDNS answers at \(ip)"), port: 53)
        }
        if let coreDNSPod = coreDNSPods[ip.description] {
            return .coreDNS(DNSPacketPath(src: source, dst: dst, via: "CoreDNS pod \(coreDNSPod.namespace)/\(coreDNSPod.name) (no Service, no DNAT)"), port: 53)
        }
        return .outside(DNSPacketPath(src: source, dst: dst, via: "resolver outside the cluster",
                                      note: "CoreDNS never sees this query; the resolver at \(nameserver) is modelled from ClusterNetwork.upstreamDNS"))
    }
}
