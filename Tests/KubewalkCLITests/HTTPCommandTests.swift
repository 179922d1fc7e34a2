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
