/// The search-list walk: send the queries for each candidate, judge the replies, and decide
/// whether to go on (`reference/dns.md` §2.2–2.4; glibc `__res_context_search`, musl
/// `name_from_dns_search`).
struct StubWalk {
    let kind: StubResolverKind
    let options: ResolverOptions
    let search: [String]
    let nameserverCount: Int
    /// A and AAAA for getaddrinfo; one type for res_search.
    let types: [DNSRecordType]
    let getaddrinfo: Bool
    /// Sends one query for (name, type) to the nameserver at an index.
    let send: (String, DNSRecordType, Int) -> Transmission

    var queries: [DNSQueryStep] = []
    var candidates: [DNSCandidateStep] = []
    var lastAnswers: [DNSRecord] = []
    var lastRcode = "NOERROR"

    init(kind: StubResolverKind, options: ResolverOptions, search: [String], nameserverCount: Int, types: [DNSRecordType],
         getaddrinfo: Bool, send: @escaping (String, DNSRecordType, Int) -> Transmission) {
        self.kind = kind
        self.options = options
        self.search = search
        self.nameserverCount = nameserverCount
        self.types = types
        self.getaddrinfo = getaddrinfo
        self.send = send
    }

    /// Sends the query (or A+AAAA pair) for one candidate, resending after SERVFAIL/REFUSED/
    /// NOTIMP to the next nameserver, `attempts × nameservers` times in all (glibc `res_send`).
    mutating func ask(_ c: Candidate, index: Int) -> CandidateVerdict {
        if let problem = DNSName.wireProblem(c.name) {
            candidates.append(DNSCandidateStep(index: index, name: c.name, origin: c.origin, outcome: "unrecoverable",
                                               decision: "not sent: \(problem) (res_mkquery fails)"))
            lastRcode = "not sent"
            return .noRecovery
        }
        let tries = kind == .glibc ? max(1, options.attempts) * max(1, nameserverCount) : 1
        var replies: [Transmission] = []
        for attempt in 1...tries {
            replies = types.map { t in
                var tr = send(c.name, t, (attempt - 1) % max(1, nameserverCount))
                tr.step.candidate = index
                tr.step.attempt = attempt
                return tr
            }
            queries += replies.map(\.step)
            let retryable = replies.allSatisfy { r in
                guard let rc = r.reply?.rcode else { return r.connectionRefused }
                return rc == .SERVFAIL || rc == .REFUSED || rc == .NOTIMP
            }
            if !retryable { break }
        }
        let verdict = judge(replies)
        if verdict == .found {
            lastAnswers = replies.compactMap(\.reply).flatMap(\.answers)
            lastRcode = "NOERROR"
        } else {
            lastRcode = replies.first?.reply.map { $0.rcode.rawValue } ?? "no reply"
            if let a = replies.first?.reply, a.rcode == .NOERROR, replies.count > 1, let b = replies[1].reply { lastRcode = b.rcode.rawValue }
        }
        return verdict
    }

    /// glibc judges a pair as one result: success if either reply has an answer; otherwise the
    /// A reply's rcode decides, or the AAAA reply's when the A reply was NOERROR.
    /// musl checks the replies in order: SERVFAIL → try again, NXDOMAIN → next, other → fail.
    func judge(_ replies: [Transmission]) -> CandidateVerdict {
        if replies.contains(where: { $0.connectionRefused }) { return .refused }
        if kind == .musl {
            for r in replies {
                guard let reply = r.reply else { return .timeout }
                if reply.rcode == .SERVFAIL { return .servfail }
                if reply.rcode == .NXDOMAIN { return .notFound }
                if reply.rcode != .NOERROR { return .noRecovery }
            }
            let hasAddress = replies.contains { $0.reply?.answers.contains { getaddrinfo ? $0.type.isAddress : true } == true }
            return hasAddress ? .found : .noData
        }
        if replies.contains(where: { $0.reply?.hasAnswer == true }) { return .found }
        guard let first = replies.first?.reply else { return .timeout }
        var rc = first.rcode
        if rc == .NOERROR, replies.count > 1 {
            guard let second = replies[1].reply else { return .timeout }
            rc = second.rcode
        }
        switch rc {
        case .NXDOMAIN: return .notFound
        case .NOERROR: return .noData
        case .SERVFAIL: return .servfail
        default: return .noRecovery
        }
    }

