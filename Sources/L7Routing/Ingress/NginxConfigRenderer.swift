/// Renders a `NginxHostTable` as the `server` / `location` blocks ingress-nginx's
/// `nginx.tmpl` writes: one server per host (wildcards as the one-label regex
/// `~^(?<subdomain>[\w-]+)\.suffix$`, as the controller's `buildServerName` does), the
/// locations in the table's order with their modifiers, `rewrite "(?i)path" target break;`
/// for rewrites, `return` for fixed redirects and app-root.
///
/// What the controller does in Lua (canary, HTTPS redirect, the 503 for no endpoints) is
/// not part of nginx.conf and not rendered. Used to show "what nginx was told" and by the
/// nginx differential test, which runs this configuration in a real nginx.
public enum NginxConfigRenderer {
    /// - Parameters:
    ///   - table: the compiled host table.
    ///   - listen: the `listen` argument of every server (`127.0.0.1:18080`).
    ///   - proxyPass: the `proxy_pass` URL for a location (nil backend = the controller's
    ///     default backend).
    /// - Returns: the `server { … }` blocks (to be placed inside `http { … }`).
    public static func render(_ table: NginxHostTable, listen: String, proxyPass: (NginxLocation) -> String) -> String {
        table.servers.map { render($0, listen: listen, proxyPass: proxyPass) }.joined(separator: "\n")
    }

    /// One server block, as the controller writes it (`proxy_pass http://upstream_balancer;`
    /// by default: the Lua balancer then picks an endpoint of the location's Service).
    public static func render(_ s: NginxServer, listen: String = "80", proxyPass: (NginxLocation) -> String = { _ in "http://upstream_balancer" }) -> String {
        var out: [String] = []
        do {
            out.append("server {")
            out.append("    listen \(listen)\(s.host == "_" ? " default_server" : "");")
            out.append("    server_name \(serverName(s.host));")
            if let root = s.appRoot {
                out.append("    if ($uri = /) { return 302 $scheme://$http_host\(root); }")
            }
            for l in s.locations {
                switch l.modifier {
                case .exact: out.append("    location = \(quoteIfNeeded(l.path)) {")
                case .prefix: out.append("    location \(quoteIfNeeded(l.path)) {")
                case .regex: out.append("    location ~* \"^\(escape(l.path))\" {")
                }
                out.append("        # \(l.ingress.map { "Ingress \($0)" } ?? "controller default"): \(l.written)")
                if let url = l.annotations.temporalRedirect ?? l.annotations.permanentRedirect {
                    let code = l.annotations.temporalRedirect != nil ? l.annotations.temporalRedirectCode : l.annotations.permanentRedirectCode
                    out.append("        return \(code) \(url);")
                } else {
                    if let target = l.rewriteTarget {
                        out.append("        rewrite \"(?i)\(escape(l.writtenPath))\" \(target) break;")
                    }
                    out.append("        proxy_pass \(proxyPass(l));")
                }
                out.append("    }")
            }
            out.append("}")
        }
        return out.joined(separator: "\n")
    }

    static func serverName(_ host: String) -> String {
        guard host.hasPrefix("*.") else { return host }
        let suffix = host.dropFirst(2).replacingDots
        return "\"~^(?<subdomain>[\\w-]+)\\.\(suffix)$\""
    }

    static func escape(_ s: String) -> String {
        s.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"")
    }

    static func quoteIfNeeded(_ s: String) -> String {
        s.contains(where: { $0 == " " || $0 == "{" || $0 == "}" || $0 == ";" || $0 == "\"" || $0 == "'" }) ? "\"\(escape(s))\"" : s
    }
}

extension StringProtocol {
    var replacingDots: String { String(self).replacingAll(".", with: "\\.") }

    func replacingAll(_ a: String, with b: String) -> String {
        guard !a.isEmpty else { return String(self) }
        var out = ""
        var rest = Substring(self)
        while let r = rest.byteRange(of: a) {
            out += rest[..<r.lowerBound]
            out += b
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}

extension Substring {
    func byteRange(of needle: String) -> Range<Substring.Index>? {
        let n = Array(needle.utf8)
        guard !n.isEmpty else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i...].utf8.starts(with: n) {
                return i..<(self.utf8.index(i, offsetBy: n.count))
            }
            i = index(after: i)
        }
        return nil
    }
}
