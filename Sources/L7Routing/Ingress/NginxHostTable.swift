import ClusterModel

/// One nginx `location` the controller writes for an Ingress path (section 3.2–3.5 of the
/// ingress reference).
public struct NginxLocation: Sendable, Codable {
    /// `=` exact, `` (none) prefix, `~*` case-insensitive regex.
    public enum Modifier: String, Hashable, Sendable, Codable { case exact = "=", prefix = "", regex = "~*" }

    /// The location's string (after the Prefix split: `/shop/`).
    public var path: String
    public var modifier: Modifier
    /// `namespace/name` of the Ingress that wrote it; nil for the controller's own root.
    public var ingress: String?
    /// The path and pathType as written in the Ingress (`ImplementationSpecific` kept).
    public var writtenPath: String
    public var pathType: String
    /// nil means the controller's default backend (404 unless `--default-backend-service`).
    public var backend: IngressBackend?
    public var annotations: IngressAnnotations
    /// The placeholder root `/` each server starts with (3.1).
    public var isRoot: Bool
    /// For a location made by the Prefix split (3.3): `Prefix /shop`.
    public var splitFrom: String?
    public var pathLocation: SourceLocation?
    /// Regex mode: the location pattern `^path`, compiled case-insensitively.
    var locationRegex: PathRegex?
    public var regexError: PathRegexError?
    /// The rewrite applied here (target) and its regex (the written path, case-insensitive).
    public var rewriteTarget: String?
    var rewriteRegex: PathRegex?

    enum CodingKeys: String, CodingKey {
        case path, modifier, ingress, writtenPath, pathType, backend, annotations, isRoot, splitFrom, pathLocation, regexError, rewriteTarget
    }

    /// As nginx.conf spells it: `location = /shop`, `location /shop/`, `location ~* "^/shop/"`.
    public var directive: String {
        switch modifier {
        case .exact: return "= \(path)"
        case .prefix: return path
        case .regex: return "~* ^\(path)"
        }
    }

    /// The written path with its type, for explanations (`Prefix /shop`).
    public var written: String { "\(pathType.isEmpty ? "Prefix" : pathType) \(writtenPath)" }
}

/// One nginx `server` block: a host (or `_`) and its locations in the order of 3.4.
public struct NginxServer: Sendable, Codable {
    public var host: String
    public var locations: [NginxLocation]
    public var regexMode = false
    /// What put the host in regex mode: `Ingress shop/search (use-regex)`.
    public var regexModeCause: String?
    /// Some owned Ingress defining this host has `spec.tls` (6.5).
    public var hasCertificate = false
    public var certificateFrom: String?
    public var appRoot: String?
    public var appRootFrom: String?
    /// The Ingress that created the server (its `defaultBackend` and annotations are the root's).
    public var createdBy: String?
    /// Configuration errors nginx would refuse (duplicate location after the split).
    public var errors: [String] = []
    /// Paths dropped because an older Ingress already had them.
    public var dropped: [String] = []
    /// Lookup structures for matching, built once (`indexLocations`).
    var exactIndex: [String: Int] = [:]
    var prefixOrder: [Int] = []
    /// Slash-terminated location strings without their final `/` (5.4).
    var slashPaths: Set<String> = []

    enum CodingKeys: String, CodingKey {
        case host, locations, regexMode, regexModeCause, hasCertificate, certificateFrom, appRoot, appRootFrom, createdBy, errors, dropped
    }

    /// Static-location lookups for section 5.1: exact strings, prefixes longest first, and
    /// slash-terminated strings (5.4).
    mutating func indexLocations() {
        exactIndex = [:]
        slashPaths = []
        for (i, l) in locations.enumerated() {
            if l.modifier == .exact && exactIndex[l.path] == nil { exactIndex[l.path] = i }
            if l.modifier != .regex && l.path.hasSuffix("/") { slashPaths.insert(String(l.path.dropLast())) }
        }
        prefixOrder = locations.indices.filter { locations[$0].modifier == .prefix }
            .sorted { locations[$0].path.utf8.count > locations[$1].path.utf8.count }
    }
}

/// A canary Ingress attached to a primary Service (6.4).
public struct CanaryRoute: Hashable, Sendable, Codable {
    public var ingress: String
    public var backend: IngressBackend
    public var annotations: IngressAnnotations
    /// The primary location it attached to: `shop.example Prefix /`.
    public var attachedTo: String
}

/// Everything nginx was told: what the controller compiles the owned Ingresses into, built
/// once per cluster and then matched many times (`IngressRouter`).
///
/// - Complexity: building is O(paths · log paths); picking a server is a hash lookup.
public struct NginxHostTable: Sendable, Codable {
    public var controller: IngressController
    public var admission: IngressAdmission.Outcome
    public var servers: [NginxServer]
    /// Host → index into `servers`; `*.suffix` wildcards keyed by `suffix`.
    var exactHosts: [String: Int]
    var wildcardHosts: [String: Int]
    /// The index of the catch-all server `_`.
    var catchAll: Int
    /// Primary Service `namespace/name` → its canary.
    public var canaries: [String: CanaryRoute]
    public var notes: [String]

    enum CodingKeys: String, CodingKey { case controller, admission, servers, canaries, notes }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        controller = try c.decode(IngressController.self, forKey: .controller)
        admission = try c.decode(IngressAdmission.Outcome.self, forKey: .admission)
        servers = try c.decode([NginxServer].self, forKey: .servers)
        for i in servers.indices { servers[i].indexLocations() }
        canaries = try c.decode([String: CanaryRoute].self, forKey: .canaries)
        notes = try c.decode([String].self, forKey: .notes)
        exactHosts = [:]; wildcardHosts = [:]; catchAll = 0
        reindex()
    }

    init(controller: IngressController, admission: IngressAdmission.Outcome, servers: [NginxServer],
         canaries: [String: CanaryRoute], notes: [String]) {
        self.controller = controller
        self.admission = admission
        self.servers = servers
        self.canaries = canaries
        self.notes = notes
        exactHosts = [:]; wildcardHosts = [:]; catchAll = 0
        reindex()
    }

    mutating func reindex() {
        exactHosts = [:]; wildcardHosts = [:]
        for (i, s) in servers.enumerated() {
            if s.host == "_" { catchAll = i }
            else if s.host.hasPrefix("*.") { wildcardHosts[String(s.host.dropFirst(2))] = i }
            else { exactHosts[s.host] = i }
        }
    }

    /// The server nginx picks for a (normalised, lower-case, port-less) host, and how (4).
    public func server(for host: String) -> (index: Int, how: String) {
        let i = serverIndex(for: host)
        if i == catchAll { return (i, "no server_name matches \(host.isEmpty ? "(no host)" : host); the catch-all server _ answers") }
        if servers[i].host.hasPrefix("*.") { return (i, "wildcard server_name \(servers[i].host) (one label)") }
        return (i, "exact server_name \(host)")
    }

    /// The index of the server for `host`: exact, else `*.` one label, else `_`.
    public func serverIndex(for host: String) -> Int {
        if let i = exactHosts[host] { return i }
        if !wildcardHosts.isEmpty, let dot = host.utf8.firstIndex(of: UInt8(ascii: ".")),
           let i = wildcardHosts[String(host[host.index(after: dot)...])] {
            return i
        }
        return catchAll
    }

    /// Whether the host names a server of its own (exact or wildcard), i.e. not `_`.
    public func servesHost(_ host: String) -> Bool { serverIndex(for: host) != catchAll }
}
