import NetCore
import Netfilter

/// What kube-proxy in `ipvs` mode programs on one node (pkg/proxy/ipvs/proxier.go
/// `syncProxyRules` and `writeIptablesRules`): IPVS virtual servers (scheduler `rr`), the
/// `kube-ipvs0` addresses, the ipsets, and the few iptables rules that match those sets.
public struct IPVSProxier: Sendable {
    public var config: ProxyConfig
    public var family: IPFamily
    public var nodeName: String
    public var nodeIP: IPAddress?
    /// The node's own addresses (NodePort virtual servers listen on each).
    public var nodeAddresses: Set<IPAddress>
    public var scheduler = "rr"

    public init(config: ProxyConfig, family: IPFamily, nodeName: String, nodeIP: IPAddress?, nodeAddresses: Set<IPAddress>) {
        self.config = config; self.family = family; self.nodeName = nodeName; self.nodeIP = nodeIP; self.nodeAddresses = nodeAddresses
    }

    /// ipset name, type and comment (`ipsetInfo` in proxier.go, comments from ipset.go).
    static let setInfo: [(String, String, String)] = [
        ("KUBE-LOOP-BACK", "hash:ip,port,ip", "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose"),
        ("KUBE-CLUSTER-IP", "hash:ip,port", "Kubernetes service cluster ip + port for masquerade purpose"),
        ("KUBE-EXTERNAL-IP", "hash:ip,port", "Kubernetes service external ip + port for masquerade and filter purpose"),
        ("KUBE-EXTERNAL-IP-LOCAL", "hash:ip,port", "Kubernetes service external ip + port with externalTrafficPolicy=local"),
        ("KUBE-LOAD-BALANCER", "hash:ip,port", "Kubernetes service lb portal"),
        ("KUBE-LOAD-BALANCER-FW", "hash:ip,port", "Kubernetes service load balancer ip + port for load balancer with sourceRange"),
        ("KUBE-LOAD-BALANCER-LOCAL", "hash:ip,port", "Kubernetes service load balancer ip + port with externalTrafficPolicy=local"),
        ("KUBE-LOAD-BALANCER-SOURCE-IP", "hash:ip,port,ip", "Kubernetes service load balancer ip + port + source IP for packet filter purpose"),
        ("KUBE-LOAD-BALANCER-SOURCE-CIDR", "hash:ip,port,net", "Kubernetes service load balancer ip + port + source cidr for packet filter purpose"),
        ("KUBE-NODE-PORT-TCP", "bitmap:port", "Kubernetes nodeport TCP port for masquerade purpose"),
        ("KUBE-NODE-PORT-LOCAL-TCP", "bitmap:port", "Kubernetes nodeport TCP port with externalTrafficPolicy=local"),
        ("KUBE-NODE-PORT-UDP", "bitmap:port", "Kubernetes nodeport UDP port for masquerade purpose"),
        ("KUBE-NODE-PORT-LOCAL-UDP", "bitmap:port", "Kubernetes nodeport UDP port with externalTrafficPolicy=local"),
        ("KUBE-NODE-PORT-SCTP-HASH", "hash:ip,port", "Kubernetes nodeport SCTP port for masquerade purpose with type 'hash ip:port'"),
        ("KUBE-NODE-PORT-LOCAL-SCTP-HASH", "hash:ip,port", "Kubernetes nodeport SCTP port with externalTrafficPolicy=local with type 'hash ip:port'"),
        ("KUBE-HEALTH-CHECK-NODE-PORT", "bitmap:port", "Kubernetes health check node port"),
        ("KUBE-IPVS-IPS", "hash:ip", "Kubernetes service IP list"),
    ]

    /// Sets whose members turn into one iptables rule each (`ipsetWithIptablesChain`).
    static let setRules: [(set: String, table: String, from: String, to: String, match: String, proto: String?)] = [
        ("KUBE-LOOP-BACK", "nat", "KUBE-POSTROUTING", "MASQUERADE", "dst,dst,src", nil),
        ("KUBE-LOAD-BALANCER", "nat", "KUBE-SERVICES", "KUBE-LOAD-BALANCER", "dst,dst", nil),
        ("KUBE-LOAD-BALANCER-LOCAL", "nat", "KUBE-LOAD-BALANCER", "RETURN", "dst,dst", nil),
        ("KUBE-NODE-PORT-LOCAL-TCP", "nat", "KUBE-NODE-PORT", "RETURN", "dst", "tcp"),
        ("KUBE-NODE-PORT-TCP", "nat", "KUBE-NODE-PORT", "KUBE-MARK-MASQ", "dst", "tcp"),
        ("KUBE-NODE-PORT-LOCAL-UDP", "nat", "KUBE-NODE-PORT", "RETURN", "dst", "udp"),
        ("KUBE-NODE-PORT-UDP", "nat", "KUBE-NODE-PORT", "KUBE-MARK-MASQ", "dst", "udp"),
        ("KUBE-NODE-PORT-LOCAL-SCTP-HASH", "nat", "KUBE-NODE-PORT", "RETURN", "dst,dst", "sctp"),
        ("KUBE-NODE-PORT-SCTP-HASH", "nat", "KUBE-NODE-PORT", "KUBE-MARK-MASQ", "dst,dst", "sctp"),
        ("KUBE-LOAD-BALANCER-FW", "filter", "KUBE-PROXY-FIREWALL", "KUBE-SOURCE-RANGES-FIREWALL", "dst,dst", nil),
        ("KUBE-LOAD-BALANCER-SOURCE-CIDR", "filter", "KUBE-SOURCE-RANGES-FIREWALL", "RETURN", "dst,dst,src", nil),
        ("KUBE-LOAD-BALANCER-SOURCE-IP", "filter", "KUBE-SOURCE-RANGES-FIREWALL", "RETURN", "dst,dst,src", nil),
    ]

