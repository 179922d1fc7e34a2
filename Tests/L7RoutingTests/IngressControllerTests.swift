import ClusterModel
@testable import L7Routing
import XCTest

/// The controller found in the cluster (flags, ConfigMap), and the canary and HTTPS-redirect
/// variants of sections 6.4 and 6.5.
final class IngressControllerTests: XCTestCase {
    let F = L7Fixture.self

    static let configMap = """
    apiVersion: v1
    kind: ConfigMap
    metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
    data: {ssl-redirect: "false", http-redirect-code: "301"}
    """

    func testControllerFoundWithItsServiceAndConfigMap() {
        let controller = F.controller.replacingOccurrences(of: "args: [/nginx-ingress-controller, --ingress-class=nginx]",
                                                           with: "args: [/nginx-ingress-controller, --ingress-class=nginx, \"--configmap=$(POD_NAMESPACE)/ingress-nginx-controller\", --default-backend-service=default/fallback]")
        let c = F.cluster([controller, Self.configMap, F.app("a"), F.app("fallback"),
                           F.ingress("tls", host: "t.example", paths: [("/", "Prefix", "a", 80)], tls: ["t.example"]),
                           F.ingress("forced", host: "f.example", paths: [("/", "Prefix", "a", 80)], annotations: ["force-ssl-redirect": "true", "preserve-trailing-slash": "true"])])
        let ctl = IngressController.find(in: c)
        XCTAssertEqual(ctl.serviceName, "ingress-nginx-controller")
        XCTAssertEqual(ctl.httpNodePort, 30080)
        XCTAssertEqual(ctl.httpsNodePort, 30443)
        XCTAssertEqual(ctl.pods.count, 1)
        XCTAssertFalse(ctl.sslRedirect, "ssl-redirect: false in the ConfigMap named with $(POD_NAMESPACE)")
        XCTAssertEqual(ctl.httpRedirectCode, 301)
        XCTAssertEqual(ctl.defaultBackendService, "default/fallback")
        XCTAssertEqual(F.route(c, "http://t.example/x").backendText, "a:80", "ssl-redirect disabled by the ConfigMap")
        let forced = F.route(c, "http://f.example/x/")
        XCTAssertEqual(forced.result.httpStatus, 301, "http-redirect-code from the ConfigMap")
        XCTAssertEqual(forced.result.redirect?.location, "https://f.example/x/", "preserve-trailing-slash")
        XCTAssertEqual(F.route(c, "http://nothing.example/", via: .ingress).backendText, "fallback:80", "--default-backend-service")
    }

    func testNoControllerInTheClusterIsAssumedAndSaid() {
        let c = F.cluster([F.app("a"), """
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata: {name: nginx}
        spec: {controller: k8s.io/ingress-nginx}
        """, F.ingress("i", host: "h.example", paths: [("/", "Prefix", "a", 80)])])
        let r = F.route(c, "http://h.example/")
        XCTAssertEqual(r.backendText, "a:80")
        XCTAssertTrue(r.notes.contains { $0.contains("no ingress-nginx controller pod") })
    }

    func testCanaryByHeaderValuePatternAndCookie() {
        func cluster(_ ann: [String: String]) -> Cluster {
            F.cluster([F.controller, F.app("web"), F.app("web-v2"),
                       F.ingress("web", host: "w.example", paths: [("/", "Prefix", "web", 80)]),
                       F.ingress("canary", host: "w.example", paths: [("/", "Prefix", "web-v2", 80)], annotations: ann.merging(["canary": "true"]) { a, _ in a })])
        }
        let byValue = cluster(["canary-by-header": "X-Ring", "canary-by-header-value": "beta"])
        XCTAssertEqual(F.route(byValue, "http://w.example/", headers: ["X-Ring": "beta"]).result.backends.map(\.service), ["web-v2"])
        XCTAssertEqual(F.route(byValue, "http://w.example/", headers: ["X-Ring": "always"]).result.backends.map(\.service), ["web"],
                       "with a value set, always is just another value: falls through to weight 0")
        let byPattern = cluster(["canary-by-header": "X-Ring", "canary-by-header-pattern": "^(beta|alpha)$"])
        XCTAssertEqual(F.route(byPattern, "http://w.example/", headers: ["X-Ring": "alpha"]).result.backends.map(\.service), ["web-v2"])
        let byCookie = cluster(["canary-by-cookie": "ring", "canary-weight": "50"])
        XCTAssertEqual(F.route(byCookie, "http://w.example/", headers: ["Cookie": "a=1; ring=always"]).result.backends.map(\.service), ["web-v2"])
        XCTAssertEqual(F.route(byCookie, "http://w.example/", headers: ["Cookie": "ring=never"]).result.backends.map(\.service), ["web"])
        XCTAssertEqual(F.route(byCookie, "http://w.example/").result.backends.map(\.probability), [0.5, 0.5])
    }

    func testRenderedConfigurationShape() throws {
        let c = F.cluster([F.controller, F.app("a"),
                           F.ingress("i", host: "*.w.example", paths: [("/v/(.*)", "ImplementationSpecific", "a", 80)], annotations: ["rewrite-target": "/clips/$1"])])
        let server = try XCTUnwrap(NginxHostTable.build(c).servers.first { $0.host == "*.w.example" })
        let conf = NginxConfigRenderer.render(server)
        XCTAssertTrue(conf.contains(#"server_name "~^(?<subdomain>[\w-]+)\.w\.example$";"#), conf)
        XCTAssertTrue(conf.contains(#"location ~* "^/v/(.*)" {"#), conf)
        XCTAssertTrue(conf.contains(#"rewrite "(?i)/v/(.*)" /clips/$1 break;"#), conf)
    }
}
