/// Gateway API hostname semantics (`Listener.hostname`, `HTTPRoute.spec.hostnames`,
/// gateway-api `apis/v1/shared_types.go` "Hostname"): a precise name, or `*.` followed by a
/// suffix where the wildcard covers **one or more** labels (unlike Ingress's one), never the
/// bare suffix.
public enum GatewayHostnames {
    /// Whether `host` (precise, lower-case) falls under `pattern` (precise or wildcard).
    public static func matches(_ pattern: String, _ host: String) -> Bool {
        if pattern.hasPrefix("*.") {
            let suffix = pattern.dropFirst(1)          // ".example.org"
            return host.count > suffix.count && host.hasSuffix(suffix)
        }
        return pattern == host
    }

    /// The intersection of a listener hostname and a route hostname (nil = any), or
    /// `.none` when they have nothing in common (section 10.3 of the reference).
    public enum Intersection: Hashable, Sendable { case any, name(String), none }

    public static func intersect(listener l: String?, route r: String?) -> Intersection {
        switch (l, r) {
        case (nil, nil): return .any
        case (nil, let r?): return .name(r)
        case (let l?, nil): return .name(l)
        case (let l?, let r?):
            let lw = l.hasPrefix("*."), rw = r.hasPrefix("*.")
            switch (lw, rw) {
            case (false, false): return l == r ? .name(r) : .none
            case (true, false): return matches(l, r) ? .name(r) : .none
            case (false, true): return matches(r, l) ? .name(l) : .none
            case (true, true):
                if l == r { return .name(r) }
                if matches(l, String(r.dropFirst(2))) { return .name(r) }
                if matches(r, String(l.dropFirst(2))) { return .name(l) }
                return .none
            }
        }
    }

    /// Specificity of a matched name for ranking: precise beats wildcard, then longer.
    static func rank(_ name: String?) -> (Int, Int) {
        guard let name else { return (0, 0) }
        return name.hasPrefix("*.") ? (1, name.count) : (2, name.count)
    }
}
