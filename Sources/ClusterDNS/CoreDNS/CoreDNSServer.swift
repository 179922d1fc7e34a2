import ClusterModel
import NetCore

/// CoreDNS answering a query: the server block chosen by zone and port, then the plugins in
/// CoreDNS's compiled order (`plugin.cfg`: … `cache` → `rewrite` → `hosts` → `kubernetes` →
/// `loop` → `forward`), whatever their order in the Corefile (`reference/dns.md` §3).
///
/// Every query is treated as a cache miss; the `cache` plugin's TTL clamp is applied to every
/// record of the reply, as the real plugin rewrites them.
public struct CoreDNSServer: Sendable {
    /// A server block ready to serve: its settings, its label, its kubernetes plugin.
    final class Block: Sendable {
        let config: ServerBlockConfig
        let label: String
        let kubernetesLabel: String
        let kubernetes: KubernetesPlugin?
        let zones: [String]
        let port: Int
        let servesDNS: Bool
        init(config: ServerBlockConfig, kubernetes: KubernetesPlugin?) {
            self.config = config
            self.label = config.label
            self.kubernetesLabel = config.label + " " + KubernetesPlugin.name
            self.kubernetes = kubernetes
            self.zones = config.zones
            self.port = config.port
            self.servesDNS = config.scheme == "dns"
        }
    }

    public let config: CoreDNSConfig
    let blocks: [Block]
    let upstream: UpstreamResolver
    let nodeNameservers: [String]

    public init(config: CoreDNSConfig, cluster: Cluster) {
        self.config = config
        var plugins: [Int: KubernetesPlugin] = [:]
        var indexes: [Bool: KubernetesIndex] = [:]
        for (i, b) in config.blocks.enumerated() {
            guard let k = b.kubernetes else { continue }
            let index = indexes[k.endpointPodNames] ?? KubernetesIndex(cluster: cluster, endpointPodNames: k.endpointPodNames)
            indexes[k.endpointPodNames] = index
            plugins[i] = KubernetesPlugin(config: k, index: index)
        }
        blocks = config.blocks.enumerated().map { Block(config: $0.element, kubernetes: plugins[$0.offset]) }
        upstream = UpstreamResolver(cluster.network.upstreamDNS)
        nodeNameservers = cluster.network.nodeResolvConf.nameservers
    }

    /// The reply CoreDNS sends for `question` arriving on `port`.
    public func serve(_ question: DNSQuestion, port: Int = 53) -> DNSReply {
        serve(question, port: port, depth: 0)
    }

    func serve(_ question: DNSQuestion, port: Int, depth: Int) -> DNSReply {
        let originalKey = DNSName.key(question.name)
        guard let bi = selectBlock(originalKey, port: port) else {
            return DNSReply(rcode: .REFUSED, decidedBy: "CoreDNS",
                            explanation: "REFUSED: no server block serves \(question.name) on port \(port)")
        }
        let runtime = blocks[bi]
        var notes: [String] = []
        var key = originalKey
        var q = question

        // rewrite
        for rule in runtime.config.rewrites {
            guard let new = RewriteEngine.apply(rule, to: key) else { continue }
            notes.append("rewrite name \(rule.match.rawValue) (Corefile line \(rule.line)): \(key). → \(new).; the answer's names are written back to \(question.name)")
            key = new
            q = DNSQuestion(name: new, type: question.type)
            if rule.stop { break }
        }

        var reply = chain(q, key: key, block: runtime, notes: &notes, depth: depth)

        if key != originalKey {
            for i in reply.answers.indices where DNSName.key(reply.answers[i].name) == key { reply.answers[i].name = question.name }
        }
        if let cache = runtime.config.cache { clampTTLs(&reply, cache: cache, key: key) }
        if runtime.config.loadbalance {
            var addresses = 0
            for a in reply.answers where a.type.isAddress { addresses += 1 }
            if addresses > 1 { notes.append("loadbalance shuffles the order of A/AAAA records in every reply; kubewalk shows them sorted") }
        }
        reply.decidedBy = reply.decidedBy == KubernetesPlugin.name ? runtime.kubernetesLabel : runtime.label + " " + reply.decidedBy
        if !notes.isEmpty { reply.notes = notes + reply.notes }
        return reply
    }

