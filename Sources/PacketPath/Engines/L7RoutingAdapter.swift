import ClusterModel
import L7Routing

/// Step 7 through the real L7Routing engine (issue 5): `L7Router.route(_:via:)` for the
/// ingress-nginx controller or one Gateway, translated into the trace's `HTTPRouting`.
///
/// The router is built once per cluster (`TraceEngines.standard(for:)`), since it compiles
/// ingress-nginx's host table and every Gateway's attachments.
enum L7RoutingAdapter {
    static let engine = "L7Routing"

    static func route(_ router: L7Router, _ q: HTTPQuery) -> HTTPRouting {
        let (pathOnly, query) = splitTarget(q.path)
        let request = HTTPRequest(method: q.method, scheme: q.scheme, host: q.urlHost, port: q.port, path: pathOnly, query: query, headers: q.headers)
        let entry: HTTPEntry
        switch q.entry {
        case .ingressNginx: entry = .ingress
        case .gateway(let ns, let name, _): entry = .gateway(namespace: ns, name: name)
        }
        let r = router.route(request, via: entry)
        var detail = r.steps.map { "\($0.step): \($0.detail)" }
        detail += r.candidates.map { c in
            "\(c.winner ? "✓" : (c.matched ? "·" : "✗")) \(c.kind) \(c.namespace.map { $0 + "/" } ?? "")\(c.name ?? "") \(c.host) \(c.location ?? c.path) (\(c.pathType))\(c.rule.map { " " + $0 } ?? ""): \(c.reason)"
        }
        let winner = r.winner.map { c in
            "\(c.kind) \(c.namespace.map { $0 + "/" } ?? "")\(c.name ?? "") host \(c.host) \(c.location ?? c.path)\(c.rule.map { " " + $0 } ?? "")"
        }
        let explanation = r.steps.last?.detail ?? "routed by \(r.entry.name)"
        if let redirect = r.result.redirect {
            return HTTPRouting(backends: [], responseStatus: redirect.status,
                               decision: "\(winner ?? r.entry.name): \(redirect.cause) → \(redirect.status) Location: \(redirect.location)",
                               explanation: explanation, detail: detail, engine: engine, notes: r.notes)
        }
        let upstream = r.result.upstreamPath
        let sent = request.requestTarget
        var backends = r.result.backends.map { b in
            HTTPBackendChoice(namespace: b.namespace, service: b.service, port: Int(b.port), portName: Int(b.port) == nil ? b.port : nil,
                              probability: b.probability, rewrittenPath: (b.upstreamPath ?? upstream).flatMap { $0 == sent ? nil : $0 },
                              description: "\(b.namespace)/\(b.service):\(b.port)\(b.probability < 1 ? " (\(percent(b.probability)))" : "")",
                              status: b.httpStatus)
        }
        if backends.isEmpty, let b = r.result.backend {
            backends = [HTTPBackendChoice(namespace: b.namespace, service: b.service, port: Int(b.port), portName: Int(b.port) == nil ? b.port : nil,
                                          probability: 1, rewrittenPath: upstream.flatMap { $0 == sent ? nil : $0 }, description: b.description)]
        }
        if backends.isEmpty || (r.result.httpStatus != nil && backends.allSatisfy { $0.status != nil }) {
            let status = r.result.httpStatus ?? backends.first?.status ?? 404
            return HTTPRouting(backends: [], responseStatus: status, decision: "\(winner ?? "no rule") → \(status)",
                               explanation: explanation, detail: detail, engine: engine, notes: r.notes)
        }
        return HTTPRouting(backends: backends, responseStatus: nil,
                           decision: "\(winner ?? r.entry.name) → " + backends.map(\.description).joined(separator: ", "),
                           explanation: explanation, detail: detail, engine: engine, notes: r.notes)
    }

    static func splitTarget(_ target: String) -> (String, String?) {
        guard let i = target.firstIndex(of: "?") else { return (target.isEmpty ? "/" : target, nil) }
        let path = String(target[..<i])
        return (path.isEmpty ? "/" : path, String(target[target.index(after: i)...]))
    }

    static func percent(_ p: Double) -> String {
        let tenths = Int((p * 1000).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)%" : "\(tenths / 10).\(tenths % 10)%"
    }
}
