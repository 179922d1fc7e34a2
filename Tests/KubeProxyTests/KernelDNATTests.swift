import XCTest
import NetCore
import ClusterModel
import Netfilter
import TestSupport
@testable import KubeProxy

/// The real kernel as the judge: each cluster's rules for each node go into a fresh network
/// namespace through the real `iptables-restore`; connections from inside to every Service
/// address and NodePort show, in `conntrack -L`, which endpoints the kernel's DNAT chose.
/// They must be exactly the outcomes kubewalk predicts.
final class KernelDNATTests: XCTestCase {
    struct Target: Hashable {
        var proto: TransportProtocol
        var ip: IPAddress
        var port: Int
        var label: String
        var sticky: Bool
    }

    func testEveryClusterEveryNodeMatchesTheKernel() throws {
        if let why = NetnsSandbox.skipReason(tools: ["ip", "iptables-restore", "iptables-save", "conntrack", "nfacct"]) {
            throw XCTSkip("kernel DNAT test skipped: \(why)")
        }
        var checked = 0
        for (name, original) in KernelTestClusters.all() {
            var cluster = original
            if cluster.network.kubeProxy.mode == "ipvs" {
                // ipvs-mode rules match ipsets, which need the ipset tool and IPVS; the cluster's
                // Services are checked with the iptables-mode rules instead.
                print("kernel DNAT test: \(name) runs kube-proxy in ipvs mode; checking its Services with iptables-mode rules")
                cluster.network.kubeProxy.mode = "iptables"
            }
            XCTAssertEqual(cluster.diagnostics.errors.map(\.description), [], "\(name) has errors")
            for node in cluster.nodes {
                guard let nodeIP = node.internalIP, nodeIP.family == .ipv4 else { continue }
                checked += try checkNode(cluster: name, rules: KubeProxy.rules(for: cluster, node: node.name), nodeIP: nodeIP)
            }
        }
        XCTAssertGreaterThan(checked, 0, "no service address was checked")
        print("kernel DNAT test: \(checked) service addresses checked")
    }