    mutating func record(_ c: Candidate, _ index: Int, _ v: CandidateVerdict, _ decision: String) {
        if candidates.last?.index == index { candidates[candidates.count - 1].decision = decision; return }
        candidates.append(DNSCandidateStep(index: index, name: c.name, origin: c.origin, outcome: v.text, decision: decision))
    }

    /// Runs the walk for `name` and returns the final verdict and the candidate that answered.
    mutating func run(_ name: String) -> (CandidateVerdict, Int?) {
        kind == .glibc ? runGlibc(name) : runMusl(name)
    }

    mutating func runGlibc(_ name: String) -> (CandidateVerdict, Int?) {
        let list = SearchList.glibc(name, search: search, options: options)
        let dots = DNSName.dots(name)
        let trailing = name.hasSuffix(".")
        var saved: CandidateVerdict? = nil
        var gotNoData = false, gotServfail = false
        var last: CandidateVerdict = .notFound
        var i = 0
        // 1. As typed first (trailing dot, or dots ≥ ndots).
        if trailing || dots >= options.ndots, let c = list.first {
            i = 1
            let v = ask(c, index: 1)
            if v == .found { record(c, 1, v, "answer found: the lookup ends here"); return (.found, 1) }
            if trailing { record(c, 1, v, "trailing dot: no other name is tried"); return (v, nil) }
            if v == .refused { record(c, 1, v, "connection refused: glibc gives up at once"); return (v, nil) }
            record(c, 1, v, "\(v.text): go on to the search list (this failure is reported if nothing succeeds)")
            saved = v
            last = v
        }
        // 2. The search list, then the as-typed name if not tried yet.
        var walking = true
        while i < list.count {
            let c = list[i]
            let index = i + 1
            i += 1
            let isFinalAsTyped = c.origin.hasPrefix("as typed, after")
            if !walking && !isFinalAsTyped { continue }
            let v = ask(c, index: index)
            last = v
            if v == .found { record(c, index, v, "answer found: the lookup ends here"); return (.found, index) }
            if v == .refused { record(c, index, v, "connection refused: glibc gives up at once (EAI_AGAIN)"); return (v, nil) }
            if isFinalAsTyped { record(c, index, v, "\(v.text): no candidate is left"); break }
            switch v {
            case .noData: gotNoData = true; record(c, index, v, "NODATA: remembered, next candidate")
            case .notFound: record(c, index, v, "NXDOMAIN: next candidate")
            case .servfail: gotServfail = true; record(c, index, v, "SERVFAIL: remembered, next candidate")
            default:
                walking = false
                record(c, index, v, "\(v.text): glibc stops walking the search list\(list.last.map { $0.origin.hasPrefix("as typed, after") } == true ? " and tries the name as typed" : "")")
            }
        }
        if let saved { return (saved, nil) }
        if gotNoData { return (.noData, nil) }
        if gotServfail { return (.servfail, nil) }
        return (last, nil)
    }

    mutating func runMusl(_ name: String) -> (CandidateVerdict, Int?) {
        let list = SearchList.musl(name, search: search, options: options)
        var last: CandidateVerdict = .notFound
        for (i, c) in list.enumerated() {
            let v = ask(c, index: i + 1)
            last = v
            switch v {
            case .found: record(c, i + 1, v, "answer found: the lookup ends here"); return (.found, i + 1)
            case .notFound: record(c, i + 1, v, i + 1 < list.count ? "NXDOMAIN: next candidate" : "NXDOMAIN: no candidate is left")
            case .noData: record(c, i + 1, v, "NODATA: musl stops here (glibc would go on)"); return (v, nil)
            case .servfail: record(c, i + 1, v, "SERVFAIL: musl stops here, after its own resends within the timeout"); return (v, nil)
            default: record(c, i + 1, v, "\(v.text): musl stops here"); return (v, nil)
            }
        }
        return (last, nil)
    }
}
