import NetCore

/// The netfilter tables iptables knows, in the order the kernel consults them at a hook
/// (raw at priority -300, mangle -150, nat -100 for DNAT, filter 0, security 50).
/// See `nf_ip_hook_priorities` in include/uapi/linux/netfilter_ipv4.h.
public enum TableName: String, CaseIterable, Sendable, Codable, Hashable, Comparable {
    case raw, mangle, nat, filter, security

    /// The built-in chains the kernel registers for this table, in the order `iptables-save` prints them.
    public var builtinChains: [String] {
        switch self {
        case .raw: return ["PREROUTING", "OUTPUT"]
        case .mangle: return ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"]
        case .nat: return ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"]
        case .filter, .security: return ["INPUT", "FORWARD", "OUTPUT"]
        }
    }

    /// Whether `chain` is one of this table's built-in chains (without building the list).
    public func isBuiltin(_ chain: String) -> Bool {
        // Built-in names are 5 to 11 bytes; longer user chains (`KUBE-SEP-…`) skip the comparisons.
        guard chain.utf8.count <= 11 else { return false }
        switch chain {
        case "OUTPUT": return true
        case "PREROUTING": return self == .raw || self == .mangle || self == .nat
        case "INPUT": return self != .raw
        case "FORWARD": return self != .raw && self != .nat
        case "POSTROUTING": return self == .mangle || self == .nat
        default: return false
        }
    }

    var order: Int { TableName.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: TableName, b: TableName) -> Bool { a.order < b.order }
}

/// Packet and byte counters as `iptables-save -c` prints them (`[packets:bytes]`).
public struct Counters: Hashable, Sendable, Codable {
    public var packets: UInt64
    public var bytes: UInt64
    public init(packets: UInt64 = 0, bytes: UInt64 = 0) { self.packets = packets; self.bytes = bytes }
}

/// One chain of a table: a built-in chain (with a policy) or a user chain (`-`).
public struct Chain: Sendable {
    public var name: String
    /// ACCEPT or DROP for built-in chains; nil for user chains.
    public var policy: Verdict?
    public var counters: Counters
    public var rules: [Rule]
    /// Line of the `:CHAIN` declaration (0 when implicit).
    public var line: Int
    /// Built by `Ruleset.finalize()`: lets the walker jump over runs of rules that cannot match.
    var index: RuleIndex?

    public init(name: String, policy: Verdict? = nil, counters: Counters = Counters(), rules: [Rule] = [], line: Int = 0) {
        self.name = name
        self.policy = policy
        self.counters = counters
        self.rules = rules
        self.line = line
    }

    public var isBuiltin: Bool { policy != nil }
}

/// One table as `iptables-save` prints it between `*table` and `COMMIT`.
public struct Table: Sendable {
    public var name: TableName
    public private(set) var chains: [Chain] = []
    private var positions: [String: Int] = [:]

    public init(name: TableName) {
        self.name = name
        for builtin in name.builtinChains { addChain(Chain(name: builtin, policy: .accept)) }
    }

    public func chain(_ name: String) -> Chain? { positions[name].map { chains[$0] } }
    public func contains(_ name: String) -> Bool { positions[name] != nil }
    func position(of name: String) -> Int? { positions[name] }

    /// Adds the chain, or replaces policy/counters of an existing one (a `:CHAIN` line flushes it).
    public mutating func addChain(_ chain: Chain) {
        // One hash for a new chain (the common case); a re-declared chain is put back in place.
        if let i = positions.updateValue(chains.count, forKey: chain.name) {
            positions[chain.name] = i
            chains[i] = chain
        } else {
            chains.append(chain)
        }
    }

    public mutating func append(_ rule: Rule, to chainName: String) -> Bool {
        guard let i = positions[chainName] else { return false }
        chains[i].rules.append(rule)
        return true
    }

    /// Appends to the chain at `index` (from `position(of:)`); returns the chain's new rule count.
    mutating func append(_ rule: Rule, toChainAt index: Int) -> Int {
        chains[index].rules.append(rule)
        return chains[index].rules.count
    }

    /// Makes room for `count` more rules in the chain at `index` (one allocation, not several).
    mutating func reserve(_ count: Int, moreRulesInChainAt index: Int) {
        chains[index].rules.reserveCapacity(chains[index].rules.count + count)
    }

    public mutating func insert(_ rule: Rule, into chainName: String, at position: Int) -> Bool {
        guard let i = positions[chainName], position >= 0, position <= chains[i].rules.count else { return false }
        chains[i].rules.insert(rule, at: position)
        return true
    }

    mutating func buildIndexes() {
        for i in chains.indices { chains[i].index = RuleIndex(chains[i].rules) }
    }

    public var ruleCount: Int { chains.reduce(0) { $0 + $1.rules.count } }
}

/// A whole ruleset of one address family: what `iptables-save` (or `ip6tables-save`) prints.
///
/// Built by `IptablesSaveParser` from text, or assembled in code. Call `finalize()` after
/// building one by hand so the walker's rule index exists.
public struct Ruleset: Sendable {
    public var family: IPFamily
    public var tables: [TableName: Table]
    /// Matches and targets kubewalk keeps but does not model, with where they occur.
    public var unmodelled: [UnmodelledFeature]

    public init(family: IPFamily = .ipv4, tables: [TableName: Table] = [:], unmodelled: [UnmodelledFeature] = []) {
        self.family = family
        self.tables = tables
        self.unmodelled = unmodelled
    }

    public func table(_ name: TableName) -> Table? { tables[name] }

    public mutating func finalize() {
        // The keys are copied first: iterating `tables.keys` while mutating `tables` would
        // share the dictionary and copy every chain of each table.
        for key in Array(tables.keys) { tables[key]?.buildIndexes() }
    }

    public var ruleCount: Int { tables.values.reduce(0) { $0 + $1.ruleCount } }
}

/// A match module or target the walker does not evaluate, named so the user sees it.
public struct UnmodelledFeature: Hashable, Sendable, Codable {
    public var table: TableName
    public var chain: String
    public var rule: Int
    public var line: Int
    public var feature: String
    public init(table: TableName, chain: String, rule: Int, line: Int, feature: String) {
        self.table = table; self.chain = chain; self.rule = rule; self.line = line; self.feature = feature
    }
}

extension Table {
    mutating func rewriteTexts(_ f: (Rule, String) -> String) {
        for c in chains.indices {
            let name = chains[c].name
            for r in chains[c].rules.indices { chains[c].rules[r].text = f(chains[c].rules[r], name) }
        }
    }
}
