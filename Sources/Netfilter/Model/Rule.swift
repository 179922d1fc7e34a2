import NetCore

/// One rule of a chain, as `-A CHAIN …` writes it.
///
/// The generic IP header conditions (`-s -d -p -i -o`) are fields; everything named with
/// `-m` is a `Match` in the order written, which is also the order the kernel tests them
/// (after the header conditions, see `ipt_do_table` / `ip_packet_match` in
/// net/ipv4/netfilter/ip_tables.c).
public struct Rule: Sendable {
    /// The rule as read (`-A KUBE-SERVICES …`), without counters.
    public var text: String
    /// Line in the source file (0 when built in code).
    public var line: Int
    public var counters: Counters?

    public var source: Negatable<IPPrefix>?
    public var destination: Negatable<IPPrefix>?
    /// `-p`: the protocol name as iptables-save prints it (`tcp`, `udp`, `sctp`, `icmp`, `all`, …).
    public var proto: Negatable<String>?
    public var inInterface: Negatable<String>?
    public var outInterface: Negatable<String>?
    /// `-f`: second and later fragments only (never a connection's first packet).
    public var fragment: Negatable<Bool>?
    public var matches: [Match]
    /// nil: the rule only counts (no `-j`).
    public var target: Target?
    /// True for `-g` (goto), false for `-j`.
    public var isGoto: Bool
    /// Position of the jump target in its table, resolved when parsed (nil: look it up by name).
    var targetChainIndex: Int? = nil

    public init(text: String = "", line: Int = 0, counters: Counters? = nil,
                source: Negatable<IPPrefix>? = nil, destination: Negatable<IPPrefix>? = nil,
                proto: Negatable<String>? = nil, inInterface: Negatable<String>? = nil,
                outInterface: Negatable<String>? = nil, fragment: Negatable<Bool>? = nil,
                matches: [Match] = [], target: Target? = nil, isGoto: Bool = false) {
        self.text = text; self.line = line; self.counters = counters
        self.source = source; self.destination = destination; self.proto = proto
        self.inInterface = inInterface; self.outInterface = outInterface; self.fragment = fragment
        self.matches = matches; self.target = target; self.isGoto = isGoto
    }
}

/// A condition with iptables' `!` in front of it.
public struct Negatable<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var negated: Bool
    public init(_ value: Value, negated: Bool = false) { self.value = value; self.negated = negated }
}

/// `--dport 80` or `--dport 30000:32767` (tcp, udp, sctp modules; ranges use `:`).
public struct PortMatch: Sendable, Hashable {
    public var lower: Int
    public var upper: Int
    public init(lower: Int, upper: Int) { self.lower = lower; self.upper = upper }
    public func contains(_ port: Int) -> Bool { port >= lower && port <= upper }
    public var text: String { lower == upper ? "\(lower)" : "\(lower):\(upper)" }

    /// Parses `80`, `1024:65535`, `:1023`, `1024:`.
    public init?(_ s: String) {
        if let colon = s.firstIndex(of: ":") {
            let a = s[..<colon], b = s[s.index(after: colon)...]
            guard let lo = a.isEmpty ? 0 : Int(a), let hi = b.isEmpty ? 65535 : Int(b),
                  (0...65535).contains(lo), (0...65535).contains(hi), lo <= hi else { return nil }
            self.init(lower: lo, upper: hi)
        } else {
            guard let p = Int(s), (0...65535).contains(p) else { return nil }
            self.init(lower: p, upper: p)
        }
    }
}
