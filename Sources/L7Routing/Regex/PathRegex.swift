/// A compiled regular expression in the PCRE subset nginx locations and rewrites use.
///
/// nginx compiles `location ~* "^/v/(.*)"` and `rewrite "(?i)/v/(.*)" /clips/$1 break;` with
/// PCRE (leftmost-first, greedy by default, byte-oriented without the UTF flag). This engine
/// reproduces that for the subset documented on `PathRegexParser`, with a bit-state
/// backtracker (as RE2's `BitState`): every (instruction, position) pair is explored at most
/// once, so matching is linear in pattern × subject and can never run away, while the
/// first match found is still PCRE's leftmost-first match with its captures.
///
/// kubewalk does not use Swift's `Regex` here: its semantics are Unicode (grapheme-based),
/// not PCRE's bytes, and its compile errors are not PCRE's; an own engine lets validation
/// report exactly the patterns nginx would reject.
public struct PathRegex: Sendable {
    enum Inst: Sendable {
        case byte(UInt8)
        case set(ByteSet)
        case any
        case split(Int, Int)      // try the first, then the second
        case jump(Int)
        case save(Int)
        case assertStart
        case assertEnd
        case match
    }

    public let pattern: String
    public let caseInsensitive: Bool
    /// Number of capture groups (`$1` … `$n` are valid in a rewrite).
    public let captureCount: Int
    let program: [Inst]
    /// The literal bytes every match must start with at position 0 (a fast reject), if anchored.
    let anchored: Bool

    /// Compiles `pattern`; `caseInsensitive` is nginx's `~*` (or a leading `(?i)`).
    ///
    /// - Throws: `PathRegexError.rejected` when PCRE would refuse the pattern (nginx fails
    ///   its configuration test), `.unsupported` for valid PCRE this engine does not model.
    public init(_ pattern: String, caseInsensitive: Bool = false) throws(PathRegexError) {
        var parser = PathRegexParser(pattern)
        parser.caseless = caseInsensitive
        let tree = try parser.parse()
        self.pattern = pattern
        self.caseInsensitive = parser.caseless
        self.captureCount = parser.captureCount
        var compiler = RegexCompiler()
        compiler.emit(.save(0))
        try compiler.compile(tree, pattern: pattern)
        compiler.emit(.save(1))
        compiler.emit(.match)
        self.program = compiler.program
        if case .concat(let items) = tree, case .start = items.first { anchored = true }
        else if case .start = tree { anchored = true }
        else { anchored = false }
        // The literal bytes an anchored pattern starts with (each with its other case), and
        // whether that is the whole pattern: a fast path for nginx's `^/literal/path`.
        var prefix: [(UInt8, UInt8)] = []
        var pc = 2
        if anchored, program.count > 2, case .assertStart = program[1] {
            scan: while pc < program.count {
                switch program[pc] {
                case .byte(let b): prefix.append((b, b))
                case .set(let set):
                    var members: [UInt8] = []
                    for b in 0...255 where set.contains(UInt8(b)) { members.append(UInt8(b)); if members.count > 2 { break } }
                    if members.count == 1 { prefix.append((members[0], members[0])) }
                    else if members.count == 2, PathRegexParser.otherCase(members[0]) == members[1] { prefix.append((members[0], members[1])) }
                    else { break scan }
                default: break scan
                }
                pc += 1
            }
        }
        literalPrefix = prefix
        if anchored, pc + 1 < program.count, case .save(1) = program[pc], case .match = program[pc + 1] { isLiteral = true } else { isLiteral = false }
    }

    let literalPrefix: [(UInt8, UInt8)]
    /// The pattern is `^` followed by literal bytes only: matching is a prefix comparison.
    let isLiteral: Bool

    /// A successful match: the whole match and each group's byte range (nil when the group
    /// did not take part).
    public struct Match: Sendable, Hashable {
        public var groups: [Range<Int>?]
        /// The text of group `n` (0 = whole match); empty for a group that did not match.
        public func group(_ n: Int, in subject: [UInt8]) -> String {
            guard n >= 0, n < groups.count, let r = groups[n], r.lowerBound >= 0, r.upperBound <= subject.count else { return "" }
            return String(decoding: subject[r], as: UTF8.self)
        }
    }

    /// PCRE's `pcre_exec` without anchoring options: the leftmost match, searching from
    /// every start position.
    public func firstMatch(in subject: String) -> Match? {
        firstMatch(in: Array(subject.utf8))
    }

    public func firstMatch(in subject: [UInt8]) -> Match? {
        if !literalPrefix.isEmpty {
            guard subject.count >= literalPrefix.count else { return nil }
            for (i, pair) in literalPrefix.enumerated() where subject[i] != pair.0 && subject[i] != pair.1 { return nil }
            if isLiteral { return Match(groups: [0..<literalPrefix.count]) }
        }
        var runner = BitStateRunner(program: program, subject: subject, slots: 2 * (captureCount + 1))
        let lastStart = anchored ? 0 : subject.count
        for start in 0...lastStart {
            if let slots = runner.run(from: start) {
                var groups: [Range<Int>?] = []
                for g in 0...captureCount {
                    let a = slots[2 * g], b = slots[2 * g + 1]
                    groups.append(a >= 0 && b >= a ? a..<b : nil)
                }
                return Match(groups: groups)
            }
        }
        return nil
    }

