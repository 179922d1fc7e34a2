import XCTest
import NetCore
@testable import Netfilter

/// `parse(utf8:)` (what KubeProxy hands its node script to) reads exactly as `parse(_:)` does,
/// down to the line numbers of diagnostics, with and without a final newline.
final class ParseUTF8Tests: XCTestCase {
    func testBytesAndStringGiveTheSameRulesAndDiagnostics() {
        let texts = [
            "*nat\n:KUBE-SVC-X - [0:0]\n-A KUBE-SVC-X -j RETURN\n",           // not closed, final newline
            "*nat\n:KUBE-SVC-X - [0:0]\n-A KUBE-SVC-X -j RETURN",             // not closed, no final newline
            "*filter\n-A INPUT -j NOSUCH\nCOMMIT\n",
            "",
        ]
        for text in texts {
            let fromString = IptablesSaveParser.parse(text)
            let fromBytes = IptablesSaveParser.parse(utf8: Array(text.utf8))
            XCTAssertEqual(fromBytes.diagnostics, fromString.diagnostics, text)
            XCTAssertEqual(fromBytes.ruleset.ruleCount, fromString.ruleset.ruleCount, text)
        }
        // The unclosed table is reported on the line after the last one, as before.
        let unclosed = IptablesSaveParser.parse(utf8: Array("*nat\n:A - [0:0]\n".utf8))
        XCTAssertEqual(unclosed.diagnostics.map(\.line), [3])
    }
}
