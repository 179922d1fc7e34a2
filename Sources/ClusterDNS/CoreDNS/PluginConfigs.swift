/// The `kubernetes` plugin's settings (coredns.io/plugins/kubernetes).
public struct KubernetesPluginConfig: Hashable, Sendable, Codable {
    /// `pods disabled|insecure|verified`: whether `a-b-c-d.ns.pod.<zone>` answers.
    public enum PodsMode: String, Hashable, Sendable, Codable { case disabled, insecure, verified }

    /// Zones as keys (lower case, no trailing dot).
    public var zones: [String]
    public var pods: PodsMode = .disabled
    /// TTL stamped on answers (plugin default 5 s; kubeadm sets 30).
    public var ttl: Int = 5
    /// nil: no fallthrough; empty: every zone falls through; otherwise those zones.
    public var fallthroughZones: [String]? = nil
    public var endpointPodNames = false
    /// Namespaces exposed (`namespaces`); empty exposes all.
    public var namespaces: [String] = []
    /// `ignore empty_service`: a ClusterIP Service without ready endpoints is NXDOMAIN.
    public var ignoreEmptyService = false
    /// Options read but not modelled (`kubeconfig`, `endpoint`, `labels`, …).
    public var notModelled: [String] = []
    public var line: Int

    public init(zones: [String], line: Int) {
        self.zones = zones
        self.line = line
    }

    /// Whether a name-does-not-exist outcome for `name` goes to the next plugin.
    public func fallsThrough(_ name: String) -> Bool {
        Fallthrough.applies(to: name, zones: fallthroughZones)
    }
}

/// The `forward` plugin's settings (coredns.io/plugins/forward).
public struct ForwardPluginConfig: Hashable, Sendable, Codable {
    /// The zone forwarded (`.` → "").
    public var from: String
    /// Upstreams as written: addresses, `dns://…`, `tls://…`, or `/etc/resolv.conf`.
    public var to: [String]
    public var except: [String] = []
    public var notModelled: [String] = []
    public var line: Int
    public init(from: String, to: [String], line: Int) {
        self.from = from
        self.to = to
        self.line = line
    }
}

/// The `hosts` plugin's settings (coredns.io/plugins/hosts): inline entries are modelled;
/// the file's contents are not (kubewalk has no access to CoreDNS's files).
public struct HostsPluginConfig: Hashable, Sendable, Codable {
    public struct Entry: Hashable, Sendable, Codable {
        public var address: String
        public var names: [String]
    }
    public var file: String = "/etc/hosts"
    public var zones: [String]
    public var entries: [Entry] = []
    public var ttl: Int = 3600
    public var fallthroughZones: [String]? = nil
    public var noReverse = false
    public var line: Int
    public init(zones: [String], line: Int) {
        self.zones = zones
        self.line = line
    }

    public func fallsThrough(_ name: String) -> Bool {
        Fallthrough.applies(to: name, zones: fallthroughZones)
    }
}

/// One `rewrite name …` rule (coredns.io/plugins/rewrite).
public struct RewriteNameRule: Hashable, Sendable, Codable {
    public enum Match: String, Hashable, Sendable, Codable { case exact, prefix, suffix, substring, regex }
    public var match: Match
    public var from: String
    public var to: String
    /// `stop` (default) or `continue`.
    public var stop: Bool = true
    public var line: Int
    public init(match: Match, from: String, to: String, stop: Bool, line: Int) {
        self.match = match
        self.from = from
        self.to = to
        self.stop = stop
        self.line = line
    }
}

/// The `cache` plugin's settings (coredns.io/plugins/cache): caps and minimum TTLs, and the
/// zones whose answers are not stored.
public struct CachePluginConfig: Hashable, Sendable, Codable {
    public var successCap = 3600
    public var denialCap = 1800
    public var successMinTTL = 5
    public var denialMinTTL = 5
    public var zones: [String] = []
    /// `disable success|denial [ZONES…]`: nil when not disabled; empty for every zone.
    public var disableSuccess: [String]? = nil
    public var disableDenial: [String]? = nil
    public var line: Int
    public init(line: Int) { self.line = line }

    /// Whether a positive (or negative) answer for `name` would be stored.
    public func stores(_ name: String, positive: Bool) -> Bool {
        guard let zones = positive ? disableSuccess : disableDenial else { return true }
        return !(zones.isEmpty || zones.contains { DNSName.isWithin(name, zone: $0) })
    }
}

/// One server block as CoreDNS runs it: what it serves and the plugins kubewalk models.
public struct ServerBlockConfig: Hashable, Sendable, Codable {
    public var keys: [String]
    public var zones: [String]
    public var port: Int
    public var scheme: String
    public var line: Int
    public var kubernetes: KubernetesPluginConfig?
    public var forward: ForwardPluginConfig?
    public var hosts: HostsPluginConfig?
    public var rewrites: [RewriteNameRule] = []
    public var cache: CachePluginConfig?
    public var loadbalance = false
    /// Plugins CoreDNS has that do not change an answer here (errors, health, ready, …).
    public var acknowledged: [String] = []
    /// Directives that are CoreDNS plugins kubewalk does not model (template, file, …).
    public var notModelled: [String] = []
    /// Directives CoreDNS does not know at all.
    public var unknown: [String] = []

    public init(keys: [String], zones: [String], port: Int, scheme: String, line: Int) {
        self.keys = keys
        self.zones = zones
        self.port = port
        self.scheme = scheme
        self.line = line
    }

    /// The block's name as CoreDNS logs it (`.:53`, `cluster.local:53`).
    public var label: String { "\(keys.joined(separator: " "))" }
}

/// The `fallthrough [ZONES…]` option several plugins share (CoreDNS's plugin/pkg/fall):
/// absent, nothing falls through; bare, every name does; with zones, names within them do.
enum Fallthrough {
    static func applies(to name: String, zones: [String]?) -> Bool {
        guard let zones else { return false }
        return zones.isEmpty || zones.contains { DNSName.isWithin(name, zone: $0) }
    }
}
