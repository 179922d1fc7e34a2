import NetCore

/// The resolver outside the cluster (the node's `/etc/resolv.conf` nameservers that
/// `forward . /etc/resolv.conf` sends to), modelled from `ClusterNetwork.upstreamDNS`
/// (`reference/dns.md` §6 "Upstream"): a listed name exists; unlisted types are NODATA;
/// unlisted names are NXDOMAIN.
struct UpstreamResolver: Sendable {
    /// Name key → addresses.
    let names: [String: [IPAddress]]
    /// The TTL the stand-in gives its records (a typical upstream TTL).
    static let ttl = 300

    static let standInNote = "upstream answers are the model's stand-in: names listed in ClusterNetwork.upstreamDNS exist; every other name gets NXDOMAIN (the real upstream is the node's resolver)"

    init(_ upstreamDNS: [String: [IPAddress]]) {
        var n: [String: [IPAddress]] = [:]
        for (k, v) in upstreamDNS { n[DNSName.key(k)] = v }
        names = n
    }

    func answer(_ q: DNSQuestion, key: String, server: String) -> DNSReply {
        guard let addrs = names[key] else {
            return DNSReply(rcode: .NXDOMAIN, decidedBy: "upstream \(server)",
                            explanation: "NXDOMAIN: \(q.name) is not in ClusterNetwork.upstreamDNS", notes: [UpstreamResolver.standInNote])
        }
        let family: IPFamily? = q.type == .A ? .ipv4 : q.type == .AAAA ? .ipv6 : nil
        let records = addrs.filter { $0.family == family }.sorted().map { DNSRecord(name: q.name, type: q.type, ttl: UpstreamResolver.ttl, data: $0.description) }
        let why = records.isEmpty ? "NODATA: \(q.name) is listed in ClusterNetwork.upstreamDNS without \(q.type.rawValue) data"
                                  : "\(q.name) is listed in ClusterNetwork.upstreamDNS"
        return DNSReply(rcode: .NOERROR, answers: records, decidedBy: "upstream \(server)", explanation: why, notes: [UpstreamResolver.standInNote])
    }
}
