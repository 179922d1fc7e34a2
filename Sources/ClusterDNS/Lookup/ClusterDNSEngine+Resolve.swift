import ClusterModel
import NetCore

extension ClusterDNSEngine {
    /// Resolves `name` as an application in `pod` would.
    ///
    /// - Parameters:
    ///   - name: the name as typed (`cart`, `cart.shop`, `example.org.`).
    ///   - pod: the client pod.
    ///   - types: nil for getaddrinfo (A and AAAA per candidate, glibc and musl alike); one
    ///     type for `res_search` (`--type SRV`); several types are sent per candidate together.
    ///   - resolver: glibc or musl; nil uses the pod's annotation, else glibc.
    ///   - ipv6: false models a pod with IPv6 disabled, where `AI_ADDRCONFIG` drops AAAA.
    /// - Returns: every query with its reply and packet path, the walk's decisions, the result.
    public func resolve(_ name: String, from pod: Pod, types: [DNSRecordType]? = nil, resolver: StubResolverKind? = nil,
                        ipv6: Bool = true) -> DNSResolution {
        let conf = resolvConf(for: pod)
        let (kind, source, resolverNote) = resolverKind(for: pod, explicit: resolver)
        let getaddrinfo = types == nil
        let sendTypes = types ?? (ipv6 ? [.A, .AAAA] : [.A])
        let mode = getaddrinfo ? "getaddrinfo" : kind == .musl && sendTypes.count == 1 ? "res_query" : "res_search"
        var res = DNSResolution(pod: "\(pod.namespace)/\(pod.name)", name: name, resolver: kind, resolverSource: source, mode: mode,
                                resolvConf: ResolvConfLines(nameservers: conf.nameservers, search: conf.search, options: conf.options),
                                candidates: [], queries: [], result: DNSResult(rcode: "NOERROR", answers: [], addresses: [], error: nil, message: ""),
                                notes: conf.notes, warnings: conf.warnings)
        if let resolverNote { res.notes.append(resolverNote) }
        if getaddrinfo && !ipv6 { res.notes.append("AI_ADDRCONFIG with IPv6 disabled in the pod: A queries only") }
        if getaddrinfo && ipv6 && kind == .glibc {
            res.notes.append("getaddrinfo sends A and AAAA for each candidate: an ordinary IPv4 pod has an IPv6 link-local address, so AI_ADDRCONFIG keeps AAAA")
        }

        // Names getaddrinfo answers without DNS: address literals and /etc/hosts.
        if getaddrinfo, let ip = IPAddress(name) {
            res.result = DNSResult(rcode: "NOERROR", answers: [], addresses: [ip.description], error: nil,
                                   message: "\(name) is an address: getaddrinfo returns it without any query", answeredBy: nil)
            return res
        }
        if getaddrinfo {
            let local = hostsFile(for: pod).addresses(of: name).filter { ipv6 || !$0.contains(":") }
            if !local.isEmpty {
                res.result = DNSResult(rcode: "NOERROR", answers: [], addresses: local.sorted(), error: nil,
                                       message: "\(name) is in the pod's /etc/hosts (hosts: files dns): answered locally, no DNS query", answeredBy: "/etc/hosts")
                return res
            }
            let problem = kind == .glibc ? DNSName.glibcHostnameProblem(name) : DNSName.muslHostnameProblem(name)
            if let problem {
                res.result = DNSResult(rcode: "not sent", answers: [], addresses: [], error: "EAI_NONAME",
                                       message: "\(kind.rawValue) rejects \"\(name)\" before sending anything: \(problem). getaddrinfo fails with EAI_NONAME (Name or service not known)")
                return res
            }
        }
        if kind == .musl && !getaddrinfo && sendTypes.count == 1 {
            res.notes.append("musl's res_search is res_query: the name is sent exactly as given, with no search list")
            return walk(&res, name: DNSName.fullyQualified(name), conf: conf, kind: kind, types: sendTypes, getaddrinfo: false, pod: pod)
        }
        return walk(&res, name: name, conf: conf, kind: kind, types: sendTypes, getaddrinfo: getaddrinfo, pod: pod)
    }

    /// The PTR lookup of `ip` (getnameinfo/gethostbyaddr): one query for its reverse name,
    /// never the search list.
    public func reverse(_ ip: IPAddress, from pod: Pod, resolver: StubResolverKind? = nil) -> DNSResolution {
        let conf = resolvConf(for: pod)
        let (kind, source, resolverNote) = resolverKind(for: pod, explicit: resolver)
        var res = DNSResolution(pod: "\(pod.namespace)/\(pod.name)", name: ip.description, resolver: kind, resolverSource: source, mode: "reverse",
                                resolvConf: ResolvConfLines(nameservers: conf.nameservers, search: conf.search, options: conf.options),
                                candidates: [], queries: [], result: DNSResult(rcode: "NOERROR", answers: [], addresses: [], error: nil, message: ""),
                                notes: conf.notes, warnings: conf.warnings)
        if let resolverNote { res.notes.append(resolverNote) }
        if pod.podIPs.contains(ip) && !pod.spec.hostNetwork {
            res.notes.append("\(ip) is this pod's own address: getnameinfo would answer from /etc/hosts (\(pod.spec.hostname ?? pod.name)) without a query; shown is the PTR query itself")
        }
        var out = walk(&res, name: DNSName.reverseName(of: ip), conf: conf, kind: kind, types: [.PTR], getaddrinfo: false, pod: pod)
        for i in out.candidates.indices {
            out.candidates[i].origin = "the reverse name of \(ip)"
            if out.candidates[i].decision.hasPrefix("trailing dot") { out.candidates[i].decision = "a reverse lookup sends this one PTR query, never the search list" }
        }
        return out
    }

