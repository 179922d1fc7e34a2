import NetCore

/// Chain names kube-proxy derives by hashing (pkg/proxy/iptables/proxier.go
/// `servicePortChainNameBase`, `servicePortEndpointChainName`; reference §4): the first 16
/// characters of base32(SHA-256(input)), after a prefix.
public enum ChainNames {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// `base32(sha256(s))[0..<16]`: the first 16 base32 characters encode exactly the first
    /// 10 digest bytes, so only those are encoded (same result as `Base32.encode(…).prefix(16)`).
    public static func hash(_ s: String) -> String {
        let digest = SHA256.hash(Array(s.utf8))
        var bits: UInt64 = 0
        var out = [UInt8](repeating: 0, count: 16)
        // Two groups of 5 bytes = 40 bits = 8 characters each.
        for group in 0..<2 {
            bits = 0
            for k in 0..<5 { bits = bits << 8 | UInt64(digest[group * 5 + k]) }
            for c in 0..<8 { out[group * 8 + c] = alphabet[Int((bits >> UInt64(35 - 5 * c)) & 31)] }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The per-Service-port hash `h` of `KUBE-SVC-h`, `KUBE-SVL-h`, `KUBE-EXT-h`, `KUBE-FW-h`.
    public static func serviceHash(_ portName: String, _ proto: TransportProtocol) -> String {
        hash(portName + proto.lowercased)
    }

    public static func svc(_ portName: String, _ proto: TransportProtocol) -> String { "KUBE-SVC-" + serviceHash(portName, proto) }
    public static func svl(_ portName: String, _ proto: TransportProtocol) -> String { "KUBE-SVL-" + serviceHash(portName, proto) }
    public static func ext(_ portName: String, _ proto: TransportProtocol) -> String { "KUBE-EXT-" + serviceHash(portName, proto) }
    public static func fw(_ portName: String, _ proto: TransportProtocol) -> String { "KUBE-FW-" + serviceHash(portName, proto) }

    /// The four per-Service-port chain names from one hash (the proxier needs all of them).
    struct ServiceChains {
        var svc, svl, ext, fw: String
        init(_ portName: String, _ proto: TransportProtocol) {
            let h = ChainNames.serviceHash(portName, proto)
            svc = "KUBE-SVC-" + h; svl = "KUBE-SVL-" + h; ext = "KUBE-EXT-" + h; fw = "KUBE-FW-" + h
        }
    }

    /// `KUBE-SEP-` + hash of `name + protocol + ip:port`.
    public static func sep(_ portName: String, _ proto: TransportProtocol, endpoint: String) -> String {
        "KUBE-SEP-" + hash(portName + proto.lowercased + endpoint)
    }
}
