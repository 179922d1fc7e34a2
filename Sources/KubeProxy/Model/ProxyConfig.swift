import NetCore
import ClusterModel

/// The kube-proxy settings that shape its rules (`KubeProxyConfiguration`), plus the facts
/// about the node's iptables that kube-proxy probes at start-up.
///
/// Defaults follow kube-proxy-iptables.md: masquerade bit 14, `localhostNodePorts: true`,
/// detect-local mode ClusterCIDR, `--random-fully` supported, and v1.31+ on a kernel with
/// nfacct (the `-m nfacct` counters of §3 and §5.2).
public struct ProxyConfig: Sendable, Hashable {
    public enum Mode: String, Sendable, Hashable, Codable { case iptables, ipvs }

    public var mode: Mode
    public var masqueradeAll: Bool
    /// `clusterCIDR`: the local-traffic detector (`-s CIDR` / `! -s CIDR`); nil disables it.
    public var clusterCIDR: IPPrefix?
    public var masqueradeBit: Int
    /// kube-proxy v1.31+ on a node with nfacct support.
    public var nfacct: Bool
    public var localhostNodePorts: Bool
    /// The iptables binary supports `MASQUERADE --random-fully`.
    public var randomFully: Bool

    public init(mode: Mode = .iptables, masqueradeAll: Bool = false, clusterCIDR: IPPrefix? = nil, masqueradeBit: Int = 14,
                nfacct: Bool = true, localhostNodePorts: Bool = true, randomFully: Bool = true) {
        self.mode = mode; self.masqueradeAll = masqueradeAll; self.clusterCIDR = clusterCIDR
        self.masqueradeBit = masqueradeBit; self.nfacct = nfacct; self.localhostNodePorts = localhostNodePorts
        self.randomFully = randomFully
    }

    /// The cluster's kube-proxy settings (ClusterNetwork `spec.kubeProxy` or the kube-proxy ConfigMap).
    public init(_ settings: ClusterNetwork.KubeProxy) {
        self.init(mode: settings.mode == "ipvs" ? .ipvs : .iptables, masqueradeAll: settings.masqueradeAll,
                  clusterCIDR: settings.clusterCIDR, masqueradeBit: settings.masqueradeBit)
    }

    /// `1 << masqueradeBit`.
    public var masqueradeMark: UInt32 { UInt32(1) << UInt32(max(0, min(31, masqueradeBit))) }

    /// The mark as kube-proxy writes it: `0x` and eight hex digits (`0x00004000`).
    public var masqueradeMarkText: String {
        let hex = String(masqueradeMark, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - hex.count)) + hex
    }
}
