import ClusterModel
@testable import L7Routing
import XCTest

/// Table tests for sections 2–6 of the ingress reference (ingress-nginx's behaviour).
final class IngressRoutingTests: XCTestCase {
    let F = L7Fixture.self

    // MARK: 2. Which Ingresses count

    func testIngressClassSelection() {
        let other = """
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata: {name: traefik}
        spec: {controller: traefik.io/ingress-controller}
        """
        let c = F.cluster([F.controller, other, F.app("a"),
                           F.ingress("by-field", host: "field.example", paths: [("/", "Prefix", "a", 80)]),
                           F.ingress("other-class", host: "other.example", paths: [("/", "Prefix", "a", 80)], className: "traefik"),
                           F.ingress("unknown-class", host: "unknown.example", paths: [("/", "Prefix", "a", 80)], className: "nope"),
                           F.ingress("legacy", host: "legacy.example", paths: [("/", "Prefix", "a", 80)],
                                     annotations: ["kubernetes.io/ingress.class": "nginx"], className: nil),
                           F.ingress("legacy-other", host: "legacy-other.example", paths: [("/", "Prefix", "a", 80)],
                                     annotations: ["kubernetes.io/ingress.class": "haproxy"], className: nil),
                           F.ingress("defaulted", host: "defaulted.example", paths: [("/", "Prefix", "a", 80)], className: nil)])
        let table = NginxHostTable.build(c)
        XCTAssertEqual(Set(table.admission.owned.map(\.key)), ["default/by-field", "default/legacy", "default/defaulted"])
        XCTAssertEqual(Set(table.admission.ignored.map(\.name)), ["default/other-class", "default/unknown-class", "default/legacy-other"])
        XCTAssertTrue(table.notes.contains { $0.contains("default/defaulted") && $0.contains("default IngressClass nginx") })
        XCTAssertEqual(F.route(c, "http://legacy.example/").backendText, "a:80")
        let r = F.route(c, "http://other.example/", via: .ingress)
        XCTAssertEqual(r.result.httpStatus, 404, "traefik's Ingress is not served by ingress-nginx")
        XCTAssertTrue(r.steps.contains { $0.detail.contains("other-class") && $0.detail.contains("traefik") })
    }

    func testNoClassAndNoDefaultIsIgnored() {
        let noDefault = F.controller.replacingOccurrences(of: "annotations: {ingressclass.kubernetes.io/is-default-class: \"true\"}", with: "labels: {a: b}")
        let c = F.cluster([noDefault, F.app("a"), F.ingress("bare", host: "bare.example", paths: [("/", "Prefix", "a", 80)], className: nil)])
        let table = NginxHostTable.build(c)
        XCTAssertTrue(table.admission.owned.isEmpty)
        XCTAssertTrue(table.admission.ignored.first?.reason.contains("no ingressClassName") ?? false)
    }

    // MARK: 3–5. Host table, servers, locations

    func testHostMatchingExactWildcardOneLabelAndCatchAll() {
        let c = F.cluster([F.controller, F.app("a"), F.app("w"), F.app("n"),
                           F.ingress("exact", host: "a.example.org", paths: [("/", "Prefix", "a", 80)]),
                           F.ingress("wild", host: "*.example.org", paths: [("/", "Prefix", "w", 80)]),
                           F.ingress("nohost", host: nil, paths: [("/", "Prefix", "n", 80)])])
        XCTAssertEqual(F.route(c, "http://a.example.org/").backendText, "a:80")
        XCTAssertEqual(F.route(c, "http://b.example.org/").backendText, "w:80")
        XCTAssertEqual(F.route(c, "http://B.Example.Org.:30080/").backendText, "w:80", "case, trailing dot and port are ignored")
        XCTAssertEqual(F.route(c, "http://a.b.example.org/", via: .ingress).backendText, "n:80", "a wildcard covers one label only")
        XCTAssertEqual(F.route(c, "http://example.org/", via: .ingress).backendText, "n:80")
    }

    func testNoFallbackBetweenServers() {
        let c = F.cluster([F.controller, F.app("a"), F.app("n"),
                           F.ingress("shop", host: "shop.example", paths: [("/cart", "Prefix", "a", 80)]),
                           F.ingress("nohost", host: nil, paths: [("/other", "Prefix", "n", 80)])])
        let r = F.route(c, "http://shop.example/other")
        XCTAssertEqual(r.result.httpStatus, 404, r.explanation)
        XCTAssertEqual(r.winner?.location, "/")
        XCTAssertEqual(F.route(c, "http://203.0.113.9:30080/other").backendText, "n:80")
    }

