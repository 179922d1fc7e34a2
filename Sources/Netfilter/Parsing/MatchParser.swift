import NetCore

/// Reads the options of one `-m module` into a typed `Match`.
enum MatchParser {
    typealias Failure = RuleParser.Failure

    static let knownOptions: [String: Set<String>] = [
        "tcp": ["--sport", "--dport", "--source-port", "--destination-port", "--tcp-flags", "--syn", "--tcp-option"],
        "udp": ["--sport", "--dport", "--source-port", "--destination-port"],
        "sctp": ["--sport", "--dport", "--source-port", "--destination-port", "--chunk-types"],
        "comment": ["--comment"],
        "addrtype": ["--src-type", "--dst-type", "--limit-iface-in", "--limit-iface-out"],
        "statistic": ["--mode", "--probability", "--every", "--packet"],
        "mark": ["--mark"],
        "conntrack": ["--ctstate", "--ctproto", "--ctorigsrc", "--ctorigdst", "--ctreplsrc", "--ctrepldst",
                      "--ctorigsrcport", "--ctorigdstport", "--ctreplsrcport", "--ctrepldstport", "--ctstatus", "--ctexpire", "--ctdir"],
        "state": ["--state"],
        "recent": ["--name", "--set", "--rcheck", "--update", "--remove", "--seconds", "--reap", "--hitcount", "--rttl", "--mask", "--rsource", "--rdest"],
        "multiport": ["--sports", "--dports", "--ports", "--source-ports", "--destination-ports"],
        "set": ["--match-set", "--set", "--return-nomatch", "--update-counters", "--update-subcounters", "--packets-eq", "--packets-lt", "--packets-gt", "--bytes-eq", "--bytes-lt", "--bytes-gt"],
        "nfacct": ["--nfacct-name"],
    ]

    /// Does `module` take `option`? Unknown modules take every option (their words are kept as written).
    static func accepts(module: String, option: String) -> Bool {
        // The common kube-proxy cases first, without hashing.
        switch module {
        case "comment": return option == "--comment"
        case "tcp", "udp": return option == "--dport" || option == "--sport" || (knownOptions[module]?.contains(option) ?? false)
        case "nfacct": return option == "--nfacct-name"
        case "mark": return option == "--mark"
        default: return knownOptions[module]?.contains(option) ?? true
        }
    }

    static func words(_ module: String, _ options: [OptionWords]) -> [String] {
        options.flatMap { ($0.negated ? ["!"] : []) + [$0.name] + $0.values }
    }

    static func one(_ o: OptionWords) throws(Failure) -> String {
        guard o.valueCount == 1, let v = o.value else {
            throw Failure(column: o.column, message: "\(o.name) takes exactly one value")
        }
        return v
    }

