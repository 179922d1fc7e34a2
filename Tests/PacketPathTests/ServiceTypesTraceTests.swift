import ClusterModel
import PacketPath
import XCTest

/// service-types: NodePort with and without externalTrafficPolicy Local, LoadBalancer and
/// external IPs, no endpoints, headless, internalTrafficPolicy Local.
final class ServiceTypesTraceTests: XCTestCase {
    func testExternalNodePortClusterPolicyIsMasqueradedWithThreeOutcomes() throws {
        let c = try demo("service-types")
        let t = try trace(c, from: "external/browser", "http://node01:30080/")
        XCTAssertEqual(t.hops.first?.kind, .dnsAnswer, "node01 comes from /etc/hosts")
        guard let nat = t.dnatHop else { return XCTFail("no DNAT") }
        XCTAssertEqual(nat.alternatives.map(\.pick), [1, 2, 3])
        XCTAssertEqual(nat.alternatives.compactMap(\.probability).map { ($0 * 1000).rounded() }, [333, 333, 333])
        // The rule as iptables-save prints it back: the kernel stores 1/3 as a 31-bit fraction (reference §6).
        XCTAssertTrue(nat.detail.contains { $0.contains("--probability 0.33333333349") })
        XCTAssertTrue(nat.detail.contains { $0.contains("masquerade traffic for default/web-nodeport:http external destinations") })
        XCTAssertTrue(t.masqueraded)
        let reply = t.hops(.reply).last
        XCTAssertEqual(reply?.after?.dst.hasPrefix("203.0.113.10:"), true)
        XCTAssertEqual(reply?.after?.src, "192.168.56.11:30080")
        XCTAssertNotEqual(t.hops.last(where: { $0.kind == .deliver })?.before?.src.hasPrefix("203.0.113.10"), true, "the pod sees a node address")
    }

    func testExternalNodePortLocalPolicyKeepsClientAddress() throws {
        let c = try demo("service-types")
        let t = try trace(c, from: "external/browser", "http://node02:30082/")
        guard let nat = t.dnatHop else { return XCTFail("no DNAT") }
        XCTAssertTrue(nat.detail.contains { $0.contains("KUBE-SVL-") })
        XCTAssertTrue(nat.alternatives.isEmpty, "one local endpoint")
        XCTAssertFalse(t.masqueraded)
        let deliver = t.hops.last { $0.kind == .deliver }
        XCTAssertEqual(deliver?.before?.src.hasPrefix("203.0.113.10:"), true, "the pod sees the client's own address")
        XCTAssertTrue(t.outcome.pod?.hasPrefix("default/local-web") == true)
        XCTAssertEqual(deliver?.node, "node02")
    }

    func testExternalNodePortLocalPolicyWithoutLocalEndpointIsDropped() throws {
        let c = try demo("service-types")
        let t = try trace(c, from: "external/browser", "http://node01:30082/")
        XCTAssertEqual(t.outcome.status, .dropped)
        XCTAssertEqual(t.kinds.last, .drop)
        XCTAssertTrue(t.hops.last?.decision.contains("\"default/web-local:http has no local endpoints\"") == true, t.hops.last?.decision ?? "")
        XCTAssertTrue(t.hops.last?.decision.contains("-j DROP") == true)
    }

    func testServiceWithoutEndpointsIsRefused() throws {
        let c = try demo("service-types")
        let t = try trace(c, from: "default/client", "http://orders/")
        XCTAssertEqual(t.hops(.dnsAnswer).first?.decision, "orders → 10.96.20.17")
        XCTAssertEqual(t.outcome.status, .refused)
        XCTAssertEqual(t.kinds.last, .reject)
        XCTAssertTrue(t.hops.last?.decision.contains("\"default/orders:http has no endpoints\"") == true)
        XCTAssertTrue(t.hops.last?.decision.contains("-j REJECT") == true)
    }

    func testHeadlessByNameGoesStraightToAPod() throws {
        let c = try demo("service-types")
        let t = try trace(c, from: "default/client", "http://web-headless/")
        let answer = t.hops(.dnsAnswer).first
        XCTAssertEqual(answer?.alternatives.count, 3, "three A records, one connected to")
        XCTAssertNil(t.dnatHop, "no kube-proxy rule for a headless Service")
        XCTAssertEqual(t.outcome.status, .delivered)
        XCTAssertTrue(t.outcome.pod?.hasPrefix("default/web-") == true)
    }

    func testLoadBalancerAndExternalIP() throws {
        let c = try demo("service-types")
        let lb = try trace(c, from: "external/browser", "http://192.168.56.240/")
        XCTAssertTrue(lb.dnatHop?.detail.contains { $0.contains("\"default/web-lb:http loadbalancer IP\"") } == true)
        XCTAssertTrue(lb.masqueraded)
        XCTAssertEqual(lb.dnatHop?.alternatives.count, 3)
        let eip = try trace(c, from: "external/browser", "http://192.168.56.11:8080/")
        XCTAssertTrue(eip.dnatHop?.detail.contains { $0.contains("\"default/web-external-ip:http external IP\"") } == true)
        XCTAssertEqual(eip.outcome.status, .delivered)
    }

    func testInternalTrafficPolicyLocalPicksTheNodesOwnAgent() throws {
        let c = try demo("service-types")
        let a = try trace(c, from: "default/client", "node-agent:24224")
        let b = try trace(c, from: "default/client-2", "node-agent:24224")
        XCTAssertTrue(a.dnatHop?.detail.contains { $0.contains("KUBE-SVL-") } == true)
        XCTAssertEqual(a.hops.last { $0.kind == .deliver }?.node, "node01")
        XCTAssertEqual(b.hops.last { $0.kind == .deliver }?.node, "node02")
        XCTAssertTrue(a.dnatHop?.alternatives.isEmpty == true)
    }

    func testPodToLocalPolicyNodePortGetsClusterBehaviour() throws {
        let c = try demo("service-types")
        let t = try trace(c, from: "default/client", "http://192.168.56.11:30082/")
        XCTAssertTrue(t.dnatHop?.detail.contains { $0.contains("pod traffic for default/web-local:http external destinations") } == true)
        XCTAssertEqual(t.outcome.status, .delivered)
        XCTAssertEqual(t.hops.last { $0.kind == .deliver }?.node, "node02")
    }

    func testStickyServiceCarriesAffinityNote() throws {
        let c = try demo("service-types")
        let t = try trace(c, from: "default/client", "http://web-sticky/")
        XCTAssertTrue(t.notes.contains { $0.contains("sessionAffinity ClientIP") && $0.contains("10800") })
        XCTAssertEqual(t.dnatHop?.alternatives.count, 3)
    }
}
