import XCTest
import NetCore
@testable import KubeProxy

/// Large clusters' Service blocks are written in parallel chunks; the payload must be the
/// one a single pass in port order writes.
final class ServiceBlocksTests: XCTestCase {
    func testChunkedBlocksEqualOnePassInOrder() {
        let count = 2 * IptablesProxier.serviceChunk + 37
        let ports = (0..<count).map { i -> ProxyServicePort in
            let eps = (0..<(i % 4)).map { e in
                ProxyEndpoint(ip: .v4(IPv4Address(0x0AF4_0000 + UInt32(i * 4 + e))), port: 8080, nodeName: e % 2 == 0 ? "n1" : "n2")
            }
            return ProxyServicePort(namespace: "ns", serviceName: "svc-\(i)", proto: i % 7 == 0 ? .udp : .tcp,
                                    clusterIP: .v4(IPv4Address(0x0A60_0000 + UInt32(i + 1))), port: 80,
                                    nodePort: i % 3 == 0 ? 30000 + i % 2000 : nil,
                                    stickySeconds: i % 5 == 0 ? 10800 : nil, internalPolicyLocal: i % 11 == 0,
                                    externalPolicyLocal: i % 6 == 0, endpoints: eps)
        }
        let proxier = IptablesProxier(config: ProxyConfig(clusterCIDR: IPPrefix("10.244.0.0/16")), nodeName: "n1", nodeIP: nil)
        var chunked = RestoreSections()
        proxier.writeServices(ports, large: false, into: &chunked)
        var onePass = RestoreSections()
        for p in ports { proxier.writeService(p, large: false, into: &onePass) }
        XCTAssertGreaterThan(onePass.natRules.count, count)
        XCTAssertEqual(chunked.filterChains, onePass.filterChains)
        XCTAssertEqual(chunked.filterRules, onePass.filterRules)
        XCTAssertEqual(chunked.natChains, onePass.natChains)
        XCTAssertEqual(chunked.natRules, onePass.natRules)
    }
}
