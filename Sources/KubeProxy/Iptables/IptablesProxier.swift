import NetCore

/// What kube-proxy in `iptables` mode hands to `iptables-restore --noflush --counters` on
/// one node (pkg/proxy/iptables/proxier.go `syncProxyRules`; reference §3, §5, §8.1).
///
/// Service blocks are written in service-port-name order (kube-proxy walks a map, so its
/// order is arbitrary; the reference allows any order). The NodePort tail rule stays last
/// in nat `KUBE-SERVICES`.
public struct IptablesProxier: Sendable {
    public var config: ProxyConfig
    public var family: IPFamily
    public var nodeName: String
    public var nodeIP: IPAddress?

    public init(config: ProxyConfig, family: IPFamily = .ipv4, nodeName: String, nodeIP: IPAddress?) {
        self.config = config; self.family = family; self.nodeName = nodeName; self.nodeIP = nodeIP
    }

    /// Above this many endpoints kube-proxy leaves the per-endpoint comments out
    /// (`largeClusterEndpointsThreshold`).
    public static let largeClusterEndpointsThreshold = 1000

    /// `fmt.Sprintf("%0.10f", 1.0/float64(n))`.
    public static func probability(_ n: Int) -> String {
        guard n > 0 else { return "1.0000000000" }
        let scale: UInt64 = 10_000_000_000
        var q = scale / UInt64(n)
        let r = scale % UInt64(n)
        if 2 * r > UInt64(n) || (2 * r == UInt64(n) && q & 1 == 1) { q += 1 }
        let frac = String(q % scale)
        return "\(q / scale)." + String(repeating: "0", count: 10 - frac.count) + frac
    }

    typealias Buffers = RestoreSections

    /// The restore payload (`*filter` then `*nat`), as kube-proxy writes it.
    public func restorePayload(_ ports: [ProxyServicePort]) -> String {
        sections(ports).text
    }

    /// The payload's chain and rule lines, table by table (kube-proxy's four line buffers).
    public func sections(_ ports: [ProxyServicePort]) -> RestoreSections {
        var b = Buffers()
        let mark = config.masqueradeMarkText
        for c in ["KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES", "KUBE-FORWARD", "KUBE-NODEPORTS", "KUBE-PROXY-FIREWALL"] { b.filterChains.append(":\(c) - [0:0]") }
        for c in ["KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-POSTROUTING", "KUBE-MARK-MASQ"] { b.natChains.append(":\(c) - [0:0]") }
        b.natRules.append("-A KUBE-POSTROUTING -m mark ! --mark \(mark)/\(mark) -j RETURN")
        b.natRules.append("-A KUBE-POSTROUTING -j MARK --xor-mark \(mark)")
        b.natRules.append("-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE" + (config.randomFully ? " --random-fully" : ""))
        b.natRules.append("-A KUBE-MARK-MASQ -j MARK --or-mark \(mark)")
        if family == .ipv4 && config.localhostNodePorts {
            b.filterChains.append(":KUBE-FIREWALL - [0:0]")
            b.filterRules.append("-A KUBE-FIREWALL -m comment --comment \"block incoming localnet connections\" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP")
        }
        let total = ports.reduce(0) { $0 + $1.endpoints.count }
        let large = total > IptablesProxier.largeClusterEndpointsThreshold
        writeServices(ports, large: large, into: &b)

        var tail = "-A KUBE-SERVICES -m comment --comment \"kubernetes service nodeports; NOTE: this must be the last rule in this chain\""
        if family == .ipv6 { tail += " ! -d ::1/128" } else if !config.localhostNodePorts { tail += " ! -d 127.0.0.0/8" }
        b.natRules.append(tail + " -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS")
        b.filterRules.append("-A KUBE-FORWARD -m conntrack --ctstate INVALID" + (config.nfacct ? " -m nfacct --nfacct-name ct_state_invalid_dropped_pkts" : "") + " -j DROP")
        b.filterRules.append("-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding rules\" -m mark --mark \(mark)/\(mark) -j ACCEPT")
        b.filterRules.append("-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding conntrack rule\" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT")

        return b
    }

    /// The nfacct counters the payload's `-m nfacct` matches need (`nfacct add NAME` first).
    public var nfacctCounters: [String] {
        guard config.nfacct else { return [] }
        return family == .ipv4 && config.localhostNodePorts ? ["ct_state_invalid_dropped_pkts", "localhost_nps_accepted_pkts"] : ["ct_state_invalid_dropped_pkts"]
    }

    private func host(_ ip: IPAddress) -> String { ip.description }

