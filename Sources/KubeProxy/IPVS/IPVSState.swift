import NetCore
import Netfilter

/// One IPVS virtual server (`ipvsadm -A -t VIP:PORT -s rr`) with its real servers, as
/// kube-proxy's ipvs proxier creates them (pkg/proxy/ipvs/proxier.go `syncService`,
/// `syncEndpoint`): masquerading (NAT) forwarding, weight 1.
public struct IPVSVirtualServer: Sendable, Hashable, Codable {
    public struct RealServer: Sendable, Hashable, Codable {
        public var address: IPAddress
        public var port: Int
        public var weight: Int
        public var text: String { address.withPort(port) }
    }

    public var proto: TransportProtocol
    public var address: IPAddress
    public var port: Int
    public var scheduler: String
    /// `sessionAffinity: ClientIP`: the persistence timeout in seconds.
    public var persistentSeconds: Int?
    public var realServers: [RealServer]
    /// The Service port it serves (`namespace/name:port`).
    public var servicePort: String
    /// What kind of address it listens on: `cluster IP`, `external IP`, `load balancer IP`, `node port`.
    public var kind: String
}

/// What ipvs-mode kube-proxy keeps on a node besides iptables rules.
public struct IPVSState: Sendable {
    /// Addresses bound to the `kube-ipvs0` dummy interface (every ClusterIP, external and LB IP
    /// not already on another interface).
    public var dummyAddresses: [IPAddress]
    public var virtualServers: [IPVSVirtualServer]
    /// The ipsets kube-proxy fills (`ipset list`), with their members.
    public var ipsets: [IPSet]

    public func virtualServer(proto: TransportProtocol, address: IPAddress, port: Int) -> IPVSVirtualServer? {
        virtualServers.first { $0.proto == proto && $0.address == address && $0.port == port }
    }

    /// What `ipvsadm -Ln` prints (services sorted by protocol, address and port, as `--sort` does).
    public func ipvsadmList() -> String {
        var out = "IP Virtual Server version 1.2.1 (size=4096)\n"
        out += "Prot LocalAddress:Port Scheduler Flags\n"
        out += "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n"
        let order: [TransportProtocol: Int] = [.tcp: 0, .udp: 1, .sctp: 2]
        let sorted = virtualServers.sorted {
            (order[$0.proto] ?? 0, $0.address, $0.port) < (order[$1.proto] ?? 0, $1.address, $1.port)
        }
        for vs in sorted {
            let prot = pad(vs.proto.rawValue, 4)
            out += "\(prot) \(vs.address.withPort(vs.port)) \(vs.scheduler)"
            if let t = vs.persistentSeconds { out += " persistent \(t)" }
            out += "\n"
            for rs in vs.realServers.sorted(by: { ($0.address, $0.port) < ($1.address, $1.port) }) {
                out += "  -> " + pad(rs.text, 28) + " "
                out += pad("Masq", 7) + " "
                out += pad(String(rs.weight), 6) + " "
                out += pad("0", 10) + " 0\n"
            }
        }
        return out
    }

    /// What `ip addr show kube-ipvs0` lists.
    public func kubeIPVS0() -> String {
        var out = "kube-ipvs0: <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN\n    link/ether (dummy)\n"
        for a in dummyAddresses { out += "    inet\(a.family == .ipv6 ? "6" : "") \(a)/\(a.family.bits) scope global kube-ipvs0\n" }
        return out
    }
}

/// Left-aligns `s` in a field of `width` characters (printf `%-Ns`).
func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
}
