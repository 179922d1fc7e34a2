import ClusterModel

/// The kinds `kubewalk get` prints, with kubectl's names, plurals and short names.
public enum ResourceKind: String, CaseIterable, Sendable {
    case nodes, pods, services, endpointslices, endpoints, ingresses, ingressclasses, gatewayclasses, gateways, httproutes, namespaces

    /// Resolves what a user types (`po`, `svc`, `pod`, `Pod`, `pods.v1`…) the way kubectl's RESTMapper does.
    public init?(typed: String) {
        let t = typed.lowercased().split(separator: ".").first.map(String.init) ?? ""
        switch t {
        case "node", "nodes", "no": self = .nodes
        case "pod", "pods", "po": self = .pods
        case "service", "services", "svc": self = .services
        case "endpointslice", "endpointslices": self = .endpointslices
        case "endpoints", "ep": self = .endpoints
        case "ingress", "ingresses", "ing": self = .ingresses
        case "ingressclass", "ingressclasses": self = .ingressclasses
        case "gatewayclass", "gatewayclasses", "gc": self = .gatewayclasses
        case "gateway", "gateways", "gtw": self = .gateways
        case "httproute", "httproutes": self = .httproutes
        case "namespace", "namespaces", "ns": self = .namespaces
        default: return nil
        }
    }

    public var isNamespaced: Bool {
        switch self {
        case .nodes, .ingressclasses, .gatewayclasses, .namespaces: return false
        default: return true
        }
    }

    /// The singular form kubectl's NotFound message uses (`pods "x" not found` uses the plural).
    public var resourceName: String {
        switch self {
        case .endpointslices: return "endpointslices.discovery.k8s.io"
        case .ingresses: return "ingresses.networking.k8s.io"
        case .ingressclasses: return "ingressclasses.networking.k8s.io"
        case .gatewayclasses: return "gatewayclasses.gateway.networking.k8s.io"
        case .gateways: return "gateways.gateway.networking.k8s.io"
        case .httproutes: return "httproutes.gateway.networking.k8s.io"
        default: return rawValue
        }
    }
}
