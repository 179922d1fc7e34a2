import NetCore

extension ObjectDecoder {
    func service(_ doc: Node, meta: ObjectMeta) -> Service {
        var svc = Service(meta: meta)
        guard let spec = ctx.object(doc["spec"], "spec") else { return svc }
        if let t = ctx.string(spec["type"], "spec.type") {
            if let type = Service.ServiceType(rawValue: t) { svc.type = type }
            else {
                ctx.error("invalid-service-type", spec["type"], "spec.type: Unsupported value: \"\(t)\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"")
            }
        }
        var ipNodes = ctx.array(spec["clusterIPs"], "spec.clusterIPs")
        if ipNodes.isEmpty, let one = spec["clusterIP"] { ipNodes = [one] }
        if let first = ipNodes.first { svc.meta.fieldLocations["spec.clusterIP"] = first.location }
        for (i, n) in ipNodes.enumerated() {
            guard let text = ctx.string(n, "spec.clusterIPs[\(i)]"), !text.isEmpty else { continue }
            if text == "None" { svc.isHeadless = true; continue }
            if let ip = ctx.ip(n, "spec.clusterIP") { svc.clusterIPs.append(ip) }
        }
        for (i, p) in ctx.array(spec["ports"], "spec.ports").enumerated() {
            let pp = "spec.ports[\(i)]"
            guard let port = ctx.port(p["port"], "\(pp).port") else {
                if p["port"] == nil { ctx.error("missing-field", p, "\(pp).port: Required value") }
                continue
            }
            var target: TargetPort? = nil
            if let np = p["nodePort"] { svc.meta.fieldLocations["\(pp).nodePort"] = np.location }
            if let tp = p["targetPort"] {
                svc.meta.fieldLocations["\(pp).targetPort"] = tp.location
                switch tp.value {
                case .int: if let n = ctx.port(tp, "\(pp).targetPort") { target = .number(n) }
                case .string(let s):
                    if let n = Int(s) { target = .number(n) } else { target = .name(s) }
                default: ctx.error("wrong-type", tp, "\(pp).targetPort: expected a port number or a port name, found \(tp.typeName)")
                }
            }
            svc.ports.append(ServicePort(name: ctx.string(p["name"], "\(pp).name"), proto: ctx.proto(p["protocol"], "\(pp).protocol"),
                                         port: port, targetPort: target, nodePort: ctx.port(p["nodePort"], "\(pp).nodePort"),
                                         appProtocol: ctx.string(p["appProtocol"], "\(pp).appProtocol")))
        }
        if let sel = spec["selector"] {
            svc.selector = ctx.stringMap(sel, "spec.selector")
            svc.meta.fieldLocations["spec.selector"] = spec.keyLocation("selector") ?? sel.location
        }
        svc.sessionAffinity = ctx.string(spec["sessionAffinity"], "spec.sessionAffinity") ?? "None"
        if let cfg = ctx.object(spec["sessionAffinityConfig"], "spec.sessionAffinityConfig"),
           let t = ctx.int(cfg["clientIP"]?["timeoutSeconds"], "spec.sessionAffinityConfig.clientIP.timeoutSeconds") {
            svc.sessionAffinityTimeoutSeconds = t
        }
        for (field, key) in [("externalTrafficPolicy", \Service.externalTrafficPolicy), ("internalTrafficPolicy", \Service.internalTrafficPolicy)] {
            if var v = ctx.string(spec[field], "spec.\(field)") {
                if v == "Global" { v = "Cluster" }   // pre-1.21 spelling
                if v == "Cluster" || v == "Local" { svc[keyPath: key] = v }
                else { ctx.error("invalid-traffic-policy", spec[field], "spec.\(field): Unsupported value: \"\(v)\": supported values: \"Cluster\", \"Local\"") }
            }
        }
        svc.externalIPs = ctx.array(spec["externalIPs"], "spec.externalIPs").enumerated().compactMap { ctx.ip($0.element, "spec.externalIPs[\($0.offset)]") }
        svc.externalName = ctx.string(spec["externalName"], "spec.externalName")
        svc.loadBalancerSourceRanges = ctx.array(spec["loadBalancerSourceRanges"], "spec.loadBalancerSourceRanges").enumerated()
            .compactMap { ctx.cidr($0.element, "spec.loadBalancerSourceRanges[\($0.offset)]") }
        svc.healthCheckNodePort = ctx.port(spec["healthCheckNodePort"], "spec.healthCheckNodePort")
        svc.publishNotReadyAddresses = ctx.bool(spec["publishNotReadyAddresses"], "spec.publishNotReadyAddresses") ?? false
        let lb = ctx.object(doc["status"], "status")?["loadBalancer"]
        for (i, ing) in ctx.array(lb?["ingress"], "status.loadBalancer.ingress").enumerated() {
            svc.loadBalancerIngress.append(LoadBalancerIngress(ip: ctx.ip(ing["ip"], "status.loadBalancer.ingress[\(i)].ip"),
                                                               hostname: ctx.string(ing["hostname"], "hostname"),
                                                               ipMode: ctx.string(ing["ipMode"], "ipMode")))
        }
        if svc.type == .ExternalName && (svc.externalName ?? "").isEmpty {
            ctx.error("missing-field", spec, "spec.externalName: Required value for a Service of type ExternalName")
        }
        return svc
    }

    func endpointSlice(_ doc: Node, meta: ObjectMeta) -> EndpointSlice {
        var slice = EndpointSlice(meta: meta, addressType: ctx.string(doc["addressType"], "addressType") ?? "IPv4")
        for (i, e) in ctx.array(doc["endpoints"], "endpoints").enumerated() {
            let p = "endpoints[\(i)]"
            let addrs = ctx.array(e["addresses"], "\(p).addresses").enumerated().compactMap { ctx.ip($0.element, "\(p).addresses[\($0.offset)]") }
            let cond = ctx.object(e["conditions"], "\(p).conditions")
            // Per the API, a nil `ready` means ready; `serving` defaults to `ready`.
            let ready = ctx.bool(cond?["ready"], "\(p).conditions.ready") ?? true
            let ref = ctx.object(e["targetRef"], "\(p).targetRef")
            var target: String? = nil
            if let ref, ctx.string(ref["kind"], "kind") == "Pod", let n = ctx.string(ref["name"], "name") {
                target = "\(ctx.string(ref["namespace"], "namespace") ?? slice.namespace)/\(n)"
            }
            slice.endpoints.append(.init(addresses: addrs, ready: ready, serving: ctx.bool(cond?["serving"], "\(p).conditions.serving"),
                                         terminating: ctx.bool(cond?["terminating"], "\(p).conditions.terminating") ?? false,
                                         nodeName: ctx.string(e["nodeName"], "\(p).nodeName"), hostname: ctx.string(e["hostname"], "\(p).hostname"),
                                         targetPod: target))
        }
        for (i, p) in ctx.array(doc["ports"], "ports").enumerated() {
            slice.ports.append(.init(name: ctx.string(p["name"], "ports[\(i)].name"), port: ctx.port(p["port"], "ports[\(i)].port"),
                                     proto: ctx.proto(p["protocol"], "ports[\(i)].protocol")))
        }
        return slice
    }

    /// `v1 Endpoints`, converted to an EndpointSlice as the EndpointSlice mirroring controller does.
    func endpoints(_ doc: Node, meta: ObjectMeta) -> EndpointSlice {
        var m = meta
        m.labels["kubernetes.io/service-name"] = meta.name
        m.name = "\(meta.name)-mirrored"
        m.labels["endpointslice.kubernetes.io/managed-by"] = "endpointslicemirroring-controller.k8s.io"
        m.createdBy = "converted from v1 Endpoints \(meta.namespace ?? "default")/\(meta.name)"
        var slice = EndpointSlice(meta: m)
        for (i, subset) in ctx.array(doc["subsets"], "subsets").enumerated() {
            for (key, ready) in [("addresses", true), ("notReadyAddresses", false)] {
                for (j, a) in ctx.array(subset[key], "subsets[\(i)].\(key)").enumerated() {
                    guard let ip = ctx.ip(a["ip"], "subsets[\(i)].\(key)[\(j)].ip") else { continue }
                    var target: String? = nil
                    if let n = ctx.string(a["targetRef"]?["name"], "targetRef.name") { target = "\(ctx.string(a["targetRef"]?["namespace"], "ns") ?? slice.namespace)/\(n)" }
                    slice.endpoints.append(.init(addresses: [ip], ready: ready, nodeName: ctx.string(a["nodeName"], "nodeName"),
                                                 hostname: ctx.string(a["hostname"], "hostname"), targetPod: target))
                }
            }
            for (j, p) in ctx.array(subset["ports"], "subsets[\(i)].ports").enumerated() {
                let port = EndpointSlice.Port(name: ctx.string(p["name"], "subsets[\(i)].ports[\(j)].name"), port: ctx.port(p["port"], "port"), proto: ctx.proto(p["protocol"], "protocol"))
                if !slice.ports.contains(port) { slice.ports.append(port) }
            }
        }
        if slice.endpoints.first?.addresses.first.map({ $0.family == .ipv6 }) == true { slice.addressType = "IPv6" }
        return slice
    }
}
