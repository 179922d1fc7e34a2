import ClusterModel

extension IngressRouter {
    /// Section 6, in the order nginx and the Lua code run them: fixed redirect → rewrite →
    /// HTTPS redirect → primary or canary → 503 without endpoints → proxy.
    func applyActions(_ location: NginxLocation, server: NginxServer, request: HTTPRequest, path: String, tls: Bool,
                      cluster: Cluster, out: inout RoutingOutcome, steps: inout [RoutingStep], notes: inout [String]) {
        let ann = location.annotations
        // 6.2 fixed redirects: temporal beats permanent; the URL is used as is.
        if let url = ann.temporalRedirect ?? ann.permanentRedirect {
            let temporal = ann.temporalRedirect != nil
            let code = temporal ? ann.temporalRedirectCode : ann.permanentRedirectCode
            out.httpStatus = code
            out.redirect = HTTPRedirect(status: code, location: url, cause: temporal ? "temporal-redirect" : "permanent-redirect")
            steps.append(RoutingStep("redirect", "\(temporal ? "temporal-redirect" : "permanent-redirect") on \(location.ingress ?? "?"): \(code) to \(url) (path and query are not appended)"
                + (location.isRoot ? "; the root location inherited it from the Ingress that created the host" : "")))
            return
        }
        // 6.3 rewrite-target
        var upstream = request.requestTarget
        if let target = location.rewriteTarget {
            if let re = location.rewriteRegex, let m = re.firstMatch(in: path) {
                let subject = Array(path.utf8)
                let newPath = Self.expand(target, match: m, subject: subject)
                upstream = PathNormalization.escapeRewritten(newPath) + (request.query.map { "?\($0)" } ?? "")
                steps.append(RoutingStep("rewrite", "rewrite \"(?i)\(location.writtenPath)\" \(target) break: \(path) → \(newPath)"
                    + (m.groups.count > 1 ? " (" + (1..<m.groups.count).map { "$\($0)=\"\(m.group($0, in: subject))\"" }.joined(separator: ", ") + ")" : "")
                    + (request.query != nil ? "; the query is appended" : "")))
                let highest = IngressAnnotations.highestGroup(in: target)
                if highest > re.captureCount {
                    notes.append("rewrite-target \(target) refers to $\(highest) but \(location.writtenPath) has \(re.captureCount) group(s); nginx substitutes an empty string")
                }
            } else if let err = location.regexError {
                steps.append(RoutingStep("rewrite", "rewrite not applied: \(err.description)"))
            } else {
                steps.append(RoutingStep("rewrite", "rewrite regex (?i)\(location.writtenPath) does not match \(path); the path is passed unchanged"))
            }
        } else {
            steps.append(RoutingStep("rewrite", "no rewrite-target: the backend receives the original request-target \(upstream)"))
        }
        // 6.5 HTTPS redirect (Lua, after the rewrite phase)
        if !tls {
            let force = ann.forceSSLRedirect
            let ssl = ann.sslRedirect ?? table.controller.sslRedirect
            if force || (ssl && server.hasCertificate) {
                var t = request.requestTarget
                if !ann.preserveTrailingSlash, t.hasSuffix("/") { t.removeLast() }
                let loc = "https://\(request.matchHost)\(t)"
                let code = table.controller.httpRedirectCode
                out.httpStatus = code
                out.redirect = HTTPRedirect(status: code, location: loc, cause: force ? "force-ssl-redirect" : "ssl-redirect")
                steps.append(RoutingStep("https redirect", force ? "force-ssl-redirect: \(code) to \(loc) (no certificate needed)"
                    : "ssl-redirect (default true) and \(server.host) has a certificate (\(server.certificateFrom ?? "?")): \(code) to \(loc)"))
                notes.append("Secrets are not read: a host with spec.tls is assumed to have a usable certificate")
                return
            }
        }
        out.upstreamPath = upstream
        out.upstreamHeaders = Self.upstreamHeaders(request, tls: tls)
        // default backend of the controller
        guard let backend = location.backend, let svcName = backend.serviceName, let ns = location.ingress?.split(separator: "/").first.map(String.init) else {
            if let dbs = table.controller.defaultBackendService {
                let parts = dbs.split(separator: "/").map(String.init)
                if parts.count == 2 { proxy(namespace: parts[0], service: parts[1], port: nil, portName: nil, cluster: cluster, out: &out, steps: &steps, fallback: nil) }
                return
            }
            out.httpStatus = 404
            out.upstreamPath = nil
            out.upstreamHeaders = []
            steps.append(RoutingStep("backend", "the controller's default backend answers 404 Not Found"))
            return
        }
        // 6.4 canary
        let key = "\(ns)/\(svcName)"
        if let canary = table.canaries[key], let canarySvc = canary.backend.serviceName {
            let cns = canary.ingress.split(separator: "/").first.map(String.init) ?? ns
            let decision = Self.canaryDecision(canary, request: request)
            steps.append(RoutingStep("canary", "Service \(key) has canary \(canary.ingress) → \(cns)/\(canarySvc): \(decision.reason)"))
            if decision.canaryProbability >= 1 {
                proxy(namespace: cns, service: canarySvc, port: canary.backend.portNumber, portName: canary.backend.portName, cluster: cluster, out: &out, steps: &steps, fallback: ann.defaultBackend)
                return
            }
            if decision.canaryProbability > 0 {
                var primary = RoutingOutcome(), second = RoutingOutcome()
                var s1: [RoutingStep] = [], s2: [RoutingStep] = []
                proxy(namespace: ns, service: svcName, port: backend.portNumber, portName: backend.portName, cluster: cluster, out: &primary, steps: &s1, fallback: ann.defaultBackend)
                proxy(namespace: cns, service: canarySvc, port: canary.backend.portNumber, portName: canary.backend.portName, cluster: cluster, out: &second, steps: &s2, fallback: ann.defaultBackend)
                let p = decision.canaryProbability
                out.backends = [(primary, 1 - p, "primary"), (second, p, "canary")].compactMap { (o, prob, role) -> WeightedBackend? in
                    guard let b = o.backend else { return nil }
                    var w = WeightedBackend(namespace: b.namespace, service: b.service, port: b.port, probability: prob, httpStatus: o.httpStatus,
                                            reason: "\(role), probability \(Self.percent(prob))")
                    w.endpoints = o.endpoints
                    return w
                }.sorted { $0.probability > $1.probability }
                let first = (1 - p) >= p ? primary : second
                out.backend = first.backend
                out.endpoints = first.endpoints
                out.httpStatus = first.httpStatus
                steps.append(contentsOf: s1 + s2)
                return
            }
        }
        proxy(namespace: ns, service: svcName, port: backend.portNumber, portName: backend.portName, cluster: cluster, out: &out, steps: &steps, fallback: ann.defaultBackend)
    }

