import ClusterModel

extension NginxHostTable {
    /// Compiles the owned Ingresses of `cluster` into servers and locations as ingress-nginx
    /// writes nginx.conf (sections 2–3 of the ingress reference).
    ///
    /// - Parameter lenient: admit Ingresses that lack a usable class too (for validation).
    public static func build(_ cluster: Cluster, controller: IngressController? = nil, lenient: Bool = false) -> NginxHostTable {
        let controller = controller ?? IngressController.find(in: cluster)
        let admission = IngressAdmission.admit(cluster, controller: controller, lenient: lenient)
        var notes = admission.notes
        if controller.assumed {
            notes.append("no ingress-nginx controller pod found in the cluster; a stock controller (class nginx, 404 default backend) is assumed")
        }
        var servers: [NginxServer] = [NginxServer(host: "_", locations: [rootLocation(backend: nil, from: nil, annotations: IngressAnnotations([:]))])]
        var index: [String: Int] = ["_": 0]
        var catchAllRetargeted: String?

        for a in admission.owned {
            let ing = a.ingress
            if ing.rules.isEmpty, let db = ing.defaultBackend, db.serviceName != nil {
                if let first = catchAllRetargeted {
                    notes.append("Ingress \(a.key) also sets a defaultBackend without rules; \(first) (older) already set the catch-all server's")
                } else {
                    servers[0].locations[0] = rootLocation(backend: db, from: a.key, annotations: a.annotations)
                    catchAllRetargeted = a.key
                }
            }
            for rule in ing.rules {
                let host = rule.host ?? "_"
                let si: Int
                if let i = index[host] { si = i } else {
                    var s = NginxServer(host: host, locations: [rootLocation(backend: ing.defaultBackend, from: a.key, annotations: a.annotations)])
                    s.createdBy = a.key
                    servers.append(s)
                    si = servers.count - 1
                    index[host] = si
                }
                if !ing.tls.isEmpty && !servers[si].hasCertificate {
                    servers[si].hasCertificate = true
                    let listed = ing.tls.contains { $0.hosts.contains(host) }
                    servers[si].certificateFrom = "\(a.key) spec.tls" + (listed ? "" : " (host not listed there: the controller's default certificate is used)")
                }
                if servers[si].appRoot == nil, let root = a.annotations.appRoot {
                    servers[si].appRoot = root
                    servers[si].appRootFrom = a.key
                }
                for p in rule.paths {
                    guard p.backend.resource == nil else {
                        servers[si].dropped.append("\(a.key): path \(p.path ?? "/") has a resource backend, which ingress-nginx skips")
                        continue
                    }
                    let written = (p.path ?? "").isEmpty ? "/" : (p.path ?? "/")
                    let modifier: NginxLocation.Modifier = p.pathType == "Exact" ? .exact : .prefix
                    var loc = NginxLocation(path: written, modifier: modifier, ingress: a.key, writtenPath: written, pathType: p.pathType,
                                            backend: p.backend, annotations: a.annotations, isRoot: false, pathLocation: p.location)
                    loc.rewriteTarget = a.annotations.rewrite(for: written)
                    if let existing = servers[si].locations.firstIndex(where: { $0.writtenPath == written && $0.modifier == modifier }) {
                        if servers[si].locations[existing].isRoot {
                            servers[si].locations[existing] = loc
                        } else {
                            servers[si].dropped.append("\(a.key): \(loc.written) on \(host) is already defined by \(servers[si].locations[existing].ingress ?? "?") (older); ingress-nginx keeps the older one (its admission webhook would refuse this Ingress)")
                        }
                    } else {
                        servers[si].locations.append(loc)
                    }
                }
            }
        }
        for i in servers.indices { finish(&servers[i]) }
        if controller.defaultBackendService != nil {
            notes.append("unmatched requests go to the controller's --default-backend-service \(controller.defaultBackendService ?? "")")
        }
        var table = NginxHostTable(controller: controller, admission: admission, servers: servers, canaries: [:], notes: notes)
        table.attachCanaries(admission.canaries)
        return table
    }

    static func rootLocation(backend: IngressBackend?, from ingress: String?, annotations: IngressAnnotations) -> NginxLocation {
        var loc = NginxLocation(path: "/", modifier: .prefix, ingress: ingress, writtenPath: "/", pathType: "",
                                backend: backend?.serviceName == nil ? nil : backend, annotations: annotations, isRoot: true)
        loc.rewriteTarget = annotations.rewrite(for: "/")
        return loc
    }

