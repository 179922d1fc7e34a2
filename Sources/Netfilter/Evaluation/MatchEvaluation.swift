import NetCore

/// The result of testing one condition of a rule against the packet.
enum ConditionResult {
    case yes(String)
    case no(String)
    /// A random draw: matches with probability `p` (`-m statistic`).
    case draw(p: Double, yes: String, no: String)
    /// Not evaluated: assumed not to match, and reported.
    case unmodelled(String)
    /// Depends on a fact about the packet the caller did not give (its interfaces).
    case unknown(String)
}

/// The packet fields and connection facts a rule can test at one point of the walk.
struct MatchContext {
    var packet: Packet
    var host: NetfilterHost
    var recent: [String: Set<IPAddress>]
    var dnatted: Bool
    var snatted: Bool
    /// Recent lists changed by `--set`/`--remove` when this rule matches.
    var recentUpdate: (name: String, address: IPAddress, add: Bool)? = nil
}

enum MatchEvaluation {
    static func prefix(_ ip: IPAddress, _ n: Negatable<IPPrefix>, _ what: String) -> ConditionResult {
        let inside = n.value.contains(ip)
        if inside != n.negated {
            return .yes(n.negated ? "\(what) \(ip) is outside \(n.value)" : "\(what) \(ip) is in \(n.value)")
        }
        return .no(n.negated ? "\(what) \(ip) is in \(n.value) (rule says ! \(what == "source" ? "-s" : "-d"))" : "\(what) \(ip) is not in \(n.value)")
    }

    static func interface(_ actual: String?, _ n: Negatable<String>, _ flag: String) -> ConditionResult {
        guard let actual else {
            let which = flag == "-i" ? "input" : "output"
            return .unknown("\(flag) \(n.negated ? "! " : "")\(n.value): the packet's \(which) interface was not given (--\(flag == "-i" ? "in" : "out")-interface), so the rule is assumed not to match")
        }
        let pattern = n.value
        let hit = pattern.hasSuffix("+") ? actual.hasPrefix(pattern.dropLast()) : actual == pattern
        if hit != n.negated { return .yes("interface \(actual) \(n.negated ? "is not" : "is") \(pattern)") }
        return .no("interface \(actual) \(n.negated ? "is" : "is not") \(pattern)")
    }

    static func proto(_ packet: Packet, _ n: Negatable<String>) -> ConditionResult {
        let p = packet.proto.lowercased
        let hit = n.value == "all" || n.value == p
        if hit != n.negated { return .yes("protocol \(p)") }
        return .no("protocol is \(p), rule wants \(n.negated ? "not " : "")\(n.value)")
    }

    static func port(_ actual: Int, _ n: Negatable<PortMatch>, _ what: String) -> ConditionResult {
        let hit = n.value.contains(actual)
        if hit != n.negated { return .yes("\(what) \(actual)\(n.negated ? " is not \(n.value.text)" : "")") }
        return .no("\(what) \(actual) \(n.negated ? "is" : "is not") \(n.value.text)")
    }

    static func addressType(_ ip: IPAddress, host: NetfilterHost) -> String {
        if host.isLocal(ip) { return "LOCAL" }
        switch ip {
        case .v4(let a):
            if a.value == 0xffff_ffff { return "BROADCAST" }
            if a.value >> 28 == 0xe { return "MULTICAST" }
        case .v6(let a):
            if a.high >> 56 == 0xff { return "MULTICAST" }
        }
        return "UNICAST"
    }

