import ClusterModel
import L7Routing

/// PacketPath's own model of HTTP routing, enough to pick a backend Service for simple
/// rules: ingress-nginx (host: exact before wildcard before the catch-all server; path:
/// Exact before Prefix, longest first, Prefix matched by path element;
/// `nginx.ingress.kubernetes.io/rewrite-target` with `$n` groups when the path is a regex;
/// 404 from the default backend when nothing matches) and Gateway API HTTPRoute
/// (parentRefs to the Gateway, hostnames, PathPrefix/Exact paths, header and method
/// matches, precedence by the spec's order, weighted backendRefs, URLRewrite). Used until
/// the L7Routing engine is wired in `TraceEngines`.
enum FallbackHTTPRouter {
    static let engine = "fallback HTTP router model (PacketPath)"
    static let note = "HTTP routing decided by PacketPath's fallback model, not the L7Routing engine: regex paths beyond rewrite-target groups, canary and snippet annotations are not modelled"

    static func route(_ cluster: Cluster, _ q: HTTPQuery) -> HTTPRouting {
        switch q.entry {
        case .ingressNginx(let classes): return ingress(cluster, q, classes: classes)
        case .gateway(let ns, let name, let port): return gateway(cluster, q, namespace: ns, name: name, port: port)
        }
    }

    // MARK: ingress-nginx

    struct Candidate {
        var ingress: Ingress
        var host: String?
        var path: IngressPath
    }

