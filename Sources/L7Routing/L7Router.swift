import ClusterModel
import NetCore

/// Which entry point a request goes through.
public enum HTTPEntry: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Whichever serves the URL's host: an Ingress host, else a Gateway whose routes claim
    /// it, else the ingress controller's catch-all server.
    case automatic
    /// The ingress-nginx controller.
    case ingress
    /// One Gateway, by namespace and name.
    case gateway(namespace: String, name: String)

    public var description: String {
        switch self {
        case .automatic: return "automatic"
        case .ingress: return "ingress"
        case .gateway(let ns, let n): return "gateway/\(ns)/\(n)"
        }
    }

    /// Parses `ingress`, `gateway/NS/NAME` or `auto`; nil otherwise.
    public init?(argument: String) {
        if argument == "ingress" { self = .ingress; return }
        if argument == "auto" || argument == "automatic" { self = .automatic; return }
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts[0] == "gateway", !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
        self = .gateway(namespace: parts[1], name: parts[2])
    }
}

/// HTTP routing for a whole cluster: the ingress-nginx host table compiled once, and one
/// `GatewayRouter` per Gateway; then any number of requests.
///
/// This is the entry the trace (issue 6) and the CLI use:
/// `L7Router(cluster:).route(request, via: entry)`, or the one-shot
/// `L7Routing.route(cluster:entry:method:url:headers:)`.
public struct L7Router: Sendable {
    public let cluster: Cluster
    public let ingress: IngressRouter
    public let gateways: [GatewayRouter]

    public init(cluster: Cluster) {
        self.cluster = cluster
        self.ingress = IngressRouter(table: NginxHostTable.build(cluster))
        self.gateways = cluster.gateways.map { GatewayRouter(gateway: $0, cluster: cluster) }
    }

    /// Routes one request. Pure: same cluster and request, same result.
    public func route(_ request: HTTPRequest, via entry: HTTPEntry = .automatic) -> RoutingResult {
        switch entry {
        case .ingress:
            return ingress.route(request, cluster: cluster, entry: ingressEntry(request))
        case .gateway(let ns, let name):
            guard let g = gateways.first(where: { $0.gateway.namespace == ns && $0.gateway.name == name }) else {
                let e = EntryPoint(kind: .gateway, name: "\(ns)/\(name)", port: request.port, scheme: request.scheme)
                return RoutingResult(request: request, entry: e, candidates: [], result: RoutingOutcome(),
                                     steps: [RoutingStep("gateway", "Gateway \(ns)/\(name) does not exist in the cluster; nothing answers")], notes: [])
            }
            let svc = gatewayService(g.gateway)
            let nodePortMatch = svc?.ports.first { $0.nodePort == request.port && IPAddress(request.host).flatMap { cluster.node(withIP: $0) } != nil }
            return g.route(request, cluster: cluster, entry: gatewayEntry(g.gateway, request), listenerPort: nodePortMatch?.port)
        case .automatic:
            let (chosen, why) = chooseEntry(request)
            var r = route(request, via: chosen)
            r.steps.insert(RoutingStep("entry", why), at: 0)
            return r
        }
    }

    /// The entry point serving `request` when none is named, and why.
    public func chooseEntry(_ request: HTTPRequest) -> (HTTPEntry, String) {
        let c = ingress.table.controller
        // The connection's target (the URL's host) decides by address; the Host header by name.
        let host = request.host
        if IPAddress(host) != nil {
            if c.isAddressed(host: host, port: request.port, cluster: cluster) || (IPAddress(host).flatMap { cluster.node(withIP: $0) } != nil && (request.port == c.httpNodePort || request.port == c.httpsNodePort)) {
                return (.ingress, "\(host):\(request.port) is the ingress controller's address")
            }
            if let g = gateways.first(where: { $0.gateway.addresses.contains(host) }) {
                return (.gateway(namespace: g.gateway.namespace, name: g.gateway.name), "\(host) is an address of Gateway \(g.gateway.namespace)/\(g.gateway.name)")
            }
            if IPAddress(host).flatMap({ cluster.node(withIP: $0) }) != nil,
               let g = gateways.first(where: { g in gatewayService(g.gateway)?.ports.contains { $0.nodePort == request.port } ?? false }) {
                return (.gateway(namespace: g.gateway.namespace, name: g.gateway.name), "\(host):\(request.port) is a NodePort of Gateway \(g.gateway.namespace)/\(g.gateway.name)'s Service")
            }
        }
        let name = request.matchHost
        return chooseEntry(byName: name, request: request, controller: c)
    }

