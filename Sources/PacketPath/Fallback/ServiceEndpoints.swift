import ClusterModel
import NetCore

/// A Service port's usable endpoints as kube-proxy computes them
/// (`pkg/proxy/topology.go` CategorizeEndpoints, without topology hints): ready
/// endpoints, or, when none is ready, the serving-and-terminating ones; sorted by their
/// `ip:port` text, the order kube-proxy writes them in.
struct ServiceEndpoint: Hashable, Sendable {
    var ip: IPAddress
    var port: Int
    var nodeName: String?
    var pod: String?
    var text: String { ip.withPort(port) }
}

enum ServiceEndpoints {
    /// The service port name kube-proxy hashes and prints: `ns/name` or `ns/name:port`.
    static func portName(_ service: Service, _ port: ServicePort) -> String {
        let base = "\(service.namespace)/\(service.name)"
        if let n = port.name, !n.isEmpty { return "\(base):\(n)" }
        return base
    }

    static func usable(_ cluster: Cluster, service: Service, port: ServicePort) -> [ServiceEndpoint] {
        var ready: [ServiceEndpoint] = []
        var terminating: [ServiceEndpoint] = []
        let wanted = port.name ?? ""
        for slice in cluster.endpointSlices(for: service) {
            guard let sp = slice.ports.first(where: { ($0.name ?? "") == wanted && $0.proto == port.proto }), let number = sp.port else { continue }
            for e in slice.endpoints {
                for ip in e.addresses.prefix(1) {
                    let pod = e.targetPod ?? cluster.pod(withIP: ip).map { "\($0.namespace)/\($0.name)" }
                    let ep = ServiceEndpoint(ip: ip, port: number, nodeName: e.nodeName ?? cluster.pod(withIP: ip)?.spec.nodeName, pod: pod)
                    if e.ready { ready.append(ep) } else if e.serving && e.terminating { terminating.append(ep) }
                }
            }
        }
        let chosen = ready.isEmpty ? terminating : ready
        var seen = Set<String>()
        return chosen.filter { seen.insert($0.text).inserted }.sorted { $0.text < $1.text }
    }
}

/// kube-proxy's chain names (`servicePortChainName`, `servicePortEndpointChainName` in
/// pkg/proxy/iptables/proxier.go): `PREFIX-` + the first 16 characters of base32(SHA-256).
enum KubeProxyNames {
    static func hash(_ input: String) -> String { String(Base32.encode(SHA256.hash(Array(input.utf8))).prefix(16)) }
    static func svc(_ portName: String, _ proto: TransportProtocol) -> String { "KUBE-SVC-" + hash(portName + proto.lowercased) }
    static func svl(_ portName: String, _ proto: TransportProtocol) -> String { "KUBE-SVL-" + hash(portName + proto.lowercased) }
    static func ext(_ portName: String, _ proto: TransportProtocol) -> String { "KUBE-EXT-" + hash(portName + proto.lowercased) }
    static func sep(_ portName: String, _ proto: TransportProtocol, _ endpoint: String) -> String {
        "KUBE-SEP-" + hash(portName + proto.lowercased + endpoint)
    }

    /// `1/m` with exactly ten decimals, as kube-proxy prints `--probability`.
    static func probability(_ m: Int) -> String {
        guard m > 0 else { return "1.0000000000" }
        let scaled = (10_000_000_000 + m / 2) / m
        if scaled >= 10_000_000_000 { return "1.0000000000" }
        let digits = String(scaled)
        return "0." + String(repeating: "0", count: 10 - digits.count) + digits
    }
}
