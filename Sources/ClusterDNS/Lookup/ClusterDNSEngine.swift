import ClusterModel
import NetCore

/// Name resolution from a pod, end to end: kubelet's resolv.conf, the stub resolver's walk,
/// each query as a packet to the kube-dns Service (DNAT to a CoreDNS pod), and CoreDNS's
/// answer (`reference/dns.md`). Build once per cluster (it indexes the cluster) and ask it
/// many times; it is a value and never mutates the cluster.
///
/// This is the API the trace engine calls: `resolve(_:from:)` returns the queries (name,
/// type, server, rcode, answers, DNAT outcome set) and the final addresses.
public struct ClusterDNSEngine: Sendable {
    public let cluster: Cluster
    /// CoreDNS as configured, or why its Corefile does not load.
    public let coreDNS: Result<CoreDNSServer, CorefileLoadError>
    let coreDNSPods: [String: Pod]
    let upstream: UpstreamResolver
    /// kube-proxy's verdict on a query packet to the kube-dns Service; nil: the EndpointSlice model.
    let dnat: DNATProvider?

    /// - Parameters:
    ///   - cluster: the reconciled cluster.
    ///   - dnat: where query packets to the kube-dns Service go, from kube-proxy's rules on the
    ///     pod's node (PacketPath's `KubeProxyDNAT.provider(for:)`); nil models the outcome set
    ///     from the kube-dns EndpointSlices, with a note on every lookup.
    public init(cluster: Cluster, dnat: DNATProvider? = nil) {
        self.cluster = cluster
        self.dnat = dnat
        switch CoreDNSConfig.load(cluster) {
        case .success(let config): coreDNS = .success(CoreDNSServer(config: config, cluster: cluster))
        case .failure(let error): coreDNS = .failure(error)
        }
        var pods: [String: Pod] = [:]
        if let svc = cluster.dnsService {
            for slice in cluster.endpointSlices(for: svc) {
                for ep in slice.endpoints {
                    guard let ref = ep.targetPod else { continue }
                    let parts = ref.split(separator: "/")
                    guard parts.count == 2, let pod = cluster.pod(namespace: String(parts[0]), name: String(parts[1])) else { continue }
                    for a in ep.addresses { pods[a.description] = pod }
                }
            }
        }
        coreDNSPods = pods
        upstream = UpstreamResolver(cluster.network.upstreamDNS)
    }

    /// The pod's `/etc/resolv.conf` as kubelet writes it.
    public func resolvConf(for pod: Pod) -> PodResolvConf {
        KubeletDNS.resolvConf(for: pod, network: cluster.network)
    }

    /// The pod's `/etc/hosts` as kubelet writes it.
    public func hostsFile(for pod: Pod) -> PodHostsFile {
        PodHostsFile(podIP: pod.podIP?.description, hostname: pod.spec.hostname ?? pod.name, subdomain: pod.spec.subdomain,
                     namespace: pod.namespace, clusterDomain: cluster.network.clusterDomain, hostNetwork: pod.spec.hostNetwork)
    }

    /// The stub resolver for `pod`: the explicit choice, else the `kubewalk.io/resolver`
    /// annotation, else glibc; with the reason.
    public func resolverKind(for pod: Pod, explicit: StubResolverKind?) -> (StubResolverKind, String, String?) {
        if let explicit { return (explicit, "--resolver \(explicit.rawValue)", nil) }
        if let a = pod.resolverAnnotation {
            if let k = StubResolverKind(rawValue: a.lowercased()) { return (k, "annotation kubewalk.io/resolver: \(a)", nil) }
            return (.glibc, "default", "annotation kubewalk.io/resolver: \"\(a)\" is neither glibc nor musl; using glibc")
        }
        return (.glibc, "default", nil)
    }

    /// CoreDNS's reply to one question arriving on `port`, or nil when the Corefile does not load.
    public func coreDNSReply(_ question: DNSQuestion, port: Int = 53) -> DNSReply? {
        guard case .success(let server) = coreDNS else { return nil }
        return server.serve(question, port: port)
    }

    /// One query from `pod` (sending from `source`) to `nameserver`: where the packet goes and the reply.
    func transmit(_ q: DNSQuestion, nameserver: String, pod: Pod, source: String) -> Transmission {
        transmit(q, nameserver: nameserver, to: destination(nameserver: nameserver, pod: pod, source: source))
    }

    func destination(nameserver: String, pod: Pod, source: String) -> KubeDNSDNAT.Destination {
        KubeDNSDNAT.destination(nameserver: nameserver, pod: pod, source: source, cluster: cluster, coreDNSPods: coreDNSPods, dnat: dnat)
    }

    func transmit(_ q: DNSQuestion, nameserver: String, to dest: KubeDNSDNAT.Destination) -> Transmission {
        func step(_ path: DNSPacketPath, _ reply: DNSReply?, rcode: String, decidedBy: String, explanation: String, notes: [String] = []) -> DNSQueryStep {
            DNSQueryStep(name: q.name, type: q.type, server: nameserver, rcode: rcode, answers: reply?.answers ?? [],
                         authority: reply?.authority ?? [], additional: reply?.additional ?? [], candidate: 0, attempt: 1,
                         decidedBy: decidedBy, explanation: explanation, path: path,
                         notes: notes + (reply?.notes ?? []) + (reply?.cache.map { [$0.note] } ?? []))
        }
        switch dest {
        case .coreDNS(let path, let port):
            switch coreDNS {
            case .success(let server):
                guard server.config.listens(on: port) else {
                    return Transmission(step: step(path, nil, rcode: "no reply", decidedBy: "CoreDNS",
                                                   explanation: "no server block listens on port \(port): the CoreDNS pod answers ICMP port unreachable"),
                                        reply: nil, connectionRefused: true)
                }
                let r = server.serve(q, port: port)
                return Transmission(step: step(path, r, rcode: r.rcode.rawValue, decidedBy: r.decidedBy, explanation: r.explanation), reply: r, connectionRefused: false)
            case .failure(let e):
                return Transmission(step: step(path, nil, rcode: "no reply", decidedBy: "CoreDNS",
                                               explanation: "CoreDNS cannot start with this Corefile (\(e.description)), so nothing answers"),
                                    reply: nil, connectionRefused: true)
            }
        case .rejected(let path, let reason):
            return Transmission(step: step(path, nil, rcode: "no reply", decidedBy: "kube-proxy", explanation: reason), reply: nil, connectionRefused: true)
        case .blackhole(let path, let reason):
            return Transmission(step: step(path, nil, rcode: "no reply", decidedBy: "kube-proxy", explanation: reason), reply: nil, connectionRefused: false)
        case .outside(let path):
            let r = upstream.answer(q, key: DNSName.key(q.name), server: nameserver)
            return Transmission(step: step(path, r, rcode: r.rcode.rawValue, decidedBy: r.decidedBy, explanation: r.explanation), reply: r, connectionRefused: false)
        }
    }
}