    static func ingress(_ cluster: Cluster, _ q: HTTPQuery, classes: [String]) -> HTTPRouting {
        let defaultClass = cluster.ingressClasses.first(where: \.isDefault)?.name
        let served = cluster.ingresses.filter { ing in
            if classes.isEmpty { return true }
            if let c = ing.ingressClassName ?? ing.classAnnotation { return classes.contains(c) }
            return defaultClass.map { classes.contains($0) } ?? false
        }
        let host = q.host.lowercased()
        var detail: [String] = []
        var exact: [Candidate] = [], wildcard: [Candidate] = [], catchAll: [Candidate] = []
        var otherHosts = 0
        for ing in served {
            for rule in ing.rules {
                guard let h = rule.host else {
                    catchAll += rule.paths.map { Candidate(ingress: ing, host: nil, path: $0) }
                    continue
                }
                if h.count == host.count && h.lowercased() == host {
                    exact += rule.paths.map { Candidate(ingress: ing, host: h, path: $0) }
                } else if h.hasPrefix("*."), host.hasSuffix(String(h.dropFirst()).lowercased()), !host.dropLast(h.count - 1).contains(".") {
                    wildcard += rule.paths.map { Candidate(ingress: ing, host: h, path: $0) }
                } else {
                    otherHosts += 1
                }
            }
        }
        if otherHosts > 0 { detail.append("\(otherHosts) rule(s) for other hosts: not \(host)") }
        let server = !exact.isEmpty ? exact : (!wildcard.isEmpty ? wildcard : catchAll)
        let serverName = !exact.isEmpty ? "server \(host)" : (!wildcard.isEmpty ? "wildcard server" : "default server _")
        // nginx locations: Exact (=) first, then the longest matching prefix / regex.
        // ingress-nginx writes every location of a server as a case-insensitive regex (`~* ^path`)
        // as soon as one Ingress of that host uses use-regex or rewrite-target.
        let serverRegex = server.contains { c in
            let a = c.ingress.meta.annotations
            return a["nginx.ingress.kubernetes.io/use-regex"] == "true" || a["nginx.ingress.kubernetes.io/rewrite-target"] != nil
        }
        if serverRegex { detail.append("regex mode: an Ingress of this server uses use-regex or rewrite-target, so every path is a case-insensitive regex anchored at the start") }
        let (pathOnly, _) = splitQuery(q.path)
        let query = q.path.firstIndex(of: "?").map { String(q.path[$0...]) } ?? ""
        var best: (Candidate, String?, Int)? = nil   // candidate, rewritten path, score
        for c in server {
            let p = c.path.path ?? "/"
            let ann = c.ingress.meta.annotations
            let rewrite = ann["nginx.ingress.kubernetes.io/rewrite-target"]
            let isRegex = serverRegex && c.path.pathType != "Exact"
            var matched = false
            var rewritten: String? = nil
            var score = 0
            if c.path.pathType == "Exact" {
                matched = pathOnly == p
                score = 1_000_000 + p.count
            } else if isRegex {
                if let groups = regexPrefixMatch("^" + p, pathOnly) {
                    matched = true
                    score = p.count
                    // nginx's `rewrite` replaces the whole URI and keeps the query string.
                    if let rewrite { rewritten = substitute(rewrite, groups) + query }
                }
            } else if c.path.pathType == "Prefix" {
                matched = prefixByElement(p, pathOnly)
                score = p.count
            } else {
                matched = pathOnly.hasPrefix(p)
                score = p.count
            }
            detail.append("Ingress \(c.ingress.namespace)/\(c.ingress.name) \(c.host ?? "*") \(p) (\(c.path.pathType)\(isRegex ? ", regex" : "")): \(matched ? "matches" : "no match")")
            if matched, best == nil || score > (best?.2 ?? 0) { best = (c, rewritten, score) }
        }
        guard let (win, rewritten, _) = best else {
            // Only the catch-all server falls back to a defaultBackend; a host with its own
            // server answers 404 from its root location.
            if exact.isEmpty && wildcard.isEmpty, let ing = served.first(where: { $0.defaultBackend != nil }), let b = ing.defaultBackend, let svc = b.serviceName {
                return HTTPRouting(backends: [HTTPBackendChoice(namespace: ing.namespace, service: svc, port: b.portNumber, portName: b.portName, probability: 1, rewrittenPath: nil,
                                                                description: "\(ing.namespace)/\(svc):\(b.portDescription)")],
                                   responseStatus: nil, decision: "Ingress \(ing.namespace)/\(ing.name) spec.defaultBackend",
                                   explanation: "no rule matches \(host)\(q.path); the Ingress's defaultBackend takes it", detail: detail, engine: engine, notes: [note])
            }
            return HTTPRouting(backends: [], responseStatus: 404, decision: "no Ingress rule for \(host)\(q.path) (\(serverName))",
                               explanation: "ingress-nginx found no matching host and path, so its default backend answers 404 Not Found",
                               detail: detail, engine: engine, notes: [note])
        }
        let b = win.path.backend
        guard let svc = b.serviceName else {
            return HTTPRouting(backends: [], responseStatus: 503, decision: "Ingress \(win.ingress.namespace)/\(win.ingress.name) path \(win.path.path ?? "/") has a resource backend",
                               explanation: "resource backends are not proxied by ingress-nginx: 503", detail: detail, engine: engine, notes: [note])
        }
        let rw = rewritten.map { " rewritten to \($0)" } ?? ""
        return HTTPRouting(backends: [HTTPBackendChoice(namespace: win.ingress.namespace, service: svc, port: b.portNumber, portName: b.portName, probability: 1,
                                                        rewrittenPath: rewritten, description: "\(win.ingress.namespace)/\(svc):\(b.portDescription)")],
                           responseStatus: nil,
                           decision: "Ingress \(win.ingress.namespace)/\(win.ingress.name) host \(win.host ?? "*") path \(win.path.path ?? "/") (\(win.path.pathType)) → \(svc):\(b.portDescription)",
                           explanation: "ingress-nginx (\(serverName)) matches \(q.path) to \(win.path.path ?? "/") and proxies to Service \(svc)\(rw)",
                           detail: detail, engine: engine, notes: [note])
    }

    /// Prefix pathType: element-wise (`/foo` matches `/foo`, `/foo/`, `/foo/bar`, not `/foobar`).
    static func prefixByElement(_ prefix: String, _ path: String) -> Bool {
        if prefix == "/" { return true }
        let p = prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix
        return path == p || path.hasPrefix(p + "/")
    }

    /// Case-insensitive regex match at the start of `text`; the capture groups ($0, $1, …).
    static func regexPrefixMatch(_ pattern: String, _ text: String) -> [String]? {
        guard let re = try? Regex(pattern).ignoresCase(), let m = try? re.prefixMatch(in: text) else { return nil }
        return m.output.map { $0.substring.map(String.init) ?? "" }
    }

    static func substitute(_ template: String, _ groups: [String]) -> String {
        var out = ""
        var chars = Array(template)[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            if c == "$", let d = chars.first, let n = d.wholeNumberValue {
                chars = chars.dropFirst()
                out += n < groups.count ? groups[n] : ""
            } else { out.append(c) }
        }
        return out
    }
}
