/// One HTTP header as sent or as passed upstream (name as written, value as sent).
public struct HTTPHeader: Hashable, Sendable, Codable {
    public var name: String
    public var value: String
    public init(name: String, value: String) { self.name = name; self.value = value }
}

/// An HTTP request as it reaches an ingress controller or a Gateway: the URL the client
/// used (scheme, host, port, path, query), the method, and the headers.
///
/// `host` and `port` say where the connection goes; the `Host` header (RFC 9110 §7.2), when
/// given among `headers`, is what virtual hosting matches on, as with `curl -H 'Host: …'`.
public struct HTTPRequest: Hashable, Sendable, Codable {
    public var method: String
    public var scheme: String          // http | https
    public var host: String
    public var port: Int
    /// The path as sent (not normalised), starting with `/`.
    public var path: String
    /// The query string without `?`, nil when the URL had none.
    public var query: String?
    public var headers: [HTTPHeader]

    public init(method: String = "GET", scheme: String = "http", host: String, port: Int? = nil, path: String = "/",
                query: String? = nil, headers: [HTTPHeader] = []) {
        self.method = method.uppercased()
        self.scheme = scheme.lowercased()
        self.host = host
        self.port = port ?? (scheme.lowercased() == "https" ? 443 : 80)
        self.path = path.isEmpty ? "/" : path
        self.query = query
        self.headers = headers
    }

    /// The request-target of the request line: path plus `?query`.
    public var requestTarget: String { query.map { "\(path)?\($0)" } ?? path }

    /// The first value of a header, name compared case-insensitively.
    public func header(_ name: String) -> String? {
        if headers.isEmpty { return nil }
        let n = name.lowercased()
        return headers.first { $0.name.lowercased() == n }?.value
    }

    /// The Host header as sent: the explicit header, else `host[:port]` from the URL.
    public var hostHeader: String {
        if let h = header("Host") { return h }
        let defaultPort = scheme == "https" ? 443 : 80
        let h = host.utf8.contains(UInt8(ascii: ":")) ? "[\(host)]" : host
        return port == defaultPort ? h : "\(h):\(port)"
    }

    /// The host virtual hosting compares: the Host header without `:port` and one trailing
    /// dot, lower-cased (nginx's `ngx_http_validate_host`).
    public var matchHost: String {
        if header("Host") == nil, !host.utf8.contains(where: { ($0 >= 65 && $0 <= 90) || $0 == UInt8(ascii: ":") }), host.utf8.last != UInt8(ascii: ".") {
            return host
        }
        var h = Substring(hostHeader)
        if h.hasPrefix("[") {
            if let close = h.firstIndex(of: "]") { h = h[h.index(after: h.startIndex)..<close] }
        } else if let colon = h.lastIndex(of: ":") {
            h = h[..<colon]
        }
        if h.hasSuffix(".") { h = h.dropLast() }
        return h.lowercased()
    }

    /// The first value of query parameter `name` (exact name), as Gateway API recommends.
    public func queryParam(_ name: String) -> String? {
        guard let query else { return nil }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.first.map(String.init) == name { return parts.count > 1 ? String(parts[1]) : "" }
        }
        return nil
    }
}

/// Why a URL given on the command line could not be used.
public enum URLParseError: Error, Hashable, Sendable, CustomStringConvertible {
    case empty
    case unsupportedScheme(String)
    case missingHost(String)
    case badPort(String)
    case badCharacter(String)

    public var description: String {
        switch self {
        case .empty: return "the URL is empty; give one like http://shop.example/cart"
        case .unsupportedScheme(let s): return "scheme \"\(s)\" is not HTTP; use http:// or https://"
        case .missingHost(let u): return "\"\(u)\" has no host; give one like http://shop.example/cart"
        case .badPort(let p): return "port \"\(p)\" is not a number between 1 and 65535"
        case .badCharacter(let u): return "\"\(u)\" contains a space or control character; percent-encode it (%20)"
        }
    }
}

extension HTTPRequest {
    /// Parses `[scheme://]host[:port][/path][?query][#fragment]` (RFC 3986 in the subset an
    /// HTTP client accepts); a missing scheme means `http`.
    public init(url: String, method: String = "GET", headers: [HTTPHeader] = []) throws(URLParseError) {
        var rest = Substring(url)
        if rest.isEmpty { throw .empty }
        if rest.utf8.contains(where: { $0 <= 32 || $0 == 127 }) { throw .badCharacter(url) }
        var scheme = "http"
        if let r = rest.range(of: "://") {
            scheme = rest[..<r.lowerBound].lowercased()
            guard scheme == "http" || scheme == "https" else { throw .unsupportedScheme(scheme) }
            rest = rest[r.upperBound...]
        }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        var target = rest[authorityEnd...]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var host = authority
        var port: Int? = nil
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .missingHost(url) }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { port = try Self.port(after.dropFirst()) }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            port = try Self.port(authority[authority.index(after: colon)...])
        }
        if host.isEmpty { throw .missingHost(url) }
        if target.hasPrefix("?") { target = "/" + target }
        var path = target, query: String? = nil
        if let q = target.firstIndex(of: "?") {
            path = target[..<q]
            query = String(target[target.index(after: q)...])
        }
        self.init(method: method, scheme: scheme, host: host.lowercased(), port: port, path: path.isEmpty ? "/" : String(path),
                  query: query, headers: headers)
    }

    private static func port(_ text: Substring) throws(URLParseError) -> Int? {
        if text.isEmpty { return nil }
        guard let p = Int(text), (1...65535).contains(p) else { throw .badPort(String(text)) }
        return p
    }
}
