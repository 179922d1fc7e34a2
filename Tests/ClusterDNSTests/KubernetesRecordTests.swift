import ClusterDNS
import ClusterModel
import NetCore
import XCTest

/// Every record type of the Kubernetes DNS specification, NXDOMAIN versus NODATA, TTLs,
/// the pods modes — CoreDNS's reply to one question (`reference/dns.md` §4).
final class KubernetesRecordTests: XCTestCase {
    let engine = ClusterDNSEngine(cluster: DNSFixture.cluster())

    struct Row {
        var name: String
        var type: DNSRecordType
        var rcode: DNSRcode
        /// Answer data in order ("" for NODATA).
        var data: [String]
        init(_ name: String, _ type: DNSRecordType, _ rcode: DNSRcode, _ data: [String] = []) {
            self.name = name; self.type = type; self.rcode = rcode; self.data = data
        }
    }

    func check(_ rows: [Row], engine: ClusterDNSEngine? = nil, file: StaticString = #filePath, line: UInt = #line) throws {
        let e = engine ?? self.engine
        for r in rows {
            let reply = try XCTUnwrap(e.coreDNSReply(DNSQuestion(name: r.name, type: r.type)), file: file, line: line)
            XCTAssertEqual(reply.rcode, r.rcode, "\(r.name) \(r.type): \(reply.explanation)", file: file, line: line)
            XCTAssertEqual(reply.answers.map(\.data), r.data, "\(r.name) \(r.type): \(reply.explanation)", file: file, line: line)
        }
    }

    func testClusterIPService() throws {
        try check([
            Row("cart.shop.svc.cluster.local.", .A, .NOERROR, ["10.96.7.7"]),
            Row("CART.Shop.svc.cluster.local.", .A, .NOERROR, ["10.96.7.7"]),
            Row("cart.shop.svc.cluster.local.", .AAAA, .NOERROR),
            Row("cart.shop.svc.cluster.local.", .TXT, .NOERROR),
            Row("cart.shop.svc.cluster.local.", .MX, .NOERROR),
            Row("cart.shop.svc.cluster.local.", .CNAME, .NOERROR),
            Row("nope.shop.svc.cluster.local.", .A, .NXDOMAIN),
            Row("cart.ops.svc.cluster.local.", .A, .NXDOMAIN),
            Row("10-244-3-7.cart.shop.svc.cluster.local.", .A, .NOERROR, ["10.244.3.7"]),
            Row("10-244-3-8.cart.shop.svc.cluster.local.", .A, .NXDOMAIN),
            Row("a.b.c.cart.shop.svc.cluster.local.", .A, .NXDOMAIN),
        ])
    }

    func testSRVForNamedPortsClusterIPAndHeadless() throws {
        try check([
            Row("_grpc._tcp.cart.shop.svc.cluster.local.", .SRV, .NOERROR, ["0 100 9090 cart.shop.svc.cluster.local."]),
            Row("grpc.tcp.cart.shop.svc.cluster.local.", .SRV, .NOERROR, ["0 100 9090 cart.shop.svc.cluster.local."]),
            Row("_grpc._tcp.cart.shop.svc.cluster.local.", .A, .NOERROR, ["10.96.7.7"]),
            Row("_http._tcp.cart.shop.svc.cluster.local.", .SRV, .NXDOMAIN),
            Row("_grpc._udp.cart.shop.svc.cluster.local.", .SRV, .NXDOMAIN),
            Row("cart.shop.svc.cluster.local.", .SRV, .NOERROR, ["0 100 9090 cart.shop.svc.cluster.local."]),
            // §5 (c)
            Row("_broker._tcp.kafka.shop.svc.cluster.local.", .SRV, .NOERROR,
                ["0 50 9092 kafka-0.kafka.shop.svc.cluster.local.", "0 50 9092 kafka-1.kafka.shop.svc.cluster.local."]),
        ])
        let srv = try XCTUnwrap(engine.coreDNSReply(DNSQuestion(name: "_broker._tcp.kafka.shop.svc.cluster.local.", type: .SRV)))
        XCTAssertEqual(Set(srv.additional.map(\.data)), ["10.244.3.20", "10.244.4.21"])
        let cartSRV = try XCTUnwrap(engine.coreDNSReply(DNSQuestion(name: "_grpc._tcp.cart.shop.svc.cluster.local.", type: .SRV)))
        XCTAssertEqual(cartSRV.additional.map(\.data), ["10.96.7.7"])
    }

