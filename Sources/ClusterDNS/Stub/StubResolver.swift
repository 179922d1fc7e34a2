/// The C library's stub resolver in the pod's image.
public enum StubResolverKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// GNU libc (Debian, Ubuntu, distroless/base…): `res_search` in resolv/res_query.c.
    case glibc
    /// musl (Alpine): `name_from_dns_search` in src/network/lookup_name.c.
    case musl
}

/// One reply as the stub sees it (nil rcode: nothing came back).
struct Transmission {
    var step: DNSQueryStep
    var reply: DNSReply?
    var connectionRefused: Bool
}

/// How a candidate ended, in the resolver's terms (`h_errno` in glibc).
enum CandidateVerdict: Equatable {
    case found
    case notFound        // HOST_NOT_FOUND (NXDOMAIN)
    case noData          // NO_DATA (NOERROR, no answer)
    case servfail        // TRY_AGAIN from SERVFAIL
    case timeout         // TRY_AGAIN without a reply
    case noRecovery      // NO_RECOVERY (REFUSED, FORMERR, NOTIMP, a name that cannot be sent)
    case refused         // ECONNREFUSED: nothing listens (kube-proxy REJECT)

    var text: String {
        switch self {
        case .found: return "found"
        case .notFound: return "not found"
        case .noData: return "no data"
        case .servfail: return "try again (SERVFAIL)"
        case .timeout: return "try again (no reply)"
        case .noRecovery: return "unrecoverable"
        case .refused: return "connection refused"
        }
    }

    /// getaddrinfo's error for this verdict, and `h_errno`'s name for res_search.
    func errorName(getaddrinfo: Bool) -> String {
        switch self {
        case .found: return ""
        case .notFound: return getaddrinfo ? "EAI_NONAME" : "HOST_NOT_FOUND"
        case .noData: return getaddrinfo ? "EAI_NODATA" : "NO_DATA"
        case .servfail, .timeout, .refused: return getaddrinfo ? "EAI_AGAIN" : "TRY_AGAIN"
        case .noRecovery: return getaddrinfo ? "EAI_FAIL" : "NO_RECOVERY"
        }
    }

    static func message(_ error: String) -> String {
        switch error {
        case "EAI_NONAME", "HOST_NOT_FOUND": return "Name or service not known"
        case "EAI_NODATA", "NO_DATA": return "No address associated with hostname"
        case "EAI_AGAIN", "TRY_AGAIN": return "Temporary failure in name resolution"
        case "EAI_FAIL", "NO_RECOVERY": return "Non-recoverable failure in name resolution"
        default: return error
        }
    }
}

/// A candidate name and where it came from.
struct Candidate {
    var name: String
    var origin: String
}

/// The candidate lists of glibc and musl (`reference/dns.md` §2.1, §2.4).
public enum SearchList {
    /// The names glibc may try for `name`, in order, and whether the as-typed name comes first.
    /// (The walk may stop early; this is the full list.)
    public static func glibcCandidates(_ name: String, search: [String], options: ResolverOptions) -> [String] {
        glibc(name, search: search, options: options).map(\.name)
    }

    /// The names musl may try for `name`, in order.
    public static func muslCandidates(_ name: String, search: [String], options: ResolverOptions) -> [String] {
        musl(name, search: search, options: options).map(\.name)
    }

    static func glibc(_ name: String, search: [String], options: ResolverOptions) -> [Candidate] {
        let dots = DNSName.dots(name)
        let trailing = name.hasSuffix(".")
        let asTyped = Candidate(name: DNSName.fullyQualified(name), origin: "as typed")
        if trailing { return [Candidate(name: name, origin: "as typed (trailing dot: this name only)")] }
        var out: [Candidate] = []
        var triedAsIs = false
        if dots >= options.ndots {
            out.append(Candidate(name: asTyped.name, origin: "as typed first (\(dots) dot\(dots == 1 ? "" : "s") ≥ ndots \(options.ndots))"))
            triedAsIs = true
        }
        var rootOnList = false
        for domain in search {
            let d = domain.hasPrefix(".") ? String(domain.dropFirst()) : domain
            if d.isEmpty {
                rootOnList = true
                out.append(Candidate(name: asTyped.name, origin: "search domain . (the root)"))
            } else {
                out.append(Candidate(name: "\(name).\(DNSName.key(d)).", origin: "search domain \(d)"))
            }
        }
        let searched = !search.isEmpty
        if (dots > 0 || !searched || !options.noTLDQuery) && !(triedAsIs || rootOnList) {
            out.append(Candidate(name: asTyped.name, origin: "as typed, after the search list"))
        }
        return out
    }

    /// musl reads resolv.conf with `fgets` into a 256-byte buffer and ignores any line that
    /// does not fit (`__get_resolv_conf`): a `search` line over 255 characters with its
    /// newline is dropped whole, and musl then has no search list at all. A domain that would
    /// make the name 255 characters or more is skipped.
    public static func muslIgnoresSearchLine(_ search: [String]) -> Bool {
        !search.isEmpty && "search ".utf8.count + search.joined(separator: " ").utf8.count + 1 > 255
    }

    static func musl(_ name: String, search: [String], options: ResolverOptions) -> [Candidate] {
        let dots = DNSName.dots(name)
        let trailing = name.hasSuffix(".")
        if dots >= options.ndots || trailing {
            return [Candidate(name: DNSName.fullyQualified(name), origin: trailing ? "as typed (trailing dot: this name only)"
                                                                                    : "as typed only (\(dots) dots ≥ ndots \(options.ndots): musl never uses the search list for it)")]
        }
        var out: [Candidate] = []
        let l = name.utf8.count
        for domain in muslIgnoresSearchLine(search) ? [] : search where domain.utf8.count < 256 - l - 1 {
            out.append(Candidate(name: "\(name).\(DNSName.key(domain)).", origin: "search domain \(domain)"))
        }
        out.append(Candidate(name: DNSName.fullyQualified(name), origin: "as typed, after the search list"))
        return out
    }
}
