import XCTest
import NetCore
import ClusterModel
import Netfilter
import TestSupport
@testable import KubeProxy

/// ipvs mode: kube-ipvs0, virtual servers, ipsets and the iptables rules that match them.
final class IPVSModeTests: XCTestCase {
    func ipvsNode01() throws -> NodeRules {
        var c = ReferenceCluster.load()
        c.network.kubeProxy.mode = "ipvs"
        let r = try KubeProxy.rules(for: c, node: "node01")
        XCTAssertEqual(r.diagnostics, [])
        return r
    }

    func testIpvsadmListing() throws {
        let r = try ipvsNode01()
        guard let ipvs = r.ipvs else { return XCTFail("no ipvs state") }
        XCTAssertEqual(ipvs.ipvsadmList(), """
        IP Virtual Server version 1.2.1 (size=4096)
        Prot LocalAddress:Port Scheduler Flags
          -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
        TCP  10.96.45.10:80 rr
          -> 10.244.1.5:8080              Masq    1      0          0
          -> 10.244.2.7:8080              Masq    1      0          0
          -> 10.244.2.12:8080             Masq    1      0          0
        TCP  10.96.200.30:80 rr
          -> 10.244.1.5:8080              Masq    1      0          0
          -> 10.244.2.7:8080              Masq    1      0          0
          -> 10.244.2.12:8080             Masq    1      0          0
        TCP  10.244.1.1:30080 rr
          -> 10.244.1.5:8080              Masq    1      0          0
          -> 10.244.2.7:8080              Masq    1      0          0
          -> 10.244.2.12:8080             Masq    1      0          0
        TCP  192.168.56.11:30080 rr
          -> 10.244.1.5:8080              Masq    1      0          0
          -> 10.244.2.7:8080              Masq    1      0          0
          -> 10.244.2.12:8080             Masq    1      0          0

        """)
        XCTAssertEqual(ipvs.dummyAddresses.map(\.description), ["10.96.45.10", "10.96.200.30"])
        XCTAssertEqual(ipvs.ipsets.first { $0.name == "KUBE-CLUSTER-IP" }?.entries.map(\.text), ["10.96.200.30,tcp:80", "10.96.45.10,tcp:80"])
        XCTAssertEqual(ipvs.ipsets.first { $0.name == "KUBE-LOOP-BACK" }?.entries.map(\.text), ["10.244.1.5,tcp:8080,10.244.1.5"])
        XCTAssertEqual(ipvs.ipsets.first { $0.name == "KUBE-NODE-PORT-TCP" }?.entries.map(\.text), ["30080"])
    }

    func testIptablesRulesOfIpvsMode() throws {
        let save = try ipvsNode01().iptablesSave(tables: [.nat])
        XCTAssertTrue(save.contains(#"-A KUBE-SERVICES ! -s 10.244.0.0/16 -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ"#), save)
        XCTAssertTrue(save.contains("-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT"), save)
        XCTAssertTrue(save.contains("-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT"), save)
        XCTAssertTrue(save.contains(#"-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port for masquerade purpose" -m set --match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ"#), save)
        XCTAssertTrue(save.contains(#"-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE"#), save)
        XCTAssertFalse(save.contains("KUBE-SVC-"))
    }

    func testClusterIPTraceGoesThroughIPVS() throws {
        let r = try ipvsNode01()
        let t = r.trace(Packet(source: IPAddress("10.244.1.9")!, destination: IPAddress("10.96.45.10")!, destinationPort: 80))
        XCTAssertEqual(t.outcomes.map(\.dnat), ["10.244.1.5:8080", "10.244.2.12:8080", "10.244.2.7:8080"])
        XCTAssertTrue(t.outcomes.allSatisfy { $0.hooks.starts(with: ["PREROUTING", "INPUT", "IPVS"]) && !$0.masquerade })
        XCTAssertEqual(t.outcomes[0].probability, 1.0 / 3, accuracy: 1e-12)
        // The ClusterIP is on kube-ipvs0, so it is LOCAL and passes KUBE-IPVS-FILTER by the set.
        XCTAssertTrue(t.outcomes[0].path.contains { $0.chain == "KUBE-IPVS-FILTER" && $0.matched && $0.reason.contains("KUBE-CLUSTER-IP") })
        // The endpoint reaching its own Service is masqueraded by KUBE-LOOP-BACK.
        let hairpin = r.trace(Packet(source: IPAddress("10.244.1.5")!, destination: IPAddress("10.96.45.10")!, destinationPort: 80))
        XCTAssertEqual(hairpin.outcomes.filter(\.masquerade).map(\.dnat), ["10.244.1.5:8080"])
    }

    func testAPortNoVirtualServerListensOnIsRejected() throws {
        let t = try ipvsNode01().trace(Packet(source: IPAddress("10.244.1.9")!, destination: IPAddress("10.96.45.10")!, destinationPort: 81))
        XCTAssertEqual(t.outcomes.map(\.verdict), [.reject])
        XCTAssertTrue(t.outcomes[0].path.contains { $0.chain == "KUBE-IPVS-FILTER" && $0.matched && $0.text.contains("REJECT") })
    }
}
