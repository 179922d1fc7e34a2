import ClusterModel
import DemoClusters
import PacketPath
import XCTest

/// Loads an embedded demo cluster the way `--cluster NAME` does.
func demo(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> Cluster {
    guard let d = DemoClusters.named(name) else {
        XCTFail("no demo cluster \(name)", file: file, line: line)
        throw XCTSkip("no demo cluster \(name)")
    }
    let c = ClusterLoader.load(files: d.manifests.map { SourceFile(path: "\(d.name)/\($0.path)", text: $0.contents) }, name: d.name)
    XCTAssertEqual(c.diagnostics.errors.count, 0, "\(name) loads without errors", file: file, line: line)
    return c
}

func trace(_ c: Cluster, from: String, _ target: String, pick: Int = 1, headers: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws -> Trace {
    do {
        return try RequestTracer.trace(c, request: TraceRequest(from: from, target: target, headers: headers, pick: pick))
    } catch {
        XCTFail("trace failed: \(error)", file: file, line: line)
        throw error
    }
}

extension Trace {
    var kinds: [HopKind] { hops.map(\.kind) }
    func hops(_ kind: HopKind) -> [Hop] { hops.filter { $0.kind == kind } }
    /// The first netfilter hop that rewrote the destination (kube-proxy's DNAT).
    var dnatHop: Hop? { hops.first { $0.kind == .netfilter && $0.before?.dst != $0.after?.dst } }
    var masqueraded: Bool { hops.contains { $0.kind == .netfilter && $0.decision.contains("MASQUERADE") } }
}
