/// A request's whole path through the cluster: what `kubewalk trace` prints, what the
/// explorer animates. The shape is the JSON of `kubewalk trace -o json` (issue 6).
///
/// Every hop names the topology elements it moves between by stable ids (`TopologyID`),
/// so the UI can animate it without knowing any networking.
public struct Trace: Hashable, Sendable, Codable {
    public var request: TraceRequest
    public var hops: [Hop]
    public var outcome: TraceOutcome
    /// Where the model simplifies something this trace relies on, in words a user reads.
    public var notes: [String]
    /// Every way the whole request can end when it meets random choices (kube-proxy's draw,
    /// a Gateway's weights, a proxy's balancing): each with its probability and `--pick`.
    /// Empty when the path is certain.
    public var outcomes: [Alternative] = []
    /// The probability of the path this trace follows (1 when nothing was random).
    public var probability: Double = 1

    public init(request: TraceRequest, hops: [Hop], outcome: TraceOutcome, notes: [String] = []) {
        self.request = request
        self.hops = hops
        self.outcome = outcome
        self.notes = notes
    }
}

/// What was asked: the source, the target and, for HTTP, the method and headers.
public struct TraceRequest: Hashable, Sendable, Codable {
    public var from: String
    public var target: String
    public var method: String
    public var headers: [String]
    /// Which random outcome to follow (1-based), where kube-proxy or a Gateway split by chance.
    public var pick: Int

    public init(from: String, target: String, method: String = "GET", headers: [String] = [], pick: Int = 1) {
        self.from = from
        self.target = target
        self.method = method
        self.headers = headers
        self.pick = pick
    }
}

/// The L3/L4 header of the packet at a moment: `src`/`dst` as `IP:PORT`, `proto` as `tcp`/`udp`/`sctp`.
public struct PacketHeaders: Hashable, Sendable, Codable {
    public var src: String
    public var dst: String
    public var proto: String
    public init(src: String, dst: String, proto: String) {
        self.src = src
        self.dst = dst
        self.proto = proto
    }
}

/// What kind of step a hop is (the `kind` field of the JSON).
public enum HopKind: String, Hashable, Sendable, Codable, CaseIterable {
    case dnsQuery = "dns-query"
    case dnsAnswer = "dns-answer"
    case socket, veth, bridge, netfilter, route, encap, underlay, decap, deliver
    case httpMatch = "http-match"
    case proxy, reply, drop, reject
}

/// A stable name for an element of the topology map: `node:node01`, `pod:default/client`,
/// `iface:node01/cni0`, `iface:node01/veth1a2b3c4d`, `svc:default/web`, `ext:browser`,
/// `ingress:ingress-nginx/ingress-nginx-controller`, `gateway:default/gw`.
public struct TopologyID: Hashable, Sendable, Codable, CustomStringConvertible {
    public var raw: String
    public init(_ raw: String) { self.raw = raw }
    public static func node(_ name: String) -> TopologyID { TopologyID("node:\(name)") }
    public static func pod(_ namespace: String, _ name: String) -> TopologyID { TopologyID("pod:\(namespace)/\(name)") }
    public static func interface(_ node: String, _ name: String) -> TopologyID { TopologyID("iface:\(node)/\(name)") }
    public static func service(_ namespace: String, _ name: String) -> TopologyID { TopologyID("svc:\(namespace)/\(name)") }
    public static func external(_ name: String) -> TopologyID { TopologyID("ext:\(name)") }
    public var description: String { raw }

    public init(from decoder: Decoder) throws { raw = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(raw) }
}

/// Another way a random choice could have gone (another endpoint, another weighted backend).
public struct Alternative: Hashable, Sendable, Codable {
    public var description: String
    public var probability: Double?
    /// The `--pick` value that follows this alternative.
    public var pick: Int?
    public init(description: String, probability: Double? = nil, pick: Int? = nil) {
        self.description = description
        self.probability = probability
        self.pick = pick
    }
}

