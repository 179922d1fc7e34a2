import XCTest
import NetCore
import ClusterModel
import KubeProxy
import TestSupport
@testable import PacketPath

/// The real engines (KubeProxy + Netfilter, through `NetfilterAdapter`) and PacketPath's
/// fallback kube-proxy must agree on where every Service connection can go, on every node
/// of every demo cluster, from a pod and from the node itself.
final class NetfilterAdapterAgreementTests: XCTestCase {
    struct Key: Hashable, CustomStringConvertible {
        var verdict: String
        var dnat: String?
        var description: String { dnat.map { "\(verdict) \($0)" } ?? verdict }
    }

    func testAdapterAgreesWithTheFallbackOnTheDemos() throws {
        var compared = 0
        for (name, cluster) in KernelTestClusters.all() {
            let nodes = KubeProxy.rulesForAllNodes(of: cluster)
            for node in cluster.nodes {
                guard let nodeIP = node.internalIP, let rules = nodes[node.name] else { continue }
                let podIP = cluster.pods(onNode: node.name).first { !$0.spec.hostNetwork }?.podIPs.first
                for p in rules.servicePorts {
                    var queries: [NetfilterQuery] = [
                        NetfilterQuery(node: node.name, hook: .output, src: nodeIP, sport: 40000, dst: p.clusterIP, dport: p.port, proto: p.proto),
                    ]
                    if let podIP {
                        queries.append(NetfilterQuery(node: node.name, hook: .prerouting, src: podIP, sport: 40000, dst: p.clusterIP, dport: p.port, proto: p.proto))
                    }
                    if let np = p.nodePort {
                        queries.append(NetfilterQuery(node: node.name, hook: .prerouting, src: IPAddress("203.0.113.10") ?? nodeIP, sport: 40000, dst: nodeIP, dport: np, proto: p.proto))
                    }
                    for q in queries {
                        let real = NetfilterAdapter.walk(rules, cluster, q)
                        let fallback = FallbackKubeProxy.walk(cluster, q)
                        func key(_ o: NetfilterOutcome) -> Key { Key(verdict: o.verdict.rawValue, dnat: o.dnatAddress.map { $0.withPort(o.dnatPort ?? 0) }) }
                        let r = Set(real.outcomes.map(key)), f = Set(fallback.outcomes.map(key))
                        XCTAssertEqual(r, f, "\(name)/\(node.name) \(q.hook.rawValue) \(q.src) -> \(q.dst):\(q.dport)/\(q.proto.rawValue): real \(r) vs fallback \(f)")
                        XCTAssertEqual(real.outcomes.reduce(0) { $0 + $1.probability }, 1, accuracy: 1e-9)
                        compared += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(compared, 50)
        print("NetfilterAdapter vs fallback: \(compared) queries compared")
    }
}
