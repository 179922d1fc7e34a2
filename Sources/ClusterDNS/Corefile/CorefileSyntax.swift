/// The syntax tree of a Corefile: server blocks, each with its keys (`.:53`,
/// `cluster.local:53`) and directives; a directive has arguments and may have a block of
/// sub-directives (`kubernetes cluster.local { pods insecure }`).
///
/// The grammar is the Caddyfile's, which CoreDNS uses (coredns.io/manual/configuration):
/// whitespace-separated tokens, `"…"` and `` `…` `` quoting, `#` comments, `{`/`}` blocks.
public struct Corefile: Hashable, Sendable, Codable {
    public var serverBlocks: [CorefileServerBlock]
    public init(serverBlocks: [CorefileServerBlock]) { self.serverBlocks = serverBlocks }
}

/// One server block: the addresses it serves and its directives, in file order.
public struct CorefileServerBlock: Hashable, Sendable, Codable {
    public var keys: [String]
    /// 1-based line of the first key in the Corefile.
    public var line: Int
    public var directives: [CorefileDirective]
    public init(keys: [String], line: Int, directives: [CorefileDirective]) {
        self.keys = keys
        self.line = line
        self.directives = directives
    }
}

/// A directive line (a plugin, or a plugin's option inside its block).
public struct CorefileDirective: Hashable, Sendable, Codable {
    public var name: String
    public var args: [String]
    public var line: Int
    public var block: [CorefileDirective]
    public init(name: String, args: [String], line: Int, block: [CorefileDirective] = []) {
        self.name = name
        self.args = args
        self.line = line
        self.block = block
    }
}

/// A Corefile that CoreDNS would not load, with the line (1-based, in the Corefile) where
/// the problem is. CoreDNS reports these as `Corefile:LINE - Error during parsing: …`.
public struct CorefileError: Error, Hashable, Sendable, Codable {
    public var line: Int
    public var message: String
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
}

/// Where a Corefile's text came from, so errors point into the user's file: the
/// ConfigMap's file and the file line of the Corefile's first line.
public struct CorefileOrigin: Hashable, Sendable, Codable {
    /// The manifest file, or a description when there is none (`kubeadm default`).
    public var file: String
    /// The file line holding the Corefile's line 1; nil when lines do not map (a JSON string).
    public var firstLine: Int?
    public var isKubeadmDefault: Bool

    public init(file: String, firstLine: Int?, isKubeadmDefault: Bool = false) {
        self.file = file
        self.firstLine = firstLine
        self.isKubeadmDefault = isKubeadmDefault
    }

    /// `file:line: message`, with the Corefile's own line when the file's cannot be known.
    public func describe(_ error: CorefileError) -> String {
        if let firstLine { return "\(file):\(firstLine + error.line - 1): Corefile: \(error.message)" }
        return "\(file): Corefile line \(error.line): \(error.message)"
    }
}

/// Splits Corefile text into tokens with their lines (the Caddyfile lexer's rules).
enum CorefileLexer {
    struct Token: Hashable {
        var text: String
        var line: Int
        var quoted: Bool
    }

    static func tokens(_ text: String) throws(CorefileError) -> [Token] {
        var out: [Token] = []
        var line = 1
        var current = ""
        var currentLine = 1
        var inQuote: Character? = nil
        var quoteLine = 1
        var escaped = false
        var inComment = false
        var hadQuote = false

        func flush() {
            if !current.isEmpty || hadQuote { out.append(Token(text: current, line: currentLine, quoted: hadQuote)) }
            current = ""
            hadQuote = false
        }

        for ch in text {
            if inComment {
                if ch == "\n" { inComment = false; line += 1 }
                continue
            }
            if let q = inQuote {
                if escaped {
                    if ch != q && ch != "\\" { current.append("\\") }
                    current.append(ch)
                    escaped = false
                } else if ch == "\\" && q == "\"" {
                    escaped = true
                } else if ch == q {
                    inQuote = nil
                } else {
                    current.append(ch)
                }
                if ch == "\n" { line += 1 }
                continue
            }
            switch ch {
            case "\n", "\r\n":
                flush()
                line += 1
            case " ", "\t", "\r":
                flush()
            case "\"", "`":
                if current.isEmpty && !hadQuote {
                    inQuote = ch
                    quoteLine = line
                    currentLine = line
                    hadQuote = true
                } else {
                    current.append(ch)
                }
            case "#" where current.isEmpty && !hadQuote:
                inComment = true
            default:
                if current.isEmpty && !hadQuote { currentLine = line }
                current.append(ch)
            }
        }
        if inQuote != nil { throw CorefileError(line: quoteLine, message: "unterminated quoted string") }
        flush()
        return out
    }
}
