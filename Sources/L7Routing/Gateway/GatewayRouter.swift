import ClusterModel

/// Routes a request through one Gateway as the Gateway API v1 specification requires of
/// every conformant implementation: listener (10.2), attached routes and hostname
/// intersection (10.3), the rule precedence of `HTTPRouteRule` (10.4), matches (10.5),
/// filters (10.6) and weighted backends (10.7).
public struct GatewayRouter: Sendable {
    public let gateway: Gateway
    public let attachments: GatewayAttachments

    public init(gateway: Gateway, cluster: Cluster) {
        self.gateway = gateway
        self.attachments = GatewayAttachments.compute(gateway, cluster: cluster)
    }

    /// One (route, rule, match) triple with its ranking key.
    struct Triple {
        var route: HTTPRoute
        var ruleIndex: Int
        var matchIndex: Int
        var match: HTTPRouteMatch
        var hostMatched: String??       // .none: host does not match; .some(nil): any host
        var key: [Int]
        var tieBreak: (String, String)
    }

    static func pathDescription(_ m: HTTPRouteMatch) -> (String, String) {
        let p = m.path ?? .init(type: "PathPrefix", value: "/")
        return (p.value, p.type)
    }

    /// - Parameter listenerPort: the Gateway port the request reached when it came through a
    ///   NodePort of the Gateway's Service (default: the request's own port).
    public func route(_ request: HTTPRequest, cluster: Cluster, entry baseEntry: EntryPoint, listenerPort: Int? = nil) -> RoutingResult {
        var entry = baseEntry
        var steps: [RoutingStep] = []
        var notes: [String] = []
        var out = RoutingOutcome()
        let gwKey = "\(gateway.namespace)/\(gateway.name)"
        guard let cls = cluster.gatewayClasses.first(where: { $0.name == gateway.gatewayClassName }) else {
            steps.append(RoutingStep("gateway", "Gateway \(gwKey) names GatewayClass \(gateway.gatewayClassName), which does not exist: no controller programs it, nothing answers"))
            return RoutingResult(request: request, entry: entry, candidates: [], result: out, steps: steps, notes: notes)
        }
        steps.append(RoutingStep("gateway", "Gateway \(gwKey), class \(cls.name) (controller \(cls.controllerName))"))
        let host = request.matchHost
        let tls = request.scheme == "https"
        let port = listenerPort ?? request.port
        if port != request.port { steps.append(RoutingStep("port", "port \(request.port) is a NodePort of the Gateway's Service for listener port \(port)")) }
        let (chosen, why) = attachments.listener(port: port, tls: tls, host: host)
        steps.append(RoutingStep("listener", why))
        guard let listener = chosen else {
            if gateway.listeners.contains(where: { $0.port == port }) { out.httpStatus = 404 }
            return RoutingResult(request: request, entry: entry, candidates: [], result: out, steps: steps, notes: notes)
        }
        entry.listener = listener.name
        let path = PathNormalization.normalize(request.path) ?? request.path
        var triples: [Triple] = []
        var others: [RouteCandidate] = []
        for a in attachments.attachments {
            guard let route = cluster.httpRoutes.first(where: { "\($0.namespace)/\($0.name)" == a.route }) else { continue }
            if a.listener.isEmpty {
                others.append(candidate(route, rule: nil, match: nil, host: host, matched: false, reason: "not attached: \(a.reason)"))
                continue
            }
            if a.listener != listener.name {
                if a.attached {
                    others.append(candidate(route, rule: nil, match: nil, host: host, matched: false,
                                            reason: "attached to listener \(a.listener), not \(listener.name): listeners are isolated"))
                }
                continue
            }
            guard a.attached else {
                others.append(candidate(route, rule: nil, match: nil, host: host, matched: false, reason: "not attached: \(a.reason)"))
                continue
            }
            if triples.contains(where: { "\($0.route.namespace)/\($0.route.name)" == a.route }) { continue }
            let matchedName: String?? = a.hostnames.contains(where: { $0 == nil }) ? .some(nil)
                : a.hostnames.compactMap { $0 }.filter { GatewayHostnames.matches($0, host) }
                    .max { GatewayHostnames.rank($0) < GatewayHostnames.rank($1) }.map { .some($0) } ?? .none
            for (ri, rule) in route.rules.enumerated() {
                let matches = rule.matches.isEmpty ? [HTTPRouteMatch(path: .init(type: "PathPrefix", value: "/"))] : rule.matches
                for (mi, m) in matches.enumerated() {
                    let hr = GatewayHostnames.rank(matchedName ?? nil)
                    let p = m.path ?? .init(type: "PathPrefix", value: "/")
                    let pathRank = p.type == "Exact" ? 3 : p.type == "RegularExpression" ? 2 : 1
                    let key = [hr.0, hr.1, pathRank, p.value.count, m.method == nil ? 0 : 1, m.headers.count, m.queryParams.count]
                    triples.append(Triple(route: route, ruleIndex: ri, matchIndex: mi, match: m, hostMatched: matchedName, key: key,
                                          tieBreak: (route.meta.creationTimestamp ?? "", "\(route.namespace)/\(route.name)")))
                }
            }
        }
        triples.sort { a, b in
            if (a.hostMatched != nil) != (b.hostMatched != nil) { return a.hostMatched != nil }
            if a.key != b.key { return a.key.lexicographicallyPrecedes(b.key, by: >) }
            if a.tieBreak.0 != b.tieBreak.0 { return a.tieBreak.0 < b.tieBreak.0 }
            if a.tieBreak.1 != b.tieBreak.1 { return a.tieBreak.1 < b.tieBreak.1 }
            return (a.ruleIndex, a.matchIndex) < (b.ruleIndex, b.matchIndex)
        }
        var cands: [RouteCandidate] = []
        var winner: Triple?
        for t in triples {
            guard let name = t.hostMatched else {
                cands.append(candidate(t.route, rule: t.ruleIndex, match: t.matchIndex, host: host, matched: false,
                                       reason: "route hostnames on this listener (\(t.route.hostnames.joined(separator: ", "))) do not match \(host)"))
                continue
            }
            let (ok, reason) = Self.evaluate(t.match, request: request, path: path)
            if winner != nil {
                cands.append(candidate(t.route, rule: t.ruleIndex, match: t.matchIndex, host: name ?? host, matched: ok,
                                       reason: ok ? "also matches, but ranks lower: \(Self.rankReason(winner, t))" : reason))
            } else if ok {
                winner = t
                var c = candidate(t.route, rule: t.ruleIndex, match: t.matchIndex, host: name ?? host, matched: true,
                                  reason: "highest-ranked match: \(reason)")
                c.winner = true
                cands.append(c)
            } else {
                cands.append(candidate(t.route, rule: t.ruleIndex, match: t.matchIndex, host: name ?? host, matched: false, reason: reason))
            }
        }
        cands += others
        if triples.contains(where: { $0.match.path?.type == "RegularExpression" }) {
            notes.append("RegularExpression paths are implementation-specific: kubewalk matches them as a full match (RE2/Envoy style) and ranks them after Exact and before PathPrefix")
        }
        guard let w = winner else {
            out.httpStatus = 404
            steps.append(RoutingStep("rule", triples.isEmpty ? "no route is attached to listener \(listener.name): 404" : "no rule of the routes on listener \(listener.name) matches: 404"))
            return RoutingResult(request: request, entry: entry, candidates: cands, result: out, steps: steps, notes: notes)
        }
        if let top = triples.first(where: { $0.hostMatched != nil }), top.key[0...1] != w.key[0...1] {
            notes.append("the most specific hostname's route had no matching rule, so a route with a less specific hostname won; some data planes answer 404 here instead")
        }
        steps.append(RoutingStep("rule", "HTTPRoute \(w.route.namespace)/\(w.route.name) rule \(w.ruleIndex + 1)" + (w.route.rules[w.ruleIndex].name.map { " (\($0))" } ?? "") + " wins"))
        applyRule(w, request: request, path: path, listener: listener, cluster: cluster, out: &out, steps: &steps, notes: &notes)
        return RoutingResult(request: request, entry: entry, candidates: cands, result: out, steps: steps, notes: notes)
    }

