import ClusterModel
import NetCore

/// A large cluster built in code for the trace benchmark: `nodes` flannel/VXLAN nodes,
/// `services` ClusterIP Services with two ready pods each (spread across nodes), an
/// ingress-nginx controller behind NodePort 30080, and one Ingress whose host rules point
/// at the first 1,000 Services. No YAML parsing, so building it takes well under a second.
public enum SyntheticTraceCluster {
    public static func make(services: Int = 10_000, nodes nodeCount: Int = 10) -> Cluster {
        var net = ClusterNetwork(name: "synthetic-\(services)")
        net.cni = .init(plugin: "flannel", bridge: "cni0", ipam: "host-local", encapsulation: "vxlan", mtu: 1500)
        net.podCIDR = IPPrefix(address: .v4(IPv4Address(10, 128, 0, 0)), length: 9)
        net.kubeProxy.clusterCIDR = net.podCIDR
        net.nodeCIDRMaskSize = 20
        var c = Cluster(network: net)
        for i in 0..<nodeCount {
            let name = "node" + (i + 1 < 10 ? "0" : "") + "\(i + 1)"
            let cidr = IPPrefix(address: .v4(IPv4Address(UInt32(10 << 24 | 128 << 16) + UInt32(i) << 12)), length: 20)
            c.nodes.append(ClusterNode(meta: ObjectMeta(name: name), podCIDRs: [cidr],
                                       addresses: [.init(type: "InternalIP", address: "192.168.100.\(i + 11)")]))
        }
        var nextHost = [UInt32](repeating: 2, count: nodeCount)
        func addPod(_ ns: String, _ name: String, labels: [String: String], node: Int, port: Int, image: String? = nil) -> (IPAddress, String) {
            let base = UInt32(10 << 24 | 128 << 16) + UInt32(node) << 12
            let ip = IPAddress.v4(IPv4Address(base + nextHost[node]))
            nextHost[node] += 1
            let nodeName = c.nodes[node].name
            c.pods.append(Pod(meta: ObjectMeta(name: name, namespace: ns, labels: labels),
                              spec: PodSpec(nodeName: nodeName, containers: [Container(name: "app", image: image, ports: [ContainerPort(containerPort: port)])]),
                              podIPs: [ip], hostIP: c.nodes[node].internalIP, ready: true))
            return (ip, nodeName)
        }
        var ingressPaths: [IngressRule] = []
        for s in 0..<services {
            let name = "svc-\(s)"
            var eps: [EndpointSlice.Endpoint] = []
            for r in 0..<2 {
                let node = (s * 2 + r + 1) % nodeCount
                let (ip, nodeName) = addPod("default", "\(name)-\(r)", labels: ["app": name], node: node, port: 8080)
                eps.append(.init(addresses: [ip], ready: true, nodeName: nodeName, targetPod: "default/\(name)-\(r)"))
            }
            let vip = IPAddress.v4(IPv4Address(UInt32(10 << 24 | 96 << 16) + UInt32(s + 100)))
            c.services.append(Service(meta: ObjectMeta(name: name, namespace: "default"), clusterIPs: [vip],
                                      ports: [ServicePort(proto: .tcp, port: 80, targetPort: .number(8080))], selector: ["app": name]))
            c.endpointSlices.append(EndpointSlice(meta: ObjectMeta(name: "\(name)-abcde", namespace: "default", labels: ["kubernetes.io/service-name": name]),
                                                  endpoints: eps, ports: [.init(name: "", port: 8080)]))
            if s < 1000 {
                ingressPaths.append(IngressRule(host: "\(name).example.com", paths: [IngressPath(path: "/", pathType: "Prefix", backend: IngressBackend(serviceName: name, portNumber: 80))]))
            }
        }
        let (ctrlIP, ctrlNode) = addPod("ingress-nginx", "ingress-nginx-controller-0",
                                        labels: ["app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/component": "controller"],
                                        node: 0, port: 80, image: "registry.k8s.io/ingress-nginx/controller:v1.11.2")
        c.services.append(Service(meta: ObjectMeta(name: "ingress-nginx-controller", namespace: "ingress-nginx"), type: .NodePort,
                                  clusterIPs: [.v4(IPv4Address(10, 96, 0, 50))], ports: [ServicePort(name: "http", proto: .tcp, port: 80, targetPort: .number(80), nodePort: 30080)],
                                  selector: ["app.kubernetes.io/name": "ingress-nginx"]))
        c.endpointSlices.append(EndpointSlice(meta: ObjectMeta(name: "ingress-nginx-controller-x", namespace: "ingress-nginx",
                                                               labels: ["kubernetes.io/service-name": "ingress-nginx-controller"]),
                                              endpoints: [.init(addresses: [ctrlIP], ready: true, nodeName: ctrlNode, targetPod: "ingress-nginx/ingress-nginx-controller-0")],
                                              ports: [.init(name: "http", port: 80)]))
        c.ingressClasses.append(IngressClass(meta: ObjectMeta(name: "nginx"), controller: "k8s.io/ingress-nginx"))
        c.ingresses.append(Ingress(meta: ObjectMeta(name: "many", namespace: "default"), ingressClassName: "nginx", rules: ingressPaths))
        c.reindex()
        return c
    }
}
