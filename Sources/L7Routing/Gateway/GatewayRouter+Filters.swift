import ClusterModel

extension GatewayRouter {
    /// The request as filters see it: path (normalised, without query) and headers.
    struct Upstream {
        var path: String
        var headers: [HTTPHeader]
        var responseHeaders: [HTTPHeader] = []
    }

    /// 10.6 filters, then 10.7 backends, for the winning rule.
    func applyRule(_ w: Triple, request: HTTPRequest, path: String, listener: Gateway.Listener, cluster: Cluster,
                   out: inout RoutingOutcome, steps: inout [RoutingStep], notes: inout [String]) {
        let rule = w.route.rules[w.ruleIndex]
        var up = Upstream(path: path, headers: [HTTPHeader(name: "Host", value: request.hostHeader)] + request.headers.filter { $0.name.lowercased() != "host" })
        let prefix = w.match.path.flatMap { $0.type == "PathPrefix" ? $0.value : nil } ?? (w.match.path == nil ? "/" : nil)
        for f in rule.filters {
            if f.type == "RequestRedirect", let r = f.requestRedirect {
                guard rule.backendRefs.isEmpty, !rule.filters.contains(where: { $0.type == "URLRewrite" }) else {
                    out.httpStatus = 500
                    steps.append(RoutingStep("filter", "RequestRedirect cannot be combined with URLRewrite or backendRefs; the rule is invalid (500)"))
                    return
                }
                var newPath = path
                if let pm = r.path {
                    guard let p = Self.modifyPath(pm, path: path, prefix: prefix) else {
                        out.httpStatus = 500
                        steps.append(RoutingStep("filter", "RequestRedirect ReplacePrefixMatch needs the rule's match to be a PathPrefix; the rule is invalid (500)"))
                        return
                    }
                    newPath = p
                }
                let scheme = r.scheme ?? request.scheme
                let hostname = r.hostname ?? request.matchHost
                let port = r.port ?? (r.scheme != nil ? (scheme == "https" ? 443 : 80) : listener.port)
                let defaultPort = scheme == "https" ? 443 : 80
                let loc = "\(scheme)://\(hostname)\(port == defaultPort ? "" : ":\(port)")\(newPath)" + (request.query.map { "?\($0)" } ?? "")
                let code = r.statusCode ?? 302
                out.httpStatus = code
                out.redirect = HTTPRedirect(status: code, location: loc, cause: "RequestRedirect")
                steps.append(RoutingStep("filter", "RequestRedirect: \(code) to \(loc)"))
                if request.query != nil { notes.append("the specification leaves the query of a redirect unspecified; kubewalk keeps it, as most implementations do") }
                return
            }
            if let err = Self.apply(f, to: &up, prefix: prefix, steps: &steps, notes: &notes) {
                out.httpStatus = 500
                steps.append(RoutingStep("filter", err))
                return
            }
        }
        let refs = rule.backendRefs
        guard !refs.isEmpty else {
            out.httpStatus = 500
            steps.append(RoutingStep("backend", "the rule has no backendRefs and no RequestRedirect: 500"))
            return
        }
        let total = refs.reduce(0) { $0 + max(0, $1.weight) }
        guard total > 0 else {
            out.httpStatus = 500
            steps.append(RoutingStep("backend", "every backendRef has weight 0: no traffic can be sent, 500"))
            return
        }
        var shares: [(WeightedBackend, [BackendEndpoint])] = []
        for ref in refs {
            let ns = ref.namespace ?? w.route.namespace
            let prob = Double(max(0, ref.weight)) / Double(total)
            let portText = ref.port.map(String.init) ?? "?"
            var wb = WeightedBackend(namespace: ns, service: ref.name, port: portText, probability: prob, reason: "")
            var eps: [BackendEndpoint] = []
            if let kind = ref.kind, kind != "Service" || !(ref.group ?? "").isEmpty {
                wb.httpStatus = 500; wb.reason = "backendRef kind \(ref.group.map { "\($0)/" } ?? "")\(kind) is not supported: its share gets 500"
            } else if ns != w.route.namespace && !cluster.skipped.contains(where: { $0.kind == "ReferenceGrant" && $0.namespace == ns }) {
                wb.httpStatus = 500; wb.reason = "Service \(ns)/\(ref.name) is in another namespace and no ReferenceGrant in \(ns) allows it: its share gets 500"
            } else if ref.port == nil {
                wb.httpStatus = 500; wb.reason = "backendRef \(ref.name) has no port (required for a Service): its share gets 500"
            } else {
                let r = BackendResolution.resolve(cluster, namespace: ns, service: ref.name, portNumber: ref.port, portName: nil)
                eps = r.endpoints
                if r.service == nil {
                    wb.httpStatus = 500; wb.reason = "\(r.problem ?? "missing"): its share gets 500"
                } else if let problem = r.problem {
                    wb.httpStatus = 503; wb.reason = "\(problem): its share gets 503 (recommended)"
                } else {
                    wb.reason = "weight \(ref.weight) of \(total)"
                }
                if ns != w.route.namespace { notes.append("a ReferenceGrant exists in \(ns); kubewalk does not read its contents and assumes it allows this route") }
            }
            if ref.weight <= 0 { wb.reason = "weight 0: gets no traffic" }
            if !ref.filters.isEmpty {
                var own = up
                var s: [RoutingStep] = []
                for f in ref.filters { _ = Self.apply(f, to: &own, prefix: prefix, steps: &s, notes: &notes) }
                wb.upstreamPath = own.path + (request.query.map { "?\($0)" } ?? "")
                wb.upstreamHeaders = own.headers
                steps.append(contentsOf: s.map { RoutingStep($0.step, "backendRef \(ref.name): \($0.detail)") })
            }
            shares.append((wb, eps))
        }
        let ordered = shares.enumerated().sorted { a, b in
            a.element.0.probability != b.element.0.probability ? a.element.0.probability > b.element.0.probability : a.offset < b.offset
        }.map(\.element)
        out.backends = ordered.map { share in
            var b = share.0
            if ordered.count > 1 { b.endpoints = share.1 }
            return b
        }
        if let first = ordered.first {
            out.backend = BackendRef(namespace: first.0.namespace, service: first.0.service, port: first.0.port)
            out.endpoints = first.1
        }
        let live = out.backends.filter { $0.probability > 0 }
        let statuses = Set(live.map { $0.httpStatus ?? 0 })
        if statuses.count == 1, let s = statuses.first, s != 0 { out.httpStatus = s }
        out.upstreamPath = up.path + (request.query.map { "?\($0)" } ?? "")
        out.upstreamHeaders = up.headers
        out.responseHeaders = up.responseHeaders
        let split = live.count > 1 ? live.map { "\($0.service):\($0.port) \(IngressRouter.percent($0.probability))" }.joined(separator: ", ") : nil
        steps.append(RoutingStep("backend", split.map { "weighted split: \($0)" } ?? "all traffic to \(out.backend.map(\.description) ?? "?")"))
        notes.append("data planes add their own headers (X-Forwarded-For, X-Forwarded-Proto, X-Request-Id, …); only those the route sets are shown")
    }

