import NetCore

/// Prints rules the way `iptables-save` (iptables 1.8.9, nft and legacy backends alike)
/// prints them back from the kernel: header conditions first (`-s -d -i -o -p -f`), host
/// addresses with `/32` (`/128`), matches in their order, strings quoted by
/// `xtables_save_string`, MARK as `--set-xmark`, REJECT with its default `--reject-with`,
/// `statistic` probabilities as the kernel's 31-bit fraction, `recent` with its defaults.
/// Reference: kube-proxy-iptables.md §7, libxt_*.c `*_save` functions.
public enum SaveFormat {
    /// One `-A CHAIN …` line.
    public static func rule(_ r: Rule, chain: String, family: IPFamily) -> String {
        var out = "-A \(chain)"
        func neg(_ n: Bool) { if n { out += " !" } }
        if let s = r.source { neg(s.negated); out += " -s \(s.value)" }
        if let d = r.destination { neg(d.negated); out += " -d \(d.value)" }
        if let i = r.inInterface { neg(i.negated); out += " -i \(i.value)" }
        if let o = r.outInterface { neg(o.negated); out += " -o \(o.value)" }
        if let p = r.proto { neg(p.negated); out += " -p \(p.value)" }
        if let f = r.fragment { neg(f.negated); out += " -f" }
        for m in r.matches { out += match(m, family: family) }
        if let t = r.target { out += (r.isGoto ? " -g " : " -j ") + target(t) }
        return out
    }

    static func match(_ m: Match, family: IPFamily) -> String {
        func neg(_ n: Bool) -> String { n ? " !" : "" }
        switch m {
        case .ports(let name, let sport, let dport, let extra):
            var s = " -m \(name)"
            if let sp = sport { s += "\(neg(sp.negated)) --sport \(sp.value.text)" }
            if let dp = dport { s += "\(neg(dp.negated)) --dport \(dp.value.text)" }
            for e in extra { s += " " + e }
            return s
        case .comment(let c):
            return " -m comment --comment" + quoted(c)
        case .addrtype(let src, let dst):
            var s = " -m addrtype"
            if let a = src { s += "\(neg(a.negated)) --src-type \(a.value.joined(separator: ","))" }
            if let a = dst { s += "\(neg(a.negated)) --dst-type \(a.value.joined(separator: ","))" }
            return s
        case .statisticRandom(let p, let negated):
            return " -m statistic --mode random\(neg(negated)) --probability \(probability(p))"
        case .statisticNth(let every, let packet, let negated):
            return " -m statistic --mode nth\(neg(negated)) --every \(every) --packet \(packet)"
        case .mark(let value, let mask, let negated):
            return " -m mark\(neg(negated)) --mark \(MarkValue.hex(value))" + (mask == 0xffff_ffff ? "" : "/\(MarkValue.hex(mask))")
        case .ctstate(let states, let negated, let module):
            let list = ConntrackState.allCases.filter(states.contains).map(\.rawValue).joined(separator: ",")
            return module == "state" ? " -m state\(neg(negated)) --state \(list)" : " -m conntrack\(neg(negated)) --ctstate \(list)"
        case .recent(let r):
            var s = " -m recent\(neg(r.negated)) --\(r.command.rawValue)"
            if let sec = r.seconds { s += " --seconds \(sec)" }
            if r.reap { s += " --reap" }
            if let h = r.hitcount { s += " --hitcount \(h)" }
            if r.rttl { s += " --rttl" }
            let fullMask = family == .ipv4 ? "255.255.255.255" : "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"
            s += " --name \(r.name) --mask \(r.mask ?? fullMask) " + (r.rdest ? "--rdest" : "--rsource")
            return s
        case .multiport(let kind, let ports, let negated):
            return " -m multiport\(neg(negated)) --\(kind.rawValue) \(ports.map(\.text).joined(separator: ","))"
        case .set(let name, let dirs, let negated):
            return " -m set\(neg(negated)) --match-set \(name) \(dirs.map(\.rawValue).joined(separator: ","))"
        case .nfacct(let name):
            return " -m nfacct --nfacct-name  \(name)"
        case .unmodelled(let module, let args):
            return " -m \(module)" + args.map { $0.contains(where: { $0 == " " || $0 == "\"" }) || $0.isEmpty ? quoted($0) : " " + $0 }.joined()
        }
    }