    /// hosts → kubernetes → forward, each passing the query on or answering it.
    func chain(_ q: DNSQuestion, key: String, block runtime: Block, notes: inout [String], depth: Int) -> DNSReply {
        if let hosts = runtime.config.hosts, let r = HostsPluginEngine.serve(q, key: key, config: hosts, notes: &notes) {
            return r
        }
        if let k = runtime.kubernetes, let zone = longestZone(key, k.config.zones) {
            switch k.serve(q, key: key, zone: zone) {
            case .reply(var r, let cnameTarget):
                if let target = cnameTarget {
                    if depth < 8 {
                        let sub = serve(DNSQuestion(name: target, type: q.type), port: 53, depth: depth + 1)
                        if sub.rcode == .NOERROR { r.answers += sub.answers }
                        r.explanation += "; \(target) → \(sub.outcomeText) from \(sub.decidedBy)"
                        notes += sub.notes
                        if let c = sub.cache { notes.append(c.note) }
                    } else {
                        r.explanation += "; CNAME chain too long, target not followed"
                    }
                }
                return r
            case .passOn(let why):
                notes.append("kubernetes: \(why); \(q.name) is in a fallthrough zone, so the query goes on to the next plugin")
            }
        }
        if let f = runtime.config.forward, DNSName.isWithin(key, zone: f.from), !f.except.contains(where: { DNSName.isWithin(key, zone: $0) }) {
            let servers = f.to.contains("/etc/resolv.conf") ? nodeNameservers + f.to.filter { $0 != "/etc/resolv.conf" } : f.to
            var r = upstream.answer(q, key: key, server: servers.first ?? "(none)")
            r.decidedBy = "forward → \(r.decidedBy)"
            r.explanation += " (forward sends the name unchanged, no search list, to \(servers.isEmpty ? "(no upstream)" : servers.joined(separator: " ")))"
            return r
        }
        return DNSReply(rcode: .SERVFAIL, decidedBy: "(no plugin)",
                        explanation: "SERVFAIL: no plugin in \(runtime.config.label) handles \(q.name) (CoreDNS: \"no next plugin found\")")
    }

    /// `CoreDNSConfig.block(for:port:)` over the prepared blocks.
    func selectBlock(_ key: String, port: Int) -> Int? {
        var best = -1
        var bestLength = -1
        for (i, b) in blocks.enumerated() where b.port == port && b.servesDNS {
            for z in b.zones where z.utf8.count > bestLength && DNSName.isWithin(key, zone: z) {
                best = i
                bestLength = z.utf8.count
            }
        }
        return best >= 0 ? best : nil
    }

    func longestZone(_ key: String, _ zones: [String]) -> String? {
        var best: String? = nil
        for z in zones where DNSName.isWithin(key, zone: z) {
            if best == nil || z.utf8.count > (best?.utf8.count ?? 0) { best = z }
        }
        return best
    }

    /// The cache plugin's rewrite of every TTL in the reply: the smallest TTL, raised to the
    /// minimum and lowered to the cap (success or denial).
    func clampTTLs(_ reply: inout DNSReply, cache: CachePluginConfig, key: String) {
        var smallest = Int.max
        for r in reply.answers where r.ttl < smallest { smallest = r.ttl }
        for r in reply.authority where r.ttl < smallest { smallest = r.ttl }
        for r in reply.additional where r.ttl < smallest { smallest = r.ttl }
        guard smallest != Int.max else { return }
        let positive = reply.hasAnswer
        let cap = positive ? cache.successCap : cache.denialCap
        let minimum = positive ? cache.successMinTTL : cache.denialMinTTL
        let ttl = max(minimum, min(smallest, cap))
        for i in reply.answers.indices { reply.answers[i].ttl = ttl }
        for i in reply.authority.indices { reply.authority[i].ttl = ttl }
        for i in reply.additional.indices { reply.additional[i].ttl = ttl }
        reply.cache = CacheEffect(ttl: ttl, smallest: smallest, minimum: minimum, cap: cap, stored: cache.stores(key, positive: positive),
                                  positive: positive, line: cache.line)
    }
}
