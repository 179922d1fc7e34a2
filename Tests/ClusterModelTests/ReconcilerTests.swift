import ClusterModel
import NetCore
import TestSupport
import XCTest

/// "What the reconciler fills in" (input-format.md), rule by rule, and determinism.
final class ReconcilerTests: XCTestCase {
    static let files: [(String, String)] = [
        ("r/00-network.yaml", """
        apiVersion: kubewalk.io/v1alpha1
        kind: ClusterNetwork
        metadata: {name: recon}
        spec: {serviceCIDR: 10.96.0.0/12, podCIDR: 10.244.0.0/16}
        """),
        ("r/10-nodes.yaml", """
        apiVersion: v1
        kind: Node
        metadata: {name: controlplane, labels: {node-role.kubernetes.io/control-plane: ""}}
        spec: {taints: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]}
        status: {addresses: [{type: InternalIP, address: 192.168.0.10}]}
        ---
        apiVersion: v1
        kind: Node
        metadata: {name: node02}
        status: {addresses: [{type: InternalIP, address: 192.168.0.12}]}
        ---
        apiVersion: v1
        kind: Node
        metadata: {name: node01}
        status: {addresses: [{type: InternalIP, address: 192.168.0.11}]}
        """),
        ("r/20-apps.yaml", """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: wear}
        spec:
          replicas: 3
          selector: {matchLabels: {app: wear}}
          template:
            metadata: {labels: {app: wear}}
            spec: {containers: [{name: wear, image: wear:1, ports: [{name: http, containerPort: 8080}]}]}
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: mysql}
        spec:
          replicas: 2
          serviceName: mysql
          selector: {matchLabels: {app: mysql}}
          template:
            metadata: {labels: {app: mysql}}
            spec: {containers: [{name: mysql, image: mysql:8, ports: [{containerPort: 3306}]}]}
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: kube-proxy, namespace: kube-system}
        spec:
          selector: {matchLabels: {k8s-app: kube-proxy}}
          template:
            metadata: {labels: {k8s-app: kube-proxy}}
            spec: {hostNetwork: true, containers: [{name: kube-proxy, image: kube-proxy:1}]}
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent}
        spec:
          selector: {matchLabels: {app: agent}}
          template:
            metadata: {labels: {app: agent}}
            spec:
              tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}]
              containers: [{name: agent, image: agent:1}]
        """),
        ("r/30-services.yaml", """
        apiVersion: v1
        kind: Service
        metadata: {name: wear-service}
        spec:
          type: NodePort
          selector: {app: wear}
          ports: [{port: 80, targetPort: http}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: mysql}
        spec: {clusterIP: None, selector: {app: mysql}, ports: [{port: 3306}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: kube-dns, namespace: kube-system}
        spec: {ports: [{name: dns, port: 53, protocol: UDP}]}
        """),
    ]

    func testDeploymentStatefulSetAndDaemonSetPods() {
        let c = loadCluster(Self.files)
        let wear = c.pods.filter { $0.name.hasPrefix("wear-") }
        XCTAssertEqual(wear.count, 3)
        for p in wear {
            let parts = p.name.split(separator: "-")
            XCTAssertEqual(parts.count, 3, p.name)
            XCTAssertEqual(parts[1].count, 10, "pod-template-hash: \(p.name)")
            XCTAssertEqual(parts[2].count, 5, p.name)
            XCTAssertEqual(p.meta.labels["pod-template-hash"], String(parts[1]))
        }
        XCTAssertEqual(c.pods.filter { $0.name.hasPrefix("mysql-") }.map(\.name), ["mysql-0", "mysql-1"])
        XCTAssertEqual(c.pod(namespace: "default", name: "mysql-1")?.spec.hostname, "mysql-1")
        XCTAssertEqual(c.pod(namespace: "default", name: "mysql-1")?.spec.subdomain, "mysql")
        // kube-proxy does not tolerate the control-plane taint here; agent does.
        XCTAssertEqual(c.pods.filter { $0.name.hasPrefix("kube-proxy-") }.compactMap(\.spec.nodeName).sorted(), ["node01", "node02"])
        XCTAssertEqual(c.pods.filter { $0.name.hasPrefix("agent-") }.compactMap(\.spec.nodeName).sorted(), ["controlplane", "node01", "node02"])
    }

    func testSchedulingSpreadsAndSkipsTaintedControlPlane() {
        let c = loadCluster(Self.files)
        let placed = c.pods.filter { $0.name.hasPrefix("wear-") || $0.name.hasPrefix("mysql-") }.compactMap(\.spec.nodeName)
        XCTAssertFalse(placed.contains("controlplane"))
        let perNode = Dictionary(grouping: placed, by: { $0 }).mapValues(\.count)
        XCTAssertEqual(perNode.values.sorted(), [2, 3], "5 pods spread over 2 workers")
    }

