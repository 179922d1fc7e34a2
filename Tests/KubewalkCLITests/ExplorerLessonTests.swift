import DemoClusters
@testable import Explorer
import XCTest
@testable import KubewalkCLI

/// Every lesson of every demo cluster, played through the explorer with the engines wired
/// the way `kubewalk` wires them: no step ends in an error, every traced step has hops,
/// and `o` walks through the other outcomes.
final class ExplorerLessonTests: XCTestCase {
    func testEveryLessonStepRunsWithTheWiredEngines() throws {
        for demo in DemoClusters.all {
            let cluster = try ClusterSource.load(demo.name)
            let options = try ExplorerOptions.parse(["--walkthrough"])
            var state = ExplorerSetup.state(cluster: cluster, ref: demo.name, options: options, environment: [:], utf8: true, now: 0)
            state = update(state, .resize(Size(width: 120, height: 40)), time: 0)
            let lesson = try XCTUnwrap(state.walkthrough, "\(demo.name): no lesson")
            for (i, step) in lesson.steps.enumerated() {
                if i > 0 { state = update(state, .key(.pageDown), time: 0) }
                XCTAssertEqual(state.walkthroughStep, i)
                XCTAssertFalse(state.messageIsError, "\(demo.name) step \(i + 1) (\(step.title.en)): \(state.message ?? "")")
                if step.command?.first == "trace" {
                    let trace = try XCTUnwrap(state.trace, "\(demo.name) step \(i + 1): no trace")
                    XCTAssertFalse(trace.hops.isEmpty)
                    for _ in 1..<max(1, trace.outcomeCount) {
                        let before = state.trace?.pick
                        state = update(state, .key(.char("o")), time: 0)
                        XCTAssertNotEqual(state.trace?.pick, before, "\(demo.name) step \(i + 1): o did not change the outcome")
                        XCTAssertFalse(state.messageIsError, state.message ?? "")
                    }
                    _ = render(state, size: Size(width: 120, height: 40), time: 3)
                }
                if let show = step.show {
                    XCTAssertEqual(state.selectedID, show)
                }
            }
        }
    }

    func testNodeDetailComesFromPodNetwork() throws {
        let cluster = try ClusterSource.load("online-store")
        var state = ExplorerSetup.state(cluster: cluster, ref: "online-store", options: try ExplorerOptions.parse([]), environment: [:], utf8: true, now: 0)
        state = update(state, .resize(Size(width: 120, height: 40)), time: 0)
        for k in try KeyNotation.parse("':node node01' Enter Tab Tab") { state = update(state, .key(k), time: 0) }
        XCTAssertEqual(state.selectedID, "node:node01")
        let lines = DetailContent(state: state, now: 0).lines().map(\.0)
        XCTAssertTrue(lines.contains("ip route (node01):"), lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains { $0.contains("10.244.2.0/24 via 192.168.56.12 dev eth0") })
    }
}

extension ExplorerLessonTests {
    func testHTTPCommandShowsTheCLIOutputInDetail() throws {
        let cluster = try ClusterSource.load("online-store")
        var state = ExplorerSetup.state(cluster: cluster, ref: "online-store", options: try ExplorerOptions.parse([]), environment: [:], utf8: true, now: 0)
        for k in try KeyNotation.parse("':http http://node01:30080/watch' Enter") { state = update(state, .key(k), time: 0) }
        guard case let .text(title, lines) = state.detailSource else { return XCTFail("no text in Detail: \(state.message ?? "")") }
        XCTAssertEqual(title, ":http http://node01:30080/watch")
        XCTAssertTrue(lines.contains { $0.contains("default/watch-service") }, lines.joined(separator: "\n"))
        state = update(state, .key(.char(":")), time: 0)
        for k in try KeyNotation.parse("'http ftp://x/' Enter") { state = update(state, .key(k), time: 0) }
        XCTAssertTrue(state.messageIsError)
    }
}

extension ExplorerLessonTests {
    func testGetPodsFillsTheScreenWithKubectlColumns() throws {
        let cluster = try ClusterSource.load("online-store")
        var state = ExplorerSetup.state(cluster: cluster, ref: "online-store", options: try ExplorerOptions.parse([]), environment: [:], utf8: true, now: 0)
        state = update(state, .resize(Size(width: 120, height: 40)), time: 0)
        for k in try KeyNotation.parse("':get pods -A' Enter") { state = update(state, .key(k), time: 0) }
        let text = render(state, size: Size(width: 120, height: 40), time: 0).text
        XCTAssertTrue(text.contains("NAMESPACE       NAME"), text)
        XCTAssertTrue(text.contains("kube-system     etcd-controlplane"), text)
        state = update(state, .key(.escape), time: 0)
        XCTAssertTrue(render(state, size: Size(width: 120, height: 40), time: 0).text.contains("Map · online-store"))
        for k in try KeyNotation.parse("':get widgets' Enter") { state = update(state, .key(k), time: 0) }
        XCTAssertTrue(state.messageIsError)
        XCTAssertTrue(state.message?.contains("widgets") ?? false, state.message ?? "")
    }
}
