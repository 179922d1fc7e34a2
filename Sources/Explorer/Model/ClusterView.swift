/// What the explorer draws of a cluster: nodes with their bridge and pods, Services,
/// external clients and entry points. Built once from the reconciled cluster
/// (`ClusterView+ClusterModel.swift`); the renderer never looks at API objects.
///
/// Ids are PacketPath's `TopologyID`s, the ones a trace's hops name: `node:NAME`,
/// `pod:NS/NAME`, `svc:NS/NAME`, `ext:NAME`, `iface:NODE/NAME`, `gateway:NS/NAME`, plus
/// `entry:NS/NAME` for a Service's NodePort/LoadBalancer address at the edge.
public struct ClusterView: Hashable, Sendable {
    public var name: String
    public var nodes: [NodeView]
    public var services: [ServiceView]
    public var externalClients: [ExternalClientView]
    public var entryPoints: [EntryPointView]
    /// Settings a learner should see (CNI plugin, kube-proxy mode, service CIDR, …).
    public var settings: [String]
    /// Where the model simplifies; shown on screen.
    public var notes: [String]

    public init(name: String, nodes: [NodeView] = [], services: [ServiceView] = [], externalClients: [ExternalClientView] = [],
                entryPoints: [EntryPointView] = [], settings: [String] = [], notes: [String] = []) {
        self.name = name
        self.nodes = nodes
        self.services = services
        self.externalClients = externalClients
        self.entryPoints = entryPoints
        self.settings = settings
        self.notes = notes
    }

    /// Namespaces in first-seen order of pods then services, for theme colour assignment.
    public var namespaces: [String] {
        var seen: [String] = []
        for n in nodes { for p in n.pods where !seen.contains(p.namespace) { seen.append(p.namespace) } }
        for s in services where !seen.contains(s.namespace) { seen.append(s.namespace) }
        return seen
    }

    public var pods: [PodView] { nodes.flatMap(\.pods) }

    public func node(named name: String) -> NodeView? { nodes.first { $0.name == name } }
    public func pod(id: String) -> PodView? {
        for n in nodes { if let p = n.pods.first(where: { $0.id == id }) { return p } }
        return nil
    }
    public func service(id: String) -> ServiceView? { services.first { $0.id == id } }
}

/// A node box: title (name, role, InternalIP) and what it holds.
public struct NodeView: Hashable, Sendable {
    public let name: String
    /// `node:NAME`.
    public let id: String
    public var role: String
    public var internalIP: String
    public var podCIDR: String
    /// The CNI bridge on this node (`cni0`, `weave`) and its gateway address; empty for routed CNIs.
    public var bridgeName: String
    public var bridgeGateway: String
    public var labels: [String: String]
    public var pods: [PodView]

    public init(name: String, role: String, internalIP: String, podCIDR: String = "", bridgeName: String = "", bridgeGateway: String = "",
                labels: [String: String] = [:], pods: [PodView] = []) {
        self.name = name
        self.id = "node:" + name
        self.role = role
        self.internalIP = internalIP
        self.podCIDR = podCIDR
        self.bridgeName = bridgeName
        self.bridgeGateway = bridgeGateway
        self.labels = labels
        self.pods = pods
    }

    public var isControlPlane: Bool { role.contains("control-plane") || role.contains("master") }
}

/// A pod as the map shows it.
public struct PodView: Hashable, Sendable {
    public let namespace: String
    public let name: String
    /// `pod:NS/NAME`, computed once (maps of 30,000 pods look it up constantly).
    public let id: String
    public var ip: String
    public var ready: Bool
    public var node: String
    public var labels: [String: String]
    public var hostNetwork: Bool

    public init(namespace: String, name: String, ip: String, ready: Bool, node: String, labels: [String: String] = [:], hostNetwork: Bool = false) {
        self.namespace = namespace
        self.name = name
        self.id = "pod:\(namespace)/\(name)"
        self.ip = ip
        self.ready = ready
        self.node = node
        self.labels = labels
        self.hostNetwork = hostNetwork
    }

    public var qualifiedName: String { "\(namespace)/\(name)" }
}

/// A Service in the Services band.
public struct ServiceView: Hashable, Sendable {
    public let namespace: String
    public let name: String
    /// `svc:NS/NAME`.
    public let id: String
    public var type: String
    /// `10.96.0.10`, `None` for headless, empty for ExternalName.
    public var clusterIP: String
    /// kubectl's PORT(S) notation per port: `80/TCP`, `80:30080/TCP`.
    public var ports: [String]
    /// Pod ids of the ready endpoints (EndpointSlices) that are pods of the cluster.
    public var endpointPodIDs: [String]
    /// Ready endpoints in the Service's EndpointSlices, pods or not (the API server of
    /// `default/kubernetes` is a host-network address with no targetRef): the map's `N ep`.
    public var readyEndpoints: Int
    public var externalName: String

    /// - Parameter readyEndpoints: defaults to the number of endpoint pods.
    public init(namespace: String, name: String, type: String, clusterIP: String, ports: [String], endpointPodIDs: [String] = [],
                readyEndpoints: Int? = nil, externalName: String = "") {
        self.namespace = namespace
        self.name = name
        self.id = "svc:\(namespace)/\(name)"
        self.type = type
        self.clusterIP = clusterIP
        self.ports = ports
        self.endpointPodIDs = endpointPodIDs
        self.readyEndpoints = readyEndpoints ?? endpointPodIDs.count
        self.externalName = externalName
    }

}

/// A host outside the cluster a request can start from (`ClusterNetwork.spec.externalClients`).
public struct ExternalClientView: Hashable, Sendable {
    public var name: String
    public var ip: String
    public init(name: String, ip: String) {
        self.name = name
        self.ip = ip
    }
    public var id: String { "ext:" + name }
}

/// A way into the cluster from outside: a NodePort, a LoadBalancer IP, a Gateway listener.
public struct EntryPointView: Hashable, Sendable {
    public var kind: String
    public var name: String
    public var address: String
    /// The id of what it leads to (a Service or Gateway).
    public var targetID: String
    /// The map id: `gateway:NS/NAME` for a Gateway, `entry:NS/NAME` for a Service's
    /// NodePort or LoadBalancer address.
    public var id: String

    public init(kind: String, name: String, address: String, targetID: String, id: String) {
        self.kind = kind
        self.name = name
        self.address = address
        self.targetID = targetID
        self.id = id
    }
}
