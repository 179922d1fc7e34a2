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

/// The positions and codes the fixtures' README lists, one by one.
final class SeedMistakePositionTests: XCTestCase {
    func lines(_ file: String) throws -> [String] {
        guard let text = fixture("ClusterModelTests/Fixtures/seed-mistakes/\(file)") else { throw XCTSkip("\(file) not present") }
        return diagnosticLines(loadCluster(text, file: file))
    }

    func assertContains(_ file: String, _ expected: [String], line: UInt = #line) throws {
        let all = try lines(file)
        for e in expected { XCTAssertTrue(all.contains("\(file):\(e)"), "\(file): missing \(e) in\n\(all.joined(separator: "\n"))", line: line) }
        XCTAssertEqual(all.filter { $0.contains(": error: ") }.count, expected.filter { $0.contains(" error: ") }.count, "\(file): unexpected errors\n\(all.joined(separator: "\n"))", line: line)
    }

    func testMisspelledExtentionsGroup() throws { try assertContains("misspelled-extentions-api-version.yaml", ["4:13: error: unknown-api-version"]) }
    func testArgsEnvPortsBesideContainers() throws {
        try assertContains("args-env-ports-beside-containers.yaml", ["21:7: error: misplaced-field", "24:7: error: misplaced-field", "33:7: error: misplaced-field"])
    }
    func testExtensionsV1beta1Ingress() throws {
        let all = try lines("extensions-v1beta1-ingress.yaml")
        XCTAssertTrue(all.contains("extensions-v1beta1-ingress.yaml:3:13: error: unknown-api-version"), all.joined(separator: "\n"))
    }
    func testPreV1DefaultBackend() throws { try assertContains("pre-v1-default-backend.yaml", ["9:3: error: pre-v1-backend"]) }
    func testPreV1PathBackend() throws { try assertContains("pre-v1-path-backend.yaml", ["17:11: error: pre-v1-backend", "15:9: error: missing-field"]) }
    func testLowercasePathType() throws { try assertContains("lowercase-pathtype.yaml", ["12:19: error: invalid-path-type", "19:19: error: invalid-path-type"]) }
    func testPathsScalarInsteadOfList() throws {
        try assertContains("paths-scalar-instead-of-list.yaml", ["11:14: error: wrong-type", "20:14: error: wrong-type", "12:7: error: misplaced-field",
                                                                 "13:7: error: misplaced-field", "21:7: error: misplaced-field", "22:7: error: misplaced-field"])
    }
    func testNodePort38080() throws { try assertContains("nodeport-38080.yaml", ["16:15: error: node-port-outside-range"]) }
    func testSeedIngressControllerAsWritten() throws {
        try assertContains("seed-ingress-controller-as-written.yaml", ["3:13: error: unknown-api-version", "20:7: error: misplaced-field",
                                                                        "23:7: error: misplaced-field", "32:7: error: misplaced-field"])
    }
}
