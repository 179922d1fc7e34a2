import Dispatch
import NetCore

/// What parsing a rules file produced: the ruleset (as far as it could be read) and every problem.
public struct RulesetParseResult: Sendable {
    public var ruleset: Ruleset
    public var diagnostics: [RulesetDiagnostic]
    public var errors: [RulesetDiagnostic] { diagnostics.filter { $0.severity == .error } }
}

/// Reads `iptables-save` / `ip6tables-save` output and `iptables-restore` input.
///
/// Accepts what real nodes print: `# comments`, `*table` … `COMMIT`, `:CHAIN POLICY [p:b]`,
/// rules with or without a `[packets:bytes]` prefix, `-A`, `-I`, `-N`, `-P`, `-F`, `-X`.
/// Every problem becomes a diagnostic with its line; parsing goes on to report them all.
/// Like iptables-restore, a jump to a chain that does not exist and a jump loop are errors.
public enum IptablesSaveParser {
    /// - Parameters:
    ///   - family: the address family; detected from the header or the first address when nil.
    ///   - keepRuleText: keep each rule's text as written (`Rule.text`); when false the text
    ///     is left empty and traces print the rule in `iptables-save` form instead.
    public static func parse(_ text: String, family: IPFamily? = nil, keepRuleText: Bool = true) -> RulesetParseResult {
        parse(utf8: Array(text.utf8), family: family, keepRuleText: keepRuleText)
    }

