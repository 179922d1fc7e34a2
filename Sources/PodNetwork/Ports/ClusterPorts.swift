import ClusterModel
import NetCore

/// A port a cluster component listens on, on one node, and who can reach it.
///
/// From "Ports and Protocols" (kubernetes.io/docs/reference/networking/ports-and-protocols)
/// with kubeadm's bind addresses: kube-scheduler and kube-controller-manager serve on
/// 127.0.0.1 only; etcd's client port listens on 127.0.0.1 and the node address, its peer
/// port on the node address for the other control-plane members.
public struct ListeningPort: Hashable, Sendable, Codable {
    public var node: String
    public var component: String
    /// `6443`, or a range such as `30000-32767`.
    public var port: String
    public var proto: String
    /// The address it binds (`0.0.0.0`, `127.0.0.1`, the node address).
    public var bind: String
    /// Who it is for ("all nodes, pods and clients", "control-plane nodes", "this node only").
    public var reachableFrom: String
    /// Whether a request from a pod or an outside client can open a connection to it.
    public var reachableByRequests: Bool
    public var purpose: String
}

extension PodNetwork {
    /// Every node's listening ports, in node order then port order.
    public static func ports(_ cluster: Cluster) -> [ListeningPort] {
        cluster.nodes.flatMap { ports(cluster, node: $0) }
    }

    public static func ports(_ cluster: Cluster, node: ClusterNode) -> [ListeningPort] {
        let ip = node.internalIP?.description ?? "node address"
        let n = node.name
        var out: [ListeningPort] = []
        func add(_ c: String, _ p: String, _ proto: String, _ bind: String, _ from: String, _ reach: Bool, _ why: String) {
            out.append(ListeningPort(node: n, component: c, port: p, proto: proto, bind: bind, reachableFrom: from, reachableByRequests: reach, purpose: why))
        }
        if node.isControlPlane {
            add("kube-apiserver", "6443", "TCP", "0.0.0.0", "all nodes, pods and clients", true, "the Kubernetes API (TLS); kubectl, kubelets and controllers talk to it")
            add("etcd", "2379", "TCP", "127.0.0.1,\(ip)", "kube-apiserver (and etcd peers)", false, "etcd client API; only the API server should use it (mutual TLS)")
            add("etcd", "2380", "TCP", ip, "other control-plane nodes", false, "etcd peer traffic between control-plane members")
            add("etcd (metrics)", "2381", "TCP", "127.0.0.1", "this node only", false, "etcd's metrics and health, bound to localhost by kubeadm")
            add("kube-scheduler", "10259", "TCP", "127.0.0.1", "this node only", false, "the scheduler's metrics and health (HTTPS); kubeadm binds it to localhost")
            add("kube-controller-manager", "10257", "TCP", "127.0.0.1", "this node only", false, "the controller manager's metrics and health (HTTPS); kubeadm binds it to localhost")
        }
        add("kubelet", "10250", "TCP", "0.0.0.0", "the control plane (API server: logs, exec, port-forward)", true, "the kubelet API (authenticated)")
        add("kube-proxy", "10256", "TCP", "0.0.0.0", "load balancers' health checks", true, "kube-proxy's /healthz")
        let range = cluster.network.nodePortRange
        add("kube-proxy (NodePort Services)", "\(range.lower)-\(range.upper)", "TCP", "0.0.0.0", "all clients", true,
            "NodePort range: kube-proxy's KUBE-NODEPORTS rules catch these ports on every node address")
        for svc in cluster.services where svc.type == .NodePort || svc.type == .LoadBalancer {
            for p in svc.ports {
                guard let np = p.nodePort else { continue }
                add("NodePort \(svc.namespace)/\(svc.name):\(p.name ?? "\(p.port)")", "\(np)", p.proto.rawValue, "every node address", "all clients", true,
                    "kube-proxy's KUBE-NODEPORTS rule for Service port \(p.port) (no process listens; netfilter DNATs it)")
            }
        }
        switch cluster.network.cni.encapsulation {
        case "vxlan": add("flannel (kernel VXLAN)", cluster.network.cni.plugin == "calico" ? "4789" : "8472", "UDP", ip, "other nodes", false, "VXLAN overlay between nodes")
        case "weave":
            add("weave router", "6783", "TCP", ip, "other nodes", false, "weave control connection between peers")
            add("weave router (sleeve)", "6783", "UDP", ip, "other nodes", false, "weave sleeve mode data (fallback)")
            add("weave fast datapath", "6784", "UDP", ip, "other nodes", false, "weave fastdp VXLAN data between peers")
            add("weave (metrics)", "6781-6782", "TCP", "127.0.0.1", "this node only", false, "weave-npc and weave router metrics")
        case "ipip": add("calico BIRD (BGP)", "179", "TCP", ip, "other nodes", false, "BGP sessions that spread pod block routes")
        default: break
        }
        return out
    }
}
