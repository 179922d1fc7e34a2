import ClusterDNS
import ClusterModel
import XCTest

/// kubelet's resolv.conf for every dnsPolicy, the dnsConfig merge and the limits.
final class ResolvConfTests: XCTestCase {
    let cluster = DNSFixture.cluster()

    func testFixtureLoadsWithoutErrors() {
        XCTAssertEqual(cluster.diagnostics.errors.map(\.description), [])
    }

    func testEveryDNSPolicy() throws {
        let engine = ClusterDNSEngine(cluster: cluster)
        struct Row { var ns, pod, policy, effective: String; var nameservers, search, options: [String] }
        let rows = [
            Row(ns: "shop", pod: "client", policy: "ClusterFirst", effective: "ClusterFirst", nameservers: ["10.96.0.10"],
                search: ["shop.svc.cluster.local", "svc.cluster.local", "cluster.local", "corp.example"], options: ["ndots:5"]),
            Row(ns: "kube-system", pod: "coredns-a", policy: "Default", effective: "Default", nameservers: ["192.168.0.2"],
                search: ["corp.example", "cluster.local"], options: ["timeout:2", "ndots:1"]),
            Row(ns: "ops", pod: "hostnet", policy: "ClusterFirst", effective: "Default", nameservers: ["192.168.0.2"],
                search: ["corp.example", "cluster.local"], options: ["timeout:2", "ndots:1"]),
            Row(ns: "ops", pod: "hostnet-cluster", policy: "ClusterFirstWithHostNet", effective: "ClusterFirstWithHostNet", nameservers: ["10.96.0.10"],
                search: ["ops.svc.cluster.local", "svc.cluster.local", "cluster.local", "corp.example"], options: ["ndots:5"]),
            Row(ns: "shop", pod: "custom", policy: "None", effective: "None", nameservers: ["1.1.1.1"],
                search: ["a.example", "b.example"], options: ["edns0", "ndots:2"]),
            Row(ns: "shop", pod: "tuned", policy: "ClusterFirst", effective: "ClusterFirst", nameservers: ["10.96.0.10", "8.8.8.8"],
                search: ["shop.svc.cluster.local", "svc.cluster.local", "cluster.local", "corp.example", "extra.example"],
                options: ["ndots:2", "single-request"]),
        ]
        for r in rows {
            let conf = engine.resolvConf(for: try DNSFixture.pod(cluster, r.ns, r.pod))
            XCTAssertEqual(conf.dnsPolicy, r.policy, r.pod)
            XCTAssertEqual(conf.effectivePolicy, r.effective, r.pod)
            XCTAssertEqual(conf.nameservers, r.nameservers, r.pod)
            XCTAssertEqual(conf.search, r.search, r.pod)
            XCTAssertEqual(conf.options, r.options, r.pod)
            XCTAssertEqual(conf.warnings, [], r.pod)
        }
    }

    func testFileTextOrderIsSearchNameserverOptions() throws {
        let conf = ClusterDNSEngine(cluster: cluster).resolvConf(for: try DNSFixture.pod(cluster, "shop", "client"))
        XCTAssertEqual(conf.fileText, """
        search shop.svc.cluster.local svc.cluster.local cluster.local corp.example
        nameserver 10.96.0.10
        options ndots:5

        """)
    }

    func testNameserverLimitKeepsTheFirstThreeWithAnEvent() throws {
        var pod = try DNSFixture.pod(cluster, "shop", "client")
        pod.spec.dnsConfig = PodDNSConfig(nameservers: ["1.1.1.1", "8.8.8.8", "9.9.9.9"])
        let conf = KubeletDNS.resolvConf(for: pod, network: cluster.network)
        XCTAssertEqual(conf.nameservers, ["10.96.0.10", "1.1.1.1", "8.8.8.8"])
        XCTAssertTrue(conf.warnings.contains { $0.hasPrefix("DNSConfigForming: Nameserver limits were exceeded") }, "\(conf.warnings)")
    }

    func testSearchLimits() {
        let many = (1...40).map { "d\($0).example" }
        let (cut, warning) = KubeletDNS.fitSearch(many)
        XCTAssertEqual(cut.count, 32)
        XCTAssertNotNil(warning)
        let long = String(repeating: "a", count: 254)
        XCTAssertEqual(KubeletDNS.fitSearch(["a.example", long, "b.example"]).search, ["a.example", "b.example"])
        let big = (1...20).map { _ in String(repeating: "x", count: 120) }  // 20 × 121 - 1 = 2419 characters
        let fitted = KubeletDNS.fitSearch(big).search
        XCTAssertEqual(fitted.count, 16)  // 16 × 121 - 1 = 1935 ≤ 2048; 17 would be 2056
        XCTAssertNil(KubeletDNS.fitSearch(["a", "b"]).warning)
    }

    func testNoneWithoutNameserversIsAnAPIError() throws {
        var pod = try DNSFixture.pod(cluster, "shop", "client")
        pod.spec.dnsPolicy = "None"
        pod.spec.dnsConfig = PodDNSConfig(searches: ["x.example"])
        let conf = KubeletDNS.resolvConf(for: pod, network: cluster.network)
        XCTAssertEqual(conf.nameservers, [])
        XCTAssertTrue(conf.warnings.contains { $0.contains("at least one DNS nameserver") })
    }

    func testNodeSearchDomainEqualToClusterDomainVanishes() throws {
        // The node's search has "cluster.local": ClusterFirst de-duplicates it (first occurrence kept).
        let conf = ClusterDNSEngine(cluster: cluster).resolvConf(for: try DNSFixture.pod(cluster, "shop", "client"))
        XCTAssertEqual(conf.search.filter { $0 == "cluster.local" }.count, 1)
        XCTAssertEqual(conf.search.last, "corp.example")
    }

    func testHostsFileHasThePodsFQDNWithSubdomain() throws {
        let engine = ClusterDNSEngine(cluster: cluster)
        let hosts = engine.hostsFile(for: try DNSFixture.pod(cluster, "shop", "kafka-0"))
        XCTAssertEqual(hosts.addresses(of: "kafka-0.kafka.shop.svc.cluster.local"), ["10.244.3.20"])
        XCTAssertEqual(hosts.addresses(of: "kafka-0"), ["10.244.3.20"])
        XCTAssertEqual(hosts.addresses(of: "kafka-1"), [])
    }
}
