/// Why a pattern could not be compiled.
///
/// `rejected` is what nginx itself would refuse (PCRE's compile error: the whole
/// configuration fails `nginx -t`); `unsupported` is valid PCRE that kubewalk's small engine
/// does not implement (look-arounds, back-references, possessive quantifiers), so the model
/// cannot say what nginx would do.
public enum PathRegexError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    case rejected(pattern: String, offset: Int, message: String)
    case unsupported(pattern: String, offset: Int, feature: String)

    public var description: String {
        switch self {
        case .rejected(let p, let o, let m): return "regular expression \"\(p)\" does not compile (PCRE): \(m) at offset \(o)"
        case .unsupported(let p, let o, let f): return "regular expression \"\(p)\" uses \(f) at offset \(o), which kubewalk's regex engine does not model"
        }
    }

    /// True when nginx would refuse the pattern (not merely unmodelled).
    public var isRejectedByNginx: Bool { if case .rejected = self { return true } else { return false } }
}

/// The syntax tree of a PCRE-subset pattern, as parsed by `PathRegexParser`.
indirect enum RegexNode: Sendable {
    case byte(UInt8)
    case any                          // `.` (any byte but newline)
    case set(ByteSet)
    case start                        // `^`
    case end                          // `$`
    case concat([RegexNode])
    case alternation([RegexNode])
    case group(RegexNode, capture: Int?)
    case repeatNode(RegexNode, min: Int, max: Int?, greedy: Bool)
}

/// A set of bytes (a character class), 256 bits.
struct ByteSet: Sendable, Hashable {
    var bits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    static func == (a: ByteSet, b: ByteSet) -> Bool { a.bits == b.bits }
    func hash(into h: inout Hasher) { h.combine(bits.0); h.combine(bits.1); h.combine(bits.2); h.combine(bits.3) }

    mutating func insert(_ b: UInt8) {
        let bit = UInt64(1) << UInt64(b & 63)
        switch b >> 6 {
        case 0: bits.0 |= bit
        case 1: bits.1 |= bit
        case 2: bits.2 |= bit
        default: bits.3 |= bit
        }
    }

    mutating func insertRange(_ lo: UInt8, _ hi: UInt8) {
        guard lo <= hi else { return }
        for b in lo...hi { insert(b) }
    }

    mutating func formUnion(_ o: ByteSet) {
        bits = (bits.0 | o.bits.0, bits.1 | o.bits.1, bits.2 | o.bits.2, bits.3 | o.bits.3)
    }

    func contains(_ b: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(b & 63)
        switch b >> 6 {
        case 0: return bits.0 & bit != 0
        case 1: return bits.1 & bit != 0
        case 2: return bits.2 & bit != 0
        default: return bits.3 & bit != 0
        }
    }

    var inverted: ByteSet {
        var s = ByteSet()
        s.bits = (~bits.0, ~bits.1, ~bits.2, ~bits.3)
        return s
    }

    /// Adds the other case of every ASCII letter (PCRE's caseless mode without UTF).
    var caseFolded: ByteSet {
        var s = self
        for b in UInt8(ascii: "a")...UInt8(ascii: "z") where contains(b) || contains(b - 32) {
            s.insert(b)
            s.insert(b - 32)
        }
        return s
    }

    static let digits: ByteSet = { var s = ByteSet(); s.insertRange(48, 57); return s }()
    static let word: ByteSet = {
        var s = ByteSet()
        s.insertRange(48, 57); s.insertRange(65, 90); s.insertRange(97, 122); s.insert(95)
        return s
    }()
    static let space: ByteSet = { var s = ByteSet(); for b: UInt8 in [9, 10, 11, 12, 13, 32] { s.insert(b) }; return s }()
}

