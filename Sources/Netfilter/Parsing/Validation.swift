/// Checks iptables-restore (via the kernel's `mark_source_chains`) also performs: no chain may
/// reach itself through jumps or gotos.
enum Validation {
    static func loops(in table: Table) -> [RulesetDiagnostic] {
        var state: [String: Int] = [:]   // 1 visiting, 2 done
        var out: [RulesetDiagnostic] = []
        var reported = Set<String>()

        func visit(_ name: String, _ stack: [String]) {
            state[name] = 1
            guard let chain = table.chain(name) else { state[name] = 2; return }
            for rule in chain.rules {
                guard case .chain(let next)? = rule.target else { continue }
                if state[next] == 1 {
                    if reported.insert(next).inserted {
                        let cycle = (stack.drop(while: { $0 != next }) + [name, next]).joined(separator: " → ")
                        out.append(RulesetDiagnostic(line: rule.line, message: "jump loop in table \(table.name.rawValue): \(cycle); iptables-restore refuses loops"))
                    }
                } else if state[next] == nil {
                    visit(next, stack + [name])
                }
            }
            state[name] = 2
        }
        for c in table.chains where state[c.name] == nil { visit(c.name, []) }
        return out
    }
}
