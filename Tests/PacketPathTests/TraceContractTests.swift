import ClusterModel
import NetCore
import Foundation
@testable import PacketPath
import XCTest

/// The trace's contract: the engine seam, input errors, the JSON shape, kube-proxy's names.
final class TraceContractTests: XCTestCase {
    func testEnginesPlugInThroughTraceEngines() throws {
        let c = try demo("online-store")
        var engines = TraceEngines.fallback
        engines.walkNetfilter = { _, q in
            NetfilterResult(outcomes: [NetfilterOutcome(verdict: .reject, decidingRule: "-A TEST -j REJECT", rules: [], explanation: "test engine")],
                            service: nil, engine: "test")
        }
        engines.resolveName = { _, q in
            NameResolution(queries: [ResolverQuery(name: q.name + ".", server: "10.96.0.10", rcode: "NOERROR", answers: ["10.101.12.20"], decidedBy: "test")],
                           addresses: [IPAddressParse.v4("10.101.12.20")], resolvConf: [], nameserver: nil, explanation: "test", engine: "test")
        }
        let t = try RequestTracer.trace(c, request: TraceRequest(from: "default/client", target: "http://anything/"), engines: engines)
        XCTAssertEqual(t.outcome.status, .refused)
        XCTAssertEqual(t.hops.last?.decision, "-A TEST -j REJECT")
        XCTAssertFalse(t.notes.contains { $0.contains("fallback kube-proxy") }, "a real engine's hops carry no fallback note")
        let standard = try RequestTracer.trace(c, request: TraceRequest(from: "default/client", target: "http://wear-service:8080/"))
        XCTAssertFalse(standard.notes.contains { $0.contains("fallback kube-proxy model") }, "netfilter goes through KubeProxy + Netfilter")
        XCTAssertFalse(standard.notes.contains { $0.contains("fallback model (glibc") }, "name resolution goes through ClusterDNS")
        let nat = try XCTUnwrap(standard.hops.first { $0.kind == .netfilter })
        XCTAssertTrue(nat.decision.hasPrefix("-A KUBE-SEP-"), "the deciding rule is kube-proxy's DNAT rule: \(nat.decision)")
        let fallback = try RequestTracer.trace(c, request: TraceRequest(from: "default/client", target: "http://wear-service:8080/"), engines: .fallback)
        XCTAssertTrue(fallback.notes.contains { $0.contains("fallback kube-proxy model") })
    }

    func testBadInputIsReportedNotTrapped() throws {
        let c = try demo("online-store")
        func err(_ from: String, _ target: String, pick: Int = 1, headers: [String] = []) -> TraceError? {
            do { _ = try RequestTracer.trace(c, request: TraceRequest(from: from, target: target, headers: headers, pick: pick)); return nil } catch { return error }
        }
        XCTAssertEqual(err("client", "web:80"), .badSource("client"))
        XCTAssertEqual(err("default/nosuch", "web:80"), .unknownPod("default/nosuch"))
        XCTAssertEqual(err("node/nosuch", "web:80"), .unknownNode("nosuch"))
        XCTAssertEqual(err("default/client", "web"), .badTarget("web"))
        XCTAssertEqual(err("default/client", "ftp://web/"), .badTarget("ftp://web/"))
        XCTAssertEqual(err("default/client", "web:99999"), .badTarget("web:99999"))
        XCTAssertEqual(err("default/client", "http://web/", headers: ["nocolon"]), .badHeader("nocolon"))
        if case .unknownExternalClient = err("external/nobody", "http://node01:30080/") {} else { XCTFail("unknown external client") }
        XCTAssertEqual(err("default/client", "http://wear-service:8080/", pick: 9), .badPick(9, outcomes: 2))
        XCTAssertTrue(TraceError.badTarget("x").isUsage)
        XCTAssertFalse(TraceError.unknownPod("x").isUsage)
    }