    static func evaluate(_ m: Match, _ ctx: inout MatchContext) -> ConditionResult {
        let packet = ctx.packet
        switch m {
        case .comment:
            return .yes("")
        case .ports(let name, let sport, let dport, let extra):
            guard name == packet.proto.lowercased else { return .no("-m \(name) needs a \(name) packet") }
            if let s = sport, case .no(let r) = port(packet.sourcePort, s, "source port") { return .no(r) }
            if let d = dport, case .no(let r) = port(packet.destinationPort, d, "destination port") { return .no(r) }
            if !extra.isEmpty {
                if extra == ["--syn"] {
                    if packet.conntrack == .new { return .yes("a connection's first packet carries SYN") }
                    return .no("not the first (SYN) packet")
                }
                return .unmodelled("-m \(name) \(extra.joined(separator: " "))")
            }
            var parts: [String] = []
            if let s = sport { parts.append("source port \(packet.sourcePort)\(s.negated ? " is not \(s.value.text)" : "")") }
            if let d = dport { parts.append("destination port \(packet.destinationPort)\(d.negated ? " is not \(d.value.text)" : "")") }
            return .yes(parts.joined(separator: ", "))
        case .addrtype(let src, let dst):
            var parts: [String] = []
            for (cond, ip, what) in [(src, packet.source, "source"), (dst, packet.destination, "destination")] {
                guard let cond else { continue }
                let type = addressType(ip, host: ctx.host)
                let hit = cond.value.contains(type)
                let wanted = cond.value.joined(separator: ",")
                if hit == cond.negated {
                    return .no("\(what) \(ip) is \(type), rule wants \(cond.negated ? "not " : "")\(wanted)")
                }
                parts.append("\(what) \(ip) is \(type)\(type == "LOCAL" && !ip.isLoopback ? " (a node address)" : "")")
            }
            return .yes(parts.joined(separator: ", "))
        case .statisticRandom(let p, let negated):
            // The kernel keeps lround(p · 2^31) and matches when a 31-bit random number is below it.
            let stored = (max(0, min(1, p)) * 2_147_483_648).rounded() / 2_147_483_648
            let q = negated ? 1 - stored : stored
            return .draw(p: q, yes: "random draw matched (probability \(format(q)))",
                         no: "random draw did not match (probability \(format(1 - q)))")
        case .statisticNth(let every, let packetNo, let negated):
            let q = negated ? 1 - 1 / Double(every) : 1 / Double(every)
            return .draw(p: q, yes: "nth: this is packet \(packetNo) of every \(every) (share \(format(q)))",
                         no: "nth: not packet \(packetNo) of every \(every) (share \(format(1 - q)))")
        case .mark(let value, let mask, let negated):
            let hit = packet.mark & mask == value
            let desc = "mark \(MarkValue.hex(packet.mark)) & \(MarkValue.hex(mask)) \(hit ? "==" : "!=") \(MarkValue.hex(value))"
            return hit != negated ? .yes(desc) : .no(desc)
        case .ctstate(let states, let negated, _):
            var have: Set<ConntrackState> = [packet.conntrack]
            if ctx.dnatted { have.insert(.dnat) }
            if ctx.snatted { have.insert(.snat) }
            let hit = !have.isDisjoint(with: states)
            let haveText = ConntrackState.allCases.filter(have.contains).map(\.rawValue).joined(separator: ",")
            let wantText = ConntrackState.allCases.filter(states.contains).map(\.rawValue).joined(separator: ",")
            let desc = "conntrack state \(haveText) is \(hit ? "" : "not ")in \(wantText)"
            return hit != negated ? .yes(desc) : .no(desc)
        case .recent(let r):
            let ip = r.rdest ? packet.destination : packet.source
            let seen = ctx.recent[r.name]?.contains(ip) ?? false
            switch r.command {
            case .set:
                ctx.recentUpdate = (r.name, ip, true)
                return r.negated ? .no("recent --set always matches; negated") : .yes("records \(ip) in recent list \(r.name)")
            case .rcheck, .update:
                let window = r.seconds.map { " within \($0)s" } ?? ""
                if seen != r.negated {
                    return .yes(seen ? "\(ip) is in recent list \(r.name) (seen\(window))" : "\(ip) is not in recent list \(r.name)")
                }
                return .no(seen ? "\(ip) is in recent list \(r.name)" : "\(ip) is not in recent list \(r.name) (no earlier connection\(window))")
            case .remove:
                if seen { ctx.recentUpdate = (r.name, ip, false) }
                return seen != r.negated ? .yes("removes \(ip) from recent list \(r.name)") : .no("\(ip) is not in recent list \(r.name)")
            }
        case .multiport(let kind, let ports, let negated):
            guard ["tcp", "udp", "sctp"].contains(packet.proto.lowercased) else { return .no("multiport needs tcp, udp or sctp") }
            let candidates: [Int]
            switch kind {
            case .sports: candidates = [packet.sourcePort]
            case .dports: candidates = [packet.destinationPort]
            case .ports: candidates = [packet.sourcePort, packet.destinationPort]
            }
            let hit = candidates.contains { c in ports.contains { $0.contains(c) } }
            let list = ports.map(\.text).joined(separator: ",")
            let desc = "\(kind == .sports ? "source port" : kind == .dports ? "destination port" : "port") \(candidates.map(String.init).joined(separator: "/")) \(hit ? "is" : "is not") in \(list)"
            return hit != negated ? .yes(desc) : .no(desc)
        case .set(let name, let dirs, let negated):
            guard let set = ctx.host.ipsets[name] else {
                return .unmodelled("-m set --match-set \(name): the set's members are unknown (iptables-save does not print ipsets)")
            }
            let hit = set.contains(packet, directions: dirs)
            let desc = "packet \(hit ? "is" : "is not") in set \(name) (\(set.type), \(dirs.map(\.rawValue).joined(separator: ",")))"
            return hit != negated ? .yes(desc) : .no(desc)
        case .nfacct(let name):
            return .yes("counted in nfacct object \(name)")
        case .unmodelled(let module, let args):
            return .unmodelled("-m \(module) \(args.joined(separator: " "))")
        }
    }

    static func format(_ p: Double) -> String {
        let r = (p * 1_000_000).rounded() / 1_000_000
        return String(r)
    }
}
