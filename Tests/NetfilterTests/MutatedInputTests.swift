import XCTest
import NetCore
@testable import Netfilter
import TestSupport

/// The parser never traps on damaged input: every mutation of a real ruleset either parses
/// or yields diagnostics with a line number inside the file; any ruleset it returns can be walked.
final class MutatedInputTests: XCTestCase {
    func testEveryTruncationAndDeletionIsHandled() {
        let text = ReferenceExample.saveNat + ReferenceExample.saveFilterMangle
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var mutants: [String] = []
        for (i, line) in lines.enumerated() where !line.isEmpty {
            // Cut each line at several places, drop each word, and double-quote a word.
            let words = line.split(separator: " ").map(String.init)
            for cut in stride(from: 1, to: line.count, by: max(1, line.count / 7)) {
                var m = lines; m[i] = String(line.prefix(cut)); mutants.append(m.joined(separator: "\n"))
            }
            for w in words.indices {
                var ws = words; ws.remove(at: w)
                var m = lines; m[i] = ws.joined(separator: " "); mutants.append(m.joined(separator: "\n"))
                var q = words; q[w] = "\"" + q[w]
                var m2 = lines; m2[i] = q.joined(separator: " "); mutants.append(m2.joined(separator: "\n"))
            }
        }
        XCTAssertGreaterThan(mutants.count, 1000)
        let packet = Packet(source: IPAddress("10.244.1.9") ?? .v4(IPv4Address(0)), destination: IPAddress("10.96.45.10") ?? .v4(IPv4Address(0)), destinationPort: 80)
        var withErrors = 0
        for m in mutants {
            let r = IptablesSaveParser.parse(m)
            let lineCount = m.split(separator: "\n", omittingEmptySubsequences: false).count
            for d in r.diagnostics { XCTAssertTrue((1...lineCount + 1).contains(d.line), "line \(d.line) out of range: \(d.message)") }
            if !r.errors.isEmpty { withErrors += 1 }
            let t = Tracer(ruleset: r.ruleset, host: NetfilterHost(localAddresses: [])).trace(packet)
            XCTAssertFalse(t.outcomes.isEmpty)
            let total = t.outcomes.reduce(0) { $0 + $1.probability }
            XCTAssertEqual(total, 1, accuracy: 1e-9)
        }
        XCTAssertGreaterThan(withErrors, mutants.count / 4, "most mutations must be reported")
    }
}
