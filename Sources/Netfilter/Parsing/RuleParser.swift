import NetCore

/// A problem on one line of a rules file: `file:line:column: message`.
public struct RulesetDiagnostic: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable { case error, warning }
    public var line: Int
    public var column: Int?
    public var severity: Severity
    public var message: String

    public init(line: Int, column: Int? = nil, severity: Severity = .error, message: String) {
        self.line = line; self.column = column; self.severity = severity; self.message = message
    }

    /// `file:line: message` (with `:column` when known), as compilers print it.
    public func formatted(file: String) -> String {
        let where_ = column.map { "\(file):\(line):\($0)" } ?? "\(file):\(line)"
        return "\(where_): \(severity == .warning ? "warning: " : "")\(message)"
    }

    public var description: String { formatted(file: "<rules>") }
}

/// One `--option [values…]` inside a module or target, as written.
struct OptionWords {
    var name: String
    var negated: Bool
    /// The first value (most options have exactly one), kept apart to avoid an array per option.
    var value: String?
    var valueCount: Int
    var more: [String]

    init(name: String, negated: Bool, column: Int) {
        self.name = name; self.negated = negated; self.column = column
        value = nil; valueCount = 0; more = []
    }

    mutating func append(_ v: String) {
        if valueCount == 0 { value = v } else { more.append(v) }
        valueCount += 1
    }

    var values: [String] { (value.map { [$0] } ?? []) + more }
    var column: Int
}

/// Turns the words after `-A CHAIN` into a typed `Rule` (iptables' `do_command4` option loop).
struct RuleParser {
    var family: IPFamily

    struct Failure: Error { var column: Int?; var message: String }

    enum GeneralOption { case address, proto, inInterface, outInterface, fragment, match, target, counters, other }

    /// iptables' own options (not those of a -m module or a target): two-letter forms by
    /// their letter, long forms compared only when the word has a long form's length.
    @inline(__always) static func classify(_ word: String) -> GeneralOption {
        var it = word.utf8.makeIterator()
        guard it.next() == UInt8(ascii: "-"), let second = it.next() else { return .other }
        if second == UInt8(ascii: "-") {
            // Module and target options (`--dport`, `--comment`) are the common case here:
            // only words as long as a general option's long form are compared.
            switch word.utf8.count {
            case 5: return word == "--src" || word == "--dst" ? .address : .other
            case 6: return word == "--jump" || word == "--goto" ? .target : .other
            case 7: return word == "--match" ? .match : .other
            case 8: return word == "--source" ? .address : .other
            case 10: return word == "--protocol" ? .proto : (word == "--fragment" ? .fragment : .other)
            case 13: return word == "--destination" ? .address : .other
            case 14: return word == "--in-interface" ? .inInterface : (word == "--set-counters" ? .counters : .other)
            case 15: return word == "--out-interface" ? .outInterface : .other
            default: return .other
            }
        }
        guard it.next() == nil else { return .other }
        switch second {
        case UInt8(ascii: "s"), UInt8(ascii: "d"): return .address
        case UInt8(ascii: "p"): return .proto
        case UInt8(ascii: "i"): return .inInterface
        case UInt8(ascii: "o"): return .outInterface
        case UInt8(ascii: "f"): return .fragment
        case UInt8(ascii: "m"): return .match
        case UInt8(ascii: "j"), UInt8(ascii: "g"): return .target
        case UInt8(ascii: "c"): return .counters
        default: return .other
        }
    }

    private struct ModuleWords { var name: String; var options: [OptionWords]; var column: Int; var implicit: Bool }

