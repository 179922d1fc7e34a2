/// One word of an `iptables-restore` line. `quoted` words are always values, never options.
struct Token: Sendable {
    var text: String
    var quoted: Bool
    /// 1-based column where the word starts.
    var column: Int
}

/// Splits a line the way iptables-restore's `add_param_to_argv` does: blanks separate
/// words, double quotes group, a backslash escapes the next character. Single quotes are
/// accepted too (they group the same way).
enum Tokenizer {
    enum Failure: Error { case unterminatedQuote(column: Int) }

    @inline(__always) static func isBlank(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 13 }

    static func split(_ bytes: ArraySlice<UInt8>) throws(Failure) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(32)
        let base = bytes.startIndex
        var i = base
        let end = bytes.endIndex
        while i < end {
            while i < end, isBlank(bytes[i]) { i += 1 }
            guard i < end else { break }
            let start = i
            // Fast path: a plain word with no quote or backslash.
            var j = i
            var plain = true
            while j < end, !isBlank(bytes[j]) {
                let b = bytes[j]
                if b == 34 || b == 39 || b == 92 { plain = false; break }
                j += 1
            }
            if plain {
                tokens.append(Token(text: String(decoding: bytes[start..<j], as: UTF8.self), quoted: false, column: start - base + 1))
                i = j
                continue
            }
            // Fast path: one double-quoted word without backslashes (`"ns/svc:port cluster IP"`).
            if j == start, bytes[j] == 34, let close = bytes[(j + 1)...].firstIndex(where: { $0 == 34 || $0 == 92 }),
               bytes[close] == 34, close + 1 == end || isBlank(bytes[close + 1]) {
                tokens.append(Token(text: String(decoding: bytes[(j + 1)..<close], as: UTF8.self), quoted: true, column: start - base + 1))
                i = close + 1
                continue
            }
            var current: [UInt8] = Array(bytes[start..<j])
            var quote: UInt8? = nil
            var quoteColumn = 0
            i = j
            while i < end {
                let b = bytes[i]
                if let q = quote {
                    if b == 92, i + 1 < end, q == 34 { current.append(bytes[i + 1]); i += 2; continue }
                    if b == q { quote = nil } else { current.append(b) }
                    i += 1
                    continue
                }
                if isBlank(b) { break }
                if b == 92 {
                    if i + 1 < end { current.append(bytes[i + 1]) }
                    i += 2
                    continue
                }
                if b == 34 || b == 39 { quote = b; quoteColumn = i - base + 1; i += 1; continue }
                current.append(b)
                i += 1
            }
            if quote != nil { throw .unterminatedQuote(column: quoteColumn) }
            tokens.append(Token(text: String(decoding: current, as: UTF8.self), quoted: true, column: start - base + 1))
        }
        return tokens
    }
}
