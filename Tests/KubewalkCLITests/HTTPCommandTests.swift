import ArgumentParser
import ClusterModel
@testable import KubewalkCLI
import L7Routing
import XCTest

/// `kubewalk http`: argument checks (usage errors exit 2) and the text output, which reads
/// the same RoutingResult as the JSON.
final class HTTPCommandTests: XCTestCase {
    static var fixture: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("L7RoutingTests/Fixtures/l7-lab.yaml").path
    }

    func exitCode(_ args: [String]) -> Int32? {
        do {
            var cmd = try HTTPCommand.parse(args)
            try cmd.validate()
            return nil
        } catch let e as ExitCode {
            return e.rawValue
        } catch {
            return HTTPCommand.exitCode(for: error).rawValue
        }
    }

    /// Golden text output on the demo clusters; re-record with `KUBEWALK_RECORD=1`.
    func testGoldenTextOnDemoClusters() throws {
        let cases: [(cluster: String, url: String, headers: [HTTPHeader], file: String)] = [
            ("online-store", "http://192.168.56.11:30080/wear/shirts", [], "online-store-wear-rewrite.txt"),
            ("online-store", "http://shop.my-online-store.com/something/abc?x=1", [], "online-store-something.txt"),
            ("gateway-canary", "https://shop.example.com/cart", [], "gateway-canary-split.txt"),
            ("gateway-canary", "http://shop.example.com/cart", [], "gateway-canary-redirect.txt"),
        ]
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("L7RoutingTests/Fixtures/snapshots")
        let record = ProcessInfo.processInfo.environment["KUBEWALK_RECORD"] != nil
        for c in cases {
            let cluster = try ClusterSource.load(c.cluster)
            let text = HTTPResultText.render(try L7Routing.route(cluster: cluster, url: c.url, headers: c.headers)) + "\n"
            let file = dir.appendingPathComponent(c.file)
            if record {
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                try text.write(to: file, atomically: true, encoding: .utf8)
                continue
            }
            let golden = try String(contentsOf: file, encoding: .utf8)
            XCTAssertEqual(text, golden, "\(c.file) differs; inspect and re-record with KUBEWALK_RECORD=1")
        }
    }

    func testUsageErrorsExit2() {
        XCTAssertEqual(exitCode(["ftp://x/"]), 2)
        XCTAssertEqual(exitCode(["http://h:99999/"]), 2)
        XCTAssertEqual(exitCode(["--via", "gw/x", "http://h/"]), 2)
        XCTAssertEqual(exitCode(["-H", "NoColon", "http://h/"]), 2)
        XCTAssertNil(exitCode(["--via", "gateway/default/public", "-H", "X-A: 1", "-X", "POST", "http://h/"]))
    }

    func testTextOutputMarksTheWinnerAndShowsTheUpstreamRequest() throws {
        let cluster = try ClusterLoader.load(path: Self.fixture)
        let r = try L7Routing.route(cluster: cluster, url: "http://media.example/v/cat.mp4?t=3")
        let text = HTTPResultText.render(r)
        XCTAssertTrue(text.contains("> location ~* ^/v/(.*)"), text)
        XCTAssertTrue(text.contains("upstream request: GET /clips/cat.mp4?t=3"), text)
        XCTAssertTrue(text.contains("backend default/player:8080"), text)
        XCTAssertTrue(text.contains("endpoints of player:"), text)
        let split = HTTPResultText.render(try L7Routing.route(cluster: cluster, url: "http://img.example/img/a.png"))
        XCTAssertTrue(split.contains("p=0.75") && split.contains("p=0.25"), split)
        let redirect = HTTPResultText.render(try L7Routing.route(cluster: cluster, url: "http://shop.example/help"))
        XCTAssertTrue(redirect.contains("301 redirect to http://shop.example/help/"), redirect)
    }
}