    func testHeadlessServiceAndEndpointHostnames() throws {
        try check([
            Row("kafka.shop.svc.cluster.local.", .A, .NOERROR, ["10.244.3.20", "10.244.4.21"]),
            Row("kafka-1.kafka.shop.svc.cluster.local.", .A, .NOERROR, ["10.244.4.21"]),
            // An endpoint with a hostname is reachable only by it.
            Row("10-244-4-21.kafka.shop.svc.cluster.local.", .A, .NXDOMAIN),
            // §5 (f): headless with no ready endpoints does not exist at all.
            Row("batch.ops.svc.cluster.local.", .A, .NXDOMAIN),
            Row("batch.ops.svc.cluster.local.", .SRV, .NXDOMAIN),
            Row("batch.ops.svc.cluster.local.", .TXT, .NXDOMAIN),
        ])
    }

    func testPublishNotReadyAddressesPublishesTheNotReadyPod() throws {
        let extra = """
        apiVersion: v1
        kind: Service
        metadata: {name: batch-all, namespace: ops}
        spec: {clusterIP: None, publishNotReadyAddresses: true, selector: {app: batch}, ports: [{name: http, port: 80}]}
        """
        try check([Row("batch-all.ops.svc.cluster.local.", .A, .NOERROR, ["10.244.4.30"])],
                  engine: ClusterDNSEngine(cluster: DNSFixture.cluster(extra: extra)))
    }

    func testExternalNameCNAME() throws {
        // §5 (d): CNAME then the target's A, every TTL clamped to 30 by the cache.
        let a = try XCTUnwrap(engine.coreDNSReply(DNSQuestion(name: "payments.shop.svc.cluster.local.", type: .A)))
        XCTAssertEqual(a.rcode, .NOERROR)
        XCTAssertEqual(a.answers.map(\.type), [.CNAME, .A])
        XCTAssertEqual(a.answers.map(\.data), ["api.payments.example.", "198.51.100.8"])
        XCTAssertEqual(a.answers.map(\.ttl), [30, 30])
        try check([
            Row("payments.shop.svc.cluster.local.", .AAAA, .NOERROR, ["api.payments.example."]),
            Row("payments.shop.svc.cluster.local.", .CNAME, .NOERROR, ["api.payments.example."]),
            Row("payments.shop.svc.cluster.local.", .SRV, .NOERROR),
            Row("x.payments.shop.svc.cluster.local.", .A, .NXDOMAIN),
        ])
    }

    func testReversePTRForServiceAndEndpointIPs() throws {
        try check([
            Row("7.7.96.10.in-addr.arpa.", .PTR, .NOERROR, ["cart.shop.svc.cluster.local."]),
            // §5 (g)
            Row("7.3.244.10.in-addr.arpa.", .PTR, .NOERROR, ["10-244-3-7.cart.shop.svc.cluster.local."]),
            Row("20.3.244.10.in-addr.arpa.", .PTR, .NOERROR, ["kafka-0.kafka.shop.svc.cluster.local."]),
            // A pod behind no Service: falls through to forward; the stand-in upstream says NXDOMAIN.
            Row("10.1.244.10.in-addr.arpa.", .PTR, .NXDOMAIN),
        ])
        let passedOn = try XCTUnwrap(engine.coreDNSReply(DNSQuestion(name: "10.1.244.10.in-addr.arpa.", type: .PTR)))
        XCTAssertTrue(passedOn.decidedBy.contains("forward"), passedOn.decidedBy)
    }

    func testNXDOMAINVersusNODATATable() throws {
        try check([
            Row("cluster.local.", .A, .NOERROR),
            Row("svc.cluster.local.", .A, .NOERROR),
            Row("pod.cluster.local.", .A, .NOERROR),
            Row("ops.svc.cluster.local.", .A, .NOERROR),
            Row("nons.svc.cluster.local.", .A, .NXDOMAIN),
            Row("cart.cluster.local.", .A, .NXDOMAIN),
            Row("ops.pod.cluster.local.", .A, .NOERROR),
            Row("dns-version.cluster.local.", .TXT, .NOERROR, ["\"1.1.0\""]),
            Row("cluster.local.", .SOA, .NOERROR, ["ns.dns.cluster.local. hostmaster.cluster.local. 1700000000 7200 1800 86400 30"]),
            Row("cluster.local.", .NS, .NOERROR, ["kube-dns.kube-system.svc.cluster.local."]),
        ])
        let nx = try XCTUnwrap(engine.coreDNSReply(DNSQuestion(name: "nope.shop.svc.cluster.local.", type: .A)))
        XCTAssertEqual(nx.authority.map(\.type), [.SOA], "a negative reply carries the zone's SOA")
        XCTAssertTrue(nx.authoritative)
    }

