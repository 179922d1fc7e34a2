import NetCore

/// A DNS resource record type (RFC 1035 §3.2.2, RFC 2782 SRV, RFC 3596 AAAA), limited to
/// the types a pod's resolver or a learner asks about.
public enum DNSRecordType: String, Hashable, Sendable, Codable, CaseIterable {
    case A, AAAA, CNAME, SRV, PTR, TXT, SOA, NS, MX, HTTPS, CAA

    /// Parses `a`, `AAAA`, `srv`… case-insensitively (as `dig` does).
    public init?(text: String) {
        guard let t = DNSRecordType(rawValue: text.uppercased()) else { return nil }
        self = t
    }

    /// True for the address types getaddrinfo asks for.
    public var isAddress: Bool { self == .A || self == .AAAA }
}

/// A DNS response code (RFC 1035 §4.1.1, RFC 6895), spelled as `dig` prints it.
public enum DNSRcode: String, Hashable, Sendable, Codable {
    case NOERROR, NXDOMAIN, SERVFAIL, REFUSED, FORMERR, NOTIMP
}

/// One resource record as `dig` prints it: owner name (fully qualified, trailing dot),
/// type, TTL in seconds, and the RDATA in presentation format.
public struct DNSRecord: Hashable, Sendable, Codable {
    public var name: String
    public var type: DNSRecordType
    public var ttl: Int
    public var data: String

    public init(name: String, type: DNSRecordType, ttl: Int, data: String) {
        self.name = name
        self.type = type
        self.ttl = ttl
        self.data = data
    }

    /// The record as one line of a `dig` answer section.
    public var digLine: String {
        "\(name.padding(toLength: max(name.count, 40), withPad: " ", startingAt: 0)) \(String(ttl).padding(toLength: 6, withPad: " ", startingAt: 0)) IN  \(type.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0)) \(data)"
    }

    /// The address an A or AAAA record carries.
    public var address: IPAddress? { type.isAddress ? IPAddress(data) : nil }
}

/// The question of a query: a fully qualified name (trailing dot, as typed case) and a type.
public struct DNSQuestion: Hashable, Sendable, Codable {
    public var name: String
    public var type: DNSRecordType
    public init(name: String, type: DNSRecordType) {
        self.name = DNSName.fullyQualified(name)
        self.type = type
    }
}

/// A reply to one query, with the reason it is what it is.
///
/// `decidedBy` names the server block and plugin that wrote the reply (`.:53 kubernetes`),
/// `explanation` says which object or rule produced it and, for a negative reply, why it is
/// NXDOMAIN (the name does not exist) rather than NODATA (it exists, without that type).
public struct DNSReply: Hashable, Sendable, Codable {
    public var rcode: DNSRcode
    public var answers: [DNSRecord]
    public var authority: [DNSRecord]
    public var additional: [DNSRecord]
    public var authoritative: Bool
    public var decidedBy: String
    public var explanation: String
    public var notes: [String]
    /// What the `cache` plugin did to the TTLs, when the server block has one.
    public var cache: CacheEffect?

    public init(rcode: DNSRcode, answers: [DNSRecord] = [], authority: [DNSRecord] = [], additional: [DNSRecord] = [],
                authoritative: Bool = false, decidedBy: String, explanation: String, notes: [String] = []) {
        self.rcode = rcode
        self.answers = answers
        self.authority = authority
        self.additional = additional
        self.authoritative = authoritative
        self.decidedBy = decidedBy
        self.explanation = explanation
        self.notes = notes
    }

    /// NOERROR with no answer record: the name exists but has no record of the asked type.
    public var isNoData: Bool { rcode == .NOERROR && answers.isEmpty }

    /// What a stub resolver counts as success: NOERROR with at least one answer (a CNAME counts).
    public var hasAnswer: Bool { rcode == .NOERROR && !answers.isEmpty }

    /// `NOERROR`, `NXDOMAIN`, or `NOERROR (NODATA)` for display.
    public var outcomeText: String { isNoData ? "NOERROR (NODATA)" : rcode.rawValue }
}

/// The `cache` plugin's rewrite of a reply's TTLs: the smallest TTL in the message, raised to
/// the minimum and lowered to the cap; and whether the reply would be stored.
public struct CacheEffect: Hashable, Sendable, Codable {
    public var ttl: Int
    public var smallest: Int
    public var minimum: Int
    public var cap: Int
    public var stored: Bool
    public var positive: Bool
    /// The Corefile line of the `cache` directive.
    public var line: Int

    public var note: String {
        "cache (Corefile line \(line)): every TTL set to \(ttl) (smallest \(smallest), kept within \(minimum)–\(cap)); "
            + (stored ? "a real CoreDNS would serve repeats of this query from its cache for up to \(ttl) s"
                      : "this zone's \(positive ? "answers" : "denials") are not stored (`disable`), so repeats are answered afresh")
    }
}
