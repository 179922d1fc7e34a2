import NetCore

/// Cross-object checks on the reconciled cluster: what the API server, the IPAM
/// controllers or kube-proxy would refuse (errors), and what is legal but almost always a
/// mistake (warnings).
///
/// Ranges inferred from a dump are never used to raise range errors: a real cluster's
/// addresses are the truth, whatever kubeadm's defaults say.
enum Validator {
    static func validate(_ c: inout Cluster) {
        var d: [Diagnostic] = []
        checkNodes(c, &d)
        checkPods(c, &d)
        checkServices(c, &d)
        checkEndpoints(c, &d)
        checkRoutes(c, &d)
        c.diagnostics += d
    }

    static func checkNodes(_ c: Cluster, _ d: inout [Diagnostic]) {
        let withCIDR = c.nodes.filter { !$0.podCIDRs.isEmpty }
        for (i, a) in withCIDR.enumerated() {
            for b in withCIDR[(i + 1)...] {
                for x in a.podCIDRs { for y in b.podCIDRs where x.overlaps(y) {
                    d.append(Diagnostic(.error, "overlapping-pod-cidr", at: b.meta.location,
                                        "node \(b.name)'s podCIDR \(y) overlaps node \(a.name)'s \(x); each node needs its own range",
                                        fix: "give each node a distinct block of \(c.network.podCIDR)"))
                } }
            }
        }
    }

