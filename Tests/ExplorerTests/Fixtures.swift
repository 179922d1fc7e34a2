@testable import Explorer
import Foundation
import PacketPath

/// A hand-written cluster shaped like the `online-store` demo, so layout and rendering
/// are tested without the loader. Golden frames of the real demo live beside it.
enum Fixtures {
    static func pod(_ ns: String, _ name: String, _ ip: String, _ node: String, ready: Bool = true, app: String = "") -> PodView {
        PodView(namespace: ns, name: name, ip: ip, ready: ready, node: node, labels: app.isEmpty ? [:] : ["app": app])
    }

    static let view = ClusterView(
        name: "online-store",
        nodes: [
            NodeView(name: "controlplane", role: "control-plane", internalIP: "192.168.56.10", podCIDR: "10.244.0.0/24", bridgeName: "cni0", bridgeGateway: "10.244.0.1",
                     pods: [pod("kube-system", "coredns-5d78c9869d-7xk2p", "10.244.0.2", "controlplane"),
                            pod("kube-system", "coredns-5d78c9869d-qz8mn", "10.244.0.3", "controlplane")]),
            NodeView(name: "node01", role: "worker", internalIP: "192.168.56.11", podCIDR: "10.244.1.0/24", bridgeName: "cni0", bridgeGateway: "10.244.1.1",
                     pods: [pod("default", "client", "10.244.1.2", "node01"),
                            pod("default", "wear-7c9f8b6d4-abcde", "10.244.1.3", "node01", app: "wear"),
                            pod("ingress-nginx", "ingress-nginx-controller-6f7b9-x2x", "10.244.1.4", "node01")]),
            NodeView(name: "node02", role: "worker", internalIP: "192.168.56.12", podCIDR: "10.244.2.0/24", bridgeName: "cni0", bridgeGateway: "10.244.2.1",
                     pods: [pod("default", "wear-7c9f8b6d4-fghij", "10.244.2.2", "node02", app: "wear"),
                            pod("default", "watch-5b8d7f9c-klmno", "10.244.2.3", "node02", app: "watch"),
                            pod("default", "mysql-0", "10.244.2.4", "node02", ready: false, app: "mysql")]),
        ],
        services: [
            ServiceView(namespace: "default", name: "wear-service", type: "ClusterIP", clusterIP: "10.96.120.15", ports: ["80/TCP"],
                        endpointPodIDs: ["pod:default/wear-7c9f8b6d4-abcde", "pod:default/wear-7c9f8b6d4-fghij"]),
            ServiceView(namespace: "default", name: "watch-service", type: "ClusterIP", clusterIP: "10.96.33.7", ports: ["80/TCP"],
                        endpointPodIDs: ["pod:default/watch-5b8d7f9c-klmno"]),
            ServiceView(namespace: "default", name: "mysql-service", type: "ClusterIP", clusterIP: "None", ports: ["3306/TCP"]),
            ServiceView(namespace: "kube-system", name: "kube-dns", type: "ClusterIP", clusterIP: "10.96.0.10", ports: ["53/UDP", "53/TCP", "9153/TCP"],
                        endpointPodIDs: ["pod:kube-system/coredns-5d78c9869d-7xk2p", "pod:kube-system/coredns-5d78c9869d-qz8mn"]),
            ServiceView(namespace: "ingress-nginx", name: "ingress-nginx-controller", type: "NodePort", clusterIP: "10.96.200.1", ports: ["80:30080/TCP", "443:30443/TCP"],
                        endpointPodIDs: ["pod:ingress-nginx/ingress-nginx-controller-6f7b9-x2x"]),
        ],
        externalClients: [ExternalClientView(name: "browser", ip: "203.0.113.10")],
        entryPoints: [EntryPointView(kind: "NodePort", name: "ingress-nginx-controller", address: ":30080", targetID: "svc:ingress-nginx/ingress-nginx-controller", id: "entry:ingress-nginx/ingress-nginx-controller")],
        settings: ["CNI bridge, IPAM host-local", "kube-proxy iptables", "serviceCIDR 10.96.0.0/12"],
        notes: [])

    static let cluster = LoadedCluster(ref: "online-store", view: view)

    static func headers(_ s: String, _ d: String) -> PacketHeaders { PacketHeaders(src: s, dst: d, proto: "TCP") }

