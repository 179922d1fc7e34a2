import ClusterDNS
import ClusterModel
import DemoClusters
import Foundation
@testable import KubewalkCLI
import NetCore
import PacketPath
import TestSupport
import XCTest

/// DNS queries DNATed by kube-proxy's real rules (issue 4 × issue 3): the outcome set of a
/// query to the kube-dns Service comes from walking the rules on the pod's node, names the
/// `KUBE-SVC-…` chain and each deciding `KUBE-SEP-…` rule, and agrees with the EndpointSlice
/// model (kept as the fallback) on every demo cluster's pods.
final class KubeDNSDNATTests: XCTestCase {
    func onlineStore() throws -> Cluster { try XCTUnwrap(loadDemo("online-store")) }

    /// The kube-dns Service's 53/UDP EndpointSlice model, for comparison.
    func sliceModel(_ c: Cluster) throws -> DNSDNATDecision {
        let svc = try XCTUnwrap(c.dnsService)
        let port = try XCTUnwrap(svc.ports.first { $0.port == 53 && $0.proto == .udp })
        return DNSDNATDecision.fromEndpointSlices(service: svc, port: port, cluster: c)
    }

    func testOnlineStoreClientOutcomeSetIsTheTwoCoreDNSEndpointsFromKUBESVC() throws {
        let c = try onlineStore()
        let pod = try XCTUnwrap(c.pod(namespace: "default", name: "client"))
        let node = try XCTUnwrap(pod.spec.nodeName)
        let r = DNSCommand.engine(for: c).resolve("wear-service", from: pod)
        XCTAssertEqual(r.result.addresses, ["10.101.12.20"])
        let coreDNS = try sliceModel(c).outcomes
        XCTAssertEqual(coreDNS.count, 2, "online-store runs two CoreDNS pods")
        for q in r.queries {
            let path = q.path
            XCTAssertEqual(path.serviceChain, "KUBE-SVC-TCOU7JCQXEZGVUNU", "kube-system/kube-dns:dns udp (reference §4)")
            XCTAssertEqual(path.dnatBy?.hasPrefix("kube-proxy's iptables rules on node \(node) (nat PREROUTING"), true, path.dnatBy ?? "nil")
            XCTAssertEqual(path.outcomes.map(\.endpoint), coreDNS.map(\.endpoint))
            XCTAssertEqual(path.outcomes.map(\.pod), coreDNS.map(\.pod))
            XCTAssertEqual(path.outcomes.map(\.probability), [0.5, 0.5])
            XCTAssertNil(path.note, "decided by the rules: no fallback note")
            for o in path.outcomes {
                let chain = try XCTUnwrap(o.chain)
                XCTAssertTrue(chain.hasPrefix("KUBE-SEP-"), chain)
                XCTAssertEqual(o.rule?.hasPrefix("nat/\(chain) #"), true, o.rule ?? "nil")
                XCTAssertEqual(o.rule?.hasSuffix("-j DNAT --to-destination \(o.endpoint)"), true, o.rule ?? "nil")
                let rules = try XCTUnwrap(o.rules)
                let svcJump = try XCTUnwrap(rules.firstIndex { $0.hasPrefix("nat/KUBE-SERVICES #") && $0.hasSuffix("-j KUBE-SVC-TCOU7JCQXEZGVUNU") })
                let sepJump = try XCTUnwrap(rules.firstIndex { $0.hasPrefix("nat/KUBE-SVC-TCOU7JCQXEZGVUNU #") && $0.hasSuffix("-j \(chain)") })
                let dnat = try XCTUnwrap(rules.firstIndex(of: o.rule ?? ""))
                XCTAssertLessThan(svcJump, sepJump)
                XCTAssertLessThan(sepJump, dnat)
            }
        }
        XCTAssertFalse(r.notes.contains { $0.contains("EndpointSlices") }, r.notes.joined(separator: "\n"))
    }

