import ClusterModel
import L7Routing

extension FallbackHTTPRouter {
    /// Gateway API (v1 HTTPRoute): route attachment by parentRef and allowedRoutes, hostname
    /// intersection, then the spec's precedence among matching rules (Exact path, longest
    /// prefix, method, most headers, most query params, oldest route, name, rule order).
    static func gateway(_ cluster: Cluster, _ q: HTTPQuery, namespace: String, name: String, port: Int) -> HTTPRouting {
        var notes = [note]
        guard let gw = cluster.gateways.first(where: { $0.namespace == namespace && $0.name == name }) else {
            return HTTPRouting(backends: [], responseStatus: 404, decision: "no Gateway \(namespace)/\(name)", explanation: "the Gateway is not in the cluster",
                               detail: [], engine: engine, notes: notes)
        }
        let host = q.host.lowercased()
        let listeners = gw.listeners.filter { $0.port == port && hostMatches($0.hostname, host) }
        var detail: [String] = gw.listeners.map { "listener \($0.name) port \($0.port) host \($0.hostname ?? "*"): \(listeners.contains($0) ? "accepts" : "does not accept") \(host):\(port)" }
        guard !listeners.isEmpty else {
            return HTTPRouting(backends: [], responseStatus: 404, decision: "no listener of \(namespace)/\(name) for \(host):\(port)",
                               explanation: "the Gateway has no listener for this port and hostname", detail: detail, engine: engine, notes: notes)
        }
        struct Hit { var route: HTTPRoute; var ruleIndex: Int; var match: HTTPRouteMatch; var key: [Int] }
        var hits: [Hit] = []
        let (pathOnly, query) = splitQuery(q.path)
        for route in cluster.httpRoutes {
            let attached = route.parentRefs.contains { ref in
                (ref.kind ?? "Gateway") == "Gateway" && ref.name == gw.name && (ref.namespace ?? route.meta.namespace ?? "default") == gw.namespace
                    && listeners.contains { l in
                        (ref.sectionName == nil || ref.sectionName == l.name) && (ref.port == nil || ref.port == l.port)
                            && (l.allowedNamespacesFrom == "All" || l.allowedNamespacesFrom == "Selector" || (route.meta.namespace ?? "default") == gw.namespace)
                    }
            }
            let rid = "HTTPRoute \(route.meta.namespace ?? "default")/\(route.meta.name)"
            guard attached else { continue }
            guard route.hostnames.isEmpty || route.hostnames.contains(where: { hostMatches($0, host) }) else {
                detail.append("\(rid): hostnames \(route.hostnames.joined(separator: ",")) do not include \(host)")
                continue
            }
            for (i, rule) in route.rules.enumerated() {
                let matches = rule.matches.isEmpty ? [HTTPRouteMatch(path: .init(type: "PathPrefix", value: "/"))] : rule.matches
                for m in matches {
                    let path = m.path ?? .init(type: "PathPrefix", value: "/")
                    var ok: Bool
                    switch path.type {
                    case "Exact": ok = pathOnly == path.value
                    case "RegularExpression": ok = (try? Regex(path.value).wholeMatch(in: pathOnly)) != nil
                    default: ok = prefixByElement(path.value, pathOnly)
                    }
                    if let method = m.method, method.uppercased() != q.method.uppercased() { ok = false }
                    for h in m.headers {
                        let v = q.headers.first { $0.name.lowercased() == (h.name ?? "").lowercased() }?.value
                        if h.type == "RegularExpression" { if v.flatMap({ try? Regex(h.value).wholeMatch(in: $0) }) == nil { ok = false } }
                        else if v != h.value { ok = false }
                    }
                    for qp in m.queryParams where query[qp.name ?? ""] != qp.value { ok = false }
                    detail.append("\(rid) rule \(i + 1) \(path.type) \(path.value)\(m.method.map { " \($0)" } ?? "")\(m.headers.isEmpty ? "" : " +\(m.headers.count) header(s)"): \(ok ? "matches" : "no match")")
                    if ok {
                        hits.append(Hit(route: route, ruleIndex: i, match: m,
                                        key: [path.type == "Exact" ? 1 : 0, path.value.count, m.method == nil ? 0 : 1, m.headers.count, m.queryParams.count]))
                    }
                }
            }
        }
        let sorted = hits.sorted { a, b in
            if a.key != b.key { return a.key.lexicographicallyPrecedes(b.key) == false }
            let ta = a.route.meta.creationTimestamp ?? "", tb = b.route.meta.creationTimestamp ?? ""
            if ta != tb { return ta < tb }
            let na = "\(a.route.meta.namespace ?? "")/\(a.route.meta.name)", nb = "\(b.route.meta.namespace ?? "")/\(b.route.meta.name)"
            if na != nb { return na < nb }
            return a.ruleIndex < b.ruleIndex
        }
        guard let win = sorted.first, win.ruleIndex < win.route.rules.count else {
            return HTTPRouting(backends: [], responseStatus: 404, decision: "no HTTPRoute rule of Gateway \(namespace)/\(name) matches \(host)\(q.path)",
                               explanation: "no attached HTTPRoute matches: the Gateway answers 404 Not Found", detail: detail, engine: engine, notes: notes)
        }
        let rule = win.route.rules[win.ruleIndex]
        let rid = "HTTPRoute \(win.route.meta.namespace ?? "default")/\(win.route.meta.name) rule \(win.ruleIndex + 1)"
        if let redirect = rule.filters.first(where: { $0.type == "RequestRedirect" })?.requestRedirect {
            return HTTPRouting(backends: [], responseStatus: redirect.statusCode ?? 302, decision: "\(rid): RequestRedirect",
                               explanation: "the rule redirects: the Gateway answers \(redirect.statusCode ?? 302) without contacting a backend", detail: detail, engine: engine, notes: notes)
        }
        var rewritten: String? = nil
        if let rw = rule.filters.first(where: { $0.type == "URLRewrite" })?.urlRewrite?.path {
            if rw.type == "ReplaceFullPath" { rewritten = rw.replaceFullPath ?? "/" }
            else if let prefix = win.match.path?.value, let repl = rw.replacePrefixMatch {
                let rest = String(pathOnly.dropFirst(prefix.hasSuffix("/") ? prefix.count - 1 : prefix.count))
                rewritten = repl.hasSuffix("/") && rest.hasPrefix("/") ? String(repl.dropLast()) + rest : (rest.isEmpty || rest.hasPrefix("/") ? repl + rest : repl + "/" + rest)
                if rewritten?.isEmpty ?? false { rewritten = "/" }
            }
        }
        let refs = rule.backendRefs.filter { $0.weight > 0 && ($0.kind ?? "Service") == "Service" }
        let total = refs.reduce(0) { $0 + $1.weight }
        guard total > 0 else {
            return HTTPRouting(backends: [], responseStatus: 500, decision: "\(rid): no backendRefs with weight", explanation: "a matching rule with no usable backend: the Gateway answers 500",
                               detail: detail, engine: engine, notes: notes)
        }
        let routeNS = win.route.meta.namespace ?? "default"
        let choices = refs.map { r in
            HTTPBackendChoice(namespace: r.namespace ?? routeNS, service: r.name, port: r.port, probability: Double(r.weight) / Double(total), rewrittenPath: rewritten,
                              description: "\(r.namespace ?? routeNS)/\(r.name):\(r.port.map(String.init) ?? "?") weight \(r.weight)/\(total)")
        }
        if refs.count > 1 { notes.append("the Gateway splits requests by backendRef weight; each request is an independent draw") }
        return HTTPRouting(backends: choices, responseStatus: nil, decision: "\(rid) → " + choices.map(\.description).joined(separator: ", "),
                           explanation: "Gateway \(namespace)/\(name) matches \(q.path) to \(rid)\(rewritten.map { ", path rewritten to \($0)" } ?? "")",
                           detail: detail, engine: engine, notes: notes)
    }

    static func hostMatches(_ pattern: String?, _ host: String) -> Bool {
        guard let p = pattern?.lowercased(), !p.isEmpty else { return true }
        if p.hasPrefix("*.") { return host.hasSuffix(String(p.dropFirst())) && host.count > p.count - 1 }
        return p == host
    }

    static func splitQuery(_ path: String) -> (String, [String: String]) {
        guard let i = path.firstIndex(of: "?") else { return (path, [:]) }
        var q: [String: String] = [:]
        for pair in path[path.index(after: i)...].split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            if let k = kv.first { q[String(k)] = kv.count > 1 ? String(kv[1]) : "" }
        }
        return (String(path[..<i]), q)
    }
}
