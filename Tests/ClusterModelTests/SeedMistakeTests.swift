import ClusterModel
import Foundation
import TestSupport
import XCTest

/// The seed-mistake fixtures (Tests/ClusterModelTests/Fixtures/seed-mistakes/*.yaml): the
/// mistakes from the study notes. Each must be named with its location and a fix. A fixture
/// may list what it expects in comments: `# expect: LINE:COLUMN CODE` (or `# expect: CODE`).
final class SeedMistakeTests: XCTestCase {
    static let directory = repositoryRoot.appendingPathComponent("Tests/ClusterModelTests/Fixtures/seed-mistakes")

    func fixtures() throws -> [(String, String)] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: Self.directory.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        if names.isEmpty { throw XCTSkip("no seed-mistake fixtures yet") }
        return names.compactMap { n in (try? String(contentsOf: Self.directory.appendingPathComponent(n), encoding: .utf8)).map { (n, $0) } }
    }

    func testEveryMistakeIsNamedWithLocationAndFix() throws {
        for (name, text) in try fixtures() {
            let c = loadCluster(text, file: name)
            let problems = c.diagnostics.filter { $0.severity != .note }
            XCTAssertFalse(problems.isEmpty, "\(name): no diagnostic")
            for d in problems {
                XCTAssertEqual(d.location?.file, name, "\(name): \(d)")
                XCTAssertGreaterThan(d.location?.line ?? 0, 0, "\(name): \(d)")
            }
            XCTAssertTrue(problems.contains { $0.fix != nil }, "\(name): no diagnostic carries a fix:\n\(problems.map(\.description).joined(separator: "\n"))")
            for expectation in Self.expectations(text) {
                let found = c.diagnostics.contains { d in
                    d.code == expectation.code && (expectation.line == nil || (d.location?.line == expectation.line && d.location?.column == expectation.column))
                }
                XCTAssertTrue(found, "\(name): expected \(expectation) in:\n\(diagnosticLines(c).joined(separator: "\n"))")
            }
        }
    }

    struct Expectation: CustomStringConvertible {
        var line: Int?
        var column: Int?
        var code: String
        var description: String { line.map { "\($0):\(column ?? 0) \(code)" } ?? code }
    }

    static func expectations(_ text: String) -> [Expectation] {
        text.split(separator: "\n").compactMap { line in
            guard let r = line.range(of: "# expect:") else { return nil }
            let parts = line[r.upperBound...].split(separator: " ").map(String.init)
            guard let last = parts.last else { return nil }
            if parts.count >= 2, case let lc = parts[0].split(separator: ":"), lc.count == 2, let l = Int(lc[0]), let col = Int(lc[1]) {
                return Expectation(line: l, column: col, code: last)
            }
            return Expectation(code: last)
        }
    }
}
