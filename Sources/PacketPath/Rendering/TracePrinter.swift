/// The text `kubewalk trace` prints: one block per hop (where, headers before → after,
/// decision, explanation, alternatives), then the outcome and the model's notes.
public enum TracePrinter {
    public static func render(_ t: Trace, verbose: Bool = false) -> String {
        var out: [String] = []
        let r = t.request
        out.append("trace \(r.from) → \(r.target)  (\(r.method)\(r.headers.isEmpty ? "" : ", " + r.headers.joined(separator: ", "))\(r.pick != 1 ? ", pick \(r.pick)" : ""))")
        for h in t.hops {
            var whereParts: [String] = []
            if let n = h.node { whereParts.append(n) }
            if let p = h.pod { whereParts.append(p) }
            if let i = h.interface { whereParts.append(i) }
            out.append("")
            out.append(pad("\(h.index)", 3) + " " + pad(h.kind.rawValue, 11) + " " + whereParts.joined(separator: "  "))
            if let b = h.before, let a = h.after, b != a {
                out.append("      \(b.src) → \(b.dst) \(b.proto)   ⇒   \(a.src) → \(a.dst) \(a.proto)")
            } else if let p = h.after ?? h.before {
                out.append("      \(p.src) → \(p.dst) \(p.proto)")
            }
            out.append("      decision: \(h.decision)")
            out.append("      \(h.explanation)")
            for a in h.alternatives {
                let prob = a.probability.map { " \(percent($0))" } ?? ""
                out.append("      · --pick \(a.pick.map(String.init) ?? "-")\(prob)  \(a.description)")
            }
            if verbose { for d in h.detail { out.append("        | \(d)") } }
        }
        out.append("")
        let o = t.outcome
        out.append("outcome: \(o.status.rawValue)\(o.httpStatus.map { " \($0)" } ?? "") — \(o.message)")
        if !t.outcomes.isEmpty {
            out.append("all outcomes (this trace follows --pick \(r.pick)\(t.probability < 1 ? ", probability \(percent(t.probability))" : "")):")
            for a in t.outcomes { out.append("  --pick \(a.pick.map(String.init) ?? "-")  \(a.probability.map(percent) ?? "")  \(a.description)") }
        }
        if !t.notes.isEmpty {
            out.append("notes:")
            for n in t.notes { out.append("  - \(n)") }
        }
        if !verbose && t.hops.contains(where: { !$0.detail.isEmpty }) { out.append("(add --verbose for each hop's rules and candidates)") }
        return out.joined(separator: "\n")
    }

    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }

    /// `33.3%`, one decimal.
    static func percent(_ p: Double) -> String {
        let tenths = Int((p * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