    /// The same from UTF-8 bytes (what a generator that writes bytes hands over without a String).
    public static func parse(utf8 text: [UInt8], family: IPFamily? = nil, keepRuleText: Bool = true) -> RulesetParseResult {
        // Lines are read up to each newline. A text ending in a newline is read as it is (no
        // 18 MB copy to add one), and the empty line after it is counted as the String form does.
        var bytes = text
        let endsWithNewline = bytes.last == 10
        if !endsWithNewline { bytes.append(10) }
        let fam = family ?? detectFamily(bytes)
        var ruleset = Ruleset(family: fam)
        var diagnostics: [RulesetDiagnostic] = []
        var table = Table(name: .filter)
        var inTable = false
        var tableLine = 0
        var lineNumber = 0
        var start = 0

        func commit(_ t: Table, line: Int) {
            if ruleset.tables[t.name] != nil {
                diagnostics.append(RulesetDiagnostic(line: line, severity: .warning, message: "table \(t.name.rawValue) appears twice; the later one replaces the earlier"))
            }
            diagnostics += Validation.loops(in: t)
            ruleset.tables[t.name] = t
        }

        // Runs of `-A` lines (no chain declared between them) are parsed in parallel, then
        // appended in file order; everything else is handled line by line.
        var pending: [(lo: Int, hi: Int, line: Int)] = []
        func flush() {
            guard !pending.isEmpty else { return }
            var results = parseAppends(pending, bytes: bytes, family: fam, keepText: keepRuleText, table: table)
            var adding = [Int](repeating: 0, count: table.chains.count)
            for k in results.indices { if let c = results[k].chainIndex { adding[c] += 1 } }
            for c in adding.indices where adding[c] > 0 { table.reserve(adding[c], moreRulesInChainAt: c) }
            for k in results.indices {
                // Moved out, not copied: a copy would retain and release every field of the rule.
                var r = AppendResult.other
                swap(&r, &results[k])
                switch consume r {
                case .rule(let chainIndex, let rule):
                    let features = UnmodelledFeature.features(of: rule)
                    let line = rule.line
                    let number = table.append(rule, toChainAt: chainIndex)
                    for f in features {
                        ruleset.unmodelled.append(UnmodelledFeature(table: table.name, chain: table.chains[chainIndex].name, rule: number, line: line, feature: f))
                    }
                case .error(let d):
                    diagnostics.append(d)
                case .other:
                    let p = pending[k]
                    do {
                        try parseCommand(bytes[p.lo..<p.hi], line: p.line, family: fam, keepText: keepRuleText, table: &table, ruleset: &ruleset)
                    } catch {
                        diagnostics.append(error)
                    }
                }
            }
            pending.removeAll(keepingCapacity: true)
        }

        for end in bytes.indices where bytes[end] == 10 {
            lineNumber += 1
            var lo = start, hi = end
            start = end + 1
            while lo < hi, bytes[lo] == 32 || bytes[lo] == 9 { lo += 1 }
            while hi > lo, bytes[hi - 1] == 32 || bytes[hi - 1] == 9 || bytes[hi - 1] == 13 { hi -= 1 }
            if lo == hi || bytes[lo] == UInt8(ascii: "#") { continue }
            let first = bytes[lo]
            if inTable && hi - lo > 3 && ((first == UInt8(ascii: "-") && bytes[lo + 1] == UInt8(ascii: "A")) || first == UInt8(ascii: "[")) {
                pending.append((lo, hi, lineNumber))
                continue
            }
            flush()
            if first == UInt8(ascii: "*") {
                let name = String(decoding: bytes[(lo + 1)..<hi], as: UTF8.self)
                if inTable {
                    diagnostics.append(RulesetDiagnostic(line: lineNumber, message: "table \(name) starts before COMMIT of table \(table.name.rawValue) (line \(tableLine))"))
                }
                guard let tn = TableName(rawValue: name) else {
                    diagnostics.append(RulesetDiagnostic(line: lineNumber, column: 2, message: "unknown table '\(name)' (expected raw, mangle, nat, filter or security)"))
                    inTable = false; continue
                }
                table = Table(name: tn); tableLine = lineNumber; inTable = true
                continue
            }
            if hi - lo == 6 && bytes[lo..<hi].elementsEqual("COMMIT".utf8) {
                if inTable {
                    commit(table, line: lineNumber)
                    table = Table(name: .filter)
                } else {
                    diagnostics.append(RulesetDiagnostic(line: lineNumber, message: "COMMIT without a *table line before it"))
                }
                inTable = false
                continue
            }
            guard inTable else {
                let lineText = String(decoding: bytes[lo..<min(hi, lo + 40)], as: UTF8.self)
                diagnostics.append(RulesetDiagnostic(line: lineNumber, message: "'\(lineText)' outside a table: start one with *nat, *filter, …"))
                continue
            }
            if first == UInt8(ascii: ":") {
                if let d = declareChain(bytes[(lo + 1)..<hi], line: lineNumber, table: &table) { diagnostics.append(d) }
                continue
            }
            do {
                try parseCommand(bytes[lo..<hi], line: lineNumber, family: fam, keepText: keepRuleText, table: &table, ruleset: &ruleset)
            } catch {
                diagnostics.append(error)
            }
        }
        flush()
        if endsWithNewline { lineNumber += 1 }
        if inTable {
            diagnostics.append(RulesetDiagnostic(line: lineNumber, message: "table \(table.name.rawValue) (line \(tableLine)) is not closed with COMMIT"))
        }
        ruleset.finalize()
        return RulesetParseResult(ruleset: ruleset, diagnostics: diagnostics)
    }

    enum AppendResult: Sendable {
        case rule(Int, Rule), error(RulesetDiagnostic), other

        var chainIndex: Int? {
            if case .rule(let c, _) = self { return c }
            return nil
        }
    }

    /// The result buffer shared by the parallel chunks; each chunk writes disjoint slots.
    struct ResultSlots: @unchecked Sendable {
        let base: UnsafeMutablePointer<AppendResult>
        func store(_ i: Int, _ r: AppendResult) { (base + i).pointee = r }
    }

