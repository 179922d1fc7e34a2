import ClusterModel
import NetCore
import TestSupport
import XCTest

/// The Kubernetes-schema encoders behind `get -o json|yaml`.
final class EncodingTests: XCTestCase {
    func testPodInKubernetesSchema() {
        let c = loadCluster(ReconcilerTests.files)
        let pod = c.pods.first { $0.name == "mysql-0" }
        let v = pod?.kubernetesValue
        XCTAssertEqual(v?["apiVersion"], "v1")
        XCTAssertEqual(v?["kind"], "Pod")
        XCTAssertEqual(v?["metadata"]?["name"], "mysql-0")
        XCTAssertEqual(v?["status"]?["podIP"]?.stringValue, pod?.podIP?.description)
        XCTAssertEqual(v?["spec"]?["subdomain"], "mysql")
        XCTAssertEqual(v?["metadata"]?["annotations"]?["kubewalk.io/created-by"], "StatefulSet default/mysql")
        XCTAssertEqual(v?["metadata"]?["ownerReferences"]?.arrayValue?.first?["kind"], "StatefulSet")
    }

    func testServiceInKubernetesSchema() {
        let c = loadCluster(ReconcilerTests.files)
        let v = c.service(namespace: "default", name: "wear-service")?.kubernetesValue
        XCTAssertEqual(v?["spec"]?["type"], "NodePort")
        XCTAssertEqual(v?["spec"]?["ports"]?.arrayValue?.first?["targetPort"], "http")
        XCTAssertEqual(v?["spec"]?["clusterIPs"]?.arrayValue?.count, 1)
        XCTAssertEqual(c.service(namespace: "default", name: "mysql")?.kubernetesValue["spec"]?["clusterIP"], "None")
    }

    func testJSONIsKubectlShapedAndSorted() {
        let v: KubeValue = .object(["kind": "List", "apiVersion": "v1", "items": .array([.object(["b": .int(1), "a": .string("x\"y\n")])]), "metadata": .object(["resourceVersion": ""])])
        XCTAssertEqual(v.json(), """
        {
            "apiVersion": "v1",
            "items": [
                {
                    "a": "x\\"y\\n",
                    "b": 1
                }
            ],
            "kind": "List",
            "metadata": {
                "resourceVersion": ""
            }
        }
        """)
    }

    func testYAMLQuotesWhatWouldReadBackAsAnotherType() {
        let v: KubeValue = .object(["port": .string("80"), "flag": .string("true"), "ip": .string("10.96.0.10"), "empty": .string(""),
                                    "time": .string("2024-05-01T10:00:00Z"), "plain": .string("web-1"), "star": .string("*.example.com"), "flag2": .string("-conf"), "dash": .string("-"),
                                    "list": .array([.object(["a": .int(1), "b": .bool(false)])]), "text": .string("line1\nline2\n")])
        XCTAssertEqual(v.yaml(), """
        dash: "-"
        empty: ""
        flag: "true"
        flag2: -conf
        ip: 10.96.0.10
        list:
        - a: 1
          b: false
        plain: web-1
        port: "80"
        star: "*.example.com"
        text: |
          line1
          line2
        time: "2024-05-01T10:00:00Z"

        """)
    }

    func testYAMLOutputLoadsBackAsTheSameObjects() {
        let c = loadCluster(ReconcilerTests.files)
        let items: [KubeValue] = c.services.map(\.kubernetesValue) + c.pods.map(\.kubernetesValue) + c.nodes.map(\.kubernetesValue)
        let yaml = KubernetesList.value(items).yaml()
        let json = KubernetesList.value(items).json()
        for (name, text) in [("again.yaml", yaml), ("again.json", json)] {
            let again = loadCluster(text, file: name)
            XCTAssertEqual(again.diagnostics.errors.map(\.description), [], name)
            XCTAssertEqual(again.services.map { "\($0.name) \($0.clusterIP?.description ?? "-") \($0.portsColumn)" },
                           c.services.map { "\($0.name) \($0.clusterIP?.description ?? "-") \($0.portsColumn)" }, name)
            XCTAssertEqual(again.pods.map { "\($0.name) \($0.podIP?.description ?? "-") \($0.spec.nodeName ?? "-")" },
                           c.pods.map { "\($0.name) \($0.podIP?.description ?? "-") \($0.spec.nodeName ?? "-")" }, name)
        }
    }

    func testGeneratedClusterIsDeterministicAndLoadsClean() {
        func gen(_ seed: UInt64) -> String {
            var s = ""
            SyntheticListWriter.write(SyntheticCluster(nodes: 4, podsPerNode: 5, services: 6, endpointsPerService: 3, ingresses: 2, seed: seed)) { s += $0; $0 = "" }
            return s
        }
        XCTAssertEqual(gen(7), gen(7))
        XCTAssertNotEqual(gen(7), gen(8))
        let c = loadCluster(gen(7), file: "gen.json")
        XCTAssertEqual(c.diagnostics.map(\.description), [])
        XCTAssertEqual(c.nodes.count, 5)
        XCTAssertEqual(c.pods.count, 4 * 5 + 2 + 5, "app pods, 2 CoreDNS, kube-proxy per node")
        XCTAssertEqual(c.services.count, 6 + 2)
        XCTAssertEqual(c.ingresses.count, 2)
        XCTAssertNotNil(c.corefile)
        XCTAssertTrue(c.pods.allSatisfy { $0.meta.filledIn.isEmpty }, "a generated dump is complete: nothing to fill in")
    }
}
