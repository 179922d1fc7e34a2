import ClusterModel

/// Whether one HTTPRoute attaches to one listener of a Gateway, and with which hostnames
/// (Gateway API `ParentReference`, `AllowedRoutes`, section 10.1 of the reference).
public struct RouteAttachment: Hashable, Sendable, Codable {
    public var route: String
    public var listener: String
    public var attached: Bool
    public var reason: String
    /// The route's hostnames intersected with the listener's; nil entry = any host.
    public var hostnames: [String?]
}

/// The attachment table of one Gateway: every (route, listener) pair a parentRef names.
public struct GatewayAttachments: Sendable {
    public var gateway: Gateway
    public var attachments: [RouteAttachment]

    /// Computes which routes attach to which listeners of `gateway`.
    public static func compute(_ gateway: Gateway, cluster: Cluster) -> GatewayAttachments {
        var out: [RouteAttachment] = []
        let nsLabels = Dictionary(cluster.namespaces.map { ($0.name, $0.meta.labels) }, uniquingKeysWith: { a, _ in a })
        for route in cluster.httpRoutes {
            let key = "\(route.namespace)/\(route.name)"
            for ref in route.parentRefs {
                guard (ref.kind ?? "Gateway") == "Gateway", (ref.group ?? "gateway.networking.k8s.io") == "gateway.networking.k8s.io",
                      ref.name == gateway.name, (ref.namespace ?? route.namespace) == gateway.namespace else { continue }
                let named = gateway.listeners.filter { l in (ref.sectionName.map { $0 == l.name } ?? true) && (ref.port.map { $0 == l.port } ?? true) }
                if named.isEmpty {
                    let what = [ref.sectionName.map { "sectionName \($0)" }, ref.port.map { "port \($0)" }].compactMap { $0 }.joined(separator: " and ")
                    out.append(RouteAttachment(route: key, listener: "", attached: false,
                                               reason: "parentRef \(what) names no listener of Gateway \(gateway.namespace)/\(gateway.name)", hostnames: []))
                }
                for l in gateway.listeners {
                    func record(_ ok: Bool, _ why: String, _ names: [String?] = []) {
                        out.append(RouteAttachment(route: key, listener: l.name, attached: ok, reason: why, hostnames: names))
                    }
                    if let s = ref.sectionName, s != l.name { continue }
                    if let p = ref.port, p != l.port { continue }
                    guard l.proto == "HTTP" || l.proto == "HTTPS" else {
                        record(false, "listener \(l.name) speaks \(l.proto); an HTTPRoute attaches only to HTTP or HTTPS listeners"); continue
                    }
                    if !l.allowedKinds.isEmpty && !l.allowedKinds.contains("HTTPRoute") {
                        record(false, "listener \(l.name) allows only kinds \(l.allowedKinds.joined(separator: ", "))"); continue
                    }
                    switch l.allowedNamespacesFrom {
                    case "All": break
                    case "Selector":
                        let labels = nsLabels[route.namespace] ?? [:]
                        if !(l.allowedNamespacesSelector?.matches(labels) ?? false) {
                            record(false, "listener \(l.name) allows routes from namespaces matching \(l.allowedNamespacesSelector?.description ?? "(no selector)"); \(route.namespace) does not"); continue
                        }
                    default:
                        if route.namespace != gateway.namespace {
                            record(false, "listener \(l.name) allows routes from its own namespace \(gateway.namespace) only (allowedRoutes.namespaces.from: Same)"); continue
                        }
                    }
                    var names: [String?] = []
                    if route.hostnames.isEmpty {
                        names = [l.hostname]
                    } else {
                        for h in route.hostnames {
                            switch GatewayHostnames.intersect(listener: l.hostname, route: h) {
                            case .any: names.append(nil)
                            case .name(let n): names.append(n)
                            case .none: break
                            }
                        }
                    }
                    if names.isEmpty {
                        record(false, "no route hostname (\(route.hostnames.joined(separator: ", "))) intersects listener hostname \(l.hostname ?? "(any)")"); continue
                    }
                    let shown = names.map { $0 ?? "(any host)" }.joined(separator: ", ")
                    record(true, "attached to listener \(l.name) for \(shown)", names)
                }
            }
        }
        return GatewayAttachments(gateway: gateway, attachments: out)
    }

    /// Section 10.2: the listener a request on `port` with `host` reaches.
    public func listener(port: Int, tls: Bool, host: String) -> (listener: Gateway.Listener?, reason: String) {
        let onPort = gateway.listeners.filter { $0.port == port }
        if onPort.isEmpty { return (nil, "Gateway \(gateway.namespace)/\(gateway.name) has no listener on port \(port); nothing answers") }
        let proto = onPort.filter { tls ? ($0.proto == "HTTPS") : ($0.proto == "HTTP") }
        if proto.isEmpty { return (nil, "no \(tls ? "HTTPS" : "HTTP") listener on port \(port) (listeners there: \(onPort.map { "\($0.name) \($0.proto)" }.joined(separator: ", ")))") }
        if let exact = proto.first(where: { $0.hostname == host }) { return (exact, "listener \(exact.name): exact hostname \(host)") }
        let wild = proto.filter { $0.hostname.map { $0.hasPrefix("*.") && GatewayHostnames.matches($0, host) } ?? false }
            .sorted { ($0.hostname ?? "").split(separator: ".").count > ($1.hostname ?? "").split(separator: ".").count }
        if let w = wild.first { return (w, "listener \(w.name): wildcard \(w.hostname ?? "") covers \(host) (one or more labels)") }
        if let any = proto.first(where: { $0.hostname == nil }) { return (any, "listener \(any.name): no hostname, takes any host") }
        return (nil, "no listener on port \(port) accepts host \(host) (hostnames: \(proto.compactMap(\.hostname).joined(separator: ", "))); the connection gets no virtual host (404)")
    }
}