    /// The jumps from built-in chains (`iptablesJumpChain`), in their final order: each is
    /// prepended, so within a chain the last created comes first.
    static func jumps() -> [NodeTables.Jump] {
        [
            NodeTables.Jump(table: "nat", chain: "PREROUTING", rule: "-m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"),
            NodeTables.Jump(table: "nat", chain: "OUTPUT", rule: "-m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"),
            NodeTables.Jump(table: "nat", chain: "POSTROUTING", rule: "-m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING"),
            NodeTables.Jump(table: "filter", chain: "INPUT", rule: "-m comment --comment \"kubernetes ipvs access filter\" -j KUBE-IPVS-FILTER"),
            NodeTables.Jump(table: "filter", chain: "INPUT", rule: "-m comment --comment \"kube-proxy firewall rules\" -j KUBE-PROXY-FIREWALL"),
            NodeTables.Jump(table: "filter", chain: "INPUT", rule: "-m comment --comment \"kubernetes health check rules\" -j KUBE-NODE-PORT"),
            NodeTables.Jump(table: "filter", chain: "INPUT", rule: "-j KUBE-FIREWALL"),
            NodeTables.Jump(table: "filter", chain: "FORWARD", rule: "-m comment --comment \"kube-proxy firewall rules\" -j KUBE-PROXY-FIREWALL"),
            NodeTables.Jump(table: "filter", chain: "FORWARD", rule: "-m comment --comment \"kubernetes forwarding rules\" -j KUBE-FORWARD"),
            NodeTables.Jump(table: "filter", chain: "OUTPUT", rule: "-m comment --comment \"kubernetes ipvs access filter\" -j KUBE-IPVS-OUT-FILTER"),
            NodeTables.Jump(table: "filter", chain: "OUTPUT", rule: "-j KUBE-FIREWALL"),
        ]
    }

    /// Set name for this family (`KUBE-` becomes `KUBE-6-` for IPv6, at most 31 characters).
    func setName(_ n: String) -> String {
        guard family == .ipv6 else { return n }
        return String(("KUBE-6-" + n.dropFirst(5)).prefix(31))
    }

