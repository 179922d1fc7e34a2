import NetCore

/// Turns one document's `Node` tree into typed objects, the way the API server's decoder
/// would accept or refuse it. Unknown fields are ignored except the well-known mistakes
/// (fields placed one level off) that the API server's strict validation refuses.
struct ObjectDecoder {
    let ctx: DecodeContext

    func meta(_ doc: Node, namespaced: Bool) -> ObjectMeta? {
        let m = ctx.object(doc["metadata"], "metadata")
        guard let name = ctx.string(m?["name"], "metadata.name"), !name.isEmpty else {
            ctx.error("missing-name", doc["metadata"] ?? doc, "the document has no metadata.name", fix: "add `metadata: {name: ...}`")
            return nil
        }
        var owners: [OwnerReference] = []
        for (i, o) in ctx.array(m?["ownerReferences"], "metadata.ownerReferences").enumerated() {
            if let k = ctx.string(o["kind"], "metadata.ownerReferences[\(i)].kind"), let n = ctx.string(o["name"], "metadata.ownerReferences[\(i)].name") {
                owners.append(OwnerReference(kind: k, name: n, controller: ctx.bool(o["controller"], "controller") ?? false))
            }
        }
        var namespace: String? = nil
        if namespaced {
            namespace = ctx.string(m?["namespace"], "metadata.namespace") ?? "default"
            if namespace == "" { namespace = "default" }
        }
        return ObjectMeta(name: name, namespace: namespace,
                          labels: ctx.stringMap(m?["labels"], "metadata.labels"),
                          annotations: ctx.stringMap(m?["annotations"], "metadata.annotations"),
                          uid: ctx.string(m?["uid"], "metadata.uid"),
                          creationTimestamp: ctx.string(m?["creationTimestamp"], "metadata.creationTimestamp"),
                          deletionTimestamp: ctx.string(m?["deletionTimestamp"], "metadata.deletionTimestamp"),
                          ownerReferences: owners, location: doc.location)
    }

    func node(_ doc: Node, meta: ObjectMeta) -> ClusterNode {
        let spec = ctx.object(doc["spec"], "spec")
        var cidrs = ctx.array(spec?["podCIDRs"], "spec.podCIDRs").enumerated().compactMap { ctx.cidr($0.element, "spec.podCIDRs[\($0.offset)]") }
        if cidrs.isEmpty, let c = ctx.cidr(spec?["podCIDR"], "spec.podCIDR") { cidrs = [c] }
        for (i, c) in cidrs.enumerated() where !c.isCanonical {
            ctx.error("invalid-cidr", spec?["podCIDRs"] ?? spec?["podCIDR"], "spec.podCIDRs[\(i)]: '\(c)' has host bits set",
                      fix: "write \(c.canonical)")
        }
        var addresses: [ClusterNode.Address] = []
        let status = ctx.object(doc["status"], "status")
        for (i, a) in ctx.array(status?["addresses"], "status.addresses").enumerated() {
            let p = "status.addresses[\(i)]"
            guard let t = ctx.string(a["type"], "\(p).type"), let v = ctx.string(a["address"], "\(p).address") else { continue }
            if t == "InternalIP" || t == "ExternalIP", IPAddress(v) == nil {
                ctx.error("invalid-ip", a["address"], "\(p).address: '\(v)' is not a valid IP address")
                continue
            }
            addresses.append(.init(type: t, address: v))
        }
        var taints: [ClusterNode.Taint] = []
        for (i, t) in ctx.array(spec?["taints"], "spec.taints").enumerated() {
            if let key = ctx.string(t["key"], "spec.taints[\(i)].key"), let effect = ctx.string(t["effect"], "spec.taints[\(i)].effect") {
                taints.append(.init(key: key, value: ctx.string(t["value"], "value"), effect: effect))
            }
        }
        var meta = meta
        if let at = (spec?["podCIDRs"]?.elements?.first ?? spec?["podCIDR"])?.location { meta.fieldLocations["spec.podCIDR"] = at }
        var node = ClusterNode(meta: meta, podCIDRs: cidrs, addresses: addresses, taints: taints,
                               unschedulable: ctx.bool(spec?["unschedulable"], "spec.unschedulable") ?? false)
        for (i, c) in ctx.array(status?["conditions"], "status.conditions").enumerated() where ctx.string(c["type"], "status.conditions[\(i)].type") == "Ready" {
            node.ready = ctx.string(c["status"], "status.conditions[\(i)].status") == "True"
        }
        if let info = status?["nodeInfo"]?.members {
            for m in info { if let v = m.value.string { node.nodeInfo[m.key] = v } }
        }
        return node
    }

