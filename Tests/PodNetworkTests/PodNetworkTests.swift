import ClusterModel
import DemoClusters
import NetCore
@testable import PodNetwork
import XCTest

func demo(_ name: String) throws -> Cluster {
    guard let d = DemoClusters.named(name) else { throw XCTSkip("no demo cluster \(name)") }
    return ClusterLoader.load(files: d.manifests.map { SourceFile(path: "\(d.name)/\($0.path)", text: $0.contents) }, name: d.name)
}

/// What the CNI plugins build, per node, for the demo clusters' plugins.
final class PodNetworkTests: XCTestCase {
    func testBridgeNodeRoutesAsIPRoutePrintsThem() throws {
        let c = try demo("online-store")
        let n = try XCTUnwrap(PodNetwork.node(c, named: "node01"))
        XCTAssertEqual(n.routes.map(\.text), [
            "10.244.0.0/24 via 192.168.56.10 dev eth0",
            "10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1",
            "10.244.2.0/24 via 192.168.56.12 dev eth0",
            "192.168.56.0/24 dev eth0 proto kernel scope link src 192.168.56.11",
        ])
        XCTAssertEqual(n.bridge, "cni0")
        XCTAssertEqual(n.bridgeAddress, "10.244.1.1/24")
        XCTAssertNil(n.overlayDevice)
        XCTAssertTrue(n.ipvsAddresses.isEmpty, "iptables mode: no kube-ipvs0")
        XCTAssertEqual(n.encapsulation.podMTU, 1500)
    }

