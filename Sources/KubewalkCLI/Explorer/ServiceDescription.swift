import ClusterModel
import KubeProxy
import NetCore

/// The explorer's Detail of a Service (`svc:NS/NAME`): its spec as the API server holds it
/// (type, ClusterIPs, ports with nodePorts, selector, traffic policies, session affinity),
/// its endpoints as the EndpointSlice controller published them (the conditions kube-proxy
/// reads, KEP-1672), and what kube-proxy programs for it on one node — in iptables mode this
/// Service's lines of `iptables-save` (`KUBE-SERVICES`/`KUBE-NODEPORTS` entries, its
/// `KUBE-SVC-…`, `KUBE-SEP-…`, `KUBE-EXT-…`, `KUBE-FW-…` chains, filter REJECT/DROP lines),
/// in ipvs mode its IPVS virtual servers as `ipvsadm -Ln` lists them and its ipset members.
enum ServiceDescription {
    /// - Parameters:
    ///   - node: the node whose rules to show (the one zoomed on the map); nil: the first worker.
    ///   - rules: kube-proxy's rules on a node, indexed by Service (cached per node by the caller).
    static func lines(_ cluster: Cluster, service s: Service, node: String?,
                      rules: (String) -> Result<ServiceRuleIndex, KubeProxyError>) -> [String] {
        var out = spec(s)
        out.append("")
        out += endpoints(cluster, s)
        guard s.type != .ExternalName else {
            out.append("")
            out.append("kube-proxy programs nothing for an ExternalName Service: CoreDNS answers its name with a CNAME to \(s.externalName ?? "-").")
            return out
        }
        guard let nodeName = node ?? defaultNode(cluster) else { return out + ["", "no nodes: no kube-proxy rules to show"] }
        out.append("")
        switch rules(nodeName) {
        case .success(let r): out += kubeProxy(r, service: s, nodeChosen: node != nil)
        case .failure(let e): out.append("kube-proxy rules: \(e.description)")
        }
        return out
    }

    /// The first worker (a node that is not control plane), else the first node.
    static func defaultNode(_ cluster: Cluster) -> String? {
        (cluster.nodes.first { !$0.isControlPlane } ?? cluster.nodes.first)?.name
    }