    func testNodePodCIDRsAreConsecutiveBlocksInNameOrder() {
        let c = loadCluster(Self.files)
        XCTAssertEqual(c.nodes.map { "\($0.name)=\($0.podCIDRs.map(\.description).joined())" },
                       ["controlplane=10.244.0.0/24", "node01=10.244.1.0/24", "node02=10.244.2.0/24"])
    }

    func testPodIPsFromDot2AndHostNetworkTakesNodeIP() {
        let c = loadCluster(Self.files)
        for n in c.nodes {
            let ips = c.pods(onNode: n.name).filter { !$0.spec.hostNetwork }.compactMap(\.podIP).sorted()
            let cidr = n.podCIDRs[0]
            XCTAssertEqual(ips, (0..<ips.count).compactMap { cidr.address(at: UInt64(2 + $0)) }, "lowest free addresses from .2 on \(n.name)")
        }
        for p in c.pods where p.spec.hostNetwork {
            XCTAssertEqual(p.podIP, c.node(named: p.spec.nodeName ?? "")?.internalIP, p.name)
        }
    }

    func testClusterIPsAndNodePorts() {
        let c = loadCluster(Self.files)
        XCTAssertEqual(c.dnsService?.clusterIP?.description, "10.96.0.10", "the DNS service gets dnsServiceIP")
        let wear = c.service(namespace: "default", name: "wear-service")
        XCTAssertTrue(c.network.serviceCIDR.contains(wear?.clusterIP ?? .v4(IPv4Address(0))))
        let np = wear?.ports.first?.nodePort ?? 0
        XCTAssertTrue((30000...32767).contains(np), "nodePort \(np)")
        XCTAssertTrue(wear?.meta.filledIn.contains("spec.clusterIP") ?? false)
        XCTAssertEqual(c.service(namespace: "default", name: "mysql")?.clusterIPs, [], "headless stays headless")
    }

    func testEndpointSlicesResolveNamedTargetPortsAndReadiness() {
        let c = loadCluster(Self.files)
        let wear = c.service(namespace: "default", name: "wear-service")
        let slices = wear.map { c.endpointSlices(for: $0) } ?? []
        XCTAssertEqual(slices.count, 1)
        XCTAssertEqual(slices.first?.ports.map(\.port), [8080], "targetPort http → containerPort 8080")
        XCTAssertEqual(slices.first?.endpoints.count, 3)
        XCTAssertTrue(slices.first?.endpoints.allSatisfy { $0.ready && $0.serving && !$0.terminating } ?? false)
        let mysql = c.service(namespace: "default", name: "mysql").map { c.endpointSlices(for: $0) } ?? []
        XCTAssertEqual(mysql.first?.endpoints.compactMap(\.hostname).sorted(), ["mysql-0", "mysql-1"])
        XCTAssertEqual(c.diagnostics.errors.map(\.description), [])
    }

    func testValuesInTheInputWin() {
        var files = Self.files
        files.append(("r/40-fixed.yaml", """
        apiVersion: v1
        kind: Service
        metadata: {name: fixed}
        spec: {type: NodePort, clusterIP: 10.96.5.5, ports: [{port: 80, nodePort: 30999}]}
        """))
        let c = loadCluster(files)
        let s = c.service(namespace: "default", name: "fixed")
        XCTAssertEqual(s?.clusterIP?.description, "10.96.5.5")
        XCTAssertEqual(s?.ports.first?.nodePort, 30999)
        XCTAssertEqual(s?.meta.filledIn, [])
    }

    func testDeterministicAcrossRunsAndFileOrder() {
        func render(_ c: Cluster) -> String {
            var items: [KubeValue] = c.nodes.map(\.kubernetesValue) + c.pods.map(\.kubernetesValue) + c.services.map(\.kubernetesValue)
            items += c.endpointSlices.map(\.kubernetesValue) + c.namespaces.map(\.kubernetesValue)
            return KubernetesList.value(items).json()
        }
        let first = render(loadCluster(Self.files))
        XCTAssertEqual(first, render(loadCluster(Self.files)))
        XCTAssertEqual(first, render(loadCluster(Self.files.reversed())), "file order must not change the result")
        XCTAssertEqual(first, render(loadCluster([Self.files[2], Self.files[0], Self.files[3], Self.files[1]])))
        // Documents shuffled inside one file too.
        let docs = Self.files.flatMap { $0.1.components(separatedBy: "\n---\n") }
        XCTAssertEqual(first, render(loadCluster([("one.yaml", docs.reversed().joined(separator: "\n---\n"))])))
    }
}