    func testPrefixIsElementWiseOutsideRegexModeAndExactBeatsPrefix() {
        let c = F.cluster([F.controller, F.app("shop"), F.app("exact"),
                           F.ingress("i", host: "s.example", paths: [("/shop", "Prefix", "shop", 80), ("/shop/pay", "Exact", "exact", 80)])])
        for (path, backend) in [("/shop", "shop:80"), ("/shop/", "shop:80"), ("/shop/x", "shop:80"), ("/shop/pay", "exact:80"), ("/shop/pay/", "shop:80")] {
            XCTAssertEqual(F.route(c, "http://s.example\(path)").backendText, backend, path)
        }
        let r = F.route(c, "http://s.example/shopping")
        XCTAssertEqual(r.result.httpStatus, 404)
        XCTAssertTrue(r.candidates.contains { $0.reason.contains("whole path elements") }, r.explanation)
        let table = NginxHostTable.build(c)
        XCTAssertEqual(table.servers.first { $0.host == "s.example" }?.locations.map(\.directive), ["= /shop/pay", "/shop/", "= /shop", "/"])
    }

    func testSlashTerminatedPrefixAnswers301() {
        let c = F.cluster([F.controller, F.app("docs"), F.ingress("d", host: "d.example", paths: [("/docs/", "Prefix", "docs", 80)])])
        let r = F.route(c, "http://d.example/docs?x=1")
        XCTAssertEqual(r.result.httpStatus, 301)
        XCTAssertEqual(r.result.redirect?.location, "http://d.example/docs/?x=1")
        XCTAssertEqual(F.route(c, "http://d.example/docs/a").backendText, "docs:80")
    }

    func testExactInRegexModeIsPrefixLikeAndCaseInsensitive() {
        let c = F.cluster([F.controller, F.app("ping"), F.app("r"),
                           F.ingress("p", host: "h.example", paths: [("/ping", "Exact", "ping", 80)], created: "2024-01-01T00:00:00Z"),
                           F.ingress("r", host: "h.example", paths: [("/re/.+", "ImplementationSpecific", "r", 80)],
                                     annotations: ["use-regex": "true"], created: "2024-01-02T00:00:00Z")])
        XCTAssertEqual(F.route(c, "http://h.example/PINGS").backendText, "ping:80")
        XCTAssertEqual(F.route(c, "http://h.example/ping/x").backendText, "ping:80")
    }

    func testDuplicatePathOlderIngressWins() {
        let c = F.cluster([F.controller, F.app("old"), F.app("new"),
                           F.ingress("old", host: "h.example", paths: [("/api", "Prefix", "old", 80)], created: "2024-01-01T00:00:00Z"),
                           F.ingress("new", host: "h.example", paths: [("/api", "Prefix", "new", 80)], created: "2024-03-01T00:00:00Z")])
        let r = F.route(c, "http://h.example/api")
        XCTAssertEqual(r.backendText, "old:80")
        XCTAssertTrue(r.notes.contains { $0.contains("default/new") && $0.contains("older") }, r.explanation)
    }

    func testPrefixAndSlashVariantIsAConfigurationError() {
        let c = F.cluster([F.controller, F.app("a"),
                           F.ingress("i", host: "h.example", paths: [("/x", "Prefix", "a", 80), ("/x/", "Prefix", "a", 80)])])
        let server = NginxHostTable.build(c).servers.first { $0.host == "h.example" }
        XCTAssertEqual(server?.errors.count, 1)
        XCTAssertTrue(server?.errors.first?.contains("duplicate location") ?? false)
    }

    func testPathNormalisationBeforeMatching() {
        let c = F.cluster([F.controller, F.app("a"), F.app("b"),
                           F.ingress("i", host: "h.example", paths: [("/a", "Prefix", "a", 80), ("/b", "Prefix", "b", 80)])])
        let r = F.route(c, "http://h.example/a/../b//c%2e")
        XCTAssertEqual(r.backendText, "b:80")
        XCTAssertEqual(r.result.upstreamPath, "/a/../b//c%2e", "without a rewrite the original request-target is passed")
        XCTAssertEqual(F.route(c, "http://h.example/../x").result.httpStatus, 400)
    }

    func testRegexThatNginxRejectsIsAReasonNotACrash() {
        let c = F.cluster([F.controller, F.app("a"),
                           F.ingress("bad", host: "h.example", paths: [("/api(/|$", "ImplementationSpecific", "a", 80)], annotations: ["use-regex": "true"])])
        let r = F.route(c, "http://h.example/api/x")
        XCTAssertTrue(r.candidates.contains { $0.reason.contains("missing closing parenthesis") }, r.explanation)
    }

    // MARK: 6. Actions

    func testAppRootOnlyForExactlySlash() {
        let c = F.cluster([F.controller, F.app("a"),
                           F.ingress("i", host: "h.example", paths: [("/", "Prefix", "a", 80)], annotations: ["app-root": "/landing"])])
        let r = F.route(c, "http://h.example:30080/?x=1")
        XCTAssertEqual(r.result.httpStatus, 302)
        XCTAssertEqual(r.result.redirect?.location, "http://h.example:30080/landing")
        XCTAssertEqual(F.route(c, "http://h.example/other").backendText, "a:80")
    }