    func testJSONShapeMatchesIssue6() throws {
        let c = try demo("online-store")
        let t = try RequestTracer.trace(c, request: TraceRequest(from: "default/client", target: "http://wear-service:8080/"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(t)
        guard let obj = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let hops = obj["hops"] as? [[String: Any]], let outcome = obj["outcome"] as? [String: Any],
              let request = obj["request"] as? [String: Any] else { return XCTFail("shape") }
        XCTAssertEqual(request["from"] as? String, "default/client")
        for hop in hops {
            for key in ["index", "kind", "node", "pod", "interface", "before", "after", "decision", "explanation", "alternatives"] {
                XCTAssertTrue(hop.keys.contains(key), "every hop has \(key), null or not")
            }
        }
        for key in ["status", "pod", "address", "port", "httpStatus"] { XCTAssertTrue(outcome.keys.contains(key), key) }
        let kinds = Set(hops.compactMap { $0["kind"] as? String })
        XCTAssertTrue(kinds.isSubset(of: Set(HopKind.allCases.map(\.rawValue))))
        XCTAssertEqual(hops.compactMap { $0["index"] as? Int }, Array(1...hops.count))
        let before = hops.first { $0["kind"] as? String == "netfilter" }?["before"] as? [String: Any]
        XCTAssertEqual(before?["proto"] as? String, "tcp")
        XCTAssertEqual(outcome["status"] as? String, "delivered")
        XCTAssertEqual(outcome["port"] as? Int, 8080)
        XCTAssertTrue((outcome["pod"] as? String)?.hasPrefix("default/wear-") == true)
        // Stable ids the explorer animates by.
        let froms = hops.compactMap { $0["from"] as? String }
        XCTAssertTrue(froms.contains("pod:default/client"))
        XCTAssertTrue(froms.contains { $0.hasPrefix("iface:node01/veth") })
        XCTAssertEqual(try JSONDecoder().decode(Trace.self, from: data), t, "the JSON reads back as the same trace")
        // Deterministic: the same request gives the same bytes.
        XCTAssertEqual(data, try encoder.encode(try RequestTracer.trace(c, request: TraceRequest(from: "default/client", target: "http://wear-service:8080/"))))
    }

    func testKubeProxyNamesAndProbabilitiesMatchTheReference() {
        XCTAssertEqual(KubeProxyNames.svc("ns1/svc1:p80", .tcp), "KUBE-SVC-XPGD46QRK7WJZT7O")
        XCTAssertEqual(KubeProxyNames.ext("ns2/svc2:p80", .tcp), "KUBE-EXT-GNZBNJ2PO5MGZ6GT")
        XCTAssertEqual(KubeProxyNames.sep("ns1/svc1:p80", .tcp, "10.180.0.1:80"), "KUBE-SEP-SXIVWICOYRO3J4NJ")
        XCTAssertEqual(KubeProxyNames.svc("kube-system/kube-dns:dns", .udp), "KUBE-SVC-TCOU7JCQXEZGVUNU")
        XCTAssertEqual(KubeProxyNames.probability(3), "0.3333333333")
        XCTAssertEqual(KubeProxyNames.probability(6), "0.1666666667")
        XCTAssertEqual(KubeProxyNames.probability(2), "0.5000000000")
    }

    func testTargetParsing() throws {
        let u = try TraceTarget.parse("http://node01:30080/watch?x=1")
        XCTAssertEqual([u.host, "\(u.port)", u.path], ["node01", "30080", "/watch?x=1"])
        XCTAssertEqual(try TraceTarget.parse("https://shop.example.com").port, 443)
        let ip = try TraceTarget.parse("10.96.0.10:53")
        XCTAssertNotNil(ip.address)
        XCTAssertFalse(ip.isHTTP)
    }
}

enum IPAddressParse {
    static func v4(_ s: String) -> IPAddress { IPAddress(s) ?? .v4(IPv4Address(0)) }
}
