/// An IP address of either family, as Kubernetes objects carry them (`podIP`, `clusterIP`,
/// `status.addresses[].address`).
public enum IPAddress: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    case v4(IPv4Address)
    case v6(IPv6Address)

    public init?(_ text: Substring) {
        if let a = IPv4Address(text) { self = .v4(a) }
        else if text.contains(":"), let a = IPv6Address(text) { self = .v6(a) }
        else { return nil }
    }

    public init?(_ text: String) { self.init(Substring(text)) }

    public var family: IPFamily {
        switch self {
        case .v4: return .ipv4
        case .v6: return .ipv6
        }
    }

    public var description: String {
        switch self {
        case .v4(let a): return a.description
        case .v6(let a): return a.description
        }
    }

    /// `ip:port`, with IPv6 in brackets (`[fd00::1]:80`) as kube-proxy and URLs write it.
    public func withPort(_ port: Int) -> String {
        switch self {
        case .v4(let a): return "\(a):\(port)"
        case .v6(let a): return "[\(a)]:\(port)"
        }
    }

    public var isLoopback: Bool {
        switch self {
        case .v4(let a): return a.isLoopback
        case .v6(let a): return a.isLoopback
        }
    }

    public var v4: IPv4Address? {
        if case .v4(let a) = self { return a }
        return nil
    }

    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        switch (lhs, rhs) {
        case (.v4(let a), .v4(let b)): return a < b
        case (.v6(let a), .v6(let b)): return a < b
        case (.v4, .v6): return true
        case (.v6, .v4): return false
        }
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = IPAddress(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an IP address: \(text)"))
        }
        self = parsed
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// The address family, spelled as Kubernetes spells `ipFamilies`.
public enum IPFamily: String, Hashable, Sendable, Codable {
    case ipv4 = "IPv4"
    case ipv6 = "IPv6"
}
