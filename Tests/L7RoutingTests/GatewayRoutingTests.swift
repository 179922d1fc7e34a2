import ClusterModel
@testable import L7Routing
import XCTest

/// Section 10 and worked examples C, D, E of the reference (Gateway API v1).
final class GatewayRoutingTests: XCTestCase {
    let F = L7Fixture.self

    static let gatewayClass = """
    apiVersion: gateway.networking.k8s.io/v1
    kind: GatewayClass
    metadata: {name: envoy}
    spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
    """

    static func gateway(_ name: String = "gw", namespace: String = "default", listeners: String) -> String {
        """
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: \(name), namespace: \(namespace)}
        spec:
          gatewayClassName: envoy
          listeners:
        \(listeners)
        """
    }

    static func route(_ name: String, namespace: String = "default", created: String? = nil, spec: String) -> String {
        """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: \(name), namespace: \(namespace)\(created.map { ", creationTimestamp: \"\($0)\"" } ?? "")}
        spec:
        \(spec)
        """
    }

    let gw = HTTPEntry.gateway(namespace: "default", name: "gw")

    // MARK: C. Listener choice

    func exampleC() -> Cluster {
        F.cluster([F.controller, F.app("tenant-web"), F.app("public-web"), Self.gatewayClass,
                   Self.gateway(listeners: """
                     - {name: public, port: 80, protocol: HTTP}
                     - {name: tenants, port: 80, protocol: HTTP, hostname: "*.apps.example"}
                     - {name: admin, port: 80, protocol: HTTP, hostname: admin.apps.example}
                   """),
                   Self.route("tenant", spec: """
                     parentRefs: [{name: gw, sectionName: tenants}]
                     hostnames: ["*.apps.example"]
                     rules:
                     - matches: [{path: {type: PathPrefix, value: /}}]
                       backendRefs: [{name: tenant-web, port: 80}]
                   """),
                   Self.route("public", spec: """
                     parentRefs: [{name: gw, sectionName: public}]
                     rules:
                     - backendRefs: [{name: public-web, port: 80}]
                   """)])
    }

    func testExampleC_wildcardSpansTwoLabels() {
        let r = F.route(exampleC(), "http://x.y.apps.example/", via: gw)
        XCTAssertEqual(r.entry.listener, "tenants")
        XCTAssertEqual(r.backendText, "tenant-web:80", r.explanation)
    }

    func testExampleC_moreSpecificListenerIsolatesRoutes() {
        let r = F.route(exampleC(), "http://admin.apps.example/", via: gw)
        XCTAssertEqual(r.entry.listener, "admin")
        XCTAssertEqual(r.result.httpStatus, 404, r.explanation)
        XCTAssertTrue(r.candidates.contains { $0.name == "tenant" && $0.reason.contains("isolated") }, r.explanation)
    }

    func testExampleC_bareDomainFallsToListenerWithoutHostname() {
        let r = F.route(exampleC(), "http://apps.example/", via: gw)
        XCTAssertEqual(r.entry.listener, "public")
        XCTAssertEqual(r.backendText, "public-web:80", r.explanation)
    }

    func testAutomaticEntryFindsTheGatewayByRouteHostname() {
        let r = F.route(exampleC(), "http://x.apps.example/")
        XCTAssertEqual(r.entry.kind, .gateway)
        XCTAssertEqual(r.backendText, "tenant-web:80")
    }

    // MARK: D. Rule ranking

