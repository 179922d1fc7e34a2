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
        // Sweep the ranges in address order: each overlaps the previous ones only if it
        // starts before the furthest end seen so far (O(n log n) for 5,000 nodes).
        var ranges: [(prefix: IPPrefix, node: ClusterNode)] = []
        for n in c.nodes { for p in n.podCIDRs { ranges.append((p.canonical, n)) } }
        ranges.sort { ($0.prefix.family == .ipv4 ? 0 : 1, $0.prefix.network, $0.node.name) < ($1.prefix.family == .ipv4 ? 0 : 1, $1.prefix.network, $1.node.name) }
        var open: [(prefix: IPPrefix, node: ClusterNode)] = []
        for r in ranges {
            open.removeAll { $0.prefix.family != r.prefix.family || !$0.prefix.overlaps(r.prefix) }
            for a in open where a.node.name != r.node.name {
                let (first, second) = (a.node.meta.location.map { ($0.file, $0.line) } ?? ("", 0)) <= (r.node.meta.location.map { ($0.file, $0.line) } ?? ("", 0)) ? (a, r) : (r, a)
                d.append(Diagnostic(.error, "overlapping-pod-cidr", at: second.node.meta.location(of: "spec.podCIDR"),
                                    "node \(second.node.name)'s podCIDR \(second.prefix) overlaps node \(first.node.name)'s \(first.prefix); each node needs its own range",
                                    fix: "give each node a distinct block of \(c.network.podCIDR)"))
            }
            open.append(r)
        }
    }

    static func checkPods(_ c: Cluster, _ d: inout [Diagnostic]) {
        // In a dump without a ClusterNetwork document the CNI is unknown (Calico, Cilium and
        // the AWS VPC CNI ignore spec.podCIDR), so the host-local check would be a false alarm.
        guard c.network.cni.ipam == "host-local", !Reconciler.isDump(c) else { return checkUnknownNodes(c, &d) }
        let nodes = Dictionary(c.nodes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for p in c.pods where !p.spec.hostNetwork {
            guard let n = p.spec.nodeName, let node = nodes[n], !node.podCIDRs.isEmpty else { continue }
            for ip in p.podIPs where !node.podCIDRs.contains(where: { $0.contains(ip) }) {
                d.append(Diagnostic(.error, "pod-ip-outside-node-cidr", at: p.meta.location(of: "status.podIP"),
                                    "pod \(p.namespace)/\(p.name) has IP \(ip), outside node \(n)'s podCIDR \(node.podCIDRs.map(\.description).joined(separator: ",")); host-local IPAM only hands out addresses of the node's range",
                                    fix: "use an address inside \(node.podCIDRs[0]) or move the pod to the node that owns \(ip)"))
            }
            if nodes[n] == nil { continue }
        }
        checkUnknownNodes(c, &d)
    }

    static func checkUnknownNodes(_ c: Cluster, _ d: inout [Diagnostic]) {
        let nodes = Set(c.nodes.map(\.name))
        // Pods the reconciler could not place (every node tainted, cordoned or not selected).
        let workloadLocations = Dictionary(c.workloads.map { ("\($0.kind) \($0.meta.namespace ?? "default")/\($0.meta.name)", $0.meta.location) },
                                           uniquingKeysWith: { a, _ in a })
        for p in c.pods where p.spec.nodeName == nil && p.phase == "Running" && p.podIPs.isEmpty && !c.nodes.isEmpty {
            let at = p.meta.location ?? p.meta.createdBy.flatMap { workloadLocations[$0] ?? nil }
            d.append(Diagnostic(.warning, "unschedulable-pod", at: at,
                                "pod \(p.namespace)/\(p.name) fits no node: every node is cordoned, has a NoSchedule taint the pod does not tolerate, or fails its nodeSelector; it stays Pending",
                                fix: "add a toleration, fix the nodeSelector, or set spec.nodeName"))
        }
        for p in c.pods {
            if let n = p.spec.nodeName, !nodes.contains(n), !c.nodes.isEmpty {
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
                    d.append(Diagnostic(.error, "cluster-ip-outside-range", at: s.meta.location(of: "spec.clusterIP"),
                                        "service \(s.namespace)/\(s.name): spec.clusterIP \(ip) is not in the service range \(net.serviceCIDR) (\(net.source(of: "serviceCIDR")))",
                                        fix: "pick an address in \(net.serviceCIDR) or remove clusterIP to have one allocated; if the cluster's service range is another, declare it in a ClusterNetwork document (spec.serviceCIDR)"))
                }
                if let other = byIP[ip] {
                    d.append(Diagnostic(.error, "duplicate-cluster-ip", at: s.meta.location(of: "spec.clusterIP"),
                                        "service \(s.namespace)/\(s.name): ClusterIP \(ip) is already allocated to \(other.namespace)/\(other.name)",
                                        fix: "remove spec.clusterIP from one of them"))
                } else { byIP[ip] = s }
            }
            var ownPorts: Set<Int> = []
            for (pi, p) in s.ports.enumerated() {
                guard let np = p.nodePort else { continue }
                let at = s.meta.location(of: "spec.ports[\(pi)].nodePort")
                if !net.nodePortRange.contains(np) {
                    // A dump's API server may run with another --service-node-port-range.
                    let severity: Diagnostic.Severity = Reconciler.isDump(c) ? .warning : .error
                    d.append(Diagnostic(severity, "node-port-outside-range", at: at,
                                        "service \(s.namespace)/\(s.name): nodePort \(np) is outside the NodePort range \(net.nodePortRange)",
                                        fix: "use a port in \(net.nodePortRange) (kube-apiserver --service-node-port-range), or set spec.nodePortRange in ClusterNetwork"))
                }
                if let other = byNodePort[np], !(other.namespace == s.namespace && other.name == s.name) {
                    d.append(Diagnostic(.error, "duplicate-node-port", at: at,
                                        "service \(s.namespace)/\(s.name): nodePort \(np) is already allocated to \(other.namespace)/\(other.name)",
                                        fix: "remove nodePort from one of them to have a free one allocated"))
                } else if !ownPorts.contains(np) { byNodePort[np] = s }
                ownPorts.insert(np)
            }
        }
    }

    static func checkEndpoints(_ c: Cluster, _ d: inout [Diagnostic]) {
        let index = PodLabelIndex(c.pods)
        var slicesByService: [String: [EndpointSlice]] = [:]
        for e in c.endpointSlices { if let s = e.serviceName { slicesByService["\(e.namespace)/\(s)", default: []].append(e) } }
        for s in c.services where s.type != .ExternalName {
            let slices = slicesByService["\(s.namespace)/\(s.name)"] ?? []
            var matched: [Pod] = []
            if let sel = s.selector, !sel.isEmpty {
                matched = index.matching(namespace: s.namespace, selector: sel).map(index.pod)
                if matched.isEmpty {
                    let selText = sel.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
                    d.append(Diagnostic(.warning, "selector-matches-nothing", at: s.meta.location(of: "spec.selector"),
                                        "service \(s.namespace)/\(s.name): selector \(selText) matches no pod in namespace \(s.namespace); it has no endpoints",
                                        fix: "check the pods' labels (kubewalk get pods -n \(s.namespace) -o wide)"))
                    continue
                }
                for (pi, p) in s.ports.enumerated() {
                    guard case .name(let name) = p.targetPort else { continue }
                    if !matched.contains(where: { pod in pod.spec.allPorts.contains { $0.name == name } }) {
                        d.append(Diagnostic(.warning, "unknown-target-port", at: s.meta.location(of: "spec.ports[\(pi)].targetPort"),
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
            for (pi, p) in r.parentRefs.enumerated() where (p.kind ?? "Gateway") == "Gateway" {
                let ns = p.namespace ?? r.namespace
                if !gateways.contains("\(ns)/\(p.name)") {
                    d.append(Diagnostic(.warning, "route-parent-missing", at: r.meta.location(of: "spec.parentRefs[\(pi)]"),
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
