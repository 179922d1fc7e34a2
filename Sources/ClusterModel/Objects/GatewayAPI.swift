/// A GatewayClass (`gateway.networking.k8s.io/v1`).
public struct GatewayClass: Hashable, Sendable, Codable {
    public var meta: ObjectMeta
    public var controllerName: String
    public init(meta: ObjectMeta, controllerName: String) { self.meta = meta; self.controllerName = controllerName }
    public var name: String { meta.name }
}

/// A Gateway (`gateway.networking.k8s.io/v1`): listeners and addresses.
public struct Gateway: Hashable, Sendable, Codable {
    /// `spec.listeners[]`.
    public struct Listener: Hashable, Sendable, Codable {
        public var name: String
        public var hostname: String?
        public var port: Int
        public var proto: String                 // HTTP | HTTPS | TLS | TCP | UDP
        public var tlsMode: String?
        public var certificateRefs: [String]
        /// `allowedRoutes.namespaces.from`: Same (default) | All | Selector.
        public var allowedNamespacesFrom: String
        public var allowedNamespacesSelector: LabelSelector?
        /// `allowedRoutes.kinds[].kind`; empty means the protocol's default (HTTPRoute for HTTP/HTTPS).
        public var allowedKinds: [String]

        public init(name: String, hostname: String? = nil, port: Int, proto: String, tlsMode: String? = nil,
                    certificateRefs: [String] = [], allowedNamespacesFrom: String = "Same",
                    allowedNamespacesSelector: LabelSelector? = nil, allowedKinds: [String] = []) {
            self.name = name
            self.hostname = hostname
            self.port = port
            self.proto = proto
            self.tlsMode = tlsMode
            self.certificateRefs = certificateRefs
            self.allowedNamespacesFrom = allowedNamespacesFrom
            self.allowedNamespacesSelector = allowedNamespacesSelector
            self.allowedKinds = allowedKinds
        }
    }

    public var meta: ObjectMeta
    public var gatewayClassName: String
    public var listeners: [Listener]
    /// `spec.addresses[].value` and `status.addresses[].value`.
    public var addresses: [String]

    public init(meta: ObjectMeta, gatewayClassName: String, listeners: [Listener] = [], addresses: [String] = []) {
        self.meta = meta
        self.gatewayClassName = gatewayClassName
        self.listeners = listeners
        self.addresses = addresses
    }

    public var name: String { meta.name }
    public var namespace: String { meta.namespace ?? "default" }
}

/// `parentRefs[]` of a route.
public struct ParentReference: Hashable, Sendable, Codable {
    public var group: String?
    public var kind: String?
    public var namespace: String?
    public var name: String
    public var sectionName: String?
    public var port: Int?
    public init(group: String? = nil, kind: String? = nil, namespace: String? = nil, name: String, sectionName: String? = nil, port: Int? = nil) {
        self.group = group
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.sectionName = sectionName
        self.port = port
    }
}

/// `HTTPRouteMatch`: path, headers, query parameters and method.
public struct HTTPRouteMatch: Hashable, Sendable, Codable {
    public struct StringMatch: Hashable, Sendable, Codable {
        public var type: String   // Exact | RegularExpression (| PathPrefix for paths)
        public var name: String?
        public var value: String
        public init(type: String, name: String? = nil, value: String) { self.type = type; self.name = name; self.value = value }
    }
    /// Defaults to `PathPrefix /` when no match is given, as the API does.
    public var path: StringMatch?
    public var headers: [StringMatch]
    public var queryParams: [StringMatch]
    public var method: String?

    public init(path: StringMatch? = nil, headers: [StringMatch] = [], queryParams: [StringMatch] = [], method: String? = nil) {
        self.path = path
        self.headers = headers
        self.queryParams = queryParams
        self.method = method
    }
}

