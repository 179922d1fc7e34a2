/// Parses Corefile text into server blocks and directives, failing the way CoreDNS fails on a
/// Corefile it cannot load (an unclosed or stray brace, a block with no address, an
/// unterminated quote). Snippets `(name) { … }` and `import name` are expanded.
public enum CorefileParser {
    public static func parse(_ text: String) throws(CorefileError) -> Corefile {
        let tokens = try CorefileLexer.tokens(text)
        var state = State(tokens: tokens)
        var blocks: [CorefileServerBlock] = []
        while state.i < tokens.count {
            let first = tokens[state.i]
            if first.text == "{" && !first.quoted {
                throw CorefileError(line: first.line, message: "a block opens with '{' before any server address (write e.g. `.:53 {`)")
            }
            if first.text == "}" && !first.quoted {
                throw CorefileError(line: first.line, message: "unexpected '}': no block is open here")
            }
            // Keys: the tokens on this line; a trailing comma continues on the next line.
            var keys: [String] = []
            var line = first.line
            while state.i < tokens.count {
                let t = tokens[state.i]
                if t.line != line || (t.text == "{" && !t.quoted) { break }
                state.i += 1
                for part in t.text.split(separator: ",") where !part.isEmpty { keys.append(String(part)) }
                if t.text.hasSuffix(","), state.i < tokens.count { line = tokens[state.i].line }
            }
            let isSnippet = keys.count == 1 && keys[0].hasPrefix("(") && keys[0].hasSuffix(")")
            var directives: [CorefileDirective]
            if state.i < tokens.count, tokens[state.i].text == "{", !tokens[state.i].quoted {
                state.i += 1
                directives = try state.directives(closing: true, openLine: first.line, snippets: state.snippets)
            } else if blocks.isEmpty && !isSnippet {
                // Without braces, the rest of the file is this (single) server block's directives.
                directives = try state.directives(closing: false, openLine: first.line, snippets: state.snippets)
            } else {
                throw CorefileError(line: first.line, message: "expected '{' after the server address\(keys.count == 1 ? "" : "es") \(keys.joined(separator: ", "))")
            }
            if isSnippet {
                state.snippets[String(keys[0].dropFirst().dropLast())] = directives
                continue
            }
            blocks.append(CorefileServerBlock(keys: keys, line: first.line, directives: directives))
        }
        if blocks.isEmpty { throw CorefileError(line: 1, message: "the Corefile has no server block (CoreDNS would serve nothing)") }
        return Corefile(serverBlocks: blocks)
    }

    struct State {
        var tokens: [CorefileLexer.Token]
        var i = 0
        var snippets: [String: [CorefileDirective]] = [:]

        mutating func directives(closing: Bool, openLine: Int, snippets: [String: [CorefileDirective]]) throws(CorefileError) -> [CorefileDirective] {
            var out: [CorefileDirective] = []
            while true {
                guard i < tokens.count else {
                    if closing { throw CorefileError(line: openLine, message: "unexpected end of file: the '{' opened on this line is never closed with '}'") }
                    return out
                }
                let t = tokens[i]
                if t.text == "}" && !t.quoted {
                    if closing { i += 1; return out }
                    throw CorefileError(line: t.line, message: "unexpected '}': no block is open here")
                }
                if t.text == "{" && !t.quoted {
                    throw CorefileError(line: t.line, message: "unexpected '{': a block must follow a directive on the same line")
                }
                if !t.quoted && (t.text.contains("{") || t.text.contains("}")) && !t.text.hasPrefix("{$") {
                    throw CorefileError(line: t.line, message: "\"\(t.text)\" is not a directive: a brace must stand alone, separated by spaces (CoreDNS: Unknown directive '\(t.text)')")
                }
                i += 1
                var args: [String] = []
                while i < tokens.count, tokens[i].line == t.line {
                    let a = tokens[i]
                    if (a.text == "{" || a.text == "}") && !a.quoted { break }
                    args.append(a.text)
                    i += 1
                }
                var block: [CorefileDirective] = []
                if i < tokens.count, tokens[i].text == "{", !tokens[i].quoted, tokens[i].line == t.line {
                    i += 1
                    block = try directives(closing: true, openLine: t.line, snippets: snippets)
                }
                if t.text == "import", let name = args.first, let snippet = snippets[name] {
                    out += snippet
                    continue
                }
                out.append(CorefileDirective(name: t.text, args: args, line: t.line, block: block))
            }
        }
    }
}

/// A server block key (`dns://.:53`, `cluster.local:53`, `10.0.0.0/24`): the zone(s) it
/// serves, the port and the transport.
public struct ServerAddress: Hashable, Sendable, Codable {
    /// Zones as keys: lower case, no trailing dot, the root as "".
    public var zones: [String]
    public var port: Int
    /// `dns`, `tls`, `grpc`, `https`; only plain `dns` is what pods reach.
    public var scheme: String

    /// Parses a key as CoreDNS's `normalizeZone` does; a CIDR on an octet boundary becomes
    /// its reverse zone (`10.0.0.0/8` → `10.in-addr.arpa`).
    public static func parse(_ key: String, line: Int) throws(CorefileError) -> ServerAddress {
        var rest = Substring(key)
        var scheme = "dns"
        if let r = rest.firstRange(of: "://") {
            scheme = String(rest[..<r.lowerBound]).lowercased()
            rest = rest[r.upperBound...]
        }
        let defaultPort: Int
        switch scheme {
        case "dns": defaultPort = 53
        case "tls": defaultPort = 853
        case "grpc", "https": defaultPort = 443
        default: throw CorefileError(line: line, message: "unknown scheme \"\(scheme)://\" in server address \"\(key)\" (dns, tls, grpc or https)")
        }
        var host = rest
        var port = defaultPort
        if let colon = rest.lastIndex(of: ":"), !rest.hasPrefix("[") {
            host = rest[..<colon]
            let p = rest[rest.index(after: colon)...]
            guard let n = Int(p), (1...65535).contains(n) else {
                throw CorefileError(line: line, message: "invalid port \"\(p)\" in server address \"\(key)\"")
            }
            port = n
        }
        var zone = DNSName.key(String(host))
        if host == "." || host.isEmpty { zone = "" }
        if zone.contains("/") {
            guard let reverse = ServerAddress.reverseZone(zone) else {
                throw CorefileError(line: line, message: "\"\(host)\" is not a CIDR kubewalk can turn into a reverse zone (use an octet boundary: /8, /16, /24, /32)")
            }
            zone = reverse
        }
        return ServerAddress(zones: [zone], port: port, scheme: scheme)
    }

    static func reverseZone(_ cidr: String) -> String? {
        let parts = cidr.split(separator: "/")
        guard parts.count == 2, let len = Int(parts[1]), len % 8 == 0, len <= 32 else { return nil }
        let octets = parts[0].split(separator: ".")
        guard octets.count == 4, octets.allSatisfy({ UInt8($0) != nil }) else { return nil }
        return (octets.prefix(len / 8).reversed() + ["in-addr", "arpa"]).joined(separator: ".")
    }
}