    /// Virtual servers, `kube-ipvs0` addresses and ipset members for `ports`.
    public func state(_ ports: [ProxyServicePort]) -> IPVSState {
        var members: [String: [IPSet.Entry]] = [:]
        var seen: [String: Set<String>] = [:]
        func add(_ set: String, _ e: IPSet.Entry) {
            if seen[set, default: []].insert(e.text).inserted { members[set, default: []].append(e) }
        }
        func ipPort(_ ip: IPAddress, _ p: String, _ port: Int) -> IPSet.Entry {
            IPSet.Entry(address: IPPrefix(address: ip, length: ip.family.bits), proto: p, port: port, text: "\(ip),\(p):\(port)")
        }
        var dummy: [IPAddress] = []
        var dummySeen = Set<IPAddress>()
        var servers: [IPVSVirtualServer] = []
        let nodeIPs = nodeAddresses.filter { $0.family == family && !$0.isLoopback }.sorted()
        for svc in ports {
            let p = svc.proto.lowercased
            let cat = CategorizedEndpoints(svc, node: nodeName)
            for ep in svc.endpoints where ep.nodeName == nodeName {
                add("KUBE-LOOP-BACK", IPSet.Entry(address: IPPrefix(address: ep.ip, length: ep.ip.family.bits), proto: p, port: ep.port,
                                                  address2: IPPrefix(address: ep.ip, length: ep.ip.family.bits), text: "\(ep.ip),\(p):\(ep.port),\(ep.ip)"))
            }
            func server(_ addr: IPAddress, _ port: Int, local: Bool, kind: String, bind: Bool) {
                let eps = local ? cat.local : (svc.internalPolicyLocal && kind == "cluster IP" ? cat.local : cat.cluster)
                servers.append(IPVSVirtualServer(proto: svc.proto, address: addr, port: port, scheduler: scheduler,
                                                 persistentSeconds: svc.stickySeconds,
                                                 realServers: eps.map { .init(address: $0.ip, port: $0.port, weight: 1) },
                                                 servicePort: svc.name, kind: kind))
                if bind && dummySeen.insert(addr).inserted { dummy.append(addr) }
            }
            add("KUBE-CLUSTER-IP", ipPort(svc.clusterIP, p, svc.port))
            server(svc.clusterIP, svc.port, local: false, kind: "cluster IP", bind: true)
            for eip in svc.externalIPs {
                add(svc.externalPolicyLocal ? "KUBE-EXTERNAL-IP-LOCAL" : "KUBE-EXTERNAL-IP", ipPort(eip, p, svc.port))
                server(eip, svc.port, local: svc.externalPolicyLocal, kind: "external IP", bind: !nodeAddresses.contains(eip))
            }
            for lb in svc.loadBalancerVIPs {
                add("KUBE-LOAD-BALANCER", ipPort(lb, p, svc.port))
                if svc.externalPolicyLocal { add("KUBE-LOAD-BALANCER-LOCAL", ipPort(lb, p, svc.port)) }
                if !svc.loadBalancerSourceRanges.isEmpty {
                    add("KUBE-LOAD-BALANCER-FW", ipPort(lb, p, svc.port))
                    var allowFromNode = false
                    for cidr in svc.loadBalancerSourceRanges {
                        add("KUBE-LOAD-BALANCER-SOURCE-CIDR", IPSet.Entry(address: IPPrefix(address: lb, length: lb.family.bits), proto: p, port: svc.port,
                                                                          address2: cidr, text: "\(lb),\(p):\(svc.port),\(cidr)"))
                        if let n = nodeIP, cidr.contains(n) { allowFromNode = true }
                    }
                    if allowFromNode {
                        add("KUBE-LOAD-BALANCER-SOURCE-IP", IPSet.Entry(address: IPPrefix(address: lb, length: lb.family.bits), proto: p, port: svc.port,
                                                                        address2: IPPrefix(address: lb, length: lb.family.bits), text: "\(lb),\(p):\(svc.port),\(lb)"))
                    }
                }
                server(lb, svc.port, local: svc.externalPolicyLocal, kind: "load balancer IP", bind: !nodeAddresses.contains(lb))
            }
            if let np = svc.nodePort, !nodeIPs.isEmpty {
                switch svc.proto {
                case .tcp, .udp:
                    let suffix = svc.proto == .tcp ? "TCP" : "UDP"
                    let e = IPSet.Entry(proto: p, port: np, text: "\(np)")
                    add("KUBE-NODE-PORT-\(suffix)", e)
                    if svc.externalPolicyLocal { add("KUBE-NODE-PORT-LOCAL-\(suffix)", e) }
                case .sctp:
                    for ip in nodeIPs {
                        add("KUBE-NODE-PORT-SCTP-HASH", ipPort(ip, p, np))
                        if svc.externalPolicyLocal { add("KUBE-NODE-PORT-LOCAL-SCTP-HASH", ipPort(ip, p, np)) }
                    }
                }
                for ip in nodeIPs { server(ip, np, local: svc.externalPolicyLocal, kind: "node port", bind: false) }
            }
            if let hc = svc.healthCheckNodePort { add("KUBE-HEALTH-CHECK-NODE-PORT", IPSet.Entry(proto: "tcp", port: hc, text: "\(hc)")) }
        }
        for a in dummy { add("KUBE-IPVS-IPS", IPSet.Entry(address: IPPrefix(address: a, length: a.family.bits), text: a.description)) }
        let sets = IPVSProxier.setInfo.map { info in
            IPSet(name: setName(info.0), type: info.1, comment: info.2,
                  entries: (members[info.0] ?? []).sorted { $0.text < $1.text })
        }
        return IPVSState(dummyAddresses: dummy.sorted(), virtualServers: servers, ipsets: sets)
    }

