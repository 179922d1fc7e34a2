import NetCore

/// Address rewriting by the nat targets (xt_nat's DNAT/SNAT, REDIRECT, MASQUERADE).
enum Translation {
    /// Splits `addr[-addr][:port[-port]]` or `[v6][:port]` into the first address and first port.
    static func split(_ to: String) -> (IPAddress?, Int?) {
        var addrText = Substring(to), portText: Substring? = nil
        if to.hasPrefix("[") {
            guard let close = to.firstIndex(of: "]") else { return (nil, nil) }
            addrText = to[to.index(after: to.startIndex)..<close]
            let rest = to[to.index(after: close)...]
            if rest.hasPrefix(":") { portText = rest.dropFirst() }
        } else if to.filter({ $0 == ":" }).count == 1, let colon = to.firstIndex(of: ":") {
            addrText = to[..<colon]
            portText = to[to.index(after: colon)...]
        }
        if let dash = addrText.firstIndex(of: "-") { addrText = addrText[..<dash] }
        if let p = portText, let dash = p.firstIndex(of: "-") { portText = p[..<dash] }
        return (IPAddress(addrText), portText.flatMap { Int($0) })
    }

    static func applyDNAT(_ to: String, _ s: inout WalkState) {
        let (addr, port) = split(to)
        if to.contains("-") { s.notes.append("DNAT range \(to): the kernel picks within the range; kubewalk shows its first address and port") }
        if let addr { s.packet.destination = addr }
        if let port { s.packet.destinationPort = port }
        s.dnatted = true
        s.dnat = s.packet.destination.withPort(s.packet.destinationPort)
    }

    static func applyRedirect(_ ports: String?, _ s: inout WalkState) {
        // REDIRECT sends to the incoming interface's primary address (127.0.0.1 for locally generated packets).
        if s.packet.locallyGenerated {
            s.packet.destination = s.packet.destination.family == .ipv4 ? .v4(IPv4Address(127, 0, 0, 1)) : .v6(IPv6Address(high: 0, low: 1))
        } else {
            s.notes.append("REDIRECT: the new destination is the incoming interface's primary address, which kubewalk does not know; the address is left unchanged")
        }
        if let p = ports.flatMap({ Int($0.split(separator: "-").first ?? "") }) { s.packet.destinationPort = p }
        s.dnatted = true
        s.dnat = s.packet.destination.withPort(s.packet.destinationPort)
    }

    static func applySNAT(_ to: String, _ s: inout WalkState) {
        let (addr, port) = split(to)
        if let addr { s.packet.source = addr }
        if let port { s.packet.sourcePort = port }
        s.snatted = true
        s.snat = port == nil ? s.packet.source.description : s.packet.source.withPort(s.packet.sourcePort)
    }
}
