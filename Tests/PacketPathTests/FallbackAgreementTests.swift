import ClusterModel
import PacketPath
import XCTest

/// The fallback HTTP router must agree with the L7Routing engine on the demo clusters'
/// README requests (it is what a trace uses when L7Routing is not wired).
final class FallbackAgreementTests: XCTestCase {
    func compare(_ cluster: String, _ target: String, headers: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws {
        let c = try demo(cluster)
        let request = TraceRequest(from: "external/browser", target: target, headers: headers)
        let real = try RequestTracer.trace(c, request: request, engines: .standard(for: c))
        let fallback = try RequestTracer.trace(c, request: request, engines: .fallback)
        XCTAssertEqual(real.outcome.status, fallback.outcome.status, target, file: file, line: line)
        XCTAssertEqual(real.outcome.pod, fallback.outcome.pod, target, file: file, line: line)
        XCTAssertEqual(real.outcome.httpStatus, fallback.outcome.httpStatus, target, file: file, line: line)
        XCTAssertEqual(real.outcomes.map(\.probability), fallback.outcomes.map(\.probability), target, file: file, line: line)
        XCTAssertTrue(fallback.notes.contains { $0.contains("HTTP routing decided by PacketPath's fallback model") }, file: file, line: line)
        XCTAssertFalse(real.notes.contains { $0.contains("HTTP routing decided by PacketPath's fallback model") }, file: file, line: line)
    }

    func testOnlineStoreIngress() throws {
        for url in ["http://node01:30080/watch", "http://node01:30080/wear/shirts?size=m", "http://node01:30080/wearable",
                    "http://node01:30080/shop", "http://wear.my-online-store.com:30080/", "http://watch.my-online-store.com:30080/movies/42",
                    "http://shop.my-online-store.com:30080/something/abc", "http://shop.my-online-store.com:30080/somewhere"] {
            try compare("online-store", url)
        }
        try compare("online-store", "http://node01:30080/watch", headers: ["Host: wear.my-online-store.com"])
    }

    func testGatewayCanary() throws {
        for url in ["https://shop.example.com/", "https://shop.example.com/legacy/cart", "https://shop.example.com/legacyshop",
                    "http://shop.example.com/cart?id=7", "http://other.example.com/"] {
            try compare("gateway-canary", url)
        }
        try compare("gateway-canary", "https://shop.example.com/cart", headers: ["x-canary: true"])
    }
}
