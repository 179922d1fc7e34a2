import ClusterModel
import NetCore

/// A routing decision on a node for one destination: the route `ip route get` would pick
/// (longest prefix match) and what it means for the packet.
public struct RouteDecision: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable {
        /// Onto the local bridge (a pod of this node).
        case localBridge = "local-bridge"
        /// A /32 route to a local pod's veth (calico).
        case localPod = "local-pod"
        /// To another node, unencapsulated, via its address on the underlay.
        case remoteNode = "remote-node"
        /// To another node through the overlay device (encapsulated).
        case overlay
        /// To another node's own address (the underlay).
        case nodeAddress = "node-address"
        /// The destination is this node.
        case local
        /// Nothing in the cluster routes it: the node's default route takes it out of the cluster.
        case noRoute = "no-route"
    }
    public var kind: Kind
    public var route: Route?
    public var egressDevice: String?
    /// The address MASQUERADE would pick (the egress interface's primary address).
    public var egressAddress: IPAddress?
    /// The node the packet goes to next, when it leaves this one.
    public var toNode: String?
    public var encapsulation: Encapsulation?
    public var explanation: String
}

extension PodNetwork {
    /// The node's routing table as `ip route` prints it (kernel's order: by prefix, then the rest).
    static func routes(_ cluster: Cluster, node: ClusterNode, pods: [PodAttachment]) -> [Route] {
        let cni = cluster.network.cni
        var out: [Route] = []
        if let ip = node.internalIP {
            out.append(Route(prefix: IPPrefix(address: ip, length: 24).canonical, dev: "eth0", proto: "kernel", scope: "link", src: ip,
                             purpose: "the node network (assumed /24: node objects do not carry the subnet)"))
        }
        if cni.plugin == "weave" {
            if let range = (cni.ipRange ?? IPPrefix("10.32.0.0/12"))?.canonical {
                out.append(Route(prefix: range, dev: "weave", proto: "kernel", scope: "link", src: cluster.podGateway(onNode: node.name),
                                 purpose: "weave's whole range is one L2 network on the weave bridge; the weave router carries frames for other peers' addresses"))
            }
            return out.sorted { ($0.prefix?.network ?? $1.prefix?.network ?? .v4(IPv4Address(0))) < ($1.prefix?.network ?? .v4(IPv4Address(0))) }
        }
        let own = node.podCIDRs.first
        if cni.plugin == "calico" {
            if let own { out.append(Route(prefix: own, type: "blackhole", proto: "bird", purpose: "calico's block for this node: addresses without a pod are dropped here")) }
            for p in pods {
                out.append(Route(prefix: IPPrefix(address: p.ip, length: 32), dev: p.hostVeth, scope: "link", purpose: "pod \(p.namespace)/\(p.pod): calico routes each pod to its veth"))
            }
        } else if let own, let gw = cluster.podGateway(onNode: node.name) {
            out.append(Route(prefix: own, dev: InterfaceNames.bridge(cni), proto: "kernel", scope: "link", src: gw, purpose: "this node's own pod range, on the bridge"))
        }
        for other in cluster.nodes where other.name != node.name {
            guard let cidr = other.podCIDRs.first else { continue }
            switch cni.encapsulation {
            case "vxlan" where cni.plugin != "calico":
                out.append(Route(prefix: cidr, via: cidr.network, dev: "flannel.1", onlink: true,
                                 purpose: "\(other.name)'s pod range through the VXLAN device; flanneld installs the neighbour and FDB entries for \(other.internalIP.map(\.description) ?? "?")"))
            case "vxlan":
                out.append(Route(prefix: cidr, via: other.internalIP, dev: "vxlan.calico", proto: "bird", onlink: true, purpose: "\(other.name)'s pod block through calico's VXLAN device"))
            case "ipip":
                out.append(Route(prefix: cidr, via: other.internalIP, dev: "tunl0", proto: "bird", onlink: true,
                                 purpose: "\(other.name)'s pod block, learnt over BGP, through the IP-in-IP tunnel"))
            default:
                out.append(Route(prefix: cidr, via: other.internalIP, dev: "eth0", proto: cni.plugin == "calico" ? "bird" : nil,
                                 purpose: "\(other.name)'s pod range via that node's address (a static route, or one the cloud's router holds)"))
            }
        }
        // `ip route` walks the FIB trie: default first, then by destination address, shorter prefix first.
        return out.sorted { a, b in
            guard let pa = a.prefix else { return b.prefix != nil }
            guard let pb = b.prefix else { return false }
            if pa.network != pb.network { return pa.network < pb.network }
            return pa.length < pb.length
        }
    }

