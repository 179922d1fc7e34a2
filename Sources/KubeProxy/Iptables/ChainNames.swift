import NetCore

/// Chain names kube-proxy derives by hashing (pkg/proxy/iptables/proxier.go
/// `servicePortChainNameBase`, `servicePortEndpointChainName`; reference §4): the first 16
/// characters of base32(SHA-256(input)), after a prefix.
public enum ChainNames {
    /// `base32(sha256(s))[0..<16]`.
    public static func hash(_ s: String) -> String {
        String(Base32.encode(SHA256.hash(Array(s.utf8))).prefix(16))
    }

    /// The per-Service-port hash `h` of `KUBE-SVC-h`, `KUBE-SVL-h`, `KUBE-EXT-h`, `KUBE-FW-h`.
    public static func serviceHash(_ portName: String, _ proto: TransportProtocol) -> String {
        hash(portName + proto.lowercased)
    }

    public static func svc(_ portName: String, _ proto: TransportProtocol) -> String { "KUBE-SVC-" + serviceHash(portName, proto) }
    public static func svl(_ portName: String, _ proto: TransportProtocol) -> String { "KUBE-SVL-" + serviceHash(portName, proto) }
    public static func ext(_ portName: String, _ proto: TransportProtocol) -> String { "KUBE-EXT-" + serviceHash(portName, proto) }
    public static func fw(_ portName: String, _ proto: TransportProtocol) -> String { "KUBE-FW-" + serviceHash(portName, proto) }

    /// `KUBE-SEP-` + hash of `name + protocol + ip:port`.
    public static func sep(_ portName: String, _ proto: TransportProtocol, endpoint: String) -> String {
        "KUBE-SEP-" + hash(portName + proto.lowercased + endpoint)
    }
}
