/// Checks iptables-restore (via the kernel's `mark_source_chains`) also performs: no chain may
/// reach itself through jumps or gotos.
enum Validation {
    static func loops(in table: Table) -> [RulesetDiagnostic] {
        let chains = table.chains
        // Edges by chain position, resolved once, in one flat list: chain i's edges are
        // `edges[first[i]..<first[i + 1]]` (no array per chain).
        var edges: [(to: Int, line: Int)] = []
        var first: [Int] = [0]
        first.reserveCapacity(chains.count + 1)
        for i in chains.indices {
            // Index access reads only the target, without copying whole rules.
            for j in chains[i].rules.indices {
                if case .chain(let name)? = chains[i].rules[j].target, let to = chains[i].rules[j].targetChainIndex ?? table.position(of: name) {
                    edges.append((to, chains[i].rules[j].line))
                }
            }
            first.append(edges.count)
        }
        var state = [UInt8](repeating: 0, count: chains.count)  // 0 new, 1 on stack, 2 done
        var out: [RulesetDiagnostic] = []
        var reported = Set<Int>()
        for root in chains.indices where state[root] == 0 {
            // Iterative depth-first search: (chain, next edge index).
            var stack: [(node: Int, edge: Int)] = [(root, 0)]
            state[root] = 1
            while let top = stack.last {
                let next = first[top.node] + top.edge
                if next >= first[top.node + 1] {
                    state[top.node] = 2
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].edge += 1
                let e = edges[next]
                if state[e.to] == 1 {
                    if reported.insert(e.to).inserted {
                        let path = stack.map(\.node).drop(while: { $0 != e.to }).map { chains[$0].name } + [chains[e.to].name]
                        out.append(RulesetDiagnostic(line: e.line, message: "jump loop in table \(table.name.rawValue): \(path.joined(separator: " → ")); iptables-restore refuses loops"))
                    }
                } else if state[e.to] == 0 {
                    state[e.to] = 1
                    stack.append((e.to, 0))
                }
            }
        }
        return out
    }
}
