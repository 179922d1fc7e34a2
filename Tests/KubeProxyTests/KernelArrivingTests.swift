import XCTest
import NetCore
import ClusterModel
import Netfilter
import TestSupport
@testable import KubeProxy

/// The arriving path against the real kernel: a client in its own namespace connects through
/// the node's namespace (forwarding on) to NodePorts, external and LB IPs and ClusterIPs.
/// The node's conntrack table must show exactly the DNAT choices kubewalk predicts for
/// packets entering PREROUTING — including externalTrafficPolicy: Local, where a node
/// without local endpoints drops the connection and one with them uses only those.
final class KernelArrivingTests: XCTestCase {
    static let client = IPAddress("192.168.56.250") ?? .v4(IPv4Address(0))

    func testOutsideClientThroughEveryNode() throws {
        if let why = NetnsSandbox.skipReason(tools: ["ip", "iptables-restore", "conntrack", "nfacct"]) {
            throw XCTSkip("kernel arriving-path test skipped: \(why)")
        }
        var checked = 0
        for (name, original) in KernelTestClusters.all() {
            var cluster = original
            cluster.network.kubeProxy.mode = "iptables"
            for node in cluster.nodes {
                guard let nodeIP = node.internalIP, nodeIP.family == .ipv4, nodeIP != Self.client else { continue }
                checked += try check(context: "\(name)/\(node.name)", rules: KubeProxy.rules(for: cluster, node: node.name), nodeIP: nodeIP)
            }
        }
        XCTAssertGreaterThan(checked, 0)
        print("kernel arriving-path test: \(checked) service addresses checked")
    }

    func check(context: String, rules: NodeRules, nodeIP: IPAddress) throws -> Int {
        let node = try NetnsSandbox(label: "arrive")
        defer { node.delete() }
        let client = try NetnsSandbox(label: "client")
        defer { client.delete() }
        // node: ext0 faces the client; pod traffic leaves through kwt0, whose peer is down, so
        // forwarded packets pass POSTROUTING (conntrack confirms them) and are then discarded.
        var setup = """
        set -e
        ip link set lo up
        ip link add ext0 type veth peer name ext1 netns \(client.name)
        ip addr add \(nodeIP)/24 dev ext0
        ip link set ext0 up
        ip link add kwt0 type veth peer name kwt1
        ip link set kwt0 up
        ip route add 10.0.0.0/8 dev kwt0
        ip route add 172.16.0.0/12 dev kwt0
        sysctl -qw net.ipv4.ip_forward=1
        sysctl -qw net.ipv4.conf.all.route_localnet=1

        """
        for a in rules.host.localAddresses.sorted() where a != nodeIP && !a.isLoopback && a.family == .ipv4 {
            setup += "ip addr add \(a)/32 dev kwt0\n"
        }
        for c in rules.nfacctCounters { setup += "nfacct add \(c)\n" }
        let s = node.shell(setup)
        XCTAssertEqual(s.status, 0, "\(context): node setup: \(s.stderr)")
        guard s.status == 0 else { return 0 }
        // A /32 and a default route through the node, so every address (even LB IPs in the
        // node's subnet) is sent to the node rather than looked up on the link.
        let c = client.shell("set -e\nip link set lo up\nip addr add \(Self.client)/32 dev ext1\nip link set ext1 up\nip route add \(nodeIP)/32 dev ext1\nip route add default via \(nodeIP)\n")
        XCTAssertEqual(c.status, 0, "\(context): client setup: \(c.stderr)")
        let restore = node.run(["iptables-restore"], stdin: rules.iptablesSave())
        XCTAssertEqual(restore.status, 0, "\(context): \(restore.stderr)")
        guard restore.status == 0, c.status == 0 else { return 0 }

        struct Target: Hashable { var ip: IPAddress; var port: Int; var label: String; var sticky: Bool }
        var targets: [Target] = []
        for p in rules.servicePorts where p.proto == .tcp {
            let sticky = p.stickySeconds != nil
            targets.append(Target(ip: p.clusterIP, port: p.port, label: "\(p.name) cluster IP", sticky: sticky))
            for e in p.externalIPs { targets.append(Target(ip: e, port: p.port, label: "\(p.name) external IP", sticky: sticky)) }
            for lb in p.loadBalancerVIPs { targets.append(Target(ip: lb, port: p.port, label: "\(p.name) LB IP", sticky: sticky)) }
            if let np = p.nodePort { targets.append(Target(ip: nodeIP, port: np, label: "\(p.name) nodePort", sticky: sticky)) }
        }
        var predicted: [Target: Set<String>] = [:]
        var script = ""
        let own = Set(rules.host.localAddresses.map(\.description) + [nodeIP.description])
        var skipped = 0
        for t in targets {
            let r = rules.trace(Packet(source: Self.client, destination: t.ip, destinationPort: t.port))
            let d = Set(r.outcomes.filter { $0.verdict == .accept }.compactMap(\.dnat))
            // An endpoint on the node's own address (the API server on the control plane) is
            // delivered locally; with nothing listening the kernel resets the connection and
            // forgets it at once. The node-originated test covers those (with an INPUT drop).
            if d.contains(where: { own.contains(String($0.split(separator: ":").first ?? "")) }) { skipped += 1; continue }
            predicted[t] = d
            script += "for i in $(seq \(max(24, 16 * d.count))); do ( exec 3<>/dev/tcp/\(t.ip)/\(t.port) ) >/dev/null 2>&1 & done\n"
        }
        if skipped > 0 { print("  \(context): \(skipped) target(s) with a node-local endpoint left to the node-originated test") }
        script += "sleep 1.5\nkill $(jobs -p) >/dev/null 2>&1 || true\nwait >/dev/null 2>&1 || true\n"
        client.shell(script)
        let entries = ConntrackEntry.parse(node.run(["conntrack", "-L"]).stdout)
        for t in targets {
            guard let p = predicted[t] else { continue }
            let seen = entries.filter { $0.proto == "tcp" && $0.origDst == t.ip.description && $0.origDport == t.port }
            let chosen = Set(seen.compactMap(\.dnat))
            if t.sticky && !p.isEmpty {
                XCTAssertEqual(chosen.count, 1, "\(context) \(t.label): affinity pins one endpoint, kernel used \(chosen)")
                XCTAssertTrue(chosen.isSubset(of: p), "\(context) \(t.label): kernel \(chosen), kubewalk \(p)")
            } else {
                XCTAssertEqual(chosen, p, "\(context) \(t.label) \(t.ip):\(t.port) from \(Self.client): kernel's DNAT choices (\(seen.count) connections) vs kubewalk's outcomes")
            }
        }
        return predicted.count
    }
}
