import NetCore

/// Whether a whole rule matches: header conditions first (`ip_packet_match`), then each
/// `-m` match in order; the first failing condition decides.
enum RuleTest {
    case match(String)
    case noMatch(String)
    /// Matches with probability `p` (one or more random draws, every other condition holds).
    case draw(p: Double, yes: String, no: String)
    /// A condition kubewalk does not evaluate; the rule is taken as not matching.
    case unmodelled(String)

    static func test(_ rule: Rule, _ ctx: inout MatchContext) -> RuleTest {
        var reasons: [String] = []
        var drawP = 1.0
        var drawYes: [String] = [], drawNo: [String] = []
        func take(_ r: ConditionResult) -> RuleTest? {
            switch r {
            case .yes(let s): if !s.isEmpty { reasons.append(s) }; return nil
            case .no(let s): return .noMatch(s)
            case .unmodelled(let s): return .unmodelled("\(s): not modelled by kubewalk, assumed not to match")
            case .unknown(let s): return .unmodelled(s)
            case .draw(let p, let y, let n): drawP *= p; drawYes.append(y); drawNo.append(n); return nil
            }
        }
        let p = ctx.packet
        if let s = rule.source, let r = take(MatchEvaluation.prefix(p.source, s, "source")) { return r }
        if let d = rule.destination, let r = take(MatchEvaluation.prefix(p.destination, d, "destination")) { return r }
        if let i = rule.inInterface, let r = take(MatchEvaluation.interface(p.inInterface, i, "-i")) { return r }
        if let o = rule.outInterface, let r = take(MatchEvaluation.interface(p.outInterface, o, "-o")) { return r }
        if let pr = rule.proto, let r = take(MatchEvaluation.proto(p, pr)) { return r }
        if let f = rule.fragment {
            if !f.negated { return .noMatch("-f: a connection's first packet is not a later fragment") }
        }
        for m in rule.matches {
            if let r = take(MatchEvaluation.evaluate(m, &ctx)) { return r }
        }
        if !drawYes.isEmpty {
            let base = reasons.isEmpty ? "" : reasons.joined(separator: "; ") + "; "
            if drawP >= 1 { return .match(base + drawYes.joined(separator: "; ")) }
            if drawP <= 0 { return .noMatch(drawNo.joined(separator: "; ")) }
            return .draw(p: drawP, yes: base + drawYes.joined(separator: "; "), no: drawNo.joined(separator: "; "))
        }
        return .match(reasons.isEmpty ? "no conditions: matches every packet" : reasons.joined(separator: "; "))
    }
}
