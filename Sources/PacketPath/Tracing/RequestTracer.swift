import ClusterModel
import L7Routing
import NetCore
import PodNetwork

/// Builds a request's whole path (issue 6): name resolution, the socket, leaving the pod,
/// netfilter, routing and the overlay, arrival, the ingress controller or Gateway and its
/// own connection to the backend, and the reply. Pure: the same cluster, request and
/// engines give the same `Trace`.
public enum RequestTracer {
    /// - Parameters:
    ///   - request: `from` (`NS/POD`, `node/NAME`, `external[/NAME]`), `target` (URL, `NAME:PORT`,
    ///     `IP:PORT`), method, headers (`Name: value`), and the 1-based `pick`.
    ///   - engines: the DNS, netfilter and HTTP engines (`TraceEngines.standard` by default).
    /// - Throws: `TraceError` when the source or target cannot be understood or found.
    public static func trace(_ cluster: Cluster, request: TraceRequest, engines: TraceEngines = .standard,
                             enumerateOutcomes: Bool = true) throws(TraceError) -> Trace {
        var (trace, multiplier) = try traceCounting(cluster, request: request, engines: engines)
        if enumerateOutcomes && multiplier > 1 { trace.outcomes = outcomes(cluster, request: request, engines: engines) }
        return trace
    }

    /// Every outcome of the request: the trace for each valid `--pick`, with its probability.
    /// Picks are mixed-radix numbers over the choices met, so valid ones need not be contiguous;
    /// the search stops after 256 picks or 32 invalid ones in a row.
    public static func outcomes(_ cluster: Cluster, request: TraceRequest, engines: TraceEngines = .standard) -> [Alternative] {
        var out: [Alternative] = []
        var limit = 1
        var pick = 1
        while pick <= min(limit, 256) || pick == 1 {
            var r = request
            r.pick = pick
            if let (t, multiplier) = try? traceCounting(cluster, request: r, engines: engines) {
                limit = max(limit, multiplier)
                out.append(Alternative(description: "\(t.outcome.status.rawValue)\(t.outcome.httpStatus.map { " \($0)" } ?? "")\(t.outcome.pod.map { " " + $0 } ?? "")\(t.outcome.address.map { " " + $0 } ?? "")\(t.outcome.port.map { ":\($0)" } ?? "")",
                                       probability: t.probability, pick: pick))
            }
            pick += 1
        }
        return out
    }

    /// A trace without outcome enumeration, with the product of the choice counts it met
    /// (every valid `--pick` of a path is at most that product).
    static func traceCounting(_ cluster: Cluster, request: TraceRequest, engines: TraceEngines) throws(TraceError) -> (Trace, Int) {
        let source = try TraceSource.parse(request.from, in: cluster)
        let target = try TraceTarget.parse(request.target)
        let headers = try parseHeaders(request.headers)
        var b = TraceBuilder(cluster: cluster, engines: engines, cursor: ChoiceCursor(pick: request.pick))
        let outcome = b.run(source: source, target: target, method: request.method.uppercased(), headers: headers)
        if b.cursor.remaining > 0 { throw .badPick(request.pick, outcomes: b.cursor.multiplier) }
        var trace = Trace(request: request, hops: b.hops, outcome: outcome, notes: b.notes)
        trace.probability = b.probability
        return (trace, b.cursor.multiplier)
    }

    static func parseHeaders(_ raw: [String]) throws(TraceError) -> [HTTPHeader] {
        var headers: [HTTPHeader] = []
        for h in raw {
            guard let colon = h.firstIndex(of: ":"), colon != h.startIndex else { throw .badHeader(h) }
            headers.append(HTTPHeader(name: String(h[..<colon]).trimmed, value: String(h[h.index(after: colon)...]).trimmed))
        }
        return headers
    }
}

/// The trace under construction.
struct TraceBuilder {
    let cluster: Cluster
    let engines: TraceEngines
    var cursor: ChoiceCursor
    /// The probability of the path followed so far.
    var probability: Double = 1
    var hops: [Hop] = []
    var notes: [String] = []

