/// Where an HTTP request entered: the ingress-nginx controller or one Gateway listener.
///
/// The JSON `entry` object of `kubewalk http -o json` (issue 5).
public struct EntryPoint: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable { case ingress, gateway }
    public var kind: Kind
    /// `ingress-nginx/ingress-nginx-controller` or the Gateway's `namespace/name`.
    public var name: String
    /// The Service that exposes it (`namespace/name`), when one was found.
    public var service: String?
    /// How the request reaches it: `NodePort 30080 on every node`, `LoadBalancer 203.0.113.10:80`, ….
    public var address: String?
    /// The controller's pods (`namespace/name`), or the Gateway's chosen listener.
    public var pods: [String]
    public var listener: String?
    public var port: Int
    public var scheme: String

    public init(kind: Kind, name: String, service: String? = nil, address: String? = nil, pods: [String] = [],
                listener: String? = nil, port: Int, scheme: String) {
        self.kind = kind
        self.name = name
        self.service = service
        self.address = address
        self.pods = pods
        self.listener = listener
        self.port = port
        self.scheme = scheme
    }
}

/// One rule considered for the request, in the order it was tried: an nginx location built
/// from an Ingress path, or an HTTPRoute (rule, match) pair.
public struct RouteCandidate: Hashable, Sendable, Codable {
    /// `Ingress` or `HTTPRoute`, or `controller` for the controller's own 404 location.
    public var kind: String
    public var namespace: String?
    public var name: String?
    public var host: String
    public var path: String
    public var pathType: String
    public var matched: Bool
    /// Why it matched or why it lost.
    public var reason: String
    /// The nginx location as the controller writes it (`= /shop`, `~* ^/shop/`), for Ingress.
    public var location: String?
    /// `spec.rules[i]` / `matches[j]` of an HTTPRoute, for Gateway candidates.
    public var rule: String?
    public var winner: Bool

    public init(kind: String, namespace: String?, name: String?, host: String, path: String, pathType: String,
                matched: Bool, reason: String, location: String? = nil, rule: String? = nil, winner: Bool = false) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.host = host
        self.path = path
        self.pathType = pathType
        self.matched = matched
        self.reason = reason
        self.location = location
        self.rule = rule
        self.winner = winner
    }
}

/// A Service and port the request is proxied to.
public struct BackendRef: Hashable, Sendable, Codable {
    public var namespace: String
    public var service: String
    /// The Service port (number, or the name as written when it does not resolve).
    public var port: String
    public init(namespace: String, service: String, port: String) {
        self.namespace = namespace
        self.service = service
        self.port = port
    }
    public var description: String { "\(namespace)/\(service):\(port)" }

    enum CodingKeys: String, CodingKey { case namespace, service, port }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        namespace = try c.decode(String.self, forKey: .namespace)
        service = try c.decode(String.self, forKey: .service)
        port = try PortText.decode(c, .port)
    }

    /// `port` is a JSON number when it is one (a named port stays a string).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(namespace, forKey: .namespace)
        try c.encode(service, forKey: .service)
        try PortText.encode(port, &c, .port)
    }
}

/// Encodes a port held as text as a JSON number when it is numeric.
enum PortText {
    static func encode<K: CodingKey>(_ port: String, _ c: inout KeyedEncodingContainer<K>, _ key: K) throws {
        if let n = Int(port) { try c.encode(n, forKey: key) } else { try c.encode(port, forKey: key) }
    }

    static func decode<K: CodingKey>(_ c: KeyedDecodingContainer<K>, _ key: K) throws -> String {
        if let n = try? c.decode(Int.self, forKey: key) { return String(n) }
        return try c.decode(String.self, forKey: key)
    }
}

/// One possible outcome of a split (canary weight, Gateway `backendRefs` weights).
public struct WeightedBackend: Hashable, Sendable, Codable {
    public var namespace: String
    public var service: String
    public var port: String
    public var probability: Double
    /// What this share gets when it cannot be proxied (500 for an invalid Gateway backend,
    /// 503 without ready endpoints); nil when it is proxied.
    public var httpStatus: Int?
    public var reason: String
    /// Upstream path and headers when they differ from the result's (backendRef filters).
    public var upstreamPath: String?
    public var upstreamHeaders: [HTTPHeader]?
    /// This backend's endpoints, when the request is split between several backends.
    public var endpoints: [BackendEndpoint]?

    enum CodingKeys: String, CodingKey {
        case namespace, service, port, probability, httpStatus, reason, upstreamPath, upstreamHeaders, endpoints
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        namespace = try c.decode(String.self, forKey: .namespace)
        service = try c.decode(String.self, forKey: .service)
        port = try PortText.decode(c, .port)
        probability = try c.decode(Double.self, forKey: .probability)
        httpStatus = try c.decodeIfPresent(Int.self, forKey: .httpStatus)
        reason = try c.decode(String.self, forKey: .reason)
        upstreamPath = try c.decodeIfPresent(String.self, forKey: .upstreamPath)
        upstreamHeaders = try c.decodeIfPresent([HTTPHeader].self, forKey: .upstreamHeaders)
        endpoints = try c.decodeIfPresent([BackendEndpoint].self, forKey: .endpoints)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(namespace, forKey: .namespace)
        try c.encode(service, forKey: .service)
        try PortText.encode(port, &c, .port)
        try c.encode(probability, forKey: .probability)
        try c.encodeIfPresent(httpStatus, forKey: .httpStatus)
        try c.encode(reason, forKey: .reason)
        try c.encodeIfPresent(upstreamPath, forKey: .upstreamPath)
        try c.encodeIfPresent(upstreamHeaders, forKey: .upstreamHeaders)
        try c.encodeIfPresent(endpoints, forKey: .endpoints)
    }

