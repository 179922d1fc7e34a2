import ClusterDNS
import ClusterModel
import TestSupport
import XCTest
@testable import PacketPath

/// The trace's name resolution takes each DNS query's DNAT from kube-proxy's rules (the
/// `KubeProxyDNAT` provider wired in `TraceEngines`), not from ClusterDNS's EndpointSlice model.
final class DNSDNATWiringTests: XCTestCase {
    func testStandardEnginesResolveWithKubeProxyRules() throws {
        let c = try XCTUnwrap(loadDemo("online-store"))
        let pod = try XCTUnwrap(c.pod(namespace: "default", name: "client"))
        let query = NameQuery(source: .pod(pod), name: "wear-service")
        let fallbackNote = "derived from the kube-dns EndpointSlices"
        // Without a provider the ClusterDNS engine says its outcome set is modelled …
        let unwired = ClusterDNSAdapter.resolve(ClusterDNSEngine(cluster: c), c, query)
        XCTAssertTrue(unwired.notes.contains { $0.contains(fallbackNote) }, unwired.notes.joined(separator: "\n"))
        // … the engines the trace and the explorer use walk kube-proxy's rules instead.
        for engines in [TraceEngines.standard(for: c), TraceEngines.standard] {
            let r = engines.resolveName(c, query)
            XCTAssertEqual(r.engine, ClusterDNSAdapter.engine)
            XCTAssertEqual(r.addresses.map(\.description), ["10.101.12.20"])
            XCTAssertFalse(r.notes.contains { $0.contains("EndpointSlices") }, r.notes.joined(separator: "\n"))
        }
    }

    func testDNSOutcomeSetEqualsTheTraceNetfilterStep() throws {
        let c = try XCTUnwrap(loadDemo("online-store"))
        let pod = try XCTUnwrap(c.pod(namespace: "default", name: "client"))
        let dnsIP = try XCTUnwrap(c.dnsService?.clusterIP)
        let cache = NodeRulesCache(cluster: c)
        let d = try KubeProxyDNAT.provider(cache)(pod, dnsIP, 53, .udp).get()
        XCTAssertEqual(d.serviceChain, "KUBE-SVC-TCOU7JCQXEZGVUNU")
        // The DNS query's outcome set is exactly what the netfilter step of a trace sees for the same packet.
        let walked = NetfilterAdapter.walk(cache.rules(forNode: try XCTUnwrap(pod.spec.nodeName)), c,
                                           NetfilterQuery(node: try XCTUnwrap(pod.spec.nodeName), hook: .prerouting,
                                                          src: try XCTUnwrap(pod.podIP), sport: 40000, dst: dnsIP, dport: 53, proto: .udp))
        XCTAssertEqual(d.outcomes.map(\.endpoint), walked.outcomes.compactMap { o in o.dnatAddress.map { $0.withPort(o.dnatPort ?? 53) } })
        XCTAssertEqual(d.outcomes.map(\.probability), walked.outcomes.map(\.probability))
    }
}
