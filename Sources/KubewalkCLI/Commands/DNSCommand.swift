import ArgumentParser
import ClusterDNS
import ClusterModel
import NetCore
import PacketPath

/// `kubewalk dns`: a name lookup from a pod, query by query, as the pod's C library makes it.
struct DNSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dns",
        abstract: "Resolve a name from a pod: resolv.conf, every query the resolver sends, CoreDNS's answers, the result.",
        discussion: """
        By default this is what an application's getaddrinfo does (an A and an AAAA query for \
        each candidate name of the search list); --type asks for one record type as res_search \
        does. The resolver is --resolver, else the pod's kubewalk.io/resolver annotation, else \
        glibc. Each query goes to the pod's nameserver on 53/UDP; for the kube-dns Service the \
        DNAT outcome set to CoreDNS pods is shown.

        Exit status: 0 when the lookup succeeds, 1 when it fails or the input has errors, 2 for a usage error.

        Examples:
          kubewalk dns --from default/frontend web
          kubewalk dns --from shop/client cart.shop --resolver musl
          kubewalk dns --from shop/client _grpc._tcp.cart --type SRV
          kubewalk dns --from shop/client --reverse 10.244.3.7 -o json
        """)

    @OptionGroup var options: ClusterOptions
    @Option(name: .long, help: ArgumentHelp("The client pod, as NAMESPACE/NAME.", valueName: "ns/pod")) var from: String
    @Argument(help: "The name as the application types it (cart, cart.shop, example.org.).") var name: String?
    @Option(name: .long, help: ArgumentHelp("Record type(s) to ask for, comma-separated (A, AAAA, SRV, PTR, CNAME, TXT, …).", valueName: "type[,type]"))
    var type: String?
    @Option(name: .long, help: ArgumentHelp("Stub resolver: glibc or musl.", valueName: "glibc|musl")) var resolver: String?
    @Option(name: .long, help: ArgumentHelp("Reverse lookup (PTR) of an address.", valueName: "ip")) var reverse: String?
    @Flag(name: .long, help: "Model a pod with IPv6 disabled (getaddrinfo sends A only).") var noIpv6 = false
    @Option(name: .shortAndLong, help: "Output format: text or json.") var output: OutputFormat = .text

    func validate() throws {
        if name == nil && reverse == nil { throw ValidationError("give a NAME to resolve, or --reverse IP") }
        if name != nil && reverse != nil { throw ValidationError("give either a NAME or --reverse IP, not both") }
        if let reverse, IPAddress(reverse) == nil { throw ValidationError("--reverse takes an IP address, got \"\(reverse)\"") }
        if let resolver, StubResolverKind(rawValue: resolver) == nil { throw ValidationError("--resolver takes glibc or musl, got \"\(resolver)\"") }
        _ = try types()
    }

    func types() throws -> [DNSRecordType]? {
        guard let type else { return nil }
        var out: [DNSRecordType] = []
        for part in type.split(separator: ",") {
            guard let t = DNSRecordType(text: String(part)) else {
                throw ValidationError("unknown record type \"\(part)\" (one of \(DNSRecordType.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            out.append(t)
        }
        guard !out.isEmpty else { throw ValidationError("--type needs at least one record type") }
        return out
    }

    /// The engine `kubewalk dns` and the explorer's `:dns` use: CoreDNS from the cluster, and
    /// each query's DNAT from kube-proxy's rules on the pod's node (`KubeProxyDNAT`).
    static func engine(for cluster: Cluster, rules: NodeRulesCache? = nil) -> ClusterDNSEngine {
        ClusterDNSEngine(cluster: cluster, dnat: KubeProxyDNAT.provider(rules ?? NodeRulesCache(cluster: cluster)))
    }

    /// The lookup these (validated) arguments ask for, from `pod`, on `engine`.
    func resolution(_ engine: ClusterDNSEngine, from pod: Pod) -> DNSResolution {
        let kind = resolver.flatMap { StubResolverKind(rawValue: $0) }
        if let reverse, let ip = IPAddress(reverse) {
            return engine.reverse(ip, from: pod, resolver: kind)
        }
        return engine.resolve(name ?? "", from: pod, types: try? types(), resolver: kind, ipv6: !noIpv6)
    }

    func run() throws {
        let cluster = try options.load()
        let pod = try PodArgument.find(from, in: cluster, option: "--from")
        let engine = DNSCommand.engine(for: cluster)
        if case .failure(let e) = engine.coreDNS {
            printError("error: \(e.description) (CoreDNS would not start; kubewalk does not fall back to the default Corefile)")
        }
        let resolution = resolution(engine, from: pod)
        switch output {
        case .json: print(try JSONOutput.string(resolution))
        case .text: print(DNSText.render(resolution))
        }
        if resolution.result.error != nil { throw ExitCode(1) }
    }
}

/// The text of `kubewalk dns`: resolv.conf, then each query like a `dig` answer, then the result.
enum DNSText {
    static func render(_ r: DNSResolution) -> String {
        var out: [String] = []
        out.append(";; resolv.conf of \(r.pod)")
        for s in r.resolvConf.search.isEmpty ? [] : ["search " + r.resolvConf.search.joined(separator: " ")] { out.append(s) }
        for n in r.resolvConf.nameservers { out.append("nameserver \(n)") }
        if !r.resolvConf.options.isEmpty { out.append("options " + r.resolvConf.options.joined(separator: " ")) }
        for w in r.warnings { out.append(";; warning: \(w)") }
        out.append("")
        out.append(";; \(r.resolver.rawValue) (\(r.resolverSource)), \(r.mode)(\"\(r.name)\")")
        var lastCandidate = 0
        var shownPaths = Set<DNSPacketPath>()
        for q in r.queries {
            if q.candidate != lastCandidate {
                lastCandidate = q.candidate
                if let c = r.candidates.first(where: { $0.index == q.candidate }) {
                    out.append("")
                    out.append(";; candidate \(c.index): \(c.name) (\(c.origin))")
                }
            }
            out.append("")
            out.append(";; QUESTION: \(q.name) IN \(q.type.rawValue)\(q.attempt > 1 ? "   (resend \(q.attempt))" : "")")
            out.append(";; SERVER: \(q.path.dst)/\(q.path.proto) via \(q.path.via)\(dnat(q.path))")
            out += dnatRules(q.path, full: shownPaths.insert(q.path).inserted)
            out.append(";; status: \(status(q)), decided by \(q.decidedBy)")
            section("ANSWER", q.answers, &out)
            section("AUTHORITY", q.authority, &out)
            section("ADDITIONAL", q.additional, &out)
            out.append(";; why: \(q.explanation)")
        }
        for c in r.candidates where !r.queries.contains(where: { $0.candidate == c.index }) {
            out.append("")
            out.append(";; candidate \(c.index): \(c.name) (\(c.origin)): \(c.decision)")
        }
        if let last = r.candidates.last, r.queries.contains(where: { $0.candidate == last.index }) {
            out.append(";; → \(last.decision)")
        }
        out.append("")
        out.append(";; RESULT: \(r.result.message)")
        if !r.result.answers.isEmpty { section("ANSWER", r.result.answers, &out) }
        if r.candidates.count > 1 {
            out.append(";; walk:")
            for c in r.candidates { out.append(";;   \(c.index). \(c.name) \(c.outcome): \(c.decision)") }
        }
        if !r.notes.isEmpty {
            out.append(";; notes:")
            for n in r.notes { out.append(";;   - \(n)") }
        }
        return out.joined(separator: "\n")
    }

    static func status(_ q: DNSQueryStep) -> String {
        if q.rcode == "NOERROR" && q.answers.isEmpty { return "NOERROR (NODATA: the name exists, no \(q.type.rawValue) record)" }
        return q.rcode
    }

    static func dnat(_ p: DNSPacketPath) -> String {
        guard !p.outcomes.isEmpty else { return "" }
        return "; DNAT to " + p.outcomes.map { o in
            "\(o.endpoint) (\(o.pod ?? "?"), \(Int((o.probability * 100).rounded()))%)"
        }.joined(separator: " | ")
    }

    /// Which rules decided the DNAT: the `KUBE-SVC-…` chain and each outcome's deciding
    /// `KUBE-SEP-…` chain; with `full`, the rules matched up to the deciding one (shown under
    /// the first query that takes this path; the queries after it take the same rules). The
    /// JSON's `rules` has the whole walk, filter and POSTROUTING included.
    static func dnatRules(_ p: DNSPacketPath, full: Bool) -> [String] {
        guard let by = p.dnatBy else { return [] }
        var out: [String] = []
        if let refusal = p.refusal, p.outcomes.isEmpty {
            out.append(";; DNAT: \(by): \(refusal)")
            return out
        }
        let seps = p.outcomes.map { o in "\(o.chain ?? o.endpoint) (\(percent(o.probability)))" }.joined(separator: " | ")
        // iptables mode: the Service's KUBE-SVC chain; ipvs mode: the virtual server that scheduled it.
        let via = p.serviceChain ?? p.outcomes.first?.rule.flatMap { $0.hasPrefix("ipvs/") ? $0 : nil }
        out.append(";; DNAT: \(by): \(via.map { "\($0) → " } ?? "")\(seps)")
        guard full else { return out }
        for o in p.outcomes {
            guard let rules = o.rules, !rules.isEmpty else { continue }
            out.append(";;   rules to \(o.endpoint):")
            let decided = o.rule.flatMap { rules.firstIndex(of: $0) } ?? rules.count - 1
            for rule in rules[...decided] { out.append(";;     \(rule)") }
            let rest = rules.count - decided - 1
            if rest > 0 { out.append(";;     … then \(rest) more matched rule\(rest == 1 ? "" : "s") let it through (filter, POSTROUTING; -o json lists them)") }
        }
        return out
    }

    static func percent(_ p: Double) -> String {
        let x = (p * 1000).rounded() / 10
        return x == x.rounded() ? "\(Int(x))%" : "\(x)%"
    }

    static func section(_ title: String, _ records: [DNSRecord], _ out: inout [String]) {
        guard !records.isEmpty else { return }
        out.append(";; \(title) SECTION:")
        for rec in records { out.append(rec.digLine) }
    }
}