    func chooseEntry(byName host: String, request: HTTPRequest, controller c: IngressController) -> (HTTPEntry, String) {
        if ingress.table.servesHost(host) {
            return (.ingress, "an Ingress defines host \(host): the ingress controller (\(c.address ?? c.displayName)) serves it")
        }
        for g in gateways {
            let claimed = g.attachments.attachments.contains { a in
                a.attached && a.hostnames.contains { $0.map { GatewayHostnames.matches($0, host) } ?? false }
                    && g.gateway.listeners.contains { $0.name == a.listener && $0.port == request.port }
            }
            if claimed {
                return (.gateway(namespace: g.gateway.namespace, name: g.gateway.name), "an HTTPRoute attached to Gateway \(g.gateway.namespace)/\(g.gateway.name) claims host \(host)")
            }
        }
        if let g = gateways.first(where: { g in g.gateway.listeners.contains { $0.port == request.port && ($0.hostname.map { GatewayHostnames.matches($0, host) } ?? false) } }) {
            return (.gateway(namespace: g.gateway.namespace, name: g.gateway.name), "a listener of Gateway \(g.gateway.namespace)/\(g.gateway.name) has a hostname covering \(host)")
        }
        if cluster.ingresses.isEmpty && c.assumed, let g = gateways.first {
            return (.gateway(namespace: g.gateway.namespace, name: g.gateway.name), "no Ingress and no controller; the first Gateway, \(g.gateway.namespace)/\(g.gateway.name)")
        }
        return (.ingress, "no Ingress host or Gateway route names \(host); the ingress controller's catch-all server _ answers")
    }

    func ingressEntry(_ request: HTTPRequest) -> EntryPoint {
        let c = ingress.table.controller
        return EntryPoint(kind: .ingress, name: c.displayName, service: c.serviceName.map { "\(c.namespace)/\($0)" },
                          address: c.address ?? (c.assumed ? "assumed (no controller found)" : nil), pods: c.pods,
                          port: request.port, scheme: c.servesTLS(port: request.port, scheme: request.scheme) ? "https" : "http")
    }

    func gatewayEntry(_ g: Gateway, _ request: HTTPRequest) -> EntryPoint {
        let svc = gatewayService(g)
        var address = g.addresses
        if let np = svc?.ports.compactMap({ p in p.nodePort.map { "NodePort \($0)→\(p.port)" } }), !np.isEmpty { address.append(np.joined(separator: ", ") + " on every node") }
        return EntryPoint(kind: .gateway, name: "\(g.namespace)/\(g.name)", service: svc.map { "\($0.namespace)/\($0.name)" },
                          address: address.isEmpty ? nil : address.joined(separator: "; "), port: request.port, scheme: request.scheme)
    }

    /// The data-plane Service an implementation created for a Gateway, found by the labels
    /// Envoy Gateway (`gateway.envoyproxy.io/owning-gateway-*`) or the Gateway API
    /// convention (`gateway.networking.k8s.io/gateway-name`) put on it.
    func gatewayService(_ g: Gateway) -> Service? {
        cluster.services.first { s in
            let l = s.meta.labels
            return (l["gateway.envoyproxy.io/owning-gateway-name"] == g.name && l["gateway.envoyproxy.io/owning-gateway-namespace"] == g.namespace)
                || (l["gateway.networking.k8s.io/gateway-name"] == g.name && s.namespace == g.namespace)
        }
    }
}

/// The one-shot form of `L7Router`.
public enum L7Routing {
    /// Routes `method url` with `headers` through `entry` in `cluster`.
    ///
    /// - Parameters:
    ///   - cluster: the reconciled cluster.
    ///   - entry: `.automatic`, `.ingress` or `.gateway(namespace:name:)`.
    ///   - method: HTTP method (`GET`).
    ///   - url: `http[s]://host[:port]/path[?query]`; a `Host` header among `headers` overrides the host matched.
    ///   - headers: request headers.
    /// - Returns: the routing result with every candidate and the explanation.
    /// - Throws: `URLParseError` when the URL does not parse.
    public static func route(cluster: Cluster, entry: HTTPEntry = .automatic, method: String = "GET", url: String,
                             headers: [HTTPHeader] = []) throws(URLParseError) -> RoutingResult {
        let request = try HTTPRequest(url: url, method: method, headers: headers)
        return L7Router(cluster: cluster).route(request, via: entry)
    }

    /// The same with an already-parsed request.
    public static func route(cluster: Cluster, entry: HTTPEntry = .automatic, request: HTTPRequest) -> RoutingResult {
        L7Router(cluster: cluster).route(request, via: entry)
    }
}
