import ClusterModel
import NetCore

/// PacketPath's own model of kube-proxy's iptables mode for the first packet of a
/// connection: ClusterIP, external IP, LoadBalancer IP and NodePort DNAT, endpoint
/// selection in kube-proxy's order (endpoints sorted by `ip:port` text, each 1/n),
/// internal/external traffic policy Local, masquerading (ClusterIP from outside the
/// cluster CIDR, NodePort with eTP=Cluster, hairpin), REJECT without endpoints and DROP
/// without local endpoints. Rule texts are kube-proxy's (reference/kube-proxy-iptables.md
/// §4–§5). Used until the KubeProxy + Netfilter engines are wired in `TraceEngines`.
enum FallbackKubeProxy {
    static let engine = "fallback kube-proxy model (PacketPath)"
    static let note = "netfilter decided by PacketPath's fallback kube-proxy model (iptables mode), not the Netfilter/KubeProxy engines"

    static func walk(_ cluster: Cluster, _ q: NetfilterQuery) -> NetfilterResult {
        let result = iptablesWalk(cluster, q)
        guard cluster.network.kubeProxy.mode == "ipvs" else { return result }
        // ipvs mode: the same endpoint set and traffic policies, decided by an IPVS virtual
        // server (scheduler rr, forwarding Masq) instead of KUBE-SVC/KUBE-SEP chains.
        var r = result
        r.notes.append("kube-proxy runs in ipvs mode: the Service address is on kube-ipvs0 and an IPVS virtual server (scheduler rr) rewrites the destination; kubewalk's fallback shows the endpoint set and policies of iptables mode, with IPVS wording")
        r.outcomes = r.outcomes.map { o in
            var o = o
            if o.verdict == .dnat, let a = o.dnatAddress, let p = o.dnatPort {
                o.decidingRule = "IPVS \(q.proto.rawValue) \(q.dst.withPort(q.dport)) rr → \(a.withPort(p)) Masq"
                o.explanation = o.explanation.replacingOccurrences("kube-proxy picks", "IPVS (round-robin) sends this connection to")
            }
            return o
        }
        return r
    }

