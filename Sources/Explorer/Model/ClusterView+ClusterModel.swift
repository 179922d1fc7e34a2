import ClusterModel
import NetCore

extension ClusterView {
    /// What the map shows of a reconciled cluster. Copies names and addresses; the only
    /// thing computed is the bridge gateway of host-local IPAM, which is the first address
    /// of the node's podCIDR by the bridge plugin's convention (`isGateway`, the `.1` the
    /// reconciler leaves free; reference/input-format.md).
    public init(cluster c: Cluster) {
        let net = c.network
        let bridgeName: String
        switch net.cni.plugin {
        case "bridge", "flannel": bridgeName = net.cni.bridge.isEmpty ? "cni0" : net.cni.bridge
        case "weave": bridgeName = "weave"
        default: bridgeName = ""
        }
        var endpointsByService: [String: [String]] = [:]
        var readyByService: [String: Int] = [:]
        for svc in c.services {
            var ids: [String] = []
            // One endpoint per pod (or per address without a targetRef): a dual-stack pod is
            // in an IPv4 and an IPv6 slice.
            var ready = Set<String>()
            for slice in c.endpointSlices(for: svc) {
                for e in slice.endpoints where e.ready {
                    if let key = e.targetPod ?? e.addresses.first?.description { ready.insert(key) }
                    if let target = e.targetPod { ids.append("pod:" + target) } else if let ip = e.addresses.first, let p = c.pod(withIP: ip) {
                        ids.append("pod:\(p.namespace)/\(p.name)")
                    }
                }
            }
            endpointsByService["\(svc.namespace)/\(svc.name)"] = ids
            readyByService["\(svc.namespace)/\(svc.name)"] = ready.count
        }
        let nodes = c.nodes.map { n -> NodeView in
            let pods = c.pods(onNode: n.name).map { p in
                PodView(namespace: p.namespace, name: p.name, ip: p.podIP?.description ?? "-", ready: p.isReady, node: n.name,
                        labels: p.meta.labels, hostNetwork: p.spec.hostNetwork)
            }
            let cidr = n.podCIDRs.first
            var gateway = ""
            if net.cni.ipam == "host-local", !bridgeName.isEmpty, let cidr, let gw = cidr.canonical.address(at: 1) { gateway = gw.description }
            let role = n.isControlPlane ? "control-plane" : (n.roles == "<none>" ? "worker" : n.roles)
            return NodeView(name: n.name, role: role, internalIP: n.internalIP?.description ?? "-", podCIDR: cidr?.description ?? "-",
                            bridgeName: bridgeName, bridgeGateway: gateway, labels: n.meta.labels, pods: pods)
        }
        // Pods not (yet) on a node are kept out of node boxes; the Detail pane counts them.
        let services = c.services.map { s in
            ServiceView(namespace: s.namespace, name: s.name, type: s.type.rawValue,
                        clusterIP: s.type == .ExternalName ? "" : (s.isHeadless ? "None" : s.clusterIP?.description ?? "-"),
                        ports: s.ports.isEmpty ? [] : s.portsColumn.split(separator: ",").map(String.init),
                        endpointPodIDs: endpointsByService["\(s.namespace)/\(s.name)"] ?? [],
                        readyEndpoints: readyByService["\(s.namespace)/\(s.name)"] ?? 0, externalName: s.externalName ?? "")
        }
        var entries: [EntryPointView] = []
        for s in c.services where s.type == .NodePort || s.type == .LoadBalancer {
            let ports = s.ports.compactMap { $0.nodePort.map { ":\($0)" } }.joined(separator: ",")
            let vips = s.loadBalancerVIPs.map(\.description)
            let address = ([ports] + vips).filter { !$0.isEmpty }.joined(separator: " ")
            entries.append(EntryPointView(kind: s.type == .LoadBalancer ? "LoadBalancer" : "NodePort", name: "\(s.namespace)/\(s.name)", address: address,
                                          targetID: "svc:\(s.namespace)/\(s.name)", id: "entry:\(s.namespace)/\(s.name)"))
        }
        for s in c.services where !s.externalIPs.isEmpty {
            entries.append(EntryPointView(kind: "externalIP", name: "\(s.namespace)/\(s.name)", address: s.externalIPs.map(\.description).joined(separator: ","),
                                          targetID: "svc:\(s.namespace)/\(s.name)", id: "entry:\(s.namespace)/\(s.name)/externalIPs"))
        }
        for g in c.gateways {
            let listeners = g.listeners.map { "\($0.proto):\($0.port)" }.joined(separator: ",")
            let address = (g.addresses.first.map { $0 + " " } ?? "") + listeners
            entries.append(EntryPointView(kind: "Gateway", name: "\(g.namespace)/\(g.name)", address: address,
                                          targetID: "gateway:\(g.namespace)/\(g.name)", id: "gateway:\(g.namespace)/\(g.name)"))
        }
        var settings = [
            "CNI \(net.cni.plugin), IPAM \(net.cni.ipam), encapsulation \(net.cni.encapsulation), MTU \(net.cni.mtu)",
            "kube-proxy \(net.kubeProxy.mode)\(net.kubeProxy.masqueradeAll ? " (masqueradeAll)" : "")",
            "serviceCIDR \(net.serviceCIDR) (\(net.source(of: "serviceCIDR")))",
            "podCIDR \(net.podCIDR) (\(net.source(of: "podCIDR")))",
            "DNS \(net.dnsServiceIP), domain \(net.clusterDomain)",
            "NodePort range \(net.nodePortRange)",
        ]
        if !c.ingresses.isEmpty { settings.append("\(c.ingresses.count) Ingresses, \(c.gateways.count) Gateways, \(c.httpRoutes.count) HTTPRoutes") }
        let unscheduled = c.pods.filter { $0.spec.nodeName == nil }.count
        var notes: [String] = []
        if unscheduled > 0 { notes.append("\(unscheduled) pods have no node and are not drawn") }
        self.init(name: c.name, nodes: nodes, services: services,
                  externalClients: net.externalClients.map { ExternalClientView(name: $0.name, ip: $0.ip.description) },
                  entryPoints: entries, settings: settings, notes: notes)
    }
}