    func walk(_ res: inout DNSResolution, name: String, conf: PodResolvConf, kind: StubResolverKind, types: [DNSRecordType],
              getaddrinfo: Bool, pod: Pod) -> DNSResolution {
        let options = ResolverOptions(conf.options)
        var servers = Array(conf.nameservers.prefix(3))
        if servers.isEmpty {
            servers = ["127.0.0.1"]
            res.notes.append("resolv.conf has no nameserver line: the resolver uses 127.0.0.1, where nothing listens in the pod")
        }
        if kind == .musl && SearchList.muslIgnoresSearchLine(conf.search) {
            res.notes.append("the search line is longer than musl's 255-character line buffer, so musl ignores it entirely: no search list for this pod")
        }
        if kind == .musl && servers.count > 1 {
            res.notes.append("musl sends each query to all \(servers.count) nameservers at once and takes the first reply; shown is the first nameserver")
        }
        if options.rotate { res.notes.append("`options rotate` spreads queries over the nameservers; shown is the first") }
        let source = pod.podIP?.description ?? "(pod without an address)"
        let engine = self
        // Where each nameserver's packets go does not change during a lookup: work it out once.
        var destinations: [String: KubeDNSDNAT.Destination] = [:]
        for server in servers where server != "127.0.0.1" { destinations[server] = destination(nameserver: server, pod: pod, source: source) }
        var walker = StubWalk(kind: kind, options: options, search: conf.search, nameserverCount: kind == .glibc ? servers.count : 1,
                              types: types, getaddrinfo: getaddrinfo) { n, t, serverIndex in
            let server = servers[min(serverIndex, servers.count - 1)]
            if server == "127.0.0.1" {
                let path = DNSPacketPath(src: source, dst: "127.0.0.1:53", via: "loopback")
                let step = DNSQueryStep(name: n, type: t, server: server, rcode: "no reply", answers: [], authority: [], additional: [], candidate: 0,
                                        attempt: 1, decidedBy: "(nothing listens)", explanation: "connection refused on 127.0.0.1:53", path: path, notes: [])
                return Transmission(step: step, reply: nil, connectionRefused: true)
            }
            if let dest = destinations[server] { return engine.transmit(DNSQuestion(name: n, type: t), nameserver: server, to: dest) }
            return engine.transmit(DNSQuestion(name: n, type: t), nameserver: server, pod: pod, source: source)
        }
        let (verdict, answeredBy) = walker.run(name)
        res.queries = walker.queries
        res.candidates = walker.candidates
        var seen = Set(res.notes)
        for q in res.queries {
            for n in q.notes + (q.path.note.map { [$0] } ?? []) where seen.insert(n).inserted { res.notes.append(n) }
        }
        if let cfgNotes = try? coreDNS.get().config.notes, res.queries.contains(where: { $0.path.via != "resolver outside the cluster" }) {
            for n in cfgNotes where seen.insert(n).inserted { res.notes.append(n) }
        }
        let candidateName = answeredBy.flatMap { i in res.candidates.first { $0.index == i }?.name }
        if verdict == .found {
            let answers = walker.lastAnswers
            let addresses = getaddrinfo ? answers.compactMap { $0.address }.sorted().map(\.description) : answers.map(\.data)
            if getaddrinfo && addresses.isEmpty {
                res.result = DNSResult(rcode: "NOERROR", answers: answers, addresses: [], error: "EAI_NONAME",
                                       message: "\(candidateName ?? name) answered with a CNAME only: the walk ends, but getaddrinfo has no address and fails with EAI_NONAME", answeredBy: candidateName)
            } else {
                let what = getaddrinfo ? "getaddrinfo returns \(addresses.joined(separator: ", "))" : "\(res.mode) returns \(answers.count) record\(answers.count == 1 ? "" : "s")"
                res.result = DNSResult(rcode: "NOERROR", answers: answers, addresses: addresses, error: nil,
                                       message: "\(what), from \(candidateName ?? name) (candidate \(answeredBy ?? 0) of the walk, after \(res.queries.count) quer\(res.queries.count == 1 ? "y" : "ies"))",
                                       answeredBy: candidateName)
            }
        } else {
            let error = verdict.errorName(getaddrinfo: getaddrinfo || res.mode == "reverse")
            res.result = DNSResult(rcode: walker.lastRcode, answers: [], addresses: [], error: error,
                                   message: "\(getaddrinfo ? "getaddrinfo" : res.mode) fails with \(error) (\(CandidateVerdict.message(error))) after \(res.queries.count) quer\(res.queries.count == 1 ? "y" : "ies")")
        }
        return res
    }

    /// The addresses an application in `pod` gets for `name` (getaddrinfo), for callers that
    /// need only the outcome.
    public func addresses(of name: String, from pod: Pod) -> [IPAddress] {
        resolve(name, from: pod).result.addresses.compactMap { IPAddress($0) }
    }
}
