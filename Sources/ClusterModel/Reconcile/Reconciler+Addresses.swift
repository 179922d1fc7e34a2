import NetCore

/// One node's share of weave's IP range (weave IPAM splits one range among its peers).
public struct WeaveShare: Hashable, Sendable, Codable {
    public var node: String
    public var first: IPAddress
    public var last: IPAddress
    public var count: UInt64
}

extension Cluster {
    /// How weave IPAM's range is divided among the nodes: in this model, equal contiguous
    /// shares in node-name order. Real weave peers claim space on demand through its CRDT
    /// ring, so a live cluster's shares differ in size and order; the note says so.
    public var weaveShares: [WeaveShare] {
        guard network.cni.ipam == "weave", let range = network.cni.ipRange ?? IPPrefix("10.32.0.0/12"), let size = range.size else { return [] }
        let nodes = self.nodes.map(\.name).sorted()
        guard !nodes.isEmpty else { return [] }
        let per = size / UInt64(nodes.count)
        return nodes.enumerated().compactMap { (i, n) in
            guard let first = range.address(at: UInt64(i) * per), let last = range.address(at: UInt64(i + 1) * per - 1) else { return nil }
            return WeaveShare(node: n, first: first, last: last, count: per)
        }
    }

    /// The gateway address of a node's pod network: `.1` of its podCIDR (host-local, the
    /// bridge plugin's `isGateway`), or the first usable address of its weave share.
    public func podGateway(onNode name: String) -> IPAddress? {
        if network.cni.ipam == "weave" {
            guard let share = weaveShares.first(where: { $0.node == name }) else { return nil }
            let range = network.cni.ipRange ?? IPPrefix("10.32.0.0/12")
            if let range, range.offset(of: share.first) == 0 { return range.address(at: 1) }
            return share.first
        }
        guard let cidr = node(named: name)?.podCIDRs.first else { return nil }
        return cidr.address(at: 1)
    }
}

extension Reconciler {
    /// kube-controller-manager's node IPAM: nodes without `spec.podCIDR` get consecutive
    /// `/nodeCIDRMaskSize` blocks of the cluster CIDR in node-name order, skipping blocks
    /// other nodes already hold. Not done for an inferred range (a dump is left as it is).
    static func assignNodePodCIDRs(_ cluster: inout Cluster) {
        guard !cluster.network.isInferred("podCIDR") else { return }
        // weave IPAM ignores node podCIDRs (it splits its own range), so none are invented.
        guard cluster.network.cni.ipam == "host-local" else { return }
        let net = cluster.network
        var used = cluster.nodes.flatMap(\.podCIDRs)
        var nextIndex: UInt64 = 0
        let order = cluster.nodes.indices.sorted { cluster.nodes[$0].name < cluster.nodes[$1].name }
        for i in order where cluster.nodes[i].podCIDRs.isEmpty {
            while let block = net.podCIDR.subnet(length: net.nodeCIDRMaskSize, index: nextIndex) {
                nextIndex += 1
                if used.contains(where: { $0.overlaps(block) }) { continue }
                cluster.nodes[i].podCIDRs = [block]
                cluster.nodes[i].meta.filledIn.append("spec.podCIDR")
                used.append(block)
                break
            }
        }
    }

