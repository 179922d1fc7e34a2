import XCTest
import Foundation
import TestSupport

/// `kubewalk iptables-save`, `ipvsadm` and `iptables-trace` run as the user runs them.
final class NetfilterCommandsTests: XCTestCase {
    struct Run { var status: Int32; var stdout: String; var stderr: String }

    func kubewalk(_ args: [String]) throws -> Run {
        // Linux: the bundle URL is the build directory; macOS: the .xctest bundle inside it.
        let bundle = Bundle(for: Self.self).bundleURL
        let candidates = [bundle.appendingPathComponent("kubewalk"), bundle.deletingLastPathComponent().appendingPathComponent("kubewalk")]
        guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw XCTSkip("the kubewalk executable is not built next to the tests (\(candidates[0].path)); run `swift build` first")
        }
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    func temporaryFile(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kwt-rules-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).rules")
        try text.write(to: url, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    func testTraceOfARulesFileAsJSON() throws {
        let file = try temporaryFile(ReferenceExample.saveNat + ReferenceExample.saveFilterMangle)
        let r = try kubewalk(["iptables-trace", "--rules", file, "--local-ip", "192.168.56.11",
                              "--src", "192.168.56.1", "--dst", "192.168.56.11", "--dport", "30080", "-o", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let outcomes = obj?["outcomes"] as? [[String: Any]] ?? []
        XCTAssertEqual(outcomes.compactMap { $0["dnat"] as? String }, ["10.244.1.5:8080", "10.244.2.12:8080", "10.244.2.7:8080"])
        XCTAssertEqual(outcomes.compactMap { $0["masquerade"] as? Bool }, [true, true, true])
        XCTAssertEqual(outcomes.compactMap { $0["verdict"] as? String }, ["ACCEPT", "ACCEPT", "ACCEPT"])
        XCTAssertTrue(outcomes.allSatisfy { $0["snat"] is NSNull })
        XCTAssertGreaterThan(obj?["rulesEvaluated"] as? Int ?? 0, 10)
    }

    func testBadRulesFileGivesFileLineAndExit1() throws {
        let file = try temporaryFile("*nat\n:A - [0:0]\n-A A -j KUBE-NOWHERE\nCOMMIT\n")
        let r = try kubewalk(["iptables-trace", "--rules", file, "--src", "10.0.0.1", "--dst", "10.0.0.2", "--dport", "80"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix("\(file):3:"), r.stderr)
        XCTAssertTrue(r.stderr.contains("KUBE-NOWHERE"), r.stderr)
    }

    func testNodeAndRulesTogetherIsAUsageError() throws {
        let r = try kubewalk(["iptables-trace", "--rules", "x.rules", "--node", "node01", "--src", "10.0.0.1", "--dst", "10.0.0.2", "--dport", "80"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertNotEqual(r.status, 1, "a usage error is not an input error")
        XCTAssertTrue(r.stderr.contains("either --node"), r.stderr)
    }

    func testIptablesSaveOfTheDefaultDemo() throws {
        let r = try kubewalk(["iptables-save", "--node", "node01", "--table", "nat"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("*nat\n:PREROUTING ACCEPT [0:0]\n"))
        XCTAssertTrue(r.stdout.contains("-j KUBE-SVC-TCOU7JCQXEZGVUNU"), "kube-dns:dns udp chain")
        XCTAssertTrue(r.stdout.hasSuffix("COMMIT\n"))
        let unknown = try kubewalk(["iptables-save", "--node", "node09"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.stderr.contains("no node named node09"), unknown.stderr)
    }

    func testIpvsadmOfTheIpvsDemo() throws {
        let r = try kubewalk(["ipvsadm", "--cluster", "weave-overlay", "--node", "node01"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("TCP  10.96.0.1:443 rr\n  -> 192.168.56.10:6443           Masq    1      0          0\n"), r.stdout)
    }
}
