import NetCore
import Netfilter

extension NodeRules {
    /// Every outcome for `packet` on this node: the netfilter walk, and in ipvs mode the
    /// IPVS scheduling step after filter INPUT (IPVS hooks LOCAL_IN after the filter table,
    /// `ip_vs_ops` in net/netfilter/ipvs/ip_vs_core.c), which sends each new connection to
    /// one real server (`rr`: each in turn, so each with probability 1/n over connections).
    public func trace(_ packet: Packet) -> TraceResult {
        var result = tracer().trace(packet)
        guard let ipvs else { return result }
        var expanded: [TraceOutcome] = []
        let mark = config.masqueradeMark
        for o in result.outcomes {
            let finalDestination = o.dnat.flatMap { Self.address(of: $0) } ?? packet.destination
            guard o.verdict == .accept, o.hooks.contains("INPUT"), packet.conntrack == .new,
                  let vs = ipvs.virtualServer(proto: packet.proto, address: finalDestination, port: packet.destinationPort) else {
                expanded.append(o); continue
            }
            guard !vs.realServers.isEmpty else {
                var dropped = o
                dropped.verdict = .reject
                dropped.path.append(TraceStep(table: "ipvs", chain: "LOCAL_IN", rule: nil, text: "\(vs.proto.rawValue) \(vs.address.withPort(vs.port)) \(vs.scheduler)",
                                              matched: true, reason: "IPVS virtual server for \(vs.servicePort) (\(vs.kind)) has no real servers; the connection is refused"))
                expanded.append(dropped); continue
            }
            let n = vs.realServers.count
            for (i, rs) in vs.realServers.enumerated() {
                var out = o
                out.probability = o.probability / Double(n)
                out.dnat = rs.text
                let hairpin = packet.source == rs.address
                let masq = o.mark & mark == mark || hairpin
                out.masquerade = o.masquerade || masq
                out.hooks.append("IPVS")
                out.hooks.append("POSTROUTING")
                let sticky = vs.persistentSeconds.map { "; persistent \($0)s: the same client keeps this real server" } ?? ""
                out.path.append(TraceStep(table: "ipvs", chain: "LOCAL_IN", rule: nil, text: "\(vs.proto.rawValue) \(vs.address.withPort(vs.port)) \(vs.scheduler)",
                                          matched: true, reason: "IPVS virtual server for \(vs.servicePort) (\(vs.kind)); \(vs.scheduler) sends this connection to real server \(rs.text) (\(i + 1) of \(n))\(sticky)"))
                if masq {
                    out.path.append(TraceStep(table: "nat", chain: "KUBE-POSTROUTING", rule: nil, text: hairpin ? "-m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE" : "-j MASQUERADE",
                                              matched: true, reason: hairpin ? "the client is the chosen endpoint itself (hairpin): KUBE-LOOP-BACK masquerades" : "mark \(config.masqueradeMarkText) is set: masqueraded"))
                }
                out.notes.append("after IPVS the packet leaves through POSTROUTING; kubewalk decides masquerade from the mark and KUBE-LOOP-BACK instead of walking POSTROUTING again")
                expanded.append(out)
            }
        }
        result.outcomes = expanded
        return result
    }

    static func address(of ipPort: String) -> IPAddress? {
        if ipPort.hasPrefix("["), let close = ipPort.firstIndex(of: "]") {
            return IPAddress(ipPort[ipPort.index(after: ipPort.startIndex)..<close])
        }
        return IPAddress(ipPort.split(separator: ":").first ?? "")
    }
}
