import NetCore

extension Reconciler {
    /// The EndpointSlice controller (pkg/controller/endpointslice): for each Service with a
    /// selector and no slice in the input, the pods the selector matches in its namespace,
    /// with ports resolved from `targetPort` (a number as is; a name through each pod's
    /// container ports, so pods that number a named port differently land in different
    /// slices) and the conditions `ready` (Ready and not terminating, or always with
    /// `publishNotReadyAddresses`), `serving`, `terminating`.
    static let maxEndpointsPerSlice = 100

    static func buildEndpointSlices(_ cluster: inout Cluster) {
        dropMirroredDuplicates(&cluster)
        let sliced = Set(cluster.endpointSlices.compactMap { s in s.serviceName.map { "\(s.namespace)/\($0)" } })
        let index = PodLabelIndex(cluster.pods) { !$0.podIPs.isEmpty && $0.phase != "Succeeded" && $0.phase != "Failed" }
        var created: [EndpointSlice] = []
        for svc in cluster.services {
            guard let selector = svc.selector, !selector.isEmpty, svc.type != .ExternalName,
                  !sliced.contains("\(svc.namespace)/\(svc.name)") else { continue }
            let pods = index.matching(namespace: svc.namespace, selector: selector).map(index.pod).sorted { $0.name < $1.name }
            // Group pods by their resolved port set.
            var groups: [[EndpointSlice.Port]: [Pod]] = [:]
            var groupOrder: [[EndpointSlice.Port]] = []
            for pod in pods {
                var ports: [EndpointSlice.Port] = []
                for sp in svc.ports {
                    switch sp.targetPort {
                    case .number(let n): ports.append(.init(name: sp.name ?? "", port: n, proto: sp.proto))
                    case .name(let name):
                        if let cp = pod.spec.allPorts.first(where: { $0.name == name && $0.proto == sp.proto }) {
                            ports.append(.init(name: sp.name ?? "", port: cp.containerPort, proto: sp.proto))
                        }
                    }
                }
                if groups[ports] == nil { groupOrder.append(ports) }
                groups[ports, default: []].append(pod)
            }
            if pods.isEmpty { groupOrder = [svc.ports.map { .init(name: $0.name ?? "", port: nil, proto: $0.proto) }]; groups[groupOrder[0]] = [] }
            var sliceNumber = 0
            for ports in groupOrder {
                let members = groups[ports] ?? []
                let family: IPFamily = svc.clusterIP?.family ?? members.first?.podIP?.family ?? .ipv4
                // The controller's --max-endpoints-per-slice is 100.
                let chunks = stride(from: 0, to: max(members.count, 1), by: maxEndpointsPerSlice).map { Array(members[$0..<min($0 + maxEndpointsPerSlice, members.count)]) }
                for chunk in chunks {
                    var meta = ObjectMeta(name: "\(svc.name)-\(suffix("\(svc.namespace)/\(svc.name)#\(sliceNumber)", length: 5))", namespace: svc.namespace,
                                          labels: ["kubernetes.io/service-name": svc.name, "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io"],
                                          ownerReferences: [OwnerReference(kind: "Service", name: svc.name)],
                                          createdBy: "EndpointSlice controller for Service \(svc.namespace)/\(svc.name)")
                    sliceNumber += 1
                    meta.filledIn = ["endpoints", "ports"]
                    let endpoints: [EndpointSlice.Endpoint] = chunk.compactMap { pod in
                        let addrs = pod.podIPs.filter { $0.family == family }
                        guard !addrs.isEmpty else { return nil }
                        let serving = pod.isReady
                        let terminating = pod.isTerminating
                        let ready = svc.publishNotReadyAddresses || (serving && !terminating)
                        let hostname = (pod.spec.hostname != nil && pod.spec.subdomain == svc.name) ? pod.spec.hostname : nil
                        return .init(addresses: [addrs[0]], ready: ready, serving: serving, terminating: terminating,
                                     nodeName: pod.spec.nodeName, hostname: hostname, targetPod: "\(pod.namespace)/\(pod.name)")
                    }
                    created.append(EndpointSlice(meta: meta, addressType: family == .ipv4 ? "IPv4" : "IPv6", endpoints: endpoints,
                                                 ports: ports.map { .init(name: $0.name, port: $0.port, proto: $0.proto) }))
                }
            }
        }
        cluster.endpointSlices += created
    }

    /// `v1 Endpoints` read from the input become slices marked as mirrored; when the input
    /// also has the EndpointSlices of that Service (a dump of both kinds), the mirror is
    /// dropped, as the mirroring controller never mirrors controller-managed Endpoints.
    static func dropMirroredDuplicates(_ cluster: inout Cluster) {
        func isMirror(_ s: EndpointSlice) -> Bool { s.meta.createdBy?.hasPrefix("converted from v1 Endpoints") == true }
        let real = Set(cluster.endpointSlices.filter { !isMirror($0) }.compactMap { s in s.serviceName.map { "\(s.namespace)/\($0)" } })
        cluster.endpointSlices.removeAll { s in isMirror(s) && real.contains("\(s.namespace)/\(s.serviceName ?? "")") }
    }
}
