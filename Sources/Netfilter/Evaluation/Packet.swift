import NetCore

/// The packet being walked: the first packet of a connection unless `conntrack` says otherwise.
///
/// `locallyGenerated` packets start in OUTPUT (a process on the node sends them); the
/// others arrive on an interface and start in PREROUTING (from a pod's veth or from the
/// network). Interfaces are optional: a rule testing `-i`/`-o` against an unknown interface
/// is reported as an assumption.
public struct Packet: Sendable, Hashable, Codable {
    public var proto: TransportProtocol
    public var source: IPAddress
    public var sourcePort: Int
    public var destination: IPAddress
    public var destinationPort: Int
    public var inInterface: String?
    public var outInterface: String?
    public var locallyGenerated: Bool
    /// NEW for a connection's first packet; ESTABLISHED, RELATED, INVALID or UNTRACKED otherwise.
    public var conntrack: ConntrackState
    /// The packet mark (skb->mark) on arrival.
    public var mark: UInt32

    public init(proto: TransportProtocol = .tcp, source: IPAddress, sourcePort: Int = 40000,
                destination: IPAddress, destinationPort: Int, inInterface: String? = nil,
                outInterface: String? = nil, locallyGenerated: Bool = false,
                conntrack: ConntrackState = .new, mark: UInt32 = 0) {
        self.proto = proto; self.source = source; self.sourcePort = sourcePort
        self.destination = destination; self.destinationPort = destinationPort
        self.inInterface = inInterface; self.outInterface = outInterface
        self.locallyGenerated = locallyGenerated; self.conntrack = conntrack; self.mark = mark
    }
}

/// What the walker knows about the node whose rules it walks.
///
/// `localAddresses` decides `-m addrtype --dst-type LOCAL` and whether the routing decision
/// after PREROUTING delivers locally (INPUT) or forwards (FORWARD); 127.0.0.0/8 and ::1 are
/// always local. `ipsets` are the named sets `-m set` consults (iptables-save does not
/// print them); `recent` holds, per `-m recent` list name, the addresses seen within the
/// rule's `--seconds` window (session affinity: a client that connected before).
public struct NetfilterHost: Sendable {
    public var localAddresses: Set<IPAddress>
    public var ipsets: [String: IPSet]
    public var recent: [String: Set<IPAddress>]

    public init(localAddresses: Set<IPAddress> = [], ipsets: [String: IPSet] = [:], recent: [String: Set<IPAddress>] = [:]) {
        self.localAddresses = localAddresses; self.ipsets = ipsets; self.recent = recent
    }

    public func isLocal(_ ip: IPAddress) -> Bool { ip.isLoopback || localAddresses.contains(ip) }
}

/// A named ipset (`ipset create NAME TYPE`), with the members `ipset list` would show.
/// Types as ipvs-mode kube-proxy uses them: hash:ip, hash:ip,port, hash:ip,port,ip,
/// hash:ip,port,net, hash:net, bitmap:port.
public struct IPSet: Sendable, Hashable {
    public var name: String
    public var type: String
    public var comment: String
    public var entries: [Entry]

    /// One member; which fields are set depends on the type.
    public struct Entry: Sendable, Hashable {
        public var address: IPPrefix?
        public var proto: String?
        public var port: Int?
        public var address2: IPPrefix?
        public var text: String
        public init(address: IPPrefix? = nil, proto: String? = nil, port: Int? = nil, address2: IPPrefix? = nil, text: String) {
            self.address = address; self.proto = proto; self.port = port; self.address2 = address2; self.text = text
        }
    }

    public init(name: String, type: String, comment: String = "", entries: [Entry] = []) {
        self.name = name; self.type = type; self.comment = comment; self.entries = entries
    }

    /// `-m set --match-set NAME dir1,dir2…`: dimension i of the set takes the packet's
    /// source or destination according to dir i (xt_set / ip_set_test).
    public func contains(_ p: Packet, directions: [SetDirection]) -> Bool {
        func addr(_ i: Int) -> IPAddress { (i < directions.count ? directions[i] : .src) == .src ? p.source : p.destination }
        func port(_ i: Int) -> Int { (i < directions.count ? directions[i] : .src) == .src ? p.sourcePort : p.destinationPort }
        let proto = p.proto.lowercased
        switch type {
        case "bitmap:port":
            return entries.contains { $0.port == port(0) }
        case "hash:ip", "hash:net":
            return entries.contains { $0.address?.contains(addr(0)) ?? false }
        case "hash:ip,port":
            return entries.contains { ($0.address?.contains(addr(0)) ?? false) && $0.port == port(1) && ($0.proto ?? "tcp") == proto }
        case "hash:ip,port,ip", "hash:ip,port,net":
            return entries.contains {
                ($0.address?.contains(addr(0)) ?? false) && $0.port == port(1) && ($0.proto ?? "tcp") == proto
                    && ($0.address2?.contains(addr(2)) ?? false)
            }
        default:
            return false
        }
    }
}
