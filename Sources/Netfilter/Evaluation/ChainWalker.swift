import NetCore

/// One possible walk in progress: the packet as rewritten so far and everything recorded.
struct WalkState {
    var packet: Packet
    var probability: Double = 1
    var path: [TraceStep] = []
    var rulesEvaluated = 0
    var dnat: String? = nil
    var snat: String? = nil
    var masquerade = false
    var dnatted = false
    var snatted = false
    var notes: [String] = []
    var recent: [String: Set<IPAddress>]
    var hooks: [String] = []
}

/// The verdict a table gives at one hook.
enum HookVerdict { case accept, drop, reject }

/// Walks one built-in chain of one table, as `ipt_do_table` does: rules in order, jumps push
/// a return point, `-g` replaces the current chain, RETURN pops, the end of a user chain
/// returns, the end of the built-in chain applies its policy. Random draws fork the walk.
struct ChainWalker {
    let table: Table
    let host: NetfilterHost
    let family: IPFamily
    /// Kernel limit on nested jumps is far higher; deeper stacks here only come from loops.
    static let maxDepth = 64

    private struct Frame { var chain: Int; var next: Int }

    func walk(hook: String, _ start: WalkState) -> [(WalkState, HookVerdict)] {
        guard let hookIndex = table.position(of: hook) else { return [(start, .accept)] }
        let builtin = table.chains[hookIndex]
        let policy = builtin.policy ?? .accept
        if builtin.rules.isEmpty && policy == .accept { return [(start, .accept)] }
        let tname = table.name.rawValue
        var finished: [(WalkState, HookVerdict)] = []
        var pending: [(WalkState, [Frame])] = [(start, [Frame(chain: hookIndex, next: 0)])]

        func policyVerdict(_ s: inout WalkState) -> HookVerdict {
            s.path.append(TraceStep(table: tname, chain: hook, rule: nil, text: ":\(hook) \(policy.rawValue)", matched: true,
                                    reason: "end of built-in chain \(hook): its policy \(policy.rawValue) applies"))
            return policy == .accept ? .accept : .drop
        }

        while let (initial, initialStack) = pending.popLast() {
            var s = initial
            var stack = initialStack
            walkLoop: while true {
                guard let frame = stack.last else { let v = policyVerdict(&s); finished.append((s, v)); break }
                let chain = table.chains[frame.chain]
                if frame.next >= chain.rules.count {
                    stack.removeLast()
                    if stack.isEmpty { let v = policyVerdict(&s); finished.append((s, v)); break }
                    continue
                }
                if let index = chain.index {
                    let next = index.nextCandidate(from: frame.next, packet: s.packet)
                    if next > frame.next {
                        let n = next - frame.next
                        s.rulesEvaluated += n
                        s.path.append(TraceStep(table: tname, chain: chain.name, rule: frame.next + 1,
                                                text: "rules \(frame.next + 1)–\(next) of \(chain.name) (\(n) rules)", matched: false,
                                                reason: "not matched: \(index.skipReason(packet: s.packet))", skipped: n))
                        stack[stack.count - 1].next = next
                        continue
                    }
                }
                let rule = chain.rules[frame.next]
                let number = frame.next + 1
                let ruleText = rule.text.isEmpty ? SaveFormat.rule(rule, chain: chain.name, family: family) : rule.text
                stack[stack.count - 1].next += 1
                s.rulesEvaluated += 1
                var ctx = MatchContext(packet: s.packet, host: host, recent: s.recent, dnatted: s.dnatted, snatted: s.snatted)
                let test = RuleTest.test(rule, &ctx)
                let reason: String
                switch test {
                case .noMatch(let r):
                    s.path.append(TraceStep(table: tname, chain: chain.name, rule: number, text: ruleText, matched: false, reason: r))
                    continue walkLoop
                case .unmodelled(let r):
                    s.path.append(TraceStep(table: tname, chain: chain.name, rule: number, text: ruleText, matched: false, reason: r))
                    s.notes.append("\(tname) \(chain.name) rule \(number): \(r)")
                    continue walkLoop
                case .draw(let p, let yes, let no):
                    var other = s
                    other.probability *= 1 - p
                    other.path.append(TraceStep(table: tname, chain: chain.name, rule: number, text: ruleText, matched: false, reason: no))
                    pending.append((other, stack))
                    s.probability *= p
                    reason = yes
                case .match(let r):
                    reason = r
                }
                if let u = ctx.recentUpdate {
                    if u.add { s.recent[u.name, default: []].insert(u.address) } else { s.recent[u.name]?.remove(u.address) }
                }
                let step = TraceStep(table: tname, chain: chain.name, rule: number, text: ruleText, matched: true, reason: reason)
                guard let target = rule.target else {
                    s.path.append(step)
                    continue walkLoop
                }
                switch target {
                case .chain(let name):
                    guard let to = rule.targetChainIndex ?? table.position(of: name) else {
                        var st = step; st.reason += "; chain \(name) does not exist, so the jump does nothing (iptables-restore would refuse this)"
                        s.path.append(st); s.notes.append("jump to missing chain \(name) in \(tname) \(chain.name) rule \(number)")
                        continue walkLoop
                    }
                    s.path.append(step)
                    if stack.count >= ChainWalker.maxDepth {
                        s.notes.append("jump loop: more than \(ChainWalker.maxDepth) nested chains at \(tname) \(chain.name) rule \(number); walk stopped")
                        finished.append((s, .drop)); break walkLoop
                    }
                    if rule.isGoto { stack[stack.count - 1] = Frame(chain: to, next: 0) } else { stack.append(Frame(chain: to, next: 0)) }
                case .returnFromChain:
                    s.path.append(step)
                    stack.removeLast()
                    if stack.isEmpty { let v = policyVerdict(&s); finished.append((s, v)); break walkLoop }
                case .accept:
                    s.path.append(step); finished.append((s, .accept)); break walkLoop
                case .drop:
                    s.path.append(step); finished.append((s, .drop)); break walkLoop
                case .reject:
                    s.path.append(step); finished.append((s, .reject)); break walkLoop
                case .dnat(let to):
                    s.path.append(step)
                    Translation.applyDNAT(to, &s)
                    finished.append((s, .accept)); break walkLoop
                case .redirect(let ports):
                    s.path.append(step)
                    Translation.applyRedirect(ports, &s)
                    finished.append((s, .accept)); break walkLoop
                case .snat(let to):
                    s.path.append(step)
                    Translation.applySNAT(to, &s)
                    finished.append((s, .accept)); break walkLoop
                case .masquerade:
                    s.path.append(step)
                    s.masquerade = true
                    s.snatted = true
                    finished.append((s, .accept)); break walkLoop
                case .mark(let value, let mask):
                    let before = s.packet.mark
                    s.packet.mark = (before & ~mask) ^ value
                    var st = step; st.reason += (st.reason.isEmpty ? "" : "; ") + "mark \(MarkValue.hex(before)) → \(MarkValue.hex(s.packet.mark)); traversal continues"
                    s.path.append(st)
                case .log(let prefix, _):
                    var st = step; st.reason += "; logged\(prefix.map { " with prefix \"\($0)\"" } ?? ""); traversal continues"
                    s.path.append(st)
                case .unmodelled(let name, _, let terminal):
                    var st = step
                    st.reason += terminal ? "; target \(name) is not modelled; it ends the walk here" : "; target \(name) is not modelled; traversal continues"
                    s.path.append(st)
                    s.notes.append("\(tname) \(chain.name) rule \(number): target \(name) not modelled")
                    if terminal { finished.append((s, .accept)); break walkLoop }
                }
            }
        }
        return finished
    }
}