    /// Pod addresses as the CNI's IPAM would hand them out: host-local takes the lowest
    /// free address from `.2` of the node's podCIDR (`.1` is the bridge's gateway); weave
    /// takes the lowest free one of the node's share. `hostNetwork` pods use the node's IP.
    static func assignPodIPs(_ cluster: inout Cluster) {
        let nodes = Dictionary(cluster.nodes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var used = Set(cluster.pods.filter { !$0.spec.hostNetwork }.flatMap(\.podIPs))
        let shares = Dictionary(cluster.weaveShares.map { ($0.node, $0) }, uniquingKeysWith: { a, _ in a })
        let gateways = Dictionary(cluster.nodes.map { ($0.name, cluster.podGateway(onNode: $0.name)) }, uniquingKeysWith: { a, _ in a })
        let order = cluster.pods.indices.sorted { (cluster.pods[$0].namespace, cluster.pods[$0].name) < (cluster.pods[$1].namespace, cluster.pods[$1].name) }
        for i in order {
            guard let nodeName = cluster.pods[i].spec.nodeName, let node = nodes[nodeName] else { continue }
            if cluster.pods[i].hostIP == nil, cluster.pods[i].phase == "Running", let ip = node.internalIP {
                cluster.pods[i].hostIP = ip
                cluster.pods[i].meta.filledIn.append("status.hostIP")
            }
            if cluster.pods[i].ready == nil, cluster.pods[i].meta.location != nil, cluster.pods[i].phase == "Running" {
                cluster.pods[i].ready = true
                cluster.pods[i].meta.filledIn.append("status.conditions[Ready]")
            }
            // Only pods the input left without status get an address: a dumped Pending pod has none yet.
            guard cluster.pods[i].podIPs.isEmpty, cluster.pods[i].phase == "Running" else { continue }
            if cluster.pods[i].spec.hostNetwork {
                if let ip = node.internalIP { cluster.pods[i].podIPs = [ip]; cluster.pods[i].meta.filledIn.append("status.podIP") }
                continue
            }
            var candidate: IPAddress? = nil
            if cluster.network.cni.ipam == "weave", let share = shares[nodeName], let range = cluster.network.cni.ipRange ?? IPPrefix("10.32.0.0/12") {
                var offset = range.offset(of: share.first) ?? 0
                let end = offset + share.count
                while offset < end {
                    if let ip = range.address(at: offset), offset != 0, ip != gateways[nodeName] ?? nil, !used.contains(ip) { candidate = ip; break }
                    offset += 1
                }
            } else if let cidr = node.podCIDRs.first(where: { $0.family == .ipv4 }) ?? node.podCIDRs.first {
                var offset: UInt64 = 2
                let size = cidr.size ?? 65536
                while offset + 1 < size {
                    if let ip = cidr.address(at: offset), !used.contains(ip) { candidate = ip; break }
                    offset += 1
                }
            }
            if let ip = candidate {
                cluster.pods[i].podIPs = [ip]
                used.insert(ip)
                if !cluster.pods[i].meta.filledIn.contains("status.podIP") { cluster.pods[i].meta.filledIn.append("status.podIP") }
            }
        }
    }

    /// The API server's ClusterIP allocator: the DNS Service gets `dnsServiceIP`,
    /// `default/kubernetes` the first address; others a free address picked from a hash of
    /// namespace/name (the real allocator picks at random; this stays stable across runs).
    static func assignClusterIPs(_ cluster: inout Cluster) {
        let net = cluster.network
        var used = Set(cluster.services.flatMap(\.clusterIPs))
        used.insert(net.dnsServiceIP)
        let size = net.serviceCIDR.size ?? (1 << 20)
        guard size > 4 else { return }
        let order = cluster.services.indices.sorted { (cluster.services[$0].namespace, cluster.services[$0].name) < (cluster.services[$1].namespace, cluster.services[$1].name) }
        for i in order {
            let s = cluster.services[i]
            guard s.clusterIPs.isEmpty, !s.isHeadless, s.type != .ExternalName else { continue }
            var ip: IPAddress? = nil
            if s.namespace == "kube-system" && s.name == "kube-dns" { ip = net.dnsServiceIP }
            else if s.namespace == "default" && s.name == "kubernetes", let first = net.serviceCIDR.address(at: 1), !used.contains(first) { ip = first }
            else {
                var offset = 16 + number("\(s.namespace)/\(s.name)") % (size - 18)
                for _ in 0..<size {
                    if let c = net.serviceCIDR.address(at: offset), !used.contains(c) { ip = c; break }
                    offset = offset + 1 >= size - 1 ? 16 : offset + 1
                }
            }
            guard let chosen = ip else { continue }
            used.insert(chosen)
            cluster.services[i].clusterIPs = [chosen]
            cluster.services[i].meta.filledIn.append("spec.clusterIP")
        }
    }

    /// NodePorts for NodePort and LoadBalancer ports that name none: a free port of the
    /// range, picked from a hash of namespace/name/port (the API server picks at random).
    static func assignNodePorts(_ cluster: inout Cluster) {
        let range = cluster.network.nodePortRange
        var used = Set(cluster.services.flatMap { $0.ports.compactMap(\.nodePort) })
        let order = cluster.services.indices.sorted { (cluster.services[$0].namespace, cluster.services[$0].name) < (cluster.services[$1].namespace, cluster.services[$1].name) }
        for i in order where cluster.services[i].type == .NodePort || cluster.services[i].type == .LoadBalancer {
            for j in cluster.services[i].ports.indices where cluster.services[i].ports[j].nodePort == nil {
                let s = cluster.services[i]
                var port = range.lower + Int(number("\(s.namespace)/\(s.name)/\(s.ports[j].port)/\(s.ports[j].proto)") % UInt64(range.count))
                var tries = 0
                while used.contains(port) && tries < range.count { port = port >= range.upper ? range.lower : port + 1; tries += 1 }
                guard !used.contains(port) else { continue }
                used.insert(port)
                cluster.services[i].ports[j].nodePort = port
                cluster.services[i].meta.filledIn.append("spec.ports[\(j)].nodePort")
            }
            if cluster.services[i].type == .LoadBalancer && cluster.services[i].externalTrafficPolicy == "Local" && cluster.services[i].healthCheckNodePort == nil {
                let s = cluster.services[i]
                var port = range.lower + Int(number("\(s.namespace)/\(s.name)/healthCheck") % UInt64(range.count))
                var tries = 0
                while used.contains(port) && tries < range.count { port = port >= range.upper ? range.lower : port + 1; tries += 1 }
                used.insert(port)
                cluster.services[i].healthCheckNodePort = port
                cluster.services[i].meta.filledIn.append("spec.healthCheckNodePort")
            }
        }
    }
}
