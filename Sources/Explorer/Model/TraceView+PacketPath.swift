import PacketPath

extension TraceView {
    /// Adapts PacketPath's `Trace` (the JSON contract of issue 6) for display. Nothing is
    /// re-derived: fields are copied, and the outcome count is read from the alternatives'
    /// `pick` numbers.
    public init(_ trace: Trace) {
        let hops = trace.hops.map { HopView($0) }
        var count = trace.request.pick
        for hop in trace.hops { for a in hop.alternatives { count = max(count, a.pick ?? 0) } }
        let headers = trace.request.headers.isEmpty ? "" : " " + trace.request.headers.map { "-H '\($0)'" }.joined(separator: " ")
        let method = trace.request.method == "GET" ? "" : "-X \(trace.request.method) "
        self.init(request: "\(trace.request.from) → \(method)\(trace.request.target)\(headers)",
                  hops: hops,
                  outcome: OutcomeView(status: trace.outcome.status.rawValue, pod: trace.outcome.pod, address: trace.outcome.address,
                                       port: trace.outcome.port, httpStatus: trace.outcome.httpStatus, message: trace.outcome.message),
                  outcomeCount: max(1, count), pick: trace.request.pick,
                  notes: trace.notes + trace.hops.flatMap(\.notes))
    }
}

extension HopView {
    init(_ hop: Hop) {
        // A hop that creates the packet (the socket) has no "before"; one that does not
        // change it may give only one side. Neither then shows as a change.
        let given = hop.after ?? hop.before
        let after = given.map { HopHeaders(src: $0.src, dst: $0.dst, proto: $0.proto) } ?? HopHeaders(src: "", dst: "", proto: "")
        let before = hop.before.map { HopHeaders(src: $0.src, dst: $0.dst, proto: $0.proto) } ?? after
        let alternatives = hop.alternatives.map { a -> String in
            var s = a.description
            if let p = a.probability { s += " (p=\(Self.format(p)))" }
            if let pick = a.pick { s += " [--pick \(pick)]" }
            return s
        }
        self.init(kind: hop.kind.rawValue, node: hop.node, pod: hop.pod, interface: hop.interface, before: before, after: after,
                  decision: hop.decision, explanation: hop.explanation, alternatives: alternatives,
                  elements: [hop.from, hop.to].compactMap { $0?.raw }, detail: hop.detail)
    }

    static func format(_ p: Double) -> String {
        let r = (p * 1000).rounded() / 1000
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
