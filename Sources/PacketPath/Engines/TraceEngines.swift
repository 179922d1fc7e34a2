import ClusterDNS
import ClusterModel
import KubeProxy
import L7Routing
import NetCore
import Synchronization

/// The engines a trace is composed of — **the one place where the real engines plug in**.
///
/// Each step of a request that another module models goes through one closure:
/// - `resolveName`: step 1, the stub resolver and CoreDNS (issue 4, ClusterDNS);
/// - `walkNetfilter`: step 4, kube-proxy's rules walked by the netfilter evaluator
///   (issue 3, KubeProxy + Netfilter);
/// - `routeHTTP`: step 7, ingress-nginx and Gateway API matching (issue 5, L7Routing).
///
/// `TraceEngines.fallback` holds PacketPath's own models (correct for the common cases;
/// every hop they decide carries a note naming the fallback). To use a real engine, set its
/// closure in `TraceEngines.standard` and `standard(for:)` below; nothing else in PacketPath changes.
public struct TraceEngines: Sendable {
    public var resolveName: @Sendable (Cluster, NameQuery) -> NameResolution
    public var walkNetfilter: @Sendable (Cluster, NetfilterQuery) -> NetfilterResult
    public var routeHTTP: @Sendable (Cluster, HTTPQuery) -> HTTPRouting

    public init(resolveName: @escaping @Sendable (Cluster, NameQuery) -> NameResolution,
                walkNetfilter: @escaping @Sendable (Cluster, NetfilterQuery) -> NetfilterResult,
                routeHTTP: @escaping @Sendable (Cluster, HTTPQuery) -> HTTPRouting) {
        self.resolveName = resolveName
        self.walkNetfilter = walkNetfilter
        self.routeHTTP = routeHTTP
    }

    /// PacketPath's built-in models.
    public static let fallback = TraceEngines(
        resolveName: { FallbackResolver.resolve($0, $1) },
        walkNetfilter: { FallbackKubeProxy.walk($0, $1) },
        routeHTTP: { FallbackHTTPRouter.route($0, $1) })

    /// The engines `kubewalk trace` and the explorer use.
    ///
    /// Wiring point: when ClusterDNS / KubeProxy+Netfilter / L7Routing land, replace the
    /// matching `fallback` closure here with an adapter to the real engine.
    ///
    /// Wired: `routeHTTP` → L7Routing (`L7Router`), `resolveName` → ClusterDNS
    /// (`ClusterDNSEngine`, pod sources, each query's DNAT walked through kube-proxy's rules by
    /// `KubeProxyDNAT`; node and outside sources keep the fallback),
    /// `walkNetfilter` → KubeProxy + Netfilter (`NetfilterAdapter`), each built per call here
    /// and once per cluster in `standard(for:)`.
    public static let standard = TraceEngines(
        resolveName: { cluster, query in
            ClusterDNSAdapter.resolve(ClusterDNSEngine(cluster: cluster, dnat: KubeProxyDNAT.provider(for: cluster)), cluster, query)
        },
        walkNetfilter: { cluster, query in
            NetfilterAdapter.walk(try? KubeProxy.rules(for: cluster, node: query.node), cluster, query)
        },
        routeHTTP: { cluster, query in L7RoutingAdapter.route(L7Router(cluster: cluster), query) })

    /// The engines for one cluster: the place to build what an engine derives once per
    /// cluster (kube-proxy's rules per node, a parsed Corefile, nginx's servers) and capture
    /// it in the closures, so each trace only walks it. `kubewalk trace` and `TraceRunner`
    /// call this; it builds L7Routing's `L7Router` and ClusterDNS's engine once, and kube-proxy's
    /// rules per node on first use.
    ///
    /// - Parameter rules: kube-proxy's rules per node, to share with other users of the same
    ///   cluster (the explorer's Service details, `:dns`); a new cache when nil.
    public static func standard(for cluster: Cluster, rules shared: NodeRulesCache? = nil) -> TraceEngines {
        var engines = standard
        let router = L7Router(cluster: cluster)
        engines.routeHTTP = { _, query in L7RoutingAdapter.route(router, query) }
        // One rule cache for both: a DNS query's DNAT and the request's netfilter step walk the same rules.
        let rules = shared ?? NodeRulesCache(cluster: cluster)
        let dns = ClusterDNSEngine(cluster: cluster, dnat: KubeProxyDNAT.provider(rules))
        engines.resolveName = { cluster, query in ClusterDNSAdapter.resolve(dns, cluster, query) }
        engines.walkNetfilter = { c, query in
            NetfilterAdapter.walk(rules.rules(forNode: query.node), index: rules.serviceIndex(forNode: query.node), c, query)
        }
        return engines
    }
}

/// kube-proxy's rules per node (and address family), generated the first time a trace or a
/// DNS query passes that node and kept (a 1,000-node snapshot never pays for the nodes no
/// trace visits).
public final class NodeRulesCache: Sendable {
    public let cluster: Cluster
    private let cache = Mutex<[String: Result<NodeRules, KubeProxyError>]>([:])
    private let indexes = Mutex<[String: ServicePortIndex]>([:])

    public init(cluster: Cluster) { self.cluster = cluster }

    /// `KubeProxy.rules(for:node:family:)`, generated once per node and family.
    public func result(forNode node: String, family: IPFamily = .ipv4) -> Result<NodeRules, KubeProxyError> {
        let key = "\(family.rawValue) \(node)"
        if let hit = cache.withLock({ $0[key] }) { return hit }
        let built: Result<NodeRules, KubeProxyError>
        do { built = .success(try KubeProxy.rules(for: cluster, node: node, family: family)) } catch { built = .failure(error) }
        cache.withLock { $0[key] = built }
        return built
    }

    public func rules(forNode node: String, family: IPFamily = .ipv4) -> NodeRules? {
        try? result(forNode: node, family: family).get()
    }

    /// The node's Service addresses by (protocol, address, port), built once with its rules.
    func serviceIndex(forNode node: String) -> ServicePortIndex? {
        if let hit = indexes.withLock({ $0[node] }) { return hit }
        guard let rules = rules(forNode: node) else { return nil }
        let index = ServicePortIndex(rules)
        indexes.withLock { $0[node] = index }
        return index
    }
}
