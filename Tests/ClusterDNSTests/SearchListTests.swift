import ClusterDNS
import ClusterModel
import NetCore
import XCTest

/// The stub resolvers' candidate lists and walks (`reference/dns.md` §2, §5).
final class SearchListTests: XCTestCase {
    let cluster = DNSFixture.cluster()
    lazy var engine = ClusterDNSEngine(cluster: cluster)
    let search = ["shop.svc.cluster.local", "svc.cluster.local", "cluster.local"]
    let k8s = ResolverOptions(["ndots:5"])

    func testGlibcCandidatesByDots() {
        let s = ".shop.svc.cluster.local."
        let rows: [(String, [String])] = [
            ("web", ["web" + s, "web.svc.cluster.local.", "web.cluster.local.", "web."]),                       // 0 dots
            ("web.shop", ["web.shop" + s, "web.shop.svc.cluster.local.", "web.shop.cluster.local.", "web.shop."]),  // 1
            ("a.b.c", ["a.b.c" + s, "a.b.c.svc.cluster.local.", "a.b.c.cluster.local.", "a.b.c."]),                  // 2
            ("cart.shop.svc.cluster.local", ["cart.shop.svc.cluster.local" + s, "cart.shop.svc.cluster.local.svc.cluster.local.",
                                             "cart.shop.svc.cluster.local.cluster.local.", "cart.shop.svc.cluster.local."]),   // 4
            ("k.kafka.shop.svc.cluster.local", ["k.kafka.shop.svc.cluster.local.", "k.kafka.shop.svc.cluster.local" + s,
                                                "k.kafka.shop.svc.cluster.local.svc.cluster.local.", "k.kafka.shop.svc.cluster.local.cluster.local."]), // 5: as typed first
            ("web.", ["web."]),                                                                                      // trailing dot
        ]
        for (name, expected) in rows {
            XCTAssertEqual(SearchList.glibcCandidates(name, search: search, options: k8s), expected, name)
        }
    }

    func testMuslCandidatesByDots() {
        let rows: [(String, [String])] = [
            ("web", ["web.shop.svc.cluster.local.", "web.svc.cluster.local.", "web.cluster.local.", "web."]),
            ("web.shop", ["web.shop.shop.svc.cluster.local.", "web.shop.svc.cluster.local.", "web.shop.cluster.local.", "web.shop."]),
            ("a.b.c", ["a.b.c.shop.svc.cluster.local.", "a.b.c.svc.cluster.local.", "a.b.c.cluster.local.", "a.b.c."]),
            ("cart.shop.svc.cluster.local", ["cart.shop.svc.cluster.local.shop.svc.cluster.local.", "cart.shop.svc.cluster.local.svc.cluster.local.",
                                             "cart.shop.svc.cluster.local.cluster.local.", "cart.shop.svc.cluster.local."]),
            ("k.kafka.shop.svc.cluster.local", ["k.kafka.shop.svc.cluster.local."]),   // dots ≥ ndots: as typed only
            ("web.", ["web."]),
        ]
        for (name, expected) in rows {
            XCTAssertEqual(SearchList.muslCandidates(name, search: search, options: k8s), expected, name)
        }
    }

    func testNoTLDQueryAndRootInSearchList() {
        XCTAssertEqual(SearchList.glibcCandidates("web", search: ["a.example"], options: ResolverOptions(["no-tld-query"])), ["web.a.example."])
        XCTAssertEqual(SearchList.glibcCandidates("web", search: ["a.example", "."], options: ResolverOptions()), ["web.a.example.", "web."])
        XCTAssertEqual(ResolverOptions(["ndots:30"]).ndots, 15)
    }

    func sent(_ r: DNSResolution) -> [String] { r.queries.map { "\($0.name) \($0.type.rawValue)" } }

    /// §5 (a): a client in ops types cart.shop: two pairs, the second answers.
    func testWorkedExampleA() throws {
        let r = engine.resolve("cart.shop", from: try DNSFixture.pod(cluster, "ops", "client"))
        XCTAssertEqual(sent(r), ["cart.shop.ops.svc.cluster.local. A", "cart.shop.ops.svc.cluster.local. AAAA",
                                 "cart.shop.svc.cluster.local. A", "cart.shop.svc.cluster.local. AAAA"])
        XCTAssertEqual(r.queries.map(\.rcode), ["NXDOMAIN", "NXDOMAIN", "NOERROR", "NOERROR"])
        XCTAssertEqual(r.result.addresses, ["10.96.7.7"])
        XCTAssertNil(r.result.error)
        XCTAssertEqual(r.queries[2].answers.first?.ttl, 30)
        XCTAssertEqual(r.queries[3].authority.map(\.type), [.SOA], "the AAAA is NODATA with the SOA")
    }

