import NetCore

extension Reconciler {
    /// Creates the pods each controller would, unless its pods are already in the input
    /// (a dump of a real cluster lists them; then nothing is added).
    ///
    /// Names follow the controllers: Deployment `NAME-<pod-template-hash>-<5>`,
    /// ReplicaSet `NAME-<5>`, StatefulSet `NAME-0…N-1` (with `hostname` = pod name and
    /// `subdomain` = `serviceName`), DaemonSet `NAME-<5>` on every node it tolerates.
    static func expandWorkloads(_ cluster: inout Cluster) {
        let existing = PodLabelIndex(cluster.pods)
        let ownedReplicaSets = Set(cluster.workloads.filter { $0.kind == "ReplicaSet" && $0.meta.ownerReferences.contains { $0.kind == "Deployment" } }
            .map { "\($0.meta.namespace ?? "default")/\($0.meta.name)" })
        var created: [Pod] = []
        let nodesByName = cluster.nodes.sorted { $0.name < $1.name }
        for w in cluster.workloads.sorted(by: { ($0.meta.namespace ?? "", $0.kind, $0.meta.name) < ($1.meta.namespace ?? "", $1.kind, $1.meta.name) }) {
            let ns = w.meta.namespace ?? "default"
            if w.kind == "ReplicaSet" && ownedReplicaSets.contains("\(ns)/\(w.meta.name)") { continue }
            let alreadyThere = !w.selector.isEmpty && !existing.matching(namespace: ns, selector: w.selector).isEmpty
            if alreadyThere { continue }
            let templateSeed = "\(ns)/\(w.kind)/\(w.meta.name)/\(w.template.containers.map { "\($0.name)=\($0.image ?? "")" }.joined(separator: ","))"
            func makePod(name: String, extraLabels: [String: String], nodeName: String?, hostname: String?, subdomain: String?) -> Pod {
                var spec = w.template
                if let nodeName { spec.nodeName = nodeName }
                if let hostname, spec.hostname == nil { spec.hostname = hostname }
                if let subdomain, spec.subdomain == nil { spec.subdomain = subdomain }
                var labels = w.templateLabels
                for (k, v) in extraLabels { labels[k] = v }
                let owner = OwnerReference(kind: w.kind == "Deployment" ? "ReplicaSet" : w.kind,
                                           name: w.kind == "Deployment" ? "\(w.meta.name)-\(extraLabels["pod-template-hash"] ?? "")" : w.meta.name)
                let meta = ObjectMeta(name: name, namespace: ns, labels: labels, annotations: w.templateAnnotations,
                                      ownerReferences: [owner], createdBy: "\(w.kind) \(ns)/\(w.meta.name)",
                                      filledIn: ["metadata.name", "spec.nodeName", "status.podIP"])
                return Pod(meta: meta, spec: spec, phase: "Running", ready: true)
            }
            switch w.kind {
            case "Deployment":
                let hash = suffix(templateSeed, length: 10)
                for i in 0..<w.replicas {
                    created.append(makePod(name: "\(w.meta.name)-\(hash)-\(suffix("\(templateSeed)#\(i)", length: 5))",
                                           extraLabels: ["pod-template-hash": hash], nodeName: nil, hostname: nil, subdomain: nil))
                }
            case "ReplicaSet":
                for i in 0..<w.replicas {
                    created.append(makePod(name: "\(w.meta.name)-\(suffix("\(templateSeed)#\(i)", length: 5))", extraLabels: [:], nodeName: nil, hostname: nil, subdomain: nil))
                }
            case "StatefulSet":
                for i in 0..<w.replicas {
                    let name = "\(w.meta.name)-\(i)"
                    created.append(makePod(name: name, extraLabels: ["statefulset.kubernetes.io/pod-name": name, "apps.kubernetes.io/pod-index": "\(i)"],
                                           nodeName: nil, hostname: name, subdomain: w.serviceName))
                }
            case "DaemonSet":
                // The DaemonSet controller adds a toleration of node.kubernetes.io/unschedulable,
                // so a cordoned node still runs its daemons; taints still apply.
                var cordonProof = w.template
                cordonProof.tolerations.append("node.kubernetes.io/unschedulable")
                for node in nodesByName where tolerates(cordonProof, node, cordonedAllowed: true) && nodeSelectorMatches(w.template, node) {
                    created.append(makePod(name: "\(w.meta.name)-\(suffix("\(templateSeed)@\(node.name)", length: 5))", extraLabels: [:],
                                           nodeName: node.name, hostname: nil, subdomain: nil))
                }
            default: break
            }
        }
        cluster.pods += created
    }

    /// Whether a pod with `spec`'s tolerations may run on `node` (NoSchedule/NoExecute taints).
    static func tolerates(_ spec: PodSpec, _ node: ClusterNode, cordonedAllowed: Bool = false) -> Bool {
        if node.unschedulable && !cordonedAllowed && !spec.tolerations.contains("") { return false }
        for taint in node.taints where taint.effect == "NoSchedule" || taint.effect == "NoExecute" {
            if !spec.tolerations.contains("") && !spec.tolerations.contains(taint.key) { return false }
        }
        return true
    }

    static func nodeSelectorMatches(_ spec: PodSpec, _ node: ClusterNode) -> Bool {
        spec.nodeSelector.allSatisfy { node.meta.labels[$0.key] == $0.value }
    }

    /// Places pods without `spec.nodeName` the way the default scheduler spreads a
    /// workload: on the eligible node with the fewest pods, ties broken by node name.
    static func scheduleUnscheduledPods(_ cluster: inout Cluster) {
        guard !cluster.nodes.isEmpty else { return }
        let nodes = cluster.nodes.sorted { $0.name < $1.name }
        var load: [String: Int] = [:]
        for p in cluster.pods { if let n = p.spec.nodeName { load[n, default: 0] += 1 } }
        let order = cluster.pods.indices.sorted { (cluster.pods[$0].namespace, cluster.pods[$0].name) < (cluster.pods[$1].namespace, cluster.pods[$1].name) }
        for i in order where cluster.pods[i].spec.nodeName == nil {
            // A pod whose status the input gives (a dump) is left as it is: a Pending pod
            // without a node is one the scheduler could not place, not one to place here.
            if cluster.pods[i].meta.location != nil && (!cluster.pods[i].podIPs.isEmpty || cluster.pods[i].phase != "Running") { continue }
            let eligible = nodes.filter { tolerates(cluster.pods[i].spec, $0) && nodeSelectorMatches(cluster.pods[i].spec, $0) }
            guard let best = eligible.min(by: { (load[$0.name] ?? 0, $0.name) < (load[$1.name] ?? 0, $1.name) }) else { continue }
            cluster.pods[i].spec.nodeName = best.name
            load[best.name, default: 0] += 1
            if !cluster.pods[i].meta.filledIn.contains("spec.nodeName") { cluster.pods[i].meta.filledIn.append("spec.nodeName") }
        }
    }
}
