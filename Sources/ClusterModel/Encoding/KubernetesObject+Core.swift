import NetCore

extension Namespace: KubernetesObject {
    public var kubernetesValue: KubeValue {
        var b = header("v1", "Namespace", meta)
        b.set("spec", .object(["finalizers": .array([.string("kubernetes")])]))
        b.set("status", .object(["phase": .string("Active")]))
        return b.value
    }
}

extension ClusterNode: KubernetesObject {
    public var kubernetesValue: KubeValue {
        var b = header("v1", "Node", meta)
        var spec = KubeObjectBuilder()
        spec.set("podCIDR", podCIDRs.first?.description)
        spec.set("podCIDRs", strings: podCIDRs.map(\.description))
        spec.flag("unschedulable", unschedulable)
        spec.set("taints", .array(taints.map { t in
            var x = KubeObjectBuilder()
            x.set("key", t.key)
            x.set("value", t.value)
            x.set("effect", t.effect)
            return x.value
        }))
        b.set("spec", spec.value)
        var status = KubeObjectBuilder()
        status.set("addresses", .array(addresses.map { .object(["type": .string($0.type), "address": .string($0.address)]) }))
        status.set("conditions", .array([.object(["type": .string("Ready"), "status": .string((ready ?? true) ? "True" : "False")])]))
        status.set("nodeInfo", map: nodeInfo)
        b.set("status", status.value)
        return b.value
    }
}

extension PodSpec {
    /// A `v1 PodSpec` with the fields the model keeps.
    public var kubernetesValue: KubeValue {
        var s = KubeObjectBuilder()
        s.set("nodeName", nodeName)
        s.flag("hostNetwork", hostNetwork)
        s.set("hostname", hostname)
        s.set("subdomain", subdomain)
        s.set("dnsPolicy", effectiveDNSPolicy)
        if let dnsConfig {
            var d = KubeObjectBuilder()
            d.set("nameservers", strings: dnsConfig.nameservers)
            d.set("searches", strings: dnsConfig.searches)
            d.set("options", .array(dnsConfig.options.map { o in
                var x = KubeObjectBuilder()
                x.set("name", o.name)
                if let v = o.value { x.set("value", .string(v)) }
                return x.value
            }))
            s.set("dnsConfig", .object(d.members))
        }
        s.set("containers", .array(containers.map { c in
            var x = KubeObjectBuilder()
            x.set("name", c.name)
            x.set("image", c.image)
            x.set("args", strings: c.args)
            x.set("ports", .array(c.ports.map { p in
                var y = KubeObjectBuilder()
                y.set("name", p.name)
                y.set("containerPort", p.containerPort)
                y.set("protocol", p.proto.rawValue)
                y.set("hostPort", p.hostPort)
                return y.value
            }))
            return x.value
        }))
        s.set("tolerations", .array(tolerations.map { key in
            key.isEmpty ? .object(["operator": .string("Exists")]) : .object(["key": .string(key), "operator": .string("Exists")])
        }))
        s.set("nodeSelector", map: nodeSelector)
        return s.value
    }
}

extension Pod: KubernetesObject {
    public var kubernetesValue: KubeValue {
        var b = header("v1", "Pod", meta)
        b.set("spec", spec.kubernetesValue)
        var status = KubeObjectBuilder()
        status.set("phase", phase)
        status.set("podIP", podIP?.description)
        status.set("podIPs", .array(podIPs.map { .object(["ip": .string($0.description)]) }))
        status.set("hostIP", hostIP?.description)
        if let hostIP { status.set("hostIPs", .array([.object(["ip": .string(hostIP.description)])])) }
        if let ready {
            status.set("conditions", .array([.object(["type": .string("Ready"), "status": .string(ready ? "True" : "False")])]))
        }
        b.set("status", status.value)
        return b.value
    }
}
