import NetCore

/// `rewrite name` applied to a query name (plugin/rewrite `name.go`): exact, prefix, suffix,
/// substring and regex (with `{1}` groups) matches, on the lower-case name.
enum RewriteEngine {
    /// The rewritten name (key form), or nil when the rule does not match.
    static func apply(_ rule: RewriteNameRule, to key: String) -> String? {
        switch rule.match {
        case .exact:
            return key == rule.from ? rule.to : nil
        case .prefix:
            guard key.hasPrefix(rule.from) else { return nil }
            return rule.to + key.dropFirst(rule.from.count)
        case .suffix:
            let from = DNSName.key(rule.from), to = DNSName.key(rule.to)
            guard key.hasSuffix(from) else { return nil }
            return key.dropLast(from.count) + to
        case .substring:
            guard let r = key.firstRange(of: rule.from) else { return nil }
            return key.replacingCharacters(in: r, with: rule.to)
        case .regex:
            guard let regex = try? Regex(rule.from), let m = try? regex.wholeMatch(in: key + ".") ?? regex.firstMatch(in: key + ".") else { return nil }
            var out = rule.to
            for i in 1..<max(1, m.output.count) {
                if let s = m.output[i].substring { out = out.replacing("{\(i)}", with: String(s)) }
            }
            return DNSName.key(out)
        }
    }
}

/// The `hosts` plugin (plugin/hosts): inline entries answer A, AAAA and PTR; a name in its
/// zones with no entry is SERVFAIL (it has no SOA to say NXDOMAIN with) unless `fallthrough`.
enum HostsPluginEngine {
    static func serve(_ q: DNSQuestion, key: String, config h: HostsPluginConfig, notes: inout [String]) -> DNSReply? {
        let inZone = h.zones.contains { DNSName.isWithin(key, zone: $0) }
        if q.type == .PTR {
            guard !h.noReverse, let ip = DNSName.address(fromReverse: key) else { return nil }
            let names = h.entries.filter { NetCoreBridge.parse($0.address) == ip }.flatMap(\.names)
            guard !names.isEmpty else { return nil }
            return DNSReply(rcode: .NOERROR, answers: names.map { DNSRecord(name: q.name, type: .PTR, ttl: h.ttl, data: $0 + ".") },
                            authoritative: true, decidedBy: "hosts", explanation: "an inline hosts entry (Corefile line \(h.line)) has \(ip)")
        }
        guard inZone else { return nil }
        let matching = h.entries.filter { $0.names.contains(key) }
        let family: IPFamily? = q.type == .A ? .ipv4 : q.type == .AAAA ? .ipv6 : nil
        let addrs = matching.compactMap { NetCoreBridge.parse($0.address) }.filter { $0.family == family }
        if !addrs.isEmpty {
            return DNSReply(rcode: .NOERROR, answers: addrs.map { DNSRecord(name: q.name, type: q.type, ttl: h.ttl, data: $0.description) },
                            authoritative: true, decidedBy: "hosts", explanation: "an inline hosts entry (Corefile line \(h.line)) lists \(key)")
        }
        if !matching.isEmpty {
            return DNSReply(rcode: .NOERROR, authoritative: true, decidedBy: "hosts",
                            explanation: "NODATA: the hosts plugin lists \(key) but not with \(q.type.rawValue) data")
        }
        if h.fallsThrough(key) {
            notes.append("hosts (Corefile line \(h.line)): no entry for \(key); fallthrough passes the query on (the file \(h.file)'s contents are not modelled, only inline entries)")
            return nil
        }
        return DNSReply(rcode: .SERVFAIL, decidedBy: "hosts",
                        explanation: "SERVFAIL: \(key) is in the hosts plugin's zones, has no entry, and there is no `fallthrough` (the plugin has no SOA to answer NXDOMAIN with)",
                        notes: ["the hosts file \(h.file)'s contents are not modelled, only inline entries"])
    }
}
