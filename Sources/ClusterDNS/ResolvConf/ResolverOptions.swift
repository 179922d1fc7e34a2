/// The `options` line as a stub resolver reads it (resolv.conf(5)): `ndots`, `attempts`,
/// `timeout`, `no-tld-query`, `single-request`, `rotate`. Unknown options are ignored, as
/// glibc and musl ignore them.
public struct ResolverOptions: Hashable, Sendable, Codable {
    /// Dots a name needs to be tried as typed first (glibc's default 1, capped at 15).
    public var ndots: Int = 1
    /// How many times each nameserver is tried (glibc's default 2, capped at 5).
    public var attempts: Int = 2
    public var timeout: Int = 5
    public var noTLDQuery = false
    public var singleRequest = false
    public var rotate = false

    public init() {}

    /// Reads options the way glibc's `res_setoptions` does (later values win).
    public init(_ options: [String]) {
        for op in options {
            let parts = op.split(separator: ":", maxSplits: 1)
            let name = parts.first.map(String.init) ?? ""
            let value = parts.count > 1 ? Int(parts[1]) : nil
            switch name {
            case "ndots": if let v = value, v >= 0 { ndots = min(v, 15) }
            case "attempts": if let v = value, v >= 0 { attempts = max(1, min(v, 5)) }
            case "timeout": if let v = value, v >= 0 { timeout = max(1, min(v, 30)) }
            case "no-tld-query": noTLDQuery = true
            case "single-request", "single-request-reopen": singleRequest = true
            case "rotate": rotate = true
            default: continue
            }
        }
    }
}

/// The pod's `/etc/hosts`, as kubelet writes it (`reference/dns.md` §1.4): localhost entries,
/// then the pod's own line. Consulted first by getaddrinfo (`hosts: files dns`).
public struct PodHostsFile: Hashable, Sendable, Codable {
    public struct Entry: Hashable, Sendable, Codable {
        public var address: String
        public var names: [String]
    }
    public var entries: [Entry]

    /// The file kubelet writes for a pod (host-network pods get the node's file instead,
    /// which kubewalk does not have: only localhost is modelled for them).
    public init(podIP: String?, hostname: String, subdomain: String?, namespace: String, clusterDomain: String, hostNetwork: Bool) {
        entries = [Entry(address: "127.0.0.1", names: ["localhost"]),
                   Entry(address: "::1", names: ["localhost", "ip6-localhost", "ip6-loopback"])]
        guard !hostNetwork, let podIP else { return }
        if let subdomain, !subdomain.isEmpty {
            entries.append(Entry(address: podIP, names: ["\(hostname).\(subdomain).\(namespace).svc.\(clusterDomain)", hostname]))
        } else {
            entries.append(Entry(address: podIP, names: [hostname]))
        }
    }

    /// The addresses `name` has in the file (glibc's files backend: exact, case-insensitive,
    /// a trailing dot is not stripped).
    public func addresses(of name: String) -> [String] {
        let n = name.lowercased()
        return entries.filter { $0.names.contains { $0.lowercased() == n } }.map(\.address)
    }

    public var fileText: String {
        entries.map { "\($0.address)\t\($0.names.joined(separator: " "))\n" }.joined()
    }
}
