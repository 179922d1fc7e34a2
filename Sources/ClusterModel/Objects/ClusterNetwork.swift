import NetCore

/// The settings of a cluster that no API object carries: kubewalk's `ClusterNetwork`
/// document (`kubewalk.io/v1alpha1`), with kubeadm's defaults for what it leaves out.
///
/// Defaults are kubeadm's (`kubeadm init` with `--pod-network-cidr=10.244.0.0/16`):
/// service CIDR 10.96.0.0/12, cluster domain `cluster.local`, NodePort range 30000-32767,
/// node CIDR mask /24, the DNS Service at the tenth address of the service range.
/// When the input has no ClusterNetwork document but its objects carry addresses (a dump
/// of a real cluster), the ranges are inferred from them instead; `provenance` tells which.
public struct ClusterNetwork: Hashable, Sendable, Codable {
    /// Where a setting's value came from, shown next to it.
    public enum Source: Hashable, Sendable, Codable, CustomStringConvertible {
        case input
        case kubeadmDefault
        case inferred(String)
        case configMap(String)

        public var description: String {
            switch self {
            case .input: return "from ClusterNetwork"
            case .kubeadmDefault: return "kubeadm default"
            case .inferred(let why): return "inferred: \(why)"
            case .configMap(let name): return "from ConfigMap \(name)"
            }
        }
    }

    public struct CNI: Hashable, Sendable, Codable {
        public var plugin: String          // bridge | flannel | weave | calico
        public var bridge: String          // cni0
        public var ipam: String            // host-local | weave
        public var ipRange: IPPrefix?      // weave's range
        public var encapsulation: String   // none | vxlan | ipip | weave
        public var mtu: Int
        public init(plugin: String = "bridge", bridge: String = "cni0", ipam: String = "host-local", ipRange: IPPrefix? = nil, encapsulation: String = "none", mtu: Int = 1500) {
            self.plugin = plugin
            self.bridge = bridge
            self.ipam = ipam
            self.ipRange = ipRange
            self.encapsulation = encapsulation
            self.mtu = mtu
        }
    }

    /// kube-proxy's configuration (`KubeProxyConfiguration`): from the `kube-system/kube-proxy`
    /// ConfigMap when present, else `spec.kubeProxy`.
    public struct KubeProxy: Hashable, Sendable, Codable {
        public var mode: String            // iptables | ipvs
        public var masqueradeAll: Bool
        public var clusterCIDR: IPPrefix?
        public var masqueradeBit: Int
        public init(mode: String = "iptables", masqueradeAll: Bool = false, clusterCIDR: IPPrefix? = nil, masqueradeBit: Int = 14) {
            self.mode = mode
            self.masqueradeAll = masqueradeAll
            self.clusterCIDR = clusterCIDR
            self.masqueradeBit = masqueradeBit
        }
    }

    /// A resolv.conf's content (`nameserver`, `search`, `options` lines).
    public struct ResolvConf: Hashable, Sendable, Codable {
        public var nameservers: [String]
        public var search: [String]
        public var options: [String]
        public init(nameservers: [String] = [], search: [String] = [], options: [String] = []) {
            self.nameservers = nameservers
            self.search = search
            self.options = options
        }
    }

    /// A host outside the cluster that requests can start from.
    public struct ExternalClient: Hashable, Sendable, Codable {
        public var name: String
        public var ip: IPAddress
        public init(name: String, ip: IPAddress) { self.name = name; self.ip = ip }
    }

    public var name: String
    public var clusterDomain: String
    public var serviceCIDR: IPPrefix
    public var podCIDR: IPPrefix
    public var nodeCIDRMaskSize: Int
    public var nodePortRange: PortRange
    public var dnsServiceIP: IPAddress
    public var cni: CNI
    public var kubeProxy: KubeProxy
    public var nodeResolvConf: ResolvConf
    /// Name (lower case, no trailing dot) → the addresses the upstream resolver answers.
    public var upstreamDNS: [String: [IPAddress]]
    public var externalClients: [ExternalClient]
    /// Setting name (`serviceCIDR`, `podCIDR`, `kubeProxy`, …) → where its value came from.
    public var provenance: [String: Source]
    /// Where the ClusterNetwork document was, when there was one.
    public var location: SourceLocation?

    public init(name: String) {
        self.name = name
        clusterDomain = "cluster.local"
        serviceCIDR = IPPrefix(address: .v4(IPv4Address(10, 96, 0, 0)), length: 12)
        podCIDR = IPPrefix(address: .v4(IPv4Address(10, 244, 0, 0)), length: 16)
        nodeCIDRMaskSize = 24
        nodePortRange = PortRange(lower: 30000, upper: 32767)
        dnsServiceIP = .v4(IPv4Address(10, 96, 0, 10))
        cni = CNI()
        kubeProxy = KubeProxy(clusterCIDR: IPPrefix(address: .v4(IPv4Address(10, 244, 0, 0)), length: 16))
        nodeResolvConf = ResolvConf(nameservers: ["192.168.0.2"])
        upstreamDNS = [:]
        externalClients = [ExternalClient(name: "browser", ip: .v4(IPv4Address(203, 0, 113, 10)))]
        provenance = [:]
        for key in ClusterNetwork.settingNames { provenance[key] = .kubeadmDefault }
    }

    public static let settingNames = ["clusterDomain", "serviceCIDR", "podCIDR", "nodeCIDRMaskSize", "nodePortRange",
                                      "dnsServiceIP", "cni", "kubeProxy", "nodeResolvConf", "upstreamDNS", "externalClients"]

    public func source(of setting: String) -> Source { provenance[setting] ?? .kubeadmDefault }

    /// True when a setting was inferred from the objects rather than given or defaulted;
    /// inferred ranges are shown, never used to raise "outside the range" errors.
    public func isInferred(_ setting: String) -> Bool {
        if case .inferred = source(of: setting) { return true }
        return false
    }
}
