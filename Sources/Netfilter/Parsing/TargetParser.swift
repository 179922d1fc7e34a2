import NetCore

/// Reads `-j NAME [options]` into a typed `Target`.
enum TargetParser {
    typealias Failure = RuleParser.Failure

    /// Target extensions kubewalk keeps but does not model: `true` when the kernel stops there.
    static let unmodelledTargets: [String: Bool] = [
        "NFQUEUE": true, "TPROXY": true, "SYNPROXY": true, "NETMAP": true, "CLUSTERIP": false,
        "CONNMARK": false, "CONNSECMARK": false, "SECMARK": false, "NFLOG": false, "TRACE": false,
        "CT": false, "NOTRACK": false, "TCPMSS": false, "CHECKSUM": false, "CLASSIFY": false, "DSCP": false,
        "TOS": false, "TTL": false, "HL": false, "TEE": false, "AUDIT": false, "SET": false,
        "IDLETIMER": false, "LED": false, "RATEEST": false, "HMARK": false, "ULOG": false, "TCPOPTSTRIP": false,
    ]

    static func target(name: String, options: [OptionWords], isChain: Bool, family: IPFamily, column: Int) throws(Failure) -> Target {
        func opt(_ n: String) -> String? { options.first(where: { $0.name == n })?.value }
        func has(_ n: String) -> Bool { options.contains(where: { $0.name == n }) }
        if isChain {
            guard options.isEmpty else {
                let words = options.flatMap { ($0.negated ? ["!"] : []) + [$0.name] + $0.values }
                throw Failure(column: column, message: "a jump to chain \(name) takes no options (\(words.joined(separator: " ")))")
            }
            return .chain(name)
        }
        switch name {
        case "ACCEPT": return .accept
        case "DROP": return .drop
        case "RETURN": return .returnFromChain
        case "REJECT":
            return .reject(with: opt("--reject-with") ?? (family == .ipv4 ? "icmp-port-unreachable" : "icmp6-port-unreachable"))
        case "DNAT":
            guard let to = opt("--to-destination") else { throw Failure(column: column, message: "DNAT needs --to-destination") }
            return .dnat(to: to)
        case "SNAT":
            guard let to = opt("--to-source") else { throw Failure(column: column, message: "SNAT needs --to-source") }
            return .snat(to: to)
        case "MASQUERADE":
            return .masquerade(toPorts: opt("--to-ports"), randomFully: has("--random-fully"), random: has("--random"))
        case "REDIRECT":
            return .redirect(toPorts: opt("--to-ports"))
        case "MARK":
            guard let o = options.first, let v = o.value, let (value, mask) = MarkValue.parse(v) else {
                throw Failure(column: column, message: "MARK needs --set-xmark, --set-mark, --or-mark, --and-mark or --xor-mark with a value")
            }
            switch o.name {
            case "--set-xmark": return .mark(value: value, mask: mask ?? 0xffff_ffff)
            case "--set-mark":
                let m = mask ?? 0xffff_ffff
                return .mark(value: value, mask: m | value)
            case "--or-mark": return .mark(value: value, mask: value)
            case "--xor-mark": return .mark(value: value, mask: 0)
            case "--and-mark": return .mark(value: 0, mask: ~value)
            default: throw Failure(column: o.column, message: "MARK has no option \(o.name)")
            }
        case "LOG":
            return .log(prefix: opt("--log-prefix"), level: opt("--log-level"))
        default:
            if let terminal = unmodelledTargets[name] {
                let words = options.flatMap { ($0.negated ? ["!"] : []) + [$0.name] + $0.values }
                return .unmodelled(name: name, arguments: words, terminal: terminal)
            }
            throw Failure(column: column, message: "'\(name)' is neither a chain of this table nor a target iptables knows (jump to a missing chain?)")
        }
    }
}
