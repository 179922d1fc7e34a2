import XCTest
@testable import Explorer

/// Golden frames: a rendered frame compared with `Snapshots/<name>.txt` (or `.ansi`).
/// `KUBEWALK_RECORD=1 swift test --filter ExplorerTests` rewrites them; review each by eye.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static var recording: Bool { ProcessInfo.processInfo.environment["KUBEWALK_RECORD"] == "1" }

    static func check(_ actual: String, name: String, file: StaticString = #filePath, line: UInt = #line) {
        let url = directory.appendingPathComponent(name)
        if recording {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            XCTAssertNoThrow(try actual.write(to: url, atomically: true, encoding: .utf8), file: file, line: line)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            XCTFail("missing golden \(name); record with KUBEWALK_RECORD=1", file: file, line: line)
            return
        }
        if expected != actual {
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
            XCTFail("\(name) differs from line \(first + 1):\n  expected: \(first < e.count ? String(e[first]) : "<none>")\n  actual:   \(first < a.count ? String(a[first]) : "<none>")\nre-record with KUBEWALK_RECORD=1 and review", file: file, line: line)
        }
    }

    static func frame(_ state: AppState, _ size: Size, time: Double = 0, name: String, file: StaticString = #filePath, line: UInt = #line) {
        var s = state
        s.lastSize = size
        check(render(s, size: size, time: time).text + "\n", name: "\(name)-\(size).txt", file: file, line: line)
    }
}
