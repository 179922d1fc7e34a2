import DemoClusters
import Foundation
import KubewalkCLI
import TestSupport
import XCTest

/// `get` output of every embedded demo cluster against golden files in Snapshots/
/// (reviewed by eye; re-record with KUBEWALK_RECORD=1), and each demo validates clean.
final class DemoSnapshotTests: XCTestCase {
    static let kinds = ["nodes", "pods", "services", "endpointslices", "endpoints", "ingresses", "ingressclasses", "gatewayclasses", "gateways", "httproutes", "namespaces"]

    func demos() throws -> [String] {
        let names = DemoClusters.all.map(\.name)
        if names.isEmpty { throw XCTSkip("no demo clusters embedded yet (run scripts/embed-resources.py after they land)") }
        return names
    }

    func testGetOutputOfEveryDemo() throws {
        for demo in try demos() {
            var text = ""
            for kind in Self.kinds {
                let out = kubewalk("get", kind, "-A", "-o", "wide", "--cluster", demo)
                XCTAssertEqual(out.status, 0, "\(demo) \(kind): \(out.stderr)")
                text += "$ kubewalk get \(kind) -A -o wide --cluster \(demo)\n\(out.stdout)\(out.stderr)\n"
            }
            if let mismatch = goldenMismatch(text, path: "Tests/KubewalkCLITests/Snapshots/\(demo).get.txt") { XCTFail(mismatch) }
        }
    }

    func testEveryDemoValidatesWithoutErrors() throws {
        for demo in try demos() {
            let out = kubewalk("validate", "--cluster", demo)
            XCTAssertEqual(out.status, 0, "\(demo):\n\(out.stdout)\(out.stderr)")
        }
    }

    func testJSONOfEveryDemoIsDeterministicAndParses() throws {
        for demo in try demos() {
            for kind in ["pods", "services", "endpointslices"] {
                let a = kubewalk("get", kind, "-A", "-o", "json", "--cluster", demo)
                let b = kubewalk("get", kind, "-A", "-o", "json", "--cluster", demo)
                XCTAssertEqual(a.stdout, b.stdout, "\(demo) \(kind)")
                XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)), "\(demo) \(kind)")
            }
        }
    }
}
