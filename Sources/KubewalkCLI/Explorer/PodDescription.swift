import ClusterDNS
import ClusterModel
import PodNetwork

/// The explorer's Detail of a pod (`pod:NS/NAME`), below what the map already knows (IP,
/// node, ready, labels): its status and containers with their ports, the `/etc/resolv.conf`
/// kubelet writes into it (ClusterDNS's `KubeletDNS`: dnsPolicy, dnsConfig, kubelet's
/// limits), and how the CNI plugin plugged it in (PodNetwork: network namespace, `eth0`
/// and its address, the host end of the veth and its bridge, the routes inside the pod).
enum PodDescription {
    static func lines(_ cluster: Cluster, pod p: Pod, dns: ClusterDNSEngine) -> [String] {
        var out: [String] = []
        let ips = p.podIPs.map(\.description).joined(separator: ", ")
        out.append("phase \(p.statusReason ?? p.phase) · podIPs \(ips.isEmpty ? "none" : ips) · hostIP \(p.hostIP?.description ?? "-")"
                   + (p.restartCount > 0 ? " · \(p.restartCount) restarts" : ""))
        out.append("containers:")
        for c in p.spec.containers {
            let ports = c.ports.map { port in
                (port.name.map { $0 + " " } ?? "") + "\(port.containerPort)/\(port.proto.rawValue)" + (port.hostPort.map { " hostPort \($0)" } ?? "")
            }
            out.append("  \(c.name)\(c.image.map { " " + $0 } ?? "")" + (ports.isEmpty ? " (no ports declared)" : " · ports " + ports.joined(separator: ", ")))
        }
        let conf = dns.resolvConf(for: p)
        let policy = conf.dnsPolicy + (conf.effectivePolicy != conf.dnsPolicy ? " (applied as \(conf.effectivePolicy))" : "")
        out.append("/etc/resolv.conf (dnsPolicy \(policy)):")
        for line in conf.fileText.split(separator: "\n") { out.append("  " + line) }
        for w in conf.warnings { out.append("warning: \(w)") }
        guard !p.spec.hostNetwork else {
            out.append("network: hostNetwork, the node's own interfaces (no veth, no network namespace of its own)")
            return out
        }
        guard let a = PodNetwork.attachment(cluster, pod: p) else {
            out.append("network: not plugged in yet (no node or no address)")
            return out
        }
        out.append("network (CNI \(cluster.network.cni.plugin), `kubewalk node \(a.node)`):")
        out.append("  \(a.containerInterface) \(a.ip)/\(a.prefixLength) mtu \(a.mtu)")
        out.append("  ⇄ \(a.hostVeth)\(a.bridge.map { " master \($0)" } ?? " (routed, no bridge)")"
                   + (a.hostVethExact ? "" : " (stand-in: the real name is random)"))
        out.append("  netns \(a.netns)")
        out.append("  ip route (inside the pod):")
        for r in a.podRoutes { out.append("    \(r.text)") }
        return out
    }
}