    static func match(module: String, options: [OptionWords], family: IPFamily, column: Int) throws(Failure) -> Match {
        var unmodelled: Match { Match.unmodelled(module: module, arguments: words(module, options)) }
        for o in options where !accepts(module: module, option: o.name) {
            throw Failure(column: o.column, message: "-m \(module) has no option \(o.name)")
        }
        switch module {
        case "tcp", "udp", "sctp":
            var sport: Negatable<PortMatch>? = nil, dport: Negatable<PortMatch>? = nil
            var extra: [String] = []
            for o in options {
                switch o.name {
                case "--sport", "--source-port", "--dport", "--destination-port":
                    let v = try one(o)
                    guard let p = PortMatch(v) else { throw Failure(column: o.column, message: "'\(v)' is not a port or port range") }
                    if o.name.hasPrefix("--s") { sport = Negatable(p, negated: o.negated) } else { dport = Negatable(p, negated: o.negated) }
                default:
                    extra += (o.negated ? ["!"] : []) + [o.name] + o.values
                }
            }
            return .ports(protocolName: module, sport: sport, dport: dport, extra: extra)
        case "comment":
            guard let o = options.first else { throw Failure(column: column, message: "-m comment needs --comment") }
            return .comment(try one(o))
        case "addrtype":
            var src: Negatable<[String]>? = nil, dst: Negatable<[String]>? = nil
            for o in options {
                switch o.name {
                case "--src-type": src = Negatable(try one(o).split(separator: ",").map(String.init), negated: o.negated)
                case "--dst-type": dst = Negatable(try one(o).split(separator: ",").map(String.init), negated: o.negated)
                default: return unmodelled
                }
            }
            let types = (src?.value ?? []) + (dst?.value ?? [])
            if types.contains(where: { !AddressTypes.modelled.contains($0) }) { return unmodelled }
            return .addrtype(src: src, dst: dst)
        case "statistic":
            var mode: String? = nil, prob: Double? = nil, every: Int? = nil, packet = 0, negated = false
            for o in options {
                let v = try one(o)
                switch o.name {
                case "--mode": mode = v
                case "--probability":
                    guard let p = Double(v), p >= 0, p <= 1 else { throw Failure(column: o.column, message: "--probability '\(v)' is not a number from 0 to 1") }
                    prob = p; negated = negated || o.negated
                case "--every":
                    guard let n = Int(v), n > 0 else { throw Failure(column: o.column, message: "--every '\(v)' is not a positive number") }
                    every = n; negated = negated || o.negated
                case "--packet":
                    guard let n = Int(v), n >= 0 else { throw Failure(column: o.column, message: "--packet '\(v)' is not a number") }
                    packet = n
                default: break
                }
            }
            if mode == "random", let p = prob { return .statisticRandom(probability: p, negated: negated) }
            if mode == "nth", let n = every { return .statisticNth(every: n, packet: packet, negated: negated) }
            throw Failure(column: column, message: "-m statistic needs --mode random --probability P or --mode nth --every N")
        case "mark":
            guard let o = options.first else { throw Failure(column: column, message: "-m mark needs --mark") }
            let v = try one(o)
            guard let (value, mask) = MarkValue.parse(v) else { throw Failure(column: o.column, message: "'\(v)' is not a mark value[/mask]") }
            return .mark(value: value, mask: mask ?? 0xffff_ffff, negated: o.negated)
        case "conntrack", "state":
            guard options.count == 1, let o = options.first, o.name == "--ctstate" || o.name == "--state" else { return unmodelled }
            var states = Set<ConntrackState>()
            for s in try one(o).split(separator: ",") {
                guard let st = ConntrackState(rawValue: String(s)) else { throw Failure(column: o.column, message: "unknown conntrack state '\(s)'") }
                states.insert(st)
            }
            return .ctstate(states, negated: o.negated, module: module)
        case "recent":
            var r = RecentMatch()
            for o in options {
                switch o.name {
                case "--name": r.name = try one(o)
                case "--set", "--rcheck", "--update", "--remove":
                    r.command = RecentMatch.Command(rawValue: String(o.name.dropFirst(2))) ?? .rcheck
                    r.negated = r.negated || o.negated
                case "--seconds":
                    guard let n = Int(try one(o)) else { throw Failure(column: o.column, message: "--seconds needs a number") }
                    r.seconds = n
                case "--hitcount":
                    guard let n = Int(try one(o)) else { throw Failure(column: o.column, message: "--hitcount needs a number") }
                    r.hitcount = n
                case "--reap": r.reap = true
                case "--rttl": r.rttl = true
                case "--mask": r.mask = try one(o)
                case "--rsource": r.rdest = false
                case "--rdest": r.rdest = true
                default: return unmodelled
                }
            }
            return .recent(r)
        case "multiport":
            guard options.count == 1, let o = options.first else { return unmodelled }
            let kind: MultiportKind = o.name.hasPrefix("--s") ? .sports : (o.name == "--ports" ? .ports : .dports)
            var ports: [PortMatch] = []
            for part in try one(o).split(separator: ",") {
                guard let p = PortMatch(String(part)) else { throw Failure(column: o.column, message: "'\(part)' is not a port or range") }
                ports.append(p)
            }
            return .multiport(kind: kind, ports: ports, negated: o.negated)
        case "set":
            guard options.count == 1, let o = options.first, o.name == "--match-set" || o.name == "--set", o.values.count == 2 else { return unmodelled }
            var dirs: [SetDirection] = []
            for d in o.values[1].split(separator: ",") {
                guard let dir = SetDirection(rawValue: String(d)) else { throw Failure(column: o.column, message: "'\(d)' is not src or dst") }
                dirs.append(dir)
            }
            return .set(name: o.values[0], directions: dirs, negated: o.negated)
        case "nfacct":
            guard let o = options.first else { throw Failure(column: column, message: "-m nfacct needs --nfacct-name") }
            return .nfacct(name: try one(o))
        default:
            return unmodelled
        }
    }
}

/// Address types of `-m addrtype` that the walker evaluates (xt_addrtype uses the routing
/// table's type for the address: LOCAL for the node's own addresses and 127.0.0.0/8).
enum AddressTypes {
    static let modelled: Set<String> = ["LOCAL", "UNICAST", "MULTICAST", "BROADCAST"]
}

/// Mark numbers as iptables reads them (`strtoul` base 0: `0x…` hex, leading `0` octal, else decimal).
enum MarkValue {
    static func number(_ s: Substring) -> UInt32? {
        if s.hasPrefix("0x") || s.hasPrefix("0X") { return UInt32(s.dropFirst(2), radix: 16) }
        if s.count > 1 && s.hasPrefix("0") { return UInt32(s.dropFirst(), radix: 8) }
        return UInt32(s)
    }

    static func parse(_ s: String) -> (UInt32, UInt32?)? {
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let v = number(parts[0]) else { return nil }
        if parts.count == 2 {
            guard let m = number(parts[1]) else { return nil }
            return (v, m)
        }
        return (v, nil)
    }

    static func hex(_ v: UInt32) -> String { "0x" + String(v, radix: 16) }
}