    /// Whether the pattern matches anywhere in `subject`.
    public func matches(_ subject: String) -> Bool { firstMatch(in: subject) != nil }

    /// Whether the pattern matches the whole of `subject` (RE2's full match, as Envoy uses
    /// for Gateway API `RegularExpression` matches).
    public func matchesWhole(_ subject: String) -> Bool {
        guard let full = try? PathRegex("^(?:\(pattern))$", caseInsensitive: caseInsensitive) else { return false }
        return full.firstMatch(in: subject) != nil
    }
}

/// Turns the syntax tree into the backtracker's instructions.
struct RegexCompiler {
    var program: [PathRegex.Inst] = []
    static let maxInstructions = 20_000

    mutating func emit(_ i: PathRegex.Inst) { program.append(i) }

    mutating func compile(_ node: RegexNode, pattern: String) throws(PathRegexError) {
        if program.count > Self.maxInstructions {
            throw .unsupported(pattern: pattern, offset: 0, feature: "a pattern too large once repeats are expanded")
        }
        switch node {
        case .byte(let b): emit(.byte(b))
        case .set(let s): emit(.set(s))
        case .any: emit(.any)
        case .start: emit(.assertStart)
        case .end: emit(.assertEnd)
        case .concat(let items): for i in items { try compile(i, pattern: pattern) }
        case .alternation(let branches):
            var jumps: [Int] = []
            for (k, b) in branches.enumerated() {
                if k < branches.count - 1 {
                    let split = program.count
                    emit(.split(split + 1, -1))
                    try compile(b, pattern: pattern)
                    jumps.append(program.count)
                    emit(.jump(-1))
                    program[split] = .split(split + 1, program.count)
                } else {
                    try compile(b, pattern: pattern)
                }
            }
            for j in jumps { program[j] = .jump(program.count) }
        case .group(let inner, let capture):
            if let c = capture { emit(.save(2 * c)) }
            try compile(inner, pattern: pattern)
            if let c = capture { emit(.save(2 * c + 1)) }
        case .repeatNode(let inner, let lo, let hi, let greedy):
            for _ in 0..<lo { try compile(inner, pattern: pattern) }
            if let hi {
                // up to (hi - lo) optional copies: x? x? ... nested so each needs the previous
                var pending: [Int] = []
                for _ in lo..<max(lo, hi) {
                    let split = program.count
                    emit(.split(-1, -1))
                    pending.append(split)
                    try compile(inner, pattern: pattern)
                }
                let end = program.count
                for s in pending { program[s] = greedy ? .split(s + 1, end) : .split(end, s + 1) }
            } else {
                // x*: L: split(body, end); body; jump L
                let loop = program.count
                emit(.split(-1, -1))
                try compile(inner, pattern: pattern)
                emit(.jump(loop))
                let end = program.count
                program[loop] = greedy ? .split(loop + 1, end) : .split(end, loop + 1)
            }
        }
    }
}

/// RE2-style bit-state backtracker: depth-first in priority order, visiting each
/// (instruction, position) once. Captures are restored on backtrack through the job stack.
struct BitStateRunner {
    let program: [PathRegex.Inst]
    let subject: [UInt8]
    var visited: [UInt64]
    var slots: [Int]
    enum Job { case run(pc: Int, sp: Int), restore(slot: Int, value: Int) }
    var stack: [Job] = []

    init(program: [PathRegex.Inst], subject: [UInt8], slots: Int) {
        self.program = program
        self.subject = subject
        let bits = program.count * (subject.count + 1)
        visited = Array(repeating: 0, count: (bits + 63) / 64)
        self.slots = Array(repeating: -1, count: slots)
    }

    private mutating func shouldVisit(_ pc: Int, _ sp: Int) -> Bool {
        let k = pc * (subject.count + 1) + sp
        let w = k >> 6, bit = UInt64(1) << UInt64(k & 63)
        if visited[w] & bit != 0 { return false }
        visited[w] |= bit
        return true
    }

    mutating func run(from start: Int) -> [Int]? {
        for i in slots.indices { slots[i] = -1 }
        stack.removeAll(keepingCapacity: true)
        stack.append(.run(pc: 0, sp: start))
        while let job = stack.popLast() {
            switch job {
            case .restore(let slot, let value):
                slots[slot] = value
            case .run(var pc, var sp):
                thread: while shouldVisit(pc, sp) {
                    switch program[pc] {
                    case .byte(let b):
                        guard sp < subject.count, subject[sp] == b else { break thread }
                        pc += 1; sp += 1
                    case .set(let s):
                        guard sp < subject.count, s.contains(subject[sp]) else { break thread }
                        pc += 1; sp += 1
                    case .any:
                        guard sp < subject.count, subject[sp] != 10 else { break thread }
                        pc += 1; sp += 1
                    case .split(let a, let b):
                        stack.append(.run(pc: b, sp: sp))
                        pc = a
                    case .jump(let t):
                        pc = t
                    case .save(let n):
                        stack.append(.restore(slot: n, value: slots[n]))
                        slots[n] = sp
                        pc += 1
                    case .assertStart:
                        guard sp == 0 else { break thread }
                        pc += 1
                    case .assertEnd:
                        // PCRE's `$` (no multiline): at the end, or before a final newline.
                        guard sp == subject.count || (sp == subject.count - 1 && subject[sp] == 10) else { break thread }
                        pc += 1
                    case .match:
                        return slots
                    }
                }
            }
        }
        return nil
    }
}