    func podSpec(_ spec: Node?, path: String) -> PodSpec {
        var out = PodSpec()
        guard let spec = ctx.object(spec, path) else { return out }
        for misplaced in ["args", "env", "ports", "command", "image"] where spec[misplaced] != nil {
            ctx.error("misplaced-field", spec.keyNode(misplaced), "\(path).\(misplaced): unknown field \"\(misplaced)\" in a pod spec; it belongs to a container",
                      fix: "indent `\(misplaced):` under the container (`\(path).containers[0].\(misplaced)`)")
        }
        out.nodeName = ctx.string(spec["nodeName"], "\(path).nodeName")
        out.hostNetwork = ctx.bool(spec["hostNetwork"], "\(path).hostNetwork") ?? false
        out.hostname = ctx.string(spec["hostname"], "\(path).hostname")
        out.subdomain = ctx.string(spec["subdomain"], "\(path).subdomain")
        if let policy = ctx.string(spec["dnsPolicy"], "\(path).dnsPolicy") {
            if ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"].contains(policy) {
                out.dnsPolicy = policy
            } else {
                ctx.error("invalid-dns-policy", spec["dnsPolicy"], "\(path).dnsPolicy: Unsupported value: \"\(policy)\": supported values: \"ClusterFirst\", \"ClusterFirstWithHostNet\", \"Default\", \"None\"")
            }
        }
        if let dc = ctx.object(spec["dnsConfig"], "\(path).dnsConfig") {
            var cfg = PodDNSConfig(nameservers: ctx.stringList(dc["nameservers"], "\(path).dnsConfig.nameservers"),
                                   searches: ctx.stringList(dc["searches"], "\(path).dnsConfig.searches"))
            for (i, o) in ctx.array(dc["options"], "\(path).dnsConfig.options").enumerated() {
                guard let n = ctx.string(o["name"], "\(path).dnsConfig.options[\(i)].name") else { continue }
                cfg.options.append(.init(name: n, value: ctx.string(o["value"], "\(path).dnsConfig.options[\(i)].value")))
            }
            out.dnsConfig = cfg
        }
        let containersNode = spec["containers"]
        if containersNode == nil {
            ctx.error("missing-field", spec, "\(path).containers: Required value: a pod needs at least one container")
        }
        for (i, c) in ctx.array(containersNode, "\(path).containers").enumerated() {
            let cp = "\(path).containers[\(i)]"
            guard ctx.object(c, cp) != nil else { continue }
            var container = Container(name: ctx.string(c["name"], "\(cp).name") ?? "container-\(i)", image: ctx.string(c["image"], "\(cp).image"),
                                      args: ctx.stringList(c["args"], "\(cp).args"))
            for (j, p) in ctx.array(c["ports"], "\(cp).ports").enumerated() {
                let pp = "\(cp).ports[\(j)]"
                guard let num = ctx.port(p["containerPort"], "\(pp).containerPort") else {
                    if p["containerPort"] == nil { ctx.error("missing-field", p, "\(pp).containerPort: Required value") }
                    continue
                }
                container.ports.append(ContainerPort(name: ctx.string(p["name"], "\(pp).name"), containerPort: num,
                                                     proto: ctx.proto(p["protocol"], "\(pp).protocol"), hostPort: ctx.port(p["hostPort"], "\(pp).hostPort")))
            }
            out.containers.append(container)
        }
        for (i, t) in ctx.array(spec["tolerations"], "\(path).tolerations").enumerated() {
            out.tolerations.append(ctx.string(t["key"], "\(path).tolerations[\(i)].key") ?? "")
        }
        out.nodeSelector = ctx.stringMap(spec["nodeSelector"], "\(path).nodeSelector")
        return out
    }

    func pod(_ doc: Node, meta: ObjectMeta) -> Pod {
        var pod = Pod(meta: meta, spec: podSpec(doc["spec"], path: "spec"))
        let status = ctx.object(doc["status"], "status")
        var ips = ctx.array(status?["podIPs"], "status.podIPs").enumerated().compactMap { ctx.ip($0.element["ip"], "status.podIPs[\($0.offset)].ip") }
        if ips.isEmpty, let ip = ctx.ip(status?["podIP"], "status.podIP") { ips = [ip] }
        pod.podIPs = ips
        if let at = (status?["podIPs"]?.elements?.first?["ip"] ?? status?["podIP"])?.location { pod.meta.fieldLocations["status.podIP"] = at }
        pod.hostIP = ctx.ip(status?["hostIP"], "status.hostIP")
        pod.phase = ctx.string(status?["phase"], "status.phase") ?? "Running"
        for (i, c) in ctx.array(status?["conditions"], "status.conditions").enumerated() where ctx.string(c["type"], "status.conditions[\(i)].type") == "Ready" {
            pod.ready = ctx.string(c["status"], "status.conditions[\(i)].status") == "True"
        }
        let statuses = ctx.array(status?["containerStatuses"], "status.containerStatuses")
        if !statuses.isEmpty {
            var ready = 0
            for (i, cs) in statuses.enumerated() {
                if ctx.bool(cs["ready"], "status.containerStatuses[\(i)].ready") == true { ready += 1 }
                pod.restartCount += max(0, ctx.int(cs["restartCount"], "status.containerStatuses[\(i)].restartCount") ?? 0)
            }
            pod.readyContainers = ready
        }
        pod.statusReason = Self.kubectlStatusReason(status)
        return pod
    }

    /// kubectl's printPod: `status.reason`, overridden by the last container with a waiting
    /// reason or a terminated reason (or `Signal:N` / `ExitCode:N`), containers read in order.
    static func kubectlStatusReason(_ status: Node?) -> String? {
        var reason = status?["reason"]?.string.flatMap { $0.isEmpty ? nil : $0 }
        for cs in status?["containerStatuses"]?.elements ?? [] {
            let state = cs["state"]
            if let w = state?["waiting"]?["reason"]?.string, !w.isEmpty {
                reason = w
            } else if let t = state?["terminated"] {
                if let r = t["reason"]?.string, !r.isEmpty { reason = r }
                else if case .int(let sig)? = t["signal"]?.value, sig != 0 { reason = "Signal:\(sig)" }
                else if case .int(let code)? = t["exitCode"]?.value { reason = "ExitCode:\(code)" }
            }
        }
        return reason
    }

    func workload(_ doc: Node, kind: String, meta: ObjectMeta) -> Workload? {
        guard let spec = ctx.object(doc["spec"], "spec") else {
            ctx.error("missing-field", doc, "\(kind) \(meta.name) has no spec")
            return nil
        }
        let template = ctx.object(spec["template"], "spec.template")
        if template == nil { ctx.error("missing-field", spec, "spec.template: Required value") }
        for misplaced in ["containers", "args", "env", "ports"] where spec[misplaced] != nil {
            ctx.error("misplaced-field", spec.keyNode(misplaced), "spec.\(misplaced): unknown field \"\(misplaced)\" in a \(kind) spec; it belongs in the pod template",
                      fix: "move it under `spec.template.spec\(misplaced == "containers" ? "" : ".containers[0]")`")
        }
        let tmeta = ctx.object(template?["metadata"], "spec.template.metadata")
        let selector = ctx.selector(spec["selector"], "spec.selector")
        let labels = ctx.stringMap(tmeta?["labels"], "spec.template.metadata.labels")
        if spec["selector"] == nil {
            ctx.error("missing-field", spec, "spec.selector: Required value (apps/v1 requires a selector)", fix: "add `selector: {matchLabels: ...}` matching the template's labels")
        } else if !selector.matches(labels) {
            ctx.error("selector-mismatch", spec["selector"], "spec.template.metadata.labels: Invalid value: `selector` does not match template `labels`")
        }
        let defaultReplicas = kind == "DaemonSet" ? 0 : 1
        return Workload(kind: kind, meta: meta, replicas: max(0, ctx.int(spec["replicas"], "spec.replicas") ?? defaultReplicas), selector: selector,
                        templateLabels: labels, templateAnnotations: ctx.stringMap(tmeta?["annotations"], "spec.template.metadata.annotations"),
                        template: podSpec(template?["spec"], path: "spec.template.spec"),
                        serviceName: ctx.string(spec["serviceName"], "spec.serviceName"))
    }

    func configMap(_ doc: Node, meta: ObjectMeta) -> ConfigMap {
        var data: [String: String] = [:]
        var locations: [String: SourceLocation] = [:]
        if let members = ctx.object(doc["data"], "data")?.members {
            for m in members {
                if let s = ctx.string(m.value, "data.\(m.key)") {
                    data[m.key] = s
                    locations[m.key] = m.value.location
                }
            }
        }
        return ConfigMap(meta: meta, data: data, dataLocations: locations)
    }

    func networkPolicy(_ doc: Node, meta: ObjectMeta) -> NetworkPolicy {
        let spec = ctx.object(doc["spec"], "spec")
        return NetworkPolicy(meta: meta, podSelector: ctx.selector(spec?["podSelector"], "spec.podSelector"),
                             policyTypes: ctx.stringList(spec?["policyTypes"], "spec.policyTypes"))
    }
}
