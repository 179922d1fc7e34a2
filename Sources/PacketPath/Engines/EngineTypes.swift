import ClusterModel
import L7Routing
import NetCore

/// Who sends the request: a pod (its own network namespace), a process on a node (the
/// node's namespace, netfilter's OUTPUT hook), or a client outside the cluster.
public enum TraceSource: Hashable, Sendable {
    case pod(Pod)
    case node(ClusterNode)
    case external(name: String, ip: IPAddress)

    /// The source address a socket binds by default.
    public var address: IPAddress? {
        switch self {
        case .pod(let p): return p.podIP
        case .node(let n): return n.internalIP
        case .external(_, let ip): return ip
        }
    }

    /// The node the source lives on (none for an outside client).
    public var nodeName: String? {
        switch self {
        case .pod(let p): return p.spec.nodeName
        case .node(let n): return n.name
        case .external: return nil
        }
    }

    public var topologyID: TopologyID {
        switch self {
        case .pod(let p): return .pod(p.namespace, p.name)
        case .node(let n): return .node(n.name)
        case .external(let name, _): return .external(name)
        }
    }

    public var label: String {
        switch self {
        case .pod(let p): return "\(p.namespace)/\(p.name)"
        case .node(let n): return "node/\(n.name)"
        case .external(let name, _): return "external/\(name)"
        }
    }
}

// MARK: - Name resolution (issue 4's ClusterDNS plugs in here)

/// A name to resolve as `source`'s stub resolver would (getaddrinfo, A records).
public struct NameQuery: Hashable, Sendable {
    public var source: TraceSource
    public var name: String
    public init(source: TraceSource, name: String) { self.source = source; self.name = name }
}

/// One query the stub resolver sent and the answer it got.
public struct ResolverQuery: Hashable, Sendable, Codable {
    /// The fully qualified name asked (`web.default.svc.cluster.local.`).
    public var name: String
    public var type: String
    /// The nameserver it went to (`10.96.0.10`).
    public var server: String
    /// `NOERROR`, `NXDOMAIN`, `SERVFAIL`.
    public var rcode: String
    /// Answer records, as `dig` prints their data (`10.96.0.20`, `CNAME example.org.`).
    public var answers: [String]
    /// What decided the answer (the CoreDNS plugin and record, or the upstream).
    public var decidedBy: String
    public init(name: String, type: String = "A", server: String, rcode: String, answers: [String], decidedBy: String) {
        self.name = name
        self.type = type
        self.server = server
        self.rcode = rcode
        self.answers = answers
        self.decidedBy = decidedBy
    }
}

/// The whole resolution: every query in order, the addresses returned, and the resolver's setup.
public struct NameResolution: Hashable, Sendable, Codable {
    public var queries: [ResolverQuery]
    /// Addresses getaddrinfo returns, in order (empty: the name does not resolve).
    public var addresses: [IPAddress]
    /// The resolv.conf the source uses, line by line.
    public var resolvConf: [String]
    /// The nameserver queries go to (`10.96.0.10`), for the DNS packets' headers.
    public var nameserver: IPAddress?
    public var explanation: String
    /// Which engine answered; fallback models say so here.
    public var engine: String
    public var notes: [String]
    public init(queries: [ResolverQuery], addresses: [IPAddress], resolvConf: [String], nameserver: IPAddress?,
                explanation: String, engine: String, notes: [String] = []) {
        self.queries = queries
        self.addresses = addresses
        self.resolvConf = resolvConf
        self.nameserver = nameserver
        self.explanation = explanation
        self.engine = engine
        self.notes = notes
    }
}

// MARK: - Netfilter (issue 3's Netfilter + KubeProxy plug in here)

/// The first packet of a connection at one netfilter hook of one node.
public struct NetfilterQuery: Hashable, Sendable {
    public enum Hook: String, Hashable, Sendable, Codable {
        /// A packet arriving from an interface (a pod's veth, the node's eth0).
        case prerouting = "PREROUTING"
        /// A packet sent by a process of the node itself.
        case output = "OUTPUT"
    }
    public var node: String
    public var hook: Hook
    public var src: IPAddress
    public var sport: Int
    public var dst: IPAddress
    public var dport: Int
    public var proto: TransportProtocol
    public init(node: String, hook: Hook, src: IPAddress, sport: Int, dst: IPAddress, dport: Int, proto: TransportProtocol) {
        self.node = node
        self.hook = hook
        self.src = src
        self.sport = sport
        self.dst = dst
        self.dport = dport
        self.proto = proto
    }
}