    static func target(_ t: Target) -> String {
        switch t {
        case .accept: return "ACCEPT"
        case .drop: return "DROP"
        case .returnFromChain: return "RETURN"
        case .reject(let with): return "REJECT --reject-with \(with)"
        case .chain(let c): return c
        case .dnat(let to): return "DNAT --to-destination \(to)"
        case .snat(let to): return "SNAT --to-source \(to)"
        case .masquerade(let ports, let randomFully, let random):
            return "MASQUERADE" + (ports.map { " --to-ports \($0)" } ?? "") + (random ? " --random" : "") + (randomFully ? " --random-fully" : "")
        case .redirect(let ports): return "REDIRECT" + (ports.map { " --to-ports \($0)" } ?? "")
        case .mark(let value, let mask): return "MARK --set-xmark \(MarkValue.hex(value))/\(MarkValue.hex(mask))"
        case .log(let prefix, let level):
            return "LOG" + (prefix.map { " --log-prefix" + quoted($0) } ?? "") + (level.map { " --log-level \($0)" } ?? "")
        case .unmodelled(let name, let args, _):
            return ([name] + args).joined(separator: " ")
        }
    }

    /// `xtables_save_string`: bare when only letters, digits, `_` and `-`; else in double
    /// quotes with `"`, `\` and `'` escaped. Includes the leading space.
    public static func quoted(_ s: String) -> String {
        let plain = !s.isEmpty && s.utf8.allSatisfy { b in
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 || b == 45
        }
        if plain { return " " + s }
        var out = " \""
        for ch in s {
            if ch == "\"" || ch == "\\" || ch == "'" { out.append("\\") }
            out.append(ch)
        }
        return out + "\""
    }

    /// The probability as the kernel keeps it (`lround(p · 2^31)`) printed back with eleven
    /// decimals, as libxt_statistic's save does (`%.11f` of stored / 2^31).
    public static func probability(_ p: Double) -> String {
        let stored = UInt64(max(0, min(1, p)) * 2_147_483_648 + 0.5)
        // stored / 2^31 · 10^11 = stored · 5^11 / 2^20, rounded half to even like printf.
        let n = stored * 48_828_125
        var q = n >> 20
        let r = n & 0xFFFFF
        if r > 0x80000 || (r == 0x80000 && q & 1 == 1) { q += 1 }
        return decimal(q, digits: 11)
    }

    /// `q / 10^digits` written with exactly `digits` decimals.
    static func decimal(_ q: UInt64, digits: Int) -> String {
        var scale: UInt64 = 1
        for _ in 0..<digits { scale *= 10 }
        let whole = q / scale, frac = String(q % scale)
        return "\(whole)." + String(repeating: "0", count: digits - frac.count) + frac
    }

    /// A whole ruleset as `iptables-save` prints it (tables in `tables` order, built-in
    /// chains first, then user chains sorted by name; counters as stored).
    public static func render(_ ruleset: Ruleset, tables: [TableName]? = nil) -> String {
        var out = ""
        for name in tables ?? TableName.allCases {
            guard let table = ruleset.tables[name] else { continue }
            out += renderTable(table, family: ruleset.family)
        }
        return out
    }

    public static func renderTable(_ table: Table, family: IPFamily) -> String {
        var out = "*\(table.name.rawValue)\n"
        out.reserveCapacity(table.ruleCount * 110)
        let builtins = table.chains.filter(\.isBuiltin)
        let users = table.chains.filter { !$0.isBuiltin }.sorted { $0.name < $1.name }
        let ordered = builtins + users
        for c in ordered {
            out += ":\(c.name) \(c.policy?.rawValue ?? "-") [\(c.counters.packets):\(c.counters.bytes)]\n"
        }
        for c in ordered {
            for r in c.rules { out += rule(r, chain: c.name, family: family) + "\n" }
        }
        return out + "COMMIT\n"
    }
}

extension Ruleset {
    /// Replaces each rule's `text` with its `iptables-save` form, so traces quote rules the
    /// way `iptables-save` shows them (used for rules kubewalk generated from restore input).
    public mutating func useSaveFormTexts() {
        for name in tables.keys {
            tables[name]?.rewriteTexts { rule, chain in SaveFormat.rule(rule, chain: chain, family: family) }
        }
    }
}

