import ClusterModel
import NetCore

/// Where a query packet to a nameserver goes: the kube-dns Service's DNAT outcome set, a
/// CoreDNS pod reached directly, or a resolver outside the cluster.
///
/// SWAP POINT: `dnatOutcomes(…)` derives kube-proxy's outcome set for `dnsServiceIP:53/UDP`
/// from the kube-dns Service's EndpointSlices (each ready endpoint with probability 1/n, in
/// kube-proxy's order: sorted by the `ip:port` string), because the netfilter engine
/// (modules KubeProxy/Netfilter) was built in parallel. Once it lands, replace the body of
/// `dnatOutcomes` with a walk of the generated ruleset for a UDP packet from `source` to
/// `serviceIP:53`; callers depend only on the returned `[DNSDNATOutcome]`.
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

    static func destination(nameserver: String, source: String, cluster: Cluster, coreDNSPods: [String: Pod]) -> Destination {
        let dst = IPAddress(nameserver)?.withPort(53) ?? "\(nameserver):53"
        guard let ip = IPAddress(nameserver) else {
            return .blackhole(DNSPacketPath(src: source, dst: dst, via: "(not an address)"), reason: "nameserver \"\(nameserver)\" is not an IP address; the resolver ignores the line")
        }
        if let svc = cluster.dnsService, svc.clusterIPs.contains(ip) {
            guard let port = svc.ports.first(where: { $0.port == 53 && $0.proto == .udp }) else {
                return .blackhole(DNSPacketPath(src: source, dst: dst, via: "Service kube-system/kube-dns"),
                                  reason: "Service kube-system/kube-dns has no 53/UDP port, so kube-proxy has no rule for the query: it times out")
            }
            let outcomes = dnatOutcomes(service: svc, port: port, cluster: cluster)
            let path = DNSPacketPath(src: source, dst: dst, via: "Service kube-system/kube-dns", outcomes: outcomes.map(\.0),
                                     note: "DNAT outcomes derived from the kube-dns EndpointSlices (each ready endpoint 1/n, sorted by ip:port), not from a netfilter walk")
            guard let first = outcomes.first else {
                return .rejected(path, reason: "Service kube-system/kube-dns has no ready endpoints: kube-proxy REJECTs the query (ICMP port unreachable), and the resolver sees \"connection refused\"")
            }
            return .coreDNS(path, port: first.1)
        }
        if cluster.dnsService == nil && ip == cluster.network.dnsServiceIP {
            return .coreDNS(DNSPacketPath(src: source, dst: dst, via: "kubelet --cluster-dns \(ip)",
                                          note: "the input has no Service kube-system/kube-dns; kubewalk assumes CoreDNS answers at \(ip)"), port: 53)
        }
        if let pod = coreDNSPods[ip.description] {
            return .coreDNS(DNSPacketPath(src: source, dst: dst, via: "CoreDNS pod \(pod.namespace)/\(pod.name) (no Service, no DNAT)"), port: 53)
        }
        return .outside(DNSPacketPath(src: source, dst: dst, via: "resolver outside the cluster",
                                      note: "CoreDNS never sees this query; the resolver at \(nameserver) is modelled from ClusterNetwork.upstreamDNS"))
    }

    /// kube-proxy's outcome set for the kube-dns port: ready endpoints carrying that port
    /// (by name), sorted by `ip:port` string, each with probability 1/n.
    static func dnatOutcomes(service: Service, port: ServicePort, cluster: Cluster) -> [(DNSDNATOutcome, Int)] {
        var targets: [(String, Int, EndpointSlice.Endpoint)] = []
        var seen = Set<String>()
        for slice in cluster.endpointSlices(for: service) {
            guard let p = slice.ports.first(where: { ($0.name ?? "") == (port.name ?? "") && $0.proto == port.proto }), let number = p.port else { continue }
            for ep in slice.endpoints where ep.ready {
                for a in ep.addresses where a.family == (service.clusterIP?.family ?? a.family) {
                    let text = a.withPort(number)
                    if seen.insert(text).inserted { targets.append((text, number, ep)) }
                }
            }
        }
        targets.sort { $0.0 < $1.0 }
        let p = targets.isEmpty ? 0 : 1.0 / Double(targets.count)
        return targets.map { (DNSDNATOutcome(endpoint: $0.0, pod: $0.2.targetPod, node: $0.2.nodeName, probability: p), $0.1) }
    }
}