/// One step of the path.
public struct Hop: Hashable, Sendable, Codable {
    public var index: Int
    public var kind: HopKind
    public var node: String?
    public var pod: String?
    public var interface: String?
    public var before: PacketHeaders?
    public var after: PacketHeaders?
    /// What decided this hop: a rule, a route, a record, a match ("-A KUBE-SERVICES … -j KUBE-SVC-…").
    public var decision: String
    /// A sentence a learner understands.
    public var explanation: String
    public var alternatives: [Alternative]
    /// The map elements the packet moves between during this hop.
    public var from: TopologyID?
    public var to: TopologyID?
    /// Longer listing for the detail pane (a chain walk, a resolv.conf, candidate rules), line by line.
    public var detail: [String]
    /// Where this hop relies on a simplification of the model.
    public var notes: [String]

    public init(index: Int, kind: HopKind, node: String? = nil, pod: String? = nil, interface: String? = nil,
                before: PacketHeaders? = nil, after: PacketHeaders? = nil, decision: String, explanation: String,
                alternatives: [Alternative] = [], from: TopologyID? = nil, to: TopologyID? = nil,
                detail: [String] = [], notes: [String] = []) {
        self.index = index
        self.kind = kind
        self.node = node
        self.pod = pod
        self.interface = interface
        self.before = before
        self.after = after
        self.decision = decision
        self.explanation = explanation
        self.alternatives = alternatives
        self.from = from
        self.to = to
        self.detail = detail
        self.notes = notes
    }
}

extension Trace {
    enum CodingKeys: String, CodingKey { case request, hops, outcome, notes, outcomes, probability }

    /// `outcomes` and `probability` are optional in the input (older traces lack them).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        request = try c.decode(TraceRequest.self, forKey: .request)
        hops = try c.decode([Hop].self, forKey: .hops)
        outcome = try c.decode(TraceOutcome.self, forKey: .outcome)
        notes = try c.decodeIfPresent([String].self, forKey: .notes) ?? []
        outcomes = try c.decodeIfPresent([Alternative].self, forKey: .outcomes) ?? []
        probability = try c.decodeIfPresent(Double.self, forKey: .probability) ?? 1
    }
}

extension Hop {
    enum CodingKeys: String, CodingKey {
        case index, kind, node, pod, interface, before, after, decision, explanation, alternatives, from, to, detail, notes
    }

    /// Every key of issue 6's shape is always present (`null` when a hop has no value), so
    /// consumers of `-o json` need not guess.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(kind, forKey: .kind)
        try c.encode(node, forKey: .node)
        try c.encode(pod, forKey: .pod)
        try c.encode(interface, forKey: .interface)
        try c.encode(before, forKey: .before)
        try c.encode(after, forKey: .after)
        try c.encode(decision, forKey: .decision)
        try c.encode(explanation, forKey: .explanation)
        try c.encode(alternatives, forKey: .alternatives)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(detail, forKey: .detail)
        try c.encode(notes, forKey: .notes)
    }
}

extension TraceOutcome {
    enum CodingKeys: String, CodingKey { case status, pod, address, port, httpStatus, message }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(status, forKey: .status)
        try c.encode(pod, forKey: .pod)
        try c.encode(address, forKey: .address)
        try c.encode(port, forKey: .port)
        try c.encode(httpStatus, forKey: .httpStatus)
        try c.encode(message, forKey: .message)
    }
}

/// How the request ended.
public struct TraceOutcome: Hashable, Sendable, Codable {
    public enum Status: String, Hashable, Sendable, Codable {
        case delivered, refused, dropped, timeout, nxdomain
        case httpError = "http-error"
    }
    public var status: Status
    /// `NAMESPACE/NAME` of the pod that answered.
    public var pod: String?
    public var address: String?
    /// The container port that answered.
    public var port: Int?
    public var httpStatus: Int?
    /// The symptom and its cause, in one sentence ("connection refused: default/empty has no endpoints").
    public var message: String

    public init(status: Status, pod: String? = nil, address: String? = nil, port: Int? = nil, httpStatus: Int? = nil, message: String) {
        self.status = status
        self.pod = pod
        self.address = address
        self.port = port
        self.httpStatus = httpStatus
        self.message = message
    }
}