    /// Parses `-A CHAIN …` lines (pure: reads `table` only), in parallel chunks when there are many.
    static func parseAppends(_ lines: [(lo: Int, hi: Int, line: Int)], bytes: [UInt8], family: IPFamily, keepText: Bool, table: Table) -> [AppendResult] {
        let n = lines.count
        let chunk = 2048
        guard n >= 2 * chunk else {
            var last: LastChain? = nil
            return lines.map { parseAppend(bytes[$0.lo..<$0.hi], line: $0.line, family: family, keepText: keepText, table: table, last: &last) }
        }
        var results = [AppendResult](repeating: .other, count: n)
        results.withUnsafeMutableBufferPointer { buffer in
            guard let address = buffer.baseAddress else { return }
            let base = ResultSlots(base: address)
            // Each iteration writes only its own index range.
            DispatchQueue.concurrentPerform(iterations: (n + chunk - 1) / chunk) { c in
                var last: LastChain? = nil
                for i in (c * chunk)..<min(n, (c + 1) * chunk) {
                    let l = lines[i]
                    base.store(i, parseAppend(bytes[l.lo..<l.hi], line: l.line, family: family, keepText: keepText, table: table, last: &last))
                }
            }
        }
        return results
    }

    /// The chain of the previous `-A` line: a chain's rules come one after another, so most
    /// lines find their chain by comparing names instead of hashing one.
    typealias LastChain = (name: String, index: Int)

    /// One `[packets:bytes] -A CHAIN rule` line; anything else is `.other` (handled in order).
    static func parseAppend(_ line: ArraySlice<UInt8>, line number: Int, family: IPFamily, keepText: Bool, table t: Table, last: inout LastChain?) -> AppendResult {
        var tokens: [Token]
        do { tokens = try Tokenizer.split(line) } catch {
            switch error { case .unterminatedQuote(let c): return .error(RulesetDiagnostic(line: number, column: c, message: "quote is not closed")) }
        }
        var counters: Counters? = nil
        var textStart = line.startIndex
        if let f = tokens.first, f.text.hasPrefix("[") {
            guard let c = parseCounters(Substring(f.text)) else { return .other }
            counters = c
            tokens.removeFirst()
            if let next = tokens.first { textStart = line.startIndex + next.column - 1 }
        }
        guard let cmd = tokens.first, cmd.text == "-A" || cmd.text == "--append" else { return .other }
        guard tokens.count >= 2 else { return .error(RulesetDiagnostic(line: number, column: cmd.column, message: "\(cmd.text) needs a chain name")) }
        let chain = tokens[1].text
        let known = last.flatMap { $0.name == chain ? $0.index : nil }
        guard let chainIndex = known ?? t.position(of: chain) else {
            return .error(RulesetDiagnostic(line: number, column: tokens[1].column, message: "chain \(chain) does not exist in table \(t.name.rawValue); declare it first with :\(chain) - [0:0]"))
        }
        do {
            let text = keepText ? String(decoding: line[textStart...], as: UTF8.self) : ""
            var rule = try RuleParser(family: family).parse(tokens[2...], text: text, line: number, chainPosition: { t.position(of: $0) })
            if rule.counters == nil { rule.counters = counters }
            if known == nil { last = (chain, chainIndex) }
            return .rule(chainIndex, rule)
        } catch {
            return .error(RulesetDiagnostic(line: number, column: error.column, message: error.message))
        }
    }

    static func detectFamily(_ bytes: [UInt8]) -> IPFamily {
        let head = String(decoding: bytes.prefix(200), as: UTF8.self)
        if head.contains("ip6tables") { return .ipv6 }
        if head.contains("iptables") { return .ipv4 }
        // Without a header, the first address written decides.
        var i = 0
        while i + 3 < bytes.count {
            if bytes[i] == 32, bytes[i + 1] == UInt8(ascii: "-"), bytes[i + 2] == UInt8(ascii: "s") || bytes[i + 2] == UInt8(ascii: "d"), bytes[i + 3] == 32 {
                var j = i + 4
                while j < bytes.count, bytes[j] != 32, bytes[j] != 10 {
                    if bytes[j] == UInt8(ascii: ":") { return .ipv6 }
                    if bytes[j] == UInt8(ascii: ".") { return .ipv4 }
                    j += 1
                }
            }
            i += 1
        }
        return .ipv4
    }