/// Parses the PCRE subset ingress paths use: literals, `.`, classes `[...]`, `^ $`, groups
/// with captures and `|`, `(?: )`, named groups, quantifiers `* + ? {m,n}` (lazy with `?`),
/// escapes `\d \w \s \D \W \S` and escaped punctuation, and a leading `(?i)`.
///
/// Errors follow PCRE2's compile errors for the cases learners hit: a missing `)`, an
/// unmatched `)`, a missing `]`, a quantifier with nothing to repeat, `{m,n}` out of order.
struct PathRegexParser {
    let pattern: String
    let bytes: [UInt8]
    var pos = 0
    var captureCount = 0
    var caseless = false

    init(_ pattern: String) {
        self.pattern = pattern
        self.bytes = Array(pattern.utf8)
    }

    mutating func parse() throws(PathRegexError) -> RegexNode {
        if bytes.starts(with: Array("(?i)".utf8)) { caseless = true; pos = 4 }
        let node = try parseAlternation(depth: 0)
        if pos < bytes.count {
            throw .rejected(pattern: pattern, offset: pos, message: "unmatched closing parenthesis")
        }
        return node
    }

    private func peek() -> UInt8? { pos < bytes.count ? bytes[pos] : nil }

    private mutating func parseAlternation(depth: Int) throws(PathRegexError) -> RegexNode {
        var branches: [RegexNode] = [try parseConcat(depth: depth)]
        while peek() == UInt8(ascii: "|") {
            pos += 1
            branches.append(try parseConcat(depth: depth))
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func parseConcat(depth: Int) throws(PathRegexError) -> RegexNode {
        var items: [RegexNode] = []
        while let c = peek(), c != UInt8(ascii: "|"), c != UInt8(ascii: ")") {
            let atomStart = pos
            var atom = try parseAtom(depth: depth)
            atom = try parseQuantifiers(atom, atomStart: atomStart)
            items.append(atom)
        }
        if peek() == UInt8(ascii: ")") && depth == 0 {
            throw .rejected(pattern: pattern, offset: pos, message: "unmatched closing parenthesis")
        }
        return items.count == 1 ? items[0] : .concat(items)
    }

    private mutating func parseQuantifiers(_ atom: RegexNode, atomStart: Int) throws(PathRegexError) -> RegexNode {
        var node = atom
        var quantified = false
        while let c = peek() {
            var minCount = 0, maxCount: Int? = nil
            let qStart = pos
            switch c {
            case UInt8(ascii: "*"): pos += 1
            case UInt8(ascii: "+"): minCount = 1; pos += 1
            case UInt8(ascii: "?"): maxCount = 1; pos += 1
            case UInt8(ascii: "{"):
                guard let (lo, hi, end) = braceQuantifier(at: pos) else { return node }
                if let hi, hi < lo {
                    throw .rejected(pattern: pattern, offset: end, message: "numbers out of order in {} quantifier")
                }
                if lo > 1000 || (hi ?? 0) > 1000 {
                    throw .unsupported(pattern: pattern, offset: qStart, feature: "a repeat count above 1000")
                }
                minCount = lo; maxCount = hi; pos = end
            default: return node
            }
            if quantified {
                if c == UInt8(ascii: "+") { throw .unsupported(pattern: pattern, offset: qStart, feature: "a possessive quantifier") }
                throw .rejected(pattern: pattern, offset: qStart, message: "quantifier does not follow a repeatable item")
            }
            if case .start = atom { throw .rejected(pattern: pattern, offset: qStart, message: "quantifier does not follow a repeatable item") }
            if case .end = atom { throw .rejected(pattern: pattern, offset: qStart, message: "quantifier does not follow a repeatable item") }
            var greedy = true
            if peek() == UInt8(ascii: "?") { greedy = false; pos += 1 }
            else if peek() == UInt8(ascii: "+") { throw .unsupported(pattern: pattern, offset: pos, feature: "a possessive quantifier") }
            node = .repeatNode(node, min: minCount, max: maxCount, greedy: greedy)
            quantified = true
        }
        return node
    }

    /// `{m}`, `{m,}`, `{m,n}` starting at `i`; nil when the brace is a literal (PCRE's rule).
    private func braceQuantifier(at i: Int) -> (Int, Int?, Int)? {
        var j = i + 1
        func number() -> Int? {
            var v = 0, n = 0
            while j < bytes.count, bytes[j] >= 48, bytes[j] <= 57 {
                v = min(v * 10 + Int(bytes[j] - 48), 100_000); j += 1; n += 1
            }
            return n == 0 ? nil : v
        }
        guard let lo = number() else { return nil }
        if j < bytes.count, bytes[j] == UInt8(ascii: "}") { return (lo, lo, j + 1) }
        guard j < bytes.count, bytes[j] == UInt8(ascii: ",") else { return nil }
        j += 1
        let hi = number()
        guard j < bytes.count, bytes[j] == UInt8(ascii: "}") else { return nil }
        return (lo, hi, j + 1)
    }

    private mutating func parseAtom(depth: Int) throws(PathRegexError) -> RegexNode {
        guard let c = peek() else { throw .rejected(pattern: pattern, offset: pos, message: "unexpected end of pattern") }
        switch c {
        case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"):
            throw .rejected(pattern: pattern, offset: pos, message: "quantifier does not follow a repeatable item")
        case UInt8(ascii: "{") where braceQuantifier(at: pos) != nil:
            throw .rejected(pattern: pattern, offset: pos, message: "quantifier does not follow a repeatable item")
        case UInt8(ascii: "("):
            return try parseGroup(depth: depth)
        case UInt8(ascii: "["):
            pos += 1
            return .set(try parseClass())
        case UInt8(ascii: "."):
            pos += 1
            return .any
        case UInt8(ascii: "^"):
            pos += 1
            return .start
        case UInt8(ascii: "$"):
            pos += 1
            return .end
        case UInt8(ascii: "\\"):
            pos += 1
            return try parseEscape(inClass: false).node
        default:
            pos += 1
            return literal(c)
        }
    }

    private func literal(_ c: UInt8) -> RegexNode {
        if caseless, let other = Self.otherCase(c) {
            var s = ByteSet(); s.insert(c); s.insert(other)
            return .set(s)
        }
        return .byte(c)
    }

    static func otherCase(_ c: UInt8) -> UInt8? {
        if c >= 65 && c <= 90 { return c + 32 }
        if c >= 97 && c <= 122 { return c - 32 }
        return nil
    }

    private mutating func parseGroup(depth: Int) throws(PathRegexError) -> RegexNode {
        let open = pos
        pos += 1
        var capture: Int? = nil
        if peek() == UInt8(ascii: "?") {
            pos += 1
            guard let k = peek() else { throw .rejected(pattern: pattern, offset: pos, message: "missing closing parenthesis") }
            switch k {
            case UInt8(ascii: ":"):
                pos += 1
            case UInt8(ascii: "<") where pos + 1 < bytes.count && bytes[pos + 1] != UInt8(ascii: "=") && bytes[pos + 1] != UInt8(ascii: "!"),
                 UInt8(ascii: "P") where pos + 1 < bytes.count && bytes[pos + 1] == UInt8(ascii: "<"):
                while let b = peek(), b != UInt8(ascii: ">") { pos += 1 }
                guard peek() == UInt8(ascii: ">") else { throw .rejected(pattern: pattern, offset: pos, message: "syntax error in subpattern name (missing terminator?)") }
                pos += 1
                captureCount += 1
                capture = captureCount
            case UInt8(ascii: "i") where pos + 1 < bytes.count && bytes[pos + 1] == UInt8(ascii: ")"):
                pos += 2
                caseless = true
                return .concat([])
            default:
                throw .unsupported(pattern: pattern, offset: open, feature: "the group syntax \"(?\(String(decoding: [k], as: UTF8.self))\" (look-around, flags or conditionals)")
            }
        } else {
            captureCount += 1
            capture = captureCount
        }
        let inner = try parseAlternation(depth: depth + 1)
        guard peek() == UInt8(ascii: ")") else {
            throw .rejected(pattern: pattern, offset: bytes.count, message: "missing closing parenthesis")
        }
        pos += 1
        return .group(inner, capture: capture)
    }

    private mutating func parseEscape(inClass: Bool) throws(PathRegexError) -> (node: RegexNode, set: ByteSet?) {
        guard let e = peek() else { throw .rejected(pattern: pattern, offset: pos, message: "\\ at end of pattern") }
        pos += 1
        switch e {
        case UInt8(ascii: "d"): return (.set(.digits), .digits)
        case UInt8(ascii: "D"): return (.set(ByteSet.digits.inverted), ByteSet.digits.inverted)
        case UInt8(ascii: "w"): return (.set(.word), .word)
        case UInt8(ascii: "W"): return (.set(ByteSet.word.inverted), ByteSet.word.inverted)
        case UInt8(ascii: "s"): return (.set(.space), .space)
        case UInt8(ascii: "S"): return (.set(ByteSet.space.inverted), ByteSet.space.inverted)
        case UInt8(ascii: "t"): return (literal(9), nil)
        case UInt8(ascii: "n"): return (literal(10), nil)
        case UInt8(ascii: "r"): return (literal(13), nil)
        case UInt8(ascii: "b"), UInt8(ascii: "B"), UInt8(ascii: "A"), UInt8(ascii: "z"), UInt8(ascii: "Z"), UInt8(ascii: "G"):
            if inClass && e == UInt8(ascii: "b") { return (literal(8), nil) }
            throw .unsupported(pattern: pattern, offset: pos - 2, feature: "the assertion \\\(String(decoding: [e], as: UTF8.self))")
        case 48...57, UInt8(ascii: "k"), UInt8(ascii: "g"):
            throw .unsupported(pattern: pattern, offset: pos - 2, feature: "a back-reference or octal escape")
        case UInt8(ascii: "x"), UInt8(ascii: "p"), UInt8(ascii: "P"), UInt8(ascii: "Q"), UInt8(ascii: "E"), UInt8(ascii: "c"), UInt8(ascii: "u"):
            throw .unsupported(pattern: pattern, offset: pos - 2, feature: "the escape \\\(String(decoding: [e], as: UTF8.self))")
        default:
            let isAlnum = (e >= 65 && e <= 90) || (e >= 97 && e <= 122)
            if isAlnum { throw .rejected(pattern: pattern, offset: pos - 1, message: "unrecognized character follows \\") }
            return (literal(e), nil)
        }
    }

    private mutating func parseClass() throws(PathRegexError) -> ByteSet {
        var set = ByteSet()
        var negated = false
        if peek() == UInt8(ascii: "^") { negated = true; pos += 1 }
        var first = true
        while true {
            guard let c = peek() else { throw .rejected(pattern: pattern, offset: bytes.count, message: "missing terminating ] for character class") }
            if c == UInt8(ascii: "]") && !first { pos += 1; break }
            first = false
            if c == UInt8(ascii: "["), pos + 1 < bytes.count, bytes[pos + 1] == UInt8(ascii: ":") {
                throw .unsupported(pattern: pattern, offset: pos, feature: "a POSIX class [:name:]")
            }
            var lo: UInt8
            if c == UInt8(ascii: "\\") {
                pos += 1
                let (node, s) = try parseEscape(inClass: true)
                if let s { set.formUnion(s); continue }
                guard case .byte(let b) = node else {
                    if case .set(let s2) = node { set.formUnion(s2) }
                    continue
                }
                lo = b
            } else {
                lo = c
                pos += 1
            }
            if peek() == UInt8(ascii: "-"), pos + 1 < bytes.count, bytes[pos + 1] != UInt8(ascii: "]") {
                pos += 1
                guard var hi = peek() else { continue }
                pos += 1
                if hi == UInt8(ascii: "\\") {
                    guard let h = peek() else { throw .rejected(pattern: pattern, offset: pos, message: "\\ at end of pattern") }
                    pos += 1
                    hi = h
                }
                if hi < lo { throw .rejected(pattern: pattern, offset: pos - 1, message: "range out of order in character class") }
                set.insertRange(lo, hi)
            } else {
                set.insert(lo)
            }
        }
        if caseless { set = set.caseFolded }
        return negated ? set.inverted : set
    }
}
