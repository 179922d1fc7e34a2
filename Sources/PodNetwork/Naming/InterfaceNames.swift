import ClusterModel
import NetCore

/// The names a CNI plugin and the container runtime give to a pod's network pieces.
///
/// - bridge (and flannel, which delegates to bridge): the CNI plugins' `ip.RandomVethName`
///   gives `veth` + 8 hex digits from 4 random bytes. Random on a real node; kubewalk
///   derives the bytes from SHA-256 of the pod's sandbox id so the name is stable.
/// - calico: `VethNameForWorkload` is `cali` + the first 11 hex digits of SHA-1 of
///   `namespace.pod` — exact, the same name a real node shows.
/// - weave-net's CNI plugin: `vethwepl` + the first 7 characters of the container id;
///   kubewalk's sandbox ids are derived, so the suffix is too.
/// - containerd's network namespace: `/var/run/netns/cni-<uuid>` with a random UUID;
///   kubewalk derives a UUID-shaped name from the sandbox id.
public enum InterfaceNames {
    /// kubewalk's stand-in for the pod sandbox's container id (64 hex digits, like containerd's).
    public static func sandboxID(namespace: String, pod: String) -> String {
        SHA256.hex(Array("sandbox/\(namespace)/\(pod)".utf8))
    }

    /// The host end of the pod's veth pair, as the configured plugin names it.
    public static func hostVeth(plugin: String, namespace: String, pod: String) -> String {
        switch plugin {
        case "calico":
            return "cali" + String(_SHA1.hex(_SHA1.hash(Array("\(namespace).\(pod)".utf8))).prefix(11))
        case "weave":
            return "vethwepl" + String(sandboxID(namespace: namespace, pod: pod).prefix(7))
        default:
            return "veth" + String(SHA256.hex(Array("veth/\(namespace)/\(pod)".utf8)).prefix(8))
        }
    }

    /// Whether the host veth name is exactly what the real plugin would print.
    public static func hostVethIsExact(plugin: String) -> Bool { plugin == "calico" }

    /// `cni-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, the netns containerd creates.
    public static func netns(namespace: String, pod: String) -> String {
        let h = Array(SHA256.hex(Array("netns/\(namespace)/\(pod)".utf8)))
        func part(_ a: Int, _ b: Int) -> String { String(h[a..<b]) }
        return "cni-\(part(0, 8))-\(part(8, 12))-\(part(12, 16))-\(part(16, 20))-\(part(20, 32))"
    }

    /// The node-level bridge the plugin attaches pods to, or nil when pods are routed (calico).
    public static func bridge(_ cni: ClusterNetwork.CNI) -> String? {
        switch cni.plugin {
        case "calico": return nil
        case "weave": return "weave"
        default: return cni.bridge.isEmpty ? "cni0" : cni.bridge
        }
    }

    /// The overlay device that carries traffic to other nodes, if the encapsulation has one.
    public static func overlayDevice(_ cni: ClusterNetwork.CNI) -> String? {
        switch cni.encapsulation {
        case "vxlan": return cni.plugin == "calico" ? "vxlan.calico" : "flannel.1"
        case "ipip": return "tunl0"
        case "weave": return "vxlan-6784"
        default: return nil
        }
    }
}
