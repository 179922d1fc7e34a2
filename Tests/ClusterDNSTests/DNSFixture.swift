import ClusterDNS
import ClusterModel
import XCTest

/// The example cluster of `reference/dns.md` §5, plus pods for every dnsPolicy.
enum DNSFixture {
    static let network = """
    apiVersion: kubewalk.io/v1alpha1
    kind: ClusterNetwork
    metadata: {name: dns-example}
    spec:
      nodeResolvConf:
        nameservers: [192.168.0.2]
        search: [corp.example., cluster.local]
        options: [timeout:2, ndots:1]
      upstreamDNS:
        api.payments.example: [198.51.100.8]
        example.org: [93.184.215.14, "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]
    ---
    apiVersion: v1
    kind: Namespace
    metadata: {name: shop}
    ---
    apiVersion: v1
    kind: Namespace
    metadata: {name: ops}
    ---
    apiVersion: v1
    kind: Namespace
    metadata: {name: kube-system}
    ---
    apiVersion: v1
    kind: Node
    metadata: {name: node01}
    spec: {podCIDR: 10.244.1.0/24}
    status: {addresses: [{type: InternalIP, address: 192.168.0.11}]}
    ---
    apiVersion: v1
    kind: Node
    metadata: {name: node00}
    spec: {podCIDR: 10.244.0.0/24}
    status: {addresses: [{type: InternalIP, address: 192.168.0.20}]}
    ---
    apiVersion: v1
    kind: Node
    metadata: {name: node03}
    spec: {podCIDR: 10.244.3.0/24}
    status: {addresses: [{type: InternalIP, address: 192.168.0.23}]}
    ---
    apiVersion: v1
    kind: Node
    metadata: {name: node04}
    spec: {podCIDR: 10.244.4.0/24}
    status: {addresses: [{type: InternalIP, address: 192.168.0.24}]}
    """

    static let pods = """
    apiVersion: v1
    kind: Pod
    metadata: {name: client, namespace: shop}
    spec: {nodeName: node01, containers: [{name: c, image: debian}]}
    status: {podIP: 10.244.1.10}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: client, namespace: ops}
    spec: {nodeName: node01, containers: [{name: c, image: debian}]}
    status: {podIP: 10.244.1.11}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: alpine, namespace: shop, annotations: {kubewalk.io/resolver: musl}}
    spec: {nodeName: node01, containers: [{name: c, image: alpine}]}
    status: {podIP: 10.244.1.12}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: cart-7d9f, namespace: shop, labels: {app: cart}}
    spec: {nodeName: node03, containers: [{name: c, ports: [{name: grpc, containerPort: 9090}]}]}
    status: {podIP: 10.244.3.7}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: kafka-0, namespace: shop, labels: {app: kafka}}
    spec: {nodeName: node03, hostname: kafka-0, subdomain: kafka, containers: [{name: c, ports: [{name: broker, containerPort: 9092}]}]}
    status: {podIP: 10.244.3.20}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: kafka-1, namespace: shop, labels: {app: kafka}}
    spec: {nodeName: node04, hostname: kafka-1, subdomain: kafka, containers: [{name: c, ports: [{name: broker, containerPort: 9092}]}]}
    status: {podIP: 10.244.4.21}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: batch-x, namespace: ops, labels: {app: batch}}
    spec: {nodeName: node04, containers: [{name: c}]}
    status: {podIP: 10.244.4.30, conditions: [{type: Ready, status: "False"}]}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: coredns-a, namespace: kube-system, labels: {k8s-app: kube-dns}}
    spec: {nodeName: node00, dnsPolicy: Default, containers: [{name: coredns, ports: [{name: dns, containerPort: 53, protocol: UDP}]}]}
    status: {podIP: 10.244.0.3}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: coredns-b, namespace: kube-system, labels: {k8s-app: kube-dns}}
    spec: {nodeName: node00, dnsPolicy: Default, containers: [{name: coredns, ports: [{name: dns, containerPort: 53, protocol: UDP}]}]}
    status: {podIP: 10.244.0.12}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: hostnet, namespace: ops}
    spec: {nodeName: node01, hostNetwork: true, containers: [{name: c}]}
    status: {podIP: 192.168.0.11}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: hostnet-cluster, namespace: ops}
    spec: {nodeName: node01, hostNetwork: true, dnsPolicy: ClusterFirstWithHostNet, containers: [{name: c}]}
    status: {podIP: 192.168.0.11}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: custom, namespace: shop}
    spec:
      nodeName: node01
      dnsPolicy: None
      dnsConfig:
        nameservers: [1.1.1.1]
        searches: [a.example, b.example]
        options: [{name: ndots, value: "2"}, {name: edns0}]
      containers: [{name: c}]
    status: {podIP: 10.244.1.20}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: tuned, namespace: shop}
    spec:
      nodeName: node01
      dnsConfig:
        nameservers: [10.96.0.10, 8.8.8.8]
        searches: [shop.svc.cluster.local, extra.example]
        options: [{name: ndots, value: "2"}, {name: single-request}]
      containers: [{name: c}]
    status: {podIP: 10.244.1.21}
    """

    static let services = """
    apiVersion: v1
    kind: Service
    metadata: {name: cart, namespace: shop}
    spec: {clusterIP: 10.96.7.7, selector: {app: cart}, ports: [{name: grpc, port: 9090, protocol: TCP}]}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: kafka, namespace: shop}
    spec: {clusterIP: None, selector: {app: kafka}, ports: [{name: broker, port: 9092}]}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: payments, namespace: shop}
    spec: {type: ExternalName, externalName: api.payments.example}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: batch, namespace: ops}
    spec: {clusterIP: None, selector: {app: batch}, ports: [{name: http, port: 80}]}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: kube-dns, namespace: kube-system}
    spec:
      clusterIP: 10.96.0.10
      selector: {k8s-app: kube-dns}
      ports:
      - {name: dns, port: 53, protocol: UDP, targetPort: 53}
      - {name: dns-tcp, port: 53, protocol: TCP, targetPort: 53}
      - {name: metrics, port: 9153, protocol: TCP}
    """

    static func files(extra: String = "", corefile: String? = nil) -> [SourceFile] {
        var files = [SourceFile(path: "dns/00-network.yaml", text: network),
                     SourceFile(path: "dns/10-pods.yaml", text: pods),
                     SourceFile(path: "dns/20-services.yaml", text: services)]
        if !extra.isEmpty { files.append(SourceFile(path: "dns/30-extra.yaml", text: extra)) }
        if let corefile {
            let indented = corefile.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
            files.append(SourceFile(path: "dns/40-coredns.yaml", text: """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: coredns, namespace: kube-system}
            data:
              Corefile: |
            \(indented)
            """))
        }
        return files
    }

    static func cluster(extra: String = "", corefile: String? = nil) -> Cluster {
        ClusterLoader.load(files: files(extra: extra, corefile: corefile), name: "dns-example")
    }

    static func pod(_ c: Cluster, _ ns: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> Pod {
        try XCTUnwrap(c.pod(namespace: ns, name: name), "fixture pod \(ns)/\(name)", file: file, line: line)
    }
}