/// `HTTPRouteFilter`: header modifiers, redirect, URL rewrite, mirror, extension.
public struct HTTPRouteFilter: Hashable, Sendable, Codable {
    public struct HeaderModifier: Hashable, Sendable, Codable {
        public var set: [HeaderValue]
        public var add: [HeaderValue]
        public var remove: [String]
        public init(set: [HeaderValue] = [], add: [HeaderValue] = [], remove: [String] = []) { self.set = set; self.add = add; self.remove = remove }
    }
    public struct HeaderValue: Hashable, Sendable, Codable {
        public var name: String
        public var value: String
        public init(name: String, value: String) { self.name = name; self.value = value }
    }
    /// `HTTPPathModifier`: ReplaceFullPath | ReplacePrefixMatch.
    public struct PathModifier: Hashable, Sendable, Codable {
        public var type: String
        public var replaceFullPath: String?
        public var replacePrefixMatch: String?
        public init(type: String, replaceFullPath: String? = nil, replacePrefixMatch: String? = nil) {
            self.type = type
            self.replaceFullPath = replaceFullPath
            self.replacePrefixMatch = replacePrefixMatch
        }
    }
    public struct Redirect: Hashable, Sendable, Codable {
        public var scheme: String?
        public var hostname: String?
        public var path: PathModifier?
        public var port: Int?
        public var statusCode: Int?
        public init(scheme: String? = nil, hostname: String? = nil, path: PathModifier? = nil, port: Int? = nil, statusCode: Int? = nil) {
            self.scheme = scheme
            self.hostname = hostname
            self.path = path
            self.port = port
            self.statusCode = statusCode
        }
    }
    public struct URLRewrite: Hashable, Sendable, Codable {
        public var hostname: String?
        public var path: PathModifier?
        public init(hostname: String? = nil, path: PathModifier? = nil) { self.hostname = hostname; self.path = path }
    }

    public var type: String   // RequestHeaderModifier | ResponseHeaderModifier | RequestRedirect | URLRewrite | RequestMirror | ExtensionRef
    public var requestHeaderModifier: HeaderModifier?
    public var responseHeaderModifier: HeaderModifier?
    public var requestRedirect: Redirect?
    public var urlRewrite: URLRewrite?
    public var mirrorBackend: String?

    public init(type: String, requestHeaderModifier: HeaderModifier? = nil, responseHeaderModifier: HeaderModifier? = nil,
                requestRedirect: Redirect? = nil, urlRewrite: URLRewrite? = nil, mirrorBackend: String? = nil) {
        self.type = type
        self.requestHeaderModifier = requestHeaderModifier
        self.responseHeaderModifier = responseHeaderModifier
        self.requestRedirect = requestRedirect
        self.urlRewrite = urlRewrite
        self.mirrorBackend = mirrorBackend
    }
}

/// `HTTPBackendRef`: a Service (by default) with a port and a weight (default 1).
public struct HTTPBackendRef: Hashable, Sendable, Codable {
    public var group: String?
    public var kind: String?
    public var name: String
    public var namespace: String?
    public var port: Int?
    public var weight: Int
    public var filters: [HTTPRouteFilter]
    public init(group: String? = nil, kind: String? = nil, name: String, namespace: String? = nil, port: Int? = nil, weight: Int = 1, filters: [HTTPRouteFilter] = []) {
        self.group = group
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.port = port
        self.weight = weight
        self.filters = filters
    }
}

/// `HTTPRouteRule`.
public struct HTTPRouteRule: Hashable, Sendable, Codable {
    public var name: String?
    public var matches: [HTTPRouteMatch]
    public var filters: [HTTPRouteFilter]
    public var backendRefs: [HTTPBackendRef]
    public var location: SourceLocation?
    public init(name: String? = nil, matches: [HTTPRouteMatch] = [], filters: [HTTPRouteFilter] = [], backendRefs: [HTTPBackendRef] = [], location: SourceLocation? = nil) {
        self.name = name
        self.matches = matches
        self.filters = filters
        self.backendRefs = backendRefs
        self.location = location
    }
}

/// An HTTPRoute (`gateway.networking.k8s.io/v1`).
public struct HTTPRoute: Hashable, Sendable, Codable {
    public var meta: ObjectMeta
    public var parentRefs: [ParentReference]
    public var hostnames: [String]
    public var rules: [HTTPRouteRule]
    public init(meta: ObjectMeta, parentRefs: [ParentReference] = [], hostnames: [String] = [], rules: [HTTPRouteRule] = []) {
        self.meta = meta
        self.parentRefs = parentRefs
        self.hostnames = hostnames
        self.rules = rules
    }
    public var name: String { meta.name }
    public var namespace: String { meta.namespace ?? "default" }
}