/// One way the nat and filter tables can treat the packet, with its probability.
public struct NetfilterOutcome: Hashable, Sendable, Codable {
    public enum Verdict: String, Hashable, Sendable, Codable {
        /// Not rewritten; routed as addressed.
        case accept
        /// Destination rewritten (a Service endpoint).
        case dnat
        /// REJECT: the client gets an ICMP port unreachable / TCP RST ("connection refused").
        case reject
        /// DROP: nothing comes back (the client times out).
        case drop
    }
    public var verdict: Verdict
    public var probability: Double
    public var dnatAddress: IPAddress?
    public var dnatPort: Int?
    /// `NAMESPACE/NAME` of the endpoint's pod, when known.
    public var endpointPod: String?
    /// The packet carries the masquerade mark: POSTROUTING will MASQUERADE it.
    public var masquerade: Bool
    /// The rule that decided (a DNAT, a REJECT), in iptables-restore syntax.
    public var decidingRule: String
    /// The chain walk, one rule or remark per line.
    public var rules: [String]
    public var explanation: String
    public init(verdict: Verdict, probability: Double = 1, dnatAddress: IPAddress? = nil, dnatPort: Int? = nil, endpointPod: String? = nil,
                masquerade: Bool = false, decidingRule: String, rules: [String], explanation: String) {
        self.verdict = verdict
        self.probability = probability
        self.dnatAddress = dnatAddress
        self.dnatPort = dnatPort
        self.endpointPod = endpointPod
        self.masquerade = masquerade
        self.decidingRule = decidingRule
        self.rules = rules
        self.explanation = explanation
    }
}

/// Every outcome of the walk (several when kube-proxy's `-m statistic` draws), in kube-proxy's order.
public struct NetfilterResult: Hashable, Sendable, Codable {
    public var outcomes: [NetfilterOutcome]
    /// The Service whose rules matched (`NAMESPACE/NAME`), if any.
    public var service: String?
    public var engine: String
    public var notes: [String]
    public init(outcomes: [NetfilterOutcome], service: String?, engine: String, notes: [String] = []) {
        self.outcomes = outcomes
        self.service = service
        self.engine = engine
        self.notes = notes
    }
}

// MARK: - HTTP routing (issue 5's L7Routing plugs in here)

/// An HTTP request arriving at an ingress controller or a Gateway's data plane.
public struct HTTPQuery: Hashable, Sendable {
    public enum Entry: Hashable, Sendable {
        /// ingress-nginx serving the given IngressClass names (empty: every Ingress).
        case ingressNginx(classes: [String])
        /// A Gateway (namespace, name) reached on a listener port.
        case gateway(namespace: String, name: String, port: Int)
    }
    public var entry: Entry
    /// The host virtual hosting matches: the `Host` header when given, else the URL's host.
    public var host: String
    /// The path and query the client sent.
    public var path: String
    public var method: String
    /// Request headers as given (L7Routing's `HTTPHeader`; a `Host` header overrides `urlHost`).
    public var headers: [HTTPHeader]
    /// `http` or `https`.
    public var scheme: String
    /// The URL's host (the connection's target) and port, as the client typed them.
    public var urlHost: String
    public var port: Int
    public init(entry: Entry, host: String, path: String, method: String, headers: [HTTPHeader],
                scheme: String = "http", urlHost: String? = nil, port: Int = 80) {
        self.entry = entry
        self.host = host
        self.path = path
        self.method = method
        self.headers = headers
        self.scheme = scheme
        self.urlHost = urlHost ?? host
        self.port = port
    }
}

/// A backend an HTTP rule sends to, with the share of requests it gets.
public struct HTTPBackendChoice: Hashable, Sendable, Codable {
    public var namespace: String
    public var service: String
    public var port: Int?
    public var portName: String?
    public var probability: Double
    /// The path sent upstream after a rewrite (nil: unchanged).
    public var rewrittenPath: String?
    public var description: String
    /// Set when this share is answered by the proxy itself (500 invalid backend, 503 no endpoints).
    public var status: Int?
    public init(namespace: String, service: String, port: Int?, portName: String? = nil, probability: Double, rewrittenPath: String?,
                description: String, status: Int? = nil) {
        self.namespace = namespace
        self.service = service
        self.port = port
        self.portName = portName
        self.probability = probability
        self.rewrittenPath = rewrittenPath
        self.description = description
        self.status = status
    }
}

/// What the controller decided: backends to proxy to, or a response it writes itself.
public struct HTTPRouting: Hashable, Sendable, Codable {
    public var backends: [HTTPBackendChoice]
    /// Set when the controller answers itself (404 no rule, 500 no backend, 302 redirect).
    public var responseStatus: Int?
    /// The winning rule (`Ingress default/web rule wear.example.com path /wear (Prefix)`).
    public var decision: String
    public var explanation: String
    /// The candidates considered and why they lost.
    public var detail: [String]
    public var engine: String
    public var notes: [String]
    public init(backends: [HTTPBackendChoice], responseStatus: Int?, decision: String, explanation: String, detail: [String], engine: String, notes: [String] = []) {
        self.backends = backends
        self.responseStatus = responseStatus
        self.decision = decision
        self.explanation = explanation
        self.detail = detail
        self.engine = engine
        self.notes = notes
    }
}