    /// - Parameter chainPosition: the position of chain `name` in the table being parsed, or
    ///   nil when it has no such chain (then `-j name` must be a target extension).
    func parse(_ tokens: ArraySlice<Token>, text: String, line: Int, chainPosition: (String) -> Int?) throws(Failure) -> Rule {
        var rule = Rule(text: text, line: line)
        var modules: [ModuleWords] = []
        var targetName: String? = nil
        var targetColumn = 0
        var targetOptions: [OptionWords] = []
        var inTarget = false
        var negate = false
        var i = tokens.startIndex

        func value(after idx: Int, for option: String) throws(Failure) -> String {
            let next = idx + 1
            guard next < tokens.endIndex else { throw Failure(column: tokens[idx].column, message: "option \(option) needs a value") }
            return tokens[next].text
        }

        while i < tokens.endIndex {
            let tok = tokens[i]
            if !tok.quoted && tok.text == "!" {
                negate = true; i += 1; continue
            }
            let word = tok.quoted ? "" : tok.text
            let kind = RuleParser.classify(word)
            switch kind {
            case .address:
                let v = try value(after: i, for: word)
                guard !v.utf8.contains(UInt8(ascii: ",")) else {
                    throw Failure(column: tokens[i + 1].column, message: "'\(v)': several addresses in one rule expand to several rules; write one rule per address")
                }
                guard let p = IPPrefix(v, bareAddressAllowed: true) else {
                    throw Failure(column: tokens[i + 1].column, message: "'\(v)' is not an address or CIDR")
                }
                guard p.family == family else {
                    throw Failure(column: tokens[i + 1].column, message: "'\(v)' is \(p.family.rawValue) but this is an \(family.rawValue) ruleset")
                }
                let n = Negatable(p.canonical, negated: negate)
                if word == "-s" || word == "--source" || word == "--src" { rule.source = n } else { rule.destination = n }
                i += 2
            case .proto:
                let raw = try value(after: i, for: word)
                let v = raw.utf8.allSatisfy({ $0 < 65 || $0 > 90 }) ? raw : raw.lowercased()
                rule.proto = Negatable(ProtocolNames.canonical(v), negated: negate)
                i += 2
            case .inInterface:
                rule.inInterface = Negatable(try value(after: i, for: word), negated: negate); i += 2
            case .outInterface:
                rule.outInterface = Negatable(try value(after: i, for: word), negated: negate); i += 2
            case .fragment:
                rule.fragment = Negatable(true, negated: negate); i += 1
            case .match:
                let v = try value(after: i, for: word)
                modules.append(ModuleWords(name: v, options: [], column: tok.column, implicit: false))
                inTarget = false
                i += 2
            case .target:
                guard targetName == nil else { throw Failure(column: tok.column, message: "a rule has at most one -j/-g") }
                targetName = try value(after: i, for: word)
                targetColumn = tokens[i + 1].column
                rule.isGoto = word == "-g" || word == "--goto"
                inTarget = true
                i += 2
            case .counters:
                guard i + 2 < tokens.endIndex, let p = UInt64(tokens[i + 1].text), let b = UInt64(tokens[i + 2].text) else {
                    throw Failure(column: tok.column, message: "-c needs two numbers (packets bytes)")
                }
                rule.counters = Counters(packets: p, bytes: b)
                i += 3
            case .other:
                guard word.hasPrefix("--") else {
                    throw Failure(column: tok.column, message: "unexpected word '\(tok.text)'")
                }
                var option = OptionWords(name: word, negated: negate, column: tok.column)
                var j = i + 1
                while j < tokens.endIndex {
                    let t = tokens[j]
                    if !t.quoted && t.text == "!" {
                        // old style `--opt ! value`
                        if j + 1 < tokens.endIndex, option.valueCount == 0, !tokens[j + 1].text.hasPrefix("-") { option.negated = true; j += 1; continue }
                        break
                    }
                    if !t.quoted && t.text.utf8.count > 1 && t.text.utf8.first == UInt8(ascii: "-") { break }
                    option.append(t.text)
                    j += 1
                }
                if inTarget {
                    targetOptions.append(option)
                } else if let last = modules.indices.last,
                          modules[last].implicit ? ProtocolNames.portOptions.contains(word) : MatchParser.accepts(module: modules[last].name, option: word) {
                    modules[last].options.append(option)
                } else if let p = rule.proto?.value, ProtocolNames.portModules.contains(p), ProtocolNames.portOptions.contains(word) {
                    // `-p tcp --dport 80`: iptables loads the tcp module implicitly.
                    modules.append(ModuleWords(name: p, options: [option], column: tok.column, implicit: true))
                } else {
                    throw Failure(column: tok.column, message: "option \(word) belongs to no -m module or target")
                }
                i = j
            }
            negate = false
        }
        if negate { throw Failure(column: nil, message: "'!' at the end of the rule negates nothing") }

        rule.matches.reserveCapacity(modules.count)
        for m in modules { rule.matches.append(try MatchParser.match(module: m.name, options: m.options, family: family, column: m.column)) }
        if let name = targetName {
            let position = chainPosition(name)
            rule.target = try TargetParser.target(name: name, options: targetOptions, isChain: position != nil, family: family, column: targetColumn)
            rule.targetChainIndex = position
        }
        return rule
    }
}

/// Protocol spellings iptables accepts for `-p` and prints back.
enum ProtocolNames {
    static let portModules: Set<String> = ["tcp", "udp", "sctp", "udplite", "dccp"]
    static let portOptions: Set<String> = ["--sport", "--dport", "--source-port", "--destination-port", "--tcp-flags", "--syn", "--tcp-option", "--chunk-types"]
    static func canonical(_ p: String) -> String {
        switch p {
        case "6": return "tcp"
        case "17": return "udp"
        case "132": return "sctp"
        case "1": return "icmp"
        case "58", "icmpv6", "ipv6-icmp": return "ipv6-icmp"
        case "0": return "all"
        default: return p
        }
    }
}
