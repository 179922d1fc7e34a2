import NetCore

extension ObjectDecoder {
    func gatewayClass(_ doc: Node, meta: ObjectMeta) -> GatewayClass {
        GatewayClass(meta: meta, controllerName: ctx.string(ctx.object(doc["spec"], "spec")?["controllerName"], "spec.controllerName") ?? "")
    }

    func gateway(_ doc: Node, meta: ObjectMeta) -> Gateway {
        let spec = ctx.object(doc["spec"], "spec")
        var gw = Gateway(meta: meta, gatewayClassName: ctx.string(spec?["gatewayClassName"], "spec.gatewayClassName") ?? "")
        for (i, l) in ctx.array(spec?["listeners"], "spec.listeners").enumerated() {
            let lp = "spec.listeners[\(i)]"
            guard let port = ctx.port(l["port"], "\(lp).port") else {
                if l["port"] == nil { ctx.error("missing-field", l, "\(lp).port: Required value") }
                continue
            }
            let allowed = ctx.object(l["allowedRoutes"], "\(lp).allowedRoutes")
            let ns = ctx.object(allowed?["namespaces"], "\(lp).allowedRoutes.namespaces")
            let tls = ctx.object(l["tls"], "\(lp).tls")
            var listener = Gateway.Listener(name: ctx.string(l["name"], "\(lp).name") ?? "listener-\(i)", hostname: ctx.string(l["hostname"], "\(lp).hostname"),
                                            port: port, proto: ctx.string(l["protocol"], "\(lp).protocol") ?? "HTTP",
                                            tlsMode: ctx.string(tls?["mode"], "\(lp).tls.mode"),
                                            certificateRefs: ctx.array(tls?["certificateRefs"], "\(lp).tls.certificateRefs").compactMap { $0["name"]?.string },
                                            allowedNamespacesFrom: ctx.string(ns?["from"], "\(lp).allowedRoutes.namespaces.from") ?? "Same")
            if ns?["selector"] != nil { listener.allowedNamespacesSelector = ctx.selector(ns?["selector"], "\(lp).allowedRoutes.namespaces.selector") }
            listener.allowedKinds = ctx.array(allowed?["kinds"], "\(lp).allowedRoutes.kinds").compactMap { $0["kind"]?.string }
            gw.listeners.append(listener)
        }
        gw.addresses = ctx.array(spec?["addresses"], "spec.addresses").compactMap { $0["value"]?.string }
        gw.addresses += ctx.array(ctx.object(doc["status"], "status")?["addresses"], "status.addresses").compactMap { $0["value"]?.string }
        return gw
    }

    private func stringMatch(_ node: Node?, _ path: String, defaultType: String) -> HTTPRouteMatch.StringMatch? {
        guard let m = ctx.object(node, path) else { return nil }
        return .init(type: ctx.string(m["type"], "\(path).type") ?? defaultType, name: ctx.string(m["name"], "\(path).name"),
                     value: ctx.string(m["value"], "\(path).value") ?? (defaultType == "PathPrefix" ? "/" : ""))
    }

    private func headerModifier(_ node: Node?, _ path: String) -> HTTPRouteFilter.HeaderModifier? {
        guard let m = ctx.object(node, path) else { return nil }
        func values(_ key: String) -> [HTTPRouteFilter.HeaderValue] {
            ctx.array(m[key], "\(path).\(key)").compactMap { v in
                guard let n = ctx.string(v["name"], "\(path).\(key).name") else { return nil }
                return .init(name: n, value: ctx.string(v["value"], "\(path).\(key).value") ?? "")
            }
        }
        return .init(set: values("set"), add: values("add"), remove: ctx.stringList(m["remove"], "\(path).remove"))
    }

    private func pathModifier(_ node: Node?, _ path: String) -> HTTPRouteFilter.PathModifier? {
        guard let m = ctx.object(node, path) else { return nil }
        return .init(type: ctx.string(m["type"], "\(path).type") ?? "", replaceFullPath: ctx.string(m["replaceFullPath"], "\(path).replaceFullPath"),
                     replacePrefixMatch: ctx.string(m["replacePrefixMatch"], "\(path).replacePrefixMatch"))
    }