    init(cluster: Cluster, engines: TraceEngines, cursor: ChoiceCursor) {
        self.cluster = cluster
        self.engines = engines
        self.cursor = cursor
    }

    mutating func add(_ hop: Hop) {
        var h = hop
        h.index = hops.count + 1
        hops.append(h)
        for n in h.notes where !notes.contains(n) { notes.append(n) }
    }

    mutating func note(_ n: String) { if !notes.contains(n) { notes.append(n) } }

    mutating func run(source: TraceSource, target: TraceTarget, method: String, headers: [HTTPHeader]) -> TraceOutcome {
        guard let srcIP = source.address else { return TraceOutcome(status: .dropped, message: "the source has no address") }
        var dst: IPAddress
        if let a = target.address {
            dst = a
        } else if !source.isPod, let node = cluster.node(named: target.host), let ip = node.internalIP {
            // nsswitch `hosts: files dns`: a lab's /etc/hosts names the nodes, before any DNS query.
            add(Hop(index: 0, kind: .dnsAnswer, node: source.nodeName, decision: "\(target.host) → \(ip) (/etc/hosts)",
                    explanation: "\(target.host) is a node's name; the client's /etc/hosts (files, before dns in nsswitch.conf) maps it to the node's InternalIP",
                    from: source.topologyID, to: .node(node.name),
                    notes: ["node names resolve through the client's /etc/hosts in kubewalk's model (a lab setup); cluster DNS does not serve node names"]))
            dst = ip
        } else {
            guard let resolved = resolve(source: source, srcIP: srcIP, name: target.host) else {
                return TraceOutcome(status: .nxdomain, message: "NXDOMAIN: \(target.host) does not resolve from \(source.label) (getaddrinfo: Name or service not known)")
            }
            dst = resolved
        }
        let leg = self.leg(from: source, srcIP: srcIP, dst: dst, dport: target.port, proto: .tcp)
        guard case .delivered(let arrival) = leg else {
            if case .failed(let o) = leg { return o }
            return TraceOutcome(status: .dropped, message: "the packet went nowhere")
        }
        if target.isHTTP, let entry = httpEntry(arrival: arrival, dst: dst, port: target.port) {
            if target.scheme == "https" {
                note("https: the TLS handshake is not modelled; the proxy terminates TLS and routes on the decrypted request (SNI and Host)")
            }
            let host = headers.first { $0.name.lowercased() == "host" }?.value ?? target.host
            // Like curl: the connection goes to the resolved address, and the name travels in
            // the Host header (name:port unless the port is the scheme's default).
            var sent = headers
            if target.address == nil && !headers.contains(where: { $0.name.lowercased() == "host" }) {
                let defaultPort = target.scheme == "https" ? 443 : 80
                sent.append(HTTPHeader(name: "Host", value: target.port == defaultPort ? target.host : "\(target.host):\(target.port)"))
            }
            let query = HTTPQuery(entry: entry, host: host, path: target.path, method: method, headers: sent,
                                  scheme: target.scheme ?? "http", urlHost: dst.description, port: target.port)
            return http(query, arrival: arrival, clientLeg: arrival, client: source)
        }
        addReply(arrival, client: source, proxied: nil)
        return arrival.outcome
    }