    func testExampleD_longerPrefixBeatsHeaderCount() {
        let c = F.cluster([F.controller, F.app("beta"), F.app("orders"), Self.gatewayClass,
                           Self.gateway(listeners: "  - {name: http, port: 80, protocol: HTTP}"),
                           Self.route("api", spec: """
                             parentRefs: [{name: gw}]
                             rules:
                             - matches: [{path: {type: PathPrefix, value: /api}, headers: [{name: x-beta, value: "1"}]}]
                               backendRefs: [{name: beta, port: 80}]
                             - matches: [{path: {type: PathPrefix, value: /api/orders}}]
                               backendRefs: [{name: orders, port: 80}]
                           """)])
        let r = F.route(c, "http://shop.example/api/orders/7", via: gw, headers: ["X-Beta": "1"])
        XCTAssertEqual(r.backendText, "orders:80", r.explanation)
        XCTAssertTrue(r.candidates.contains { $0.matched && !$0.winner && $0.reason.contains("longer path value") }, r.explanation)
        XCTAssertEqual(F.route(c, "http://shop.example/api/x", via: gw, headers: ["x-beta": "1"]).backendText, "beta:80")
        XCTAssertEqual(F.route(c, "http://shop.example/api/x", via: gw).result.httpStatus, 404)
    }

    // MARK: E. Weighted split with rewrite

    func testExampleE_weightedSplitWithReplacePrefixMatch() {
        let c = F.cluster([F.controller, F.app("cdn-a"), F.app("cdn-b"), Self.gatewayClass,
                           Self.gateway(listeners: "  - {name: http, port: 80, protocol: HTTP}"),
                           Self.route("img", spec: """
                             parentRefs: [{name: gw}]
                             rules:
                             - matches: [{path: {type: PathPrefix, value: /img}}]
                               filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /static}}}]
                               backendRefs: [{name: cdn-a, port: 80, weight: 3}, {name: cdn-b, port: 80, weight: 1}]
                           """)])
        let r = F.route(c, "http://x.example/img/logo.png", via: gw)
        XCTAssertEqual(r.result.backends.map(\.service), ["cdn-a", "cdn-b"])
        XCTAssertEqual(r.result.backends.map(\.probability), [0.75, 0.25])
        XCTAssertEqual(r.result.upstreamPath, "/static/logo.png")
    }

    /// The ReplacePrefixMatch table of section 10.6, row by row.
    func testReplacePrefixMatchTable() {
        let rows: [(String, String?, String, String)] = [
            ("/api", "/v2", "/api/users", "/v2/users"), ("/api/", "/v2/", "/api/users", "/v2/users"), ("/api", "/v2", "/api", "/v2"),
            ("/api", "/v2", "/api/", "/v2/"), ("/api", "", "/api/users", "/users"), ("/api", "/", "/api", "/"),
        ]
        for (prefix, x, request, expected) in rows {
            let pm = HTTPRouteFilter.PathModifier(type: "ReplacePrefixMatch", replacePrefixMatch: x)
            XCTAssertEqual(GatewayRouter.modifyPath(pm, path: request, prefix: prefix), expected, "\(prefix) \(x ?? "nil") \(request)")
        }
        XCTAssertEqual(GatewayRouter.modifyPath(.init(type: "ReplaceFullPath", replaceFullPath: "/x"), path: "/a/b", prefix: nil), "/x")
    }

    // MARK: 10.3 Hostname intersection

    func testHostnameIntersection() {
        XCTAssertEqual(GatewayHostnames.intersect(listener: "*.corp.example", route: "wiki.corp.example"), .name("wiki.corp.example"))
        XCTAssertEqual(GatewayHostnames.intersect(listener: "*.corp.example", route: "intranet.example"), .none)
        XCTAssertEqual(GatewayHostnames.intersect(listener: "a.example", route: "*.example"), .name("a.example"))
        XCTAssertEqual(GatewayHostnames.intersect(listener: "*.example", route: "*.a.example"), .name("*.a.example"))
        XCTAssertEqual(GatewayHostnames.intersect(listener: nil, route: nil), .any)
        XCTAssertFalse(GatewayHostnames.matches("*.example", "example"))
        XCTAssertTrue(GatewayHostnames.matches("*.example", "a.b.example"))
        let c = F.cluster([F.controller, F.app("wiki"), Self.gatewayClass,
                           Self.gateway(listeners: "  - {name: corp, port: 80, protocol: HTTP, hostname: \"*.corp.example\"}"),
                           Self.route("wiki", spec: """
                             parentRefs: [{name: gw}]
                             hostnames: [wiki.corp.example, intranet.example]
                             rules: [{backendRefs: [{name: wiki, port: 80}]}]
                           """)])
        XCTAssertEqual(F.route(c, "http://wiki.corp.example/", via: gw).backendText, "wiki:80")
        XCTAssertEqual(F.route(c, "http://other.corp.example/", via: gw).result.httpStatus, 404)
    }