    func testDNSCommandShowsTheRulePathInJSONAndText() throws {
        let json = kubewalk("dns", "--cluster", "online-store", "--from", "default/client", "wear-service", "-o", "json")
        XCTAssertEqual(json.status, 0, json.stderr)
        let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let queries = try XCTUnwrap(obj["queries"] as? [[String: Any]])
        XCTAssertEqual(queries.count, 2)
        for q in queries {
            let path = try XCTUnwrap(q["path"] as? [String: Any])
            XCTAssertEqual(path["serviceChain"] as? String, "KUBE-SVC-TCOU7JCQXEZGVUNU")
            XCTAssertTrue((path["dnatBy"] as? String)?.contains("kube-proxy's iptables rules on node") ?? false)
            let outcomes = try XCTUnwrap(path["outcomes"] as? [[String: Any]])
            XCTAssertEqual(outcomes.count, 2)
            for o in outcomes {
                XCTAssertTrue((o["chain"] as? String)?.hasPrefix("KUBE-SEP-") ?? false)
                XCTAssertTrue((o["rule"] as? String)?.contains("-j DNAT --to-destination") ?? false)
                XCTAssertFalse((o["rules"] as? [String] ?? []).isEmpty)
            }
        }
        let text = kubewalk("dns", "--cluster", "online-store", "--from", "default/client", "wear-service")
        XCTAssertEqual(text.status, 0, text.stderr)
        let dnatLines = text.stdout.split(separator: "\n").filter { $0.hasPrefix(";; DNAT: ") }
        XCTAssertEqual(dnatLines.count, 2, "one DNAT line per query")
        for line in dnatLines {
            XCTAssertTrue(line.contains("kube-proxy's iptables rules on node node01"), String(line))
            XCTAssertTrue(line.contains("KUBE-SVC-TCOU7JCQXEZGVUNU → KUBE-SEP-"), String(line))
        }
        XCTAssertEqual(text.stdout.components(separatedBy: ";;   rules to ").count - 1, 2, "the rule path of each outcome, once, under the first query")
        XCTAssertTrue(text.stdout.contains("-j DNAT --to-destination 10.244.0.2:53"), text.stdout)
    }