    /// `:NAME POLICY [packets:bytes]`
    static func declareChain(_ rest: ArraySlice<UInt8>, line: Int, table t: inout Table) -> RulesetDiagnostic? {
        // Split on blanks without building intermediate strings or an array: most lines are `:KUBE-SEP-… - [0:0]`.
        var i = rest.startIndex
        func word() -> ArraySlice<UInt8>? {
            while i < rest.endIndex, rest[i] == 32 || rest[i] == 9 { i += 1 }
            let start = i
            while i < rest.endIndex, rest[i] != 32, rest[i] != 9 { i += 1 }
            return i > start ? rest[start..<i] : nil
        }
        guard let nameBytes = word(), let policy = word() else {
            return RulesetDiagnostic(line: line, message: "a chain line reads ':NAME POLICY [packets:bytes]'")
        }
        let countersWord = word()
        let name = String(decoding: nameBytes, as: UTF8.self)
        let builtin = t.name.isBuiltin(name)
        var chain = Chain(name: name, line: line)
        if policy.count == 1 && policy.first == UInt8(ascii: "-") {
            if builtin { return RulesetDiagnostic(line: line, column: name.count + 3, message: "built-in chain \(name) needs a policy (ACCEPT or DROP), not '-'") }
        } else if policy.elementsEqual("ACCEPT".utf8) || policy.elementsEqual("DROP".utf8) {
            guard builtin else { return RulesetDiagnostic(line: line, column: name.count + 3, message: "user chain \(name) cannot have a policy; write '-'") }
            chain.policy = policy.count == 6 ? .accept : .drop
        } else {
            return RulesetDiagnostic(line: line, column: name.count + 3, message: "policy '\(String(decoding: policy, as: UTF8.self))' is not ACCEPT, DROP or -")
        }
        if let w = countersWord, !(w.elementsEqual("[0:0]".utf8)), let c = parseCounters(Substring(String(decoding: w, as: UTF8.self))) {
            chain.counters = c
        }
        guard name.utf8.count <= 28 else { return RulesetDiagnostic(line: line, column: 2, message: "chain name \(name) is longer than 28 characters") }
        t.addChain(chain)
        return nil
    }

    static func parseCounters(_ w: Substring) -> Counters? {
        guard w.hasPrefix("["), w.hasSuffix("]") else { return nil }
        let parts = w.dropFirst().dropLast().split(separator: ":")
        guard parts.count == 2, let p = UInt64(parts[0]), let b = UInt64(parts[1]) else { return nil }
        return Counters(packets: p, bytes: b)
    }