    // MARK: 10.1 Attachment

    func testAllowedRoutesNamespaces() {
        let c = F.cluster([F.controller, F.app("web", namespace: "team"), Self.gatewayClass,
                           Self.gateway(namespace: "infra", listeners: """
                             - {name: same, port: 80, protocol: HTTP, hostname: same.example}
                             - {name: all, port: 80, protocol: HTTP, hostname: all.example, allowedRoutes: {namespaces: {from: All}}}
                           """),
                           Self.route("web", namespace: "team", spec: """
                             parentRefs: [{name: gw, namespace: infra}]
                             rules: [{backendRefs: [{name: web, port: 80}]}]
                           """)])
        let entry = HTTPEntry.gateway(namespace: "infra", name: "gw")
        XCTAssertEqual(F.route(c, "http://all.example/", via: entry).backendText, "web:80")
        let r = F.route(c, "http://same.example/", via: entry)
        XCTAssertEqual(r.result.httpStatus, 404)
        XCTAssertTrue(r.candidates.contains { $0.reason.contains("from: Same") }, r.explanation)
    }

    func testParentRefToAMissingListenerIsExplained() {
        let c = F.cluster([F.controller, F.app("a"), Self.gatewayClass,
                           Self.gateway(listeners: "  - {name: http, port: 80, protocol: HTTP}"),
                           Self.route("typo", spec: """
                             parentRefs: [{name: gw, sectionName: htp}]
                             rules: [{backendRefs: [{name: a, port: 80}]}]
                           """)])
        let r = F.route(c, "http://h.example/", via: gw)
        XCTAssertEqual(r.result.httpStatus, 404)
        XCTAssertTrue(r.candidates.contains { $0.name == "typo" && $0.reason.contains("sectionName htp names no listener") }, r.explanation)
    }

    // MARK: 10.4/10.5 Matching and tie-breaks

    func testMethodQueryHeaderAndTieBreakByCreation() {
        let c = F.cluster([F.controller, F.app("old"), F.app("new"), F.app("post"), Self.gatewayClass,
                           Self.gateway(listeners: "  - {name: http, port: 80, protocol: HTTP}"),
                           Self.route("zz-old", created: "2024-01-01T00:00:00Z", spec: """
                             parentRefs: [{name: gw}]
                             rules: [{matches: [{path: {type: PathPrefix, value: /x}}], backendRefs: [{name: old, port: 80}]}]
                           """),
                           Self.route("aa-new", created: "2024-05-01T00:00:00Z", spec: """
                             parentRefs: [{name: gw}]
                             rules:
                             - matches: [{path: {type: PathPrefix, value: /x}}]
                               backendRefs: [{name: new, port: 80}]
                             - matches: [{path: {type: PathPrefix, value: /x}, method: POST, queryParams: [{name: v, value: "2"}]}]
                               backendRefs: [{name: post, port: 80}]
                           """)])
        let r = F.route(c, "http://h/x/1", via: gw)
        XCTAssertEqual(r.backendText, "old:80", "equal rank: the older route wins")
        XCTAssertTrue(r.candidates.contains { $0.name == "aa-new" && $0.reason.contains("older") }, r.explanation)
        XCTAssertEqual(F.route(c, "http://h/x?v=2&v=3", via: gw, method: "POST").backendText, "post:80")
        XCTAssertEqual(F.route(c, "http://h/x?v=3&v=2", via: gw, method: "POST").backendText, "old:80", "the first value of a repeated parameter counts")
    }