    func candidate(_ r: HTTPRoute, rule: Int?, match: Int?, host: String, matched: Bool, reason: String) -> RouteCandidate {
        var path = "", type = ""
        if let rule, let match, rule < r.rules.count {
            let ms = r.rules[rule].matches
            (path, type) = Self.pathDescription(match < ms.count ? ms[match] : HTTPRouteMatch())
        }
        return RouteCandidate(kind: "HTTPRoute", namespace: r.namespace, name: r.name, host: host, path: path, pathType: type,
                              matched: matched, reason: reason,
                              rule: rule.map { "rules[\($0)]" + (match.map { ".matches[\($0)]" } ?? "") })
    }

    static func rankReason(_ w: Triple?, _ t: Triple) -> String {
        guard let w else { return "" }
        let labels = ["a more specific hostname", "a longer hostname", "an Exact path", "a longer path value", "a method condition",
                      "more header conditions", "more query-param conditions"]
        for i in 0..<min(w.key.count, t.key.count) where w.key[i] != t.key[i] {
            return "the winner has \(labels[i])"
        }
        if w.tieBreak.0 != t.tieBreak.0 { return "the winner's route is older (creationTimestamp)" }
        if w.tieBreak.1 != t.tieBreak.1 { return "equal rank; the winner's namespace/name sorts first" }
        return "equal rank; the winner's rule comes earlier in the route"
    }

