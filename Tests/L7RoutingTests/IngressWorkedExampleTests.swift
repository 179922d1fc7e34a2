import ClusterModel
@testable import L7Routing
import XCTest

/// Section 11 of the ingress reference, examples A and B, verbatim.
final class IngressWorkedExampleTests: XCTestCase {
    func exampleA(withSearch: Bool) -> Cluster {
        var docs = [L7Fixture.controller, L7Fixture.app("catalog"), L7Fixture.app("search"),
                    L7Fixture.ingress("catalog", host: "books.example", paths: [("/titles", "Prefix", "catalog", 80)], created: "2024-01-01T00:00:00Z")]
        if withSearch {
            docs.append(L7Fixture.ingress("search", host: "books.example", paths: [("/find/[0-9]+", "ImplementationSpecific", "search", 80)],
                                          annotations: ["use-regex": "true"], created: "2024-02-01T00:00:00Z"))
        }
        return L7Fixture.cluster(docs)
    }

    func testExampleA_hostTableOrderInRegexMode() throws {
        let table = NginxHostTable.build(exampleA(withSearch: true))
        let server = try XCTUnwrap(table.servers.first { $0.host == "books.example" })
        XCTAssertTrue(server.regexMode)
        XCTAssertEqual(server.locations.map(\.directive), ["~* ^/find/[0-9]+", "~* ^/titles/", "~* ^/titles", "~* ^/"])
        XCTAssertTrue(server.regexModeCause?.contains("default/search") ?? false, server.regexModeCause ?? "nil")
    }

    func testExampleA_titlesmithReachesCatalogCaseInsensitively() {
        let r = L7Fixture.route(exampleA(withSearch: true), "http://books.example/Titlesmith")
        XCTAssertEqual(r.backendText, "catalog:80", r.explanation)
        XCTAssertEqual(r.result.upstreamPath, "/Titlesmith")
        XCTAssertEqual(r.winner?.location, "~* ^/titles")
        XCTAssertEqual(r.candidates.prefix(2).map(\.matched), [false, false])
        XCTAssertTrue(r.steps.contains { $0.step == "regex mode" && $0.detail.contains("default/search") }, r.explanation)
    }

    func testExampleA_withoutSearchTheSameRequestGetsTheHostDefault404() {
        let r = L7Fixture.route(exampleA(withSearch: false), "http://books.example/Titlesmith")
        XCTAssertEqual(r.result.httpStatus, 404, r.explanation)
        XCTAssertNil(r.result.backend)
        XCTAssertEqual(r.winner?.location, "/")
    }

    func testExampleB_rewriteWithCaptureKeepsTheQuery() {
        let c = L7Fixture.cluster([L7Fixture.controller, L7Fixture.app("player", port: 8080),
                                   L7Fixture.ingress("media", host: "media.example", paths: [("/v/(.*)", "ImplementationSpecific", "player", 8080)],
                                                     annotations: ["rewrite-target": "/clips/$1"])])
        let r = L7Fixture.route(c, "http://media.example/v/cat.mp4?t=3")
        XCTAssertEqual(r.winner?.location, "~* ^/v/(.*)")
        XCTAssertEqual(r.backendText, "player:8080", r.explanation)
        XCTAssertEqual(r.result.upstreamPath, "/clips/cat.mp4?t=3")
        XCTAssertNil(r.result.httpStatus)
        XCTAssertEqual(r.result.endpoints.count, 1)
        XCTAssertEqual(r.result.endpoints.first?.port, 8080)
    }

    /// The rewrite table of section 6.3, row by row.
    func testRewriteTargetTable() {
        let rows: [(path: String, target: String, request: String, upstream: String)] = [
            ("/docs", "/", "/docs/intro?lang=en", "/?lang=en"),
            ("/docs", "/", "/docsite", "/"),
            ("/docs(/|$)(.*)", "/$2", "/docs", "/"),
            ("/docs(/|$)(.*)", "/$2", "/docs/intro/a", "/intro/a"),
            ("/docs(.*)", "/$1", "/docs/intro", "//intro"),
            ("/docs", "/v2/", "/docs/intro", "/v2/"),
        ]
        for row in rows {
            let type = row.path.contains("(") ? "ImplementationSpecific" : "Prefix"
            let c = L7Fixture.cluster([L7Fixture.controller, L7Fixture.app("docs"),
                                       L7Fixture.ingress("docs", host: "d.example", paths: [(row.path, type, "docs", 80)], annotations: ["rewrite-target": row.target])])
            let r = L7Fixture.route(c, "http://d.example\(row.request)")
            XCTAssertEqual(r.result.upstreamPath, row.upstream, "\(row.path) → \(row.target) for \(row.request)\n\(r.explanation)")
            XCTAssertEqual(r.backendText, "docs:80")
        }
    }

    func testInvalidRewriteTargetIsIgnoredAndDoesNotForceRegexMode() {
        let c = L7Fixture.cluster([L7Fixture.controller, L7Fixture.app("docs"),
                                   L7Fixture.ingress("docs", host: "d.example", paths: [("/docs", "Prefix", "docs", 80)], annotations: ["rewrite-target": "/x?y=1"])])
        let r = L7Fixture.route(c, "http://d.example/docs/a")
        XCTAssertEqual(r.result.upstreamPath, "/docs/a")
        XCTAssertFalse(r.steps.contains { $0.step == "regex mode" })
        XCTAssertTrue(r.notes.contains { $0.contains("ignores it") }, r.explanation)
        XCTAssertEqual(L7Fixture.route(c, "http://d.example/docsite").result.httpStatus, 404)
    }
}
