import NetCore

extension GatewayClass: KubernetesObject {
    public var kubernetesValue: KubeValue {
        var b = header("gateway.networking.k8s.io/v1", "GatewayClass", meta)
        b.set("spec", .object(["controllerName": .string(controllerName)]))
        return b.value
    }
}

extension Gateway: KubernetesObject {
    public var kubernetesValue: KubeValue {
        var b = header("gateway.networking.k8s.io/v1", "Gateway", meta)
        var s = KubeObjectBuilder()
        s.set("gatewayClassName", gatewayClassName)
        s.set("listeners", .array(listeners.map { l in
            var x = KubeObjectBuilder()
            x.set("name", l.name)
            x.set("hostname", l.hostname)
            x.set("port", l.port)
            x.set("protocol", l.proto)
            if l.tlsMode != nil || !l.certificateRefs.isEmpty {
                var t = KubeObjectBuilder()
                t.set("mode", l.tlsMode)
                t.set("certificateRefs", .array(l.certificateRefs.map { .object(["kind": .string("Secret"), "name": .string($0)]) }))
                x.set("tls", .object(t.members))
            }
            var ns = KubeObjectBuilder()
            ns.set("from", l.allowedNamespacesFrom)
            ns.set("selector", l.allowedNamespacesSelector?.kubernetesValue)
            var allowed = KubeObjectBuilder()
            allowed.set("namespaces", ns.value)
            allowed.set("kinds", .array(l.allowedKinds.map { .object(["kind": .string($0)]) }))
            x.set("allowedRoutes", allowed.value)
            return x.value
        }))
        s.set("addresses", .array(addresses.map { .object(["value": .string($0)]) }))
        b.set("spec", s.value)
        return b.value
    }
}

extension HTTPRouteMatch.StringMatch {
    var kubernetesValue: KubeValue {
        var x = KubeObjectBuilder()
        x.set("type", type)
        x.set("name", name)
        x.set("value", .string(value))
        return x.value
    }
}

extension HTTPRouteFilter {
    public var kubernetesValue: KubeValue {
        func headers(_ m: HeaderModifier?) -> KubeValue? {
            guard let m else { return nil }
            var x = KubeObjectBuilder()
            x.set("set", .array(m.set.map { .object(["name": .string($0.name), "value": .string($0.value)]) }))
            x.set("add", .array(m.add.map { .object(["name": .string($0.name), "value": .string($0.value)]) }))
            x.set("remove", strings: m.remove)
            return .object(x.members)
        }
        func path(_ p: PathModifier?) -> KubeValue? {
            guard let p else { return nil }
            var x = KubeObjectBuilder()
            x.set("type", p.type)
            x.set("replaceFullPath", p.replaceFullPath)
            x.set("replacePrefixMatch", p.replacePrefixMatch)
            return x.value
        }
        var f = KubeObjectBuilder()
        f.set("type", type)
        f.set("requestHeaderModifier", headers(requestHeaderModifier))
        f.set("responseHeaderModifier", headers(responseHeaderModifier))
        if let r = requestRedirect {
            var x = KubeObjectBuilder()
            x.set("scheme", r.scheme)
            x.set("hostname", r.hostname)
            x.set("path", path(r.path))
            x.set("port", r.port)
            x.set("statusCode", r.statusCode)
            f.set("requestRedirect", .object(x.members))
        }
        if let u = urlRewrite {
            var x = KubeObjectBuilder()
            x.set("hostname", u.hostname)
            x.set("path", path(u.path))
            f.set("urlRewrite", .object(x.members))
        }
        if let mirrorBackend { f.set("requestMirror", .object(["backendRef": .object(["name": .string(mirrorBackend)])])) }
        return f.value
    }
}

extension HTTPRoute: KubernetesObject {
    public var kubernetesValue: KubeValue {
        var b = header("gateway.networking.k8s.io/v1", "HTTPRoute", meta)
        var s = KubeObjectBuilder()
        s.set("parentRefs", .array(parentRefs.map { p in
            var x = KubeObjectBuilder()
            x.set("group", p.group)
            x.set("kind", p.kind)
            x.set("namespace", p.namespace)
            x.set("name", p.name)
            x.set("sectionName", p.sectionName)
            x.set("port", p.port)
            return x.value
        }))
        s.set("hostnames", strings: hostnames)
        s.set("rules", .array(rules.map { r in
            var x = KubeObjectBuilder()
            x.set("name", r.name)
            x.set("matches", .array(r.matches.map { m in
                var y = KubeObjectBuilder()
                y.set("path", m.path?.kubernetesValue)
                y.set("headers", .array(m.headers.map(\.kubernetesValue)))
                y.set("queryParams", .array(m.queryParams.map(\.kubernetesValue)))
                y.set("method", m.method)
                return y.value
            }))
            x.set("filters", .array(r.filters.map(\.kubernetesValue)))
            x.set("backendRefs", .array(r.backendRefs.map { br in
                var y = KubeObjectBuilder()
                y.set("group", br.group)
                y.set("kind", br.kind)
                y.set("name", br.name)
                y.set("namespace", br.namespace)
                y.set("port", br.port)
                y.set("weight", br.weight)
                y.set("filters", .array(br.filters.map(\.kubernetesValue)))
                return y.value
            }))
            return x.value
        }))
        b.set("spec", s.value)
        return b.value
    }
}