    func testPathPrefixIsSegmentWiseAndIgnoresTrailingSlash() {
        XCTAssertTrue(GatewayRouter.evaluate(.init(path: .init(type: "PathPrefix", value: "/api/")), request: HTTPRequest(host: "h"), path: "/api").0)
        XCTAssertFalse(GatewayRouter.evaluate(.init(path: .init(type: "PathPrefix", value: "/api")), request: HTTPRequest(host: "h"), path: "/apis").0)
        XCTAssertFalse(GatewayRouter.evaluate(.init(path: .init(type: "Exact", value: "/a")), request: HTTPRequest(host: "h"), path: "/a/").0)
        XCTAssertTrue(GatewayRouter.evaluate(.init(path: .init(type: "RegularExpression", value: "/u/[0-9]+")), request: HTTPRequest(host: "h"), path: "/u/42").0)
    }

    // MARK: 10.6/10.7 Filters and backends

    func testFiltersRedirectAndInvalidBackends() {
        let c = F.cluster([F.controller, F.app("a"), F.emptyService("empty"), Self.gatewayClass,
                           Self.gateway(listeners: "  - {name: http, port: 8080, protocol: HTTP}"),
                           Self.route("r", spec: """
                             parentRefs: [{name: gw}]
                             rules:
                             - matches: [{path: {type: PathPrefix, value: /old}}]
                               filters: [{type: RequestRedirect, requestRedirect: {scheme: https, path: {type: ReplacePrefixMatch, replacePrefixMatch: /new}}}]
                             - matches: [{path: {type: PathPrefix, value: /keep}}]
                               filters: [{type: RequestRedirect, requestRedirect: {hostname: other.example}}]
                             - matches: [{path: {type: PathPrefix, value: /hdr}}]
                               filters:
                               - type: RequestHeaderModifier
                                 requestHeaderModifier: {set: [{name: X-Env, value: prod}], add: [{name: Accept, value: text/html}], remove: [x-debug]}
                               backendRefs: [{name: a, port: 80}]
                             - matches: [{path: {type: PathPrefix, value: /split}}]
                               backendRefs: [{name: a, port: 80}, {name: missing, port: 80}]
                             - matches: [{path: {type: PathPrefix, value: /none}}]
                             - matches: [{path: {type: PathPrefix, value: /empty}}]
                               backendRefs: [{name: empty, port: 80}]
                           """)])
        let red = F.route(c, "http://h.example:8080/old/x?q=1", via: gw)
        XCTAssertEqual(red.result.httpStatus, 302)
        XCTAssertEqual(red.result.redirect?.location, "https://h.example/new/x?q=1")
        XCTAssertEqual(F.route(c, "http://h.example:8080/keep", via: gw).result.redirect?.location, "http://other.example:8080/keep")
        let h = F.route(c, "http://h.example:8080/hdr", via: gw, headers: ["Accept": "*/*", "X-Debug": "1", "X-Env": "dev"])
        XCTAssertEqual(h.result.upstreamHeaders, [HTTPHeader(name: "Host", value: "h.example:8080"), HTTPHeader(name: "Accept", value: "*/*,text/html"),
                                                  HTTPHeader(name: "X-Env", value: "prod")])
        let s = F.route(c, "http://h.example:8080/split", via: gw)
        XCTAssertEqual(s.result.backends.map(\.httpStatus), [nil, 500])
        XCTAssertEqual(s.result.backends.map(\.probability), [0.5, 0.5])
        XCTAssertEqual(F.route(c, "http://h.example:8080/none", via: gw).result.httpStatus, 500)
        XCTAssertEqual(F.route(c, "http://h.example:8080/empty", via: gw).result.httpStatus, 503)
        XCTAssertNil(F.route(c, "http://h.example:9999/", via: gw).result.httpStatus, "no listener on the port: nothing answers")
    }
}
