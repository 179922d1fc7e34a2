import ClusterModel
import NetCore

extension PodNetwork {
    /// A node's IPAM pool. host-local (containernetworking/plugins): the node's podCIDR from
    /// `.1` to the last address before broadcast, the gateway excluded, one file per
    /// allocated address under `/var/lib/cni/networks/<name>/`. weave: the node's share of
    /// `ipRange` in weave's allocation ring (modelled as equal contiguous shares).
    public static func ipam(_ cluster: Cluster, node: ClusterNode) -> IPAMTable {
        let cni = cluster.network.cni
        let gateway = cluster.podGateway(onNode: node.name)
        var allocated: [IPAMAllocation] = []
        if let gateway { allocated.append(IPAMAllocation(ip: gateway, owner: cni.plugin == "weave" ? "weave bridge" : "gateway (\(InterfaceNames.bridge(cni) ?? "node"))")) }
        for p in cluster.pods(onNode: node.name) where !p.spec.hostNetwork {
            if let ip = p.podIP { allocated.append(IPAMAllocation(ip: ip, owner: "\(p.namespace)/\(p.name)")) }
        }
        allocated.sort { $0.ip < $1.ip }
        if cni.ipam == "weave" {
            let share = cluster.weaveShares.first { $0.node == node.name }
            let count = share?.count ?? 0
            let used = UInt64(allocated.count)
            return IPAMTable(node: node.name, plugin: "weave", range: share.map { "\($0.first)-\($0.last)" } ?? "-", gateway: gateway,
                             allocated: allocated, capacity: count, free: count > used ? count - used : 0,
                             notes: ["weave peers claim space in the range on demand (a CRDT ring); kubewalk models equal contiguous shares in node-name order"])
        }
        let cidr = node.podCIDRs.first
        let size = cidr?.size ?? 0
        let capacity: UInt64 = size > 2 ? size - 2 : 0   // network and broadcast addresses
        let used = UInt64(allocated.count)
        return IPAMTable(node: node.name, plugin: "host-local", range: cidr?.description ?? "-", gateway: gateway,
                         allocated: allocated, capacity: capacity, free: capacity > used ? capacity - used : 0,
                         notes: ["host-local keeps one file per address in /var/lib/cni/networks/\(CNIConfig.networkName(cni))/; the gateway counts as used"])
    }
}
