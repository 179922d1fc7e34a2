import ArgumentParser
@testable import KubewalkCLI
import PacketPath
import XCTest

/// `kubewalk trace`, `node` and `ports` as the shell runs them: exit codes for bad input.
final class TraceCommandTests: XCTestCase {
    func exitCode(_ args: [String]) -> Int32? {
        do {
            var cmd = try KubewalkCommand.parseAsRoot(args)
            try cmd.run()
            return 0
        } catch let e as ExitCode {
            return e.rawValue
        } catch {
            return KubewalkCommand.exitCode(for: error).rawValue
        }
    }

    func testTraceExitCodes() {
        XCTAssertEqual(exitCode(["trace", "--from", "default/client", "http://wear-service:8080/"]), 0)
        XCTAssertEqual(exitCode(["trace", "--from", "default/client", "http://nosuch/", "-o", "json"]), 0, "an NXDOMAIN trace is still a trace")
        XCTAssertEqual(exitCode(["trace", "--from", "default/client", "wear-service"]), 2, "no port: usage error")
        XCTAssertEqual(exitCode(["trace", "--from", "client", "wear-service:8080"]), 2)
        XCTAssertEqual(exitCode(["trace", "--from", "default/client", "wear-service:8080", "--pick", "0"]), 2)
        XCTAssertEqual(exitCode(["trace", "--from", "default/ghost", "wear-service:8080"]), 1)
        XCTAssertEqual(exitCode(["trace", "--from", "default/client", "http://wear-service:8080/", "--pick", "7"]), 2)
    }

    func testNodeAndPortsExitCodes() {
        XCTAssertEqual(exitCode(["node", "node01", "--section", "routes"]), 0)
        XCTAssertEqual(exitCode(["node", "node01", "-o", "json"]), 0)
        XCTAssertEqual(exitCode(["node", "nosuch"]), 1)
        // A value the parser itself rejects exits with swift-argument-parser's usage code.
        XCTAssertEqual(exitCode(["node", "node01", "--section", "nosuch"]), KubewalkCommand.exitCode(for: ValidationError("x")).rawValue)
        XCTAssertEqual(exitCode(["ports", "--cluster", "weave-overlay"]), 0)
    }
}

final class TraceRunnerTests: XCTestCase {
    func testRunnerRunsTheCLIArgumentsOnALoadedCluster() throws {
        let cluster = try ClusterSource.load("online-store")
        let t = try TraceRunner.trace(cluster, arguments: ["--from", "default/client", "http://wear-service:8080/"], pick: 2).get()
        XCTAssertEqual(t.request.pick, 2)
        XCTAssertEqual(t.outcome.status, .delivered)
        guard case .failure(let e) = TraceRunner.trace(cluster, arguments: ["--from", "default/client", "wear-service"]) else { return XCTFail("bad target accepted") }
        XCTAssertTrue(e.isUsage)
        guard case .failure(let e2) = TraceRunner.trace(cluster, arguments: ["--bogus"]) else { return XCTFail("bad flag accepted") }
        XCTAssertTrue(e2.isUsage)
        let lines = try XCTUnwrap(NodeDescription.lines(cluster, id: "node:node01"))
        XCTAssertTrue(lines.contains("  10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1"))
        XCTAssertNil(NodeDescription.lines(cluster, id: "node:nosuch"))
        XCTAssertNil(NodeDescription.lines(cluster, id: "svc:default/web"))
    }
}
