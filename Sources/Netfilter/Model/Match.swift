import NetCore

/// One `-m module …` of a rule.
///
/// Modelled modules follow the kernel's xt_* match functions (xt_tcpudp, xt_addrtype,
/// xt_statistic, xt_mark, xt_conntrack, xt_recent, xt_multiport, xt_set, xt_nfacct,
/// xt_comment). Anything else is kept as `.unmodelled` with its text and reported.
public enum Match: Sendable, Hashable {
    /// `-m tcp|udp|sctp [--sport P] [--dport P]`; the module also requires that protocol.
    case ports(protocolName: String, sport: Negatable<PortMatch>?, dport: Negatable<PortMatch>?, extra: [String])
    case comment(String)
    /// `-m addrtype --src-type T --dst-type T` (comma lists allowed).
    case addrtype(src: Negatable<[String]>?, dst: Negatable<[String]>?)
    /// `-m statistic --mode random --probability p`.
    case statisticRandom(probability: Double, negated: Bool)
    /// `-m statistic --mode nth --every n --packet p`.
    case statisticNth(every: Int, packet: Int, negated: Bool)
    /// `-m mark --mark value/mask`.
    case mark(value: UInt32, mask: UInt32, negated: Bool)
    /// `-m conntrack --ctstate …` (or the older `-m state --state …`).
    case ctstate(Set<ConntrackState>, negated: Bool, module: String)
    /// `-m recent` (xt_recent): one list per name, keyed by source (or destination) address.
    case recent(RecentMatch)
    /// `-m multiport --dports|--sports|--ports list`.
    case multiport(kind: MultiportKind, ports: [PortMatch], negated: Bool)
    /// `-m set --match-set NAME dir,dir…`.
    case set(name: String, directions: [SetDirection], negated: Bool)
    /// `-m nfacct --nfacct-name N`: counts, always matches.
    case nfacct(name: String)
    /// A module kubewalk keeps but does not evaluate: `-m physdev …`, `-m limit …`, ….
    case unmodelled(module: String, arguments: [String])
}

/// The conntrack states of `--ctstate` (xt_conntrack), including the virtual SNAT/DNAT states.
public enum ConntrackState: String, Sendable, Hashable, Codable, CaseIterable {
    case invalid = "INVALID", new = "NEW", related = "RELATED", established = "ESTABLISHED"
    case untracked = "UNTRACKED", snat = "SNAT", dnat = "DNAT"
}

/// Which ports `-m multiport` tests: `--sports`, `--dports` or either (`--ports`).
public enum MultiportKind: String, Sendable, Hashable { case sports, dports, ports }
/// One dimension of `--match-set NAME src,dst`: take the packet's source or destination.
public enum SetDirection: String, Sendable, Hashable { case src, dst }

/// The options of one `-m recent` match (xt_recent).
public struct RecentMatch: Sendable, Hashable {
    public enum Command: String, Sendable, Hashable { case set, rcheck, update, remove }
    public var name: String = "DEFAULT"
    public var command: Command = .rcheck
    public var seconds: Int?
    public var reap: Bool = false
    public var hitcount: Int?
    public var rttl: Bool = false
    public var mask: String?
    /// true: the list holds destination addresses (`--rdest`); default `--rsource`.
    public var rdest: Bool = false
    public var negated: Bool = false
    public init() {}
}
