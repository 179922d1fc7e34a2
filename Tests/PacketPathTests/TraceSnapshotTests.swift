import ClusterModel
import Foundation
import PacketPath
import XCTest

/// Text snapshots of `kubewalk trace`, reviewed by eye; re-record with KUBEWALK_RECORD=1.
final class TraceSnapshotTests: XCTestCase {
    func snapshot(_ text: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let dir = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().appendingPathComponent("Snapshots")
        let url = dir.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["KUBEWALK_RECORD"] == "1" {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try Data((text + "\n").utf8).write(to: url)
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return XCTFail("no snapshot \(name); record it with KUBEWALK_RECORD=1", file: file, line: line)
        }
        XCTAssertEqual(String(decoding: data, as: UTF8.self), text + "\n", "snapshot \(name) differs", file: file, line: line)
    }

    func testPodToClusterIPAcrossNodes() throws {
        let c = try demo("online-store")
        let t = try trace(c, from: "default/client", "http://wear-service:8080/", pick: 2)
        try snapshot(TracePrinter.render(t), "online-store-client-wear-pick2.txt")
    }

    func testExternalThroughIngressVerbose() throws {
        let c = try demo("online-store")
        let t = try trace(c, from: "external/browser", "http://node01:30080/watch")
        try snapshot(TracePrinter.render(t, verbose: true), "online-store-browser-watch-verbose.txt")
    }
}