    /// A pod-to-ClusterIP trace across nodes, in PacketPath's `Trace` shape (issue 6).
    static let trace = Trace(
        request: TraceRequest(from: "default/client", target: "http://wear-service/wear"),
        hops: [
            Hop(index: 1, kind: .socket, node: "node01", pod: "default/client", interface: "eth0", before: headers("10.244.1.2:0", "10.96.120.15:80"),
                after: headers("10.244.1.2:43512", "10.96.120.15:80"), decision: "connect() from 10.244.1.2:43512",
                explanation: "the kernel picks an ephemeral source port", to: .pod("default", "client")),
            Hop(index: 2, kind: .veth, node: "node01", interface: "veth1a2b3c", before: headers("10.244.1.2:43512", "10.96.120.15:80"),
                after: headers("10.244.1.2:43512", "10.96.120.15:80"), decision: "eth0 → veth1a2b3c → cni0",
                explanation: "the pod's default route points at the bridge gateway 10.244.1.1",
                from: .pod("default", "client"), to: .interface("node01", "cni0")),
            Hop(index: 3, kind: .netfilter, node: "node01", before: headers("10.244.1.2:43512", "10.96.120.15:80"),
                after: headers("10.244.1.2:43512", "10.244.2.2:8080"), decision: "DNAT to 10.244.2.2:8080 (KUBE-SEP-ABCDEF)",
                explanation: "KUBE-SERVICES matched the ClusterIP; KUBE-SVC picked endpoint 2 of 2",
                alternatives: [Alternative(description: "10.244.1.3:8080", probability: 0.5, pick: 2)], to: .node("node01"),
                detail: ["-A KUBE-SERVICES -d 10.96.120.15/32 -p tcp --dport 80 -j KUBE-SVC-XYZ", "> -A KUBE-SVC-XYZ -j KUBE-SEP-ABCDEF"]),
            Hop(index: 4, kind: .route, node: "node01", before: headers("10.244.1.2:43512", "10.244.2.2:8080"),
                after: headers("10.244.1.2:43512", "10.244.2.2:8080"), decision: "10.244.2.0/24 via 192.168.56.12",
                explanation: "node02's pod range is routed via node02", from: .node("node01"), to: .node("node02")),
            Hop(index: 5, kind: .deliver, node: "node02", pod: "default/wear-7c9f8b6d4-fghij", interface: "eth0",
                before: headers("10.244.1.2:43512", "10.244.2.2:8080"), after: headers("10.244.1.2:43512", "10.244.2.2:8080"),
                decision: "delivered to wear on :8080", explanation: "cni0 → veth → eth0; the container listens on 8080",
                from: .node("node02"), to: .pod("default", "wear-7c9f8b6d4-fghij")),
        ],
        outcome: TraceOutcome(status: .delivered, pod: "default/wear-7c9f8b6d4-fghij", address: "10.244.2.2", port: 8080, message: "HTTP 200 from wear"),
        notes: ["the reply path is summarised"])

    static let walkthrough = """
    title: {en: The online store, ko: 온라인 상점}
    steps:
      - title: {en: The map, ko: 지도 읽기}
        narration:
          en: Each box is a node. Inside it, the bridge cni0 and the pods with their IPs.
          ko: 각 상자는 노드입니다. 그 안에 브리지 cni0과 파드, 그리고 파드의 IP가 있습니다.
        show: {node: node01}
      - title: {en: A Service, ko: 서비스}
        narration:
          en: wear-service has a ClusterIP that no interface holds.
          ko: wear-service의 ClusterIP는 어떤 인터페이스에도 없습니다.
        show: {service: default/wear-service}
      - title: {en: A request, ko: 요청}
        narration: {en: Follow the packet., ko: 패킷을 따라가 보세요.}
        trace: {from: default/client, target: "http://wear-service/wear"}
    """

    static func engines(withTrace: Bool) -> Engines {
        var e = Engines(clusterNames: ["online-store", "weave-overlay"])
        e.walkthrough = { name in name == "online-store" ? walkthrough : nil }
        if withTrace {
            e.trace = { _, _, pick in
                var t = trace
                t.request.pick = pick
                return .success(t)
            }
        }
        return e
    }

    static func state(size: Size = Size(width: 120, height: 40), withTrace: Bool = false, language: Language = .en, theme: String = "default") -> AppState {
        var s = AppState(cluster: cluster, engines: engines(withTrace: withTrace), themeName: theme, language: language)
        s.lastSize = size
        return s
    }
}

extension Fixtures {
    /// A large, regular cluster: 3 control-plane nodes and workers in three namespaces.
    static func synthetic(nodes: Int, podsPerNode: Int) -> ClusterView {
        var out: [NodeView] = []
        let namespaces = ["default", "prod", "staging"]
        for i in 0..<nodes {
            let name = String(format: "node%04d", i)
            let cp = i < 3
            let pods = (0..<(cp ? 1 : podsPerNode)).map { j in
                pod(namespaces[(i + j) % 3], "app\(j)-\(name)", "10.\(64 + i / 256).\(i % 256).\(j + 2)", name, ready: (i + j) % 11 != 0, app: "app\(j)")
            }
            out.append(NodeView(name: name, role: cp ? "control-plane" : "worker", internalIP: "192.168.\(i / 250).\(i % 250 + 1)",
                                podCIDR: "10.\(64 + i / 256).\(i % 256).0/24", bridgeName: "cni0", bridgeGateway: "10.\(64 + i / 256).\(i % 256).1", pods: pods))
        }
        let services = (0..<12).map { k in
            ServiceView(namespace: namespaces[k % 3], name: "svc-\(k)", type: "ClusterIP", clusterIP: "10.96.\(k).\(k + 10)", ports: ["80/TCP"])
        }
        return ClusterView(name: "synthetic-\(nodes)", nodes: out, services: services)
    }
}

import ClusterModel
import DemoClusters

extension Fixtures {
    /// An embedded demo cluster, loaded and reconciled the way `--cluster NAME` does.
    static func demo(_ name: String) throws -> LoadedCluster {
        guard let demo = DemoClusters.named(name) else { throw DemoMissing(name: name) }
        let files = demo.manifests.map { SourceFile(path: "\(demo.name)/\($0.path)", text: $0.contents) }
        let cluster = ClusterLoader.load(files: files, name: demo.name)
        return LoadedCluster(ref: name, view: ClusterView(cluster: cluster), model: cluster)
    }

    struct DemoMissing: Error { var name: String }

    static func demoState(_ name: String, size: Size, language: Language = .en, presenter: Bool = false) throws -> AppState {
        var e = Engines(clusterNames: DemoClusters.all.map(\.name))
        e.walkthrough = { DemoClusters.named($0)?.walkthrough }
        var s = AppState(cluster: try demo(name), engines: e, language: language, presenter: presenter)
        s.lastSize = size
        return s
    }
}
