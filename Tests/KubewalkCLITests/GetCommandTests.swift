import Foundation
import KubewalkCLI
import TestSupport
import XCTest

/// `kubewalk get`: kubectl's columns, -o wide, -o json|yaml of the reconciled objects.
final class GetCommandTests: XCTestCase {
    func testPodsWideColumnsAsKubectlPrintsThem() {
        let out = kubewalk("get", "pods", "-A", "-o", "wide", "--cluster", eksDump)
        XCTAssertEqual(out.status, 0, out.stderr)
        let lines = out.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "NAMESPACE     NAME                       READY   STATUS    RESTARTS   AGE   IP            NODE                                      NOMINATED NODE   READINESS GATES")
        XCTAssertEqual(lines.last, "shop          web-5d8c7b9f4b-qq7tn       1/1     Running   1          0s    100.96.2.88   ip-10-0-2-41.eu-west-1.compute.internal   <none>           <none>")
    }

    func testServicesColumnsWithNodePortAndLoadBalancerHostname() {
        let out = kubewalk("get", "svc", "-n", "shop", "--cluster", eksDump)
        XCTAssertEqual(out.stdout, """
        NAME   TYPE           CLUSTER-IP    EXTERNAL-IP                                                      PORT(S)        AGE
        web    LoadBalancer   172.20.45.3   k8s-shop-web-1a2b3c4d5e-0123456789.elb.eu-west-1.amazonaws.com   80:31234/TCP   0s

        """)
    }

    func testDefaultNamespaceAndNotFound() {
        let empty = kubewalk("get", "pods", "--cluster", eksDump)
        XCTAssertEqual(empty.status, 0)
        XCTAssertEqual(empty.stderr, "No resources found in default namespace.\n")
        let missing = kubewalk("get", "pod", "nope", "-n", "shop", "--cluster", eksDump)
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stderr, "Error from server (NotFound): pods \"nope\" not found\n")
    }

    func testShortNames() {
        for (short, long) in [("po", "pods"), ("svc", "services"), ("no", "nodes"), ("ns", "namespaces"), ("ing", "ingresses")] {
            XCTAssertEqual(kubewalk("get", short, "-A", "--cluster", eksDump).stdout, kubewalk("get", long, "-A", "--cluster", eksDump).stdout, short)
        }
    }

    func testJSONIsAKubernetesListOfReconciledObjects() throws {
        let out = kubewalk("get", "pods", "-A", "-o", "json", "--cluster", eksDump)
        let list = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(list["kind"] as? String, "List")
        XCTAssertEqual(list["apiVersion"] as? String, "v1")
        XCTAssertEqual((list["metadata"] as? [String: Any])?["resourceVersion"] as? String, "")
        let ips = (list["items"] as? [[String: Any]] ?? []).compactMap { ($0["status"] as? [String: Any])?["podIP"] as? String }
        XCTAssertEqual(ips, ["10.0.1.23", "100.96.1.10", "100.96.2.11", "10.0.2.41", "100.96.1.57", "100.96.2.88"])
    }

    func testOneObjectByNameIsPrintedAlone() throws {
        let out = kubewalk("get", "service", "kube-dns", "-n", "kube-system", "-o", "yaml", "--cluster", eksDump)
        XCTAssertTrue(out.stdout.hasPrefix("apiVersion: v1\nkind: Service\nmetadata:\n"), out.stdout)
        XCTAssertTrue(out.stdout.contains("  clusterIP: 172.20.0.10\n"))
    }

    func testReconciledFieldsAreMarked() throws {
        let out = kubewalk("get", "pods", "-A", "-o", "json", "--cluster", generatedClusterFile())
        XCTAssertFalse(out.stdout.contains("kubewalk.io/filled-in"), "a complete dump has nothing filled in")
    }

    func testOutputIsByteIdenticalAcrossRuns() {
        for kind in ["pods", "services", "endpointslices", "nodes", "ingresses", "namespaces"] {
            let a = kubewalk("get", kind, "-A", "-o", "json", "--cluster", generatedClusterFile())
            let b = kubewalk("get", kind, "-A", "-o", "json", "--cluster", generatedClusterFile())
            XCTAssertEqual(a.stdout, b.stdout, kind)
            XCTAssertFalse(a.stdout.isEmpty, kind)
        }
    }

    func testSecretDataNeverAppearsInAnyOutput() {
        let eksLike = repositoryRoot.appendingPathComponent("Tests/ClusterModelTests/Fixtures/kubectl-dump/eks-like.json").path
        if FileManager.default.fileExists(atPath: eksLike) {
            var all = ""
            for kind in ResourceKind.allCases.map(\.rawValue) {
                for format in ["json", "yaml", "wide"] { all += kubewalk("get", kind, "-A", "-o", format, "--cluster", eksLike).stdout }
            }
            all += kubewalk("validate", "--cluster", eksLike, "-o", "json").stdout + kubewalk("summary", "--cluster", eksLike).stdout
            XCTAssertFalse(all.contains("a3ViZXdhbGstZml4dHVyZS1TRUNSRVQ"))
            XCTAssertFalse(all.contains("kubewalk-fixture-SECRET"))
        }
        var outputs: [String] = []
        for kind in ResourceKind.allCases.map(\.rawValue) {
            for format in ["json", "yaml", "wide"] { outputs.append(kubewalk("get", kind, "-A", "-o", format, "--cluster", eksDump).stdout) }
        }
        outputs.append(kubewalk("validate", "--cluster", eksDump, "-o", "json").stdout)
        outputs.append(kubewalk("validate", "--cluster", eksDump).stdout)
        outputs.append(kubewalk("summary", "--cluster", eksDump).stdout)
        outputs.append(kubewalk("get", "secrets", "-A", "--cluster", eksDump).stderr)
        for o in outputs {
            XCTAssertFalse(o.contains("c3VwZXJzZWNyZXQ"), "the Secret's data leaked: \(o.prefix(200))")
            XCTAssertFalse(o.contains("supersecret"))
        }
        XCTAssertTrue(outputs.joined().contains("Secret"), "the Secret is listed as skipped")
    }

    func testEKSLikeDumpGolden() throws {
        let eksLike = repositoryRoot.appendingPathComponent("Tests/ClusterModelTests/Fixtures/kubectl-dump/eks-like.json").path
        guard FileManager.default.fileExists(atPath: eksLike) else { throw XCTSkip("eks-like.json not present") }
        var text = ""
        for kind in ["nodes", "pods", "services", "endpointslices", "endpoints", "ingresses", "ingressclasses", "namespaces"] {
            let out = kubewalk("get", kind, "-A", "-o", "wide", "--cluster", eksLike)
            text += "$ kubewalk get \(kind) -A -o wide --cluster eks-like.json\n\(out.stdout)\(out.stderr)\n"
        }
        if let mismatch = goldenMismatch(text, path: "Tests/KubewalkCLITests/Snapshots/eks-like.get.txt") { XCTFail(mismatch) }
    }

    func testGeneratedClusterGolden() {
        var text = ""
        for kind in ["nodes", "pods", "services", "endpointslices", "endpoints", "ingresses", "ingressclasses", "namespaces"] {
            let out = kubewalk("get", kind, "-A", "-o", "wide", "--cluster", generatedClusterFile())
            text += "$ kubewalk get \(kind) -A -o wide\n\(out.stdout)\(out.stderr)\n"
        }
        if let mismatch = goldenMismatch(text, path: "Tests/KubewalkCLITests/Snapshots/generated-seed5.get.txt") { XCTFail(mismatch) }
    }
}

