import NetCore

/// An EndpointSlice (`discovery.k8s.io/v1`): the addresses behind a Service.
///
/// Conditions follow KEP-1672: `ready` (serving and not terminating), `serving`,
/// `terminating`. kube-proxy uses ready endpoints, else serving-and-terminating ones;
/// CoreDNS publishes ready ones (all of them with `publishNotReadyAddresses`).
public struct EndpointSlice: Hashable, Sendable, Codable {
    public struct Endpoint: Hashable, Sendable, Codable {
        public var addresses: [IPAddress]
        public var ready: Bool
        public var serving: Bool
        public var terminating: Bool
        public var nodeName: String?
        public var hostname: String?
        /// `targetRef` as `Pod namespace/name`.
        public var targetPod: String?

        public init(addresses: [IPAddress], ready: Bool = true, serving: Bool? = nil, terminating: Bool = false,
                    nodeName: String? = nil, hostname: String? = nil, targetPod: String? = nil) {
            self.addresses = addresses
            self.ready = ready
            self.serving = serving ?? ready
            self.terminating = terminating
            self.nodeName = nodeName
            self.hostname = hostname
            self.targetPod = targetPod
        }
    }

    public struct Port: Hashable, Sendable, Codable {
        public var name: String?
        public var port: Int?
        public var proto: TransportProtocol
        public init(name: String? = nil, port: Int?, proto: TransportProtocol = .tcp) {
            self.name = name
            self.port = port
            self.proto = proto
        }
    }

    public var meta: ObjectMeta
    public var addressType: String   // IPv4 | IPv6 | FQDN
    public var endpoints: [Endpoint]
    public var ports: [Port]

    public init(meta: ObjectMeta, addressType: String = "IPv4", endpoints: [Endpoint] = [], ports: [Port] = []) {
        self.meta = meta
        self.addressType = addressType
        self.endpoints = endpoints
        self.ports = ports
    }

    /// The owning Service (label `kubernetes.io/service-name`).
    public var serviceName: String? { meta.labels["kubernetes.io/service-name"] }
    public var namespace: String { meta.namespace ?? "default" }
}
