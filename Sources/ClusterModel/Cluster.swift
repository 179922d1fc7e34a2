import NetCore

/// A reconciled, validated cluster: every networking object kubewalk reads, with what the
/// control plane would have filled in, plus the diagnostics found on the way.
///
/// This is the single input of every engine. It is a value: engines never mutate it.
/// Objects are kept sorted by namespace and name, so every output is deterministic.
public struct Cluster: Sendable {
    public var network: ClusterNetwork
    public var namespaces: [Namespace] = []
    public var nodes: [ClusterNode] = []
    public var pods: [Pod] = []
    public var services: [Service] = []
    public var endpointSlices: [EndpointSlice] = []
    public var ingresses: [Ingress] = []
    public var ingressClasses: [IngressClass] = []
    public var gatewayClasses: [GatewayClass] = []
    public var gateways: [Gateway] = []
    public var httpRoutes: [HTTPRoute] = []
    public var configMaps: [ConfigMap] = []
    public var networkPolicies: [NetworkPolicy] = []
    public var workloads: [Workload] = []
    public var skipped: [SkippedObject] = []
    public var diagnostics: [Diagnostic] = []
    /// The files read, in the order they were read.
    public var sourceFiles: [String] = []
    /// Whether the input had a ClusterNetwork document (otherwise ranges may be inferred).
    public var hasClusterNetworkDocument = false

    private var podIndex: [String: Int] = [:]
    private var serviceIndex: [String: Int] = [:]
    private var nodeIndex: [String: Int] = [:]
    private var slicesByService: [String: [Int]] = [:]
    private var podsByNode: [String: [Int]] = [:]
    private var podsByIP: [IPAddress: Int] = [:]

    public init(network: ClusterNetwork) {
        self.network = network
    }

    public var name: String { network.name }

    /// Rebuilds the lookup indexes; called by the loader after reconciling.
    public mutating func reindex() {
        podIndex = [:]
        serviceIndex = [:]
        nodeIndex = [:]
        slicesByService = [:]
        podsByNode = [:]
        podsByIP = [:]
        for (i, p) in pods.enumerated() {
            podIndex["\(p.namespace)/\(p.name)"] = i
            if let n = p.spec.nodeName { podsByNode[n, default: []].append(i) }
            if !p.spec.hostNetwork { for ip in p.podIPs where podsByIP[ip] == nil { podsByIP[ip] = i } }
        }
        for (i, s) in services.enumerated() { serviceIndex["\(s.namespace)/\(s.name)"] = i }
        for (i, n) in nodes.enumerated() { nodeIndex[n.name] = i }
        for (i, e) in endpointSlices.enumerated() {
            if let svc = e.serviceName { slicesByService["\(e.namespace)/\(svc)", default: []].append(i) }
        }
    }

    public func pod(namespace: String, name: String) -> Pod? {
        podIndex["\(namespace)/\(name)"].map { pods[$0] }
    }

    public func service(namespace: String, name: String) -> Service? {
        serviceIndex["\(namespace)/\(name)"].map { services[$0] }
    }

    public func node(named name: String) -> ClusterNode? {
        nodeIndex[name].map { nodes[$0] }
    }

    public func endpointSlices(for service: Service) -> [EndpointSlice] {
        (slicesByService["\(service.namespace)/\(service.name)"] ?? []).map { endpointSlices[$0] }
    }

    public func pods(onNode name: String) -> [Pod] {
        (podsByNode[name] ?? []).map { pods[$0] }
    }

    /// The (non-hostNetwork) pod that owns `ip`, if any.
    public func pod(withIP ip: IPAddress) -> Pod? {
        podsByIP[ip].map { pods[$0] }
    }

    /// The node whose InternalIP or ExternalIP is `ip`.
    public func node(withIP ip: IPAddress) -> ClusterNode? {
        nodes.first { $0.ipAddresses.contains(ip) }
    }

    public func configMap(namespace: String, name: String) -> ConfigMap? {
        configMaps.first { $0.meta.namespace == namespace && $0.meta.name == name }
    }

    /// The Corefile CoreDNS runs: the `kube-system/coredns` ConfigMap's `Corefile`, with
    /// where it was written; nil when the input has no such ConfigMap (kubeadm's default applies).
    public var corefile: (text: String, location: SourceLocation?)? {
        guard let cm = configMap(namespace: "kube-system", name: "coredns"), let text = cm.data["Corefile"] else { return nil }
        return (text, cm.dataLocations["Corefile"])
    }

    /// The kube-dns Service (`kube-system/kube-dns`), if present.
    public var dnsService: Service? { service(namespace: "kube-system", name: "kube-dns") }
}
