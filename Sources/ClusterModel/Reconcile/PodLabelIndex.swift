/// Pods by namespace and by `key=value` label, so matching a selector against 150,000 pods
/// costs the size of its smallest posting list rather than a scan of every pod (what the
/// API server's label index and the controllers' informer caches do).
struct PodLabelIndex {
    private var byNamespace: [String: [Int]] = [:]
    private var byLabel: [String: [Int]] = [:]
    private let pods: [Pod]

    init(_ pods: [Pod], where include: (Pod) -> Bool = { _ in true }) {
        self.pods = pods
        for (i, p) in pods.enumerated() where include(p) {
            byNamespace[p.namespace, default: []].append(i)
            for (k, v) in p.meta.labels { byLabel[Self.key(p.namespace, k, v), default: []].append(i) }
        }
    }

    private static func key(_ ns: String, _ k: String, _ v: String) -> String { "\(ns)\u{0}\(k)=\(v)" }

    /// Indexes (into the pods given at init) of the pods in `namespace` with every label of `selector`,
    /// in input order. An empty selector matches every pod of the namespace.
    func matching(namespace: String, selector: [String: String]) -> [Int] {
        guard !selector.isEmpty else { return byNamespace[namespace] ?? [] }
        var best: [Int]? = nil
        for (k, v) in selector {
            let list = byLabel[Self.key(namespace, k, v)] ?? []
            if best == nil || list.count < (best?.count ?? 0) { best = list }
            if list.isEmpty { return [] }
        }
        return (best ?? []).filter { i in selector.allSatisfy { pods[i].meta.labels[$0.key] == $0.value } }
    }

    /// The same for a full label selector (matchLabels narrows; matchExpressions filter).
    func matching(namespace: String, selector: LabelSelector) -> [Int] {
        matching(namespace: namespace, selector: selector.matchLabels).filter { selector.matches(pods[$0].meta.labels) }
    }

    func pod(_ i: Int) -> Pod { pods[i] }
}
