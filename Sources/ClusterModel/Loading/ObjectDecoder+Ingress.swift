import NetCore

extension ObjectDecoder {
    static let pathTypes = ["Exact", "Prefix", "ImplementationSpecific"]

    func ingressBackend(_ node: Node?, _ path: String) -> IngressBackend? {
        guard let b = ctx.object(node, path) else { return nil }
        if b["serviceName"] != nil || b["servicePort"] != nil {
            let name = b["serviceName"]?.string ?? "NAME"
            let port = b["servicePort"].map { n -> String in
                if case .int(let v) = n.value { return "number: \(v)" }
                return "name: \(n.string ?? "PORT")"
            } ?? "number: PORT"
            ctx.error("pre-v1-backend", b.keyNode("serviceName") ?? b.keyNode("servicePort"), "\(path): unknown fields \"serviceName\"/\"servicePort\": this is the extensions/v1beta1 shape, removed in networking.k8s.io/v1",
                      fix: "write `\(path.split(separator: ".").last ?? "backend"): {service: {name: \(name), port: {\(port)}}}`")
            return nil
        }
        if let svc = ctx.object(b["service"], "\(path).service") {
            let port = ctx.object(svc["port"], "\(path).service.port")
            let backend = IngressBackend(serviceName: ctx.string(svc["name"], "\(path).service.name"),
                                         portNumber: ctx.port(port?["number"], "\(path).service.port.number"),
                                         portName: ctx.string(port?["name"], "\(path).service.port.name"))
            if backend.serviceName == nil { ctx.error("missing-field", svc, "\(path).service.name: Required value") }
            if backend.portNumber == nil && backend.portName == nil {
                ctx.error("missing-field", svc, "\(path).service.port: Required value: a port name or number")
            }
            return backend
        }
        if let r = ctx.object(b["resource"], "\(path).resource") {
            return IngressBackend(resource: "\(ctx.string(r["kind"], "kind") ?? "?")/\(ctx.string(r["name"], "name") ?? "?")")
        }
        ctx.error("missing-field", b, "\(path): a backend needs `service` or `resource`")
        return nil
    }

    func ingress(_ doc: Node, meta: ObjectMeta) -> Ingress {
        var ing = Ingress(meta: meta)
        guard let spec = ctx.object(doc["spec"], "spec") else { return ing }
        ing.ingressClassName = ctx.string(spec["ingressClassName"], "spec.ingressClassName")
        if spec["backend"] != nil {
            ctx.error("pre-v1-backend", spec.keyNode("backend"), "spec.backend: unknown field \"backend\" in networking.k8s.io/v1 (it was renamed)",
                      fix: "rename it `spec.defaultBackend` and write its service as `service: {name: ..., port: {number: ...}}`")
        }
        ing.defaultBackend = ingressBackend(spec["defaultBackend"], "spec.defaultBackend")
        for (i, t) in ctx.array(spec["tls"], "spec.tls").enumerated() {
            ing.tls.append(IngressTLS(hosts: ctx.stringList(t["hosts"], "spec.tls[\(i)].hosts"), secretName: ctx.string(t["secretName"], "spec.tls[\(i)].secretName")))
        }
        for (i, r) in ctx.array(spec["rules"], "spec.rules").enumerated() {
            let rp = "spec.rules[\(i)]"
            var rule = IngressRule(host: ctx.string(r["host"], "\(rp).host"), paths: [], location: r.location)
            if let host = rule.host, !Self.isValidIngressHost(host) {
                ctx.error("invalid-host", r["host"], "\(rp).host: Invalid value: \"\(host)\": a lowercase RFC 1123 name, optionally starting with `*.`")
            }
            let http = ctx.object(r["http"], "\(rp).http")
            let pathsNode = http?["paths"]
            for stray in ["path", "pathType", "backend"] where http?[stray] != nil {
                ctx.error("misplaced-field", http?.keyNode(stray), "\(rp).http.\(stray): unknown field \"\(stray)\"; it belongs to an item of the `paths` list",
                          fix: "indent `\(stray):` under a `- path: ...` item of `paths:`")
            }
            if let pn = pathsNode, pn.elements == nil, !pn.isNull {
                ctx.error("wrong-type", pn, "\(rp).http.paths: expected a list of paths, found \(pn.typeName)",
                          fix: "write `paths:` followed by `- path: \(pn.string ?? "/")`, `pathType: Prefix` and a `backend:`")
            } else {
                for (j, p) in ctx.array(pathsNode, "\(rp).http.paths").enumerated() {
                    let pp = "\(rp).http.paths[\(j)]"
                    let typeText = ctx.string(p["pathType"], "\(pp).pathType")
                    var pathType = typeText ?? ""
                    if typeText == nil {
                        ctx.error("missing-field", p, "\(pp).pathType: Required value", fix: "add `pathType: Prefix` (or Exact, ImplementationSpecific)")
                        pathType = "ImplementationSpecific"
                    } else if let t = typeText, !Self.pathTypes.contains(t) {
                        let fix = Self.pathTypes.first { $0.lowercased() == t.lowercased() }
                        ctx.error("invalid-path-type", p["pathType"], "\(pp).pathType: Unsupported value: \"\(t)\": supported values: \"Exact\", \"ImplementationSpecific\", \"Prefix\"",
                                  fix: fix.map { "write `pathType: \($0)` (the value is case-sensitive)" })
                        pathType = fix ?? "ImplementationSpecific"
                    }
                    let path = ctx.string(p["path"], "\(pp).path")
                    if let path, pathType != "ImplementationSpecific", !path.hasPrefix("/") {
                        ctx.error("invalid-path", p["path"], "\(pp).path: Invalid value: \"\(path)\": must be an absolute path")
                    }
                    if p["backend"] == nil { ctx.error("missing-field", p, "\(pp).backend: Required value") }
                    if let backend = ingressBackend(p["backend"], "\(pp).backend") {
                        rule.paths.append(IngressPath(path: path, pathType: pathType, backend: backend, location: p.location))
                    }
                }
            }
            ing.rules.append(rule)
        }
        let lb = ctx.object(doc["status"], "status")?["loadBalancer"]
        ing.loadBalancerIPs = ctx.array(lb?["ingress"], "status.loadBalancer.ingress").compactMap { $0["ip"]?.string ?? $0["hostname"]?.string }
        return ing
    }

    static func isValidIngressHost(_ host: String) -> Bool {
        var h = Substring(host)
        if h.hasPrefix("*.") { h = h.dropFirst(2) }
        guard !h.isEmpty, h.count <= 253, IPAddress(String(h)) == nil else { return false }
        return h.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                && label.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
        }
    }

    func ingressClass(_ doc: Node, meta: ObjectMeta) -> IngressClass {
        IngressClass(meta: meta, controller: ctx.string(ctx.object(doc["spec"], "spec")?["controller"], "spec.controller") ?? "")
    }
}
