import XCTest
import NetCore
import ClusterModel
import Netfilter
import TestSupport
@testable import KubeProxy

/// Rule text for each Service shape of kube-proxy-iptables.md §5, and walks through them.
final class ServiceShapeRuleTests: XCTestCase {
    func rules(_ node: String, mutate: (inout Cluster) -> Void = { _ in }) throws -> NodeRules {
        var cluster = ServiceShapesCluster.load()
        XCTAssertEqual(cluster.diagnostics.errors.map(\.description), [])
        mutate(&cluster)
        let r = try KubeProxy.rules(for: cluster, node: node)
        XCTAssertEqual(r.diagnostics, [])
        return r
    }

    func lines(_ text: String, containing s: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { $0.contains(s) }
    }

    func ip(_ s: String) -> IPAddress { IPAddress(s)! }

    func testServiceWithoutEndpointsIsRejectedInFilterAndAbsentFromNat() throws {
        let r = try rules("node01")
        XCTAssertEqual(lines(r.restorePayload, containing: "shop/empty"), [
            #"-A KUBE-SERVICES -m comment --comment "shop/empty has no endpoints" -m tcp -p tcp -d 10.96.0.26 --dport 80 -j REJECT"#,
        ])
        let t = r.trace(Packet(source: ip("10.244.1.10"), destination: ip("10.96.0.26"), destinationPort: 80))
        XCTAssertEqual(t.outcomes.map(\.verdict), [.reject])
    }

    func testNodeWithoutLocalEndpointsDropsLocalPolicyTraffic() throws {
        let r = try rules("node03")
        let save = r.restorePayload
        XCTAssertEqual(lines(save, containing: "has no local endpoints"), [
            #"-A KUBE-SERVICES -m comment --comment "shop/api-itp has no local endpoints" -m tcp -p tcp -d 10.96.0.22 --dport 80 -j DROP"#,
            #"-A KUBE-EXTERNAL-SERVICES -m comment --comment "shop/api-lb has no local endpoints" -m tcp -p tcp -d 192.168.56.201 --dport 443 -j DROP"#,
            #"-A KUBE-EXTERNAL-SERVICES -m comment --comment "shop/api-lb has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30101 -j DROP"#,
            #"-A KUBE-EXTERNAL-SERVICES -m comment --comment "shop/api-local has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30100 -j DROP"#,
        ])
        // No KUBE-SVL chain at all on node03, and KUBE-EXT ends without the policy jump.
        XCTAssertFalse(save.contains(":KUBE-SVL-"))
        // An outside client reaching node03's NodePort: nat leaves it alone, filter drops it.
        let outside = r.trace(Packet(source: ip("203.0.113.10"), destination: ip("192.168.56.13"), destinationPort: 30100))
        XCTAssertEqual(outside.outcomes.map(\.verdict), [.drop])
        XCTAssertNil(outside.outcomes[0].dnat)
        XCTAssertTrue(outside.outcomes[0].path.contains { $0.chain == "KUBE-EXTERNAL-SERVICES" && $0.matched })
        // A pod on node03 still reaches the Service through the NodePort (Cluster behaviour for pods).
        let pod = r.trace(Packet(source: ip("10.244.3.7"), destination: ip("192.168.56.13"), destinationPort: 30100))
        XCTAssertEqual(pod.outcomes.count, 3)
    }

    func testExternalTrafficPolicyLocalKeepsTheClientAddress() throws {
        let r = try rules("node02")
        let t = r.trace(Packet(source: ip("203.0.113.10"), destination: ip("192.168.56.12"), destinationPort: 30100))
        XCTAssertEqual(t.outcomes.map(\.dnat), ["10.244.2.10:8080", "10.244.2.11:8080"])
        XCTAssertTrue(t.outcomes.allSatisfy { !$0.masquerade && $0.verdict == .accept })
        XCTAssertEqual(t.outcomes.map(\.probability), [0.5, 0.5])
    }

    func testInternalTrafficPolicyLocalUsesOnlyThisNodesEndpoints() throws {
        let t = try rules("node02").trace(Packet(source: ip("10.244.2.99"), destination: ip("10.96.0.22"), destinationPort: 80))
        XCTAssertEqual(t.outcomes.map(\.dnat), ["10.244.2.10:8080", "10.244.2.11:8080"])
    }

    func testHeadlessAndExternalNameServicesProduceNoRules() throws {
        let r = try rules("node01")
        XCTAssertFalse(r.restorePayload.contains("api-headless"))
        XCTAssertFalse(r.restorePayload.contains("upstream"))
    }

    func testServingTerminatingEndpointIsTheFallback() throws {
        let r = try rules("node02")
        XCTAssertEqual(lines(r.restorePayload, containing: "DNAT").filter { $0.contains("shop/draining") }, [
            "-A KUBE-SEP-V2XU3NFFVHYLARAG -m comment --comment shop/draining -m tcp -p tcp -j DNAT --to-destination 10.244.1.50:8080",
        ])
    }