    /// Step 1: the stub resolver's queries and the answer; nil on NXDOMAIN.
    mutating func resolve(source: TraceSource, srcIP: IPAddress, name: String) -> IPAddress? {
        let r = engines.resolveName(cluster, NameQuery(source: source, name: name))
        let server = r.nameserver
        let fallbackNotes = r.engine.contains("fallback") ? r.notes : []
        var dnsAfter: String? = nil
        var dnsDetail: [String] = []
        if let server, let node = source.nodeName {
            let nf = engines.walkNetfilter(cluster, NetfilterQuery(node: node, hook: source.isNodeProcess ? .output : .prerouting, src: srcIP, sport: 53000, dst: server, dport: 53, proto: .udp))
            if let first = nf.outcomes.first, first.verdict == .dnat, let a = first.dnatAddress, let p = first.dnatPort {
                dnsAfter = a.withPort(p)
                dnsDetail = ["kube-proxy sends the query to a CoreDNS pod (\(nf.outcomes.count) endpoint(s), 1/\(nf.outcomes.count) each); shown: \(first.endpointPod ?? a.description)"]
            }
        }
        // Queries to the cluster DNS go to the kube-dns Service; others to a resolver outside the cluster.
        let dnsID: TopologyID? = server == cluster.network.dnsServiceIP ? cluster.dnsService.map { .service($0.namespace, $0.name) } : .external("upstream-dns")
        let expand = server.map { "expand this query's own path: kubewalk trace --from \(source.label) \($0.withPort(53))" }
        for (i, q) in r.queries.enumerated() {
            let sport = Ports.ephemeral(srcIP.description, q.name, 53)
            // Without a nameserver address (an outside client's own resolver) there is no packet to show.
            let before = server.map { PacketHeaders(src: srcIP.withPort(sport), dst: $0.withPort(53), proto: "udp") }
            var after = before
            if let dnsAfter { after?.dst = dnsAfter }
            add(Hop(index: 0, kind: .dnsQuery, node: source.nodeName, pod: source.podLabel, interface: source.podLabel != nil ? "eth0" : nil, before: before, after: after,
                    decision: "\(q.type) \(q.name) → \(q.rcode)\(q.answers.isEmpty ? "" : " " + q.answers.joined(separator: " "))",
                    explanation: "query \(i + 1) of the search-list walk: \(q.decidedBy)",
                    from: source.topologyID, to: dnsID,
                    detail: (i == 0 ? r.resolvConf.map { "resolv.conf: " + $0 } : []) + dnsDetail + (expand.map { [$0] } ?? []),
                    notes: fallbackNotes))
        }
        let picked: Int
        if r.addresses.count > 1 {
            let c = cursor.choose(r.addresses.count)
            picked = c.index
            probability /= Double(r.addresses.count)
            add(Hop(index: 0, kind: .dnsAnswer, node: source.nodeName, pod: source.podLabel, interface: source.podLabel != nil ? "eth0" : nil,
                    decision: "\(name) → \(r.addresses.map(\.description).joined(separator: ", "))",
                    explanation: "\(r.explanation). Several addresses: CoreDNS's loadbalance plugin shuffles them, and the client connects to the first; \(r.addresses[picked]) here",
                    alternatives: r.addresses.enumerated().map { Alternative(description: "connect to \($1)", probability: 1 / Double(r.addresses.count), pick: c.picks[$0]) },
                    from: dnsID, to: source.topologyID, notes: fallbackNotes))
        } else if let only = r.addresses.first {
            picked = 0
            add(Hop(index: 0, kind: .dnsAnswer, node: source.nodeName, pod: source.podLabel, interface: source.podLabel != nil ? "eth0" : nil, decision: "\(name) → \(only)",
                    explanation: r.explanation, from: dnsID, to: source.topologyID, notes: fallbackNotes))
        } else {
            add(Hop(index: 0, kind: .dnsAnswer, node: source.nodeName, pod: source.podLabel, interface: source.podLabel != nil ? "eth0" : nil, decision: "\(name) → NXDOMAIN",
                    explanation: r.explanation, from: dnsID, to: source.topologyID, notes: fallbackNotes))
            return nil
        }
        return r.addresses[picked]
    }
}

extension TraceSource {
    var podLabel: String? { if case .pod(let p) = self { return "\(p.namespace)/\(p.name)" } else { return nil } }
    var isNodeProcess: Bool { if case .node = self { return true } else { return false } }
    var isPod: Bool { if case .pod = self { return true } else { return false } }
}

extension String {
    var trimmed: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }
}

/// The source port a connecting socket gets: Linux picks it from
/// `net.ipv4.ip_local_port_range` (32768–60999 by default) with a keyed hash; kubewalk uses
/// a fixed hash so the same trace always shows the same port.
enum Ports {
    static func ephemeral(_ a: String, _ b: String, _ port: Int) -> Int {
        var h: UInt64 = 0xcbf29ce484222325
        for byte in "\(a)|\(b)|\(port)".utf8 { h = (h ^ UInt64(byte)) &* 0x100000001b3 }
        return 32768 + Int(h % 28232)
    }
}
