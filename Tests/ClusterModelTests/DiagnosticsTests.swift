import ClusterModel
import NetCore
import TestSupport
import XCTest

/// Every diagnostic issue 2 lists, each at its exact file:line:column.
final class DiagnosticsTests: XCTestCase {
    static let manifest = #"""
apiVersion: kubewalk.io/v1alpha1
kind: ClusterNetwork
metadata:
  name: diag
spec:
  serviceCIDR: 10.96.0.0/12
  podCIDR: 10.244.0.0/16
---
apiVersion: v1
kind: Node
metadata:
  name: n1
spec:
  podCIDR: 10.244.1.0/24
status:
  addresses:
  - type: InternalIP
    address: 192.168.0.11
---
apiVersion: v1
kind: Node
metadata:
  name: n2
spec:
  podCIDR: 10.244.1.0/25
status:
  addresses:
  - type: InternalIP
    address: 192.168.0.300
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
spec:
  nodeName: n1
  containers:
  - name: web
    image: nginx
    ports:
    - containerPort: "eighty"
status:
  podIP: 10.244.9.5
---
kind: Service
metadata:
  name: noversion
---
apiVersion: v1
metadata:
  name: nokind
---
apiVersion: v1
kind: Service
metadata:
  labels: {a: b}
---
apiVersion: v1
kind: Service
metadata:
  name: svc-a
spec:
  clusterIP: 10.200.0.5
  selector: {app: web}
  ports:
  - port: 80
    targetPort: http
---
apiVersion: v1
kind: Service
metadata:
  name: svc-b
spec:
  type: NodePort
  clusterIP: 10.96.0.50
  selector: {app: nothing}
  ports:
  - port: 80
    nodePort: 40000
---
apiVersion: v1
kind: Service
metadata:
  name: svc-c
spec:
  type: NodePort
  clusterIP: 10.96.0.50
  ports:
  - port: 80
    nodePort: 30080
---
apiVersion: v1
kind: Service
metadata:
  name: svc-d
spec:
  type: NodePort
  ports:
  - port: 81
    nodePort: 30080
---
apiVersion: v1
kind: Service
metadata:
  name: svc-d
spec:
  ports:
  - port: 81
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ing
spec:
  rules:
  - http:
      paths:
      - path: /x
        pathType: prefix
        backend:
          service: {name: svc-a, port: {number: 80}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: r
spec:
  parentRefs:
  - name: missing-gw
---
apiVersion: v1
kind: Pod
metadata:
  name: bad-ip
spec:
  nodeName: n1
  containers: [{name: c}]
status:
  podIP: 10.244.1.999
"""#

    func diagnostics() -> [String] { diagnosticLines(loadCluster(Self.manifest, file: "diag/a.yaml")) }

    func assertHas(_ line: String, file: StaticString = #filePath, lineNo: UInt = #line) {
        let all = diagnostics()
        XCTAssertTrue(all.contains(line), "missing «\(line)» in:\n\(all.joined(separator: "\n"))", file: file, line: lineNo)
    }

    func testOverlappingPodCIDRs() { assertHas("diag/a.yaml:25:12: error: overlapping-pod-cidr") }
    func testInvalidNodeIP() { assertHas("diag/a.yaml:29:14: error: invalid-ip") }
    func testPodIPOutsideNodeCIDR() { assertHas("diag/a.yaml:44:10: error: pod-ip-outside-node-cidr") }
    func testWrongFieldType() { assertHas("diag/a.yaml:42:22: error: wrong-type") }
    func testMissingAPIVersion() { assertHas("diag/a.yaml:46:1: error: missing-api-version") }
    func testMissingKind() { assertHas("diag/a.yaml:50:1: error: missing-kind") }
    func testMissingName() { assertHas("diag/a.yaml:57:3: error: missing-name") }
    func testClusterIPOutsideServiceCIDR() { assertHas("diag/a.yaml:64:14: error: cluster-ip-outside-range") }
    func testNodePortOutsideRange() { assertHas("diag/a.yaml:80:15: error: node-port-outside-range") }
    func testDuplicateClusterIP() { assertHas("diag/a.yaml:88:14: error: duplicate-cluster-ip") }
    func testDuplicateNodePort() { assertHas("diag/a.yaml:101:15: error: duplicate-node-port") }
    func testDuplicateObject() { assertHas("diag/a.yaml:103:1: error: duplicate-object") }
    func testUnknownPathType() { assertHas("diag/a.yaml:120:19: error: invalid-path-type") }
    func testInvalidPodIP() { assertHas("diag/a.yaml:140:10: error: invalid-ip") }
    func testUnknownTargetPortName() { assertHas("diag/a.yaml:68:17: warning: unknown-target-port") }
    func testSelectorMatchesNoPod() { assertHas("diag/a.yaml:77:3: warning: selector-matches-nothing") }
    func testNoReadyEndpoints() { assertHas("diag/a.yaml:82:1: warning: no-ready-endpoints") }
    func testHTTPRouteParentMissing() { assertHas("diag/a.yaml:130:5: warning: route-parent-missing") }

    func testEveryProblemIsReportedAtOnceWithAFixWhereKnown() {
        let c = loadCluster(Self.manifest, file: "diag/a.yaml")
        XCTAssertEqual(c.diagnostics.errors.count, 14, diagnosticLines(c).joined(separator: "\n"))
        let pathType = c.diagnostics.first { $0.code == "invalid-path-type" }
        XCTAssertEqual(pathType?.fix, "write `pathType: Prefix` (the value is case-sensitive)")
    }

    func testInvalidCIDR() {
        let c = loadCluster("apiVersion: v1\nkind: Node\nmetadata:\n  name: n\nspec:\n  podCIDR: 10.244.1.0/33\n", file: "cidr.yaml")
        XCTAssertEqual(diagnosticLines(c), ["cidr.yaml:6:12: error: invalid-cidr"])
    }

    func testNotReadyPodsGiveNoReadyEndpoints() {
        let c = loadCluster("""
        apiVersion: v1
        kind: Pod
        metadata: {name: p, labels: {app: a}}
        spec: {nodeName: n, containers: [{name: c}]}
        status:
          podIP: 10.244.0.5
          conditions: [{type: Ready, status: "False"}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: s}
        spec: {selector: {app: a}, ports: [{port: 80}]}
        """, file: "nr.yaml")
        XCTAssertTrue(diagnosticLines(c).contains("nr.yaml:9:1: warning: no-ready-endpoints"), diagnosticLines(c).joined(separator: "\n"))
        XCTAssertEqual(c.endpointSlices.first?.endpoints.first?.ready, false)
    }

    func testYAMLSyntaxErrorWithLineAndColumn() {
        let c = loadCluster([("ok.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n"),
                             ("bad.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n   bad: indent\n")])
        XCTAssertEqual(diagnosticLines(c), ["bad.yaml:5:7: error: yaml-syntax"])
        XCTAssertTrue(c.namespaces.contains { $0.name == "a" }, "the good file is still read")
    }

    func testYAMLSyntaxErrorKeepsEarlierDocuments() {
        let c = loadCluster("apiVersion: v1\nkind: Namespace\nmetadata: {name: first}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  labels: [a\n", file: "two.yaml")
        XCTAssertEqual(diagnosticLines(c), ["two.yaml:9:1: error: yaml-syntax"])
        XCTAssertTrue(c.namespaces.contains { $0.name == "first" })
    }

    func testJSONSyntaxErrorWithLineAndColumn() {
        let c = loadCluster("{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Pod\",\n  \"metadata\": {\"name\": \"x\",}\n}\n", file: "c.json")
        XCTAssertEqual(diagnosticLines(c), ["c.json:4:28: error: json-syntax"])
    }
}
