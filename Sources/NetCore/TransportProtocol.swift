/// The L4 protocol of a Service or container port: `protocol: TCP|UDP|SCTP` in the API,
/// `-p tcp|udp|sctp` in iptables.
public enum TransportProtocol: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case tcp = "TCP"
    case udp = "UDP"
    case sctp = "SCTP"

    /// Accepts the API spelling (`TCP`) and the iptables one (`tcp`).
    public init?(loose text: String) {
        switch text.lowercased() {
        case "tcp": self = .tcp
        case "udp": self = .udp
        case "sctp": self = .sctp
        default: return nil
        }
    }

    /// Lower case, as iptables and kube-proxy's hash input write it.
    public var lowercased: String { rawValue.lowercased() }

    public var description: String { rawValue }
}

/// An inclusive port range such as the NodePort range `30000-32767`.
public struct PortRange: Hashable, Sendable, Codable, CustomStringConvertible {
    public var lower: Int
    public var upper: Int

    public init(lower: Int, upper: Int) {
        self.lower = lower
        self.upper = upper
    }

    /// Parses `30000-32767` (also a single port).
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 1, let p = Int(parts[0]), (0...65535).contains(p) {
            self.init(lower: p, upper: p)
        } else if parts.count == 2, let a = Int(parts[0].trimmingSpaces), let b = Int(parts[1].trimmingSpaces),
                  (0...65535).contains(a), (0...65535).contains(b), a <= b {
            self.init(lower: a, upper: b)
        } else {
            return nil
        }
    }

    public func contains(_ port: Int) -> Bool { port >= lower && port <= upper }

    public var count: Int { upper - lower + 1 }

    public var description: String { "\(lower)-\(upper)" }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return s
    }
}