    /// 10.5: every condition given must hold.
    static func evaluate(_ m: HTTPRouteMatch, request: HTTPRequest, path: String) -> (Bool, String) {
        var held: [String] = []
        let p = m.path ?? .init(type: "PathPrefix", value: "/")
        switch p.type {
        case "Exact":
            guard path == p.value else { return (false, "Exact \(p.value) is not \(path) (case and trailing slash count)") }
        case "RegularExpression":
            guard let re = try? PathRegex(p.value) else { return (false, "RegularExpression \(p.value) does not compile") }
            guard re.matchesWhole(path) else { return (false, "RegularExpression \(p.value) does not match the whole path \(path)") }
        default:
            let v = p.value.count > 1 && p.value.hasSuffix("/") ? String(p.value.dropLast()) : p.value
            guard v == "/" || path == v || path.hasPrefix(v + "/") else {
                return (false, "PathPrefix \(p.value) does not match \(path) (whole path segments, case-sensitive)")
            }
        }
        held.append("\(p.type) \(p.value)")
        if let method = m.method {
            guard request.method == method.uppercased() else { return (false, "method \(method) required, request is \(request.method)") }
            held.append("method \(method)")
        }
        var seen: Set<String> = []
        for h in m.headers {
            let name = (h.name ?? "").lowercased()
            guard seen.insert(name).inserted else { continue }
            guard let v = request.header(name) else { return (false, "header \(h.name ?? "") missing") }
            if h.type == "RegularExpression" {
                guard (try? PathRegex(h.value))?.matchesWhole(v) ?? false else { return (false, "header \(h.name ?? ""): \(v) does not match \(h.value)") }
            } else if v != h.value { return (false, "header \(h.name ?? ""): \(v) is not \(h.value)") }
            held.append("header \(h.name ?? "")")
        }
        for q in m.queryParams {
            guard let v = request.queryParam(q.name ?? "") else { return (false, "query parameter \(q.name ?? "") missing") }
            if q.type == "RegularExpression" {
                guard (try? PathRegex(q.value))?.matchesWhole(v) ?? false else { return (false, "query \(q.name ?? "")=\(v) does not match \(q.value)") }
            } else if v != q.value { return (false, "query \(q.name ?? "")=\(v) is not \(q.value)") }
            held.append("query \(q.name ?? "")")
        }
        return (true, held.joined(separator: ", "))
    }
}