    /// Returns the number of targets checked.
    func checkNode(cluster: String, rules: NodeRules, nodeIP: IPAddress) throws -> Int {
        let sandbox = try NetnsSandbox(label: "dnat")
        defer { sandbox.delete() }
        let context = "\(cluster)/\(rules.nodeName)"
        var setup = """
        set -e
        ip link set lo up
        ip link add kwt0 type veth peer name kwt1
        ip addr add \(nodeIP)/24 dev kwt0
        ip link set kwt0 up
        ip link set kwt1 up
        ip route add default dev kwt0
        sysctl -qw net.ipv4.conf.all.route_localnet=1

        """
        for a in rules.host.localAddresses.sorted() where a != nodeIP && !a.isLoopback && a.family == .ipv4 {
            setup += "ip addr add \(a)/32 dev kwt0\n"
        }
        for c in rules.nfacctCounters { setup += "nfacct add \(c)\n" }
        let s = sandbox.shell(setup)
        XCTAssertEqual(s.status, 0, "\(context): namespace setup failed: \(s.stderr)")
        guard s.status == 0 else { return 0 }

        // The real iptables-restore must take kubewalk's iptables-save text unchanged ...
        let saved = rules.iptablesSave()
        let restore = sandbox.run(["iptables-restore"], stdin: saved)
        XCTAssertEqual(restore.status, 0, "\(context): iptables-restore refused the rules: \(restore.stderr)")
        guard restore.status == 0 else { return 0 }
        // ... and print it back the same way.
        for table in ["nat", "filter", "mangle"] {
            let back = sandbox.run(["iptables-save", "-t", table]).stdout
                .split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n") + "\n"
            let ours = rules.iptablesSave(tables: [TableName(rawValue: table) ?? .nat])
            XCTAssertEqual(back, ours, "\(context): iptables-save -t \(table) differs from kubewalk's")
        }

        // Every Service address and NodePort, as the node itself connects to them.
        var targets: [Target] = []
        for p in rules.servicePorts where p.proto != .sctp {
            let sticky = p.stickySeconds != nil
            targets.append(Target(proto: p.proto, ip: p.clusterIP, port: p.port, label: "\(p.name) cluster IP", sticky: sticky))
            for e in p.externalIPs { targets.append(Target(proto: p.proto, ip: e, port: p.port, label: "\(p.name) external IP", sticky: sticky)) }
            for lb in p.loadBalancerVIPs { targets.append(Target(proto: p.proto, ip: lb, port: p.port, label: "\(p.name) LB IP", sticky: sticky)) }
            if let np = p.nodePort { targets.append(Target(proto: p.proto, ip: nodeIP, port: np, label: "\(p.name) nodePort", sticky: sticky)) }
        }
        var predicted: [Target: (dnat: Set<String>, count: Int)] = [:]
        var script = ""
        for t in targets {
            let result = rules.trace(Packet(proto: t.proto, source: nodeIP, destination: t.ip, destinationPort: t.port, locallyGenerated: true))
            let dnats = Set(result.outcomes.filter { $0.verdict == .accept }.compactMap(\.dnat))
            let n = max(24, 16 * dnats.count)
            predicted[t] = (dnats, n)
            let dev = t.proto == .udp ? "udp" : "tcp"
            let body = t.proto == .udp ? "echo x > /dev/udp/\(t.ip)/\(t.port)" : "exec 3<>/dev/tcp/\(t.ip)/\(t.port)"
            script += "for i in $(seq \(n)); do ( \(body) ) >/dev/null 2>&1 & done  # \(dev)\n"
        }
        // An endpoint on one of the node's own addresses (the API server on the control plane)
        // would answer the SYN with a RST, and the kernel forgets a connection reset at once;
        // dropping such packets on INPUT keeps the connection (confirmed in POSTROUTING) visible.
        let localAddresses = Set(rules.host.localAddresses.map(\.description) + [nodeIP.description])
        var localTargets = Set<String>()
        for (t, p) in predicted { for d in p.dnat where localAddresses.contains(String(d.split(separator: ":").first ?? "")) { localTargets.insert("\(t.proto.lowercased) \(d)") } }
        var drops = ""
        for lt in localTargets.sorted() {
            let parts = lt.split(separator: " "), hp = parts[1].split(separator: ":")
            drops += "iptables -I INPUT -p \(parts[0]) -d \(hp[0]) --dport \(hp[1]) -j DROP\n"
        }
        if !drops.isEmpty {
            let d = sandbox.shell(drops)
            XCTAssertEqual(d.status, 0, "\(context): \(d.stderr)")
        }
        script += "sleep 1.5\nkill $(jobs -p) >/dev/null 2>&1 || true\nwait >/dev/null 2>&1 || true\nconntrack -L 2>/dev/null\n"
        let traffic = sandbox.shell(script)
        let entries = ConntrackEntry.parse(traffic.stdout)

        for t in targets {
            guard let p = predicted[t] else { continue }
            let seen = entries.filter { $0.proto == t.proto.lowercased && $0.origDst == t.ip.description && $0.origDport == t.port }
            let chosen = Set(seen.compactMap(\.dnat))
            print("  \(context) \(t.label) \(t.ip):\(t.port): \(seen.count) connections, kernel chose \(chosen.sorted())")
            if p.dnat.isEmpty {
                XCTAssertEqual(chosen, [], "\(context) \(t.label) \(t.ip):\(t.port): kubewalk predicts no DNAT, the kernel chose \(chosen)")
            } else if t.sticky {
                XCTAssertEqual(chosen.count, 1, "\(context) \(t.label): session affinity should pin one endpoint, kernel used \(chosen)")
                XCTAssertTrue(chosen.isSubset(of: p.dnat), "\(context) \(t.label): kernel chose \(chosen), kubewalk predicts \(p.dnat)")
            } else {
                XCTAssertEqual(chosen, p.dnat, "\(context) \(t.label) \(t.ip):\(t.port): kernel's DNAT choices (\(seen.count) connections) vs kubewalk's outcomes")
            }
        }
        return targets.count
    }
}

/// One line of `conntrack -L`: the original tuple and where the reply comes from.
struct ConntrackEntry {
    var proto: String
    var origDst: String
    var origDport: Int
    var replySrc: String
    var replySport: Int

    /// The DNAT the kernel applied, as `ip:port` (nil when the reply comes from the original destination).
    var dnat: String? {
        replySrc == origDst && replySport == origDport ? nil : "\(replySrc):\(replySport)"
    }

    static func parse(_ text: String) -> [ConntrackEntry] {
        text.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            guard let proto = words.first else { return nil }
            var dsts: [String] = [], srcs: [String] = [], dports: [Int] = [], sports: [Int] = []
            for w in words {
                if w.hasPrefix("dst=") { dsts.append(String(w.dropFirst(4))) }
                if w.hasPrefix("src=") { srcs.append(String(w.dropFirst(4))) }
                if w.hasPrefix("dport="), let n = Int(w.dropFirst(6)) { dports.append(n) }
                if w.hasPrefix("sport="), let n = Int(w.dropFirst(6)) { sports.append(n) }
            }
            guard dsts.count >= 2, srcs.count >= 2, dports.count >= 1, sports.count >= 2 else { return nil }
            return ConntrackEntry(proto: String(proto), origDst: dsts[0], origDport: dports[0], replySrc: srcs[1], replySport: sports[1])
        }
    }
}
