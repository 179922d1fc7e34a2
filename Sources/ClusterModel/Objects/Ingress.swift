/// A backend of an Ingress path or `defaultBackend`: a Service and a port (number or name).
public struct IngressBackend: Hashable, Sendable, Codable {
    public var serviceName: String?
    public var portNumber: Int?
    public var portName: String?
    /// `resource` backends (apiGroup/kind/name) are kept by name only.
    public var resource: String?

    public init(serviceName: String? = nil, portNumber: Int? = nil, portName: String? = nil, resource: String? = nil) {
        self.serviceName = serviceName
        self.portNumber = portNumber
        self.portName = portName
        self.resource = resource
    }

    public var portDescription: String { portNumber.map(String.init) ?? portName ?? "?" }
}

/// One `spec.rules[].http.paths[]` entry.
public struct IngressPath: Hashable, Sendable, Codable {
    public var path: String?
    public var pathType: String     // Exact | Prefix | ImplementationSpecific
    public var backend: IngressBackend
    public var location: SourceLocation?

    public init(path: String?, pathType: String, backend: IngressBackend, location: SourceLocation? = nil) {
        self.path = path
        self.pathType = pathType
        self.backend = backend
        self.location = location
    }
}

/// One `spec.rules[]` entry: an optional host and its paths.
public struct IngressRule: Hashable, Sendable, Codable {
    public var host: String?
    public var paths: [IngressPath]
    public var location: SourceLocation?

    public init(host: String?, paths: [IngressPath], location: SourceLocation? = nil) {
        self.host = host
        self.paths = paths
        self.location = location
    }
}

/// `spec.tls[]`: hosts served with a certificate (the Secret is named, never read).
public struct IngressTLS: Hashable, Sendable, Codable {
    public var hosts: [String]
    public var secretName: String?
    public init(hosts: [String], secretName: String?) { self.hosts = hosts; self.secretName = secretName }
}

/// An Ingress (`networking.k8s.io/v1`). Annotations (`nginx.ingress.kubernetes.io/*`)
/// stay in `meta.annotations`.
public struct Ingress: Hashable, Sendable, Codable {
    public var meta: ObjectMeta
    public var ingressClassName: String?
    public var defaultBackend: IngressBackend?
    public var tls: [IngressTLS]
    public var rules: [IngressRule]
    public var loadBalancerIPs: [String]

    public init(meta: ObjectMeta, ingressClassName: String? = nil, defaultBackend: IngressBackend? = nil,
                tls: [IngressTLS] = [], rules: [IngressRule] = [], loadBalancerIPs: [String] = []) {
        self.meta = meta
        self.ingressClassName = ingressClassName
        self.defaultBackend = defaultBackend
        self.tls = tls
        self.rules = rules
        self.loadBalancerIPs = loadBalancerIPs
    }

    public var name: String { meta.name }
    public var namespace: String { meta.namespace ?? "default" }
    /// The legacy `kubernetes.io/ingress.class` annotation, still honoured by ingress-nginx.
    public var classAnnotation: String? { meta.annotations["kubernetes.io/ingress.class"] }
}

/// An IngressClass (`networking.k8s.io/v1`): which controller serves which Ingresses.
public struct IngressClass: Hashable, Sendable, Codable {
    public var meta: ObjectMeta
    public var controller: String
    public init(meta: ObjectMeta, controller: String) { self.meta = meta; self.controller = controller }

    public var name: String { meta.name }
    /// `ingressclass.kubernetes.io/is-default-class: "true"`.
    public var isDefault: Bool { meta.annotations["ingressclass.kubernetes.io/is-default-class"] == "true" }
}
