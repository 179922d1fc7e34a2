import NetCore

/// Fills in what a control plane would, and only what the input leaves out
/// (`reference/input-format.md`, "What the reconciler fills in"):
/// controller pods, scheduling, node podCIDRs, pod IPs, ClusterIPs, nodePorts and
/// EndpointSlices. Deterministic: names and addresses derive from the input by hashing,
/// never from a clock or a random source.
///
/// A real cluster's dump already carries all of these, so reconciling it changes nothing;
/// when it has no ClusterNetwork document, the ranges are inferred from its addresses.
enum Reconciler {
    static func reconcile(_ cluster: inout Cluster) {
        inferRanges(&cluster)
        addImplicitNamespaces(&cluster)
        expandWorkloads(&cluster)
        scheduleUnscheduledPods(&cluster)
        assignNodePodCIDRs(&cluster)
        assignPodIPs(&cluster)
        assignClusterIPs(&cluster)
        assignNodePorts(&cluster)
        buildEndpointSlices(&cluster)
        sortObjects(&cluster)
    }

    /// With no ClusterNetwork document, ranges come from the addresses objects already
    /// carry (a dump of EKS, GKE, kind…); kubeadm's defaults apply only when there are none.
    ///
    /// Inference applies to what the API server wrote (objects with a `metadata.uid`):
    /// hand-written manifests without a ClusterNetwork document keep kubeadm's ranges, so a
    /// ClusterIP typed outside 10.96.0.0/12 is still reported.
    static func inferRanges(_ cluster: inout Cluster) {
        guard !cluster.hasClusterNetworkDocument, isDump(cluster) else { return }
        let clusterIPs = cluster.services.flatMap(\.clusterIPs).filter { $0.family == .ipv4 }
        if let covering = coveringPrefix(clusterIPs, widestLength: 12, narrowestLength: 16) {
            cluster.network.serviceCIDR = covering
            cluster.network.provenance["serviceCIDR"] = .inferred("smallest range covering the \(clusterIPs.count) ClusterIPs in the input")
        }
        if let dns = cluster.services.first(where: { $0.namespace == "kube-system" && $0.name == "kube-dns" })?.clusterIP {
            cluster.network.dnsServiceIP = dns
            cluster.network.provenance["dnsServiceIP"] = .inferred("the kube-dns Service's ClusterIP")
        } else if cluster.network.isInferred("serviceCIDR"), let tenth = cluster.network.serviceCIDR.address(at: 10) {
            cluster.network.dnsServiceIP = tenth
            cluster.network.provenance["dnsServiceIP"] = .inferred("tenth address of the inferred service range")
        }
        let nodeCIDRs = cluster.nodes.flatMap(\.podCIDRs).filter { $0.family == .ipv4 }
        let podIPs = cluster.pods.filter { !$0.spec.hostNetwork }.flatMap(\.podIPs).filter { $0.family == .ipv4 }
        let evidence = nodeCIDRs.map(\.network) + nodeCIDRs.compactMap { $0.address(at: ($0.size ?? 1) - 1) } + podIPs
        if let covering = coveringPrefix(evidence, widestLength: 8, narrowestLength: 16) {
            cluster.network.podCIDR = covering
            cluster.network.provenance["podCIDR"] = .inferred("smallest range covering the \(nodeCIDRs.isEmpty ? "\(podIPs.count) pod IPs" : "nodes' podCIDRs and pod IPs")")
            if let mask = nodeCIDRs.first?.length { cluster.network.nodeCIDRMaskSize = mask; cluster.network.provenance["nodeCIDRMaskSize"] = .inferred("the nodes' podCIDRs") }
            if case .configMap = cluster.network.source(of: "kubeProxy") {} else {
                cluster.network.kubeProxy.clusterCIDR = covering
                cluster.network.provenance["kubeProxy"] = .inferred("clusterCIDR taken from the inferred pod range")
            }
        }
    }

    /// Whether the input is (mostly) a dump of a live cluster: objects carrying the uid the
    /// API server assigns. Then the control plane's settings are unknown and are inferred,
    /// and checks that depend on them (IPAM, NodePort range) are not raised as errors.
    static func isDump(_ c: Cluster) -> Bool {
        !c.hasClusterNetworkDocument && (c.pods.contains { $0.meta.uid != nil } || c.services.contains { $0.meta.uid != nil } || c.nodes.contains { $0.meta.uid != nil })
    }

    /// The smallest IPv4 prefix holding every address, no wider than /`widestLength`
    /// and no narrower than /`narrowestLength`; nil without addresses.
    static func coveringPrefix(_ ips: [IPAddress], widestLength: Int, narrowestLength: Int) -> IPPrefix? {
        let values = ips.compactMap { $0.v4?.value }
        guard let lo = values.min(), let hi = values.max() else { return nil }
        var length = 32
        while length > 0 && (lo >> UInt32(32 - length)) != (hi >> UInt32(32 - length)) { length -= 1 }
        length = min(length, narrowestLength)
        if length < widestLength { length = max(length, 0) }
        return IPPrefix(address: .v4(IPv4Address(lo)), length: length).canonical
    }

    static func addImplicitNamespaces(_ cluster: inout Cluster) {
        var names = Set(cluster.namespaces.map(\.name))
        var implicit: [String] = []
        let used = cluster.pods.map(\.namespace) + cluster.services.map(\.namespace) + cluster.workloads.compactMap(\.meta.namespace)
            + cluster.ingresses.map(\.namespace) + cluster.gateways.map(\.namespace) + cluster.httpRoutes.map(\.namespace)
            + cluster.configMaps.compactMap(\.meta.namespace) + cluster.endpointSlices.map(\.namespace) + ["default"]
        for ns in used where !names.contains(ns) {
            names.insert(ns)
            implicit.append(ns)
        }
        for ns in implicit.sorted() {
            cluster.namespaces.append(Namespace(meta: ObjectMeta(name: ns, createdBy: "implicit: named by objects in the input"), declared: false))
        }
    }

    static func sortObjects(_ c: inout Cluster) {
        c.namespaces.sort { $0.name < $1.name }
        c.nodes.sort { $0.name < $1.name }
        c.pods.sort { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
        c.services.sort { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
        c.endpointSlices.sort { ($0.namespace, $0.meta.name) < ($1.namespace, $1.meta.name) }
        c.ingresses.sort { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
        c.ingressClasses.sort { $0.name < $1.name }
        c.gatewayClasses.sort { $0.name < $1.name }
        c.gateways.sort { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
        c.httpRoutes.sort { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
        c.configMaps.sort { ($0.meta.namespace ?? "", $0.meta.name) < ($1.meta.namespace ?? "", $1.meta.name) }
        c.workloads.sort { ($0.meta.namespace ?? "", $0.kind, $0.meta.name) < ($1.meta.namespace ?? "", $1.kind, $1.meta.name) }
    }

    /// Kubernetes' "safe" alphabet for generated name suffixes (no vowels, no look-alikes).
    static let safeAlphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    /// A deterministic suffix of `length` characters from `seed`.
    static func suffix(_ seed: String, length: Int) -> String {
        let digest = SHA256.hash(Array(seed.utf8))
        return String((0..<length).map { safeAlphabet[Int(digest[$0 % digest.count]) % safeAlphabet.count] })
    }

    /// A deterministic 64-bit number from `seed`.
    static func number(_ seed: String) -> UInt64 {
        SHA256.hash(Array(seed.utf8)).prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }
}