    static func iptablesWalk(_ cluster: Cluster, _ q: NetfilterQuery) -> NetfilterResult {
        let node = cluster.node(named: q.node)
        let localDst = q.dst.isLoopback || (node?.ipAddresses.contains(q.dst) ?? false)
        let entry = q.hook == .output
            ? #"-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES"#
            : #"-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES"#
        if let m = match(cluster, q, localDst: localDst) {
            let svc = cluster.services[m.service], port = svc.ports[m.port]
            switch m.how {
            case nil: return clusterIP(cluster, q, svc, port, entry)
            case .some(let how): return external(cluster, q, svc, port, entry, how: how)
            }
        }
        var rules = [entry, "KUBE-SERVICES: no Service rule matches \(q.dst.withPort(q.dport))/\(q.proto.lowercased)"]
        if localDst {
            rules.append(#"-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS"#)
            rules.append("KUBE-NODEPORTS: no nodePort \(q.dport)")
        }
        let why = localDst ? "no Service uses \(q.dport) as a nodePort; the packet is for this node itself" : "the destination is not a Service address; nat leaves the packet as it is"
        return NetfilterResult(outcomes: [NetfilterOutcome(verdict: .accept, decidingRule: "(no kube-proxy rule matches)", rules: rules, explanation: why)],
                               service: nil, engine: engine, notes: [note])
    }

    enum ExternalKind { case nodePort, externalIP, loadBalancer }

    /// The Service port whose rule matches the packet: `how` nil for a ClusterIP, else the
    /// external kind. Scans the Services in place (no copies: this runs over 10,000 of them).
    static func match(_ cluster: Cluster, _ q: NetfilterQuery, localDst: Bool) -> (service: Int, port: Int, how: ExternalKind?)? {
        cluster.services.withUnsafeBufferPointer { services in
            for i in services.indices where services[i].type != .ExternalName && !services[i].isHeadless {
                let byVIP = services[i].clusterIPs.contains(q.dst)
                let byExternal = !byVIP && services[i].externalIPs.contains(q.dst)
                let byLB = !byVIP && !byExternal && services[i].type == .LoadBalancer && services[i].loadBalancerVIPs.contains(q.dst)
                guard byVIP || byExternal || byLB else { continue }
                for (j, p) in services[i].ports.enumerated() where p.proto == q.proto && p.port == q.dport {
                    return (i, j, byVIP ? nil : (byExternal ? .externalIP : .loadBalancer))
                }
            }
            guard localDst else { return nil }
            for i in services.indices where services[i].type == .NodePort || services[i].type == .LoadBalancer {
                for (j, p) in services[i].ports.enumerated() where p.proto == q.proto && p.nodePort == q.dport {
                    return (i, j, .nodePort)
                }
            }
            return nil
        }
    }

    private static func proto(_ p: TransportProtocol) -> String { "-m \(p.lowercased) -p \(p.lowercased)" }

    private static func clusterIP(_ cluster: Cluster, _ q: NetfilterQuery, _ svc: Service, _ port: ServicePort, _ entry: String) -> NetfilterResult {
        let s = ServiceEndpoints.portName(svc, port)
        let all = ServiceEndpoints.usable(cluster, service: svc, port: port)
        let local = svc.internalTrafficPolicy == "Local"
        let eps = local ? all.filter { $0.nodeName == q.node } : all
        let chain = local ? KubeProxyNames.svl(s, port.proto) : KubeProxyNames.svc(s, port.proto)
        let vip = q.dst
        var notes = [note]
        if svc.sessionAffinity == "ClientIP" {
            notes.append("sessionAffinity ClientIP: once a client has connected, the `recent` match sends it to the same endpoint for \(svc.sessionAffinityTimeoutSeconds)s; the first connection is drawn as shown")
        }
        guard !eps.isEmpty else {
            let reject = all.isEmpty
            let rule = "-A KUBE-SERVICES -m comment --comment \"\(s) has \(reject ? "no" : "no local") endpoints\" \(proto(port.proto)) -d \(vip) --dport \(port.port) -j \(reject ? "REJECT" : "DROP")"
            let why = reject
                ? "\(svc.namespace)/\(svc.name) has no ready endpoints: kube-proxy writes no nat rules for it, only a filter REJECT, so the client gets \"connection refused\""
                : "internalTrafficPolicy Local and no endpoint on \(q.node): filter DROP, the client waits and times out"
            return NetfilterResult(outcomes: [NetfilterOutcome(verdict: reject ? .reject : .drop, decidingRule: "filter " + rule,
                                                               rules: [entry, "KUBE-SERVICES (nat): no rule for \(vip.withPort(port.port))", "filter OUTPUT/FORWARD → KUBE-SERVICES: " + rule],
                                                               explanation: why)], service: "\(svc.namespace)/\(svc.name)", engine: engine, notes: notes)
        }
        let jump = "-A KUBE-SERVICES -m comment --comment \"\(s) cluster IP\" \(proto(port.proto)) -d \(vip) --dport \(port.port) -j \(chain)"
        var masq = false
        var masqLine: String
        let kp = cluster.network.kubeProxy
        if kp.masqueradeAll {
            masq = true
            masqLine = "-A \(chain) -m comment --comment \"\(s) cluster IP\" \(proto(port.proto)) -d \(vip) --dport \(port.port) -j KUBE-MARK-MASQ   (matched: masqueradeAll)"
        } else if let cidr = kp.clusterCIDR {
            masq = !cidr.contains(q.src)
            masqLine = "-A \(chain) -m comment --comment \"\(s) cluster IP\" \(proto(port.proto)) -d \(vip) --dport \(port.port) ! -s \(cidr) -j KUBE-MARK-MASQ   (\(masq ? "matched: source outside the cluster CIDR" : "skipped: source inside \(cidr)"))"
        } else {
            masqLine = "(no ClusterIP masquerade rule: kube-proxy has no clusterCIDR)"
        }
        let outcomes = selection(q, s, port.proto, chain: chain, eps: eps, prefix: [entry, jump, masqLine], mark: masq,
                                 why: "\(svc.namespace)/\(svc.name)'s ClusterIP \(vip.withPort(port.port))")
        return NetfilterResult(outcomes: outcomes, service: "\(svc.namespace)/\(svc.name)", engine: engine, notes: notes)
    }

    private static func external(_ cluster: Cluster, _ q: NetfilterQuery, _ svc: Service, _ port: ServicePort, _ entry: String, how: ExternalKind) -> NetfilterResult {
        let s = ServiceEndpoints.portName(svc, port)
        let all = ServiceEndpoints.usable(cluster, service: svc, port: port)
        let localEps = all.filter { $0.nodeName == q.node }
        let ext = KubeProxyNames.ext(s, port.proto)
        var prefix = [entry]
        let svcID = "\(svc.namespace)/\(svc.name)"
        let np = port.nodePort ?? 0
        switch how {
        case .nodePort:
            prefix.append(#"-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS"#)
            prefix.append("-A KUBE-NODEPORTS -m comment --comment \(s) \(proto(port.proto)) --dport \(np) -j \(ext)")
        case .externalIP:
            prefix.append("-A KUBE-SERVICES -m comment --comment \"\(s) external IP\" \(proto(port.proto)) -d \(q.dst) --dport \(port.port) -j \(ext)")
        case .loadBalancer:
            prefix.append("-A KUBE-SERVICES -m comment --comment \"\(s) loadbalancer IP\" \(proto(port.proto)) -d \(q.dst) --dport \(port.port) -j \(ext)")
        }
        let match = how == .nodePort ? "-m addrtype --dst-type LOCAL \(proto(port.proto)) --dport \(np)" : "\(proto(port.proto)) -d \(q.dst) --dport \(port.port)"
        func filterStop(_ reject: Bool, _ why: String) -> NetfilterResult {
            let rule = "-A KUBE-EXTERNAL-SERVICES -m comment --comment \"\(s) has \(reject ? "no" : "no local") endpoints\" \(match) -j \(reject ? "REJECT" : "DROP")"
            return NetfilterResult(outcomes: [NetfilterOutcome(verdict: reject ? .reject : .drop, decidingRule: "filter " + rule,
                                                               rules: Array(prefix.prefix(reject ? 1 : prefix.count)) + (reject ? ["nat: no rules for \(svcID) (no endpoints)"] : []) + ["filter INPUT/FORWARD → KUBE-EXTERNAL-SERVICES: " + rule],
                                                               explanation: why)], service: svcID, engine: engine, notes: [note])
        }
        if how == .loadBalancer && !svc.loadBalancerSourceRanges.isEmpty {
            prefix.append("(loadBalancerSourceRanges: KUBE-FW-… source checks are not modelled by the fallback)")
        }
        if all.isEmpty {
            return filterStop(true, "\(svcID) has no ready endpoints: kube-proxy writes only a filter REJECT, so the client gets \"connection refused\"")
        }
        let cidr = cluster.network.kubeProxy.clusterCIDR
        let srcLocal = q.src.isLoopback || (cluster.node(named: q.node)?.ipAddresses.contains(q.src) ?? false)
        if svc.externalTrafficPolicy == "Local" {
            if let cidr, cidr.contains(q.src) {
                prefix.append("-A \(ext) -m comment --comment \"pod traffic for \(s) external destinations\" -s \(cidr) -j \(KubeProxyNames.svc(s, port.proto))")
                return NetfilterResult(outcomes: selection(q, s, port.proto, chain: KubeProxyNames.svc(s, port.proto), eps: all, prefix: prefix, mark: false,
                                                           why: "\(svcID) (eTP Local, but pod traffic gets Cluster behaviour)"), service: svcID, engine: engine, notes: [note])
            }
            if srcLocal {
                prefix.append("-A \(ext) -m comment --comment \"masquerade LOCAL traffic for \(s) external destinations\" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ")
                prefix.append("-A \(ext) -m comment --comment \"route LOCAL traffic for \(s) external destinations\" -m addrtype --src-type LOCAL -j \(KubeProxyNames.svc(s, port.proto))")
                return NetfilterResult(outcomes: selection(q, s, port.proto, chain: KubeProxyNames.svc(s, port.proto), eps: all, prefix: prefix, mark: true,
                                                           why: "\(svcID) (eTP Local, but the node's own traffic gets Cluster behaviour)"), service: svcID, engine: engine, notes: [note])
            }
            guard !localEps.isEmpty else {
                prefix.append("KUBE-EXT chain: no local endpoint on \(q.node), so no jump to KUBE-SVL; nat leaves the packet alone")
                return filterStop(false, "externalTrafficPolicy Local and \(q.node) runs no endpoint of \(svcID): the packet is dropped (the client times out); a load balancer would have skipped this node after its health check on \(svc.healthCheckNodePort.map(String.init) ?? "the healthCheckNodePort")")
            }
            let svl = KubeProxyNames.svl(s, port.proto)
            prefix.append("-A \(ext) -j \(svl)")
            return NetfilterResult(outcomes: selection(q, s, port.proto, chain: svl, eps: localEps, prefix: prefix, mark: false,
                                                       why: "\(svcID) with externalTrafficPolicy Local: only endpoints on \(q.node), and the client's address is kept"),
                                   service: svcID, engine: engine, notes: [note])
        }
        prefix.append("-A \(ext) -m comment --comment \"masquerade traffic for \(s) external destinations\" -j KUBE-MARK-MASQ")
        prefix.append("-A \(ext) -j \(KubeProxyNames.svc(s, port.proto))")
        return NetfilterResult(outcomes: selection(q, s, port.proto, chain: KubeProxyNames.svc(s, port.proto), eps: all, prefix: prefix, mark: true,
                                                   why: "\(svcID) (externalTrafficPolicy Cluster: any endpoint, source masqueraded)"),
                               service: svcID, engine: engine, notes: [note])
    }

    /// The random draw in a KUBE-SVC/KUBE-SVL chain: one outcome per endpoint, 1/n each.
    private static func selection(_ q: NetfilterQuery, _ s: String, _ p: TransportProtocol, chain: String, eps: [ServiceEndpoint],
                                  prefix: [String], mark: Bool, why: String) -> [NetfilterOutcome] {
        let n = eps.count
        var statistic: [String] = []
        for (k, ep) in eps.enumerated() {
            let sep = KubeProxyNames.sep(s, p, ep.text)
            if k < n - 1 {
                statistic.append("-A \(chain) -m comment --comment \"\(s) -> \(ep.text)\" -m statistic --mode random --probability \(KubeProxyNames.probability(n - k)) -j \(sep)")
            } else {
                statistic.append("-A \(chain) -m comment --comment \"\(s) -> \(ep.text)\" -j \(sep)")
            }
        }
        return eps.enumerated().map { k, ep in
            let sep = KubeProxyNames.sep(s, p, ep.text)
            let hairpin = q.src == ep.ip
            var rules = prefix
            for j in 0..<k { rules.append(statistic[j] + "   (not drawn)") }
            rules.append(statistic[k] + (k < n - 1 ? "   (drawn)" : ""))
            rules.append("-A \(sep) -m comment --comment \(s) -s \(ep.ip) -j KUBE-MARK-MASQ   (\(hairpin ? "matched: hairpin, the pod reaches itself" : "skipped"))")
            let dnat = "-A \(sep) -m comment --comment \(s) -m \(p.lowercased) -p \(p.lowercased) -j DNAT --to-destination \(ep.text)"
            rules.append(dnat)
            let masq = mark || hairpin
            if masq {
                rules.append("POSTROUTING → KUBE-POSTROUTING: mark 0x4000 set → -j MASQUERADE --random-fully")
            }
            let probability = 1.0 / Double(n)
            return NetfilterOutcome(verdict: .dnat, probability: probability, dnatAddress: ep.ip, dnatPort: ep.port, endpointPod: ep.pod, masquerade: masq,
                                    decidingRule: dnat, rules: rules,
                                    explanation: "\(why): kube-proxy picks endpoint \(k + 1) of \(n) (\(ep.text)\(ep.pod.map { ", pod \($0)" } ?? "")) and DNATs to it\(masq ? "; the packet is marked for masquerading" : "")")
        }
    }
}

extension String {
    func replacingOccurrences(_ a: String, _ b: String) -> String {
        guard !a.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.range(of: a) {
            out += rest[..<r.lowerBound] + b
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