    /// §5 (b): 5 dots ≥ ndots: the as-typed name first, nothing else.
    func testWorkedExampleB() throws {
        let r = engine.resolve("kafka-1.kafka.shop.svc.cluster.local", from: try DNSFixture.pod(cluster, "shop", "client"))
        XCTAssertEqual(sent(r), ["kafka-1.kafka.shop.svc.cluster.local. A", "kafka-1.kafka.shop.svc.cluster.local. AAAA"])
        XCTAssertEqual(r.result.addresses, ["10.244.4.21"])
        let four = engine.resolve("kafka.shop.svc.cluster.local", from: try DNSFixture.pod(cluster, "shop", "client"))
        XCTAssertEqual(four.queries.count, 10, "4 dots: four suffixed pairs (the fixture adds the node's corp.example) fail, then the plain name")
        XCTAssertEqual(four.result.addresses, ["10.244.3.20", "10.244.4.21"])
    }

    /// §5 (c): SRV with res_search, 2 dots, the first candidate answers.
    func testWorkedExampleC() throws {
        let r = engine.resolve("_broker._tcp.kafka", from: try DNSFixture.pod(cluster, "shop", "client"), types: [.SRV])
        XCTAssertEqual(sent(r), ["_broker._tcp.kafka.shop.svc.cluster.local. SRV"])
        XCTAssertEqual(r.result.answers.map(\.data), ["0 50 9092 kafka-0.kafka.shop.svc.cluster.local.", "0 50 9092 kafka-1.kafka.shop.svc.cluster.local."])
        XCTAssertEqual(r.mode, "res_search")
    }

    /// §5 (d): ExternalName: one pair, A carries CNAME + A, the walk stops.
    func testWorkedExampleD() throws {
        let r = engine.resolve("payments", from: try DNSFixture.pod(cluster, "shop", "client"))
        XCTAssertEqual(sent(r), ["payments.shop.svc.cluster.local. A", "payments.shop.svc.cluster.local. AAAA"])
        XCTAssertEqual(r.result.addresses, ["198.51.100.8"])
        XCTAssertEqual(r.queries[1].answers.map(\.type), [.CNAME], "AAAA: NOERROR with only the CNAME")
    }

    /// §5 (e): a namespace name: NODATA is remembered; glibc goes on, musl stops.
    func testWorkedExampleE() throws {
        let r = engine.resolve("ops", from: try DNSFixture.pod(cluster, "shop", "client"))
        XCTAssertEqual(r.queries.map(\.name).enumerated().filter { $0.offset % 2 == 0 }.map(\.element),
                       ["ops.shop.svc.cluster.local.", "ops.svc.cluster.local.", "ops.cluster.local.", "ops.corp.example.", "ops."])
        XCTAssertEqual(r.result.error, "EAI_NODATA")
        let m = engine.resolve("ops", from: try DNSFixture.pod(cluster, "shop", "alpine"))
        XCTAssertEqual(m.resolver, .musl)
        XCTAssertEqual(m.queries.count, 4, "musl stops at the NODATA of ops.svc.cluster.local.")
        XCTAssertEqual(m.result.error, "EAI_NODATA")
    }

    /// §5 (f): headless without ready endpoints: NXDOMAIN everywhere, EAI_NONAME.
    func testWorkedExampleF() throws {
        let r = engine.resolve("batch", from: try DNSFixture.pod(cluster, "ops", "client"))
        XCTAssertEqual(r.queries.count, 10)
        XCTAssertTrue(r.queries.allSatisfy { $0.rcode == "NXDOMAIN" })
        XCTAssertEqual(r.result.error, "EAI_NONAME")
    }

    /// §5 (g): reverse lookup, one PTR query, no search list.
    func testWorkedExampleG() throws {
        let r = engine.reverse(try XCTUnwrap(IPAddress("10.244.3.7")), from: try DNSFixture.pod(cluster, "ops", "client"))
        XCTAssertEqual(sent(r), ["7.3.244.10.in-addr.arpa. PTR"])
        XCTAssertEqual(r.result.answers.map(\.data), ["10-244-3-7.cart.shop.svc.cluster.local."])
    }

    /// §5 (h): a hostNetwork pod without dnsPolicy uses the node's resolver; CoreDNS never sees it.
    func testWorkedExampleH() throws {
        let r = engine.resolve("cart.shop", from: try DNSFixture.pod(cluster, "ops", "hostnet"))
        XCTAssertEqual(r.resolvConf.nameservers, ["192.168.0.2"])
        XCTAssertTrue(r.queries.allSatisfy { $0.server == "192.168.0.2" && $0.path.via == "resolver outside the cluster" })
        XCTAssertEqual(r.result.error, "EAI_NONAME")
        // ndots:1 from the node: "cart.shop" (1 dot) is tried as typed first.
        XCTAssertEqual(r.queries.first?.name, "cart.shop.")
    }

