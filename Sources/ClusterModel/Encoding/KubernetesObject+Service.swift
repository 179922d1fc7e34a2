import NetCore

extension Service: KubernetesObject {
    public var kubernetesValue: KubeValue {
        var b = header("v1", "Service", meta)
        var s = KubeObjectBuilder()
        s.set("type", type.rawValue)
        if isHeadless {
            s.set("clusterIP", "None")
            s.set("clusterIPs", strings: ["None"])
        } else if type != .ExternalName {
            s.set("clusterIP", clusterIP?.description)
            s.set("clusterIPs", strings: clusterIPs.map(\.description))
        }
        if type != .ExternalName, let family = clusterIPs.first?.family ?? (isHeadless ? .ipv4 : nil) {
            s.set("ipFamilies", strings: [family == .ipv4 ? "IPv4" : "IPv6"])
            s.set("ipFamilyPolicy", "SingleStack")
        }
        s.set("ports", .array(ports.map { p in
            var x = KubeObjectBuilder()
            x.set("name", p.name)
            x.set("protocol", p.proto.rawValue)
            x.set("port", p.port)
            switch p.targetPort {
            case .number(let n): x.set("targetPort", n)
            case .name(let n): x.set("targetPort", n)
            }
            x.set("nodePort", p.nodePort)
            x.set("appProtocol", p.appProtocol)
            return x.value
        }))
        if let selector { s.set("selector", map: selector) }
        s.set("sessionAffinity", sessionAffinity)
        if sessionAffinity == "ClientIP" {
            s.set("sessionAffinityConfig", .object(["clientIP": .object(["timeoutSeconds": .int(sessionAffinityTimeoutSeconds)])]))
        }
        if type == .NodePort || type == .LoadBalancer { s.set("externalTrafficPolicy", externalTrafficPolicy) }
        if type != .ExternalName { s.set("internalTrafficPolicy", internalTrafficPolicy) }
        s.set("externalIPs", strings: externalIPs.map(\.description))
        s.set("externalName", externalName)
        s.set("loadBalancerSourceRanges", strings: loadBalancerSourceRanges.map(\.description))
        s.set("healthCheckNodePort", healthCheckNodePort)
        s.flag("publishNotReadyAddresses", publishNotReadyAddresses)
        b.set("spec", s.value)
        var lb = KubeObjectBuilder()
        lb.set("ingress", .array(loadBalancerIngress.map { i in
            var x = KubeObjectBuilder()
            x.set("ip", i.ip?.description)
            x.set("hostname", i.hostname)
            x.set("ipMode", i.ipMode)
            return x.value
        }))
        var status = KubeObjectBuilder()
        status.set("loadBalancer", .object(lb.members))
        b.set("status", .object(status.members.isEmpty ? ["loadBalancer": .object([:])] : status.members))
        return b.value
    }
}

extension EndpointSlice: KubernetesObject {
    public var kubernetesValue: KubeValue {
        var b = header("discovery.k8s.io/v1", "EndpointSlice", meta)
        b.set("addressType", addressType)
        b.set("endpoints", .array(endpoints.map { e in
            var x = KubeObjectBuilder()
            x.set("addresses", strings: e.addresses.map(\.description))
            x.set("conditions", .object(["ready": .bool(e.ready), "serving": .bool(e.serving), "terminating": .bool(e.terminating)]))
            x.set("nodeName", e.nodeName)
            x.set("hostname", e.hostname)
            if let target = e.targetPod {
                let parts = target.split(separator: "/", maxSplits: 1).map(String.init)
                var r = KubeObjectBuilder()
                r.set("kind", "Pod")
                r.set("namespace", parts.count == 2 ? parts[0] : namespace)
                r.set("name", parts.last ?? target)
                x.set("targetRef", r.value)
            }
            return x.value
        }))
        // An empty `endpoints` list is written as `null` by the API server; keep the key.
        if endpoints.isEmpty { b.set("endpoints", .null) }
        b.set("ports", .array(ports.map { p in
            var x = KubeObjectBuilder()
            x.set("name", .string(p.name ?? ""))
            x.set("port", p.port)
            x.set("protocol", p.proto.rawValue)
            return x.value
        }))
        return b.value
    }
}