    func testBridgeConflistAndBinaries() throws {
        let c = try demo("online-store")
        let n = try XCTUnwrap(PodNetwork.node(c, named: "node01"))
        XCTAssertEqual(n.cniConfigPath, "/etc/cni/net.d/10-bridge.conflist")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(n.cniConfig.utf8)) as? [String: Any], "the conflist is valid JSON")
        let plugins = try XCTUnwrap(json["plugins"] as? [[String: Any]])
        XCTAssertEqual(plugins.first?["type"] as? String, "bridge")
        XCTAssertEqual(plugins.first?["bridge"] as? String, "cni0")
        XCTAssertEqual(plugins.first?["isGateway"] as? Bool, true)
        let ipam = plugins.first?["ipam"] as? [String: Any]
        XCTAssertEqual(ipam?["type"] as? String, "host-local")
        XCTAssertTrue(n.cniConfig.contains("\"subnet\": \"10.244.1.0/24\""))
        XCTAssertTrue(n.cniBinaries.contains("bridge") && n.cniBinaries.contains("host-local") && n.cniBinaries.contains("portmap"))
    }

    func testPodAttachmentHasEth0DefaultRouteAndDeterministicVeth() throws {
        let c = try demo("online-store")
        let pod = try XCTUnwrap(c.pod(namespace: "default", name: "client"))
        let a = try XCTUnwrap(PodNetwork.attachment(c, pod: pod))
        XCTAssertEqual(a.containerInterface, "eth0")
        XCTAssertEqual(a.gateway?.description, "10.244.1.1")
        XCTAssertEqual(a.podRoutes.first?.text, "default via 10.244.1.1 dev eth0")
        XCTAssertTrue(a.hostVeth.hasPrefix("veth"))
        XCTAssertEqual(a.hostVeth.count, 12)
        XCTAssertTrue(a.hostVeth.dropFirst(4).allSatisfy(\.isHexDigit))
        XCTAssertEqual(a.hostVeth, PodNetwork.attachment(c, pod: pod)?.hostVeth)
        XCTAssertTrue(a.netns.hasPrefix("cni-") && a.netns.count == 40)
        XCTAssertEqual(a.bridge, "cni0")
    }

    func testHostLocalIPAMCountsGatewayAndPods() throws {
        let c = try demo("online-store")
        let node = try XCTUnwrap(c.node(named: "node01"))
        let ipam = PodNetwork.ipam(c, node: node)
        XCTAssertEqual(ipam.range, "10.244.1.0/24")
        XCTAssertEqual(ipam.capacity, 254)
        XCTAssertEqual(ipam.allocated.first?.ip.description, "10.244.1.1")
        let pods = c.pods(onNode: "node01").filter { !$0.spec.hostNetwork && $0.podIP != nil }
        XCTAssertEqual(ipam.allocated.count, pods.count + 1)
        XCTAssertEqual(ipam.free, 254 - UInt64(pods.count + 1))
        XCTAssertTrue(ipam.allocated.contains { $0.owner == "default/client" })
    }

    func testWeaveOneRouteForTheWholeRangeAndShares() throws {
        let c = try demo("weave-overlay")
        let n = try XCTUnwrap(PodNetwork.node(c, named: "node01"))
        let weaveRoutes = n.routes.filter { $0.dev == "weave" }
        XCTAssertEqual(weaveRoutes.count, 1)
        XCTAssertTrue(weaveRoutes[0].text.hasPrefix("10.32.0.0/12 dev weave proto kernel scope link src "))
        XCTAssertEqual(n.ipvsAddresses.map(\.description), ["10.96.0.1", "10.96.0.10", "10.96.50.10"], "kube-ipvs0 in ipvs mode")
        XCTAssertEqual(n.cniConfigPath, "/etc/cni/net.d/10-weave.conflist")
        XCTAssertTrue(n.cniConfig.contains("\"type\": \"weave-net\""))
        XCTAssertEqual(n.ipam.plugin, "weave")
        XCTAssertTrue(n.ipam.range.contains("-"))
        XCTAssertEqual(n.encapsulation.outerPort, 6784)
        XCTAssertTrue(n.encapsulation.note.contains("sleeve"))
        let pod = try XCTUnwrap(c.pods(onNode: "node01").first { !$0.spec.hostNetwork })
        XCTAssertTrue(PodNetwork.attachment(c, pod: pod)?.hostVeth.hasPrefix("vethwepl") == true)
        // Another node's pod is reached through the weave router.
        let remote = try XCTUnwrap(c.pods(onNode: "node02").first { !$0.spec.hostNetwork }?.podIP)
        let r = PodNetwork.lookup(c, fromNode: "node01", destination: remote)
        XCTAssertEqual(r.kind, .overlay)
        XCTAssertEqual(r.toNode, "node02")
    }

    func testFlannelAndCalicoIPIPOnAModifiedCluster() throws {
        var c = try demo("online-store")
        c.network.cni = .init(plugin: "flannel", bridge: "cni0", ipam: "host-local", encapsulation: "vxlan", mtu: 1500)
        let f = try XCTUnwrap(PodNetwork.node(c, named: "node01"))
        XCTAssertTrue(f.routes.map(\.text).contains("10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink"))
        XCTAssertEqual(f.overlayDevice, "flannel.1")
        XCTAssertEqual(f.encapsulation.outerPort, 8472)
        XCTAssertEqual(f.encapsulation.podMTU, 1450)
        let remote = try XCTUnwrap(c.pods(onNode: "node02").first { !$0.spec.hostNetwork }?.podIP)
        let r = PodNetwork.lookup(c, fromNode: "node01", destination: remote)
        XCTAssertEqual(r.kind, .overlay)
        XCTAssertEqual(r.encapsulation?.outerSrc?.description, "192.168.56.11")
        XCTAssertEqual(r.encapsulation?.outerDst?.description, "192.168.56.12")

        c.network.cni = .init(plugin: "calico", bridge: "", ipam: "host-local", encapsulation: "ipip", mtu: 1500)
        let k = try XCTUnwrap(PodNetwork.node(c, named: "node01"))
        XCTAssertNil(k.bridge)
        XCTAssertEqual(k.encapsulation.podMTU, 1480)
        XCTAssertEqual(k.encapsulation.outerProtocol, "ipip")
        XCTAssertTrue(k.routes.map(\.text).contains("blackhole 10.244.1.0/24 proto bird"))
        XCTAssertTrue(k.routes.map(\.text).contains("10.244.2.0/24 via 192.168.56.12 dev tunl0 proto bird onlink"))
        let pod = try XCTUnwrap(c.pod(namespace: "default", name: "client"))
        let a = try XCTUnwrap(PodNetwork.attachment(c, pod: pod))
        XCTAssertEqual(a.gateway?.description, "169.254.1.1")
        XCTAssertTrue(k.routes.map(\.text).contains("\(a.ip) dev \(a.hostVeth) scope link"))
    }

    func testCalicoVethNameIsSHA1OfNamespaceDotPod() {
        XCTAssertEqual(_SHA1.hex(_SHA1.hash(Array("abc".utf8))), "a9993e364706816aba3e25717850c26c9cd0d89d")
        XCTAssertEqual(_SHA1.hex(_SHA1.hash(Array(repeating: UInt8(ascii: "a"), count: 1000))), "291e9a6c66994949b57ba5e650361e98fc36b1ba")
        XCTAssertEqual(InterfaceNames.hostVeth(plugin: "calico", namespace: "default", pod: "web-0"), "cali0d7763386da")
    }

    func testClusterPortsPerNodeRole() throws {
        let c = try demo("online-store")
        let ports = PodNetwork.ports(c)
        func has(_ node: String, _ port: String, _ component: String) -> Bool { ports.contains { $0.node == node && $0.port == port && $0.component.hasPrefix(component) } }
        XCTAssertTrue(has("controlplane", "6443", "kube-apiserver"))
        XCTAssertTrue(has("controlplane", "2379", "etcd"))
        XCTAssertTrue(has("controlplane", "2380", "etcd"))
        XCTAssertTrue(has("controlplane", "10259", "kube-scheduler"))
        XCTAssertTrue(has("controlplane", "10257", "kube-controller-manager"))
        XCTAssertFalse(has("node01", "6443", "kube-apiserver"))
        for n in ["controlplane", "node01", "node02"] {
            XCTAssertTrue(has(n, "10250", "kubelet"))
            XCTAssertTrue(has(n, "10256", "kube-proxy"))
            XCTAssertTrue(has(n, "30000-32767", "kube-proxy"))
            XCTAssertTrue(has(n, "30080", "NodePort ingress-nginx/ingress-nginx-controller"))
        }
        XCTAssertEqual(ports.first { $0.component == "kube-scheduler" }?.reachableByRequests, false)
        XCTAssertEqual(ports.first { $0.component == "kube-apiserver" }?.reachableByRequests, true)
    }
}