    func writeService(_ svc: ProxyServicePort, large: Bool, into b: inout Buffers) {
        let S = svc.name
        let p = svc.proto.lowercased
        let cat = CategorizedEndpoints(svc, node: nodeName)
        var sepNames: [String: String] = [:]
        for ep in cat.reachable { sepNames[ep.text] = ChainNames.sep(S, svc.proto, endpoint: ep.text) }
        let names = ChainNames.ServiceChains(S, svc.proto)
        let clusterChain = names.svc, localChain = names.svl, extChain = names.ext, fwChain = names.fw
        let usesClusterChain = !cat.cluster.isEmpty && svc.usesClusterEndpoints
        let usesLocalChain = !cat.local.isEmpty && svc.usesLocalEndpoints
        let hasEndpoints = cat.hasAny
        var internalChain = clusterChain, hasInternal = hasEndpoints
        if svc.internalPolicyLocal { internalChain = localChain; if cat.local.isEmpty { hasInternal = false } }
        var externalPolicyChain = clusterChain, hasExternal = hasEndpoints
        if svc.externalPolicyLocal { externalPolicyChain = localChain; if cat.local.isEmpty { hasExternal = false } }
        let usesExtChain = hasEndpoints && svc.externallyAccessible
        let usesFW = hasEndpoints && !svc.loadBalancerVIPs.isEmpty && !svc.loadBalancerSourceRanges.isEmpty
        let lbChain = usesFW ? fwChain : extChain
        var internalFilter = (target: "", comment: ""), externalFilter = (target: "", comment: "")
        if !hasEndpoints {
            internalFilter = ("REJECT", "\"\(S) has no endpoints\"")
            externalFilter = internalFilter
        } else {
            if !hasInternal { internalFilter = ("DROP", "\"\(S) has no local endpoints\"") }
            if !hasExternal { externalFilter = ("DROP", "\"\(S) has no local endpoints\"") }
        }
        let proto = "-m \(p) -p \(p)"
        let vip = host(svc.clusterIP)

        if hasInternal {
            b.natRules.append("-A KUBE-SERVICES -m comment --comment \"\(S) cluster IP\" \(proto) -d \(vip) --dport \(svc.port) -j \(internalChain)")
        } else {
            b.filterRules.append("-A KUBE-SERVICES -m comment --comment \(internalFilter.comment) \(proto) -d \(vip) --dport \(svc.port) -j \(internalFilter.target)")
        }
        for eip in svc.externalIPs {
            if hasEndpoints {
                b.natRules.append("-A KUBE-SERVICES -m comment --comment \"\(S) external IP\" \(proto) -d \(host(eip)) --dport \(svc.port) -j \(extChain)")
            }
            if !hasExternal {
                b.filterRules.append("-A KUBE-EXTERNAL-SERVICES -m comment --comment \(externalFilter.comment) \(proto) -d \(host(eip)) --dport \(svc.port) -j \(externalFilter.target)")
            }
        }
        for lb in svc.loadBalancerVIPs {
            if hasEndpoints {
                b.natRules.append("-A KUBE-SERVICES -m comment --comment \"\(S) loadbalancer IP\" \(proto) -d \(host(lb)) --dport \(svc.port) -j \(lbChain)")
            }
            if usesFW {
                b.filterRules.append("-A KUBE-PROXY-FIREWALL -m comment --comment \"\(S) traffic not accepted by \(fwChain)\" \(proto) -d \(host(lb)) --dport \(svc.port) -j DROP")
            }
        }
        if !hasExternal {
            for lb in svc.loadBalancerVIPs {
                b.filterRules.append("-A KUBE-EXTERNAL-SERVICES -m comment --comment \(externalFilter.comment) \(proto) -d \(host(lb)) --dport \(svc.port) -j \(externalFilter.target)")
            }
        }
        if let np = svc.nodePort {
            if hasEndpoints {
                if family == .ipv4 && config.localhostNodePorts && config.nfacct {
                    b.natRules.append("-A KUBE-NODEPORTS -m comment --comment \(S) \(proto) -d 127.0.0.0/8 --dport \(np) -m nfacct --nfacct-name localhost_nps_accepted_pkts -j \(extChain)")
                }
                b.natRules.append("-A KUBE-NODEPORTS -m comment --comment \(S) \(proto) --dport \(np) -j \(extChain)")
            }
            if !hasExternal {
                b.filterRules.append("-A KUBE-EXTERNAL-SERVICES -m comment --comment \(externalFilter.comment) -m addrtype --dst-type LOCAL \(proto) --dport \(np) -j \(externalFilter.target)")
            }
        }
        if let hc = svc.healthCheckNodePort {
            b.filterRules.append("-A KUBE-NODEPORTS -m comment --comment \"\(S) health check node port\" -m tcp -p tcp --dport \(hc) -j ACCEPT")
        }
        if hasInternal {
            let args = "-m comment --comment \"\(S) cluster IP\" \(proto) -d \(vip) --dport \(svc.port)"
            if config.masqueradeAll {
                b.natRules.append("-A \(internalChain) \(args) -j KUBE-MARK-MASQ")
            } else if let cidr = config.clusterCIDR {
                b.natRules.append("-A \(internalChain) \(args) ! -s \(cidr) -j KUBE-MARK-MASQ")
            }
        }
        if usesExtChain {
            b.natChains.append(":\(extChain) - [0:0]")
            if !svc.externalPolicyLocal {
                b.natRules.append("-A \(extChain) -m comment --comment \"masquerade traffic for \(S) external destinations\" -j KUBE-MARK-MASQ")
            } else {
                if let cidr = config.clusterCIDR {
                    b.natRules.append("-A \(extChain) -m comment --comment \"pod traffic for \(S) external destinations\" -s \(cidr) -j \(clusterChain)")
                }
                b.natRules.append("-A \(extChain) -m comment --comment \"masquerade LOCAL traffic for \(S) external destinations\" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ")
                b.natRules.append("-A \(extChain) -m comment --comment \"route LOCAL traffic for \(S) external destinations\" -m addrtype --src-type LOCAL -j \(clusterChain)")
            }
            if hasExternal { b.natRules.append("-A \(extChain) -j \(externalPolicyChain)") }
        }
        if usesFW {
            b.natChains.append(":\(fwChain) - [0:0]")
            let args = "-A \(fwChain) -m comment --comment \"\(S) loadbalancer IP\""
            var allowFromNode = false
            for r in svc.loadBalancerSourceRanges {
                b.natRules.append("\(args) -s \(r) -j \(extChain)")
                if let n = nodeIP, r.contains(n) { allowFromNode = true }
            }
            if allowFromNode { for lb in svc.loadBalancerVIPs { b.natRules.append("\(args) -s \(host(lb)) -j \(extChain)") } }
            b.natRules.append("-A \(fwChain) -m comment --comment \"other traffic to \(S) will be dropped by KUBE-PROXY-FIREWALL\"")
        }
        if usesClusterChain {
            b.natChains.append(":\(clusterChain) - [0:0]")
            writeEndpointRules(svc, chain: clusterChain, endpoints: cat.cluster, seps: sepNames, large: large, into: &b)
        }
        if usesLocalChain {
            b.natChains.append(":\(localChain) - [0:0]")
            writeEndpointRules(svc, chain: localChain, endpoints: cat.local, seps: sepNames, large: large, into: &b)
        }
        for ep in cat.reachable {
            let sep = sepNames[ep.text] ?? ChainNames.sep(S, svc.proto, endpoint: ep.text)
            b.natChains.append(":\(sep) - [0:0]")
            let comment = large ? "" : " -m comment --comment \(S)"
            b.natRules.append("-A \(sep)\(comment) -s \(host(ep.ip)) -j KUBE-MARK-MASQ")
            let recent = svc.stickySeconds != nil ? " -m recent --name \(sep) --set" : ""
            b.natRules.append("-A \(sep)\(comment)\(recent) \(proto) -j DNAT --to-destination \(ep.text)")
        }
    }