    /// `ip route get DST` on `node`: the route chosen and what it means.
    public static func lookup(_ cluster: Cluster, fromNode name: String, destination: IPAddress) -> RouteDecision {
        guard let node = cluster.node(named: name) else {
            return RouteDecision(kind: .noRoute, explanation: "node \(name) is not in the cluster")
        }
        if node.ipAddresses.contains(destination) {
            return RouteDecision(kind: .local, egressDevice: "lo", egressAddress: destination, explanation: "\(destination) is this node's own address (local table)")
        }
        let cni = cluster.network.cni
        let pods = cni.plugin == "calico" ? cluster.pods(onNode: name).compactMap { attachment(cluster, pod: $0) } : []
        let table = routes(cluster, node: node, pods: pods)
        let best = table.filter { $0.prefix?.contains(destination) ?? false }.max { ($0.prefix?.length ?? 0) < ($1.prefix?.length ?? 0) }
        if let other = cluster.node(withIP: destination) {
            return RouteDecision(kind: .nodeAddress, route: best, egressDevice: "eth0", egressAddress: node.internalIP, toNode: other.name,
                                 explanation: "\(destination) is node \(other.name)'s address, on the node network")
        }
        guard let route = best else {
            return RouteDecision(kind: .noRoute, egressDevice: "eth0", egressAddress: node.internalIP,
                                 explanation: "no route in the cluster covers \(destination); the node's default route sends it out of the cluster")
        }
        let gw = cluster.podGateway(onNode: name)
        if route.type == "blackhole" {
            return RouteDecision(kind: .noRoute, route: route, explanation: "\(destination) is in this node's calico block but no pod has it: the blackhole route drops it")
        }
        if cni.plugin == "weave" {
            let owner = owningNode(cluster, of: destination)
            if let owner, owner.name != name {
                let encap = encapsulation(cluster, from: node, to: owner)
                return RouteDecision(kind: .overlay, route: route, egressDevice: "weave", egressAddress: gw, toNode: owner.name, encapsulation: encap,
                                     explanation: "\(destination) is in \(owner.name)'s share of weave's range: the weave router on this node sends the frame to its peer there")
            }
            return RouteDecision(kind: .localBridge, route: route, egressDevice: "weave", egressAddress: gw,
                                 explanation: "\(destination) is in this node's share of weave's range, on the weave bridge")
        }
        if route.dev == InterfaceNames.bridge(cni) {
            return RouteDecision(kind: .localBridge, route: route, egressDevice: route.dev, egressAddress: gw,
                                 explanation: "\(route.text): \(destination) is in this node's own pod range, on the bridge")
        }
        if let dev = route.dev, dev.hasPrefix("cali") {
            return RouteDecision(kind: .localPod, route: route, egressDevice: dev, egressAddress: node.internalIP,
                                 explanation: "\(route.text): a pod of this node, routed straight to its veth")
        }
        let owner = owningNode(cluster, of: destination)
        if let dev = route.dev, dev == "flannel.1" || dev == "tunl0" || dev == "vxlan.calico" {
            let encap = encapsulation(cluster, from: node, to: owner)
            let devAddress = dev == "flannel.1" || dev == "tunl0" ? node.podCIDRs.first?.network : node.internalIP
            return RouteDecision(kind: .overlay, route: route, egressDevice: dev, egressAddress: devAddress, toNode: owner?.name, encapsulation: encap,
                                 explanation: "\(route.text): \(owner?.name ?? "another node")'s pod range, through the overlay device \(dev)")
        }
        if route.via != nil, let owner {
            return RouteDecision(kind: .remoteNode, route: route, egressDevice: route.dev, egressAddress: node.internalIP, toNode: owner.name,
                                 explanation: "\(route.text): \(owner.name)'s pod range, sent as is to that node's address")
        }
        return RouteDecision(kind: .noRoute, route: route, egressDevice: route.dev, egressAddress: node.internalIP,
                             explanation: "\(route.text): on the node network, but no node or pod owns \(destination)")
    }
}