    func testPodsModes() throws {
        let insecure = engine
        try check([
            Row("10-244-1-99.shop.pod.cluster.local.", .A, .NOERROR, ["10.244.1.99"]),
            Row("not-an-ip.shop.pod.cluster.local.", .A, .NXDOMAIN),
            Row("10-244-1-99.nons.pod.cluster.local.", .A, .NXDOMAIN),
        ], engine: insecure)
        let verified = ClusterDNSEngine(cluster: DNSFixture.cluster(corefile: corefile(pods: "verified")))
        try check([
            Row("10-244-1-10.shop.pod.cluster.local.", .A, .NOERROR, ["10.244.1.10"]),
            Row("10-244-1-99.shop.pod.cluster.local.", .A, .NXDOMAIN),
            Row("10-244-1-10.ops.pod.cluster.local.", .A, .NXDOMAIN),
            Row("shop.pod.cluster.local.", .A, .NOERROR),
        ], engine: verified)
        let disabled = ClusterDNSEngine(cluster: DNSFixture.cluster(corefile: corefile(pods: "disabled")))
        try check([
            Row("10-244-1-10.shop.pod.cluster.local.", .A, .NXDOMAIN),
            Row("shop.pod.cluster.local.", .A, .NXDOMAIN),
        ], engine: disabled)
    }

    func testTTLsWithoutCacheAreThePluginTTL() throws {
        let text = """
        .:53 {
            kubernetes cluster.local in-addr.arpa ip6.arpa {
               pods insecure
               fallthrough in-addr.arpa ip6.arpa
            }
            forward . /etc/resolv.conf
        }
        """
        let e = ClusterDNSEngine(cluster: DNSFixture.cluster(corefile: text))
        let a = try XCTUnwrap(e.coreDNSReply(DNSQuestion(name: "cart.shop.svc.cluster.local.", type: .A)))
        XCTAssertEqual(a.answers.map(\.ttl), [5], "the kubernetes plugin's default ttl is 5 s")
        let txt = try XCTUnwrap(e.coreDNSReply(DNSQuestion(name: "dns-version.cluster.local.", type: .TXT)))
        XCTAssertEqual(txt.answers.map(\.ttl), [28800])
        let up = try XCTUnwrap(e.coreDNSReply(DNSQuestion(name: "example.org.", type: .A)))
        XCTAssertEqual(up.answers.map(\.ttl), [300])
        // With kubeadm's cache 30 the same upstream answer shows 30.
        XCTAssertEqual(try XCTUnwrap(engine.coreDNSReply(DNSQuestion(name: "example.org.", type: .A))).answers.map(\.ttl), [30])
    }

    func corefile(pods: String) -> String {
        """
        .:53 {
            errors
            kubernetes cluster.local in-addr.arpa ip6.arpa {
               pods \(pods)
               fallthrough in-addr.arpa ip6.arpa
               ttl 30
            }
            forward . /etc/resolv.conf
            cache 30
        }
        """
    }
}

extension KubernetesRecordTests {
    /// §4.3: a dual-stack ClusterIP port yields one SRV (weight ⌊100/2⌋ = 50) and both an A
    /// and an AAAA in the additional section; A and AAAA queries each get their family.
    func testDualStackServiceAndSRVWeight() throws {
        let extra = """
        apiVersion: v1
        kind: Service
        metadata: {name: dual, namespace: shop}
        spec: {clusterIP: 10.96.9.9, clusterIPs: [10.96.9.9, "fd00:10:96::9"], ports: [{name: web, port: 80}]}
        """
        let e = ClusterDNSEngine(cluster: DNSFixture.cluster(extra: extra))
        try check([
            Row("dual.shop.svc.cluster.local.", .A, .NOERROR, ["10.96.9.9"]),
            Row("dual.shop.svc.cluster.local.", .AAAA, .NOERROR, ["fd00:10:96::9"]),
            Row("_web._tcp.dual.shop.svc.cluster.local.", .SRV, .NOERROR, ["0 50 80 dual.shop.svc.cluster.local."]),
            Row("9.9.96.10.in-addr.arpa.", .PTR, .NOERROR, ["dual.shop.svc.cluster.local."]),
        ], engine: e)
        let srv = try XCTUnwrap(e.coreDNSReply(DNSQuestion(name: "_web._tcp.dual.shop.svc.cluster.local.", type: .SRV)))
        XCTAssertEqual(srv.additional.map(\.type).sorted { $0.rawValue < $1.rawValue }, [.A, .AAAA])
        let v6 = try XCTUnwrap(e.coreDNSReply(DNSQuestion(name: DNSName.reverseName(of: try XCTUnwrap(IPAddress("fd00:10:96::9"))), type: .PTR)))
        XCTAssertEqual(v6.answers.map(\.data), ["dual.shop.svc.cluster.local."])
    }

    /// The answer echoes the question's spelling; matching is case-insensitive.
    func testAnswersEchoTheQuestionsSpelling() throws {
        let r = try XCTUnwrap(engine.coreDNSReply(DNSQuestion(name: "Cart.SHOP.svc.cluster.local.", type: .A)))
        XCTAssertEqual(r.answers.map(\.name), ["Cart.SHOP.svc.cluster.local."])
    }
}
