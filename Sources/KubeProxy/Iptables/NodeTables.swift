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
    static func compose(_ p: RestoreSections, jumps: [Jump], extraFilterChains: [String] = [], extraFilterRules: [String] = []) -> String {
        var out = "*mangle\n:KUBE-IPTABLES-HINT - [0:0]\n:KUBE-KUBELET-CANARY - [0:0]\n:KUBE-PROXY-CANARY - [0:0]\nCOMMIT\n"
        out.reserveCapacity((p.filterRules.count + p.natRules.count) * 110 + (p.filterChains.count + p.natChains.count) * 30 + 4096)
        for t in ["filter", "nat"] {
            let chains = t == "filter" ? p.filterChains + extraFilterChains : p.natChains
            let rules = t == "filter" ? p.filterRules + extraFilterRules : p.natRules
            out += "*\(t)\n:KUBE-KUBELET-CANARY - [0:0]\n:KUBE-PROXY-CANARY - [0:0]\n"
            var declared = Set<Substring>()
            for c in chains {
                if let name = c.dropFirst().split(separator: " ").first, declared.insert(name).inserted { out += c; out += "\n" }
            }
            for r in rules { out += r; out += "\n" }
            for j in jumps where j.table == t {
                guard let target = j.rule.split(separator: " ").last, declared.contains(target) else { continue }
                out += "-A \(j.chain) \(j.rule)\n"
            }
            out += "COMMIT\n"
        }
        return out
    }
}
