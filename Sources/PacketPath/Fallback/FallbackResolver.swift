import ClusterModel
import NetCore

/// PacketPath's own model of name resolution: the resolv.conf kubelet writes for the
/// pod's dnsPolicy (ClusterFirst: the cluster DNS, search `<ns>.svc.<domain> svc.<domain>
/// <domain>` plus the node's, `ndots:5`), glibc's candidate order (fewer dots than ndots:
/// the search list first, then the name as is; otherwise as is first), and the answers of
/// kubeadm's default Corefile: the `kubernetes` plugin for Services (ClusterIP, headless
/// endpoints, `hostname.subdomain` records, ExternalName CNAMEs) and `a-b-c-d.<ns>.pod`
/// names, `forward . /etc/resolv.conf` for everything else (ClusterNetwork.upstreamDNS).
/// Used until the ClusterDNS engine is wired in `TraceEngines`.
enum FallbackResolver {
    static let engine = "fallback resolver model (PacketPath)"
    static let note = "name resolution decided by PacketPath's fallback model (glibc + kubeadm's default Corefile), not the ClusterDNS engine"

    static func resolve(_ cluster: Cluster, _ q: NameQuery) -> NameResolution {
        let net = cluster.network
        var nameservers: [String] = []
        var search: [String] = []
        var ndots = 1
        var clusterDNS = false
        switch q.source {
        case .pod(let pod):
            var policy = pod.spec.effectiveDNSPolicy
            if policy == "ClusterFirst" && pod.spec.hostNetwork { policy = "Default" }
            switch policy {
            case "ClusterFirst", "ClusterFirstWithHostNet":
                nameservers = [net.dnsServiceIP.description]
                search = ["\(pod.namespace).svc.\(net.clusterDomain)", "svc.\(net.clusterDomain)", net.clusterDomain] + net.nodeResolvConf.search
                ndots = 5
                clusterDNS = true
            case "None":
                break
            default:
                nameservers = net.nodeResolvConf.nameservers
                search = net.nodeResolvConf.search
            }
            if let cfg = pod.spec.dnsConfig {
                nameservers += cfg.nameservers
                search += cfg.searches
                if let n = cfg.options.first(where: { $0.name == "ndots" })?.value.flatMap({ Int($0) }) { ndots = n }
            }
        case .node:
            nameservers = net.nodeResolvConf.nameservers
            search = net.nodeResolvConf.search
        case .external:
            nameservers = ["the client's resolver"]
        }
        nameservers = Array(nameservers.prefix(3))
        var resolvConf = nameservers.map { "nameserver \($0)" }
        if !search.isEmpty { resolvConf.append("search " + search.joined(separator: " ")) }
        if ndots != 1 { resolvConf.append("options ndots:\(ndots)") }
        let server = nameservers.first ?? "(none)"
        let name = q.name.lowercased()
        var candidates: [String]
        if name.hasSuffix(".") {
            candidates = [name]
        } else {
            let dots = name.filter { $0 == "." }.count
            let searched = search.map { "\(name).\($0)." }
            candidates = dots >= ndots ? ["\(name)."] + searched : searched + ["\(name)."]
        }
        var notes = [note, "glibc sends A and AAAA queries together; only the A queries are shown"]
        if clusterDNS, let corefile = cluster.corefile?.text {
            let firstWords: Set<String> = Set(corefile.split(separator: "\n").compactMap { line -> String? in
                line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init)
            })
            let extra = ["rewrite", "hosts", "template", "file", "k8s_external"].filter { firstWords.contains($0) }
            if !extra.isEmpty {
                notes.append("this cluster's Corefile uses \(extra.joined(separator: ", ")), which the fallback resolver does not model; answers for names they handle may differ until the ClusterDNS engine is wired")
            }
        }
        var steps: [ResolverQuery] = []
        for fqdn in candidates {
            let (rcode, answers, addresses, why) = answer(cluster, fqdn: fqdn, viaClusterDNS: clusterDNS)
            steps.append(ResolverQuery(name: fqdn, server: server, rcode: rcode, answers: answers, decidedBy: why))
            if !addresses.isEmpty {
                return NameResolution(queries: steps, addresses: addresses, resolvConf: resolvConf, nameserver: IPAddress(server),
                                      explanation: "\(q.name) resolves to \(addresses.map(\.description).joined(separator: ", ")) (query \(steps.count) of \(candidates.count) candidates)",
                                      engine: engine, notes: notes)
            }
        }
        return NameResolution(queries: steps, addresses: [], resolvConf: resolvConf, nameserver: IPAddress(server),
                              explanation: "every candidate name got NXDOMAIN: getaddrinfo fails with \"Name or service not known\"",
                              engine: engine, notes: notes)
    }

    /// The answer for one fully qualified name.
    static func answer(_ cluster: Cluster, fqdn: String, viaClusterDNS: Bool) -> (String, [String], [IPAddress], String) {
        let domain = cluster.network.clusterDomain.lowercased()
        let bare = String(fqdn.dropLast())
        if viaClusterDNS, bare == domain || bare.hasSuffix("." + domain) {
            let labels = bare.dropLast(domain.count).split(separator: ".").map(String.init)
            return kubernetesAnswer(cluster, labels: labels)
        }
        if let ips = cluster.network.upstreamDNS[bare], !ips.isEmpty {
            return ("NOERROR", ips.map(\.description), ips, viaClusterDNS ? "CoreDNS forward . /etc/resolv.conf → upstream answers \(bare)" : "the upstream resolver answers \(bare)")
        }
        return ("NXDOMAIN", [], [], viaClusterDNS ? "CoreDNS forward → upstream: \(bare) does not exist" : "the upstream resolver: \(bare) does not exist")
    }

    /// CoreDNS `kubernetes` plugin: `<svc>.<ns>.svc`, `<hostname>.<svc>.<ns>.svc`, `<a-b-c-d>.<ns>.pod`.
    static func kubernetesAnswer(_ cluster: Cluster, labels: [String]) -> (String, [String], [IPAddress], String) {
        let nx = ("NXDOMAIN", [String](), [IPAddress](), "CoreDNS kubernetes plugin: no such Service or record in the cluster zone")
        guard let kind = labels.last else { return nx }
        if kind == "pod", labels.count == 3, let ip = IPAddress(labels[0].replacingDashes()) {
            return ("NOERROR", [ip.description], [ip], "CoreDNS kubernetes plugin (pods insecure): the address spelled in the name")
        }
        guard kind == "svc", labels.count == 3 || labels.count == 4 else { return nx }
        let ns = labels[labels.count - 2], svcName = labels[labels.count - 3]
        guard let svc = cluster.service(namespace: ns, name: svcName) else { return nx }
        if labels.count == 4 {
            let host = labels[0]
            let ips = endpoints(cluster, svc).filter { $0.hostname == host }.compactMap(\.addresses.first)
            return ips.isEmpty ? nx : ("NOERROR", ips.map(\.description), ips, "CoreDNS kubernetes plugin: endpoint \(host) of headless Service \(ns)/\(svcName)")
        }
        if svc.type == .ExternalName, let target = svc.externalName?.lowercased() {
            let ips = cluster.network.upstreamDNS[target] ?? []
            return ("NOERROR", ["CNAME \(target)."] + ips.map(\.description), ips, "CoreDNS kubernetes plugin: ExternalName \(ns)/\(svcName) is a CNAME to \(target); its address comes from upstream")
        }
        if svc.isHeadless {
            let ips = endpoints(cluster, svc).compactMap(\.addresses.first).sorted()
            return ips.isEmpty ? nx : ("NOERROR", ips.map(\.description), ips, "CoreDNS kubernetes plugin: headless Service \(ns)/\(svcName) answers its ready pod addresses")
        }
        let ips = svc.clusterIPs.filter { $0.family == .ipv4 }
        return ("NOERROR", ips.map(\.description), ips, "CoreDNS kubernetes plugin: Service \(ns)/\(svcName) has ClusterIP \(ips.map(\.description).joined(separator: ","))")
    }

    static func endpoints(_ cluster: Cluster, _ svc: Service) -> [EndpointSlice.Endpoint] {
        cluster.endpointSlices(for: svc).flatMap(\.endpoints).filter { $0.ready || svc.publishNotReadyAddresses }
    }
}

extension String {
    func replacingDashes() -> String { String(map { $0 == "-" ? "." : $0 }) }
}
