import ClusterDNS
import ClusterModel
import XCTest

/// SERVFAIL and REFUSED: glibc resends the pair (attempts × nameservers) and then continues
/// (SERVFAIL) or stops the walk (REFUSED); musl stops at SERVFAIL (`reference/dns.md` §2.3–2.4).
final class RetryTests: XCTestCase {
    func testSERVFAILIsResentThenTheWalkGoesOn() throws {
        // hosts without fallthrough answers SERVFAIL for every name it lacks in its zone (.).
        let c = DNSFixture.cluster(corefile: ".:53 {\n    hosts {\n        10.1.1.1 legacy.internal\n    }\n    kubernetes cluster.local\n}")
        let engine = ClusterDNSEngine(cluster: c)
        let r = engine.resolve("cart", from: try DNSFixture.pod(c, "shop", "client"))
        XCTAssertEqual(r.queries.count, 5 * 2 * 2, "5 candidates × 2 attempts × A/AAAA")
        XCTAssertEqual(r.queries.prefix(4).map(\.attempt), [1, 1, 2, 2])
        XCTAssertTrue(r.queries.allSatisfy { $0.rcode == "SERVFAIL" })
        XCTAssertEqual(r.result.error, "EAI_AGAIN")
        let m = engine.resolve("cart", from: try DNSFixture.pod(c, "shop", "alpine"))
        XCTAssertEqual(m.queries.count, 2, "musl stops at the first SERVFAIL")
        XCTAssertEqual(m.result.error, "EAI_AGAIN")
    }

    func testREFUSEDStopsTheWalkThenTheNameAsTyped() throws {
        // Only cluster.local is served: other names are REFUSED.
        let c = DNSFixture.cluster(corefile: "cluster.local:53 {\n    kubernetes\n}")
        let r = ClusterDNSEngine(cluster: c).resolve("web", from: try DNSFixture.pod(c, "shop", "client"))
        let names = r.queries.map { "\($0.name) \($0.type.rawValue) \($0.rcode)" }
        XCTAssertEqual(names, [
            "web.shop.svc.cluster.local. A NXDOMAIN", "web.shop.svc.cluster.local. AAAA NXDOMAIN",
            "web.svc.cluster.local. A NXDOMAIN", "web.svc.cluster.local. AAAA NXDOMAIN",
            "web.cluster.local. A NXDOMAIN", "web.cluster.local. AAAA NXDOMAIN",
            "web.corp.example. A REFUSED", "web.corp.example. AAAA REFUSED",
            "web.corp.example. A REFUSED", "web.corp.example. AAAA REFUSED",
            "web. A REFUSED", "web. AAAA REFUSED", "web. A REFUSED", "web. AAAA REFUSED",
        ])
        XCTAssertEqual(r.result.error, "EAI_FAIL")
    }
}
