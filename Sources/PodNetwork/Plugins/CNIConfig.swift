import ClusterModel
import NetCore

/// The CNI configuration kubelet's container runtime reads from `/etc/cni/net.d` (the
/// first file in lexical order wins) and the plugin executables in `/opt/cni/bin`, per the
/// CNI spec (`*.conflist`: `cniVersion`, `name`, `plugins[]`). The JSON is what each
/// project's installer writes by default (flannel's kube-flannel.yml `cni-conf.json`,
/// weave's `10-weave.conflist`, calico's `10-calico.conflist`).
public enum CNIConfig {
    public static func path(_ cni: ClusterNetwork.CNI) -> String {
        switch cni.plugin {
        case "flannel": return "/etc/cni/net.d/10-flannel.conflist"
        case "weave": return "/etc/cni/net.d/10-weave.conflist"
        case "calico": return "/etc/cni/net.d/10-calico.conflist"
        default: return "/etc/cni/net.d/10-bridge.conflist"
        }
    }

    public static func networkName(_ cni: ClusterNetwork.CNI) -> String {
        switch cni.plugin {
        case "flannel": return "cbr0"
        case "weave": return "weave"
        case "calico": return "k8s-pod-network"
        default: return "kubewalk-bridge"
        }
    }

    /// The conflist's JSON text on `node`.
    public static func conflist(_ cluster: Cluster, node: ClusterNode) -> String {
        let cni = cluster.network.cni
        let portmap = #"    { "type": "portmap", "capabilities": { "portMappings": true }, "snat": true }"#
        switch cni.plugin {
        case "flannel":
            return """
            {
              "name": "cbr0",
              "cniVersion": "0.3.1",
              "plugins": [
                { "type": "flannel", "delegate": { "hairpinMode": true, "isDefaultGateway": true } },
            \(portmap)
              ]
            }
            """
        case "weave":
            return """
            {
              "cniVersion": "0.3.0",
              "name": "weave",
              "plugins": [
                { "name": "weave", "type": "weave-net", "hairpinMode": true },
            \(portmap)
              ]
            }
            """
        case "calico":
            let ipam = cni.ipam == "host-local"
                ? #"{ "type": "host-local", "subnet": "usePodCidr" }"#
                : #"{ "type": "calico-ipam" }"#
            return """
            {
              "name": "k8s-pod-network",
              "cniVersion": "0.3.1",
              "plugins": [
                { "type": "calico", "datastore_type": "kubernetes", "mtu": \(PodNetwork.encapsulation(cluster, from: nil, to: nil).podMTU),
                  "ipam": \(ipam), "policy": { "type": "k8s" },
                  "kubernetes": { "kubeconfig": "/etc/cni/net.d/calico-kubeconfig" } },
            \(portmap)
              ]
            }
            """
        default:
            let subnet = node.podCIDRs.first?.description ?? "?"
            let gw = cluster.podGateway(onNode: node.name)?.description ?? "?"
            return """
            {
              "cniVersion": "1.0.0",
              "name": "kubewalk-bridge",
              "plugins": [
                { "type": "bridge", "bridge": "\(InterfaceNames.bridge(cni) ?? "cni0")", "isGateway": true, "ipMasq": false, "hairpinMode": true,
                  "mtu": \(cni.mtu),
                  "ipam": { "type": "host-local", "ranges": [[{ "subnet": "\(subnet)", "gateway": "\(gw)" }]], "routes": [{ "dst": "0.0.0.0/0" }] } },
            \(portmap)
              ]
            }
            """
        }
    }

    /// `ls /opt/cni/bin`: the reference plugins (containernetworking/plugins) plus the
    /// plugin's own binaries.
    public static func binaries(_ cni: ClusterNetwork.CNI) -> [String] {
        var bins = ["bandwidth", "bridge", "dhcp", "dummy", "firewall", "host-device", "host-local", "ipvlan", "loopback",
                    "macvlan", "portmap", "ptp", "sbr", "static", "tap", "tuning", "vlan", "vrf"]
        switch cni.plugin {
        case "flannel": bins.append("flannel")
        case "weave": bins += ["weave-ipam", "weave-net"]
        case "calico": bins += ["calico", "calico-ipam"]
        default: break
        }
        return bins.sorted()
    }
}
