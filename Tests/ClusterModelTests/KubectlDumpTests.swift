import ClusterModel
import NetCore
import TestSupport
import XCTest

/// Loading real `kubectl get -A -o json` dumps: no false alarm, ranges inferred and shown
/// as inferred, nothing changed by the reconciler, Secrets never kept.
final class KubectlDumpTests: XCTestCase {
    static let dumpPaths = ["ClusterModelTests/Fixtures/kubectl-dump/handwritten-eks.json", "ClusterModelTests/Fixtures/kubectl-dump/eks-like.json"]

    func dumps() throws -> [(String, Cluster)] {
        let found = Self.dumpPaths.compactMap { p in fixture(p).map { (p, loadCluster($0, file: p)) } }
        if found.isEmpty { throw XCTSkip("no kubectl dump fixture found") }
        return found
    }

    func testNoFalseAlarms() throws {
        for (path, c) in try dumps() {
            XCTAssertEqual(c.diagnostics.map(\.description), [], "\(path) must load with no diagnostics")
            XCTAssertFalse(c.pods.isEmpty, path)
        }
    }

    func testRangesAreInferredAndShownAsInferred() throws {
        let c = loadCluster(fixture(Self.dumpPaths[0]) ?? "", file: "eks.json")
        XCTAssertEqual(c.network.serviceCIDR.description, "172.20.0.0/16")
        XCTAssertTrue(c.network.isInferred("serviceCIDR"))
        XCTAssertEqual(c.network.podCIDR.description, "100.96.0.0/16")
        XCTAssertTrue(c.network.isInferred("podCIDR"))
        XCTAssertEqual(c.network.dnsServiceIP.description, "172.20.0.10")
        XCTAssertTrue(c.network.source(of: "serviceCIDR").description.hasPrefix("inferred"))
    }

    func testReconcilingADumpChangesNothing() throws {
        for (path, c) in try dumps() {
            let everything: [ObjectMeta] = c.pods.map(\.meta) + c.services.map(\.meta) + c.nodes.map(\.meta) + c.endpointSlices.map(\.meta)
            XCTAssertEqual(everything.filter { !$0.filledIn.isEmpty }.map(\.qualifiedName), [], "\(path): the reconciler filled in fields of a dump")
            XCTAssertEqual(everything.filter { $0.createdBy != nil }.map(\.qualifiedName), [], "\(path): the reconciler created objects in a dump")
        }
        let c = loadCluster(fixture(Self.dumpPaths[0]) ?? "", file: "eks.json")
        XCTAssertEqual(c.pods.map { "\($0.name)=\($0.podIP?.description ?? "-")" }, [
            "aws-node-7xk2p=10.0.1.23", "coredns-789f8477df-4hz7q=100.96.1.10", "coredns-789f8477df-9rcwm=100.96.2.11",
            "kube-proxy-f2lqd=10.0.2.41", "web-5d8c7b9f4b-2xv9k=100.96.1.57", "web-5d8c7b9f4b-qq7tn=100.96.2.88",
        ])
        XCTAssertEqual(c.services.map { $0.clusterIP?.description ?? "-" }, ["172.20.0.1", "172.20.0.10", "172.20.45.3"])
        XCTAssertEqual(c.service(namespace: "shop", name: "web")?.ports.first?.nodePort, 31234)
        XCTAssertEqual(c.endpointSlices.count, 3)
        XCTAssertTrue(c.nodes.allSatisfy(\.podCIDRs.isEmpty), "VPC CNI nodes have no podCIDR; none may be invented")
    }

    func testPendingPodInADumpStaysPending() {
        let dump = """
        {"apiVersion": "v1", "kind": "List", "items": [
          {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n1"}, "spec": {"podCIDR": "10.244.1.0/24"},
           "status": {"addresses": [{"type": "InternalIP", "address": "192.168.0.11"}]}},
          {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "default"},
           "spec": {"containers": [{"name": "c", "image": "x"}]},
           "status": {"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable"}]}}
        ]}
        """
        let c = loadCluster(dump, file: "pending.json")
        XCTAssertNil(c.pods.first?.spec.nodeName, "an unschedulable pod of a dump is not placed")
        XCTAssertEqual(c.pods.first?.podIPs, [])
    }

    func testEKSLikeSecretIsNeverKept() throws {
        guard let text = fixture(Self.dumpPaths[1]) else { throw XCTSkip("eks-like.json not present") }
        let c = loadCluster(text, file: "eks-like.json")
        XCTAssertTrue(c.skipped.contains { $0.kind == "Secret" })
        var dumped = ""
        dump(c, to: &dumped)
        XCTAssertFalse(dumped.contains("a3ViZXdhbGstZml4dHVyZS1TRUNSRVQ"))
        XCTAssertFalse(dumped.contains("kubewalk-fixture-SECRET"))
        XCTAssertEqual(c.network.serviceCIDR.description, "172.20.0.0/16")
        XCTAssertEqual(c.network.podCIDR.description, "100.96.0.0/16")
        XCTAssertEqual(c.pods.count, 8)
    }

    func testSecretIsSkippedAndNeverKept() throws {
        let text = try XCTUnwrap(fixture(Self.dumpPaths[0]))
        XCTAssertTrue(text.contains("c3VwZXJzZWNyZXQtaHVudGVyMg=="), "the fixture holds the secret value")
        let c = loadCluster(text, file: "eks.json")
        XCTAssertEqual(c.skipped.map { "\($0.kind) \($0.namespace ?? "")/\($0.name)" }, ["Secret shop/db-credentials"])
        var dumped = ""
        dump(c, to: &dumped)
        XCTAssertFalse(dumped.contains("c3VwZXJzZWNyZXQ"), "a Secret's data must not be kept in the model")
        XCTAssertFalse(dumped.contains("supersecret"))
    }
}
