/// The three lines of resolv.conf that decide a lookup, as the `dns` command's JSON shows them.
public struct ResolvConfLines: Hashable, Sendable, Codable {
    public var nameservers: [String]
    public var search: [String]
    public var options: [String]
    public init(nameservers: [String], search: [String], options: [String]) {
        self.nameservers = nameservers
        self.search = search
        self.options = options
    }
}

/// One DNAT outcome of a query packet to the kube-dns Service: which CoreDNS endpoint
/// receives it and with what probability (kube-proxy's `-m statistic` chain, enumerated),
/// and, when kube-proxy's rules decided it, the rule that rewrote the destination.
public struct DNSDNATOutcome: Hashable, Sendable, Codable {
    /// `ip:port` of the CoreDNS endpoint.
    public var endpoint: String
    /// `namespace/name` of the CoreDNS pod, when known.
    public var pod: String?
    public var node: String?
    public var probability: Double
    /// The endpoint's chain (`KUBE-SEP-…`) whose DNAT rule decided this outcome; nil in the
    /// EndpointSlice model.
    public var chain: String?
    /// The deciding rule, `table/CHAIN #n` then the rule as iptables-save prints it (in ipvs
    /// mode, the IPVS virtual server that scheduled the connection).
    public var rule: String?
    /// Every rule the packet matched on the way to this outcome, in order (same form).
    public var rules: [String]?
    public init(endpoint: String, pod: String?, node: String?, probability: Double, chain: String? = nil, rule: String? = nil,
                rules: [String]? = nil) {
        self.endpoint = endpoint
        self.pod = pod
        self.node = node
        self.probability = probability
        self.chain = chain
        self.rule = rule
        self.rules = rules
    }
}

/// A query as a packet: from the pod to its nameserver on 53/UDP and, when that is the
/// kube-dns Service, the DNAT outcome set to CoreDNS pods.
public struct DNSPacketPath: Hashable, Sendable, Codable {
    /// The sender's address (the pod IP, or the node IP for a hostNetwork pod).
    public var src: String
    /// `nameserver:53`.
    public var dst: String
    public var proto: String
    /// `Service kube-system/kube-dns`, `CoreDNS pod …`, or `resolver outside the cluster`.
    public var via: String
    public var outcomes: [DNSDNATOutcome]
    /// For the kube-dns Service: whose rules decided the outcome set (`kube-proxy's iptables
    /// rules on node node01`, or the EndpointSlice model when there are none).
    public var dnatBy: String?
    /// For the kube-dns Service: the Service port's chain, `KUBE-SVC-…`.
    public var serviceChain: String?
    /// For a query kube-proxy refuses or drops: the deciding rule and why.
    public var refusal: String?
    public var note: String?
    public init(src: String, dst: String, proto: String = "udp", via: String, outcomes: [DNSDNATOutcome] = [], dnatBy: String? = nil,
                serviceChain: String? = nil, refusal: String? = nil, note: String? = nil) {
        self.src = src
        self.dst = dst
        self.proto = proto
        self.via = via
        self.outcomes = outcomes
        self.dnatBy = dnatBy
        self.serviceChain = serviceChain
        self.refusal = refusal
        self.note = note
    }
}

/// One query the stub resolver sends and the reply it gets.
public struct DNSQueryStep: Hashable, Sendable, Codable {
    /// Fully qualified, with the trailing dot.
    public var name: String
    public var type: DNSRecordType
    /// The nameserver the query is sent to.
    public var server: String
    /// The reply's rcode; `no reply` when nothing answers (connection refused, timeout).
    public var rcode: String
    public var answers: [DNSRecord]
    public var authority: [DNSRecord]
    public var additional: [DNSRecord]
    /// 1-based index of the candidate name this query belongs to.
    public var candidate: Int
    /// 1 for the first send; 2… for resends after SERVFAIL/REFUSED.
    public var attempt: Int
    /// Which server block and plugin wrote the reply (`.:53 kubernetes`).
    public var decidedBy: String
    public var explanation: String
    public var path: DNSPacketPath
    public var notes: [String]
}

/// One candidate name of the search-list walk and what the resolver decided after it.
public struct DNSCandidateStep: Hashable, Sendable, Codable {
    public var index: Int
    public var name: String
    /// `as typed`, `search domain shop.svc.cluster.local`, …
    public var origin: String
    /// `found`, `not found`, `no data`, `try again`, `unrecoverable`, `skipped`, `refused`.
    public var outcome: String
    /// The stub rule that continued or ended the walk here.
    public var decision: String
}

/// How the lookup ended, as the application sees it.
public struct DNSResult: Hashable, Sendable, Codable {
    /// `NOERROR` on success, else the rcode that decided the failure (or `no reply`).
    public var rcode: String
    public var answers: [DNSRecord]
    /// The addresses getaddrinfo returns (sorted), or the records' data for other types.
    public var addresses: [String]
    /// `EAI_NONAME`, `EAI_NODATA`, `EAI_AGAIN`, `EAI_FAIL` (getaddrinfo) or `HOST_NOT_FOUND`,
    /// `NO_DATA`, `TRY_AGAIN`, `NO_RECOVERY` (res_search); nil on success.
    public var error: String?
    /// One sentence: what the application gets and why.
    public var message: String
    /// The candidate that answered, when one did.
    public var answeredBy: String?
}

/// A whole name lookup from a pod: the resolv.conf in force, every query sent with its
/// reply and packet path, the walk's decisions, and the result (`kubewalk dns`).
public struct DNSResolution: Hashable, Sendable, Codable {
    public var pod: String
    /// The name as typed (or the address, for a reverse lookup).
    public var name: String
    /// `glibc` or `musl`, and why (`--resolver`, the pod's annotation, default).
    public var resolver: StubResolverKind
    public var resolverSource: String
    /// `getaddrinfo` (A and AAAA per candidate), `res_search` (one type), or `reverse` (PTR).
    public var mode: String
    public var resolvConf: ResolvConfLines
    public var candidates: [DNSCandidateStep]
    public var queries: [DNSQueryStep]
    public var result: DNSResult
    /// Where the model simplifies, and other things the user should know.
    public var notes: [String]
    /// kubelet's DNSConfigForming events and API validation failures for this pod.
    public var warnings: [String]
}
