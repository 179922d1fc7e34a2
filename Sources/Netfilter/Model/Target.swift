import NetCore

/// The final verdict for a packet at a hook or for the whole trip.
public enum Verdict: String, Sendable, Hashable, Codable {
    case accept = "ACCEPT", drop = "DROP", reject = "REJECT"
}

/// What `-j`/`-g` names: a standard verdict, a user chain, or a target extension
/// (xt_DNAT/xt_nat, xt_MASQUERADE, xt_MARK, xt_LOG, ipt_REJECT …).
public enum Target: Sendable, Hashable {
    case accept, drop, returnFromChain
    case reject(with: String)
    case chain(String)
    /// `--to-destination addr[:port]` (kept as written; the walker reads the first address and port).
    case dnat(to: String)
    case snat(to: String)
    case masquerade(toPorts: String?, randomFully: Bool, random: Bool)
    /// `REDIRECT --to-ports P`: DNAT to the primary address of the incoming interface.
    case redirect(toPorts: String?)
    /// MARK, normalised to `--set-xmark value/mask`: mark = (mark & ~mask) ^ value.
    case mark(value: UInt32, mask: UInt32)
    case log(prefix: String?, level: String?)
    /// A target extension kubewalk does not model; `terminal` when the kernel stops there.
    case unmodelled(name: String, arguments: [String], terminal: Bool)

    public var name: String {
        switch self {
        case .accept: return "ACCEPT"
        case .drop: return "DROP"
        case .returnFromChain: return "RETURN"
        case .reject: return "REJECT"
        case .chain(let c): return c
        case .dnat: return "DNAT"
        case .snat: return "SNAT"
        case .masquerade: return "MASQUERADE"
        case .redirect: return "REDIRECT"
        case .mark: return "MARK"
        case .log: return "LOG"
        case .unmodelled(let n, _, _): return n
        }
    }
}
