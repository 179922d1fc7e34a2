import ClusterModel
import NetCore

/// One row source for `kubewalk get`: an object's namespace, name, its table cells in
/// kubectl's columns, and its API-schema value for `-o json|yaml`.
struct ResourceRow {
    var namespace: String?
    var name: String
    var cells: [String]
    var wideCells: [String]
    var value: KubeValue
}

/// kubectl's printer columns for each kind (pkg/printers/internalversion, and the
/// `additionalPrinterColumns` of the Gateway API CRDs).
enum ResourceTable {
    static func header(_ kind: ResourceKind) -> (normal: [String], wide: [String]) {
        switch kind {
        case .nodes: return (["NAME", "STATUS", "ROLES", "AGE", "VERSION"], ["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"])
        case .pods: return (["NAME", "READY", "STATUS", "RESTARTS", "AGE"], ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"])
        case .services: return (["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], ["SELECTOR"])
        case .endpointslices: return (["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"], [])
        case .endpoints: return (["NAME", "ENDPOINTS", "AGE"], [])
        case .ingresses: return (["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"], [])
        case .ingressclasses: return (["NAME", "CONTROLLER", "PARAMETERS", "AGE"], [])
        case .gatewayclasses: return (["NAME", "CONTROLLER", "ACCEPTED", "AGE"], [])
        case .gateways: return (["NAME", "CLASS", "ADDRESS", "PROGRAMMED", "AGE"], [])
        case .httproutes: return (["NAME", "HOSTNAMES", "AGE"], [])
        case .namespaces: return (["NAME", "STATUS", "AGE"], [])
        }
    }

    /// Every object of `kind`, in namespace/name order.
    static func rows(_ kind: ResourceKind, in c: Cluster, age: (ObjectMeta) -> String) -> [ResourceRow] {
        switch kind {
        case .nodes:
            return c.nodes.map { n in
                let status = (n.ready ?? true ? "Ready" : "NotReady") + (n.unschedulable ? ",SchedulingDisabled" : "")
                return ResourceRow(namespace: nil, name: n.name,
                                   cells: [n.name, status, n.roles, age(n.meta), n.nodeInfo["kubeletVersion"] ?? "<unknown>"],
                                   wideCells: [n.internalIP?.description ?? "<none>", n.externalIP?.description ?? "<none>",
                                               n.nodeInfo["osImage"] ?? "<unknown>", n.nodeInfo["kernelVersion"] ?? "<unknown>",
                                               n.nodeInfo["containerRuntimeVersion"] ?? "<unknown>"],
                                   value: n.kubernetesValue)
            }
        case .pods:
            return c.pods.map { p in
                let total = p.spec.containers.count
                let ready = p.readyContainers ?? (p.isReady ? total : 0)
                let status = p.isTerminating ? "Terminating" : p.statusReason ?? p.phase
                return ResourceRow(namespace: p.namespace, name: p.name,
                                   cells: [p.name, "\(ready)/\(total)", status, "\(p.restartCount)", age(p.meta)],
                                   wideCells: [p.podIP?.description ?? "<none>", p.spec.nodeName ?? "<none>", "<none>", "<none>"],
                                   value: p.kubernetesValue)
            }
        case .services:
            return c.services.map { s in
                let clusterIP = s.isHeadless ? "None" : s.type == .ExternalName ? "<none>" : s.clusterIPs.map(\.description).first ?? "<none>"
                let selector = s.selector.map { $0.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") }
                return ResourceRow(namespace: s.namespace, name: s.name,
                                   cells: [s.name, s.type.rawValue, clusterIP, externalIP(s), s.portsColumn, age(s.meta)],
                                   wideCells: [selector.flatMap { $0.isEmpty ? nil : $0 } ?? "<none>"],
                                   value: s.kubernetesValue)
            }
        case .endpointslices:
            return c.endpointSlices.map { e in
                let ports = e.ports.isEmpty ? "<unset>" : e.ports.map { $0.port.map(String.init) ?? "<unset>" }.joined(separator: ",")
                return ResourceRow(namespace: e.namespace, name: e.meta.name,
                                   cells: [e.meta.name, e.addressType, ports, listOf(e.endpoints.flatMap { $0.addresses.map(\.description) }), age(e.meta)],
                                   wideCells: [], value: e.kubernetesValue)
            }
        case .endpoints:
            return c.services.filter { $0.type != .ExternalName }.compactMap { s in
                let slices = c.endpointSlices(for: s)
                if slices.isEmpty && s.selector == nil { return nil }
                var items: [String] = []
                var subsets: [KubeValue] = []
                for slice in slices {
                    let ready = slice.endpoints.filter(\.ready)
                    for p in slice.ports { for e in ready { for a in e.addresses { items.append(p.port.map { a.withPort($0) } ?? a.description) } } }
                    if slice.ports.isEmpty { for e in ready { items += e.addresses.map(\.description) } }
                    var subset = KubeObjectBuilder()
                    subset.set("addresses", .array(ready.flatMap { e in e.addresses.map { a -> KubeValue in
                        var x = KubeObjectBuilder()
                        x.set("ip", a.description)
                        x.set("nodeName", e.nodeName)
                        x.set("hostname", e.hostname)
                        if let t = e.targetPod, let slash = t.firstIndex(of: "/") {
                            x.set("targetRef", .object(["kind": .string("Pod"), "namespace": .string(String(t[..<slash])), "name": .string(String(t[t.index(after: slash)...]))]))
                        }
                        return x.value
                    } }))
                    subset.set("ports", .array(slice.ports.map { p in
                        var x = KubeObjectBuilder()
                        x.set("name", p.name)
                        x.set("port", p.port)
                        x.set("protocol", p.proto.rawValue)
                        return x.value
                    }))
                    if subset.members["addresses"] != nil { subsets.append(subset.value) }
                }
                var meta = ObjectMeta(name: s.name, namespace: s.namespace, labels: s.meta.labels, createdBy: "Endpoints controller for Service \(s.namespace)/\(s.name) (derived from its EndpointSlices)")
                meta.creationTimestamp = s.meta.creationTimestamp
                var b = KubeObjectBuilder()
                b.set("apiVersion", "v1")
                b.set("kind", "Endpoints")
                b.set("metadata", meta.kubernetesValue)
                b.set("subsets", .array(subsets))
                return ResourceRow(namespace: s.namespace, name: s.name, cells: [s.name, listOf(items), age(s.meta)], wideCells: [], value: b.value)
            }
        case .ingresses:
            return c.ingresses.map { i in
                let hosts = i.rules.compactMap(\.host)
                var hostText = hosts.isEmpty ? "*" : hosts.prefix(4).joined(separator: ",")
                if hosts.count > 4 { hostText += " + \(hosts.count - 4) more..." }
                return ResourceRow(namespace: i.namespace, name: i.name,
                                   cells: [i.name, i.ingressClassName ?? "<none>", hostText, i.loadBalancerIPs.joined(separator: ","),
                                           i.tls.isEmpty ? "80" : "80, 443", age(i.meta)],
                                   wideCells: [], value: i.kubernetesValue)
            }
        case .ingressclasses:
            return c.ingressClasses.map { ic in
                ResourceRow(namespace: nil, name: ic.name, cells: [ic.name, ic.controller, "<none>", age(ic.meta)], wideCells: [], value: ic.kubernetesValue)
            }
        case .gatewayclasses:
            return c.gatewayClasses.map { g in
                ResourceRow(namespace: nil, name: g.name, cells: [g.name, g.controllerName, "Unknown", age(g.meta)], wideCells: [], value: g.kubernetesValue)
            }
        case .gateways:
            return c.gateways.map { g in
                ResourceRow(namespace: g.namespace, name: g.name,
                            cells: [g.name, g.gatewayClassName, g.addresses.first ?? "", g.addresses.isEmpty ? "Unknown" : "True", age(g.meta)],
                            wideCells: [], value: g.kubernetesValue)
            }
        case .httproutes:
            return c.httpRoutes.map { r in
                let hosts = "[" + r.hostnames.map { "\"\($0)\"" }.joined(separator: ",") + "]"
                return ResourceRow(namespace: r.namespace, name: r.name, cells: [r.name, r.hostnames.isEmpty ? "" : hosts, age(r.meta)], wideCells: [], value: r.kubernetesValue)
            }
        case .namespaces:
            return c.namespaces.map { n in
                ResourceRow(namespace: nil, name: n.name, cells: [n.name, "Active", age(n.meta)], wideCells: [], value: n.kubernetesValue)
            }
        }
    }

    /// kubectl's EXTERNAL-IP column (`getServiceExternalIP`).
    static func externalIP(_ s: Service) -> String {
        switch s.type {
        case .ClusterIP, .NodePort:
            return s.externalIPs.isEmpty ? "<none>" : s.externalIPs.map(\.description).joined(separator: ",")
        case .LoadBalancer:
            var ips = s.loadBalancerIngress.compactMap { $0.ip?.description ?? $0.hostname }
            ips += s.externalIPs.map(\.description)
            return ips.isEmpty ? "<pending>" : ips.joined(separator: ",")
        case .ExternalName:
            return s.externalName ?? "<none>"
        }
    }

    /// At most three items, then `+ N more...`; `<none>` when empty (kubectl's endpoint lists).
    static func listOf(_ items: [String]) -> String {
        if items.isEmpty { return "<none>" }
        var text = items.prefix(3).joined(separator: ",")
        if items.count > 3 { text += " + \(items.count - 3) more..." }
        return text
    }
}
