import ClusterModel
import NetCore

/// Why a trace could not start: the source or target is not understood or not in the cluster.
public enum TraceError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The SOURCE text has the wrong shape (a usage error, exit 2).
    case badSource(String)
    /// The TARGET text has the wrong shape (a usage error, exit 2).
    case badTarget(String)
    case unknownPod(String)
    case unknownNode(String)
    case unknownExternalClient(String, known: [String])
    case sourceHasNoAddress(String)
    case badPick(Int, outcomes: Int)
    case badHeader(String)

    public var description: String {
        switch self {
        case .badSource(let s): return "source '\(s)' is not NS/POD, node/NAME or external[/NAME]"
        case .badTarget(let t): return "target '\(t)' is not a URL (http://host[:port]/path), NAME:PORT or IP:PORT"
        case .unknownPod(let p): return "no pod \(p) in the cluster; list them with `kubewalk summary`"
        case .unknownNode(let n): return "no node \(n) in the cluster"
        case .unknownExternalClient(let n, let known): return "no external client \(n); ClusterNetwork.spec.externalClients has: \(known.isEmpty ? "(none)" : known.joined(separator: ", "))"
        case .sourceHasNoAddress(let s): return "\(s) has no IP address (not scheduled, or no podIP)"
        case .badPick(let n, let outcomes): return "--pick \(n): this trace has \(outcomes) outcome(s); pick a number from 1 to \(outcomes)"
        case .badHeader(let h): return "header '\(h)' is not 'Name: value'"
        }
    }

    /// Whether this is a usage error (exit 2) rather than an input error (exit 1).
    public var isUsage: Bool {
        switch self {
        case .badSource, .badTarget, .badPick, .badHeader: return true
        default: return false
        }
    }
}

/// What a request is sent to: a URL, `NAME:PORT` or `IP:PORT`.
public struct TraceTarget: Hashable, Sendable {
    public var scheme: String?
    public var host: String
    public var port: Int
    /// The path and query (URLs only; `/` otherwise).
    public var path: String
    /// The host as an address, when it is one.
    public var address: IPAddress?
    public var isHTTP: Bool { scheme != nil }

    public static func parse(_ text: String) throws(TraceError) -> TraceTarget {
        var rest = Substring(text)
        var scheme: String? = nil
        if let r = rest.range(of: "://") {
            let s = rest[..<r.lowerBound].lowercased()
            guard s == "http" || s == "https" else { throw .badTarget(text) }
            scheme = s
            rest = rest[r.upperBound...]
        }
        var path = "/"
        if let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) {
            guard scheme != nil else { throw .badTarget(text) }
            path = String(rest[slash...])
            if path.hasPrefix("?") { path = "/" + path }
            rest = rest[..<slash]
        }
        var host = String(rest)
        var port: Int? = nil
        if let colon = rest.lastIndex(of: ":"), !rest.hasPrefix("[") {
            host = String(rest[..<colon])
            guard let p = Int(rest[rest.index(after: colon)...]), (1...65535).contains(p) else { throw .badTarget(text) }
            port = p
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }) else { throw .badTarget(text) }
        if port == nil {
            guard let scheme else { throw .badTarget(text) }
            port = scheme == "https" ? 443 : 80
        }
        return TraceTarget(scheme: scheme, host: host.lowercased(), port: port ?? 80, path: path, address: IPAddress(host))
    }
}

extension TraceSource {
    /// `NS/POD`, `node/NAME`, `external` or `external/NAME`.
    public static func parse(_ text: String, in cluster: Cluster) throws(TraceError) -> TraceSource {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts == ["external"] || (parts.count == 2 && parts[0] == "external") {
            let clients = cluster.network.externalClients
            let wanted = parts.count == 2 ? parts[1] : nil
            guard let c = wanted.map({ w in clients.first { $0.name == w } }) ?? clients.first else {
                throw .unknownExternalClient(wanted ?? "(default)", known: clients.map(\.name))
            }
            return .external(name: c.name, ip: c.ip)
        }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { throw .badSource(text) }
        if parts[0] == "node" {
            guard let n = cluster.node(named: parts[1]) else { throw .unknownNode(parts[1]) }
            guard n.internalIP != nil else { throw .sourceHasNoAddress(text) }
            return .node(n)
        }
        guard let p = cluster.pod(namespace: parts[0], name: parts[1]) else { throw .unknownPod(text) }
        guard p.podIP != nil, p.spec.nodeName != nil else { throw .sourceHasNoAddress(text) }
        return .pod(p)
    }
}

/// Follows `--pick N` through every random choice of a trace, and computes the `--pick`
/// value of each alternative: N-1 is read as a mixed-radix number whose first digit is
/// the first choice, so with a single choice `--pick N` is simply its N-th outcome.
struct ChoiceCursor {
    var remaining: Int
    var offset = 0
    var multiplier = 1
    init(pick: Int) { remaining = max(pick, 1) - 1 }

    /// Takes a choice among `count` outcomes; returns the index followed and each outcome's `--pick`.
    mutating func choose(_ count: Int) -> (index: Int, picks: [Int]) {
        guard count > 1 else { return (0, [1 + offset + remaining * multiplier]) }
        let d = remaining % count
        remaining /= count
        let picks = (0..<count).map { 1 + offset + $0 * multiplier + remaining * multiplier * count }
        offset += d * multiplier
        multiplier *= count
        return (d, picks)
    }
}
