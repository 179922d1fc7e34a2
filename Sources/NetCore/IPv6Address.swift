/// An IPv6 address as two 64-bit halves, most significant first.
///
/// Text forms follow RFC 4291 §2.2 (hex groups, one `::`, an embedded dotted IPv4 tail);
/// output follows RFC 5952 (lower case, longest zero run compressed, a single zero group
/// never compressed), which is what Kubernetes and `ip6tables-save` print.
public struct IPv6Address: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    public init?(_ text: Substring) {
        var groups: [UInt16] = []
        var gapIndex: Int? = nil
        var rest = text[...]
        if rest.hasPrefix("::") {
            gapIndex = 0
            rest = rest.dropFirst(2)
            if rest.isEmpty { self.init(high: 0, low: 0); return }
        } else if rest.hasPrefix(":") {
            return nil
        }
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        for (i, part) in parts.enumerated() {
            if part.isEmpty {
                // "a::b" splits into [a, "", b]; a trailing "::" gives [a, "", ""].
                if gapIndex != nil {
                    if i == parts.count - 1 && parts.count >= 2 && parts[parts.count - 2].isEmpty { continue }
                    return nil
                }
                gapIndex = groups.count
                continue
            }
            if i == parts.count - 1, part.contains(".") {
                guard let v4 = IPv4Address(part) else { return nil }
                groups.append(UInt16(v4.value >> 16))
                groups.append(UInt16(v4.value & 0xffff))
                continue
            }
            guard part.count <= 4, let g = UInt16(part, radix: 16) else { return nil }
            groups.append(g)
        }
        if let gap = gapIndex {
            guard groups.count < 8 else { return nil }
            groups.insert(contentsOf: Array(repeating: 0, count: 8 - groups.count), at: gap)
        }
        guard groups.count == 8 else { return nil }
        var h: UInt64 = 0
        var l: UInt64 = 0
        for i in 0..<4 { h = h << 16 | UInt64(groups[i]) }
        for i in 4..<8 { l = l << 16 | UInt64(groups[i]) }
        self.init(high: h, low: l)
    }

    public init?(_ text: String) { self.init(Substring(text)) }

    public var groups: [UInt16] {
        (0..<4).map { UInt16(truncatingIfNeeded: high >> (48 - 16 * UInt64($0))) }
            + (0..<4).map { UInt16(truncatingIfNeeded: low >> (48 - 16 * UInt64($0))) }
    }

    public var description: String {
        let g = groups
        var bestStart = -1, bestLen = 0, curStart = -1, curLen = 0
        for (i, v) in g.enumerated() {
            if v == 0 {
                if curStart < 0 { curStart = i; curLen = 0 }
                curLen += 1
                if curLen > bestLen { bestStart = curStart; bestLen = curLen }
            } else {
                curStart = -1
            }
        }
        if bestLen < 2 { bestStart = -1 }
        var out = ""
        var i = 0
        while i < 8 {
            if i == bestStart {
                out += "::"
                i += bestLen
                continue
            }
            if !out.isEmpty && !out.hasSuffix(":") { out += ":" }
            out += String(g[i], radix: 16)
            i += 1
        }
        return out
    }

    public static func < (lhs: IPv6Address, rhs: IPv6Address) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }

    public var isLoopback: Bool { high == 0 && low == 1 }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = IPv6Address(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an IPv6 address: \(text)"))
        }
        self = parsed
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