    /// 6.6: a Service that is missing or has no ready endpoint gets 503 (or the
    /// `default-backend` annotation's Service).
    func proxy(namespace: String, service: String, port: Int?, portName: String?, cluster: Cluster,
               out: inout RoutingOutcome, steps: inout [RoutingStep], fallback: String?) {
        let r = BackendResolution.resolve(cluster, namespace: namespace, service: service, portNumber: port, portName: portName)
        let portText = port.map(String.init) ?? portName ?? r.servicePort.map { String($0.port) } ?? "80"
        out.backend = BackendRef(namespace: namespace, service: service, port: portText)
        out.endpoints = r.endpoints
        if out.backends.isEmpty || out.backends.count == 1 {
            out.backends = [WeightedBackend(namespace: namespace, service: service, port: portText, probability: 1, httpStatus: r.problem == nil ? nil : 503,
                                            reason: r.problem ?? "proxied to one of \(r.readyCount) ready endpoint(s)")]
        }
        if let problem = r.problem {
            if let fb = fallback, fb != service {
                steps.append(RoutingStep("backend", "\(problem); the default-backend annotation sends it to Service \(namespace)/\(fb) instead"))
                out.backends = []
                proxy(namespace: namespace, service: fb, port: nil, portName: nil, cluster: cluster, out: &out, steps: &steps, fallback: nil)
                return
            }
            out.httpStatus = 503
            steps.append(RoutingStep("backend", "\(problem): the controller answers 503 Service Unavailable"))
            return
        }
        if r.service?.type == .ExternalName {
            steps.append(RoutingStep("backend", "Service \(namespace)/\(service) is ExternalName \(r.service?.externalName ?? "?"): nginx resolves that name and proxies to it"))
            return
        }
        let eps = r.endpoints.filter(\.ready).map { "\($0.address):\($0.port.map(String.init) ?? "?")" }
        steps.append(RoutingStep("backend", "proxy to Service \(namespace)/\(service) port \(portText): nginx balances over the endpoints directly (not the ClusterIP): \(eps.joined(separator: ", "))"))
    }

