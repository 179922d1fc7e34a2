import Netfilter

/// The text form of a trace: one line per rule tested, in the spirit of the kernel's
/// `TRACE` target (`table:chain:rule:N`), then each outcome's verdict and translations.
enum TraceText {
    static func render(_ r: TraceResult) -> String {
        let p = r.packet
        var out = "packet: \(p.proto.lowercased) \(p.source.withPort(p.sourcePort)) -> \(p.destination.withPort(p.destinationPort)), "
        out += p.locallyGenerated ? "sent by the node (OUTPUT)" : "arriving on the node (PREROUTING)"
        out += ", conntrack \(p.conntrack.rawValue)\n"
        for n in r.notes { out += "note: \(n)\n" }
        for (i, o) in r.outcomes.enumerated() {
            out += "\noutcome \(i + 1) of \(r.outcomes.count): probability \(percent(o.probability)), \(o.verdict.rawValue)"
            out += o.dnat.map { ", DNAT to \($0)" } ?? ", no DNAT"
            if let s = o.snat { out += ", SNAT to \(s)" }
            if o.masquerade { out += ", MASQUERADE" }
            out += "\n  hooks: \(o.hooks.joined(separator: " -> ")); rules evaluated: \(o.rulesEvaluated)\n"
            for step in o.path {
                let place: String
                if let n = step.rule {
                    place = step.skipped.map { "\(step.table):\(step.chain):rules:\(n)-\(n + $0 - 1)" } ?? "\(step.table):\(step.chain):rule:\(n)"
                } else {
                    place = "\(step.table):\(step.chain):\(step.table == "ipvs" ? "ipvs" : "policy")"
                }
                let mark = step.skipped != nil ? "skip" : (step.matched ? "match" : "no")
                out += "  \(pad(place, 44)) \(pad(mark, 5)) \(step.text)\n"
                if !step.reason.isEmpty { out += "  \(pad("", 44))       \(step.reason)\n" }
            }
            for n in o.notes { out += "  note: \(n)\n" }
        }
        out += "\n\(r.outcomes.count) outcome(s); the kernel evaluates at most \(r.rulesEvaluated) rules for this packet"
        return out
    }

    static func percent(_ p: Double) -> String {
        let v = (p * 10000).rounded() / 100
        return "\(v)%"
    }

    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
}
