import ClusterDNS
import ClusterModel
import Explorer
import KubeProxy
import PacketPath
import Synchronization

/// What the explorer's engines derive from one loaded cluster, built on first use and kept
/// with that cluster (`LoadedCluster.engineState`): the trace engines, ClusterDNS's engine
/// (it indexes the cluster and parses the Corefile), kube-proxy's rules per node (generated
/// once, only for the nodes someone looks at, and shared by the trace, `:dns` and the
/// Service details), and the Detail lines of each object described (the Detail pane is
/// drawn on every frame). A reloaded cluster gets a new one.
final class ExplorerClusterCache: Sendable {
    let model: Cluster
    private let traceEngines = Mutex<TraceEngines?>(nil)
    private let dnsEngine = Mutex<ClusterDNSEngine?>(nil)
    /// kube-proxy's rules per node, shared by the trace, `:dns` and the Service details.
    private let kubeProxyRules: NodeRulesCache
    private let nodeRules = Mutex<[String: Result<ServiceRuleIndex, KubeProxyError>]>([:])
    private let descriptions = Mutex<[String: Result<[String], EngineError>]>([:])

    init(model: Cluster) {
        self.model = model
        kubeProxyRules = NodeRulesCache(cluster: model)
    }

    /// The cache kept with `loaded`, or (for a cluster made without one, as UI tests do) a
    /// new one that lives for this call only.
    static func of(_ loaded: LoadedCluster, _ model: Cluster) -> ExplorerClusterCache {
        (loaded.engineState as? ExplorerClusterCache) ?? ExplorerClusterCache(model: model)
    }

    /// `TraceEngines.standard(for:)`, built once.
    var trace: TraceEngines {
        once(traceEngines) { TraceEngines.standard(for: model, rules: kubeProxyRules) }
    }

    /// ClusterDNS's engine, built once.
    var dns: ClusterDNSEngine {
        once(dnsEngine) { DNSCommand.engine(for: model, rules: kubeProxyRules) }
    }

    /// kube-proxy's rules on `node`, indexed by Service, generated the first time they are asked for.
    func rules(onNode node: String) -> Result<ServiceRuleIndex, KubeProxyError> {
        if let hit = nodeRules.withLock({ $0[node] }) { return hit }
        let built = kubeProxyRules.result(forNode: node).map(ServiceRuleIndex.init)
        nodeRules.withLock { $0[node] = built }
        return built
    }

    /// The Detail lines for `key`, computed once.
    func description(_ key: String, _ make: () -> Result<[String], EngineError>) -> Result<[String], EngineError> {
        if let hit = descriptions.withLock({ $0[key] }) { return hit }
        let made = make()
        descriptions.withLock { $0[key] = made }
        return made
    }

    /// Builds outside the lock (a build can take a while; two racing builds give equal values).
    private func once<T: Sendable>(_ box: borrowing Mutex<T?>, _ make: () -> T) -> T {
        if let hit = box.withLock({ $0 }) { return hit }
        let made = make()
        box.withLock { $0 = made }
        return made
    }
}
