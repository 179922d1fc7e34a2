import ClusterModel
@testable import L7Routing
import XCTest

/// URL parsing, path normalisation, entry choice, load-time checks and the result's JSON.
final class RequestAndValidationTests: XCTestCase {
    let F = L7Fixture.self

    func testURLParsing() throws {
        let r = try HTTPRequest(url: "https://Shop.Example:8443/a/b?x=1&y=2#frag", method: "post")
        XCTAssertEqual([r.scheme, r.host, r.path, r.query ?? "-", r.method], ["https", "shop.example", "/a/b", "x=1&y=2", "POST"])
        XCTAssertEqual(r.port, 8443)
        XCTAssertEqual(r.hostHeader, "shop.example:8443")
        XCTAssertEqual(try HTTPRequest(url: "shop.example").requestTarget, "/")
        XCTAssertEqual(try HTTPRequest(url: "http://h?q").requestTarget, "/?q")
        XCTAssertEqual(try HTTPRequest(url: "http://[fd00::1]:8080/x").host, "fd00::1")
        XCTAssertEqual(try HTTPRequest(url: "http://h/", headers: [HTTPHeader(name: "host", value: "Other.Example.:80")]).matchHost, "other.example")
        XCTAssertEqual(try HTTPRequest(url: "http://h/?a=1&b&a=2").queryParam("a"), "1")
        for bad in ["", "ftp://x/", "http:///x", "http://h:0/", "http://h:99999/", "http://h/a b"] {
            XCTAssertThrowsError(try HTTPRequest(url: bad), bad)
        }
    }

    func testNormalisation() {
        XCTAssertEqual(PathNormalization.normalize("/a//b/./c/../d"), "/a/b/d")
        XCTAssertEqual(PathNormalization.normalize("/a/%2e%2e/b"), "/b")
        XCTAssertEqual(PathNormalization.normalize("/a/b/"), "/a/b/")
        XCTAssertEqual(PathNormalization.normalize("/a/."), "/a/")
        XCTAssertEqual(PathNormalization.normalize("/caf%C3%A9"), "/café")
        XCTAssertNil(PathNormalization.normalize("/../x"))
        XCTAssertEqual(PathNormalization.escapeRewritten("/a b?#%"), "/a%20b%3F%23%25")
    }

    func testEntryChoiceByAddressAndHost() throws {
        let c = try ClusterLoader.load(path: NginxDifferentialTests.fixtureURL.path)
        let router = L7Router(cluster: c)
        XCTAssertEqual(router.chooseEntry(try HTTPRequest(url: "http://192.168.56.11:30080/")).0, .ingress)
        XCTAssertEqual(router.chooseEntry(try HTTPRequest(url: "http://203.0.113.20/")).0, .gateway(namespace: "default", name: "public"))
        XCTAssertEqual(router.chooseEntry(try HTTPRequest(url: "http://img.example/")).0, .gateway(namespace: "default", name: "public"))
        XCTAssertEqual(router.chooseEntry(try HTTPRequest(url: "http://shop.example/")).0, .ingress)
        XCTAssertEqual(HTTPEntry(argument: "gateway/infra/public"), .gateway(namespace: "infra", name: "public"))
        XCTAssertNil(HTTPEntry(argument: "gateway/public"))
        let nodePort = router.route(try HTTPRequest(url: "https://192.168.56.11:30443/cart", headers: [HTTPHeader(name: "Host", value: "shop.example")]))
        XCTAssertEqual(nodePort.entry.scheme, "https", "the https NodePort reaches the controller's TLS port")
        XCTAssertEqual(nodePort.backendText, "cart:80")
    }

