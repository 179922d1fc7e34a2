import NetCore

/// CoreDNS's `kubernetes` plugin answering one query (plugin/kubernetes: `parseRequest`,
/// `Records`, `ServeDNS`; the Kubernetes DNS specification), as `reference/dns.md` §4 sets out:
/// names are read from the right (`svc`/`pod`, namespace, service, then an endpoint or a
/// port and protocol), NXDOMAIN and NODATA are told apart exactly, and negative replies carry
/// the zone's SOA.
final class KubernetesPlugin: Sendable {
    enum Outcome {
        /// The plugin wrote the reply; for an ExternalName the server then resolves `cnameTarget`.
        case reply(DNSReply, cnameTarget: String?)
        /// The name does not exist here and lies in a `fallthrough` zone: the next plugin decides.
        case passOn(String)
    }

    enum Target {
        case empty(String)
        case apex
        case service(KubernetesIndex.ServiceEntry, endpoints: [Int]?, ports: [KubernetesIndex.Port]?)
        case pod(IPAddress, String)
        case dnsVersion
    }

    enum Lookup {
        case found(Target)
        case nameError(String)
    }

    let config: KubernetesPluginConfig
    let index: KubernetesIndex
    /// The SOA of each zone, built once.
    let soaRecords: [DNSRecord]
    /// Name → records for every ClusterIP Service name in every forward zone, built once, so
    /// the most common query (A or AAAA of `svc.ns.svc.zone`) is one hash lookup. Entries
    /// follow the same rules as `lookup` (exposed namespaces, `ignore empty_service`).
    let serviceNames: [String: ServiceName]

    struct ServiceName: Sendable {
        var fqdn: String
        var a: [DNSRecord]
        var aaaa: [DNSRecord]
        var why: String
    }

    init(config: KubernetesPluginConfig, index: KubernetesIndex) {
        self.config = config
        self.index = index
        soaRecords = config.zones.map { KubernetesPlugin.makeSOA($0.isEmpty ? "." : $0 + ".", ttl: config.ttl) }
        var names: [String: ServiceName] = [:]
        let exposed = Set(config.namespaces.map { $0.lowercased() })
        for zone in config.zones where !(zone.hasSuffix("in-addr.arpa") || zone.hasSuffix("ip6.arpa")) {
            for (_, e) in index.services {
                guard case .clusterIP = e.kind, exposed.isEmpty || exposed.contains(e.namespace.lowercased()) else { continue }
                if config.ignoreEmptyService && e.endpoints.isEmpty { continue }
                let key = "\(e.name.lowercased()).\(e.namespace.lowercased()).svc\(zone.isEmpty ? "" : "." + zone)"
                let fqdn = key + "."
                var a: [DNSRecord] = [], aaaa: [DNSRecord] = []
                for (ip, text) in e.clusterIPs {
                    if ip.family == .ipv4 { a.append(DNSRecord(name: fqdn, type: .A, ttl: config.ttl, data: text)) }
                    else { aaaa.append(DNSRecord(name: fqdn, type: .AAAA, ttl: config.ttl, data: text)) }
                }
                names[key] = ServiceName(fqdn: fqdn, a: a, aaaa: aaaa, why: e.addressWhy)
            }
        }
        serviceNames = names
    }

    /// The answer for an A/AAAA query of a ClusterIP Service name, from `serviceNames`.
    func fastServiceAnswer(_ q: DNSQuestion, key: String) -> DNSReply? {
        guard q.type.isAddress, let entry = serviceNames[key] else { return nil }
        var records = q.type == .A ? entry.a : entry.aaaa
        guard !records.isEmpty else { return nil }
        if q.name != entry.fqdn { for i in records.indices { records[i].name = q.name } }
        return DNSReply(rcode: .NOERROR, answers: records, authoritative: true, decidedBy: KubernetesPlugin.name, explanation: entry.why)
    }

    var primaryZone: String { config.zones.first ?? "cluster.local" }

    static let name = "kubernetes"