    func testLoadBalancerSourceRangesAndHealthCheck() throws {
        let r = try rules("node01")
        let fw = lines(r.restorePayload, containing: "KUBE-FW-T2IFN7PUBGMJOF42")
        XCTAssertTrue(fw.contains(#"-A KUBE-FW-T2IFN7PUBGMJOF42 -m comment --comment "shop/api-lb loadbalancer IP" -s 192.168.56.0/24 -j KUBE-EXT-T2IFN7PUBGMJOF42"#))
        XCTAssertTrue(fw.contains(#"-A KUBE-FW-T2IFN7PUBGMJOF42 -m comment --comment "other traffic to shop/api-lb will be dropped by KUBE-PROXY-FIREWALL""#))
        XCTAssertTrue(r.restorePayload.contains(#"-A KUBE-NODEPORTS -m comment --comment "shop/api-lb health check node port" -m tcp -p tcp --dport 30200 -j ACCEPT"#))
        // A client outside the allowed range: not DNATed, dropped by KUBE-PROXY-FIREWALL.
        let t = r.trace(Packet(source: ip("198.51.100.7"), destination: ip("192.168.56.201"), destinationPort: 443))
        XCTAssertEqual(t.outcomes.map(\.verdict), [.drop])
        XCTAssertTrue(t.outcomes[0].path.contains { $0.chain == "KUBE-PROXY-FIREWALL" && $0.matched })
    }

    func testSessionAffinityWritesRecentRulesAndSticks() throws {
        let r = try rules("node01")
        XCTAssertTrue(r.restorePayload.contains(#"-A KUBE-SVC-MS4FXTQIKO2FR5YS -m comment --comment "shop/api-sticky -> 10.244.1.10:8080" -m recent --name KUBE-SEP-CVKAPJFABO3NRUWY --rcheck --seconds 10800 --reap -j KUBE-SEP-CVKAPJFABO3NRUWY"#))
        var host = r.host
        host.recent["KUBE-SEP-V3NMFB2RIWYXPAU5"] = [ip("10.244.1.99")]
        let t = Tracer(ruleset: r.ruleset, host: host).trace(Packet(source: ip("10.244.1.99"), destination: ip("10.96.0.23"), destinationPort: 80))
        XCTAssertEqual(t.outcomes.map(\.dnat), ["10.244.2.10:8080"])
    }

    func testUDPAndSCTPUseTheirOwnMatches() throws {
        let p = try rules("node01").restorePayload
        XCTAssertTrue(p.contains(#"-A KUBE-SERVICES -m comment --comment "shop/api-dns:dns cluster IP" -m udp -p udp -d 10.96.0.27 --dport 53 -j KUBE-SVC-QGZDKOX25DP55XIT"#))
        XCTAssertTrue(p.contains("-m sctp -p sctp -j DNAT --to-destination 10.244.2.11:7777"))
    }

    func testMasqueradeAllAndMissingClusterCIDR() throws {
        let all = try rules("node01") { $0.network.kubeProxy.masqueradeAll = true }
        XCTAssertTrue(all.restorePayload.contains(#"-A KUBE-SVC-H6CFLHTHR7UMOFAY -m comment --comment "shop/api-multi:http cluster IP" -m tcp -p tcp -d 10.96.0.20 --dport 80 -j KUBE-MARK-MASQ"#))
        let none = try rules("node01") { $0.network.kubeProxy.clusterCIDR = nil }
        XCTAssertFalse(none.restorePayload.contains("cluster IP\" -m tcp -p tcp -d 10.96.0.20 --dport 80 ! -s"))
        XCTAssertFalse(none.restorePayload.contains("pod traffic for"))
        // Without the masquerade rule a node process reaching the ClusterIP is not marked.
        let t = none.trace(Packet(source: ip("192.168.56.11"), destination: ip("10.96.0.20"), destinationPort: 80, locallyGenerated: true))
        XCTAssertTrue(t.outcomes.allSatisfy { !$0.masquerade })
    }

    func testLargeClusterModeLeavesEndpointCommentsOut() {
        let eps = (0..<1001).map { ProxyEndpoint(ip: .v4(IPv4Address(0x0AF4_0000 + UInt32($0))), port: 80, nodeName: "n1") }
        let port = ProxyServicePort(namespace: "big", serviceName: "svc", clusterIP: .v4(IPv4Address(10, 96, 0, 5)), port: 80, endpoints: eps)
        let text = IptablesProxier(config: ProxyConfig(clusterCIDR: IPPrefix("10.244.0.0/16")), nodeName: "n1", nodeIP: nil).restorePayload([port])
        XCTAssertTrue(text.contains("-A KUBE-SEP-"))
        XCTAssertFalse(text.contains("--comment big/svc -s"), "SEP rules carry no comment above 1000 endpoints")
        XCTAssertFalse(text.contains("big/svc -> "))
        XCTAssertTrue(text.contains(#"--comment "big/svc cluster IP""#), "Service-level comments stay")
    }

    func testIPv6Rules() {
        let ep = ProxyEndpoint(ip: IPAddress("fd00:10:244:1::5")!, port: 8080, nodeName: "n1")
        let port = ProxyServicePort(namespace: "default", serviceName: "web", clusterIP: IPAddress("fd00:10:96::a")!, port: 80, nodePort: 30080, endpoints: [ep])
        let r = KubeProxy.rules(ports: [port], config: ProxyConfig(clusterCIDR: IPPrefix("fd00:10:244::/56")), nodeName: "n1",
                                nodeIP: IPAddress("fd00::11"), localAddresses: [IPAddress("fd00::11")!], family: .ipv6)
        XCTAssertEqual(r.diagnostics, [])
        let save = r.iptablesSave()
        XCTAssertTrue(save.contains("-j DNAT --to-destination [fd00:10:244:1::5]:8080"), save)
        XCTAssertTrue(save.contains("-A KUBE-SERVICES ! -d ::1/128 -m comment"), save)
        XCTAssertFalse(save.contains("KUBE-FIREWALL"))
        XCTAssertFalse(save.contains("127.0.0.0/8"))
        XCTAssertEqual(ChainNames.sep("default/web", .tcp, endpoint: "[fd00:10:244:1::5]:8080").count, 25)
        let t = r.trace(Packet(source: IPAddress("fd00:10:244:2::9")!, destination: IPAddress("fd00:10:96::a")!, destinationPort: 80))
        XCTAssertEqual(t.outcomes.map(\.dnat), ["[fd00:10:244:1::5]:8080"])
    }
}
