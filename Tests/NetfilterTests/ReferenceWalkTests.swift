import XCTest
import NetCore
@testable import Netfilter
import TestSupport

/// The walks of kube-proxy-iptables.md §8.5 through node01's saved rules (§8.2, §8.3).
final class ReferenceWalkTests: XCTestCase {
    static let node01 = IPAddress("192.168.56.11")!

    func tracer() -> Tracer {
        let r = IptablesSaveParser.parse(ReferenceExample.saveNat + ReferenceExample.saveFilterMangle)
        XCTAssertEqual(r.errors, [])
        return Tracer(ruleset: r.ruleset, host: NetfilterHost(localAddresses: [Self.node01]))
    }

    func ip(_ s: String) -> IPAddress { IPAddress(s)! }

    func testPodToClusterIPPicksEachEndpointWithOneThird() {
        let t = tracer().trace(Packet(source: ip("10.244.1.9"), destination: ip("10.96.45.10"), destinationPort: 80))
        XCTAssertEqual(t.outcomes.map(\.dnat), ["10.244.1.5:8080", "10.244.2.12:8080", "10.244.2.7:8080"])
        for o in t.outcomes {
            XCTAssertEqual(o.probability, 1.0 / 3, accuracy: 1e-9)
            XCTAssertEqual(o.verdict, .accept)
            XCTAssertFalse(o.masquerade)
            XCTAssertEqual(o.hooks, ["PREROUTING", "FORWARD", "POSTROUTING"])
        }
        let first = t.outcomes[0].path.filter { $0.table == "nat" && $0.matched }.map { "\($0.chain)#\($0.rule ?? 0)" }
        XCTAssertEqual(first, ["PREROUTING#1", "KUBE-SERVICES#1", "KUBE-SVC-LOLE4ISW44XBNF3G#2", "KUBE-SEP-XQWD6PXGZUTOOIVQ#2",
                               "POSTROUTING#1", "KUBE-POSTROUTING#1", "POSTROUTING#0"], t.outcomes[0].path.map { "\($0.table) \($0.chain) \($0.rule ?? 0) \($0.matched)" }.joined(separator: "\n"))
        // The ClusterIP masquerade rule was tested and skipped because the source is a pod.
        let masq = t.outcomes[0].path.first { $0.chain == "KUBE-SVC-LOLE4ISW44XBNF3G" && $0.rule == 1 }
        XCTAssertEqual(masq?.matched, false)
        XCTAssertEqual(masq?.reason, "source 10.244.1.9 is in 10.244.0.0/16 (rule says ! -s)")
    }

    func testHairpinWhenThePodDrawsItself() {
        let t = tracer().trace(Packet(source: ip("10.244.1.5"), destination: ip("10.96.45.10"), destinationPort: 80))
        XCTAssertEqual(t.outcomes.map(\.masquerade), [true, false, false])
        XCTAssertEqual(t.outcomes[0].dnat, "10.244.1.5:8080")
    }

    func testNodeProcessToClusterIPIsMasqueraded() {
        let t = tracer().trace(Packet(source: Self.node01, destination: ip("10.96.45.10"), destinationPort: 80, locallyGenerated: true))
        XCTAssertEqual(t.outcomes.count, 3)
        XCTAssertTrue(t.outcomes.allSatisfy { $0.masquerade && $0.verdict == .accept && $0.hooks == ["OUTPUT", "POSTROUTING"] })
    }

    func testExternalClientToNodePort() {
        let t = tracer().trace(Packet(source: ip("192.168.56.1"), destination: Self.node01, destinationPort: 30080))
        XCTAssertEqual(t.outcomes.map(\.dnat), ["10.244.1.5:8080", "10.244.2.12:8080", "10.244.2.7:8080"])
        XCTAssertTrue(t.outcomes.allSatisfy { $0.masquerade && $0.mark == 0 })
        let o = t.outcomes[0]
        XCTAssertTrue(o.path.contains { $0.chain == "KUBE-NODEPORTS" && $0.rule == 2 && $0.matched })
        XCTAssertTrue(o.path.contains { $0.chain == "KUBE-NODEPORTS" && $0.rule == 1 && !$0.matched })
        XCTAssertTrue(o.path.contains { $0.chain == "KUBE-FORWARD" && $0.rule == 2 && $0.matched }, "KUBE-FORWARD accepts the marked packet")
        XCTAssertEqual(o.hooks, ["PREROUTING", "FORWARD", "POSTROUTING"])
    }

    func testLocalhostNodePortUsesTheNfacctRule() {
        let lo = ip("127.0.0.1")
        let t = tracer().trace(Packet(source: lo, destination: lo, destinationPort: 30080, locallyGenerated: true))
        XCTAssertEqual(t.outcomes.count, 3)
        let o = t.outcomes[0]
        let np = o.path.first { $0.chain == "KUBE-NODEPORTS" && $0.matched }
        XCTAssertEqual(np?.rule, 1)
        XCTAssertTrue(np?.reason.contains("nfacct") ?? false)
        XCTAssertTrue(o.masquerade)
        let fw = o.path.first { $0.chain == "KUBE-FIREWALL" }
        XCTAssertEqual(fw?.matched, false, "loopback source: KUBE-FIREWALL does not drop")
    }

    func testUnknownPortIsLeftAlone() {
        let t = tracer().trace(Packet(source: ip("10.244.1.9"), destination: ip("10.96.45.10"), destinationPort: 81))
        XCTAssertEqual(t.outcomes.count, 1)
        XCTAssertNil(t.outcomes[0].dnat)
        XCTAssertEqual(t.outcomes[0].verdict, .accept)
        let tail = t.outcomes[0].path.first { $0.chain == "KUBE-SERVICES" && $0.rule == 3 }
        XCTAssertEqual(tail?.matched, false)
        XCTAssertEqual(tail?.reason, "destination 10.96.45.10 is UNICAST, rule wants LOCAL")
    }

    func testEstablishedPacketsSkipNat() {
        let t = tracer().trace(Packet(source: ip("10.244.1.9"), destination: ip("10.96.45.10"), destinationPort: 80, conntrack: .established))
        XCTAssertEqual(t.outcomes.count, 1)
        XCTAssertNil(t.outcomes[0].dnat)
        XCTAssertFalse(t.outcomes[0].path.contains { $0.table == "nat" })
        XCTAssertTrue(t.notes.contains { $0.contains("nat is not consulted") })
        XCTAssertTrue(t.outcomes[0].path.contains { $0.chain == "KUBE-FORWARD" && $0.rule == 3 && $0.matched })
    }

    func testJSONShape() throws {
        let t = tracer().trace(Packet(source: ip("10.244.1.9"), destination: ip("10.96.45.10"), destinationPort: 81))
        let data = try JSONEncoder().encode(t)
        let obj = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let outcome = (obj?["outcomes"] as? [[String: Any]])?.first
        XCTAssertTrue(outcome?["dnat"] is NSNull)
        XCTAssertTrue(outcome?["snat"] is NSNull)
        XCTAssertEqual(outcome?["masquerade"] as? Bool, false)
        XCTAssertEqual(outcome?["verdict"] as? String, "ACCEPT")
        XCTAssertNotNil(obj?["rulesEvaluated"] as? Int)
        let step = (outcome?["path"] as? [[String: Any]])?.first
        XCTAssertEqual(Set(step?.keys.map { $0 } ?? []), ["table", "chain", "rule", "text", "matched", "reason"])
    }
}
