import ClusterModel
import PacketPath
import XCTest

/// gateway-canary (weighted split, header match, redirect), weave-overlay (fast datapath
/// encapsulation) and dns-lab (search list, refused, NXDOMAIN).
final class GatewayOverlayDNSTraceTests: XCTestCase {
    func testGatewayWeightedSplitListsEveryOutcome() throws {
        let c = try demo("gateway-canary")
        let t = try trace(c, from: "external/browser", "https://shop.example.com/")
        let match = t.hops(.httpMatch)
        XCTAssertEqual(match.count, 1)
        XCTAssertEqual(match[0].alternatives.compactMap(\.probability), [0.8, 0.2])
        XCTAssertTrue(t.dnatHop?.after?.dst.hasSuffix(":10443") == true, "Envoy's https port")
        XCTAssertTrue(t.masqueraded)
        let probs = t.outcomes.compactMap(\.probability).map { ($0 * 100).rounded() }.sorted()
        XCTAssertEqual(probs, [20, 40, 40])
        XCTAssertEqual(Set(t.outcomes.compactMap(\.pick)), [1, 2, 3])
        let v2 = try trace(c, from: "external/browser", "https://shop.example.com/", pick: 2)
        XCTAssertTrue(v2.outcome.pod?.hasPrefix("default/store-v2") == true, "\(v2.outcome)")
    }

    func testGatewayHeaderMatchWinsAndRewriteKeepsTheRest() throws {
        let c = try demo("gateway-canary")
        let canary = try trace(c, from: "external/browser", "https://shop.example.com/cart", headers: ["x-canary: true"])
        XCTAssertTrue(canary.outcome.pod?.hasPrefix("default/store-v2") == true)
        XCTAssertTrue(canary.hops(.httpMatch)[0].alternatives.isEmpty)
        let legacy = try trace(c, from: "external/browser", "https://shop.example.com/legacy/cart")
        XCTAssertTrue(legacy.outcome.message.contains("path rewritten to /cart"), legacy.outcome.message)
        XCTAssertTrue(legacy.outcome.pod?.hasPrefix("default/store-v1") == true)
    }

    func testGatewayThroughItsNodePortByNodeName() throws {
        let c = try demo("gateway-canary")
        let t = try trace(c, from: "external/browser", "https://node01:31443/", headers: ["Host: shop.example.com"])
        XCTAssertTrue(t.dnatHop?.detail.contains { $0.contains("--dport 31443") } == true)
        XCTAssertEqual(t.outcome.status, .delivered)
        XCTAssertTrue(t.outcome.pod?.hasPrefix("default/store-v") == true, "\(t.outcome)")
    }

    func testGatewayRedirectAndUnknownHost() throws {
        let c = try demo("gateway-canary")
        let redirect = try trace(c, from: "external/browser", "http://shop.example.com/cart?id=7")
        XCTAssertEqual(redirect.outcome.httpStatus, 301)
        let other = try trace(c, from: "external/browser", "http://other.example.com/")
        XCTAssertEqual(other.outcome.status, .httpError)
        XCTAssertEqual(other.outcome.httpStatus, 404)
    }

    func testWeaveAcrossNodesEncapsulatesOnUDP6784() throws {
        let c = try demo("weave-overlay")
        let t = try trace(c, from: "default/client", "http://echo:5678/")
        XCTAssertNil(t.dnatHop)
        let encap = t.hops(.encap)
        XCTAssertEqual(encap.count, 1)
        XCTAssertEqual(encap.first?.after?.proto, "udp")
        XCTAssertEqual(encap.first?.after?.src.hasPrefix("192.168.56.11:"), true)
        XCTAssertEqual(encap.first?.after?.dst, "192.168.56.12:6784")
        XCTAssertEqual(t.hops(.decap).first?.node, "node02")
        XCTAssertEqual(t.hops(.bridge).first?.interface?.hasSuffix("→ weave"), true)
        XCTAssertEqual(t.outcome.pod, "default/echo")
        XCTAssertEqual(t.outcome.port, 5678)
        let same = try trace(c, from: "default/neighbor", "http://echo:5678/")
        XCTAssertTrue(same.hops(.encap).isEmpty, "same node: the weave bridge only")
        XCTAssertEqual(same.outcome.pod, "default/echo")
    }

    func testDNSLabSearchListRefusedAndNXDOMAIN() throws {
        let c = try demo("dns-lab")
        let web = try trace(c, from: "default/client", "web.prod:80")
        XCTAssertEqual(web.hops(.dnsQuery).count, 2)
        XCTAssertEqual(web.hops(.dnsAnswer).first?.decision, "web.prod → 10.96.40.10")
        // The DNS query itself is DNATed to a CoreDNS pod.
        XCTAssertTrue(web.hops(.dnsQuery)[0].after?.dst.hasSuffix(":53") == true)
        XCTAssertNotEqual(web.hops(.dnsQuery)[0].after?.dst, "10.96.0.10:53")
        let legacy = try trace(c, from: "default/client", "http://legacy-api/")
        XCTAssertEqual(legacy.outcome.status, .refused)
        let nosuch = try trace(c, from: "default/client", "http://nosuch/")
        XCTAssertEqual(nosuch.outcome.status, .nxdomain)
        XCTAssertEqual(nosuch.hops(.dnsQuery).count, 5, "four search domains, then the name as is")
    }
}