    /// The iptables restore payload of ipvs mode (`*nat` then `*filter`).
    public func restorePayload(_ state: IPVSState) -> String {
        let mark = config.masqueradeMarkText
        func nonEmpty(_ n: String) -> Bool { state.ipsets.first { $0.name == setName(n) }.map { !$0.entries.isEmpty } ?? false }
        func comment(_ n: String) -> String { "\"" + (IPVSProxier.setInfo.first { $0.0 == n }?.2 ?? "") + "\"" }
        var natRules: [String] = [], filterRules: [String] = []
        let lo = family == .ipv4 ? "127.0.0.0/8" : "::1/128"
        natRules.append("-A KUBE-SERVICES -s \(lo) -j RETURN")
        for r in IPVSProxier.setRules where nonEmpty(r.set) {
            let line = "-A \(r.from)" + (r.proto.map { " -p \($0)" } ?? "") + " -m comment --comment \(comment(r.set)) -m set --match-set \(setName(r.set)) \(r.match) -j \(r.to)"
            if r.table == "filter" { filterRules.append(line) } else { natRules.append(line) }
        }
        if nonEmpty("KUBE-CLUSTER-IP") {
            let base = "-A KUBE-SERVICES -m comment --comment \(comment("KUBE-CLUSTER-IP")) -m set --match-set \(setName("KUBE-CLUSTER-IP"))"
            if config.masqueradeAll { natRules.append("\(base) dst,dst -j KUBE-MARK-MASQ") }
            else if let cidr = config.clusterCIDR { natRules.append("\(base) dst,dst ! -s \(cidr) -j KUBE-MARK-MASQ") }
            else { natRules.append("\(base) src,dst -j KUBE-MARK-MASQ") }
        }
        for set in ["KUBE-EXTERNAL-IP", "KUBE-EXTERNAL-IP-LOCAL"] where nonEmpty(set) {
            let base = "-A KUBE-SERVICES -m comment --comment \(comment(set)) -m set --match-set \(setName(set)) dst,dst"
            if set == "KUBE-EXTERNAL-IP" { natRules.append("\(base) -j KUBE-MARK-MASQ") }
            natRules.append("\(base) -m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL -j ACCEPT")
            natRules.append("\(base) -m addrtype --dst-type LOCAL -j ACCEPT")
        }
        natRules.append("-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT")
        natRules.append("-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ")
        filterRules.append("-A KUBE-SOURCE-RANGES-FIREWALL -j DROP")
        for set in ["KUBE-CLUSTER-IP", "KUBE-LOAD-BALANCER"] where nonEmpty(set) {
            natRules.append("-A KUBE-SERVICES -m set --match-set \(setName(set)) dst,dst -j ACCEPT")
        }
        filterRules.append("-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding rules\" -m mark --mark \(mark)/\(mark) -j ACCEPT")
        filterRules.append("-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding conntrack rule\" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT")
        filterRules.append("-A KUBE-NODE-PORT -m comment --comment \(comment("KUBE-HEALTH-CHECK-NODE-PORT")) -m set --match-set \(setName("KUBE-HEALTH-CHECK-NODE-PORT")) dst -j ACCEPT")
        for (set, dir) in [("KUBE-LOAD-BALANCER", "dst,dst"), ("KUBE-CLUSTER-IP", "dst,dst"), ("KUBE-EXTERNAL-IP", "dst,dst"), ("KUBE-EXTERNAL-IP-LOCAL", "dst,dst"), ("KUBE-HEALTH-CHECK-NODE-PORT", "dst")] {
            filterRules.append("-A KUBE-IPVS-FILTER -m set --match-set \(setName(set)) \(dir) -j RETURN")
        }
        filterRules.append("-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set \(setName("KUBE-IPVS-IPS")) dst -j REJECT")
        natRules.append("-A KUBE-POSTROUTING -m mark ! --mark \(mark)/\(mark) -j RETURN")
        natRules.append("-A KUBE-POSTROUTING -j MARK --xor-mark \(mark)")
        natRules.append("-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE" + (config.randomFully ? " --random-fully" : ""))
        natRules.append("-A KUBE-MARK-MASQ -j MARK --or-mark \(mark)")
        var out = "*nat\n"
        for c in ["KUBE-SERVICES", "KUBE-POSTROUTING", "KUBE-NODE-PORT", "KUBE-LOAD-BALANCER", "KUBE-MARK-MASQ"] { out += ":\(c) - [0:0]\n" }
        for r in natRules { out += r + "\n" }
        out += "COMMIT\n*filter\n"
        for c in ["KUBE-FORWARD", "KUBE-NODE-PORT", "KUBE-PROXY-FIREWALL", "KUBE-SOURCE-RANGES-FIREWALL", "KUBE-IPVS-FILTER", "KUBE-IPVS-OUT-FILTER"] { out += ":\(c) - [0:0]\n" }
        for r in filterRules { out += r + "\n" }
        return out + "COMMIT\n"
    }

    /// `ipset create …` / `ipset add …` lines (what `ipset save` prints), for loading the sets.
    public static func ipsetRestore(_ state: IPVSState) -> String {
        var out = ""
        for s in state.ipsets {
            let fam = s.type == "bitmap:port" ? " range 0-65535" : " family inet hashsize 1024 maxelem 65536"
            out += "create \(s.name) \(s.type)\(fam) comment\n"
            for e in s.entries { out += "add \(s.name) \(e.text)\n" }
        }
        return out
    }
}
