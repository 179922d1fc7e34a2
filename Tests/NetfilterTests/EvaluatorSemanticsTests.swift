import XCTest
import NetCore
@testable import Netfilter
import TestSupport

final class EvaluatorSemanticsTests: XCTestCase {
    func ip(_ s: String) -> IPAddress { IPAddress(s)! }

    func ruleset(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Ruleset {
        let r = IptablesSaveParser.parse(text)
        XCTAssertEqual(r.errors.map(\.description), [], file: file, line: line)
        return r.ruleset
    }

    func trace(_ text: String, _ packet: Packet, host: NetfilterHost = NetfilterHost(localAddresses: [IPAddress("192.168.0.1")!])) -> TraceResult {
        Tracer(ruleset: ruleset(text), host: host).trace(packet)
    }

    var fromPod: Packet { Packet(source: ip("10.244.1.9"), destination: ip("10.1.2.3"), destinationPort: 80) }

    func testGotoReturnsToTheCallerOfTheCallingChain() {
        // A -g B: when B returns, the walk resumes after the rule in FORWARD that jumped to A.
        let t = trace("""
        *filter
        :FORWARD DROP [0:0]
        :A - [0:0]
        :B - [0:0]
        -A FORWARD -j A
        -A FORWARD -j ACCEPT
        -A A -g B
        -A A -j DROP
        -A B -j RETURN
        COMMIT
        """, fromPod)
        XCTAssertEqual(t.outcomes.map(\.verdict), [.accept])
        XCTAssertEqual(t.outcomes[0].path.filter(\.matched).map { "\($0.chain)#\($0.rule ?? 0)" }, ["FORWARD#1", "A#1", "B#1", "FORWARD#2"])
    }

    func testJumpReturnsToTheRuleAfterTheJump() {
        let t = trace("""
        *filter
        :FORWARD ACCEPT [0:0]
        :A - [0:0]
        -A FORWARD -j A
        -A FORWARD -j DROP
        -A A -j RETURN
        COMMIT
        """, fromPod)
        XCTAssertEqual(t.outcomes.map(\.verdict), [.drop])
    }

    func testPolicyAppliesAtTheEndOfABuiltinChain() {
        let t = trace("*filter\n:FORWARD DROP [0:0]\n-A FORWARD -s 10.9.0.0/16 -j ACCEPT\nCOMMIT\n", fromPod)
        XCTAssertEqual(t.outcomes.map(\.verdict), [.drop])
        XCTAssertEqual(t.outcomes[0].path.last?.text, ":FORWARD DROP")
        XCTAssertNil(t.outcomes[0].path.last?.rule)
    }

    func testMarkLogAndCountingRulesNeverStopTraversal() {
        let t = trace("""
        *filter
        :FORWARD ACCEPT [0:0]
        -A FORWARD -j MARK --set-xmark 0x4000/0x4000
        -A FORWARD -j LOG --log-prefix "seen: "
        -A FORWARD -m nfacct --nfacct-name counted
        -A FORWARD -m mark --mark 0x4000/0x4000 -j REJECT
        COMMIT
        """, fromPod)
        XCTAssertEqual(t.outcomes.map(\.verdict), [.reject])
        XCTAssertEqual(t.outcomes[0].mark, 0x4000)
        XCTAssertEqual(t.outcomes[0].rulesEvaluated, 4)
    }

    func testTerminalVerdictStopsLaterRules() {
        let t = trace("*filter\n:FORWARD ACCEPT [0:0]\n-A FORWARD -p tcp -m tcp --dport 80 -j DROP\n-A FORWARD -j LOG\n-A FORWARD -j REJECT\nCOMMIT\n", fromPod)
        XCTAssertEqual(t.outcomes.map(\.verdict), [.drop])
        XCTAssertEqual(t.outcomes[0].rulesEvaluated, 1)
    }

    func testNegationOfEveryHeaderCondition() {
        let t = trace("""
        *filter
        :FORWARD ACCEPT [0:0]
        -A FORWARD ! -s 10.244.0.0/16 -j DROP
        -A FORWARD ! -d 10.1.2.3/32 -j DROP
        -A FORWARD ! -p tcp -j DROP
        -A FORWARD -p tcp -m tcp ! --dport 80 -j DROP
        -A FORWARD -m multiport ! --dports 80,443 -j DROP
        -A FORWARD -m conntrack ! --ctstate NEW -j DROP
        -A FORWARD -m addrtype ! --dst-type UNICAST -j DROP
        -A FORWARD -m multiport --dports 8000:8100,80 -j REJECT
        COMMIT
        """, fromPod)
        XCTAssertEqual(t.outcomes.map(\.verdict), [.reject])
        XCTAssertEqual(t.outcomes[0].rulesEvaluated, 8)
    }

    func testUnmodelledMatchIsAssumedNotToMatchAndReported() {
        let t = trace("*filter\n:FORWARD ACCEPT [0:0]\n-A FORWARD -m physdev --physdev-is-bridged -j DROP\nCOMMIT\n", fromPod)
        XCTAssertEqual(t.outcomes.map(\.verdict), [.accept])
        XCTAssertTrue(t.outcomes[0].notes.contains { $0.contains("physdev") && $0.contains("not modelled") }, "\(t.outcomes[0].notes)")
        XCTAssertTrue(t.outcomes[0].path[0].reason.contains("assumed not to match"))
    }

    func testStatisticNthIsEnumeratedAsAShare() {
        let t = trace("*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -m statistic --mode nth --every 4 --packet 0 -j DNAT --to-destination 10.0.0.1:80\nCOMMIT\n", fromPod)
        XCTAssertEqual(t.outcomes.count, 2)
        XCTAssertEqual(t.outcomes.first { $0.dnat == "10.0.0.1:80" }?.probability ?? 0, 0.25, accuracy: 1e-12)
    }

    func testSessionAffinityFollowsTheRecentList() {
        let rules = """
        *nat
        :PREROUTING ACCEPT [0:0]
        :KUBE-SVC-X - [0:0]
        :KUBE-SEP-A - [0:0]
        :KUBE-SEP-B - [0:0]
        -A PREROUTING -d 10.1.2.3/32 -j KUBE-SVC-X
        -A KUBE-SVC-X -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-A --mask 255.255.255.255 --rsource -j KUBE-SEP-A
        -A KUBE-SVC-X -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-B --mask 255.255.255.255 --rsource -j KUBE-SEP-B
        -A KUBE-SVC-X -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-A
        -A KUBE-SVC-X -j KUBE-SEP-B
        -A KUBE-SEP-A -p tcp -m recent --set --name KUBE-SEP-A --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10.244.1.5:8080
        -A KUBE-SEP-B -p tcp -m recent --set --name KUBE-SEP-B --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10.244.2.7:8080
        COMMIT
        """
        let first = trace(rules, fromPod)
        XCTAssertEqual(first.outcomes.map(\.dnat), ["10.244.1.5:8080", "10.244.2.7:8080"])
        let again = trace(rules, fromPod, host: NetfilterHost(recent: ["KUBE-SEP-B": [ip("10.244.1.9")]]))
        XCTAssertEqual(again.outcomes.map(\.dnat), ["10.244.2.7:8080"])
        XCTAssertEqual(again.outcomes[0].probability, 1)
    }

    func testIpsetMembership() {
        let rules = "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m set --match-set KUBE-NODE-PORT-TCP dst -j DROP\nCOMMIT\n"
        let set = IPSet(name: "KUBE-NODE-PORT-TCP", type: "bitmap:port", entries: [IPSet.Entry(port: 30080, text: "30080")])
        let host = NetfilterHost(localAddresses: [ip("192.168.0.1")], ipsets: [set.name: set])
        var p = Packet(source: ip("192.168.0.9"), destination: ip("192.168.0.1"), destinationPort: 30080)
        XCTAssertEqual(trace(rules, p, host: host).outcomes.map(\.verdict), [.drop])
        p.destinationPort = 30081
        XCTAssertEqual(trace(rules, p, host: host).outcomes.map(\.verdict), [.accept])
        // Without the set's members the rule is reported, not guessed.
        XCTAssertTrue(trace(rules, p).outcomes[0].notes.contains { $0.contains("KUBE-NODE-PORT-TCP") })
    }

    func testLoopBuiltInCodeIsStoppedNotHung() {
        // The parser refuses loops; a ruleset assembled in code is still walked safely.
        var table = Table(name: .filter)
        table.addChain(Chain(name: "A"))
        _ = table.append(Rule(text: "-A FORWARD -j A", target: .chain("A")), to: "FORWARD")
        _ = table.append(Rule(text: "-A A -j A", target: .chain("A")), to: "A")
        var rs = Ruleset(tables: [.filter: table]); rs.finalize()
        let t = Tracer(ruleset: rs, host: NetfilterHost()).trace(fromPod)
        XCTAssertEqual(t.outcomes.count, 1)
        XCTAssertTrue(t.outcomes[0].notes.contains { $0.contains("jump loop") })
    }

    func testLongChainIsSkippedByIndexButCountedInFull() {
        var text = "*nat\n:PREROUTING ACCEPT [0:0]\n:KUBE-SERVICES - [0:0]\n:KUBE-SEP-A - [0:0]\n-A PREROUTING -j KUBE-SERVICES\n"
        for i in 0..<5000 {
            text += "-A KUBE-SERVICES -d 10.96.\(i / 250).\(i % 250 + 1)/32 -p tcp -m comment --comment \"s\(i)\" -m tcp --dport 80 -j KUBE-SEP-A\n"
        }
        text += "-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j RETURN\n"
        text += "-A KUBE-SEP-A -p tcp -m tcp -j DNAT --to-destination 10.244.1.5:8080\nCOMMIT\n"
        let target = Packet(source: ip("10.244.1.9"), destination: ip("10.96.10.1"), destinationPort: 80) // rule 2501
        let t = trace(text, target)
        XCTAssertEqual(t.outcomes.map(\.dnat), ["10.244.1.5:8080"])
        // PREROUTING#1 + 2500 skipped + the matching rule + the DNAT rule
        XCTAssertEqual(t.rulesEvaluated, 1 + 2500 + 1 + 1)
        let skip = t.outcomes[0].path.first { $0.skipped != nil }
        XCTAssertEqual(skip?.skipped, 2500)
        XCTAssertEqual(skip?.rule, 1)
        // Wrong port: every rule for that address is tested for real, then the tail.
        let miss = trace(text, Packet(source: ip("10.244.1.9"), destination: ip("10.96.10.1"), destinationPort: 81))
        XCTAssertEqual(miss.rulesEvaluated, 1 + 5001)
        XCTAssertNil(miss.outcomes[0].dnat)
    }
}
