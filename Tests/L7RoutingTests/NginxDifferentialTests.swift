import ClusterModel
import DemoClusters
import Foundation
@testable import L7Routing
import XCTest

/// Differential test against a real nginx: the Ingresses of a cluster are rendered into
/// nginx.conf the way ingress-nginx writes it, nginx runs on 127.0.0.1, and every request of
/// the table is sent to it with its Host header. nginx and kubewalk must agree on the
/// backend and on the request-target the backend receives (or on the status).
final class NginxDifferentialTests: XCTestCase {
    static var fixtureURL: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/l7-lab.yaml")
    }

    func testL7LabAgreesWithNginx() throws {
        let c = try ClusterLoader.load(path: Self.fixtureURL.path)
        XCTAssertTrue(c.diagnostics.errors.isEmpty, c.diagnostics.map(\.description).joined(separator: "\n"))
        let extra: [(String, String)] = [
            ("a.tenants.example", "/img/new"), ("a.tenants.example", "/IMG/abc/def"), ("a.tenants.example", "/img/ab"),
            ("media.example", "/v/cat.mp4?t=3"), ("media.example", "/V/a%20b.mp4"), ("media.example", "/video"),
            ("api.example", "/api"), ("api.example", "/api/"), ("api.example", "/API/users/7?x=1"), ("api.example", "/apis"),
            ("api.example", "/v1x0"), ("api.example", "/v1.0/extra"), ("api.example", "/Docs/a"), ("api.example", "/docsite"),
            ("shop.example", "/cart//x/../y"), ("shop.example", "/checkout/"), ("shop.example", "/Cart"), ("shop.example", "/shop%2Fx"),
            ("shop.example.", "/cart"), ("SHOP.example", "/cart"), ("shop.example:8080", "/cart"),
            ("unknown.example", "/status/x"), ("unknown.example", "/"), ("192.168.56.11", "/status"),
        ]
        try runDifferential(c, extra: extra)
    }

    /// PCRE's verdict through `nginx -t` against kubewalk's: a pattern kubewalk calls
    /// rejected must fail nginx's configuration test, and one it compiles must pass.
    func testRegexVerdictsAgreeWithNginxConfigTest() throws {
        guard let nginx = NginxHarness.nginxPath() else { throw XCTSkip("nginx is not installed (apt-get install nginx)") }
        let patterns = ["/api(/|$)(.*)", "/v/(.*)", "/img/[a-z]{3}", "/a|/b", "/x{", "/u/\\d+", "/(?:a|b)+?c", "/[^/]+/(?<id>[0-9]+)",
                        "/api(/|$", "/api)", "/a|*x", "/a**", "/[a-z", "/a{3,2}", "/[z-a]", "/\\q", "/(?i)x"]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kwt-nginx-re-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for p in patterns {
            let ours: Bool
            do { _ = try PathRegex("^" + p, caseInsensitive: true); ours = true } catch { ours = !error.isRejectedByNginx }
            let conf = """
            pid \(dir.path)/nginx.pid;
            events {}
            http { access_log off; server { listen 127.0.0.1:1; location ~* "^\(NginxConfigRenderer.escape(p))" { return 200; } } }
            """
            try conf.write(to: dir.appendingPathComponent("t.conf"), atomically: true, encoding: .utf8)
            let t = Process()
            t.executableURL = URL(fileURLWithPath: nginx)
            t.arguments = ["-t", "-q", "-p", dir.path + "/", "-e", dir.path + "/error.log", "-c", dir.path + "/t.conf"]
            t.standardError = FileHandle.nullDevice
            t.standardOutput = FileHandle.nullDevice
            try t.run()
            t.waitUntilExit()
            XCTAssertEqual(t.terminationStatus == 0, ours, "pattern \(p): nginx -t \(t.terminationStatus == 0 ? "accepts" : "rejects") it, kubewalk \(ours ? "accepts" : "rejects") it")
        }
    }

    /// The embedded demo clusters that have Ingresses (they land with the demo-clusters work).
    func testDemoClustersAgreeWithNginx() throws {
        let demos = DemoClusters.all.filter { d in d.manifests.contains { $0.contents.contains("kind: Ingress") } }
        if demos.isEmpty { throw XCTSkip("no embedded demo cluster has an Ingress yet") }
        for d in demos {
            let files = d.manifests.map { SourceFile(path: "\(d.name)/\($0.path)", text: $0.contents) }
            let c = ClusterLoader.load(files: files, name: d.name)
            if c.ingresses.isEmpty { continue }
            try runDifferential(c, extra: [])
        }
    }

    func runDifferential(_ c: Cluster, extra: [(String, String)], file: StaticString = #filePath, line: UInt = #line) throws {
        guard NginxHarness.nginxPath() != nil else { throw XCTSkip("nginx is not installed (apt-get install nginx); the differential test needs it") }
        let router = L7Router(cluster: c)
        let table = router.ingress.table
        let harness = try NginxHarness()
        defer { harness.stop() }
        try harness.start(table)
        let requests = Self.requestTable(table) + extra
        var compared = 0
        for (host, target) in requests {
            let url = "http://\(host)\(target)"
            guard var req = try? HTTPRequest(url: url) else { XCTFail("bad test URL \(url)", file: file, line: line); continue }
            req.headers = [HTTPHeader(name: "Host", value: host)]
            let ours = router.route(req, via: .ingress)
            let theirs = try HTTPProbe.send(port: harness.port, host: host, target: target)
            let context = "\(c.name): Host \(host) \(target)\nkubewalk: \(ours.result.httpStatus.map(String.init) ?? "-") \(ours.backendText) \(ours.result.upstreamPath ?? "-")\nnginx: \(theirs.status) \(theirs.body)\n\(ours.explanation)"
            if let redirect = ours.result.redirect {
                XCTAssertEqual(theirs.status, redirect.status, context, file: file, line: line)
                if let loc = theirs.headers["location"], let path = URLComponentsPath.path(of: redirect.location) {
                    XCTAssertEqual(URLComponentsPath.path(of: loc), path, context, file: file, line: line)
                }
            } else if let b = ours.result.backend {
                XCTAssertEqual(theirs.status, 200, context, file: file, line: line)
                XCTAssertEqual(theirs.body, "\(b.namespace)/\(b.service):\(b.port) \(ours.result.upstreamPath ?? "")", context, file: file, line: line)
            } else {
                XCTAssertEqual(ours.result.httpStatus, 404, context, file: file, line: line)
                XCTAssertEqual(theirs.status, 404, context, file: file, line: line)
                XCTAssertTrue(theirs.body.hasPrefix("default-backend"), context, file: file, line: line)
            }
            if ProcessInfo.processInfo.environment["KUBEWALK_VERBOSE"] != nil { print("\(host) \(target) -> nginx \(theirs.status) \(theirs.body.prefix(60)) / kubewalk \(ours.result.httpStatus.map(String.init) ?? "-") \(ours.backendText) \(ours.result.upstreamPath ?? "-")") }
            compared += 1
        }
        XCTAssertGreaterThan(compared, 10)
        if ProcessInfo.processInfo.environment["KUBEWALK_VERBOSE"] != nil { print("compared \(compared) requests with nginx for \(c.name)") }
    }

    /// Requests derived from the host table: each host (a wildcard as one and two labels),
    /// each literal path, with a trailing slash, a sub-path, another case, a longer word.
    static func requestTable(_ table: NginxHostTable) -> [(String, String)] {
        var out: [(String, String)] = []
        let meta = Set("[](){}|*+?^$\\.")
        for s in table.servers where s.errors.isEmpty {
            let hosts = s.host == "_" ? ["no-such-host.example"] : s.host.hasPrefix("*.") ? ["x" + s.host.dropFirst(1), "a.b" + s.host.dropFirst(1)] : [s.host]
            var paths: Set<String> = ["/", "/nope", "/nope/deeper?q=1"]
            for l in s.locations where !l.writtenPath.contains(where: { meta.contains($0) }) {
                let p = l.writtenPath
                let bare = p.count > 1 && p.hasSuffix("/") ? String(p.dropLast()) : p
                paths.formUnion([p, bare, bare + "/", bare + "/x", bare + "x", bare.uppercased(), bare + "/x?y=1"])
            }
            // Regex paths: their literal start, with and without more after it.
            for l in s.locations where l.writtenPath.contains(where: { meta.contains($0) }) {
                let lit = String(l.writtenPath.prefix { !meta.contains($0) })
                guard lit.count > 1 else { continue }
                paths.formUnion([lit, lit + "/abc", lit + "/a/b?x=1", lit.uppercased() + "/Q", lit + "else"])
            }
            for h in hosts { for p in paths.sorted() { out.append((h, p)) } }
        }
        return out
    }
}

/// The path of an absolute or relative Location.
enum URLComponentsPath {
    static func path(of location: String) -> String? {
        if location.hasPrefix("/") { return location }
        guard let r = location.range(of: "://") else { return nil }
        let rest = location[r.upperBound...]
        return rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? "/"
    }
}
