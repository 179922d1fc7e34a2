import XCTest
import NetCore
import ClusterModel
import Netfilter
import TestSupport
@testable import KubeProxy

/// kube-proxy-iptables.md §4 hash vectors and the §8 worked example, byte for byte.
final class ReferenceGoldenTests: XCTestCase {
    func testChainNameHashVectors() {
        XCTAssertEqual(ChainNames.svc("ns1/svc1:p80", .tcp), "KUBE-SVC-XPGD46QRK7WJZT7O")
        XCTAssertEqual(ChainNames.svl("ns2/svc2:p80", .tcp), "KUBE-SVL-GNZBNJ2PO5MGZ6GT")
        XCTAssertEqual(ChainNames.ext("ns2/svc2:p80", .tcp), "KUBE-EXT-GNZBNJ2PO5MGZ6GT")
        XCTAssertEqual(ChainNames.fw("ns5/svc5:p80", .tcp), "KUBE-FW-NUKIZ6OKUXPJNT4C")
        XCTAssertEqual(ChainNames.sep("ns1/svc1:p80", .tcp, endpoint: "10.180.0.1:80"), "KUBE-SEP-SXIVWICOYRO3J4NJ")
        XCTAssertEqual(ChainNames.svc("kube-system/kube-dns:dns", .udp), "KUBE-SVC-TCOU7JCQXEZGVUNU")
        XCTAssertEqual(ChainNames.svc("default/kubernetes:https", .tcp), "KUBE-SVC-NPX46M4PTMTKRN6Y")
        XCTAssertEqual(ChainNames.sep("default/web", .tcp, endpoint: "10.244.2.12:8080"), "KUBE-SEP-Q3DMFNEMESXUC7IT")
    }

    func testProbabilitiesAsKubeProxyPrintsThem() {
        XCTAssertEqual((2...10).map(IptablesProxier.probability), [
            "0.5000000000", "0.3333333333", "0.2500000000", "0.2000000000", "0.1666666667",
            "0.1428571429", "0.1250000000", "0.1111111111", "0.1000000000"])
    }

    func node01() throws -> NodeRules {
        let cluster = ReferenceCluster.load()
        XCTAssertEqual(cluster.diagnostics.errors.map(\.description), [])
        let rules = try KubeProxy.rules(for: cluster, node: "node01")
        XCTAssertEqual(rules.diagnostics, [])
        return rules
    }

    func testRestorePayloadIsSection81() throws {
        XCTAssertEqual(try node01().restorePayload, ReferenceExample.restoreInput)
    }

    func testIptablesSaveNatIsSection82() throws {
        XCTAssertEqual(try node01().iptablesSave(tables: [.nat]), ReferenceExample.saveNat)
    }

    func testIptablesSaveFilterAndMangleAreSection83() throws {
        XCTAssertEqual(try node01().iptablesSave(tables: [.filter, .mangle]), ReferenceExample.saveFilterMangle)
    }

    func testNode02NatRulesAreTheSame() throws {
        let cluster = ReferenceCluster.load()
        let n2 = try KubeProxy.rules(for: cluster, node: "node02")
        XCTAssertEqual(n2.iptablesSave(tables: [.nat]), ReferenceExample.saveNat)
    }

    func testUnknownNodeIsAnError() {
        XCTAssertThrowsError(try KubeProxy.rules(for: ReferenceCluster.load(), node: "node09")) { e in
            XCTAssertTrue("\(e)".contains("node01, node02"), "\(e)")
        }
    }
}

final class OutcomeHelperTests: XCTestCase {
    func testDNATAddressPortAndDecidingRule() throws {
        let all = KubeProxy.rulesForAllNodes(of: ReferenceCluster.load())
        XCTAssertEqual(all.keys.sorted(), ["node01", "node02"])
        let t = try XCTUnwrap(all["node01"]).trace(Packet(source: IPAddress("10.244.1.9") ?? .v4(IPv4Address(0)), destination: IPAddress("10.96.45.10") ?? .v4(IPv4Address(0)), destinationPort: 80))
        let o = try XCTUnwrap(t.outcomes.first)
        XCTAssertEqual(o.dnatAddress, IPAddress("10.244.1.5"))
        XCTAssertEqual(o.dnatPort, 8080)
        XCTAssertEqual(o.decidingStep?.chain, "KUBE-SEP-XQWD6PXGZUTOOIVQ", "the DNAT rule decided")
        let reject = try XCTUnwrap(all["node01"]).trace(Packet(source: IPAddress("192.168.56.1") ?? .v4(IPv4Address(0)), destination: IPAddress("192.168.56.11") ?? .v4(IPv4Address(0)), destinationPort: 30081))
        XCTAssertEqual(reject.outcomes.first?.decidingStep?.text, ":INPUT ACCEPT", "nothing matched the port: INPUT's policy lets it through to the (closed) socket")
        XCTAssertTrue(o.matchedRules.contains { $0.contains("DNAT --to-destination 10.244.1.5:8080") })
    }
}