    func serve(_ q: DNSQuestion, key: String, zone: String) -> Outcome {
        if let fast = fastServiceAnswer(q, key: key) { return .reply(fast, cnameTarget: nil) }
        let zoneFQDN = zone.isEmpty ? "." : zone + "."
        if q.type == .SOA {
            if key == zone { return .reply(reply(.NOERROR, answers: [soa(zoneFQDN)], why: "SOA of the zone \(zoneFQDN)"), cnameTarget: nil) }
            return .reply(noData(zoneFQDN, why: "an SOA query below the zone apex never has data in the kubernetes plugin"), cnameTarget: nil)
        }
        if q.type == .NS && key == zone {
            var answers: [DNSRecord] = []
            var extra: [DNSRecord] = []
            let nsName = index.hasKubeDNS ? "kube-dns.kube-system.svc.\(primaryZone)." : "ns.dns.\(primaryZone)."
            answers.append(DNSRecord(name: q.name, type: .NS, ttl: config.ttl, data: nsName))
            for ip in index.kubeDNSClusterIPs { extra.append(DNSRecord(name: nsName, type: ip.family == .ipv4 ? .A : .AAAA, ttl: config.ttl, data: ip.description)) }
            return .reply(reply(.NOERROR, answers: answers, additional: extra, why: "NS at the zone apex names the Service in front of CoreDNS"), cnameTarget: nil)
        }
        let isReverse = zone.hasSuffix("in-addr.arpa") || zone.hasSuffix("ip6.arpa")
        if isReverse && key != zone {
            guard q.type == .PTR else { return nameError(key, zoneFQDN, why: "a reverse name only has PTR records in the kubernetes plugin") }
            guard let ip = DNSName.address(fromReverse: key) else {
                return nameError(key, zoneFQDN, why: "\(q.name) is not a complete reverse name of an address")
            }
            guard let owners = index.reverse[ip] else {
                return nameError(key, zoneFQDN, why: "no Service ClusterIP and no ready endpoint has the address \(ip)")
            }
            let answers = owners.map { DNSRecord(name: q.name, type: .PTR, ttl: config.ttl, data: "\($0.name).\(primaryZone).") }
            let why = owners.count == 1 ? "\(ip) is \(owners[0].what)" : "\(ip) is \(owners.map(\.what).joined(separator: " and "))"
            return .reply(reply(.NOERROR, answers: answers, why: why), cnameTarget: nil)
        }

        switch lookup(key, zone: zone) {
        case .nameError(let why):
            return nameError(key, zoneFQDN, why: why)
        case .found(let target):
            return records(q, target: target, zone: zone, zoneFQDN: zoneFQDN)
        }
    }

