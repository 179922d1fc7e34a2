import ClusterModel
import NetCore

/// A large synthetic cluster for the DNS lookup benchmark (`kubewalk bench dns`): `services`
/// ClusterIP Services spread over 100 namespaces, each with one ready endpoint and a named
/// port, plus kube-dns with two CoreDNS endpoints. Built directly (no YAML), deterministic.
public enum SyntheticDNSCluster {
    public static func make(services: Int, namespaces: Int = 100) -> Cluster {
        var c = Cluster(network: ClusterNetwork(name: "synthetic-dns"))
        let nsCount = max(1, namespaces)
        for i in 0..<nsCount { c.namespaces.append(Namespace(meta: ObjectMeta(name: "ns-\(i)"))) }
        c.namespaces.append(Namespace(meta: ObjectMeta(name: "kube-system")))
        c.nodes.append(ClusterNode(meta: ObjectMeta(name: "node01"), podCIDRs: [], addresses: [.init(type: "InternalIP", address: "192.168.0.11")]))
        c.pods.append(Pod(meta: ObjectMeta(name: "client", namespace: "ns-0"), spec: PodSpec(nodeName: "node01"),
                          podIPs: [.v4(IPv4Address(10, 244, 255, 2))], ready: true))
        let dns = Service(meta: ObjectMeta(name: "kube-dns", namespace: "kube-system"), clusterIPs: [.v4(IPv4Address(10, 96, 0, 10))],
                          ports: [ServicePort(name: "dns", proto: .udp, port: 53)], selector: ["k8s-app": "kube-dns"])
        c.services.append(dns)
        c.endpointSlices.append(EndpointSlice(meta: ObjectMeta(name: "kube-dns-a", namespace: "kube-system", labels: ["kubernetes.io/service-name": "kube-dns"]),
                                              endpoints: [.init(addresses: [.v4(IPv4Address(10, 244, 0, 2))]), .init(addresses: [.v4(IPv4Address(10, 244, 0, 3))])],
                                              ports: [.init(name: "dns", port: 53, proto: .udp)]))
        for i in 0..<services {
            let ns = "ns-\(i % nsCount)"
            let ip = IPv4Address(UInt32(10 << 24 | 96 << 16) + UInt32(1000 + i))
            let podIP = IPv4Address(UInt32(10 << 24 | 245 << 16) + UInt32(i))
            c.services.append(Service(meta: ObjectMeta(name: "svc-\(i)", namespace: ns), clusterIPs: [.v4(ip)],
                                      ports: [ServicePort(name: "http", port: 80)], selector: ["app": "svc-\(i)"]))
            c.endpointSlices.append(EndpointSlice(meta: ObjectMeta(name: "svc-\(i)-x", namespace: ns, labels: ["kubernetes.io/service-name": "svc-\(i)"]),
                                                  endpoints: [.init(addresses: [.v4(podIP)])], ports: [.init(name: "http", port: 8080)]))
        }
        c.reindex()
        return c
    }

    /// A deterministic mix of questions: 70 % Service A hits, 10 % SRV, 10 % NXDOMAIN, 10 % PTR.
    public static func questions(services: Int, count: Int, namespaces: Int = 100) -> [DNSQuestion] {
        (0..<count).map { k in
            let i = (k &* 7919) % max(1, services)
            let ns = "ns-\(i % max(1, namespaces))"
            switch k % 10 {
            case 7: return DNSQuestion(name: "_http._tcp.svc-\(i).\(ns).svc.cluster.local.", type: .SRV)
            case 8: return DNSQuestion(name: "missing-\(i).\(ns).svc.cluster.local.", type: .A)
            case 9: return DNSQuestion(name: DNSName.reverseName(of: .v4(IPv4Address(UInt32(10 << 24 | 96 << 16) + UInt32(1000 + i)))), type: .PTR)
            default: return DNSQuestion(name: "svc-\(i).\(ns).svc.cluster.local.", type: .A)
            }
        }
    }
}
