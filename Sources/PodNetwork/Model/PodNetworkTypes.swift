import NetCore

/// One line of a routing table, as `ip route` prints it (iproute2's field order:
/// `[type] DEST [via GW] dev DEV [proto P] [scope S] [src A] [onlink]`).
public struct Route: Hashable, Sendable, Codable {
    /// `nil` for `default`.
    public var prefix: IPPrefix?
    /// `blackhole` for calico's aggregated block route; nil for unicast.
    public var type: String?
    public var via: IPAddress?
    public var dev: String?
    public var proto: String?
    public var scope: String?
    public var src: IPAddress?
    public var onlink: Bool
    /// Why this route is there, for the learner ("this node's own pod range, on the bridge").
    public var purpose: String

    public init(prefix: IPPrefix?, type: String? = nil, via: IPAddress? = nil, dev: String? = nil, proto: String? = nil,
                scope: String? = nil, src: IPAddress? = nil, onlink: Bool = false, purpose: String) {
        self.prefix = prefix
        self.type = type
        self.via = via
        self.dev = dev
        self.proto = proto
        self.scope = scope
        self.src = src
        self.onlink = onlink
        self.purpose = purpose
    }

    /// The line `ip route` prints.
    public var text: String {
        var parts: [String] = []
        if let type { parts.append(type) }
        parts.append(prefix.map { $0.length == $0.family.bits ? "\($0.address)" : $0.description } ?? "default")
        if let via { parts.append("via \(via)") }
        if let dev { parts.append("dev \(dev)") }
        if let proto { parts.append("proto \(proto)") }
        if let scope { parts.append("scope \(scope)") }
        if let src { parts.append("src \(src)") }
        if onlink { parts.append("onlink") }
        return parts.joined(separator: " ")
    }
}

/// How one pod is plugged in: what the CNI plugin did in its ADD call.
public struct PodAttachment: Hashable, Sendable, Codable {
    public var namespace: String
    public var pod: String
    public var node: String
    /// The network namespace (`/var/run/netns/<netns>`).
    public var netns: String
    /// The interface inside the pod (`eth0`).
    public var containerInterface: String
    public var ip: IPAddress
    public var prefixLength: Int
    public var gateway: IPAddress?
    /// The host end of the veth pair.
    public var hostVeth: String
    /// True when `hostVeth` is exactly what the plugin names it (calico); else derived.
    public var hostVethExact: Bool
    /// The bridge the host end is enslaved to, or nil when the pod is routed (calico).
    public var bridge: String?
    /// `ip route` inside the pod's namespace.
    public var podRoutes: [Route]
    public var mtu: Int
}

/// The overlay in use between two nodes, with its outer headers and the MTU it leaves.
///
/// flannel VXLAN: UDP 8472 (the Linux kernel's historic VXLAN port, flannel's default),
/// 50 bytes of outer Ethernet/IP/UDP/VXLAN. weave fast datapath: kernel VXLAN on UDP 6784;
/// weave's sleeve fallback (userspace, UDP 6783) when fastdp is unavailable. IP-in-IP:
/// IP protocol 4, 20 bytes (RFC 2003).
public struct Encapsulation: Hashable, Sendable, Codable {
    /// `none`, `vxlan`, `weave-fastdp`, `ipip`.
    public var kind: String
    public var device: String?
    /// `udp` or `ipip` (IP protocol 4); nil without encapsulation.
    public var outerProtocol: String?
    public var outerPort: Int?
    public var outerSrc: IPAddress?
    public var outerDst: IPAddress?
    public var overhead: Int
    /// The MTU pods get: the underlay's MTU minus the overhead.
    public var podMTU: Int
    public var note: String
}

/// One address handed out by IPAM.
public struct IPAMAllocation: Hashable, Sendable, Codable {
    public var ip: IPAddress
    /// `NAMESPACE/NAME`, or a description of a reserved address ("gateway").
    public var owner: String
}

/// A node's address pool: host-local's per-node range, or its share of weave's range.
public struct IPAMTable: Hashable, Sendable, Codable {
    public var node: String
    /// `host-local` or `weave`.
    public var plugin: String
    /// The range (a CIDR, or `first-last` for a weave share).
    public var range: String
    public var gateway: IPAddress?
    public var allocated: [IPAMAllocation]
    /// Addresses the plugin can hand out in total (excluding network, broadcast, gateway).
    public var capacity: UInt64
    public var free: UInt64
    public var notes: [String]
}

/// Everything the CNI plugin built on one node.
public struct NodeNetwork: Hashable, Sendable, Codable {
    public var node: String
    public var nodeIP: IPAddress?
    public var plugin: String
    public var bridge: String?
    /// The bridge's address with prefix length (`10.244.1.1/24`).
    public var bridgeAddress: String?
    public var overlayDevice: String?
    public var overlayAddress: String?
    public var routes: [Route]
    /// `/etc/cni/net.d/10-….conflist`.
    public var cniConfigPath: String
    /// The conflist's JSON text.
    public var cniConfig: String
    /// The files in `/opt/cni/bin`.
    public var cniBinaries: [String]
    public var ipam: IPAMTable
    public var pods: [PodAttachment]
    public var encapsulation: Encapsulation
    /// kube-proxy ipvs mode only: the addresses on the `kube-ipvs0` dummy interface (every
    /// ClusterIP, external IP and LoadBalancer IP), which make Service addresses local to the node.
    public var ipvsAddresses: [IPAddress] = []
    public var notes: [String]
}