    /// Applies one non-redirect filter; returns an error text when the rule is invalid.
    static func apply(_ f: HTTPRouteFilter, to up: inout Upstream, prefix: String?, steps: inout [RoutingStep], notes: inout [String]) -> String? {
        switch f.type {
        case "RequestHeaderModifier":
            if let m = f.requestHeaderModifier {
                modify(&up.headers, m)
                steps.append(RoutingStep("filter", "RequestHeaderModifier: " + describe(m)))
            }
        case "ResponseHeaderModifier":
            if let m = f.responseHeaderModifier {
                modify(&up.responseHeaders, m)
                steps.append(RoutingStep("filter", "ResponseHeaderModifier (on the response): " + describe(m)))
            }
        case "URLRewrite":
            guard let u = f.urlRewrite else { return nil }
            if let h = u.hostname {
                modify(&up.headers, .init(set: [.init(name: "Host", value: h)]))
                steps.append(RoutingStep("filter", "URLRewrite: Host header becomes \(h)"))
            }
            if let pm = u.path {
                guard let p = modifyPath(pm, path: up.path, prefix: prefix) else {
                    return "URLRewrite ReplacePrefixMatch needs the rule's match to be a PathPrefix; the rule is invalid (500)"
                }
                steps.append(RoutingStep("filter", "URLRewrite \(pm.type): \(up.path) → \(p)"))
                up.path = p
            }
        default:
            steps.append(RoutingStep("filter", "\(f.type) does not change the destination; not modelled further" + (f.mirrorBackend.map { " (mirror to \($0))" } ?? "")))
        }
        return nil
    }

    /// `HTTPPathModifier`: ReplaceFullPath, or ReplacePrefixMatch (nil when the prefix is unknown).
    static func modifyPath(_ pm: HTTPRouteFilter.PathModifier, path: String, prefix: String?) -> String? {
        if pm.type == "ReplaceFullPath" { return pm.replaceFullPath ?? "/" }
        guard let prefix else { return nil }
        let cut = prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix
        let rest = path.hasPrefix(cut) ? String(path.dropFirst(cut.count)) : path
        var x = pm.replacePrefixMatch ?? ""
        if x.hasSuffix("/") { x.removeLast() }
        let result = x + rest
        return result.isEmpty ? "/" : result
    }

    static func modify(_ headers: inout [HTTPHeader], _ m: HTTPRouteFilter.HeaderModifier) {
        for s in m.set {
            let lower = s.name.lowercased()
            if let i = headers.firstIndex(where: { $0.name.lowercased() == lower }) {
                headers[i].value = s.value
                var seen = false
                headers.removeAll { h in
                    guard h.name.lowercased() == lower else { return false }
                    defer { seen = true }
                    return seen
                }
            } else { headers.append(HTTPHeader(name: s.name, value: s.value)) }
        }
        for a in m.add {
            if let i = headers.firstIndex(where: { $0.name.lowercased() == a.name.lowercased() }) {
                headers[i].value += "," + a.value
            } else { headers.append(HTTPHeader(name: a.name, value: a.value)) }
        }
        let removed = Set(m.remove.map { $0.lowercased() })
        headers.removeAll { removed.contains($0.name.lowercased()) }
    }

    static func describe(_ m: HTTPRouteFilter.HeaderModifier) -> String {
        var parts: [String] = []
        if !m.set.isEmpty { parts.append("set " + m.set.map { "\($0.name): \($0.value)" }.joined(separator: ", ")) }
        if !m.add.isEmpty { parts.append("add " + m.add.map { "\($0.name): \($0.value)" }.joined(separator: ", ")) }
        if !m.remove.isEmpty { parts.append("remove " + m.remove.joined(separator: ", ")) }
        return parts.joined(separator: "; ")
    }
}