    /// Regex mode, ordering, the Prefix split and compiled patterns (3.3–3.5).
    static func finish(_ s: inout NginxServer) {
        let causes = s.locations.filter { $0.annotations.useRegex || $0.rewriteTarget != nil }
        if let cause = causes.first(where: { !$0.isRoot }) ?? causes.first {
            s.regexMode = true
            let why = cause.annotations.useRegex ? "use-regex: \"true\"" : "rewrite-target \(cause.rewriteTarget ?? "")"
            s.regexModeCause = "Ingress \(cause.ingress ?? "?") (\(why)\(cause.isRoot ? ", on the root location it created" : ""))"
        }
        let ordered = s.locations.enumerated().sorted { a, b in
            let la = a.element.writtenPath.utf8.count, lb = b.element.writtenPath.utf8.count
            if la != lb { return la > lb }
            if a.element.writtenPath != b.element.writtenPath { return Array(a.element.writtenPath.utf8).lexicographicallyPrecedes(Array(b.element.writtenPath.utf8)) == false }
            return a.offset < b.offset
        }.map(\.element)
        let userExact = Set(ordered.filter { $0.modifier == .exact }.map(\.writtenPath))
        var result: [NginxLocation] = []
        var seenPrefix: [String: String] = [:]
        for var loc in ordered {
            let splits = loc.modifier == .prefix && loc.writtenPath != "/" && !loc.annotations.useRegex && loc.rewriteTarget == nil
            if splits {
                let original = loc.writtenPath
                loc.path = original.hasSuffix("/") ? original : original + "/"
                loc.splitFrom = loc.written
                if let other = seenPrefix[loc.path] {
                    s.errors.append("prefix location \(loc.path) comes from both \(other) and \(loc.ingress ?? "?") \(loc.written); nginx refuses the configuration (duplicate location \"\(loc.path)\")")
                }
                seenPrefix[loc.path] = "\(loc.ingress ?? "?") \(loc.written)"
                result.append(loc)
                if !userExact.contains(original) {
                    var exact = loc
                    exact.path = original
                    exact.modifier = .exact
                    result.append(exact)
                }
            } else {
                if loc.modifier == .prefix { seenPrefix[loc.path] = "\(loc.ingress ?? "controller") \(loc.written)" }
                result.append(loc)
            }
        }
        for i in result.indices {
            if s.regexMode {
                result[i].modifier = .regex
                do { result[i].locationRegex = try PathRegex("^" + result[i].path, caseInsensitive: true) }
                catch { result[i].regexError = error }
            }
            if let _ = result[i].rewriteTarget {
                do { result[i].rewriteRegex = try PathRegex(result[i].writtenPath, caseInsensitive: true) }
                catch { result[i].regexError = result[i].regexError ?? error }
            }
        }
        s.locations = result
        s.indexLocations()
    }

    mutating func attachCanaries(_ canaryIngresses: [AdmittedIngress]) {
        for c in canaryIngresses {
            for rule in c.ingress.rules {
                let host = rule.host ?? "_"
                for p in rule.paths {
                    let written = (p.path ?? "").isEmpty ? "/" : (p.path ?? "/")
                    let isExact = p.pathType == "Exact"
                    let server = servers.first { $0.host == host }
                    let primary = server?.locations.first { l in
                        l.writtenPath == written && (l.pathType == "Exact") == isExact && l.backend?.serviceName != nil
                    }
                    guard let primary, let svc = primary.backend?.serviceName, let ingKey = primary.ingress else {
                        notes.append("canary Ingress \(c.key): no primary location for \(host) \(p.pathType) \(written); the canary is ignored")
                        continue
                    }
                    let ns = ingKey.split(separator: "/").first.map(String.init) ?? "default"
                    let key = "\(ns)/\(svc)"
                    if let existing = canaries[key] {
                        if existing.ingress != c.key {
                            notes.append("canary Ingress \(c.key) ignored for Service \(key): \(existing.ingress) is already its canary (only one canary per primary)")
                        }
                        continue
                    }
                    canaries[key] = CanaryRoute(ingress: c.key, backend: p.backend, annotations: c.annotations, attachedTo: "\(host) \(p.pathType) \(written)")
                }
            }
        }
    }
}
