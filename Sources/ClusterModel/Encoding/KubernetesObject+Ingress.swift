import NetCore

extension IngressBackend {
    /// A `networking.k8s.io/v1 IngressBackend`.
    public var kubernetesValue: KubeValue {
        if let resource {
            let parts = resource.split(separator: "/", maxSplits: 1).map(String.init)
            return .object(["resource": .object(["kind": .string(parts.first ?? ""), "name": .string(parts.count > 1 ? parts[1] : "")])])
        }
        var port = KubeObjectBuilder()
        port.set("number", portNumber)
        port.set("name", portName)
        var svc = KubeObjectBuilder()
        svc.set("name", serviceName)
        svc.set("port", .object(port.members))
        return .object(["service": svc.value])
    }
}

extension Ingress: KubernetesObject {
    public var kubernetesValue: KubeValue {
        var b = header("networking.k8s.io/v1", "Ingress", meta)
        var s = KubeObjectBuilder()
        s.set("ingressClassName", ingressClassName)
        s.set("defaultBackend", defaultBackend?.kubernetesValue)
        s.set("tls", .array(tls.map { t in
            var x = KubeObjectBuilder()
            x.set("hosts", strings: t.hosts)
            x.set("secretName", t.secretName)
            return x.value
        }))
        s.set("rules", .array(rules.map { r in
            var x = KubeObjectBuilder()
            x.set("host", r.host)
            x.set("http", .object(["paths": .array(r.paths.map { p in
                var y = KubeObjectBuilder()
                y.set("path", p.path)
                y.set("pathType", p.pathType)
                y.set("backend", p.backend.kubernetesValue)
                return y.value
            })]))
            return x.value
        }))
        b.set("spec", s.value)
        let lb: [KubeValue] = loadBalancerIPs.map { IPAddress($0) != nil ? .object(["ip": .string($0)]) : .object(["hostname": .string($0)]) }
        b.set("status", .object(["loadBalancer": lb.isEmpty ? .object([:]) : .object(["ingress": .array(lb)])]))
        return b.value
    }
}

extension IngressClass: KubernetesObject {
    public var kubernetesValue: KubeValue {
        var b = header("networking.k8s.io/v1", "IngressClass", meta)
        b.set("spec", .object(["controller": .string(controller)]))
        return b.value
    }
}