    public init(namespace: String, service: String, port: String, probability: Double, httpStatus: Int? = nil,
                reason: String, upstreamPath: String? = nil, upstreamHeaders: [HTTPHeader]? = nil) {
        self.namespace = namespace
        self.service = service
        self.port = port
        self.probability = probability
        self.httpStatus = httpStatus
        self.reason = reason
        self.upstreamPath = upstreamPath
        self.upstreamHeaders = upstreamHeaders
    }
}

/// An address behind the backend Service, from its EndpointSlices.
public struct BackendEndpoint: Hashable, Sendable, Codable {
    public var address: String
    public var port: Int?
    public var ready: Bool
    public var serving: Bool
    public var terminating: Bool
    public var pod: String?
    public var node: String?
    public init(address: String, port: Int?, ready: Bool, serving: Bool, terminating: Bool, pod: String?, node: String?) {
        self.address = address
        self.port = port
        self.ready = ready
        self.serving = serving
        self.terminating = terminating
        self.pod = pod
        self.node = node
    }
}

/// A redirect answered instead of proxying.
public struct HTTPRedirect: Hashable, Sendable, Codable {
    public var status: Int
    public var location: String
    /// What produced it: `app-root`, `permanent-redirect`, `ssl-redirect`, `RequestRedirect`, ….
    public var cause: String
    public init(status: Int, location: String, cause: String) { self.status = status; self.location = location; self.cause = cause }
}

/// What the entry point does with the request: the JSON `result` object.
public struct RoutingOutcome: Hashable, Sendable, Codable {
    /// The status the client sees when the entry point answers itself (404, 503, a redirect);
    /// 200 is not assumed for proxied requests: nil then, the backend decides. For a split
    /// where only some shares fail, see each of `backends`.
    public var httpStatus: Int?
    public var redirect: HTTPRedirect?
    /// The most likely backend (the first of `backends`), nil when nothing is proxied.
    public var backend: BackendRef?
    public var backends: [WeightedBackend]
    /// The request-target the backend receives (path and query).
    public var upstreamPath: String?
    public var upstreamHeaders: [HTTPHeader]
    /// Headers added to the response (Gateway ResponseHeaderModifier).
    public var responseHeaders: [HTTPHeader]
    public var endpoints: [BackendEndpoint]

    enum CodingKeys: String, CodingKey {
        case httpStatus, redirect, backend, backends, upstreamPath, upstreamHeaders, responseHeaders, endpoints
    }

    /// Writes `null` for absent values so every key of issue 5's shape is always present.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if let httpStatus { try c.encode(httpStatus, forKey: .httpStatus) } else { try c.encodeNil(forKey: .httpStatus) }
        if let redirect { try c.encode(redirect, forKey: .redirect) } else { try c.encodeNil(forKey: .redirect) }
        if let backend { try c.encode(backend, forKey: .backend) } else { try c.encodeNil(forKey: .backend) }
        try c.encode(backends, forKey: .backends)
        if let upstreamPath { try c.encode(upstreamPath, forKey: .upstreamPath) } else { try c.encodeNil(forKey: .upstreamPath) }
        try c.encode(upstreamHeaders, forKey: .upstreamHeaders)
        try c.encode(responseHeaders, forKey: .responseHeaders)
        try c.encode(endpoints, forKey: .endpoints)
    }

    public init(httpStatus: Int? = nil, redirect: HTTPRedirect? = nil, backend: BackendRef? = nil, backends: [WeightedBackend] = [],
                upstreamPath: String? = nil, upstreamHeaders: [HTTPHeader] = [], responseHeaders: [HTTPHeader] = [],
                endpoints: [BackendEndpoint] = []) {
        self.httpStatus = httpStatus
        self.redirect = redirect
        self.backend = backend
        self.backends = backends
        self.upstreamPath = upstreamPath
        self.upstreamHeaders = upstreamHeaders
        self.responseHeaders = responseHeaders
        self.endpoints = endpoints
    }
}

/// One step of the explanation (section 1 of the ingress reference: admit, host table,
/// server, app-root, location, actions, result; or listener, attachment, rule, filters).
public struct RoutingStep: Hashable, Sendable, Codable {
    public var step: String
    public var detail: String
    public init(_ step: String, _ detail: String) { self.step = step; self.detail = detail }
}

/// Everything kubewalk says about one HTTP request at one entry point: the JSON of
/// `kubewalk http -o json`, the text output, and what the trace (issue 6) shows.
public struct RoutingResult: Hashable, Sendable, Codable {
    public var request: HTTPRequest
    public var entry: EntryPoint
    /// Every rule considered, in the order tried; the winner has `winner == true`.
    public var candidates: [RouteCandidate]
    public var result: RoutingOutcome
    public var steps: [RoutingStep]
    /// Where the model simplifies, or where ingress-nginx departs from the Ingress spec.
    public var notes: [String]

    public init(request: HTTPRequest, entry: EntryPoint, candidates: [RouteCandidate], result: RoutingOutcome,
                steps: [RoutingStep], notes: [String]) {
        self.request = request
        self.entry = entry
        self.candidates = candidates
        self.result = result
        self.steps = steps
        self.notes = notes
    }

    /// The winning candidate, if any rule won.
    public var winner: RouteCandidate? { candidates.first { $0.winner } }
}
