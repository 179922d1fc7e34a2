import NetCore

extension KubernetesPlugin {
    /// The records of an existing name for the asked type; NODATA when it has none
    /// (the handler's per-type switch, with the "fake A lookup" for other types).
    func records(_ q: DNSQuestion, target: Target, zone: String, zoneFQDN: String) -> Outcome {
        let ttl = config.ttl
        switch target {
        case .apex:
            return .reply(noData(zoneFQDN, why: "the zone apex \(zoneFQDN) exists but has no \(q.type.rawValue) record"), cnameTarget: nil)
        case .empty(let why):
            return .reply(noData(zoneFQDN, why: why), cnameTarget: nil)
        case .dnsVersion:
            if q.type == .TXT {
                return .reply(reply(.NOERROR, answers: [DNSRecord(name: q.name, type: .TXT, ttl: 28800, data: "\"1.1.0\"")],
                                    why: "the schema version of the Kubernetes DNS specification (TTL 28800)"), cnameTarget: nil)
            }
            return .reply(noData(zoneFQDN, why: "dns-version.\(zone) only has a TXT record"), cnameTarget: nil)
        case .pod(let ip, let why):
            if q.type.isAddress && (q.type == .A) == (ip.family == .ipv4) {
                return .reply(reply(.NOERROR, answers: [DNSRecord(name: q.name, type: q.type, ttl: ttl, data: ip.description)], why: why), cnameTarget: nil)
            }
            return .reply(noData(zoneFQDN, why: "\(why); no \(q.type.rawValue) record"), cnameTarget: nil)
        case .service(let e, let endpoints, let ports):
            return serviceRecords(q, e, endpoints: endpoints, ports: ports, zone: zone, zoneFQDN: zoneFQDN)
        }
    }

    func serviceRecords(_ q: DNSQuestion, _ e: KubernetesIndex.ServiceEntry, endpoints: [Int]?, ports: [KubernetesIndex.Port]?,
                        zone: String, zoneFQDN: String) -> Outcome {
        let ttl = config.ttl
        let svc = e.qualified
        switch q.type {
        case .A, .AAAA:
            let family: IPFamily = q.type == .A ? .ipv4 : .ipv6
            if case .externalName(let target) = e.kind {
                let t = DNSName.fullyQualified(target)
                return .reply(reply(.NOERROR, answers: [DNSRecord(name: q.name, type: .CNAME, ttl: ttl, data: t)],
                                    why: "Service \(svc) is an ExternalName: a CNAME to \(t), then CoreDNS resolves the target through its own plugin chain"),
                              cnameTarget: t)
            }
            if case .clusterIP = e.kind, endpoints == nil {
                // The common case, from strings built with the index.
                var answers: [DNSRecord] = []
                for (ip, text) in e.clusterIPs where ip.family == family { answers.append(DNSRecord(name: q.name, type: q.type, ttl: ttl, data: text)) }
                if !answers.isEmpty {
                    return .reply(reply(.NOERROR, answers: answers, why: ports == nil ? e.addressWhy : e.addressWhy + " (a port name answers like the Service name)"), cnameTarget: nil)
                }
            }
            let (addrs, why) = addresses(e, endpoints: endpoints, ports: ports)
            let matching = addrs.filter { $0.family == family }.sorted()
            if matching.isEmpty {
                return .reply(noData(zoneFQDN, why: "\(why), but none is \(family.rawValue)"), cnameTarget: nil)
            }
            return .reply(reply(.NOERROR, answers: matching.map { DNSRecord(name: q.name, type: q.type, ttl: ttl, data: $0.description) }, why: why),
                          cnameTarget: nil)
        case .CNAME:
            if case .externalName(let target) = e.kind {
                let t = DNSName.fullyQualified(target)
                return .reply(reply(.NOERROR, answers: [DNSRecord(name: q.name, type: .CNAME, ttl: ttl, data: t)],
                                    why: "Service \(svc) is an ExternalName; a CNAME query returns the CNAME alone"), cnameTarget: nil)
            }
            return .reply(noData(zoneFQDN, why: "Service \(svc) exists and is not an ExternalName, so it has no CNAME"), cnameTarget: nil)
        case .SRV:
            let svcFQDN = "\(e.name.lowercased()).\(e.namespace.lowercased()).svc.\(zone)."
            return srv(q, e, endpoints: endpoints, ports: ports, svcFQDN: svcFQDN, zone: zone, zoneFQDN: zoneFQDN)
        default:
            return .reply(noData(zoneFQDN, why: "Service \(svc) exists but the kubernetes plugin has no \(q.type.rawValue) records"), cnameTarget: nil)
        }
    }

