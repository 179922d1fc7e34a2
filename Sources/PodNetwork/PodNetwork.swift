import ClusterModel
import NetCore

/// What the cluster's CNI plugin builds on each node, computed from `ClusterNetwork.spec.cni`
/// and the reconciled nodes and pods: bridges, veth pairs, routes, overlay, IPAM, config.
///
/// Models the reference plugins `bridge` + `host-local` (containernetworking/plugins),
/// flannel's `vxlan` backend (which delegates to `bridge` with `cni0`), weave-net (one
/// `weave` bridge over the whole IP range, fast datapath between peers) and calico's routed
/// mode (`cali*` veths with /32 routes, proxy-ARP gateway 169.254.1.1, IP-in-IP on `tunl0`).
/// Everything is computed on demand per node, so a 10,000-service cluster costs nothing here.
public enum PodNetwork {
    /// The node's own pod range: its podCIDR (host-local), or its share of weave's range.
    public static func podRange(_ cluster: Cluster, node: String) -> (text: String, contains: @Sendable (IPAddress) -> Bool)? {
        if cluster.network.cni.ipam == "weave" {
            guard let share = cluster.weaveShares.first(where: { $0.node == node }) else { return nil }
            let first = share.first, last = share.last
            return ("\(first)-\(last)", { ip in ip >= first && ip <= last })
        }
        guard let cidr = cluster.node(named: node)?.podCIDRs.first else { return nil }
        return (cidr.description, { cidr.contains($0) })
    }

    /// The node whose pod range holds `ip` (by podCIDR, or weave share).
    public static func owningNode(_ cluster: Cluster, of ip: IPAddress) -> ClusterNode? {
        if cluster.network.cni.ipam == "weave" {
            guard let share = cluster.weaveShares.first(where: { ip >= $0.first && ip <= $0.last }) else { return nil }
            return cluster.node(named: share.node)
        }
        return cluster.nodes.first { $0.podCIDRs.contains { $0.contains(ip) } }
    }

    /// How a pod is plugged in; nil for hostNetwork pods and pods without a node or address.
    public static func attachment(_ cluster: Cluster, pod: Pod) -> PodAttachment? {
        guard !pod.spec.hostNetwork, let nodeName = pod.spec.nodeName, let ip = pod.podIP else { return nil }
        let cni = cluster.network.cni
        let mtu = encapsulation(cluster, from: nil, to: nil).podMTU
        let veth = InterfaceNames.hostVeth(plugin: cni.plugin, namespace: pod.namespace, pod: pod.name)
        var gateway = cluster.podGateway(onNode: nodeName)
        var length = cluster.node(named: nodeName)?.podCIDRs.first?.length ?? cluster.network.nodeCIDRMaskSize
        var routes: [Route] = []
        switch cni.plugin {
        case "calico":
            let gw = IPAddress.v4(IPv4Address(169, 254, 1, 1))
            gateway = gw
            length = 32
            routes = [Route(prefix: nil, via: gw, dev: "eth0", purpose: "everything leaves through eth0 to calico's fake gateway"),
                      Route(prefix: IPPrefix(address: gw, length: 32), dev: "eth0", scope: "link",
                            purpose: "169.254.1.1 is answered by proxy ARP on the host's \(veth); no real router has it")]
        case "weave":
            length = (cni.ipRange ?? IPPrefix("10.32.0.0/12"))?.length ?? 12
            let range = cni.ipRange ?? IPPrefix("10.32.0.0/12")
            routes = [Route(prefix: nil, via: gateway, dev: "eth0", purpose: "other destinations go to the weave bridge's address on this node"),
                      Route(prefix: range?.canonical, dev: "eth0", proto: "kernel", scope: "link", src: ip,
                            purpose: "every weave address is on the same L2 network, across all nodes")]
        default:
            let net = IPPrefix(address: ip, length: length).canonical
            routes = [Route(prefix: nil, via: gateway, dev: "eth0", purpose: "the bridge plugin's isGateway: default route via the bridge address"),
                      Route(prefix: net, dev: "eth0", proto: "kernel", scope: "link", src: ip,
                            purpose: "pods of this node are on the same bridge, reached directly")]
        }
        return PodAttachment(namespace: pod.namespace, pod: pod.name, node: nodeName,
                             netns: InterfaceNames.netns(namespace: pod.namespace, pod: pod.name),
                             containerInterface: "eth0", ip: ip, prefixLength: length, gateway: gateway,
                             hostVeth: veth, hostVethExact: InterfaceNames.hostVethIsExact(plugin: cni.plugin),
                             bridge: InterfaceNames.bridge(cni), podRoutes: routes, mtu: mtu)
    }

