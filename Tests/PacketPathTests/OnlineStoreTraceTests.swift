import ClusterModel
import PacketPath
import XCTest

/// The traces online-store's README describes (bridge + host-local, no overlay, ingress-nginx).
final class OnlineStoreTraceTests: XCTestCase {
    func testPodToClusterIPHasTwoEndpointsHalfEachNoMasquerade() throws {
        let c = try demo("online-store")
        let t = try trace(c, from: "default/client", "http://wear-service:8080/")
        let q = t.hops(.dnsQuery)
        XCTAssertEqual(q.count, 1)
        XCTAssertTrue(q[0].decision.contains("wear-service.default.svc.cluster.local. → NOERROR 10.101.12.20"), q[0].decision)
        guard let nat = t.dnatHop else { return XCTFail("no DNAT hop") }
        XCTAssertEqual(nat.node, "node01")
        XCTAssertEqual(nat.before?.dst, "10.101.12.20:8080")
        XCTAssertEqual(nat.alternatives.count, 2)
        XCTAssertEqual(nat.alternatives.map(\.probability), [0.5, 0.5])
        XCTAssertEqual(nat.alternatives.map(\.pick), [1, 2])
        XCTAssertTrue(nat.detail.contains { $0.contains("--probability 0.5000000000") && $0.contains("default/wear-service:http -> ") })
        XCTAssertFalse(t.masqueraded, "the source is inside clusterCIDR")
        XCTAssertEqual(t.outcome.status, .delivered)
        XCTAssertEqual(t.outcome.port, 8080)
        // Both picks reach a different wear pod; endpoints are in kube-proxy's ip:port text order.
        let t2 = try trace(c, from: "default/client", "http://wear-service:8080/", pick: 2)
        XCTAssertNotEqual(t.outcome.pod, t2.outcome.pod)
        let order = [t.outcome.address, t2.outcome.address].compactMap { $0 }.map { $0 + ":8080" }
        XCTAssertEqual(order, order.sorted())
        XCTAssertEqual(t.outcomes.count, 2)
        XCTAssertThrowsError(try RequestTracer.trace(c, request: TraceRequest(from: "default/client", target: "http://wear-service:8080/", pick: 3)))
    }

    func testPodAcrossNodesUsesPlainRouteViaNodeAddress() throws {
        let c = try demo("online-store")
        // Find the pick that lands on node02.
        for pick in 1...2 {
            let t = try trace(c, from: "default/client", "http://wear-service:8080/", pick: pick)
            guard t.hops.last(where: { $0.kind == .deliver })?.node == "node02" else { continue }
            let route = t.hops(.route).first
            XCTAssertEqual(route?.decision, "ip route: 10.244.2.0/24 via 192.168.56.12 dev eth0")
            XCTAssertEqual(t.hops(.encap).count, 0, "bridge CNI: no encapsulation")
            let under = t.hops(.underlay)
            XCTAssertEqual(under.count, 1)
            XCTAssertEqual(under.first?.from, TopologyID.interface("node01", "eth0"))
            XCTAssertEqual(under.first?.to, TopologyID.interface("node02", "eth0"))
            return
        }
        XCTFail("no wear pod on node02")
    }

    func testPodToPodSameNodeIsBridged() throws {
        let c = try demo("online-store")
        guard let client = c.pod(namespace: "default", name: "client"),
              let peer = c.pods(onNode: "node01").first(where: { $0.namespace == "default" && $0.name != "client" && !$0.spec.hostNetwork && !$0.spec.allPorts.isEmpty }),
              let ip = peer.podIP, let port = peer.spec.allPorts.first?.containerPort else { return XCTFail("no peer on node01") }
        XCTAssertEqual(client.spec.nodeName, "node01")
        let t = try trace(c, from: "default/client", "\(ip):\(port)")
        XCTAssertEqual(t.kinds, [.socket, .veth, .bridge, .netfilter, .route, .bridge, .deliver, .reply])
        XCTAssertTrue(t.hops(.route)[0].decision.hasPrefix("no routing"), t.hops(.route)[0].decision)
        XCTAssertEqual(t.outcome.pod, "\(peer.namespace)/\(peer.name)")
        XCTAssertNil(t.dnatHop)
    }

    func testKubernetesServiceReachesTheAPIServerOnTheControlPlane() throws {
        let c = try demo("online-store")
        let t = try trace(c, from: "default/client", "kubernetes.default:443")
        XCTAssertEqual(t.hops(.dnsQuery).map { $0.decision.contains("NXDOMAIN") }, [true, false])
        XCTAssertEqual(t.dnatHop?.after?.dst, "192.168.56.10:6443")
        XCTAssertEqual(t.outcome.status, .delivered)
        XCTAssertEqual(t.outcome.pod, "kube-system/kube-apiserver-controlplane")
    }

