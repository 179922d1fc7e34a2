import ClusterModel

/// Resolves a Service backend (name and port) to its Service port and the endpoints of
/// that port, from the Service's EndpointSlices — what ingress-nginx's upstream list and a
/// Gateway data plane's cluster contain.
///
/// The EndpointSlice port is found by the Service port's name (`""` for an unnamed port), as
/// the EndpointSlice controller writes it; an endpoint is usable when `ready` (KEP-1672).
public struct BackendResolution: Hashable, Sendable {
    public var service: Service?
    public var servicePort: ServicePort?
    public var endpoints: [BackendEndpoint]
    /// Why it cannot be used (nil when it can): missing Service, unknown port, no ready endpoint.
    public var problem: String?
    public var readyCount: Int { endpoints.filter(\.ready).count }

    public static func resolve(_ cluster: Cluster, namespace: String, service name: String, portNumber: Int?, portName: String?) -> BackendResolution {
        guard let svc = cluster.service(namespace: namespace, name: name) else {
            return BackendResolution(service: nil, servicePort: nil, endpoints: [], problem: "Service \(namespace)/\(name) does not exist")
        }
        let port = svc.ports.first { p in
            if let n = portNumber { return p.port == n }
            if let n = portName { return p.name == n }
            return svc.ports.count == 1
        }
        let portText = portNumber.map(String.init) ?? portName ?? "?"
        if svc.type == .ExternalName {
            return BackendResolution(service: svc, servicePort: port, endpoints: [], problem: nil)
        }
        guard let port else {
            return BackendResolution(service: svc, servicePort: nil, endpoints: [],
                                     problem: "Service \(namespace)/\(name) has no port \(portText) (ports: \(svc.portsColumn))")
        }
        var eps: [BackendEndpoint] = []
        for slice in cluster.endpointSlices(for: svc) {
            let slicePort = slice.ports.first { ($0.name ?? "") == (port.name ?? "") }
            for e in slice.endpoints {
                for a in e.addresses {
                    eps.append(BackendEndpoint(address: a.description, port: slicePort?.port, ready: e.ready, serving: e.serving,
                                               terminating: e.terminating, pod: e.targetPod, node: e.nodeName))
                }
            }
        }
        var r = BackendResolution(service: svc, servicePort: port, endpoints: eps, problem: nil)
        if r.readyCount == 0 {
            r.problem = eps.isEmpty ? "Service \(namespace)/\(name) has no endpoints (no ready pod matches its selector)"
                : "Service \(namespace)/\(name) has \(eps.count) endpoint(s), none ready"
        } else if eps.allSatisfy({ $0.port == nil }) {
            r.problem = "Service \(namespace)/\(name) port \(portText) has no matching EndpointSlice port (targetPort not found in the pods)"
        }
        return r
    }
}
