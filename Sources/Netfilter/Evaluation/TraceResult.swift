import NetCore

/// One line of a trace, in the spirit of the kernel's `TRACE` target: which rule of which
/// chain was tested, and whether and why it matched.
///
/// `rule` is the 1-based rule number (`iptables -L --line-numbers`); nil for a chain
/// policy or a table note. When the walker jumps over a run of rules that cannot match
/// (see `RuleIndex`), one step stands for the run: `rule` is its first rule and
/// `skipped` how many rules it covers.
public struct TraceStep: Sendable, Hashable, Codable {
    public var table: String
    public var chain: String
    public var rule: Int?
    public var text: String
    public var matched: Bool
    public var reason: String
    public var skipped: Int?

    public init(table: String, chain: String, rule: Int?, text: String, matched: Bool, reason: String, skipped: Int? = nil) {
        self.table = table; self.chain = chain; self.rule = rule; self.text = text
        self.matched = matched; self.reason = reason; self.skipped = skipped
    }

    enum CodingKeys: String, CodingKey { case table, chain, rule, text, matched, reason, skipped }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(table, forKey: .table)
        try c.encode(chain, forKey: .chain)
        try c.encode(rule, forKey: .rule)  // null for policies and notes
        try c.encode(text, forKey: .text)
        try c.encode(matched, forKey: .matched)
        try c.encode(reason, forKey: .reason)
        try c.encodeIfPresent(skipped, forKey: .skipped)
    }
}

/// One way the packet can go, with its probability (random `statistic` draws are enumerated).
public struct TraceOutcome: Sendable, Hashable, Codable {
    public var probability: Double
    public var verdict: Verdict
    /// `IP:PORT` the destination was rewritten to, if a DNAT (or REDIRECT) applied.
    public var dnat: String?
    /// `IP:PORT` (or `IP`) of an SNAT `--to-source`.
    public var snat: String?
    /// True when MASQUERADE rewrote the source to the outgoing interface's address.
    public var masquerade: Bool
    public var path: [TraceStep]
    public var rulesEvaluated: Int
    /// The hooks passed, in order (`PREROUTING`, `FORWARD`, `POSTROUTING` …).
    public var hooks: [String]
    /// The packet's mark when it left (or was dropped).
    public var mark: UInt32
    /// Assumptions and simplifications that affected this outcome (unmodelled matches, …).
    public var notes: [String]

    enum CodingKeys: String, CodingKey { case probability, verdict, dnat, snat, masquerade, path, rulesEvaluated, hooks, mark, notes }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(probability, forKey: .probability)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(dnat, forKey: .dnat)
        try c.encode(snat, forKey: .snat)
        try c.encode(masquerade, forKey: .masquerade)
        try c.encode(path, forKey: .path)
        try c.encode(rulesEvaluated, forKey: .rulesEvaluated)
        try c.encode(hooks, forKey: .hooks)
        try c.encode(mark, forKey: .mark)
        try c.encode(notes, forKey: .notes)
    }
}

/// Every outcome for one packet. `rulesEvaluated` is the most rules the kernel tests on any
/// outcome's path (each outcome carries its own count).
public struct TraceResult: Sendable, Hashable, Codable {
    public var packet: Packet
    public var outcomes: [TraceOutcome]
    public var rulesEvaluated: Int
    public var notes: [String]

    enum CodingKeys: String, CodingKey { case outcomes, rulesEvaluated, packet, notes }
    public init(packet: Packet, outcomes: [TraceOutcome], rulesEvaluated: Int, notes: [String]) {
        self.packet = packet; self.outcomes = outcomes; self.rulesEvaluated = rulesEvaluated; self.notes = notes
    }
}

extension TraceOutcome {
    /// The address the connection goes to after DNAT (nil when not rewritten).
    public var dnatAddress: IPAddress? {
        guard let d = dnat else { return nil }
        if d.hasPrefix("["), let close = d.firstIndex(of: "]") { return IPAddress(d[d.index(after: d.startIndex)..<close]) }
        return IPAddress(d.split(separator: ":").first ?? "")
    }

    /// The port after DNAT (nil when not rewritten).
    public var dnatPort: Int? {
        guard let d = dnat, let colon = d.lastIndex(of: ":") else { return nil }
        return Int(d[d.index(after: colon)...])
    }

    /// The step that decided this outcome: for a DNATed connection the rule (or IPVS
    /// step) that rewrote the destination, otherwise the last rule or policy that matched
    /// (the REJECT or DROP rule, or the ACCEPT that let it through).
    public var decidingStep: TraceStep? {
        if dnat != nil, let s = path.last(where: { $0.matched && ($0.table == "ipvs" || $0.text.contains(" -j DNAT") || $0.text.contains(" -j REDIRECT")) }) {
            return s
        }
        return path.last { $0.matched }
    }

    /// The texts of the rules that matched, in order.
    public var matchedRules: [String] { path.filter(\.matched).map(\.text) }
}
