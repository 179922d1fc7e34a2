import ClusterDNS
import ClusterModel
import NetCore
import Synchronization
import XCTest

/// The injected DNAT provider: what it decides is what every query's packet path shows; when
/// it has no rules (or there is none) the EndpointSlice model answers, with a note saying why.
/// (The provider built from kube-proxy's real rules is tested in KubewalkCLITests.KubeDNSDNATTests.)
final class DNATProviderTests: XCTestCase {
    let cluster = DNSFixture.cluster()

    /// A provider that answers `decision` and records what it was asked.
    final class Recorder: Sendable {
        let asked = Mutex<[String]>([])
        func provider(_ decision: Result<DNSDNATDecision, DNSDNATUnavailable>) -> DNATProvider {
            { pod, ip, port, proto in
                self.asked.withLock { $0.append("\(pod.namespace)/\(pod.name) \(ip):\(port)/\(proto.lowercased)") }
                return decision
            }
        }
    }

    func testProviderDecisionIsThePathOfEveryQuery() throws {
        // One outcome only, on a different target port than the EndpointSlice model would pick.
        let rule = "nat/KUBE-SEP-TEST #2: -A KUBE-SEP-TEST -p udp -j DNAT --to-destination 10.244.0.3:53"
        let decision = DNSDNATDecision(decidedBy: "kube-proxy's iptables rules on node node01 (test)", serviceChain: "KUBE-SVC-TCOU7JCQXEZGVUNU",
                                       outcomes: [DNSDNATOutcome(endpoint: "10.244.0.3:53", pod: "kube-system/coredns-a", node: "node00",
                                                                 probability: 1, chain: "KUBE-SEP-TEST", rule: rule, rules: [rule])])
        let recorder = Recorder()
        let engine = ClusterDNSEngine(cluster: cluster, dnat: recorder.provider(.success(decision)))
        let r = engine.resolve("cart", from: try DNSFixture.pod(cluster, "shop", "client"))
        XCTAssertEqual(r.result.addresses, ["10.96.7.7"])
        XCTAssertGreaterThan(r.queries.count, 0)
        for q in r.queries {
            XCTAssertEqual(q.path.dnatBy, decision.decidedBy)
            XCTAssertEqual(q.path.serviceChain, "KUBE-SVC-TCOU7JCQXEZGVUNU")
            XCTAssertEqual(q.path.outcomes, decision.outcomes)
            XCTAssertNil(q.path.note, "no fallback note when the rules decided")
        }
        XCTAssertFalse(r.notes.contains { $0.contains("EndpointSlices") }, r.notes.joined(separator: "\n"))
        XCTAssertEqual(recorder.asked.withLock { $0 }, ["shop/client 10.96.0.10:53/udp"], "asked once per lookup, for 53/UDP from the pod")
    }

    func testProviderWithoutRulesFallsBackToEndpointSlicesWithTheReason() throws {
        let engine = ClusterDNSEngine(cluster: cluster, dnat: Recorder().provider(.failure(DNSDNATUnavailable("pod shop/client has no node (test)"))))
        let r = engine.resolve("cart", from: try DNSFixture.pod(cluster, "shop", "client"))
        let path = try XCTUnwrap(r.queries.first?.path)
        XCTAssertEqual(path.outcomes.map(\.endpoint), ["10.244.0.12:53", "10.244.0.3:53"])
        XCTAssertEqual(path.dnatBy, DNSDNATDecision.endpointSliceModel)
        XCTAssertNil(path.serviceChain)
        XCTAssertTrue(path.note?.contains("pod shop/client has no node (test)") ?? false, path.note ?? "no note")
        XCTAssertTrue(r.notes.contains { $0.contains("modelled from the kube-dns EndpointSlices") }, r.notes.joined(separator: "\n"))
    }

    func testEngineWithoutProviderSaysTheOutcomeSetIsModelled() throws {
        let r = ClusterDNSEngine(cluster: cluster).resolve("cart", from: try DNSFixture.pod(cluster, "shop", "client"))
        let path = try XCTUnwrap(r.queries.first?.path)
        XCTAssertEqual(path.dnatBy, DNSDNATDecision.endpointSliceModel)
        XCTAssertTrue(r.notes.contains { $0.contains("built without them") }, r.notes.joined(separator: "\n"))
    }

    func testRejectFromTheRulesIsConnectionRefused() throws {
        let decision = DNSDNATDecision(decidedBy: "kube-proxy's iptables rules on node node01 (test)", outcomes: [],
                                       refusal: "REJECT by filter/KUBE-SERVICES #1 (test)", connectionRefused: true)
        let engine = ClusterDNSEngine(cluster: cluster, dnat: Recorder().provider(.success(decision)))
        let r = engine.resolve("cart", from: try DNSFixture.pod(cluster, "shop", "client"))
        XCTAssertEqual(r.result.error, "EAI_AGAIN")
        XCTAssertEqual(Set(r.queries.map(\.name)), ["cart.shop.svc.cluster.local."], "connection refused: glibc gives up at once")
        let q = try XCTUnwrap(r.queries.first)
        XCTAssertEqual(q.rcode, "no reply")
        XCTAssertEqual(q.decidedBy, "kube-proxy")
        XCTAssertEqual(q.explanation, "REJECT by filter/KUBE-SERVICES #1 (test)")
        XCTAssertEqual(q.path.refusal, "REJECT by filter/KUBE-SERVICES #1 (test)")
    }

    func testDropFromTheRulesTimesOut() throws {
        let decision = DNSDNATDecision(decidedBy: "test", outcomes: [], refusal: "DROP by a test rule", connectionRefused: false)
        let engine = ClusterDNSEngine(cluster: cluster, dnat: Recorder().provider(.success(decision)))
        let r = engine.resolve("cart", from: try DNSFixture.pod(cluster, "shop", "client"))
        XCTAssertNotEqual(r.result.error, nil)
        XCTAssertTrue(r.queries.allSatisfy { $0.rcode == "no reply" && $0.explanation == "DROP by a test rule" })
        XCTAssertEqual(Set(r.queries.map(\.name)), ["cart.shop.svc.cluster.local.", "cart."],
                       "a timeout is not \"connection refused\": glibc stops the search list but still tries the name as typed")
    }

    func testEndpointSliceModelRejectsWithoutReadyEndpoints() throws {
        var c = cluster
        c.endpointSlices = c.endpointSlices.filter { $0.serviceName != "kube-dns" }
        c.reindex()
        let svc = try XCTUnwrap(c.dnsService)
        let port = try XCTUnwrap(svc.ports.first { $0.port == 53 && $0.proto == .udp })
        let d = DNSDNATDecision.fromEndpointSlices(service: svc, port: port, cluster: c)
        XCTAssertTrue(d.outcomes.isEmpty)
        XCTAssertTrue(d.connectionRefused)
        XCTAssertTrue(d.refusal?.contains("no ready endpoints") ?? false)
    }
}