    /// The encapsulation between two nodes (outer addresses filled in when both are given).
    public static func encapsulation(_ cluster: Cluster, from: ClusterNode?, to: ClusterNode?) -> Encapsulation {
        let cni = cluster.network.cni
        let base = cni.mtu > 0 ? cni.mtu : 1500
        let src = from?.internalIP, dst = to?.internalIP
        switch cni.encapsulation {
        case "vxlan":
            return Encapsulation(kind: "vxlan", device: InterfaceNames.overlayDevice(cni), outerProtocol: "udp",
                                 outerPort: cni.plugin == "calico" ? 4789 : 8472, outerSrc: src, outerDst: dst, overhead: 50, podMTU: base - 50,
                                 note: "VXLAN (RFC 7348): the pod packet inside UDP between the node addresses; 50 bytes of outer headers")
        case "ipip":
            return Encapsulation(kind: "ipip", device: "tunl0", outerProtocol: "ipip", outerPort: nil, outerSrc: src, outerDst: dst,
                                 overhead: 20, podMTU: base - 20,
                                 note: "IP-in-IP (RFC 2003): a second IPv4 header, protocol 4, between the node addresses; 20 bytes")
        case "weave":
            return Encapsulation(kind: "weave-fastdp", device: "vxlan-6784", outerProtocol: "udp", outerPort: 6784, outerSrc: src,
                                 outerDst: dst, overhead: 124, podMTU: min(base - 124, 1376),
                                 note: "weave fast datapath: kernel VXLAN on UDP 6784 set up by the weave router; when fastdp is not possible weave falls back to sleeve mode (userspace, UDP 6783), slower, same addresses")
        default:
            return Encapsulation(kind: "none", device: nil, outerProtocol: nil, outerPort: nil, outerSrc: nil, outerDst: nil,
                                 overhead: 0, podMTU: base, note: "no encapsulation: pod packets travel as they are, routed between nodes")
        }
    }

    /// Everything built on one node; nil when there is no such node.
    public static func node(_ cluster: Cluster, named name: String) -> NodeNetwork? {
        guard let node = cluster.node(named: name) else { return nil }
        let cni = cluster.network.cni
        let pods = cluster.pods(onNode: name).compactMap { attachment(cluster, pod: $0) }
        var notes: [String] = []
        if !InterfaceNames.hostVethIsExact(plugin: cni.plugin) {
            notes.append("host veth names are random on a real node (\(cni.plugin == "weave" ? "vethwepl + container id" : "veth + 8 random hex digits")); kubewalk derives stable ones from the pod's name")
        }
        notes.append("network namespace names (cni-<uuid>) are random on a real node; kubewalk derives stable ones")
        let gateway = cluster.podGateway(onNode: name)
        var bridgeAddress: String?
        if let gateway, InterfaceNames.bridge(cni) != nil {
            let len = cni.ipam == "weave" ? ((cni.ipRange ?? IPPrefix("10.32.0.0/12"))?.length ?? 12) : (node.podCIDRs.first?.length ?? 24)
            bridgeAddress = "\(gateway)/\(len)"
        }
        var overlayAddress: String?
        if cni.encapsulation == "vxlan", cni.plugin != "calico", let net = node.podCIDRs.first?.network { overlayAddress = "\(net)/32" }
        if cni.encapsulation == "ipip", let gw = node.podCIDRs.first?.network { overlayAddress = "\(gw)/32" }
        var ipvs: [IPAddress] = []
        if cluster.network.kubeProxy.mode == "ipvs" {
            var seen = Set<IPAddress>()
            for svc in cluster.services where !svc.isHeadless && svc.type != .ExternalName {
                for ip in svc.clusterIPs + svc.externalIPs + svc.loadBalancerVIPs where seen.insert(ip).inserted { ipvs.append(ip) }
            }
            ipvs.sort()
            notes.append("kube-proxy ipvs mode binds every Service address to the kube-ipvs0 dummy interface (arp_ignore keeps the node from answering ARP for them)")
        }
        var result = NodeNetwork(node: name, nodeIP: node.internalIP, plugin: cni.plugin, bridge: InterfaceNames.bridge(cni),
                           bridgeAddress: bridgeAddress, overlayDevice: InterfaceNames.overlayDevice(cni), overlayAddress: overlayAddress,
                           routes: routes(cluster, node: node, pods: pods), cniConfigPath: CNIConfig.path(cni),
                           cniConfig: CNIConfig.conflist(cluster, node: node), cniBinaries: CNIConfig.binaries(cni),
                           ipam: ipam(cluster, node: node), pods: pods, encapsulation: encapsulation(cluster, from: nil, to: nil), notes: notes)
        result.ipvsAddresses = ipvs
        return result
    }
}