    /// The addresses a service-level name stands for, and why.
    func addresses(_ e: KubernetesIndex.ServiceEntry, endpoints: [Int]?, ports: [KubernetesIndex.Port]?) -> ([IPAddress], String) {
        let svc = e.qualified
        if let endpoints {
            let eps = endpoints.map { e.endpoints[$0] }
            if ports == nil {
                let label = eps.first?.label ?? ""
                return (eps.flatMap(\.addresses), "\(label) is a ready endpoint of Service \(svc)\(eps.first?.pod.map { " (pod \($0))" } ?? "")")
            }
            return (eps.flatMap(\.addresses), "the ready endpoints of headless Service \(svc) with that port")
        }
        switch e.kind {
        case .clusterIP(let ips):
            return (ips, ports == nil ? e.addressWhy : e.addressWhy + " (a port name answers like the Service name)")
        case .headless:
            return (e.endpoints.flatMap(\.addresses), e.addressWhy)
        case .externalName:
            return ([], "Service \(svc) is an ExternalName")
        }
    }

    /// SRV records: one per (address × port), weight ⌊100/n⌋ counted before duplicates are
    /// removed, target the Service (ClusterIP) or the endpoint (headless), addresses in the
    /// additional section (`reference/dns.md` §4.3).
    func srv(_ q: DNSQuestion, _ e: KubernetesIndex.ServiceEntry, endpoints: [Int]?, ports: [KubernetesIndex.Port]?,
             svcFQDN: String, zone: String, zoneFQDN: String) -> Outcome {
        let ttl = config.ttl
        let svc = e.qualified
        struct Entry { var target: String; var port: Int; var addr: IPAddress }
        var entries: [Entry] = []
        switch e.kind {
        case .externalName:
            return .reply(noData(zoneFQDN, why: "Service \(svc) is an ExternalName: SRV has no data"), cnameTarget: nil)
        case .clusterIP(let ips) where endpoints == nil:
            for ip in ips { for p in ports ?? e.ports { entries.append(Entry(target: svcFQDN, port: p.port, addr: ip)) } }
        default:
            let chosen = endpoints ?? Array(e.endpoints.indices)
            for i in chosen {
                let ep = e.endpoints[i]
                let target = "\(ep.label).\(svcFQDN)"
                let eps = ports.map { want in ep.ports.filter { p in want.contains { $0.name == p.name && $0.proto == p.proto } } } ?? ep.ports
                for a in ep.addresses { for p in eps { entries.append(Entry(target: target, port: p.port, addr: a)) } }
            }
        }
        if entries.isEmpty {
            return .reply(noData(zoneFQDN, why: "Service \(svc) exists but has no ports, so no SRV records"), cnameTarget: nil)
        }
        let weight = 100 / entries.count
        var seen = Set<String>()
        var answers: [DNSRecord] = []
        var extra: [DNSRecord] = []
        var seenExtra = Set<String>()
        for en in entries {
            if seen.insert("\(en.target)|\(en.port)").inserted {
                answers.append(DNSRecord(name: q.name, type: .SRV, ttl: ttl, data: "0 \(weight) \(en.port) \(en.target)"))
            }
            if seenExtra.insert("\(en.target)|\(en.addr)").inserted {
                extra.append(DNSRecord(name: en.target, type: en.addr.family == .ipv4 ? .A : .AAAA, ttl: ttl, data: en.addr.description))
            }
        }
        answers.sort { $0.data < $1.data }
        let what: String
        if case .clusterIP = e.kind, endpoints == nil { what = "Service \(svc): one SRV per port\(ports == nil ? " (named or not)" : " matching the name and protocol"), target the Service" }
        else { what = "Service \(svc): one SRV per ready endpoint and port, target the endpoint's name" }
        return .reply(reply(.NOERROR, answers: answers, additional: extra, why: "\(what); weight ⌊100/\(entries.count)⌋ = \(weight)"), cnameTarget: nil)
    }
}
