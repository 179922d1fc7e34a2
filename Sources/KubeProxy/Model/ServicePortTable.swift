import NetCore
import ClusterModel

/// Turns a cluster's Services and EndpointSlices into kube-proxy's service-port map, for one
/// address family (kube-proxy runs one proxier per family). Headless and ExternalName
/// Services, and Services without a ClusterIP of the family, yield nothing.
public enum ServicePortTable {
    public static func build(_ cluster: Cluster, family: IPFamily = .ipv4) -> [ProxyServicePort] {
        var out: [ProxyServicePort] = []
        for svc in cluster.services {
            guard svc.type != .ExternalName, !svc.isHeadless,
                  let vip = svc.clusterIPs.first(where: { $0.family == family }) else { continue }
            let slices = cluster.endpointSlices(for: svc).filter { $0.addressType == family.rawValue }
            let external = svc.type == .NodePort || svc.type == .LoadBalancer
            for sp in svc.ports {
                var seen = Set<String>()
                var eps: [ProxyEndpoint] = []
                for slice in slices {
                    for p in slice.ports where (p.name ?? "") == (sp.name ?? "") && p.proto == sp.proto {
                        guard let port = p.port else { continue }
                        for e in slice.endpoints {
                            guard let ip = e.addresses.first, ip.family == family else { continue }
                            let ep = ProxyEndpoint(ip: ip, port: port, nodeName: e.nodeName, ready: e.ready, serving: e.serving,
                                                   terminating: e.terminating, targetPod: e.targetPod)
                            if seen.insert(ep.text).inserted { eps.append(ep) }
                        }
                    }
                }
                let eTPLocal = external && svc.externalTrafficPolicy == "Local"
                out.append(ProxyServicePort(
                    namespace: svc.namespace, serviceName: svc.name, portName: sp.name, proto: sp.proto,
                    clusterIP: vip, port: sp.port, nodePort: external ? sp.nodePort : nil,
                    externalIPs: svc.externalIPs.filter { $0.family == family },
                    loadBalancerVIPs: svc.loadBalancerVIPs.filter { $0.family == family },
                    loadBalancerSourceRanges: svc.loadBalancerSourceRanges.filter { $0.family == family },
                    healthCheckNodePort: svc.type == .LoadBalancer && eTPLocal ? svc.healthCheckNodePort : nil,
                    stickySeconds: svc.sessionAffinity == "ClientIP" ? svc.sessionAffinityTimeoutSeconds : nil,
                    internalPolicyLocal: svc.internalTrafficPolicy == "Local",
                    externalPolicyLocal: eTPLocal,
                    endpoints: eps))
            }
        }
        // Sort by service port name then protocol (kube-proxy's order is a map walk; any fixed order will do).
        let keys = out.map { $0.name + " " + $0.proto.lowercased }
        return out.indices.sorted { keys[$0] < keys[$1] }.map { out[$0] }
    }
}
