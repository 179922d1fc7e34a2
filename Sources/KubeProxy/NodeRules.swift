import NetCore
import ClusterModel
import Netfilter

/// Everything kube-proxy has programmed on one node, ready to print or to walk.
///
/// `restorePayload` is what kube-proxy hands to `iptables-restore` (reference §8.1);
/// `ruleset` is the node's tables as the kernel holds them afterwards (kube-proxy's rules
/// plus kubelet's canaries and the built-in jumps), which `iptablesSave` prints the way
/// `iptables-save` does (§7, §8.2) and `tracer()` walks.
public struct NodeRules: Sendable {
    public var nodeName: String
    public var nodeIP: IPAddress?
    public var config: ProxyConfig
    public var family: IPFamily
    public var servicePorts: [ProxyServicePort]
    /// The payload as written; its text is joined only when asked for (it is ~18 MB on
    /// 10,000 Services, and walking the rules never needs it).
    var payload: RestorePayload
    public var restorePayload: String { payload.text }
    public var ruleset: Ruleset
    /// The addresses `-m addrtype --dst-type LOCAL` treats as this node's (node addresses,
    /// the CNI bridge gateway, and in ipvs mode every address on `kube-ipvs0`).
    public var host: NetfilterHost
    /// `nfacct add NAME` for each before loading the rules (kube-proxy creates them).
    public var nfacctCounters: [String]
    /// ipvs mode only: virtual servers, `kube-ipvs0` addresses and ipsets.
    public var ipvs: IPVSState?
    /// Problems met while reading kube-proxy's own output back (empty unless kubewalk has a bug).
    public var diagnostics: [RulesetDiagnostic]

    /// The rules as `iptables-save` prints them (all tables, or those named).
    public func iptablesSave(tables: [TableName] = [.mangle, .filter, .nat]) -> String {
        SaveFormat.render(ruleset, tables: tables)
    }

    /// A walker over this node's rules.
    public func tracer() -> Tracer { Tracer(ruleset: ruleset, host: host) }
}

/// Errors a caller can act on.
public enum KubeProxyError: Error, Sendable, CustomStringConvertible {
    case unknownNode(String, known: [String])

    public var description: String {
        switch self {
        case .unknownNode(let n, let known):
            return "no node named \(n) in the cluster (nodes: \(known.joined(separator: ", ")))"
        }
    }
}

/// kube-proxy's view of a cluster: the rules it writes on each node.
public enum KubeProxy {
    /// The rules kube-proxy (in the cluster's configured mode) programs on `nodeName`.
    /// - Throws: `KubeProxyError.unknownNode` when the cluster has no such node.
    public static func rules(for cluster: Cluster, node nodeName: String, family: IPFamily = .ipv4) throws(KubeProxyError) -> NodeRules {
        guard let node = cluster.node(named: nodeName) else {
            throw .unknownNode(nodeName, known: cluster.nodes.map(\.name))
        }
        let config = ProxyConfig(cluster.network.kubeProxy)
        let ports = ServicePortTable.build(cluster, family: family)
        var local = Set(node.ipAddresses.filter { $0.family == family })
        if ["bridge", "flannel"].contains(cluster.network.cni.plugin) {
            for cidr in node.podCIDRs where cidr.family == family {
                if let gw = cidr.address(at: 1) { local.insert(gw) }
            }
        }
        return rules(ports: ports, config: config, nodeName: nodeName, nodeIP: node.internalIP, localAddresses: local, family: family)
    }

    /// The rules of every node, by node name (build once per cluster, then walk per trace).
    public static func rulesForAllNodes(of cluster: Cluster, family: IPFamily = .ipv4) -> [String: NodeRules] {
        var out: [String: NodeRules] = [:]
        for node in cluster.nodes {
            if let r = try? rules(for: cluster, node: node.name, family: family) { out[node.name] = r }
        }
        return out
    }

    /// The same from kube-proxy's own inputs (service ports and settings), for callers and
    /// tests that build them directly.
    public static func rules(ports: [ProxyServicePort], config: ProxyConfig, nodeName: String, nodeIP: IPAddress?,
                             localAddresses: Set<IPAddress>, family: IPFamily = .ipv4) -> NodeRules {
        var host = NetfilterHost(localAddresses: localAddresses)
        let payload: RestorePayload
        let script: [UInt8]
        var ipvs: IPVSState? = nil
        var counters: [String] = []
        switch config.mode {
        case .iptables:
            let proxier = IptablesProxier(config: config, family: family, nodeName: nodeName, nodeIP: nodeIP)
            let sections = proxier.sections(ports)
            payload = .sections(sections)
            counters = proxier.nfacctCounters
            script = NodeTables.compose(sections, jumps: NodeTables.iptablesModeJumps())
        case .ipvs:
            let proxier = IPVSProxier(config: config, family: family, nodeName: nodeName, nodeIP: nodeIP, nodeAddresses: localAddresses)
            let state = proxier.state(ports)
            let text = proxier.restorePayload(state)
            payload = .text(text)
            script = NodeTables.compose(RestoreSections(payload: text), jumps: IPVSProxier.jumps(),
                                        extraFilterChains: family == .ipv4 ? [":KUBE-FIREWALL - [0:0]"] : [],
                                        extraFilterRules: family == .ipv4 ? [NodeTables.kubeletFirewallRule] : [])
            for a in state.dummyAddresses { host.localAddresses.insert(a) }
            for s in state.ipsets { host.ipsets[s.name] = s }
            ipvs = state
        }
        // Rule texts are left empty: traces print each rule in iptables-save form on demand.
        let parsed = IptablesSaveParser.parse(utf8: script, family: family, keepRuleText: false)
        let ruleset = parsed.ruleset
        return NodeRules(nodeName: nodeName, nodeIP: nodeIP, config: config, family: family, servicePorts: ports,
                         payload: payload, ruleset: ruleset, host: host, nfacctCounters: counters,
                         ipvs: ipvs, diagnostics: parsed.diagnostics)
    }
}

/// kube-proxy's restore payload: its four line buffers (iptables mode) or finished text (ipvs mode).
enum RestorePayload: Sendable {
    case sections(RestoreSections)
    case text(String)

    var text: String {
        switch self {
        case .sections(let s): return s.text
        case .text(let t): return t
        }
    }
}
