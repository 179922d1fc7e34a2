import NetCore
import ClusterModel

/// One endpoint as kube-proxy's endpoints tracker keeps it (`BaseEndpointInfo`): the first
/// address of an EndpointSlice endpoint with the port of the matching slice port.
public struct ProxyEndpoint: Sendable, Hashable, Codable {
    public var ip: IPAddress
    public var port: Int
    public var nodeName: String?
    public var ready: Bool
    public var serving: Bool
    public var terminating: Bool
    public var targetPod: String?

    /// `ip:port` (`[ip]:port` for IPv6): the endpoint's name in comments, hashes and DNAT.
    public let text: String

    public init(ip: IPAddress, port: Int, nodeName: String? = nil, ready: Bool = true, serving: Bool? = nil, terminating: Bool = false, targetPod: String? = nil) {
        self.ip = ip; self.port = port; self.nodeName = nodeName; self.ready = ready
        self.serving = serving ?? ready; self.terminating = terminating; self.targetPod = targetPod
        self.text = ip.withPort(port)
    }
}

/// One Service port as kube-proxy sees it (`BaseServicePortInfo`): the unit every chain
/// (`KUBE-SVC-…`, `KUBE-EXT-…`) and every ipvs virtual server is made for.
public struct ProxyServicePort: Sendable, Hashable, Codable {
    public var namespace: String
    public var serviceName: String
    public var portName: String?
    public var proto: TransportProtocol
    public var clusterIP: IPAddress
    public var port: Int
    public var nodePort: Int?
    public var externalIPs: [IPAddress]
    public var loadBalancerVIPs: [IPAddress]
    public var loadBalancerSourceRanges: [IPPrefix]
    public var healthCheckNodePort: Int?
    /// `sessionAffinity: ClientIP` timeout in seconds; nil for `None`.
    public var stickySeconds: Int?
    public var internalPolicyLocal: Bool
    public var externalPolicyLocal: Bool
    /// Every endpoint known for this port, sorted by `ip:port` text (as kube-proxy sorts).
    public var endpoints: [ProxyEndpoint]

    public init(namespace: String, serviceName: String, portName: String? = nil, proto: TransportProtocol = .tcp,
                clusterIP: IPAddress, port: Int, nodePort: Int? = nil, externalIPs: [IPAddress] = [],
                loadBalancerVIPs: [IPAddress] = [], loadBalancerSourceRanges: [IPPrefix] = [],
                healthCheckNodePort: Int? = nil, stickySeconds: Int? = nil, internalPolicyLocal: Bool = false,
                externalPolicyLocal: Bool = false, endpoints: [ProxyEndpoint] = []) {
        self.namespace = namespace; self.serviceName = serviceName; self.portName = portName; self.proto = proto
        self.clusterIP = clusterIP; self.port = port; self.nodePort = nodePort; self.externalIPs = externalIPs
        self.loadBalancerVIPs = loadBalancerVIPs; self.loadBalancerSourceRanges = loadBalancerSourceRanges
        self.healthCheckNodePort = healthCheckNodePort; self.stickySeconds = stickySeconds
        self.internalPolicyLocal = internalPolicyLocal; self.externalPolicyLocal = externalPolicyLocal
        self.endpoints = endpoints.sorted { $0.text < $1.text }
    }

    /// `namespace/name` and `:portName` when the port is named (`ServicePortName.String()`).
    public var name: String {
        "\(namespace)/\(serviceName)" + (portName.map { $0.isEmpty ? "" : ":\($0)" } ?? "")
    }

    /// A nodePort, an LB VIP or an external IP (`ExternallyAccessible`).
    public var externallyAccessible: Bool { nodePort != nil || !loadBalancerVIPs.isEmpty || !externalIPs.isEmpty }
    /// Cluster endpoints are needed unless only Local internal traffic exists (`UsesClusterEndpoints`).
    public var usesClusterEndpoints: Bool { !internalPolicyLocal || externallyAccessible }
    public var usesLocalEndpoints: Bool { internalPolicyLocal || (externalPolicyLocal && externallyAccessible) }
}

/// The endpoint sets one node uses for one Service port (kube-proxy's `CategorizeEndpoints`,
/// pkg/proxy/topology.go; topology hints are not modelled).
public struct CategorizedEndpoints: Sendable, Hashable {
    public var cluster: [ProxyEndpoint]
    public var local: [ProxyEndpoint]
    /// Union of the two: one `KUBE-SEP-…` chain each.
    public var reachable: [ProxyEndpoint]
    /// A usable endpoint exists somewhere in the cluster.
    public var hasAny: Bool

    public init(_ port: ProxyServicePort, node: String) {
        let eps = port.endpoints
        var cluster: [ProxyEndpoint] = [], local: [ProxyEndpoint] = []
        var hasAny = false
        var localServingTerminating = false
        if port.usesClusterEndpoints {
            cluster = eps.filter(\.ready)
            if cluster.isEmpty { cluster = eps.filter { $0.serving && $0.terminating } }
            hasAny = !cluster.isEmpty
        }
        if port.usesLocalEndpoints {
            var localReady = false, localST = false
            for e in eps {
                if e.ready { hasAny = true; if e.nodeName == node { localReady = true } }
                else if e.serving && e.terminating { hasAny = true; if e.nodeName == node { localST = true } }
            }
            if localReady { local = eps.filter { $0.nodeName == node && $0.ready } }
            else if localST { local = eps.filter { $0.nodeName == node && $0.serving && $0.terminating }; localServingTerminating = true }
        }
        var seen = Set<String>()
        var all: [ProxyEndpoint] = []
        if !port.usesLocalEndpoints { all = cluster }
        else if !port.usesClusterEndpoints { all = local }
        else if !localServingTerminating { all = cluster }
        else { for e in cluster + local where seen.insert(e.text).inserted { all.append(e) } }
        self.cluster = cluster
        self.local = local
        self.reachable = all.sorted { $0.text < $1.text }
        self.hasAny = hasAny
    }
}