    static func spec(_ s: Service) -> [String] {
        var out: [String] = []
        let ip: String
        if s.type == .ExternalName { ip = "none (ExternalName \(s.externalName ?? "-"))" }
        else if s.isHeadless { ip = "None (headless: DNS returns the endpoints' addresses, kube-proxy ignores it)" }
        else { ip = s.clusterIPs.map(\.description).joined(separator: ", ") }
        out.append("type \(s.type.rawValue) · ClusterIP \(ip)")
        if s.ports.isEmpty { out.append("ports: none") } else { out.append("ports:") }
        for p in s.ports {
            var line = "  \(p.name.map { $0 + " " } ?? "")\(p.port)/\(p.proto.rawValue) → targetPort \(p.targetPort)"
            if let np = p.nodePort { line += " · nodePort \(np)" }
            if let a = p.appProtocol { line += " · appProtocol \(a)" }
            out.append(line)
        }
        if let sel = s.selector, !sel.isEmpty {
            out.append("selector " + sel.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","))
        } else {
            out.append("selector none: the EndpointSlices are written by hand (or by the API server for default/kubernetes)")
        }
        if s.type != .ExternalName {
            let external = s.type == .NodePort || s.type == .LoadBalancer || !s.externalIPs.isEmpty
            out.append((external ? "externalTrafficPolicy \(s.externalTrafficPolicy) · " : "") + "internalTrafficPolicy \(s.internalTrafficPolicy)")
            out.append("sessionAffinity \(s.sessionAffinity)" + (s.sessionAffinity == "ClientIP" ? " (timeout \(s.sessionAffinityTimeoutSeconds) s)" : ""))
        }
        if !s.externalIPs.isEmpty { out.append("externalIPs " + s.externalIPs.map(\.description).joined(separator: ", ")) }
        if !s.loadBalancerIngress.isEmpty {
            out.append("LoadBalancer ingress " + s.loadBalancerIngress.map { i in
                (i.ip?.description ?? i.hostname ?? "-") + (i.ipMode.map { " (ipMode \($0))" } ?? "")
            }.joined(separator: ", "))
        }
        if !s.loadBalancerSourceRanges.isEmpty { out.append("loadBalancerSourceRanges " + s.loadBalancerSourceRanges.map(\.description).joined(separator: ", ")) }
        if let h = s.healthCheckNodePort { out.append("healthCheckNodePort \(h)") }
        if s.publishNotReadyAddresses { out.append("publishNotReadyAddresses: DNS publishes endpoints that are not ready") }
        return out
    }

    /// Every endpoint of every EndpointSlice of the Service, with its conditions, node and pod.
    static func endpoints(_ cluster: Cluster, _ s: Service) -> [String] {
        let slices = cluster.endpointSlices(for: s)
        let ready = Set(slices.flatMap { $0.endpoints.filter(\.ready).map { $0.targetPod ?? $0.addresses.first?.description ?? "" } })
        guard !slices.isEmpty else {
            return ["endpoints: none (no EndpointSlice has label kubernetes.io/service-name=\(s.name))"]
        }
        var out = ["endpoints (\(ready.count) ready; kube-proxy uses the ready ones, else those serving while terminating):"]
        for slice in slices {
            let ports = slice.ports.map { p in "\(p.name.map { $0 + " " } ?? "")\(p.port.map(String.init) ?? "-")/\(p.proto.rawValue)" }
            out.append("  EndpointSlice \(slice.meta.name) (\(slice.addressType)) ports \(ports.isEmpty ? "none" : ports.joined(separator: ", "))")
            if slice.endpoints.isEmpty { out.append("    no endpoints") }
            for e in slice.endpoints {
                var conditions = [e.ready ? "ready" : "not-ready"]
                conditions.append(e.serving ? "serving" : "not-serving")
                if e.terminating { conditions.append("terminating") }
                let address = e.addresses.map(\.description).joined(separator: ",")
                let pod = e.targetPod.map { "pod \($0)" } ?? "no targetRef"
                out.append("    \(address)  \(conditions.joined(separator: " "))  node \(e.nodeName ?? "-")  \(pod)")
            }
        }
        return out
    }

    static func kubeProxy(_ r: ServiceRuleIndex, service s: Service, nodeChosen: Bool) -> [String] {
        let which = "on \(r.nodeName)" + (nodeChosen ? "" : " (the first worker; zoom to a node for its own)")
        var out: [String] = []
        let lines = r.lines(service: "\(s.namespace)/\(s.name)")
        if let ipvs = r.ipvs {
            out.append("kube-proxy (ipvs mode) \(which), as `kubewalk ipvsadm --node \(r.nodeName) --ipsets` shows it:")
            out += IPVSExcerpt.lines(ipvs, service: s)
            if !lines.isEmpty {
                out.append("iptables rules naming it:")
                out += lines
            }
            if !s.isHeadless, s.clusterIP != nil {
                out.append("note: in ipvs mode the ClusterIP is bound to kube-ipvs0 on every node; IPVS rewrites the destination to a real server.")
            }
            return out
        }
        out.append("kube-proxy (iptables mode) \(which), this Service's lines of `kubewalk iptables-save --node \(r.nodeName)`:")
        if lines.isEmpty {
            out.append(s.isHeadless ? "  none: kube-proxy skips headless Services" : "  none")
        } else {
            out += lines
        }
        if lines.contains(where: { $0.contains(" -j DNAT ") }) {
            out.append("note: the ClusterIP is on no interface: these nat rules rewrite it (DNAT in KUBE-SEP-…).")
        } else if lines.contains(where: { $0.contains(" -j REJECT ") }) {
            out.append("note: no endpoint: the filter table rejects connections (the client sees connection refused).")
        }
        return out
    }
}

/// One Service's IPVS virtual servers (`ipvsadm -Ln` form), its addresses on `kube-ipvs0`
/// and the ipset members kube-proxy adds for it.
enum IPVSExcerpt {
    static func lines(_ state: IPVSState, service s: Service) -> [String] {
        let ref = "\(s.namespace)/\(s.name)"
        var mine = state
        mine.virtualServers = state.virtualServers.filter { $0.servicePort == ref || $0.servicePort.hasPrefix(ref + ":") }
        let addresses = Set(s.clusterIPs + s.externalIPs + s.loadBalancerVIPs)
        mine.dummyAddresses = state.dummyAddresses.filter { addresses.contains($0) }
        guard !mine.virtualServers.isEmpty else { return ["  no IPVS virtual server" + (s.isHeadless ? ": kube-proxy skips headless Services" : "")] }
        var out = mine.ipvsadmList().split(separator: "\n").map(String.init)
        if !mine.dummyAddresses.isEmpty {
            out.append("kube-ipvs0: " + mine.dummyAddresses.map { "\($0)/\($0.family.bits)" }.joined(separator: " "))
        }
        let nodePorts = Set(s.ports.compactMap(\.nodePort))
        for set in state.ipsets {
            for e in set.entries {
                let byAddress = e.address.map { addresses.contains($0.address) } ?? false
                let byNodePort = set.type == "bitmap:port" && e.port.map { nodePorts.contains($0) } == true
                if byAddress || byNodePort { out.append("ipset add \(set.name) \(e.text)") }
            }
        }
        return out
    }
}