    func testDNATOutcomeSetIsEveryCoreDNSEndpointSortedByIPPortString() throws {
        let r = engine.resolve("cart.shop", from: try DNSFixture.pod(cluster, "ops", "client"))
        let path = try XCTUnwrap(r.queries.first?.path)
        XCTAssertEqual(path.dst, "10.96.0.10:53")
        XCTAssertEqual(path.proto, "udp")
        // "10.244.0.12:53" sorts before "10.244.0.3:53" as strings.
        XCTAssertEqual(path.outcomes.map(\.endpoint), ["10.244.0.12:53", "10.244.0.3:53"])
        XCTAssertEqual(path.outcomes.map(\.probability), [0.5, 0.5])
        XCTAssertEqual(path.outcomes.map(\.pod), ["kube-system/coredns-b", "kube-system/coredns-a"])
    }

    func testKubeDNSWithoutReadyEndpointsIsConnectionRefused() throws {
        // kube-dns with no ready endpoints (no EndpointSlices at all).
        var c = cluster
        c.endpointSlices = c.endpointSlices.filter { $0.serviceName != "kube-dns" }
        c.reindex()
        let r = ClusterDNSEngine(cluster: c).resolve("cart", from: try DNSFixture.pod(c, "shop", "client"))
        XCTAssertEqual(r.result.error, "EAI_AGAIN")
        XCTAssertEqual(Set(r.queries.map(\.name)), ["cart.shop.svc.cluster.local."], "glibc gives up at once: no other candidate")
        XCTAssertEqual(r.queries.count, 4, "attempts:2 × the A/AAAA pair")
    }

    func testInvalidNamesGetTheResolversBehaviour() throws {
        let client = try DNSFixture.pod(cluster, "shop", "client")
        let long = String(repeating: "a", count: 64)
        for name in [long, "foo bar", "-web", "a..b", "x$y"] {
            let r = engine.resolve(name, from: client)
            XCTAssertEqual(r.queries.count, 0, name)
            XCTAssertEqual(r.result.error, "EAI_NONAME", name)
        }
        XCTAssertTrue(engine.resolve(long, from: client).result.message.contains("63"))
        // glibc accepts "_"; musl rejects it.
        XCTAssertEqual(engine.resolve("web_app", from: client).queries.count, 10)
        XCTAssertEqual(engine.resolve("web_app", from: client, resolver: .musl).queries.count, 0)
        // 3 × 63 + 61 + 3 dots = 253 characters: the suffixed candidates cannot be sent, so
        // glibc stops the walk at the first one and sends only the name as typed.
        let l63 = String(repeating: "b", count: 63), l61 = String(repeating: "c", count: 61)
        let r = engine.resolve("\(l63).\(l63).\(l63).\(l61)", from: client)
        XCTAssertEqual(r.queries.map(\.name), ["\(l63).\(l63).\(l63).\(l61).", "\(l63).\(l63).\(l63).\(l61)."])
    }

    func testHostsFileAndLiteralsAnswerWithoutQueries() throws {
        let kafka = try DNSFixture.pod(cluster, "shop", "kafka-0")
        XCTAssertEqual(engine.resolve("kafka-0", from: kafka).queries.count, 0)
        XCTAssertEqual(engine.resolve("kafka-0", from: kafka).result.addresses, ["10.244.3.20"])
        XCTAssertEqual(engine.resolve("10.1.2.3", from: kafka).result.addresses, ["10.1.2.3"])
    }

    func testIPv6DisabledSendsAOnly() throws {
        let r = engine.resolve("cart", from: try DNSFixture.pod(cluster, "shop", "client"), ipv6: false)
        XCTAssertEqual(sent(r), ["cart.shop.svc.cluster.local. A"])
    }

    func testMuslSingleTypeHasNoSearchList() throws {
        let r = engine.resolve("_broker._tcp.kafka", from: try DNSFixture.pod(cluster, "shop", "alpine"), types: [.SRV])
        XCTAssertEqual(sent(r), ["_broker._tcp.kafka. SRV"])
        XCTAssertEqual(r.result.error, "HOST_NOT_FOUND")
    }

    func testResolutionIsDeterministic() throws {
        let client = try DNSFixture.pod(cluster, "shop", "client")
        XCTAssertEqual(engine.resolve("payments", from: client), engine.resolve("payments", from: client))
    }
}
