import NetCore

/// Lets the walker find, from any position in a long chain, the next rule that could match
/// a packet, without testing the rules in between one by one.
///
/// A rule with a plain (not negated) host destination `-d a.b.c.d/32` cannot match a packet
/// sent elsewhere; a rule with a plain protocol and single `--dport` cannot match another
/// port. Long chains such as kube-proxy's `KUBE-SERVICES` (one rule per Service port) or
/// `KUBE-NODEPORTS` are indexed by whichever of the two keys most of their rules carry.
/// The kernel still tests every rule in between; the walker counts them as evaluated.
struct RuleIndex: Sendable {
    enum Key: Hashable, Sendable {
        case destination(IPAddress)
        case port(String, Int)
    }
    enum Kind: Sendable { case destination, port }

    let kind: Kind
    /// Rule positions by key, ascending.
    let byKey: [Key: [Int]]
    /// Positions of rules without the key (they must be tested), ascending.
    let others: [Int]
    let count: Int

    static let minimumRules = 32

    init?(_ rules: [Rule]) {
        guard rules.count >= RuleIndex.minimumRules else { return nil }
        var dests = 0, ports = 0
        for r in rules {
            if RuleIndex.destinationKey(r) != nil { dests += 1 }
            if RuleIndex.portKey(r) != nil { ports += 1 }
        }
        guard max(dests, ports) * 2 >= rules.count else { return nil }
        kind = dests >= ports ? .destination : .port
        var byKey: [Key: [Int]] = [:]
        var others: [Int] = []
        for (i, r) in rules.enumerated() {
            let key = kind == .destination ? RuleIndex.destinationKey(r) : RuleIndex.portKey(r)
            if let key { byKey[key, default: []].append(i) } else { others.append(i) }
        }
        self.byKey = byKey
        self.others = others
        count = rules.count
    }

    static func destinationKey(_ r: Rule) -> Key? {
        guard let d = r.destination, !d.negated, d.value.length == d.value.family.bits else { return nil }
        return .destination(d.value.address)
    }

    static func portKey(_ r: Rule) -> Key? {
        guard let p = r.proto, !p.negated else { return nil }
        for m in r.matches {
            if case .ports(let name, _, let dport?, _) = m, name == p.value, !dport.negated, dport.value.lower == dport.value.upper {
                return .port(name, dport.value.lower)
            }
        }
        return nil
    }

    /// The first position ≥ `from` holding a rule that might match `packet`.
    func nextCandidate(from: Int, packet: Packet) -> Int {
        let key: Key = kind == .destination ? .destination(packet.destination) : .port(packet.proto.lowercased, packet.destinationPort)
        let a = RuleIndex.lowerBound(byKey[key] ?? [], from) ?? count
        let b = RuleIndex.lowerBound(others, from) ?? count
        return min(a, b)
    }

    static func lowerBound(_ xs: [Int], _ value: Int) -> Int? {
        var lo = 0, hi = xs.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if xs[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo < xs.count ? xs[lo] : nil
    }

    /// Why the rules skipped could not match, for the trace.
    func skipReason(packet: Packet) -> String {
        switch kind {
        case .destination: return "each tests a different destination (-d); none is \(packet.destination)"
        case .port: return "each tests a different \(packet.proto.lowercased) destination port; none is \(packet.destinationPort)"
        }
    }
}
