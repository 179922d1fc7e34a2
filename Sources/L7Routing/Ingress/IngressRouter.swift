import ClusterModel

/// Matches one request against the compiled `NginxHostTable` the way nginx and the
/// ingress-nginx Lua balancer do: server by Host (section 4), app-root (6.1), location
/// (5.1/5.2/5.4), then the location's actions (6.2–6.6).
public struct IngressRouter: Sendable {
    public let table: NginxHostTable

    public init(table: NginxHostTable) { self.table = table }

    public init(cluster: Cluster) { self.table = NginxHostTable.build(cluster) }

    /// The location nginx picks, with every location's verdict in the order tried.
    struct LocationChoice {
        var index: Int?
        var candidates: [RouteCandidate]
        /// 5.4: a slash-terminated location equals the path plus `/` → 301.
        var slashRedirect: String?
    }

    func chooseLocation(_ server: NginxServer, path: String) -> LocationChoice {
        var cands: [RouteCandidate] = []
        func cand(_ l: NginxLocation, _ matched: Bool, _ reason: String) -> RouteCandidate {
            let ns = l.ingress.flatMap { $0.split(separator: "/").first.map(String.init) }
            let name = l.ingress.flatMap { $0.split(separator: "/").last.map(String.init) }
            let root = l.isRoot ? " [the server's root location → " + (l.backend?.serviceName.map { "defaultBackend \($0)" } ?? "the controller's default backend (404)") + "]" : ""
            return RouteCandidate(kind: l.ingress == nil ? "controller" : "Ingress", namespace: ns, name: name, host: server.host,
                                  path: l.writtenPath, pathType: l.pathType.isEmpty ? "Prefix" : l.pathType, matched: matched, reason: reason + root,
                                  location: l.directive)
        }
        if server.regexMode {
            let regexWinner = selectLocation(server, path: path).index
            var winner: Int?
            for (i, l) in server.locations.enumerated() {
                guard let re = l.locationRegex else {
                    cands.append(cand(l, false, "skipped: \(l.regexError?.description ?? "pattern did not compile"); nginx would refuse this configuration"))
                    continue
                }
                let m = i == regexWinner || re.firstMatch(in: path) != nil
                if let w = winner {
                    cands.append(cand(l, m, m ? "also matches, but regex mode takes the first match in order and \(server.locations[w].directive) comes first"
                                           : "does not match \(path) (case-insensitive, anchored at the start)"))
                } else if m {
                    winner = i
                    var why = "first location in order whose pattern ^\(l.path) matches \(path) (case-insensitive regex, anchored only at the start)"
                    if l.modifier == .regex && l.pathType == "Exact" { why += "; Exact is prefix-like in regex mode" }
                    cands.append(cand(l, true, why))
                } else {
                    cands.append(cand(l, false, "pattern ^\(l.path) does not match \(path) (case-insensitive)"))
                }
            }
            if let w = winner { cands[w].winner = true }
            return LocationChoice(index: winner, candidates: cands)
        }
        // Static locations: exact first, then the longest prefix (5.1), with the 301 of 5.4.
        let decision = selectLocation(server, path: path)
        let winner = decision.index
        let redirect = decision.slashRedirect
        let exactIdx = server.locations.indices.filter { server.locations[$0].modifier == .exact }
        let prefixIdx = server.prefixOrder
        for i in exactIdx {
            let l = server.locations[i]
            if i == winner { cands.append(cand(l, true, "exact location equals \(path); an exact match wins at once")); continue }
            if l.path == path + "/", redirect != nil {
                cands.append(cand(l, false, "equals \(path) plus a final /: nginx answers 301 to \(path)/ (the Ingress spec would match; ingress-nginx departs here)"))
                continue
            }
            cands.append(cand(l, false, l.splitFrom != nil ? "exact location \(l.path) (from the split of \(l.written)) is not \(path)" : "exact match only: \(l.path) is not \(path)"))
        }
        for i in prefixIdx {
            let l = server.locations[i]
            let starts = path.hasPrefix(l.path)
            if i == winner {
                cands.append(cand(l, true, "longest prefix location that \(path) starts with"))
            } else if l.path == path + "/", redirect != nil {
                cands.append(cand(l, false, "equals \(path) plus a final /: nginx answers 301 to \(path)/ (Kubernetes' Prefix would match; ingress-nginx departs here)"))
            } else if starts {
                cands.append(cand(l, true, winner.map { "also a prefix of \(path), but \(server.locations[$0].directive) is longer" } ?? "prefix of \(path), not used (301 first)"))
            } else {
                let elementWise = l.splitFrom != nil && path.hasPrefix(String(l.path.dropLast())) ? " (Prefix matches whole path elements: \(String(l.path.dropLast())) is not an element prefix of \(path))" : ""
                cands.append(cand(l, false, "\(path) does not start with \(l.path)\(elementWise)"))
            }
        }
        if let w = winner, let ci = cands.firstIndex(where: { $0.location == server.locations[w].directive && $0.matched }) {
            cands[ci].winner = true
        }
        return LocationChoice(index: winner, candidates: cands, slashRedirect: redirect)
    }

