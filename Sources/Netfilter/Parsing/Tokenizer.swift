/// One word of an `iptables-restore` line. `quoted` words are always values, never options.
struct Token: Sendable {
    var text: String
    var quoted: Bool
    /// 1-based column where the word starts.
    var column: Int
}

/// Splits a line the way iptables-restore's `add_param_to_argv` does: blanks separate
/// words, double quotes group, a backslash escapes the next character. Single quotes are
/// accepted too (they group the same way), which iptables-restore ≥ 1.8.8 also does.
enum Tokenizer {
    enum Failure: Error { case unterminatedQuote(column: Int) }

    static func split(_ bytes: ArraySlice<UInt8>, firstColumn: Int = 1) throws(Failure) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(24)
        var current: [UInt8] = []
        var inWord = false, quoted = false
        var quote: UInt8? = nil
        var escape = false
        var start = 0
        var column = firstColumn - 1
        var quoteColumn = 0
        for b in bytes {
            column += 1
            if escape {
                current.append(b); escape = false; continue
            }
            if b == UInt8(ascii: "\\") {
                if !inWord { inWord = true; start = column }
                escape = true; continue
            }
            if let q = quote {
                if b == q { quote = nil } else { current.append(b) }
                continue
            }
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                if !inWord { inWord = true; start = column }
                quote = b; quoted = true; quoteColumn = column
                continue
            }
            if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") {
                if inWord {
                    tokens.append(Token(text: String(decoding: current, as: UTF8.self), quoted: quoted, column: start))
                    current.removeAll(keepingCapacity: true)
                    inWord = false; quoted = false
                }
                continue
            }
            if !inWord { inWord = true; start = column }
            current.append(b)
        }
        if quote != nil { throw .unterminatedQuote(column: quoteColumn) }
        if inWord {
            tokens.append(Token(text: String(decoding: current, as: UTF8.self), quoted: quoted, column: start))
        }
        return tokens
    }
}
