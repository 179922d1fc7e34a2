import Foundation
import KubewalkCLI
import TestSupport
import XCTest

/// Exit codes, --version, completion scripts, generate's parameters.
final class CommandTests: XCTestCase {
    func testValidateExitCodes() throws {
        XCTAssertEqual(kubewalk("validate", "--cluster", eksDump).status, 0)
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("kwtest-bad-\(getpid()).yaml").path
        try "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {clusterIP: 10.96.0.999, ports: [{port: 80}]}\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let out = kubewalk("validate", "--cluster", bad)
        XCTAssertEqual(out.status, 1)
        XCTAssertTrue(out.stdout.contains("\(bad):4:19: error: spec.clusterIP: '10.96.0.999' is not a valid IP address"), out.stdout)
        XCTAssertEqual(kubewalk("validate", "--no-such-flag").status, 2)
        XCTAssertEqual(kubewalk("validate", "--cluster", "/no/such/path").status, 1)
    }

    func testUsageErrorsExit2() {
        XCTAssertEqual(kubewalk("get").status, 2)
        let bogus = kubewalk("get", "bogus")
        XCTAssertEqual(bogus.status, 2)
        XCTAssertTrue(bogus.stderr.contains("doesn't have a resource type \"bogus\""), bogus.stderr)
        XCTAssertEqual(kubewalk("get", "pods", "-A", "-n", "x").status, 2)
        XCTAssertEqual(kubewalk("generate", "--nodes", "0", "--pods-per-node", "1", "--services", "0", "--endpoints-per-service", "0").status, 2)
        XCTAssertEqual(kubewalk("generate", "--nodes", "1", "--pods-per-node", "2", "--services", "3", "--endpoints-per-service", "1").status, 2)
    }

    func testClustersListsEmbeddedDemos() {
        let out = kubewalk("clusters")
        XCTAssertEqual(out.status, 0)
        for d in demoSourceFiles().map(\.demo) { XCTAssertTrue(out.stdout.contains(d), d) }
    }

    func testSummaryShowsInferredRangesOfADump() {
        let out = kubewalk("summary", "--cluster", eksDump)
        XCTAssertEqual(out.status, 0)
        XCTAssertTrue(out.stdout.contains("service CIDR 172.20.0.0/16 (inferred"), out.stdout)
        XCTAssertTrue(out.stdout.contains("pod CIDR 100.96.0.0/16 (inferred"), out.stdout)
    }

    func testNoSubcommandSummarisesTheDefaultDemo() {
        let out = kubewalk()
        XCTAssertEqual(out.status, 0, out.stderr)
        XCTAssertTrue(out.stdout.hasPrefix("cluster online-store:"), out.stdout)
    }

    func testClustersPrintsOneSentenceEach() {
        let lines = kubewalk("clusters").stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 5)
        XCTAssertTrue(lines.contains { $0.hasPrefix("* online-store") }, "the default is marked")
    }

    func testVersion() {
        let out = kubewalk("--version")
        XCTAssertEqual(out.status, 0)
        XCTAssertEqual(out.stdout, KubewalkVersion.current + "\n")
    }

    func testCompletionScripts() {
        for shell in ["bash", "zsh", "fish"] {
            let out = kubewalk("--generate-completion-script", shell)
            XCTAssertEqual(out.status, 0, shell)
            XCTAssertTrue(out.stdout.contains("kubewalk"), shell)
            XCTAssertTrue(out.stdout.contains("get"), "\(shell) completes the get subcommand")
        }
    }

    func testHelpHasExamples() {
        for cmd in ["get", "generate", "validate", "clusters", "summary"] {
            let out = kubewalk(cmd, "--help")
            XCTAssertEqual(out.status, 0, cmd)
            XCTAssertTrue(out.stdout.contains("Examples:"), cmd)
        }
    }

    func testGenerateIsDeterministicPerSeed() {
        let args = ["generate", "--nodes", "2", "--pods-per-node", "2", "--services", "2", "--endpoints-per-service", "1"]
        let a = kubewalk(args + ["--seed", "3"]), b = kubewalk(args + ["--seed", "3"]), c = kubewalk(args + ["--seed", "4"])
        XCTAssertEqual(a.stdout, b.stdout)
        XCTAssertNotEqual(a.stdout, c.stdout)
        XCTAssertTrue(a.stdout.hasPrefix("{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n        {\n"))
        XCTAssertTrue(a.stdout.hasSuffix("    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n"))
        XCTAssertTrue(a.stdout.contains("\"managedFields\": ["))
    }
}
