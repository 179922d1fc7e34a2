import NetCore

/// Domain-name helpers shared by the stub resolvers and CoreDNS (RFC 1035 §2.3.4: labels of
/// 1–63 octets, at most 255 octets on the wire, i.e. 253 characters of text without the root dot).
public enum DNSName {
    /// `name` with exactly one trailing dot (`web.shop.svc.cluster.local.`); the root stays `.`.
    public static func fullyQualified(_ name: String) -> String {
        if name.isEmpty { return "." }
        return name.hasSuffix(".") ? name : name + "."
    }

    /// The lower-case form without the trailing dot, used as an index key (matching is
    /// case-insensitive, RFC 4343).
    public static func key(_ name: String) -> String {
        var s = name.lowercased()
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// The number of `.` characters, as glibc and musl count them for `ndots`.
    public static func dots(_ name: String) -> Int {
        var n = 0
        for b in name.utf8 where b == UInt8(ascii: ".") { n += 1 }
        return n
    }

    /// True when `name` is `zone` or lies under it (both as keys: lower case, no trailing dot;
    /// the root zone is the empty string).
    public static func isWithin(_ name: String, zone: String) -> Bool {
        if zone.isEmpty { return true }
        if name == zone { return true }
        return name.hasSuffix(zone) && name.utf8.count > zone.utf8.count
            && name.utf8[name.utf8.index(name.utf8.endIndex, offsetBy: -zone.utf8.count - 1)] == UInt8(ascii: ".")
    }

    /// Why `name` cannot be put on the wire at all (`ns_name_pton`/`dn_comp` in glibc,
    /// `__res_mkquery` in musl): an empty label, a label over 63 octets, or more than 253
    /// characters; nil when it can.
    public static func wireProblem(_ name: String) -> String? {
        var text = Substring(name)
        if text == "." { return nil }
        if text.hasSuffix(".") { text = text.dropLast() }
        if text.isEmpty { return "the name is empty" }
        if text.utf8.count > 253 {
            return "the name is \(text.utf8.count) characters long; DNS allows at most 253 (255 octets on the wire)"
        }
        for label in text.split(separator: ".", omittingEmptySubsequences: false) {
            if label.isEmpty { return "the name has an empty label (two dots in a row, or a leading dot)" }
            if label.utf8.count > 63 { return "the label \"\(label.prefix(20))…\" is \(label.utf8.count) octets long; a DNS label holds at most 63" }
        }
        return nil
    }

    /// glibc's check of a name given to getaddrinfo (`res_hnok`, applied by nss_dns before any
    /// query since glibc 2.34): printable ASCII that converts to wire form, every label made of
    /// letters, digits, `-` and `_`, and the first label not starting with `-`.
    /// Verified against Debian's glibc 2.36 by the differential test.
    public static func glibcHostnameProblem(_ name: String) -> String? {
        for b in name.utf8 where b <= 0x20 || b > 0x7e {
            return b >= 0x80 ? "the name is not ASCII (glibc converts it with IDNA only when asked to; kubewalk does not model that)"
                             : "the name contains a space or control character"
        }
        if let wire = wireProblem(name) { return wire }
        if name.hasPrefix("-") { return "the first label starts with \"-\"" }
        for b in name.utf8 where !(isAlnum(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: ".")) {
            return "the character \"\(Character(Unicode.Scalar(b)))\" is not allowed in a host name (letters, digits, \"-\" and \"_\" only)"
        }
        return nil
    }

    /// musl's check (`is_valid_hostname` and `__res_mkquery`): 1–254 characters of letters,
    /// digits, `-`, `.` or bytes ≥ 0x80, and a name that converts to wire form. musl rejects `_`.
    public static func muslHostnameProblem(_ name: String) -> String? {
        let n = name.utf8.count
        if n == 0 || n >= 255 { return "the name is \(n) characters long; musl accepts 1 to 254" }
        for b in name.utf8 where !(isAlnum(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || b >= 0x80) {
            return "the character \"\(Character(Unicode.Scalar(b)))\" is not allowed by musl (letters, digits, \"-\" and \".\" only; musl rejects \"_\")"
        }
        return wireProblem(name)
    }

    static func isAlnum(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
    }

    /// The reverse-lookup name of `ip`: `7.3.244.10.in-addr.arpa.` (RFC 1035 §3.5) or the
    /// nibble form under `ip6.arpa.` (RFC 3596 §2.5).
    public static func reverseName(of ip: IPAddress) -> String {
        switch ip {
        case .v4(let a):
            let o = a.octets
            return "\(o.3).\(o.2).\(o.1).\(o.0).in-addr.arpa."
        case .v6(let a):
            var nibbles: [String] = []
            for half in [a.low, a.high] {
                var v = half
                for _ in 0..<16 { nibbles.append(String(v & 0xf, radix: 16)); v >>= 4 }
            }
            return nibbles.joined(separator: ".") + ".ip6.arpa."
        }
    }

    /// The address a complete reverse name stands for (key form); nil for partial names.
    public static func address(fromReverse key: String) -> IPAddress? {
        if key.hasSuffix(".in-addr.arpa") {
            let parts = key.dropLast(".in-addr.arpa".count).split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4 else { return nil }
            var octets: [UInt8] = []
            for p in parts.reversed() {
                guard let o = UInt8(p), p.count == 1 || !p.hasPrefix("0") else { return nil }
                octets.append(o)
            }
            return .v4(IPv4Address(octets[0], octets[1], octets[2], octets[3]))
        }
        if key.hasSuffix(".ip6.arpa") {
            let parts = key.dropLast(".ip6.arpa".count).split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 32, parts.allSatisfy({ $0.count == 1 }) else { return nil }
            let hex = parts.reversed().joined()
            var groups: [String] = []
            var i = hex.startIndex
            while i < hex.endIndex {
                let j = hex.index(i, offsetBy: 4)
                groups.append(String(hex[i..<j]))
                i = j
            }
            return IPAddress(groups.joined(separator: ":"))
        }
        return nil
    }

    /// The endpoint label CoreDNS gives an address without a hostname: `10-244-3-7`;
    /// IPv6 with `:` replaced by `-` and a `0` appended after a trailing `-`.
    public static func dashed(_ ip: IPAddress) -> String {
        switch ip {
        case .v4(let a): return a.description.replacingOccurrences(".", with: "-")
        case .v6(let a):
            let s = a.description.replacingOccurrences(":", with: "-")
            return s.hasSuffix("-") ? s + "0" : s
        }
    }

    /// Reads a pod-record label (`10-244-3-7`) as the kubernetes plugin does: exactly three
    /// dashes and no `--` is IPv4; anything else becomes IPv6 with `-` read as `:`.
    public static func address(fromDashed label: String) -> IPAddress? {
        let dashes = label.utf8.filter { $0 == UInt8(ascii: "-") }.count
        if dashes == 3 && !label.contains("--") {
            return IPv4Address(label.replacingOccurrences("-", with: ".")).map { .v4($0) }
        }
        return IPv6Address(label.replacingOccurrences("-", with: ":")).map { .v6($0) }
    }
}

extension String {
    /// Foundation-free `replacingOccurrences(of:with:)` for single characters.
    func replacingOccurrences(_ target: Character, with replacement: String) -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for c in self {
            if c == target { out += replacement } else { out.append(c) }
        }
        return out
    }
}