/// STATUS as kubectl's pod printer derives it from container states.
final class PodStatusColumnTests: XCTestCase {
    func testWaitingAndTerminatedReasons() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kwtest-status-\(getpid()).json").path
        try """
        {"apiVersion": "v1", "kind": "List", "items": [
          {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "crash", "namespace": "default", "uid": "1"},
           "spec": {"nodeName": "n1", "containers": [{"name": "c", "image": "x"}]},
           "status": {"phase": "Running", "podIP": "10.244.1.5",
             "containerStatuses": [{"name": "c", "ready": false, "restartCount": 7, "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]}},
          {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "job", "namespace": "default", "uid": "2"},
           "spec": {"nodeName": "n1", "containers": [{"name": "c", "image": "x"}]},
           "status": {"phase": "Succeeded",
             "containerStatuses": [{"name": "c", "ready": false, "restartCount": 0, "state": {"terminated": {"reason": "Completed", "exitCode": 0}}}]}},
          {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "evicted", "namespace": "default", "uid": "3"},
           "spec": {"nodeName": "n1", "containers": [{"name": "c", "image": "x"}]},
           "status": {"phase": "Failed", "reason": "Evicted"}}
        ]}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let out = kubewalk("get", "pods", "--cluster", path)
        XCTAssertEqual(out.stdout, """
        NAME      READY   STATUS             RESTARTS   AGE
        crash     0/1     CrashLoopBackOff   7          <unknown>
        evicted   0/1     Evicted            0          <unknown>
        job       0/1     Completed          0          <unknown>

        """)
    }
}
