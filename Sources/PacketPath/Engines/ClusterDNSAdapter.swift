import ClusterDNS
import ClusterModel
import NetCore

/// Step 1 through the real ClusterDNS engine (issue 4): `ClusterDNSEngine.resolve(_:from:)`
/// for a pod source — kubelet's resolv.conf, the pod's stub resolver (glibc or musl), CoreDNS
/// with the cluster's Corefile — translated into the trace's `NameResolution`.
///
/// The engine is built once per cluster (`TraceEngines.standard(for:)`), since it indexes the
/// cluster's names and parses the Corefile. Node and outside sources keep the fallback
/// resolver: ClusterDNS resolves from pods.
enum ClusterDNSAdapter {
    static let engine = "ClusterDNS"

    static func resolve(_ dns: ClusterDNSEngine, _ cluster: Cluster, _ q: NameQuery) -> NameResolution {
        guard case .pod(let pod) = q.source else { return FallbackResolver.resolve(cluster, q) }
        let r = dns.resolve(q.name, from: pod)
        let shown = r.queries.filter { $0.type == .A }
        let queries = shown.map { s in
            ResolverQuery(name: s.name, type: s.type.rawValue, server: s.server, rcode: s.rcode,
                          answers: s.answers.map { $0.type.isAddress ? $0.data : "\($0.type.rawValue) \($0.data)" },
                          decidedBy: "\(s.decidedBy): \(s.explanation)")
        }
        var lines: [String] = []
        if !r.resolvConf.search.isEmpty { lines.append("search " + r.resolvConf.search.joined(separator: " ")) }
        lines += r.resolvConf.nameservers.map { "nameserver \($0)" }
        if !r.resolvConf.options.isEmpty { lines.append("options " + r.resolvConf.options.joined(separator: " ")) }
        var notes = r.notes
        let hidden = r.queries.count - shown.count
        if hidden > 0 {
            notes.append("\(r.resolver.rawValue) also sent \(hidden) AAAA quer\(hidden == 1 ? "y" : "ies") alongside the A queries shown; `kubewalk dns --from \(r.pod) \(q.name)` lists every query")
        }
        return NameResolution(queries: queries, addresses: r.result.addresses.compactMap { IPAddress($0) }, resolvConf: lines,
                              nameserver: r.resolvConf.nameservers.first.flatMap { IPAddress($0) },
                              explanation: r.result.message, engine: engine, notes: notes)
    }
}
