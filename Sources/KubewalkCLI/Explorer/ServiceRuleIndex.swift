import KubeProxy

/// kube-proxy's rules on one node in `iptables-save` form, indexed by the Service they are
/// for, so the Detail of any Service is a lookup (a snapshot with 10,000 Services has
/// ~180,000 rules; printing and scanning them per selection would stall every keypress).
///
/// A Service's part is: the rules whose comment names it (kube-proxy comments every
/// per-Service rule with `NS/NAME:PORT`, pkg/proxy/iptables/proxier.go), every rule of the
/// per-Service chains those rules sit in or jump to (`KUBE-SVC-`, `KUBE-SVL-`, `KUBE-EXT-`,
/// `KUBE-FW-`, `KUBE-SEP-`), and those chains' declarations, under their table headers.
struct ServiceRuleIndex: Sendable {
    struct Table: Sendable {
        var header: String
        var lines: [String]
    }
    struct Ref: Hashable, Comparable, Sendable {
        var table: Int
        var line: Int
        static func < (a: Ref, b: Ref) -> Bool { (a.table, a.line) < (b.table, b.line) }
    }

    static let perServicePrefixes = ["KUBE-SVC-", "KUBE-SVL-", "KUBE-EXT-", "KUBE-FW-", "KUBE-SEP-"]

    let nodeName: String
    /// ipvs mode: the virtual servers, `kube-ipvs0` addresses and ipsets.
    let ipvs: IPVSState?
    private let tables: [Table]
    private let byService: [String: [Ref]]
    private let inChain: [String: [Ref]]
    private let jumpingTo: [String: [Ref]]
    private let declaration: [String: Ref]

    init(_ rules: NodeRules) {
        self.init(save: rules.iptablesSave(), nodeName: rules.nodeName, ipvs: rules.ipvs)
    }

    init(save: String, nodeName: String, ipvs: IPVSState? = nil) {
        self.nodeName = nodeName
        self.ipvs = ipvs
        var tables: [Table] = []
        var byService: [String: [Ref]] = [:], inChain: [String: [Ref]] = [:], jumpingTo: [String: [Ref]] = [:]
        var declaration: [String: Ref] = [:]
        // Byte-level: ~180,000 rules for 10,000 Services must index in well under a second.
        for raw in save.utf8.split(separator: UInt8(ascii: "\n")) {
            let line = String(Substring(raw))
            if raw.first == UInt8(ascii: "*") { tables.append(Table(header: line, lines: [])); continue }
            guard !tables.isEmpty, line != "COMMIT" else { continue }
            let ref = Ref(table: tables.count - 1, line: tables[tables.count - 1].lines.count)
            tables[tables.count - 1].lines.append(line)
            if raw.first == UInt8(ascii: ":") {
                declaration[String(line.dropFirst().prefix { $0 != " " })] = ref
            } else if line.hasPrefix("-A ") {
                let rule = RuleWords(Array(raw))
                if let c = rule.chain { inChain[c, default: []].append(ref) }
                if let t = rule.target, Self.isPerService(t) { jumpingTo[t, default: []].append(ref) }
                for service in rule.services { byService[service, default: []].append(ref) }
            }
        }
        self.tables = tables
        self.byService = byService
        self.inChain = inChain
        self.jumpingTo = jumpingTo
        self.declaration = declaration
    }

    /// The Service's lines (`NS/NAME`), in `iptables-save` order with table headers and
    /// `COMMIT`; empty when kube-proxy wrote nothing for it on this node.
    func lines(service: String) -> [String] {
        let named = byService[service] ?? []
        var own = Set<String>()
        for r in named {
            let rule = RuleWords(Array(tables[r.table].lines[r.line].utf8))
            if let c = rule.chain, Self.isPerService(c) { own.insert(c) }
            if let t = rule.target, Self.isPerService(t) { own.insert(t) }
        }
        var keep = Set(named)
        for c in own {
            keep.formUnion(inChain[c] ?? [])
            keep.formUnion(jumpingTo[c] ?? [])
            if let d = declaration[c] { keep.insert(d) }
        }
        var out: [String] = []
        var table = -1
        for r in keep.sorted() {
            if r.table != table {
                if table >= 0 { out.append("COMMIT") }
                table = r.table
                out.append(tables[r.table].header)
            }
            out.append(tables[r.table].lines[r.line])
        }
        if table >= 0 { out.append("COMMIT") }
        return out
    }

    static func isPerService(_ chain: String) -> Bool { perServicePrefixes.contains { chain.hasPrefix($0) } }
}

/// The words of one `-A CHAIN …` rule the index needs, read from its bytes: the chain, the
/// jump target (after `-j` or `-g`), and the Services its comment names — its words of the
/// form `NS/NAME` or `NS/NAME:PORT` (`"default/web:http cluster IP"`, `"masquerade traffic
/// for default/web:http external destinations"`).
struct RuleWords {
    var chain: String?
    var target: String?
    var services: [String] = []

    init(_ b: [UInt8]) {
        let space = UInt8(ascii: " "), quote = UInt8(ascii: "\""), slash = UInt8(ascii: "/"), colon = UInt8(ascii: ":")
        func word(from start: Int) -> (String, Int) {
            var end = start
            while end < b.count && b[end] != space { end += 1 }
            return (String(decoding: b[start..<end], as: UTF8.self), end)
        }
        guard b.count > 3 else { return }
        var i = 3
        (chain, i) = word(from: 3)
        while i < b.count {
            // At a space before the next word.
            i += 1
            guard i < b.count else { break }
            if b[i] == UInt8(ascii: "-"), i + 2 < b.count, b[i + 2] == space, b[i + 1] == UInt8(ascii: "j") || b[i + 1] == UInt8(ascii: "g") {
                (target, i) = word(from: i + 3)
            } else if Self.startsComment(b, at: i) {
                var j = i + 11   // past `--comment "`
                var wordStart = j
                while j <= b.count {
                    if j == b.count || b[j] == space || b[j] == quote {
                        let w = b[wordStart..<j]
                        if let s = w.firstIndex(of: slash), s > wordStart {
                            let stop = w.firstIndex(of: colon) ?? j
                            if s + 1 < stop && !b[(s + 1)..<stop].contains(slash) {
                                services.append(String(decoding: b[wordStart..<stop], as: UTF8.self))
                            }
                        }
                        if j == b.count || b[j] == quote { break }
                        wordStart = j + 1
                    }
                    j += 1
                }
                i = j + 1
            } else {
                while i < b.count && b[i] != space { i += 1 }
            }
        }
    }

    static let commentPrefix = Array("--comment \"".utf8)

    static func startsComment(_ b: [UInt8], at i: Int) -> Bool {
        guard i + commentPrefix.count <= b.count else { return false }
        for (k, c) in commentPrefix.enumerated() where b[i + k] != c { return false }
        return true
    }
}