    struct CanaryDecision { var canaryProbability: Double; var reason: String }

    static func canaryDecision(_ c: CanaryRoute, request: HTTPRequest) -> CanaryDecision {
        let a = c.annotations
        if let h = a.canaryByHeader, let v = request.header(h) {
            if let want = a.canaryByHeaderValue {
                if v == want { return CanaryDecision(canaryProbability: 1, reason: "header \(h): \(v) equals canary-by-header-value → canary") }
            } else if let pattern = a.canaryByHeaderPattern {
                if let re = try? PathRegex(pattern), re.matches(v) { return CanaryDecision(canaryProbability: 1, reason: "header \(h): \(v) matches canary-by-header-pattern \(pattern) → canary") }
            } else if v == "always" {
                return CanaryDecision(canaryProbability: 1, reason: "header \(h): always → canary")
            } else if v == "never" {
                return CanaryDecision(canaryProbability: 0, reason: "header \(h): never → primary")
            }
        }
        if let ck = a.canaryByCookie, let cookies = request.header("Cookie") {
            for part in cookies.split(separator: ";") {
                let kv = part.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
                guard kv.count == 2, kv[0] == ck else { continue }
                if kv[1] == "always" { return CanaryDecision(canaryProbability: 1, reason: "cookie \(ck)=always → canary") }
                if kv[1] == "never" { return CanaryDecision(canaryProbability: 0, reason: "cookie \(ck)=never → primary") }
            }
        }
        let p = min(1, Double(a.canaryWeight) / Double(a.canaryWeightTotal))
        if p <= 0 { return CanaryDecision(canaryProbability: 0, reason: "no header or cookie decides and canary-weight is 0 → primary") }
        return CanaryDecision(canaryProbability: p, reason: "canary-weight \(a.canaryWeight)/\(a.canaryWeightTotal): two outcomes, canary \(percent(p)), primary \(percent(1 - p))")
    }

    static func percent(_ p: Double) -> String {
        let v = (p * 1000).rounded() / 10
        return v == v.rounded() ? "\(Int(v))%" : "\(v)%"
    }

    /// Replaces `$n` in a rewrite target with the groups of the match (missing groups: empty).
    static func expand(_ target: String, match: PathRegex.Match, subject: [UInt8]) -> String {
        var out = ""
        let b = Array(target.utf8)
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "$"), i + 1 < b.count, b[i + 1] >= 48, b[i + 1] <= 57 {
                var j = i + 1, n = 0
                while j < b.count, b[j] >= 48, b[j] <= 57 { n = n * 10 + Int(b[j] - 48); j += 1 }
                out += match.group(n, in: subject)
                i = j
            } else {
                out.unicodeScalars.append(Unicode.Scalar(b[i]))
                i += 1
            }
        }
        return out
    }

    /// The headers ingress-nginx's template sets on the upstream request (`proxy_set_header`),
    /// followed by the client's own headers.
    static func upstreamHeaders(_ r: HTTPRequest, tls: Bool) -> [HTTPHeader] {
        let scheme = tls ? "https" : "http"
        var h = [
            HTTPHeader(name: "Host", value: r.hostHeader),
            HTTPHeader(name: "X-Request-ID", value: "<random per request>"),
            HTTPHeader(name: "X-Real-IP", value: "<client address>"),
            HTTPHeader(name: "X-Forwarded-For", value: "<client address>"),
            HTTPHeader(name: "X-Forwarded-Host", value: r.hostHeader),
            HTTPHeader(name: "X-Forwarded-Port", value: tls ? "443" : "80"),
            HTTPHeader(name: "X-Forwarded-Proto", value: scheme),
            HTTPHeader(name: "X-Forwarded-Scheme", value: scheme),
            HTTPHeader(name: "X-Scheme", value: scheme),
            HTTPHeader(name: "X-Original-URI", value: r.requestTarget),
        ]
        let replaced = Set(h.map { $0.name.lowercased() } + ["connection"])
        h += r.headers.filter { !replaced.contains($0.name.lowercased()) }
        return h
    }
}