    func testLoadTimeChecks() {
        let c = F.cluster([F.controller, F.app("a"),
                           F.ingress("strict", host: "s.example", paths: [("/users/[0-9]+", "Prefix", "a", 80), ("/a/./b", "Exact", "a", 80)]),
                           F.ingress("re", host: "r.example", paths: [("/api(/|$", "ImplementationSpecific", "a", 80), ("/v1/(.*)", "ImplementationSpecific", "a", 80)],
                                     annotations: ["rewrite-target": "/$2"]),
                           F.ingress("dup", host: "d.example", paths: [("/x", "Prefix", "a", 80), ("/x/", "Prefix", "a", 80)])])
        let d = L7Validation.diagnostics(c)
        let codes = d.map(\.code)
        XCTAssertTrue(codes.contains("path-not-valid-for-path-type"), "\(d)")
        XCTAssertTrue(codes.contains("invalid-path"), "\(d)")
        XCTAssertTrue(codes.contains("nginx-regex-rejected"), "\(d)")
        XCTAssertTrue(codes.contains("rewrite-missing-group"), "\(d)")
        XCTAssertTrue(codes.contains("nginx-duplicate-location"), "\(d)")
        XCTAssertTrue(d.filter { $0.code == "nginx-regex-rejected" }.allSatisfy { $0.location?.line != nil }, "diagnostics point at the path")
        XCTAssertFalse(d.contains { $0.code == "route-parent-missing" }, "ClusterModel reports that one")
        let c2 = F.cluster([F.controller, F.app("a"),
                            F.ingress("conflict", host: "c.example", paths: [("/", "Prefix", "a", 80)], annotations: ["kubernetes.io/ingress.class": "traefik"]),
                            F.ingress("one", host: "c.example", paths: [("/x", "Prefix", "a", 80)], created: "2024-01-01T00:00:00Z"),
                            F.ingress("two", host: "c.example", paths: [("/x", "Prefix", "a", 80)], created: "2024-02-01T00:00:00Z")])
        let codes2 = L7Validation.diagnostics(c2).map(\.code)
        XCTAssertTrue(codes2.contains("ingress-class-conflict"))
        XCTAssertTrue(codes2.contains("ingress-duplicate-path"))
    }

    func testJSONHasEveryKeyOfTheIssueShape() throws {
        let c = try ClusterLoader.load(path: NginxDifferentialTests.fixtureURL.path)
        let r = try L7Routing.route(cluster: c, url: "http://shop.example/cart")
        let data = try JSONEncoder().encode(r)
        let obj = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertNotNil(obj["entry"])
        let cand = try XCTUnwrap((obj["candidates"] as? [[String: Any]])?.first)
        for k in ["kind", "namespace", "name", "host", "path", "pathType", "matched", "reason"] { XCTAssertNotNil(cand[k], k) }
        let result = try XCTUnwrap(obj["result"] as? [String: Any])
        for k in ["httpStatus", "redirect", "backend", "backends", "upstreamPath", "upstreamHeaders", "endpoints"] {
            XCTAssertTrue(result.keys.contains(k), k)
        }
        let backend = try XCTUnwrap(result["backend"] as? [String: Any])
        XCTAssertEqual(backend["service"] as? String, "cart")
        XCTAssertEqual(backend["port"] as? Int, 80, "a numeric port is a JSON number")
        XCTAssertEqual((result["backends"] as? [[String: Any]])?.first?["probability"] as? Double, 1)
        let decoded = try JSONDecoder().decode(RoutingResult.self, from: data)
        XCTAssertEqual(decoded, r)
    }

    func testDeterministic() throws {
        let c = try ClusterLoader.load(path: NginxDifferentialTests.fixtureURL.path)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let a = try encoder.encode(try L7Routing.route(cluster: c, url: "http://api.example/API/x?y=1"))
        let b = try encoder.encode(try L7Routing.route(cluster: L7Router(cluster: c).cluster, url: "http://api.example/API/x?y=1"))
        XCTAssertEqual(a, b)
    }

    func testQuickMatchAgreesWithTheExplainedResult() throws {
        let c = SyntheticIngresses.cluster(hosts: 60, pathsPerHost: 6)
        let router = IngressRouter(cluster: c)
        let entry = EntryPoint(kind: .ingress, name: "t", port: 80, scheme: "http")
        for req in SyntheticIngresses.requests(hosts: 60, pathsPerHost: 6, count: 600) {
            let q = router.quickMatch(req)
            let full = router.route(req, cluster: c, entry: entry)
            XCTAssertEqual(q.location, full.winner?.location, "\(req.matchHost)\(req.path)")
            if q.status == nil { XCTAssertEqual(q.upstreamPath, full.result.upstreamPath) }
        }
    }

    func testNeverTrapsOnMutatedPaths() {
        let c = F.cluster([F.controller, F.app("a"),
                           F.ingress("i", host: "h.example", paths: [("/(a|b)*[x-z]{2,}$", "ImplementationSpecific", "a", 80)], annotations: ["rewrite-target": "/$1$9"])])
        let router = L7Router(cluster: c)
        let pieces = ["/", "a", "%", "%2", "%zz", "..", ".", "//", "?", "[", "(", "é", "\u{0}", "b", "x", "Z"]
        var seed: UInt64 = 42
        for _ in 0..<500 {
            var p = ""
            for _ in 0..<8 { seed = seed &* 6364136223846793005 &+ 1442695040888963407; p += pieces[Int(seed >> 33) % pieces.count] }
            _ = router.route(HTTPRequest(host: "h.example", path: "/" + p), via: .ingress)
        }
    }
}
