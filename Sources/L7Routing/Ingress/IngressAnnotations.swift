import ClusterModel

/// The `nginx.ingress.kubernetes.io/*` annotations of one Ingress that the model applies,
/// parsed the way ingress-nginx's annotation parsers read them (section 7 of the ingress
/// reference). Annotations apply to every path of the Ingress that carries them.
public struct IngressAnnotations: Hashable, Sendable, Codable {
    static let prefix = "nginx.ingress.kubernetes.io/"

    public var rewriteTarget: String?
    /// Set when `rewrite-target` was given but the controller ignores it (invalid characters).
    public var rewriteTargetIgnored: String?
    public var useRegex = false
    public var appRoot: String?
    public var sslRedirect: Bool?
    public var forceSSLRedirect = false
    public var preserveTrailingSlash = false
    public var permanentRedirect: String?
    public var permanentRedirectCode = 301
    public var temporalRedirect: String?
    public var temporalRedirectCode = 302
    public var canary = false
    public var canaryByHeader: String?
    public var canaryByHeaderValue: String?
    public var canaryByHeaderPattern: String?
    public var canaryByCookie: String?
    public var canaryWeight = 0
    public var canaryWeightTotal = 100
    public var defaultBackend: String?
    /// Annotations present but not modelled (`nginx.ingress.kubernetes.io/` dropped).
    public var notModelled: [String] = []

    static let modelled: Set<String> = [
        "rewrite-target", "use-regex", "app-root", "ssl-redirect", "force-ssl-redirect", "preserve-trailing-slash",
        "permanent-redirect", "permanent-redirect-code", "temporal-redirect", "temporal-redirect-code",
        "canary", "canary-by-header", "canary-by-header-value", "canary-by-header-pattern", "canary-by-cookie",
        "canary-weight", "canary-weight-total", "default-backend",
    ]

    public init(_ annotations: [String: String]) {
        func value(_ key: String) -> String? {
            annotations[Self.prefix + key].map { $0.trimmingSpaces }.flatMap { $0.isEmpty ? nil : $0 }
        }
        func bool(_ key: String) -> Bool? { value(key).map { $0 == "true" } }
        if let t = value("rewrite-target") {
            if Self.isValidRewriteTarget(t) { rewriteTarget = t } else { rewriteTargetIgnored = t }
        }
        useRegex = bool("use-regex") ?? false
        if let root = value("app-root"), root.hasPrefix("/") { appRoot = root }
        sslRedirect = bool("ssl-redirect")
        forceSSLRedirect = bool("force-ssl-redirect") ?? false
        preserveTrailingSlash = bool("preserve-trailing-slash") ?? false
        permanentRedirect = value("permanent-redirect")
        if let c = value("permanent-redirect-code").flatMap({ Int($0) }), (300...308).contains(c) { permanentRedirectCode = c }
        temporalRedirect = value("temporal-redirect")
        if let c = value("temporal-redirect-code").flatMap({ Int($0) }), (300...307).contains(c) { temporalRedirectCode = c }
        canary = bool("canary") ?? false
        canaryByHeader = value("canary-by-header")
        canaryByHeaderValue = value("canary-by-header-value")
        canaryByHeaderPattern = value("canary-by-header-pattern")
        canaryByCookie = value("canary-by-cookie")
        canaryWeight = max(0, value("canary-weight").flatMap { Int($0) } ?? 0)
        if let t = value("canary-weight-total").flatMap({ Int($0) }), t > 0 { canaryWeightTotal = t }
        defaultBackend = value("default-backend")
        notModelled = annotations.keys.filter { $0.hasPrefix(Self.prefix) }
            .map { String($0.dropFirst(Self.prefix.count)) }
            .filter { !Self.modelled.contains($0) }.sorted()
    }

    /// ingress-nginx accepts a rewrite target made of letters, digits and `- . _ ~ / : $`
    /// (its `IsValidRegex`-style check); anything else makes it drop the annotation.
    static func isValidRewriteTarget(_ t: String) -> Bool {
        t.utf8.allSatisfy { c in
            (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
                || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: "~")
                || c == UInt8(ascii: "/") || c == UInt8(ascii: ":") || c == UInt8(ascii: "$")
        }
    }

    /// A rewrite that applies to `path`: non-empty and different from the path (section 6.3).
    func rewrite(for path: String) -> String? {
        guard let t = rewriteTarget, t != path else { return nil }
        return t
    }

    /// The highest `$n` a rewrite target refers to (0 when none).
    static func highestGroup(in target: String) -> Int {
        var best = 0
        let b = Array(target.utf8)
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "$") {
                var j = i + 1, n = 0
                while j < b.count, b[j] >= 48, b[j] <= 57 { n = n * 10 + Int(b[j] - 48); j += 1 }
                best = max(best, n)
                i = j
            } else { i += 1 }
        }
        return best
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" { s = s.dropLast() }
        return String(s)
    }
}
