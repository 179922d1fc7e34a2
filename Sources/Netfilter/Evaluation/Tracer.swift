import NetCore

/// Walks a packet through a node's whole ruleset, hook by hook, in the kernel's order.
///
/// Arriving packet: PREROUTING (raw, mangle, nat) → routing decision on the (possibly
/// DNATed) destination: a local address → INPUT (mangle, filter, nat); anything else →
/// FORWARD (mangle, filter) → POSTROUTING (mangle, nat). Locally generated: OUTPUT (raw,
/// mangle, nat, filter) → POSTROUTING (mangle, nat), then, for a local destination, the
/// loopback delivery's PREROUTING (raw, mangle) and INPUT (mangle, filter). The nat table
/// is consulted only for a connection's first packet (`nf_nat_inet_fn` runs the table when
/// the conntrack entry has no NAT binding yet); later packets reuse the binding.
/// Hook priorities: `enum nf_ip_hook_priorities` in include/uapi/linux/netfilter_ipv4.h.
public struct Tracer: Sendable {
    public let ruleset: Ruleset
    public let host: NetfilterHost

    public init(ruleset: Ruleset, host: NetfilterHost) {
        self.ruleset = ruleset
        self.host = host
    }

    /// Every outcome for `packet`, each with its probability and the rules that led to it.
    /// - Complexity: proportional to the rules actually tested; long indexed chains
    ///   (KUBE-SERVICES) are crossed in O(log n) per skipped run.
    public func trace(_ packet: Packet) -> TraceResult {
        var notes: [String] = []
        if packet.destination.family != ruleset.family {
            notes.append("the packet is \(packet.destination.family.rawValue) but the rules are \(ruleset.family.rawValue) (\(ruleset.family == .ipv4 ? "iptables" : "ip6tables")); no address rule can match")
        }
        if packet.conntrack != .new {
            notes.append("the packet belongs to an existing connection (\(packet.conntrack.rawValue)): nat is not consulted; the connection's original translation applies")
        }
        let start = WalkState(packet: packet, recent: host.recent)
        var states: [WalkState] = [start]
        var done: [TraceOutcome] = []

        func run(_ hook: String, _ tables: [TableName]) {
            var next: [WalkState] = []
            for var s in states {
                s.hooks.append(hook)
                var current = [s]
                for t in tables {
                    var after: [WalkState] = []
                    for st in current {
                        // nat runs only for a connection's first packet (its binding is set then).
                        if t == .nat && st.packet.conntrack != .new {
                            after.append(st); continue
                        }
                        guard let table = ruleset.tables[t] else { after.append(st); continue }
                        for (ws, verdict) in ChainWalker(table: table, host: host, family: ruleset.family).walk(hook: hook, st) {
                            switch verdict {
                            case .accept: after.append(ws)
                            case .drop: done.append(outcome(ws, .drop))
                            case .reject: done.append(outcome(ws, .reject))
                            }
                        }
                    }
                    current = after
                }
                next += current
            }
            states = next
        }

        if packet.locallyGenerated {
            run("OUTPUT", [.raw, .mangle, .nat, .filter, .security])
            run("POSTROUTING", [.mangle, .nat])
            let (local, remote) = partition(states)
            states = local
            // Loopback delivery: the connection is already translated, so nat is skipped.
            run("PREROUTING", [.raw, .mangle])
            run("INPUT", [.mangle, .filter, .security])
            states += remote
        } else {
            run("PREROUTING", [.raw, .mangle, .nat])
            let (local, remote) = partition(states)
            states = local
            run("INPUT", [.mangle, .filter, .security, .nat])
            let delivered = states
            states = remote
            run("FORWARD", [.mangle, .filter, .security])
            run("POSTROUTING", [.mangle, .nat])
            states = delivered + states
        }
        done += states.map { outcome($0, .accept) }
        done.sort { a, b in
            if a.verdict != b.verdict { return a.verdict == .accept }
            return (a.dnat ?? "") < (b.dnat ?? "") || ((a.dnat ?? "") == (b.dnat ?? "") && a.probability > b.probability)
        }
        return TraceResult(packet: packet, outcomes: done, rulesEvaluated: done.map(\.rulesEvaluated).max() ?? 0, notes: notes)
    }

    private func partition(_ states: [WalkState]) -> ([WalkState], [WalkState]) {
        var local: [WalkState] = [], remote: [WalkState] = []
        for s in states { if host.isLocal(s.packet.destination) { local.append(s) } else { remote.append(s) } }
        return (local, remote)
    }

    private func outcome(_ s: WalkState, _ verdict: Verdict) -> TraceOutcome {
        TraceOutcome(probability: s.probability, verdict: verdict, dnat: s.dnat, snat: s.snat, masquerade: s.masquerade,
                     path: s.path, rulesEvaluated: s.rulesEvaluated, hooks: s.hooks, mark: s.packet.mark, notes: s.notes)
    }
}
