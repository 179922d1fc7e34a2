import ClusterModel

/// The DNS checks `kubewalk validate` runs: a Corefile that does not load (an error, with
/// `file:line`), directives CoreDNS would not know (warnings), and kubelet's
/// `DNSConfigForming` events or API rejections for each pod's DNS settings (warnings).
public enum DNSValidation {
    public static func diagnostics(_ cluster: Cluster) -> [Diagnostic] {
        var out: [Diagnostic] = []
        switch CoreDNSConfig.load(cluster) {
        case .failure(let e):
            out.append(e.diagnostic)
        case .success(let config):
            let at = cluster.corefile?.location
            for b in config.blocks where !b.unknown.isEmpty {
                out.append(Diagnostic(.warning, "corefile-unknown-plugin", at: at,
                                      "Corefile block \(b.label): unknown directive\(b.unknown.count == 1 ? "" : "s") \(b.unknown.joined(separator: ", ")); real CoreDNS refuses to start with \"Unknown directive\"",
                                      fix: "remove the directive or build CoreDNS with that plugin"))
            }
        }
        for pod in cluster.pods {
            for w in KubeletDNS.resolvConf(for: pod, network: cluster.network).warnings {
                out.append(Diagnostic(.warning, "pod-dns-config", at: pod.meta.location, "pod \(pod.namespace)/\(pod.name): \(w)"))
            }
        }
        return out
    }
}