    func testExplorerDNSCommandUsesTheSameEngine() throws {
        let c = try onlineStore()
        let dns = try XCTUnwrap(ExplorerEngines.make().dns)
        let loaded = ExplorerEngines.loaded(c, ref: "online-store")
        let lines = try dns(loaded, ["--from", "default/client", "wear-service"]).get()
        XCTAssertEqual(lines.joined(separator: "\n") + "\n", kubewalk("dns", "--from", "default/client", "wear-service").stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix(";; DNAT: kube-proxy's iptables rules on node node01") && $0.contains("KUBE-SVC-TCOU7JCQXEZGVUNU") })
        guard case .failure(let e) = dns(loaded, ["--from", "default/nope", "wear-service"]) else { return XCTFail("a missing pod is an error") }
        XCTAssertTrue(e.message.contains("no pod default/nope") && e.message.contains("client"), e.message)
        guard case .failure = dns(loaded, ["wear-service"]) else { return XCTFail("--from is required") }
    }

    func testKubeDNSWithoutReadyEndpointsIsRejectedInFilter() throws {
        var c = try onlineStore()
        for i in c.endpointSlices.indices where c.endpointSlices[i].serviceName == "kube-dns" && c.endpointSlices[i].namespace == "kube-system" {
            for j in c.endpointSlices[i].endpoints.indices { c.endpointSlices[i].endpoints[j].ready = false }
        }
        c.reindex()
        XCTAssertTrue(try sliceModel(c).outcomes.isEmpty)
        let pod = try XCTUnwrap(c.pod(namespace: "default", name: "client"))
        let r = DNSCommand.engine(for: c).resolve("wear-service", from: pod)
        XCTAssertEqual(r.result.error, "EAI_AGAIN")
        let q = try XCTUnwrap(r.queries.first)
        XCTAssertEqual(q.rcode, "no reply")
        XCTAssertEqual(q.decidedBy, "kube-proxy")
        XCTAssertTrue(q.path.outcomes.isEmpty)
        let refusal = try XCTUnwrap(q.path.refusal)
        XCTAssertTrue(refusal.hasPrefix("REJECT by filter/KUBE-SERVICES #"), refusal)
        XCTAssertTrue(refusal.contains("kube-system/kube-dns:dns has no endpoints"), refusal)
        XCTAssertTrue(refusal.contains("connection refused"), refusal)
        XCTAssertEqual(Set(r.queries.map(\.name)), ["wear-service.default.svc.cluster.local."], "connection refused: glibc gives up at once")
    }

    func testHostNetworkPodIsSentByTheNodeThroughOutput() throws {
        let c = try onlineStore()
        let pod = try XCTUnwrap(c.pods.first { $0.spec.hostNetwork && $0.spec.nodeName != nil })
        let dnsIP = try XCTUnwrap(c.dnsService?.clusterIP)
        let d = try KubeProxyDNAT.provider(for: c)(pod, dnsIP, 53, .udp).get()
        XCTAssertTrue(d.decidedBy.contains("nat OUTPUT"), d.decidedBy)
        XCTAssertEqual(d.serviceChain, "KUBE-SVC-TCOU7JCQXEZGVUNU")
        XCTAssertEqual(d.outcomes.map(\.endpoint), try sliceModel(c).outcomes.map(\.endpoint))
        for o in d.outcomes {
            XCTAssertEqual(o.rules?.first?.hasPrefix("nat/OUTPUT #"), true, o.rules?.first ?? "nil")
        }
    }

    func testPodWithoutNodeFallsBackToEndpointSlicesWithANote() throws {
        var c = try onlineStore()
        let i = try XCTUnwrap(c.pods.firstIndex { $0.namespace == "default" && $0.name == "client" })
        c.pods[i].spec.nodeName = nil
        c.reindex()
        let pod = c.pods[i]
        let r = DNSCommand.engine(for: c).resolve("wear-service", from: pod)
        let path = try XCTUnwrap(r.queries.first?.path)
        XCTAssertEqual(path.dnatBy, DNSDNATDecision.endpointSliceModel)
        XCTAssertEqual(path.outcomes, try sliceModel(c).outcomes)
        XCTAssertTrue(r.notes.contains { $0.contains("pod default/client has no node") && $0.contains("EndpointSlices") }, r.notes.joined(separator: "\n"))
    }

    /// On every demo cluster, for every pod on a node: the rules' outcome set equals the
    /// EndpointSlice model's (endpoints, pods, probabilities), and both refuse together.
    func testRulesAgreeWithTheEndpointSliceModelOnEveryDemoPod() throws {
        var checked = 0
        for demo in DemoClusters.all {
            let c = try XCTUnwrap(loadDemo(demo.name), demo.name)
            guard let svc = c.dnsService, let dnsIP = svc.clusterIP else { continue }
            let model = try sliceModel(c)
            let provider = KubeProxyDNAT.provider(for: c)
            for pod in c.pods where pod.spec.nodeName != nil && (!pod.podIPs.isEmpty || pod.spec.hostNetwork) {
                let who = "\(demo.name) \(pod.namespace)/\(pod.name)"
                let d: DNSDNATDecision
                switch provider(pod, dnsIP, 53, .udp) {
                case .success(let decision): d = decision
                case .failure(let e): XCTFail("\(who): \(e.reason)"); continue
                }
                XCTAssertEqual(d.outcomes.map(\.endpoint), model.outcomes.map(\.endpoint), who)
                XCTAssertEqual(d.outcomes.map(\.pod), model.outcomes.map(\.pod), who)
                for (a, b) in zip(d.outcomes, model.outcomes) { XCTAssertEqual(a.probability, b.probability, accuracy: 1e-6, who) }
                XCTAssertEqual(d.outcomes.isEmpty, model.outcomes.isEmpty, who)
                XCTAssertEqual(d.connectionRefused, model.connectionRefused, who)
                if c.network.kubeProxy.mode != "ipvs" && !d.outcomes.isEmpty {
                    XCTAssertEqual(d.serviceChain?.hasPrefix("KUBE-SVC-"), true, who)
                }
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 20, "pods compared across the demo clusters")
    }
}