    static func parseCommand(_ line: ArraySlice<UInt8>, line number: Int, family: IPFamily, keepText: Bool, table t: inout Table, ruleset: inout Ruleset) throws(RulesetDiagnostic) {
        var tokens: [Token]
        do { tokens = try Tokenizer.split(line) } catch {
            switch error { case .unterminatedQuote(let c): throw RulesetDiagnostic(line: number, column: c, message: "quote is not closed") }
        }
        var counters: Counters? = nil
        var textStart = line.startIndex
        if let f = tokens.first, f.text.hasPrefix("["), let c = parseCounters(Substring(f.text)) {
            counters = c
            tokens.removeFirst()
            if let next = tokens.first { textStart = line.startIndex + next.column - 1 }
        }
        guard let cmd = tokens.first else { return }
        func chainArg() throws(RulesetDiagnostic) -> String {
            guard tokens.count >= 2 else { throw RulesetDiagnostic(line: number, column: cmd.column, message: "\(cmd.text) needs a chain name") }
            return tokens[1].text
        }
        switch cmd.text {
        case "-A", "--append", "-I", "--insert":
            let chain = try chainArg()
            guard let chainIndex = t.position(of: chain) else {
                throw RulesetDiagnostic(line: number, column: tokens[1].column, message: "chain \(chain) does not exist in table \(t.name.rawValue); declare it first with :\(chain) - [0:0]")
            }
            var restIndex = 2
            var position: Int? = nil
            if cmd.text.hasPrefix("-I") || cmd.text == "--insert" {
                position = 0
                if tokens.count > 2, let n = Int(tokens[2].text) {
                    guard n >= 1 else { throw RulesetDiagnostic(line: number, column: tokens[2].column, message: "rule numbers start at 1") }
                    position = n - 1; restIndex = 3
                }
            }
            let parser = RuleParser(family: family)
            var rule: Rule
            do {
                let text = keepText ? String(decoding: line[textStart...], as: UTF8.self) : ""
                rule = try parser.parse(tokens[restIndex...], text: text, line: number, chainPosition: { t.position(of: $0) })
            } catch {
                throw RulesetDiagnostic(line: number, column: error.column, message: error.message)
            }
            if rule.counters == nil { rule.counters = counters }
            let ruleNumber: Int
            if let p = position {
                guard t.insert(rule, into: chain, at: p) else {
                    throw RulesetDiagnostic(line: number, column: cmd.column, message: "cannot insert at position \(p + 1) of \(chain): it has \(t.chain(chain)?.rules.count ?? 0) rules")
                }
                ruleNumber = p + 1
            } else {
                ruleNumber = t.append(rule, toChainAt: chainIndex)
            }
            for f in UnmodelledFeature.features(of: rule) {
                ruleset.unmodelled.append(UnmodelledFeature(table: t.name, chain: chain, rule: ruleNumber, line: number, feature: f))
            }
        case "-N", "--new-chain":
            let chain = try chainArg()
            guard !t.contains(chain) else { throw RulesetDiagnostic(line: number, column: tokens[1].column, message: "chain \(chain) already exists") }
            t.addChain(Chain(name: chain, line: number))
        case "-P", "--policy":
            let chain = try chainArg()
            guard tokens.count >= 3, let existing = t.chain(chain), existing.isBuiltin,
                  let v = ["ACCEPT": Verdict.accept, "DROP": .drop][tokens[2].text] else {
                throw RulesetDiagnostic(line: number, column: cmd.column, message: "-P needs a built-in chain and ACCEPT or DROP")
            }
            var c = existing; c.policy = v
            t.addChain(c)
        case "-F", "--flush":
            let names = tokens.count >= 2 ? [tokens[1].text] : t.chains.map(\.name)
            for n in names {
                guard var c = t.chain(n) else { throw RulesetDiagnostic(line: number, column: tokens[1].column, message: "chain \(n) does not exist") }
                c.rules = []; t.addChain(c)
            }
        case "-X", "--delete-chain":
            // Deleting is not modelled beyond checking the name; a restore payload then re-declares.
            if tokens.count >= 2, !t.contains(tokens[1].text) {
                throw RulesetDiagnostic(line: number, column: tokens[1].column, message: "chain \(tokens[1].text) does not exist")
            }
        default:
            throw RulesetDiagnostic(line: number, column: cmd.column, message: "'\(cmd.text)' is not a command iptables-restore reads (-A, -I, -N, -P, -F, -X)")
        }
    }
}

extension UnmodelledFeature {
    /// The names of what the walker will not evaluate in `rule` (`-m physdev`, `-j CONNMARK`, `-f`).
    static func features(of rule: Rule) -> [String] {
        var out: [String] = []
        for m in rule.matches {
            if case .unmodelled(let module, let args) = m { out.append("-m \(module) \(args.joined(separator: " "))") }
            if case .ports(let p, _, _, let extra) = m, !extra.isEmpty { out.append("-m \(p) \(extra.joined(separator: " "))") }
        }
        if case .unmodelled(let name, let args, _)? = rule.target { out.append((["-j", name] + args).joined(separator: " ")) }
        return out
    }
}