    func testTemporalBeatsPermanentAndRootInheritsIt() {
        let c = F.cluster([F.controller, F.app("a"),
                           F.ingress("i", host: "h.example", paths: [("/old", "Prefix", "a", 80)],
                                     annotations: ["permanent-redirect": "https://new.example/", "temporal-redirect": "https://tmp.example/",
                                                   "temporal-redirect-code": "307"])])
        let r = F.route(c, "http://h.example/old/page?q=1")
        XCTAssertEqual(r.result.httpStatus, 307)
        XCTAssertEqual(r.result.redirect?.location, "https://tmp.example/", "path and query are not appended")
        XCTAssertEqual(F.route(c, "http://h.example/unmatched").result.httpStatus, 307, "the root location copied the annotations")
    }

    func testSSLRedirectNeedsACertificateForceDoesNot() {
        let c = F.cluster([F.controller, F.app("a"),
                           F.ingress("tls", host: "t.example", paths: [("/", "Prefix", "a", 80)], tls: ["t.example"]),
                           F.ingress("plain", host: "p.example", paths: [("/", "Prefix", "a", 80)]),
                           F.ingress("forced", host: "f.example", paths: [("/", "Prefix", "a", 80)], annotations: ["force-ssl-redirect": "true"])])
        let t = F.route(c, "http://t.example/a/")
        XCTAssertEqual(t.result.httpStatus, 308)
        XCTAssertEqual(t.result.redirect?.location, "https://t.example/a", "one trailing slash dropped")
        XCTAssertEqual(F.route(c, "https://t.example/a/").backendText, "a:80")
        XCTAssertEqual(F.route(c, "http://p.example/a").backendText, "a:80")
        XCTAssertEqual(F.route(c, "http://f.example/a?x=1").result.redirect?.location, "https://f.example/a?x=1")
    }

    func testCanaryWeightAndHeader() {
        let canaryAnn = ["canary": "true", "canary-weight": "20", "canary-by-header": "X-Canary"]
        let c = F.cluster([F.controller, F.app("web"), F.app("web-v2"),
                           F.ingress("web", host: "w.example", paths: [("/", "Prefix", "web", 80)]),
                           F.ingress("web-canary", host: "w.example", paths: [("/", "Prefix", "web-v2", 80)], annotations: canaryAnn)])
        let r = F.route(c, "http://w.example/")
        XCTAssertEqual(r.result.backends.map(\.service), ["web", "web-v2"])
        XCTAssertEqual(r.result.backends.map(\.probability), [0.8, 0.2])
        XCTAssertEqual(F.route(c, "http://w.example/", headers: ["X-Canary": "always"]).result.backends.map(\.service), ["web-v2"])
        XCTAssertEqual(F.route(c, "http://w.example/", headers: ["X-Canary": "never"]).result.backends.map(\.service), ["web"])
        XCTAssertEqual(F.route(c, "http://w.example/", headers: ["X-Canary": "maybe"]).result.backends.count, 2, "other values fall through to the weight")
        XCTAssertFalse(NginxHostTable.build(c).servers.contains { s in s.locations.contains { $0.ingress == "default/web-canary" } }, "a canary never creates locations")
    }

    func testDefaultBackends() {
        let c = F.cluster([F.controller, F.app("a"), F.app("hostdef"), F.app("global"),
                           F.ingress("creator", host: "h.example", paths: [("/a", "Prefix", "a", 80)], created: "2024-01-01T00:00:00Z", defaultBackend: ("hostdef", 80)),
                           F.ingress("global", host: nil, paths: [], created: "2024-01-02T00:00:00Z", defaultBackend: ("global", 80))])
        XCTAssertEqual(F.route(c, "http://h.example/zzz").backendText, "hostdef:80")
        XCTAssertEqual(F.route(c, "http://unknown.example/zzz", via: .ingress).backendText, "global:80")
    }

    func testMissingServiceAndNoEndpointsAre503() {
        let c = F.cluster([F.controller, F.emptyService("empty"),
                           F.ingress("i", host: "h.example", paths: [("/e", "Prefix", "empty", 80), ("/m", "Prefix", "missing", 80)])])
        let e = F.route(c, "http://h.example/e")
        XCTAssertEqual(e.result.httpStatus, 503)
        XCTAssertTrue(e.steps.contains { $0.detail.contains("no endpoints") }, e.explanation)
        let m = F.route(c, "http://h.example/m")
        XCTAssertEqual(m.result.httpStatus, 503)
        XCTAssertTrue(m.steps.contains { $0.detail.contains("does not exist") }, m.explanation)
    }

    func testUnmodelledAnnotationsAreListed() {
        let c = F.cluster([F.controller, F.app("a"),
                           F.ingress("i", host: "h.example", paths: [("/", "Prefix", "a", 80)], annotations: ["proxy-body-size": "8m"])])
        XCTAssertTrue(F.route(c, "http://h.example/").notes.contains { $0.contains("proxy-body-size") })
    }
}
