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

    /// A restore script holding everything the node has: `payload` (kube-proxy's sync, as
    /// `*filter`/`*nat` sections in any order) merged with canaries and built-in jumps.
    static func compose(payload: String, jumps: [Jump], family: IPFamily, extraFilterChains: [String] = [], extraFilterRules: [String] = []) -> String {
        var sections: [String: (chains: [String], rules: [String])] = ["filter": ([], []), "nat": ([], [])]
        var current: String? = nil
        for line in payload.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("*") { current = String(line.dropFirst()); continue }
            guard let t = current, line != "COMMIT" else { continue }
            if line.hasPrefix(":") { sections[t, default: ([], [])].chains.append(String(line)) } else { sections[t, default: ([], [])].rules.append(String(line)) }
        }
        var out = "*mangle\n:KUBE-IPTABLES-HINT - [0:0]\n:KUBE-KUBELET-CANARY - [0:0]\n:KUBE-PROXY-CANARY - [0:0]\nCOMMIT\n"
        for t in ["filter", "nat"] {
            out += "*\(t)\n:KUBE-KUBELET-CANARY - [0:0]\n:KUBE-PROXY-CANARY - [0:0]\n"
            let s = sections[t] ?? ([], [])
            var declared = Set(s.chains)
            for c in s.chains { out += c + "\n" }
            if t == "filter" {
                for c in extraFilterChains where declared.insert(c).inserted { out += c + "\n" }
            }
            for r in s.rules { out += r + "\n" }
            if t == "filter" { for r in extraFilterRules { out += r + "\n" } }
            // A jump whose target this node does not have (KUBE-FIREWALL on IPv6) is left out.
            for j in jumps where j.table == t {
                guard let target = j.rule.split(separator: " ").last, declared.contains(":\(target) - [0:0]") else { continue }
                out += "-A \(j.chain) \(j.rule)\n"
            }
            out += "COMMIT\n"
        }
        return out
    }
}
