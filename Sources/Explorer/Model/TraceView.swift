/// A request's path as the Steps and Detail panes and the animation need it.
///
/// Mirrors the JSON of `kubewalk trace -o json` (issue 6): `hops[]` with `index`, `kind`,
/// `node`, `pod`, `interface`, `before`/`after` headers, `decision`, `explanation`,
/// `alternatives`, the topology ids the hop moves between, and the `outcome`. The
/// adapter from PacketPath's result fills it; the explorer never re-derives an answer.
public struct TraceView: Hashable, Sendable {
    public var request: String
    public var hops: [HopView]
    public var outcome: OutcomeView
    /// How many alternative outcomes the trace has (kube-proxy's random endpoint choice,
    /// weighted Gateway splits); `o` steps through them with `--pick`.
    public var outcomeCount: Int
    /// Which outcome this is, counting from 1.
    public var pick: Int
    public var notes: [String]

    public init(request: String, hops: [HopView], outcome: OutcomeView, outcomeCount: Int = 1, pick: Int = 1, notes: [String] = []) {
        self.request = request
        self.hops = hops
        self.outcome = outcome
        self.outcomeCount = outcomeCount
        self.pick = pick
        self.notes = notes
    }
}

/// Source, destination and protocol of a packet at one moment: `10.244.1.2:43512`.
public struct HopHeaders: Hashable, Sendable {
    public var src: String
    public var dst: String
    public var proto: String
    public init(src: String, dst: String, proto: String) {
        self.src = src
        self.dst = dst
        self.proto = proto
    }
    public var summary: String { "\(src) → \(dst) \(proto)" }
}

/// One hop: where it happens, what the packet looked like before and after, and why.
public struct HopView: Hashable, Sendable {
    /// One of issue 6's kinds: `dns-query`, `socket`, `veth`, `bridge`, `netfilter`, `route`,
    /// `encap`, `underlay`, `decap`, `deliver`, `http-match`, `proxy`, `reply`, `drop`, `reject`, …
    public var kind: String
    public var node: String?
    public var pod: String?
    public var interface: String?
    public var before: HopHeaders
    public var after: HopHeaders
    public var decision: String
    public var explanation: String
    public var alternatives: [String]
    /// Topology ids this hop happens at, in travel order (the last is where the packet is).
    public var elements: [String]
    /// Extra lines for the Detail pane (a chain listing, resolv.conf, candidate rules);
    /// a line starting with `> ` is the one that decided and is highlighted.
    public var detail: [String]

    public init(kind: String, node: String? = nil, pod: String? = nil, interface: String? = nil, before: HopHeaders, after: HopHeaders,
                decision: String, explanation: String, alternatives: [String] = [], elements: [String] = [], detail: [String] = []) {
        self.kind = kind
        self.node = node
        self.pod = pod
        self.interface = interface
        self.before = before
        self.after = after
        self.decision = decision
        self.explanation = explanation
        self.alternatives = alternatives
        self.elements = elements
        self.detail = detail
    }

    /// Where the hop happens, for the Steps pane: `node01 pod default/client eth0`.
    public var place: String {
        [node, pod, interface].compactMap { $0 }.joined(separator: " ")
    }

    /// The topology id the packet sits at during this hop.
    public var locationID: String? {
        if let last = elements.last { return last }
        if let pod { return "pod:" + pod }
        if let node { return "node:" + node }
        return nil
    }
}

/// How the request ended (`outcome` in issue 6's JSON).
public struct OutcomeView: Hashable, Sendable {
    /// `delivered`, `refused`, `dropped`, `timeout`, `nxdomain`, `http-error`.
    public var status: String
    public var pod: String?
    public var address: String?
    public var port: Int?
    public var httpStatus: Int?
    /// The symptom and its cause, in one sentence.
    public var message: String

    public init(status: String, pod: String? = nil, address: String? = nil, port: Int? = nil, httpStatus: Int? = nil, message: String = "") {
        self.status = status
        self.message = message
        self.pod = pod
        self.address = address
        self.port = port
        self.httpStatus = httpStatus
    }

    public var summary: String {
        var s = status
        if let pod { s += " to \(pod)" }
        if let address { s += " \(address)" + (port.map { ":\($0)" } ?? "") }
        if let httpStatus { s += " HTTP \(httpStatus)" }
        if !message.isEmpty { s += " — " + message }
        return s
    }
}