    private func writeEndpointRules(_ svc: ProxyServicePort, chain: String, endpoints: [ProxyEndpoint], seps: [String: String], large: Bool, into b: inout Buffers) {
        let S = svc.name
        func comment(_ ep: ProxyEndpoint) -> String { large ? "" : " -m comment --comment \"\(S) -> \(ep.text)\"" }
        if let seconds = svc.stickySeconds {
            for ep in endpoints {
                let sep = seps[ep.text] ?? ChainNames.sep(S, svc.proto, endpoint: ep.text)
                b.natRules.append("-A \(chain)\(comment(ep)) -m recent --name \(sep) --rcheck --seconds \(seconds) --reap -j \(sep)")
            }
        }
        for (i, ep) in endpoints.enumerated() {
            let sep = seps[ep.text] ?? ChainNames.sep(S, svc.proto, endpoint: ep.text)
            let stat = i < endpoints.count - 1 ? " -m statistic --mode random --probability \(IptablesProxier.probability(endpoints.count - i))" : ""
            b.natRules.append("-A \(chain)\(comment(ep))\(stat) -j \(sep)")
        }
    }
}

/// A restore payload as kube-proxy builds it: chain lines and rule lines for `filter` and `nat`.
public struct RestoreSections: Sendable {
    public var filterChains: [String] = []
    public var filterRules: [String] = []
    public var natChains: [String] = []
    public var natRules: [String] = []

    /// `*filter` then `*nat`, each closed by COMMIT.
    public var text: String {
        var out = "*filter\n"
        out.reserveCapacity((filterRules.count + natRules.count) * 110 + (filterChains.count + natChains.count) * 30)
        for l in filterChains { out += l; out += "\n" }
        for l in filterRules { out += l; out += "\n" }
        out += "COMMIT\n*nat\n"
        for l in natChains { out += l; out += "\n" }
        for l in natRules { out += l; out += "\n" }
        return out + "COMMIT\n"
    }

    /// Reads `*filter` / `*nat` sections back from payload text (ipvs mode writes text).
    init(payload: String) {
        var current = ""
        for line in payload.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("*") { current = String(line.dropFirst()); continue }
            if line == "COMMIT" { continue }
            let isChain = line.hasPrefix(":")
            switch (current, isChain) {
            case ("filter", true): filterChains.append(String(line))
            case ("filter", false): filterRules.append(String(line))
            case ("nat", true): natChains.append(String(line))
            case ("nat", false): natRules.append(String(line))
            default: break
            }
        }
    }

    init() {}
}
