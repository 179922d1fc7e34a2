import ClusterModel
import PacketPath
import XCTest

/// The same requests over other CNI plugins: calico routed with IP-in-IP, flannel VXLAN.
final class CNIVariantTraceTests: XCTestCase {
    func crossNodeTrace(_ c: Cluster) throws -> Trace {
        for pick in 1...2 {
            let t = try trace(c, from: "default/client", "http://wear-service:8080/", pick: pick)
            if t.hops.last(where: { $0.kind == .deliver })?.node == "node02" { return t }
        }
        throw XCTSkip("no wear pod on node02")
    }

    func testCalicoIPIPIsRoutedAndEncapsulatedAsProtocol4() throws {
        var c = try demo("online-store")
        c.network.cni = .init(plugin: "calico", bridge: "", ipam: "host-local", encapsulation: "ipip", mtu: 1500)
        let t = try crossNodeTrace(c)
        let veth = try XCTUnwrap(t.hops.first { $0.kind == .veth })
        XCTAssertTrue(veth.interface?.contains("→ cali") == true, veth.interface ?? "")
        XCTAssertEqual(veth.decision, "pod route: default via 169.254.1.1 dev eth0")
        XCTAssertTrue(t.hops.contains { $0.kind == .bridge && $0.decision.contains("proxy_arp") })
        let encap = try XCTUnwrap(t.hops.first { $0.kind == .encap })
        XCTAssertEqual(encap.after, PacketHeaders(src: "192.168.56.11", dst: "192.168.56.12", proto: "ipip"))
        XCTAssertTrue(t.hops.first { $0.kind == .route }?.decision.contains("dev tunl0 proto bird onlink") == true)
        XCTAssertFalse(t.hops.contains { $0.kind == .bridge && $0.node == "node02" }, "calico delivers by a /32 route, no bridge")
        XCTAssertEqual(t.outcome.status, .delivered)
    }

    func testFlannelVXLANMasqueradesNodePortToFlannelAddress() throws {
        var c = try demo("online-store")
        c.network.cni = .init(plugin: "flannel", bridge: "cni0", ipam: "host-local", encapsulation: "vxlan", mtu: 1500)
        let t = try crossNodeTrace(c)
        let encap = try XCTUnwrap(t.hops.first { $0.kind == .encap })
        XCTAssertEqual(encap.after?.dst, "192.168.56.12:8472")
        XCTAssertEqual(encap.interface, "flannel.1")
        XCTAssertTrue(encap.explanation.contains("MTU 1450"))
        // From outside to a pod on the other node: MASQUERADE picks flannel.1's address (10.244.1.0).
        var st = try demo("service-types")
        st.network.cni = c.network.cni
        var sawOverlay = false
        for pick in 1...3 {
            let ext = try trace(st, from: "external/browser", "192.168.56.11:30080", pick: pick)
            sawOverlay = sawOverlay || ext.hops.contains { $0.kind == .encap }
            XCTAssertTrue(ext.masqueraded)
            let snat = ext.hops.first { $0.kind == .netfilter && $0.decision.contains("MASQUERADE") }
            if ext.hops.contains(where: { $0.kind == .encap }) {
                XCTAssertEqual(snat?.after?.src.hasPrefix("10.244.1.0:"), true, snat?.after?.src ?? "")
            } else {
                XCTAssertEqual(snat?.after?.src.hasPrefix("10.244.1.1:"), true, "cni0's address for a local endpoint")
            }
        }
        XCTAssertTrue(sawOverlay, "one of the three endpoints is on node02")
    }
}
