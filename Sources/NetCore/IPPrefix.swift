/// A CIDR block such as `10.244.0.0/16` (`podCIDR`, `serviceCIDR`, `-s`/`-d` in iptables).
///
/// The address is kept as written; `network` is it with the host bits cleared. Kubernetes
/// rejects CIDRs with host bits set in `podCIDR`, so the loader checks `isCanonical`.
public struct IPPrefix: Hashable, Sendable, Codable, CustomStringConvertible {
    public var address: IPAddress
    public var length: Int

    public init(address: IPAddress, length: Int) {
        self.address = address
        self.length = length
    }

    /// Parses `a.b.c.d/n` or `v6/n`; a bare address becomes a host prefix (/32 or /128),
    /// the way iptables reads `-s 10.0.0.1`.
    public init?(_ text: Substring, bareAddressAllowed: Bool = false) {
        if let slash = text.firstIndex(of: "/") {
            guard let addr = IPAddress(text[..<slash]) else { return nil }
            let lenText = text[text.index(after: slash)...]
            guard !lenText.isEmpty, lenText.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), lenText.count <= 3,
                  let len = Int(lenText) else { return nil }
            guard len <= addr.family.bits else { return nil }
            self.init(address: addr, length: len)
        } else {
            guard bareAddressAllowed, let addr = IPAddress(text) else { return nil }
            self.init(address: addr, length: addr.family.bits)
        }
    }

    public init?(_ text: String, bareAddressAllowed: Bool = false) {
        self.init(Substring(text), bareAddressAllowed: bareAddressAllowed)
    }

    public var family: IPFamily { address.family }

    public var network: IPAddress {
        switch address {
        case .v4(let a): return .v4(IPv4Address(a.value & IPPrefix.mask4(length)))
        case .v6(let a):
            let (mh, ml) = IPPrefix.mask6(length)
            return .v6(IPv6Address(high: a.high & mh, low: a.low & ml))
        }
    }

    /// True when no host bits are set (`10.244.1.0/24`, not `10.244.1.7/24`).
    public var isCanonical: Bool { network == address }

    public var description: String { "\(address)/\(length)" }

    /// Canonical text: the network address and length.
    public var canonical: IPPrefix { IPPrefix(address: network, length: length) }

    public func contains(_ ip: IPAddress) -> Bool {
        switch (address, ip) {
        case (.v4(let net), .v4(let a)):
            let m = IPPrefix.mask4(length)
            return net.value & m == a.value & m
        case (.v6(let net), .v6(let a)):
            let (mh, ml) = IPPrefix.mask6(length)
            return net.high & mh == a.high & mh && net.low & ml == a.low & ml
        default:
            return false
        }
    }

    public func contains(_ other: IPPrefix) -> Bool {
        other.family == family && other.length >= length && contains(other.address)
    }

    public func overlaps(_ other: IPPrefix) -> Bool {
        contains(other) || other.contains(self)
    }

    /// Number of addresses in an IPv4 prefix (nil for IPv6 wider than 2^62).
    public var size: UInt64? {
        let hostBits = family.bits - length
        return hostBits >= 63 ? nil : UInt64(1) << UInt64(hostBits)
    }

    /// The address `offset` places after the network address (IPv4 and IPv6).
    public func address(at offset: UInt64) -> IPAddress? {
        if let size, offset >= size { return nil }
        switch network {
        case .v4(let a): return .v4(IPv4Address(a.value &+ UInt32(truncatingIfNeeded: offset)))
        case .v6(let a):
            let (low, overflow) = a.low.addingReportingOverflow(offset)
            return .v6(IPv6Address(high: a.high &+ (overflow ? 1 : 0), low: low))
        }
    }

    /// Offset of `ip` from the network address, when `ip` is inside.
    public func offset(of ip: IPAddress) -> UInt64? {
        guard contains(ip) else { return nil }
        switch (network, ip) {
        case (.v4(let n), .v4(let a)): return UInt64(a.value - n.value)
        case (.v6(let n), .v6(let a)): return a.low &- n.low
        default: return nil
        }
    }

    /// The `index`-th sub-block of length `newLength` (e.g. node podCIDRs carved from the cluster CIDR).
    public func subnet(length newLength: Int, index: UInt64) -> IPPrefix? {
        guard newLength >= length, newLength <= family.bits else { return nil }
        let hostBits = family.bits - newLength
        let count = newLength - length >= 63 ? UInt64.max : UInt64(1) << UInt64(newLength - length)
        guard index < count else { return nil }
        switch network {
        case .v4(let n):
            let v = UInt64(n.value) + (index << UInt64(hostBits))
            return IPPrefix(address: .v4(IPv4Address(UInt32(truncatingIfNeeded: v))), length: newLength)
        case .v6(let n):
            guard hostBits < 64 else {
                let shift = UInt64(hostBits - 64)
                return IPPrefix(address: .v6(IPv6Address(high: n.high &+ (index << shift), low: 0)), length: newLength)
            }
            return IPPrefix(address: .v6(IPv6Address(high: n.high, low: n.low &+ (index << UInt64(hostBits)))), length: newLength)
        }
    }

    static func mask4(_ length: Int) -> UInt32 {
        length == 0 ? 0 : UInt32.max << UInt32(32 - length)
    }

    static func mask6(_ length: Int) -> (UInt64, UInt64) {
        if length == 0 { return (0, 0) }
        if length <= 64 { return (UInt64.max << UInt64(64 - length), 0) }
        if length == 128 { return (UInt64.max, UInt64.max) }
        return (UInt64.max, UInt64.max << UInt64(128 - length))
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = IPPrefix(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a CIDR: \(text)"))
        }
        self = parsed
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension IPFamily {
    public var bits: Int { self == .ipv4 ? 32 : 128 }
}