    static func checkPods(_ c: Cluster, _ d: inout [Diagnostic]) {
        guard c.network.cni.ipam == "host-local" else { return }
        let nodes = Dictionary(c.nodes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for p in c.pods where !p.spec.hostNetwork {
            guard let n = p.spec.nodeName, let node = nodes[n], !node.podCIDRs.isEmpty else { continue }
            for ip in p.podIPs where !node.podCIDRs.contains(where: { $0.contains(ip) }) {
                d.append(Diagnostic(.error, "pod-ip-outside-node-cidr", at: p.meta.location,
                                    "pod \(p.namespace)/\(p.name) has IP \(ip), outside node \(n)'s podCIDR \(node.podCIDRs.map(\.description).joined(separator: ",")); host-local IPAM only hands out addresses of the node's range",
                                    fix: "use an address inside \(node.podCIDRs[0]) or move the pod to the node that owns \(ip)"))
            }
            if nodes[n] == nil { continue }
        }
        for p in c.pods {
            if let n = p.spec.nodeName, nodes[n] == nil, !c.nodes.isEmpty {
                d.append(Diagnostic(.warning, "unknown-node", at: p.meta.location, "pod \(p.namespace)/\(p.name) names node \(n), which is not in the input"))
            }
        }
    }

    static func checkServices(_ c: Cluster, _ d: inout [Diagnostic]) {
        let net = c.network
        var byIP: [IPAddress: Service] = [:]
        var byNodePort: [Int: Service] = [:]
        for s in c.services {
            for ip in s.clusterIPs {
                if !net.isInferred("serviceCIDR") && ip.family == net.serviceCIDR.family && !net.serviceCIDR.contains(ip) {
                    d.append(Diagnostic(.error, "cluster-ip-outside-range", at: s.meta.location,
                                        "service \(s.namespace)/\(s.name): spec.clusterIP \(ip) is not in the service range \(net.serviceCIDR) (\(net.source(of: "serviceCIDR")))",
                                        fix: "pick an address in \(net.serviceCIDR), or remove clusterIP to have one allocated"))
                }
                if let other = byIP[ip] {
                    d.append(Diagnostic(.error, "duplicate-cluster-ip", at: s.meta.location,
                                        "service \(s.namespace)/\(s.name): ClusterIP \(ip) is already allocated to \(other.namespace)/\(other.name)",
                                        fix: "remove spec.clusterIP from one of them"))
                } else { byIP[ip] = s }
            }
            var ownPorts: Set<Int> = []
            for p in s.ports {
                guard let np = p.nodePort else { continue }
                if !net.nodePortRange.contains(np) {
                    let severity: Diagnostic.Severity = c.hasClusterNetworkDocument || s.meta.filledIn.isEmpty == false ? .error : .warning
                    d.append(Diagnostic(severity, "node-port-outside-range", at: s.meta.location,
                                        "service \(s.namespace)/\(s.name): nodePort \(np) is outside the NodePort range \(net.nodePortRange)",
                                        fix: "use a port in \(net.nodePortRange) (kube-apiserver --service-node-port-range), or set spec.nodePortRange in ClusterNetwork"))
                }
                if let other = byNodePort[np], !(other.namespace == s.namespace && other.name == s.name) {
                    d.append(Diagnostic(.error, "duplicate-node-port", at: s.meta.location,
                                        "service \(s.namespace)/\(s.name): nodePort \(np) is already allocated to \(other.namespace)/\(other.name)",
                                        fix: "remove nodePort from one of them to have a free one allocated"))
                } else if !ownPorts.contains(np) { byNodePort[np] = s }
                ownPorts.insert(np)
            }
        }
    }

    static func checkEndpoints(_ c: Cluster, _ d: inout [Diagnostic]) {
        var podsByNamespace: [String: [Pod]] = [:]
        for p in c.pods { podsByNamespace[p.namespace, default: []].append(p) }
        var slicesByService: [String: [EndpointSlice]] = [:]
        for e in c.endpointSlices { if let s = e.serviceName { slicesByService["\(e.namespace)/\(s)", default: []].append(e) } }
        for s in c.services where s.type != .ExternalName {
            let slices = slicesByService["\(s.namespace)/\(s.name)"] ?? []
            var matched: [Pod] = []
            if let sel = s.selector, !sel.isEmpty {
                matched = (podsByNamespace[s.namespace] ?? []).filter { p in sel.allSatisfy { p.meta.labels[$0.key] == $0.value } }
                if matched.isEmpty {
                    let selText = sel.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
                    d.append(Diagnostic(.warning, "selector-matches-nothing", at: s.meta.location,
                                        "service \(s.namespace)/\(s.name): selector \(selText) matches no pod in namespace \(s.namespace); it has no endpoints",
                                        fix: "check the pods' labels (kubewalk get pods -n \(s.namespace) -o wide)"))
                    continue
                }
                for p in s.ports {
                    guard case .name(let name) = p.targetPort else { continue }
                    if !matched.contains(where: { pod in pod.spec.allPorts.contains { $0.name == name } }) {
                        d.append(Diagnostic(.warning, "unknown-target-port", at: s.meta.location,
                                            "service \(s.namespace)/\(s.name): targetPort \"\(name)\" is not a container port name of any selected pod; that port gets no endpoints",
                                            fix: "name the container port \"\(name)\" or use the port number"))
                    }
                }
            }
            let ready = slices.contains { $0.endpoints.contains { $0.ready } }
            if !ready && !s.isHeadless || (!ready && s.isHeadless && !matched.isEmpty) {
                d.append(Diagnostic(.warning, "no-ready-endpoints", at: s.meta.location,
                                    "service \(s.namespace)/\(s.name) has no ready endpoints; connections to it are rejected (kube-proxy's REJECT rule)"))
            }
        }
    }

    static func checkRoutes(_ c: Cluster, _ d: inout [Diagnostic]) {
        let gateways = Set(c.gateways.map { "\($0.namespace)/\($0.name)" })
        for r in c.httpRoutes {
            for p in r.parentRefs where (p.kind ?? "Gateway") == "Gateway" {
                let ns = p.namespace ?? r.namespace
                if !gateways.contains("\(ns)/\(p.name)") {
                    d.append(Diagnostic(.warning, "route-parent-missing", at: r.meta.location,
                                        "HTTPRoute \(r.namespace)/\(r.name): parentRef Gateway \(ns)/\(p.name) does not exist; the route is not attached anywhere"))
                }
            }
        }
        let classes = Set(c.gatewayClasses.map(\.name))
        for g in c.gateways where !classes.contains(g.gatewayClassName) {
            d.append(Diagnostic(.warning, "gateway-class-missing", at: g.meta.location,
                                "Gateway \(g.namespace)/\(g.name): GatewayClass \"\(g.gatewayClassName)\" does not exist; no controller programs this Gateway"))
        }
    }
}