    /// Reads the name the way `parseRequest` does and finds what it names.
    func lookup(_ key: String, zone: String) -> Lookup {
        if key == zone { return .found(.apex) }
        let rest = zone.isEmpty ? Substring(key) : Substring(key.utf8.dropLast(zone.utf8.count + 1))
        let labels = rest.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).map { Substring($0) }
        let k = labels.count
        guard let last = labels.last else { return .found(.apex) }
        switch last {
        case "svc":
            if k == 1 { return .found(.empty("svc.\(zone) exists but holds no records")) }
            let ns = String(labels[k - 2])
            if let problem = namespaceProblem(ns) { return .nameError(problem) }
            if k == 2 { return .found(.empty("namespace \(ns) exists: \(ns).svc.\(zone) is an empty non-terminal")) }
            let svcName = labels[k - 3]
            guard let entry = index.services[String(svcName) + "." + ns] else {
                return .nameError("no Service \"\(svcName)\" in namespace \(ns)")
            }
            if k > 5 { return .nameError("too many labels left of Service \(entry.namespace)/\(entry.name) (at most an endpoint, or a port and a protocol)") }
            return serviceTarget(entry, labels: Array(labels.prefix(k - 3)))
        case "pod":
            if k == 1 { return .found(.empty("pod.\(zone) exists but holds no records")) }
            if config.pods == .disabled { return .nameError("pod records are off (`pods disabled`, the plugin's default)") }
            let ns = String(labels[k - 2])
            if let problem = namespaceProblem(ns) { return .nameError(problem) }
            if k == 2 { return .found(.empty("namespace \(ns) exists: \(ns).pod.\(zone) holds no records")) }
            if k > 3 { return .nameError("too many labels for a pod record (a-b-c-d.\(ns).pod.\(zone))") }
            let label = String(labels[0])
            guard let ip = DNSName.address(fromDashed: label) else { return .nameError("\"\(label)\" is not a dashed address (a-b-c-d)") }
            if config.pods == .verified {
                guard index.podAddresses.contains("\(ns)|\(ip)") else {
                    return .nameError("`pods verified`: no pod in namespace \(ns) has the address \(ip)")
                }
                return .found(.pod(ip, "`pods verified`: a pod in namespace \(ns) has \(ip)"))
            }
            return .found(.pod(ip, "`pods insecure`: \(label) is read as \(ip), without checking that such a pod exists"))
        case "dns-version" where k == 1:
            return .found(.dnsVersion)
        default:
            return .nameError("the label left of the zone is \"\(last)\"; only svc and pod exist under \(zone)")
        }
    }

    func namespaceProblem(_ ns: String) -> String? {
        if !index.namespaces.contains(ns) { return "there is no namespace \"\(ns)\"" }
        if !config.namespaces.isEmpty && !config.namespaces.contains(where: { $0.lowercased() == ns }) {
            return "namespace \(ns) is not exposed (`namespaces \(config.namespaces.joined(separator: " "))`)"
        }
        return nil
    }

    func serviceTarget(_ e: KubernetesIndex.ServiceEntry, labels: [Substring]) -> Lookup {
        let svc = e.qualified
        switch e.kind {
        case .externalName(let target):
            if !labels.isEmpty { return .nameError("Service \(svc) is an ExternalName: it has no endpoint or port names") }
            if NetCoreBridge.parse(target) != nil { return .nameError("Service \(svc) has externalName \(target), an IP address, which CoreDNS ignores") }
            if target.isEmpty { return .nameError("Service \(svc) is an ExternalName without spec.externalName") }
        case .headless:
            if e.endpoints.isEmpty {
                return .nameError("Service \(svc) is headless and has no ready endpoints\(e.notReadyCount > 0 ? " (\(e.notReadyCount) not ready; publishNotReadyAddresses would publish them)" : ""): the name does not exist")
            }
        case .clusterIP:
            if config.ignoreEmptyService && e.endpoints.isEmpty { return .nameError("Service \(svc) has no ready endpoints and `ignore empty_service` is set") }
        }
        if labels.count == 1 {
            let label = labels[0].lowercased()
            guard let idx = e.byLabel[label] else {
                var why = "Service \(svc) has no ready endpoint called \"\(label)\""
                if let ip = DNSName.address(fromDashed: label), e.endpoints.contains(where: { $0.hasHostname && $0.addresses.contains(ip) }) {
                    why += " (the endpoint with \(ip) has a hostname, so only that name resolves)"
                }
                return .nameError(why)
            }
            return .found(.service(e, endpoints: idx, ports: nil))
        }
        if labels.count == 2 {
            let port = strip(labels[0]), proto = strip(labels[1])
            if case .headless = e.kind {
                let idx = e.endpoints.indices.filter { i in e.endpoints[i].ports.contains { $0.name == port && $0.proto == proto } }
                guard !idx.isEmpty else { return .nameError("no ready endpoint of Service \(svc) has a port named \"\(port)\" with protocol \(proto)") }
                return .found(.service(e, endpoints: idx, ports: e.endpoints[idx[0]].ports.filter { $0.name == port && $0.proto == proto }))
            }
            let ports = e.ports.filter { $0.name == port && $0.proto == proto }
            guard !ports.isEmpty else { return .nameError("Service \(svc) has no port named \"\(port)\" with protocol \(proto)") }
            return .found(.service(e, endpoints: nil, ports: ports))
        }
        return .found(.service(e, endpoints: nil, ports: nil))
    }

    func strip(_ s: Substring) -> String { (s.hasPrefix("_") ? s.dropFirst() : s).lowercased() }

    // MARK: Replies

    func soa(_ zoneFQDN: String) -> DNSRecord {
        for r in soaRecords where r.name == zoneFQDN { return r }
        return KubernetesPlugin.makeSOA(zoneFQDN, ttl: config.ttl)
    }

    static func makeSOA(_ zoneFQDN: String, ttl: Int) -> DNSRecord {
        let host = zoneFQDN == "." ? "" : zoneFQDN
        return DNSRecord(name: zoneFQDN, type: .SOA, ttl: min(ttl, 300),
                         data: "ns.dns.\(host) hostmaster.\(host) \(KubernetesPlugin.soaSerial) 7200 1800 86400 \(ttl)")
    }

    /// CoreDNS writes the Unix time of the last API change it saw; kubewalk has no clock.
    static let soaSerial = 1_700_000_000

    func reply(_ rcode: DNSRcode, answers: [DNSRecord] = [], authority: [DNSRecord] = [], additional: [DNSRecord] = [], why: String) -> DNSReply {
        DNSReply(rcode: rcode, answers: answers, authority: authority, additional: additional, authoritative: true,
                 decidedBy: KubernetesPlugin.name, explanation: why)
    }

    func noData(_ zoneFQDN: String, why: String) -> DNSReply {
        reply(.NOERROR, authority: [soa(zoneFQDN)], why: "NODATA: " + why)
    }

    func nameError(_ key: String, _ zoneFQDN: String, why: String) -> Outcome {
        if config.fallsThrough(key) { return .passOn(why) }
        return .reply(reply(.NXDOMAIN, authority: [soa(zoneFQDN)], why: "NXDOMAIN: " + why), cnameTarget: nil)
    }
}