    /// Routes `request` arriving at the controller; `entry` describes how it got there.
    public func route(_ request: HTTPRequest, cluster: Cluster, entry: EntryPoint) -> RoutingResult {
        var steps: [RoutingStep] = []
        var notes = table.notes
        let c = table.controller
        let a = table.admission
        steps.append(RoutingStep("admit", "\(a.owned.count) Ingress(es) served by \(c.controllerClass) (class \(c.ingressClass))"
            + (a.canaries.isEmpty ? "" : ", \(a.canaries.count) canary")
            + (a.ignored.isEmpty ? "" : "; ignored: " + a.ignored.map { "\($0.name) (\($0.reason))" }.joined(separator: "; "))))
        let host = request.matchHost
        let (si, how) = table.server(for: host)
        let server = table.servers[si]
        steps.append(RoutingStep("server", "Host \(request.hostHeader) → server \(server.host): \(how)"
            + (server.createdBy.map { "; created by Ingress \($0)" } ?? "")))
        if !server.errors.isEmpty {
            notes.append(contentsOf: server.errors.map { "configuration error on \(server.host): \($0)" })
        }
        if !server.dropped.isEmpty { notes.append(contentsOf: server.dropped) }
        var out = RoutingOutcome()
        guard let path = PathNormalization.normalize(request.path) else {
            steps.append(RoutingStep("normalise", "\(request.path) climbs above / with ..; nginx answers 400 Bad Request"))
            out.httpStatus = 400
            return RoutingResult(request: request, entry: entry, candidates: [], result: out, steps: steps, notes: notes)
        }
        if path != request.path { steps.append(RoutingStep("normalise", "\(request.path) is matched as \(path) (percent-decoded, // merged, . and .. resolved)")) }
        let tls = c.servesTLS(port: request.port, scheme: request.scheme)
        let scheme = tls ? "https" : "http"
        // 6.1 app-root
        if let root = server.appRoot, path == "/" {
            let loc = "\(scheme)://\(request.hostHeader)\(root)"
            out.httpStatus = 302
            out.redirect = HTTPRedirect(status: 302, location: loc, cause: "app-root \(root) (Ingress \(server.appRootFrom ?? "?"))")
            steps.append(RoutingStep("app-root", "path is exactly /: app-root answers 302 to \(loc) before any location is chosen; the query is not carried"))
            return RoutingResult(request: request, entry: entry, candidates: [], result: out, steps: steps, notes: notes)
        }
        if server.regexMode {
            steps.append(RoutingStep("regex mode", "every location of \(server.host) is a case-insensitive regex anchored at the start, tried in order (longest path first): forced by \(server.regexModeCause ?? "?")"))
            notes.append("regex mode on \(server.host): Prefix is a string prefix and Exact is prefix-like, both case-insensitive; the Ingress spec would match element-wise and case-sensitively")
        }
        let choice = chooseLocation(server, path: path)
        if let target = choice.slashRedirect {
            let loc = "\(scheme)://\(request.matchHost)\(target)" + (request.query.map { "?\($0)" } ?? "")
            out.httpStatus = 301
            out.redirect = HTTPRedirect(status: 301, location: loc, cause: "nginx auto-redirect to the slash-terminated location")
            steps.append(RoutingStep("location", "no location equals \(path), but \(target) does: nginx answers 301 (ingress-nginx departs from the Ingress spec, where Prefix \(target) would match \(path))"))
            return RoutingResult(request: request, entry: entry, candidates: choice.candidates, result: out, steps: steps, notes: notes)
        }
        guard let li = choice.index else {
            steps.append(RoutingStep("location", "no location matches (every location's pattern failed); nginx answers 404"))
            out.httpStatus = 404
            return RoutingResult(request: request, entry: entry, candidates: choice.candidates, result: out, steps: steps, notes: notes)
        }
        let location = server.locations[li]
        steps.append(RoutingStep("location", "location \(location.directive) from \(location.ingress.map { "Ingress \($0)" } ?? "the controller") (\(location.written))"
            + (location.isRoot ? ": the server's root location, " + (location.backend == nil ? "the controller's default backend" : "the creating Ingress's defaultBackend") : "")))
        let unmodelled = location.annotations.notModelled
        if !unmodelled.isEmpty { notes.append("annotations not modelled on \(location.ingress ?? "?"): \(unmodelled.joined(separator: ", "))") }
        if let ignored = location.annotations.rewriteTargetIgnored {
            notes.append("rewrite-target \"\(ignored)\" on \(location.ingress ?? "?") holds characters other than letters, digits and - . _ ~ / : $; the controller ignores it (no rewrite, no regex mode)")
        }
        applyActions(location, server: server, request: request, path: path, tls: tls, cluster: cluster, out: &out, steps: &steps, notes: &notes)
        return RoutingResult(request: request, entry: entry, candidates: choice.candidates, result: out, steps: steps, notes: notes)
    }
}