    func testExternalThroughIngressWithRewrite() throws {
        let c = try demo("online-store")
        let t = try trace(c, from: "external/browser", "http://node01:30080/watch")
        guard let nat = t.dnatHop else { return XCTFail("no DNAT") }
        XCTAssertEqual(nat.before?.src.hasPrefix("203.0.113.10:"), true)
        XCTAssertEqual(nat.before?.dst, "192.168.56.11:30080")
        XCTAssertTrue(nat.detail.contains { $0.contains("KUBE-NODEPORTS") && $0.contains("--dport 30080") })
        XCTAssertTrue(t.masqueraded, "NodePort with eTP Cluster is masqueraded")
        let match = t.hops(.httpMatch)
        XCTAssertEqual(match.count, 1)
        XCTAssertTrue(match[0].decision.contains("/watch"))
        XCTAssertTrue(match[0].explanation.contains("GET /)"), match[0].explanation)
        let proxy = t.hops(.proxy)
        XCTAssertEqual(proxy.count, 1)
        XCTAssertEqual(proxy[0].alternatives.count, 2, "two watch pods, balanced by ingress-nginx itself")
        // The controller's own connection goes straight to the pod: no DNAT on that leg.
        let afterProxy = t.hops.drop { $0.kind != .proxy }
        XCTAssertTrue(afterProxy.contains { $0.kind == .socket && $0.pod?.hasPrefix("ingress-nginx/") == true })
        XCTAssertFalse(afterProxy.contains { $0.kind == .netfilter && $0.before?.dst != $0.after?.dst })
        XCTAssertEqual(t.outcome.status, .delivered)
        XCTAssertTrue(t.outcome.pod?.hasPrefix("default/watch-") == true)
        XCTAssertEqual(t.hops(.reply).count, 2)
        XCTAssertTrue(t.outcome.message.contains("path rewritten to /"))
    }

    func testIngressRegexRewriteAndHostWithoutFallback() throws {
        let c = try demo("online-store")
        let ok = try trace(c, from: "external/browser", "http://shop.my-online-store.com:30080/something/abc")
        XCTAssertEqual(ok.hops(.dnsQuery).first?.decision.contains("192.168.56.11"), true)
        XCTAssertTrue(ok.outcome.message.contains("rewritten to /abc"), ok.outcome.message)
        XCTAssertTrue(ok.outcome.pod?.hasPrefix("default/wear-") == true)
        let nf = try trace(c, from: "external/browser", "http://shop.my-online-store.com:30080/somewhere")
        XCTAssertEqual(nf.outcome.status, .httpError)
        XCTAssertEqual(nf.outcome.httpStatus, 404)
        let wearable = try trace(c, from: "external/browser", "http://node01:30080/wearable")
        XCTAssertTrue(wearable.outcome.pod?.hasPrefix("default/wear-") == true, "regex mode: ^/wear matches /wearable")
        XCTAssertTrue(wearable.hops(.httpMatch)[0].detail.contains { $0.hasPrefix("regex mode") })
        let query = try trace(c, from: "external/browser", "http://node01:30080/wear/shirts?size=m")
        XCTAssertTrue(query.outcome.message.contains("path rewritten to /?size=m"), query.outcome.message)
        let backend = try trace(c, from: "external/browser", "http://node01:30080/shop")
        XCTAssertTrue(backend.outcome.pod?.hasPrefix("default/default-http-backend") == true, "\(backend.outcome)")
    }

    func testClusterPortsAPodCanAndCannotReach() throws {
        let c = try demo("online-store")
        let scheduler = try trace(c, from: "default/client", "192.168.56.10:10259")
        XCTAssertEqual(scheduler.outcome.status, .refused, "kubeadm binds kube-scheduler to 127.0.0.1")
        let kubelet = try trace(c, from: "default/client", "192.168.56.12:10250")
        XCTAssertEqual(kubelet.outcome.status, .delivered)
        XCTAssertTrue(kubelet.hops.contains { $0.kind == .underlay }, "to node02's address over the node network")
        let nothing = try trace(c, from: "default/client", "192.168.56.11:9999")
        XCTAssertEqual(nothing.outcome.status, .refused)
        let api = try trace(c, from: "external/browser", "192.168.56.10:6443")
        XCTAssertEqual(api.outcome.pod, "kube-system/kube-apiserver-controlplane")
    }

    func testNameThatDoesNotExistIsNXDOMAINAfterTheSearchList() throws {
        let c = try demo("online-store")
        let t = try trace(c, from: "default/client", "http://no-such-service/")
        XCTAssertEqual(t.outcome.status, .nxdomain)
        XCTAssertEqual(t.hops(.dnsQuery).map(\.decision).map { String($0.split(separator: " ")[1]) },
                       ["no-such-service.default.svc.cluster.local.", "no-such-service.svc.cluster.local.", "no-such-service.cluster.local.", "no-such-service."])
        XCTAssertEqual(t.kinds.last, .dnsAnswer)
    }
}
