import NetCore
import Netfilter

/// The rules a node holds besides kube-proxy's sync payload: kubelet's canary chains and
/// `KUBE-IPTABLES-HINT`, and the jumps from the built-in chains that kube-proxy (and kubelet)
/// insert at position 1 when missing (reference §1, §2; §8.2–§8.3 show the result).
enum NodeTables {
    struct Jump { var table: String; var chain: String; var rule: String }

    /// Built-in jumps in their final order (the reverse of the order they were inserted).
    static func iptablesModeJumps() -> [Jump] {
        [
            Jump(table: "nat", chain: "PREROUTING", rule: "-m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"),
            Jump(table: "nat", chain: "OUTPUT", rule: "-m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"),
            Jump(table: "nat", chain: "POSTROUTING", rule: "-m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING"),
            Jump(table: "filter", chain: "INPUT", rule: "-m conntrack --ctstate NEW -m comment --comment \"kubernetes load balancer firewall\" -j KUBE-PROXY-FIREWALL"),
            Jump(table: "filter", chain: "INPUT", rule: "-m comment --comment \"kubernetes health check service ports\" -j KUBE-NODEPORTS"),
            Jump(table: "filter", chain: "INPUT", rule: "-m conntrack --ctstate NEW -m comment --comment \"kubernetes externally-visible service portals\" -j KUBE-EXTERNAL-SERVICES"),
            Jump(table: "filter", chain: "INPUT", rule: "-j KUBE-FIREWALL"),
            Jump(table: "filter", chain: "FORWARD", rule: "-m conntrack --ctstate NEW -m comment --comment \"kubernetes load balancer firewall\" -j KUBE-PROXY-FIREWALL"),
            Jump(table: "filter", chain: "FORWARD", rule: "-m comment --comment \"kubernetes forwarding rules\" -j KUBE-FORWARD"),
            Jump(table: "filter", chain: "FORWARD", rule: "-m conntrack --ctstate NEW -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"),
            Jump(table: "filter", chain: "FORWARD", rule: "-m conntrack --ctstate NEW -m comment --comment \"kubernetes externally-visible service portals\" -j KUBE-EXTERNAL-SERVICES"),
            Jump(table: "filter", chain: "OUTPUT", rule: "-m conntrack --ctstate NEW -m comment --comment \"kubernetes load balancer firewall\" -j KUBE-PROXY-FIREWALL"),
            Jump(table: "filter", chain: "OUTPUT", rule: "-m conntrack --ctstate NEW -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"),
            Jump(table: "filter", chain: "OUTPUT", rule: "-j KUBE-FIREWALL"),
        ]
    }

    /// kubelet's KUBE-FIREWALL rule (IPv4), present on every node whichever proxy mode runs.
    static let kubeletFirewallRule = "-A KUBE-FIREWALL -m comment --comment \"block incoming localnet connections\" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP"

    /// A restore script holding everything the node has: kube-proxy's sync payload merged
    /// with canaries and built-in jumps (a jump whose target the node lacks is left out).
    /// Written as UTF-8 bytes, which is what the parser reads, so the ~18 MB script of a large
    /// cluster is not copied from a String first.
    static func compose(_ p: RestoreSections, jumps: [Jump], extraFilterChains: [String] = [], extraFilterRules: [String] = []) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((p.filterRules.count + p.natRules.count) * 110 + (p.filterChains.count + p.natChains.count) * 30 + 4096)
        func line(_ s: String) { out.append(contentsOf: s.utf8); out.append(10) }
        line("*mangle\n:KUBE-IPTABLES-HINT - [0:0]\n:KUBE-KUBELET-CANARY - [0:0]\n:KUBE-PROXY-CANARY - [0:0]\nCOMMIT")
        for t in ["filter", "nat"] {
            let chains = t == "filter" ? [p.filterChains, extraFilterChains] : [p.natChains]
            let rules = t == "filter" ? [p.filterRules, extraFilterRules] : [p.natRules]
            line("*\(t)\n:KUBE-KUBELET-CANARY - [0:0]\n:KUBE-PROXY-CANARY - [0:0]")
            var declared = Set<Substring>()
            for list in chains {
                for c in list {
                    let name = chainName(declaredBy: c)
                    if !name.isEmpty, declared.insert(name).inserted { line(c) }
                }
            }
            for list in rules { for r in list { line(r) } }
            for j in jumps where j.table == t {
                guard let target = j.rule.split(separator: " ").last, declared.contains(target) else { continue }
                line("-A \(j.chain) \(j.rule)")
            }
            line("COMMIT")
        }
        return out
    }

    /// `NAME` of a `:NAME POLICY [p:b]` line, found on its UTF-8 bytes.
    static func chainName(declaredBy line: String) -> Substring {
        let rest = line.utf8.dropFirst()
        let end = rest.firstIndex(of: UInt8(ascii: " ")) ?? rest.endIndex
        return line[rest.startIndex..<end]
    }
}
