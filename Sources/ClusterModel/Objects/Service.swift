import NetCore

/// A Service port's `targetPort`: a number, or the name of a container port.
public enum TargetPort: Hashable, Sendable, Codable, CustomStringConvertible {
    case number(Int)
    case name(String)

    public var description: String {
        switch self {
        case .number(let n): return "\(n)"
        case .name(let s): return s
        }
    }
}

/// One entry of a Service's `spec.ports`.
public struct ServicePort: Hashable, Sendable, Codable {
    public var name: String?
    public var proto: TransportProtocol
    public var port: Int
    /// As written; the API server defaults a missing targetPort to `port`.
    public var targetPort: TargetPort
    public var nodePort: Int?
    public var appProtocol: String?

    public init(name: String? = nil, proto: TransportProtocol = .tcp, port: Int, targetPort: TargetPort? = nil, nodePort: Int? = nil, appProtocol: String? = nil) {
        self.name = name
        self.proto = proto
        self.port = port
        self.targetPort = targetPort ?? .number(port)
        self.nodePort = nodePort
        self.appProtocol = appProtocol
    }
}

/// `status.loadBalancer.ingress[]` of a LoadBalancer Service.
public struct LoadBalancerIngress: Hashable, Sendable, Codable {
    public var ip: IPAddress?
    public var hostname: String?
    /// `VIP` (default) or `Proxy`; kube-proxy programs only VIP-mode addresses.
    public var ipMode: String?

    public init(ip: IPAddress? = nil, hostname: String? = nil, ipMode: String? = nil) {
        self.ip = ip
        self.hostname = hostname
        self.ipMode = ipMode
    }
}

/// A Service (`v1 Service`) of any type, with the fields kube-proxy and CoreDNS read.
public struct Service: Hashable, Sendable, Codable {
    public enum ServiceType: String, Hashable, Sendable, Codable {
        case ClusterIP, NodePort, LoadBalancer, ExternalName
    }

    public var meta: ObjectMeta
    public var type: ServiceType
    /// `spec.clusterIPs` (first is `spec.clusterIP`); empty for headless and ExternalName.
    public var clusterIPs: [IPAddress]
    /// `clusterIP: None`.
    public var isHeadless: Bool
    public var ports: [ServicePort]
    /// nil when the Service has no selector (its endpoints are managed by hand).
    public var selector: [String: String]?
    public var sessionAffinity: String              // None | ClientIP
    public var sessionAffinityTimeoutSeconds: Int   // 10800 by default
    public var externalTrafficPolicy: String        // Cluster | Local
    public var internalTrafficPolicy: String        // Cluster | Local
    public var externalIPs: [IPAddress]
    public var externalName: String?
    public var loadBalancerIngress: [LoadBalancerIngress]
    public var loadBalancerSourceRanges: [IPPrefix]
    public var healthCheckNodePort: Int?
    public var publishNotReadyAddresses: Bool

    public init(meta: ObjectMeta, type: ServiceType = .ClusterIP, clusterIPs: [IPAddress] = [], isHeadless: Bool = false,
                ports: [ServicePort] = [], selector: [String: String]? = nil, sessionAffinity: String = "None",
                sessionAffinityTimeoutSeconds: Int = 10800, externalTrafficPolicy: String = "Cluster",
                internalTrafficPolicy: String = "Cluster", externalIPs: [IPAddress] = [], externalName: String? = nil,
                loadBalancerIngress: [LoadBalancerIngress] = [], loadBalancerSourceRanges: [IPPrefix] = [],
                healthCheckNodePort: Int? = nil, publishNotReadyAddresses: Bool = false) {
        self.meta = meta
        self.type = type
        self.clusterIPs = clusterIPs
        self.isHeadless = isHeadless
        self.ports = ports
        self.selector = selector
        self.sessionAffinity = sessionAffinity
        self.sessionAffinityTimeoutSeconds = sessionAffinityTimeoutSeconds
        self.externalTrafficPolicy = externalTrafficPolicy
        self.internalTrafficPolicy = internalTrafficPolicy
        self.externalIPs = externalIPs
        self.externalName = externalName
        self.loadBalancerIngress = loadBalancerIngress
        self.loadBalancerSourceRanges = loadBalancerSourceRanges
        self.healthCheckNodePort = healthCheckNodePort
        self.publishNotReadyAddresses = publishNotReadyAddresses
    }

    public var name: String { meta.name }
    public var namespace: String { meta.namespace ?? "default" }
    public var clusterIP: IPAddress? { clusterIPs.first }

    /// LoadBalancer VIPs kube-proxy programs (`ipMode` unset or `VIP`).
    public var loadBalancerVIPs: [IPAddress] {
        guard type == .LoadBalancer else { return [] }
        return loadBalancerIngress.compactMap { ($0.ipMode ?? "VIP") == "VIP" ? $0.ip : nil }
    }

    /// The PORT(S) column of `kubectl get services` (`80:30080/TCP,443:30443/TCP`).
    public var portsColumn: String {
        if ports.isEmpty { return "<none>" }
        return ports.map { p in
            if let np = p.nodePort { return "\(p.port):\(np)/\(p.proto.rawValue)" }
            return "\(p.port)/\(p.proto.rawValue)"
        }.joined(separator: ",")
    }
}