    func routeFilters(_ node: Node?, _ path: String) -> [HTTPRouteFilter] {
        ctx.array(node, path).enumerated().compactMap { (i, f) in
            let fp = "\(path)[\(i)]"
            guard let type = ctx.string(f["type"], "\(fp).type") else { return nil }
            var filter = HTTPRouteFilter(type: type)
            filter.requestHeaderModifier = headerModifier(f["requestHeaderModifier"], "\(fp).requestHeaderModifier")
            filter.responseHeaderModifier = headerModifier(f["responseHeaderModifier"], "\(fp).responseHeaderModifier")
            if let r = ctx.object(f["requestRedirect"], "\(fp).requestRedirect") {
                filter.requestRedirect = .init(scheme: ctx.string(r["scheme"], "scheme"), hostname: ctx.string(r["hostname"], "hostname"),
                                               path: pathModifier(r["path"], "\(fp).requestRedirect.path"), port: ctx.port(r["port"], "port"),
                                               statusCode: ctx.int(r["statusCode"], "statusCode"))
            }
            if let u = ctx.object(f["urlRewrite"], "\(fp).urlRewrite") {
                filter.urlRewrite = .init(hostname: ctx.string(u["hostname"], "hostname"), path: pathModifier(u["path"], "\(fp).urlRewrite.path"))
            }
            filter.mirrorBackend = ctx.string(f["requestMirror"]?["backendRef"]?["name"], "\(fp).requestMirror.backendRef.name")
            return filter
        }
    }

    func httpRoute(_ doc: Node, meta: ObjectMeta) -> HTTPRoute {
        let spec = ctx.object(doc["spec"], "spec")
        var route = HTTPRoute(meta: meta, hostnames: ctx.stringList(spec?["hostnames"], "spec.hostnames"))
        for (i, p) in ctx.array(spec?["parentRefs"], "spec.parentRefs").enumerated() {
            let pp = "spec.parentRefs[\(i)]"
            guard let name = ctx.string(p["name"], "\(pp).name") else { continue }
            route.meta.fieldLocations["spec.parentRefs[\(route.parentRefs.count)]"] = p.location
            route.parentRefs.append(ParentReference(group: ctx.string(p["group"], "\(pp).group"), kind: ctx.string(p["kind"], "\(pp).kind"),
                                                    namespace: ctx.string(p["namespace"], "\(pp).namespace"), name: name,
                                                    sectionName: ctx.string(p["sectionName"], "\(pp).sectionName"), port: ctx.port(p["port"], "\(pp).port")))
        }
        for (i, r) in ctx.array(spec?["rules"], "spec.rules").enumerated() {
            let rp = "spec.rules[\(i)]"
            var rule = HTTPRouteRule(name: ctx.string(r["name"], "\(rp).name"), location: r.location)
            for (j, m) in ctx.array(r["matches"], "\(rp).matches").enumerated() {
                let mp = "\(rp).matches[\(j)]"
                rule.matches.append(HTTPRouteMatch(
                    path: stringMatch(m["path"], "\(mp).path", defaultType: "PathPrefix"),
                    headers: ctx.array(m["headers"], "\(mp).headers").enumerated().compactMap { stringMatch($0.element, "\(mp).headers[\($0.offset)]", defaultType: "Exact") },
                    queryParams: ctx.array(m["queryParams"], "\(mp).queryParams").enumerated().compactMap { stringMatch($0.element, "\(mp).queryParams[\($0.offset)]", defaultType: "Exact") },
                    method: ctx.string(m["method"], "\(mp).method")))
            }
            rule.filters = routeFilters(r["filters"], "\(rp).filters")
            for (j, b) in ctx.array(r["backendRefs"], "\(rp).backendRefs").enumerated() {
                let bp = "\(rp).backendRefs[\(j)]"
                guard let name = ctx.string(b["name"], "\(bp).name") else { continue }
                rule.backendRefs.append(HTTPBackendRef(group: ctx.string(b["group"], "\(bp).group"), kind: ctx.string(b["kind"], "\(bp).kind"),
                                                       name: name, namespace: ctx.string(b["namespace"], "\(bp).namespace"),
                                                       port: ctx.port(b["port"], "\(bp).port"), weight: ctx.int(b["weight"], "\(bp).weight") ?? 1,
                                                       filters: routeFilters(b["filters"], "\(bp).filters")))
            }
            route.rules.append(rule)
        }
        return route
    }
}