/// Smaller rules: slices of at most 100 endpoints, Endpoints mirrored once, ranges of
/// hand-written manifests not inferred.
final class ReconcilerDetailTests: XCTestCase {
    func testEndpointSlicesHoldAtMost100Endpoints() {
        let c = loadCluster("""
        apiVersion: v1
        kind: Node
        metadata: {name: n1}
        spec: {podCIDR: 10.244.0.0/24}
        status: {addresses: [{type: InternalIP, address: 192.168.0.11}]}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: big}
        spec:
          replicas: 230
          selector: {matchLabels: {app: big}}
          template:
            metadata: {labels: {app: big}}
            spec: {containers: [{name: c, image: x}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: big}
        spec: {selector: {app: big}, ports: [{port: 80}]}
        """, file: "big.yaml")
        let slices = c.service(namespace: "default", name: "big").map { c.endpointSlices(for: $0) } ?? []
        XCTAssertEqual(slices.map(\.endpoints.count).sorted(by: >), [100, 100, 30], "\(slices.map(\.meta.name))")
        XCTAssertEqual(Set(slices.map(\.meta.name)).count, 3)
    }

    func testEndpointsAndTheirSlicesAreNotCountedTwice() {
        let c = loadCluster("""
        {"apiVersion": "v1", "kind": "List", "items": [
          {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "namespace": "default", "uid": "1"},
           "spec": {"clusterIP": "10.96.0.50", "selector": {"app": "a"}, "ports": [{"port": 80, "targetPort": 8080}]}},
          {"apiVersion": "v1", "kind": "Endpoints", "metadata": {"name": "s", "namespace": "default"},
           "subsets": [{"addresses": [{"ip": "10.244.1.5"}], "ports": [{"port": 8080}]}]},
          {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "addressType": "IPv4",
           "metadata": {"name": "s-abcde", "namespace": "default", "labels": {"kubernetes.io/service-name": "s"}},
           "endpoints": [{"addresses": ["10.244.1.5"], "conditions": {"ready": true}}], "ports": [{"port": 8080}]}
        ]}
        """, file: "both.json")
        XCTAssertEqual(c.endpointSlices.map(\.meta.name), ["s-abcde"])
        let only = loadCluster("""
        apiVersion: v1
        kind: Endpoints
        metadata: {name: ext}
        subsets: [{addresses: [{ip: 192.0.2.7}], ports: [{port: 5432}]}]
        """, file: "ep.yaml")
        XCTAssertEqual(only.endpointSlices.map { "\($0.meta.name) \($0.serviceName ?? "-") \($0.endpoints.flatMap(\.addresses).map(\.description))" }, ["ext-mirrored ext [\"192.0.2.7\"]"])
    }

    func testHandWrittenManifestsKeepKubeadmRanges() {
        let c = loadCluster("""
        apiVersion: v1
        kind: Service
        metadata: {name: s}
        spec: {clusterIP: 172.20.5.5, ports: [{port: 80}]}
        """, file: "hand.yaml")
        XCTAssertEqual(c.network.serviceCIDR.description, "10.96.0.0/12")
        XCTAssertEqual(diagnosticLines(c).filter { $0.contains("error") }, ["hand.yaml:4:19: error: cluster-ip-outside-range"])
        XCTAssertTrue(c.diagnostics.first { $0.code == "cluster-ip-outside-range" }?.fix?.contains("ClusterNetwork") ?? false)
    }
}

final class DaemonSetTests: XCTestCase {
    func testDaemonSetPodsRunOnCordonedNodesButNotOnTaintedOnes() {
        let c = loadCluster("""
        apiVersion: v1
        kind: Node
        metadata: {name: cordoned}
        spec: {unschedulable: true}
        status: {addresses: [{type: InternalIP, address: 192.168.0.11}]}
        ---
        apiVersion: v1
        kind: Node
        metadata: {name: tainted}
        spec: {taints: [{key: dedicated, value: gpu, effect: NoSchedule}]}
        status: {addresses: [{type: InternalIP, address: 192.168.0.12}]}
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent}
        spec:
          selector: {matchLabels: {app: agent}}
          template:
            metadata: {labels: {app: agent}}
            spec: {containers: [{name: agent, image: agent:1}]}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 1
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: web, image: web:1}]}
        """, file: "ds.yaml")
        XCTAssertEqual(c.pods.filter { $0.name.hasPrefix("agent-") }.compactMap(\.spec.nodeName), ["cordoned"])
        XCTAssertNil(c.pods.first { $0.name.hasPrefix("web-") }?.spec.nodeName, "no node accepts an ordinary pod")
        XCTAssertEqual(diagnosticLines(c), ["ds.yaml:22:1: warning: unschedulable-pod"], "reported at the Deployment")
    }
}
