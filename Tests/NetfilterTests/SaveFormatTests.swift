import XCTest
import NetCore
@testable import Netfilter
import TestSupport

final class SaveFormatTests: XCTestCase {
    func parse(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Ruleset {
        let result = IptablesSaveParser.parse(text)
        XCTAssertEqual(result.errors.map(\.description), [], file: file, line: line)
        return result.ruleset
    }

    func testSavedNatTableRoundTripsByteForByte() {
        let rs = parse(ReferenceExample.saveNat)
        XCTAssertEqual(SaveFormat.render(rs, tables: [.nat]), ReferenceExample.saveNat)
    }

    func testSavedFilterAndMangleRoundTrip() {
        let rs = parse(ReferenceExample.saveFilterMangle)
        XCTAssertEqual(SaveFormat.render(rs, tables: [.filter, .mangle]), ReferenceExample.saveFilterMangle)
    }

    /// kube-proxy's restore input (§8.1) plus the built-in jumps and canaries reads back as §8.2.
    func testRestoreInputReadsBackAsIptablesSave() {
        let prelude = """
        *nat
        :KUBE-KUBELET-CANARY - [0:0]
        :KUBE-PROXY-CANARY - [0:0]
        :KUBE-SERVICES - [0:0]
        :KUBE-POSTROUTING - [0:0]
        -I POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
        -I OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
        -I PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES

        """
        // Turn §8.1's *nat section into a continuation of the prelude's table.
        guard let natStart = ReferenceExample.restoreInput.range(of: "*nat\n") else { return XCTFail("no nat section") }
        let natBody = ReferenceExample.restoreInput[natStart.upperBound...]
        let rs = parse(prelude + natBody)
        XCTAssertEqual(SaveFormat.render(rs, tables: [.nat]), ReferenceExample.saveNat)
    }

    func testProbabilityIsPrintedAsTheKernelStoresIt() {
        XCTAssertEqual(SaveFormat.probability(0.3333333333), "0.33333333349")
        XCTAssertEqual(SaveFormat.probability(0.5), "0.50000000000")
        XCTAssertEqual(SaveFormat.probability(0.2), "0.20000000019")
        XCTAssertEqual(SaveFormat.probability(0.1666666667), "0.16666666651")
        XCTAssertEqual(SaveFormat.probability(0.1428571429), "0.14285714272")
        XCTAssertEqual(SaveFormat.probability(0.1), "0.10000000009")
    }

    func testMarkTargetsAreNormalisedToSetXmark() {
        let rs = parse("""
        *mangle
        :X - [0:0]
        -A X -j MARK --or-mark 0x00004000
        -A X -j MARK --xor-mark 0x00004000
        -A X -j MARK --and-mark 0xffffbfff
        -A X -j MARK --set-mark 0x1
        -A X -m mark ! --mark 0x00004000/0x00004000 -j RETURN
        COMMIT
        """)
        let lines = SaveFormat.render(rs, tables: [.mangle]).split(separator: "\n").filter { $0.hasPrefix("-A X") }
        XCTAssertEqual(lines, [
            "-A X -j MARK --set-xmark 0x4000/0x4000",
            "-A X -j MARK --set-xmark 0x4000/0x0",
            "-A X -j MARK --set-xmark 0x0/0x4000",
            "-A X -j MARK --set-xmark 0x1/0xffffffff",
            "-A X -m mark ! --mark 0x4000/0x4000 -j RETURN",
        ])
    }

    func testRecentAndRejectGainTheirDefaults() {
        let rs = parse("""
        *nat
        :KUBE-SVC-X - [0:0]
        :KUBE-SEP-A - [0:0]
        -A KUBE-SVC-X -m comment --comment "ns/s -> 10.0.0.1:80" -m recent --name KUBE-SEP-A --rcheck --seconds 10800 --reap -j KUBE-SEP-A
        -A KUBE-SEP-A -m comment --comment ns/s -m recent --name KUBE-SEP-A --set -m tcp -p tcp -j DNAT --to-destination 10.0.0.1:80
        COMMIT
        *filter
        :KUBE-SERVICES - [0:0]
        -A KUBE-SERVICES -m comment --comment "ns/s has no endpoints" -m tcp -p tcp -d 10.96.0.5 --dport 80 -j REJECT
        COMMIT
        """)
        let text = SaveFormat.render(rs, tables: [.nat, .filter])
        XCTAssertTrue(text.contains(#"-A KUBE-SVC-X -m comment --comment "ns/s -> 10.0.0.1:80" -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-A --mask 255.255.255.255 --rsource -j KUBE-SEP-A"#), text)
        XCTAssertTrue(text.contains(#"-A KUBE-SEP-A -p tcp -m comment --comment "ns/s" -m recent --set --name KUBE-SEP-A --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10.0.0.1:80"#), text)
        XCTAssertTrue(text.contains(#"-A KUBE-SERVICES -d 10.96.0.5/32 -p tcp -m comment --comment "ns/s has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable"#), text)
    }
}
