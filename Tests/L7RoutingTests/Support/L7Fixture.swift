import ClusterModel
@testable import L7Routing
import XCTest

/// Builds small clusters for the table tests: an ingress-nginx controller, apps (a
/// Deployment and a Service each) and whatever Ingress / Gateway YAML a test adds.
enum L7Fixture {
    static let controller = """
    apiVersion: v1
    kind: Node
    metadata: {name: node01}
    spec: {podCIDR: 10.244.1.0/24}
    status: {addresses: [{type: InternalIP, address: 192.168.56.11}]}
    ---
    apiVersion: networking.k8s.io/v1
    kind: IngressClass
    metadata:
      name: nginx
      annotations: {ingressclass.kubernetes.io/is-default-class: "true"}
    spec: {controller: k8s.io/ingress-nginx}
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
    spec:
      replicas: 1
      selector: {matchLabels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}}
      template:
        metadata: {labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}}
        spec:
          containers:
          - name: controller
            image: registry.k8s.io/ingress-nginx/controller:v1.11.2
            args: [/nginx-ingress-controller, --ingress-class=nginx]
            ports: [{name: http, containerPort: 80}, {name: https, containerPort: 443}]
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
    spec:
      type: NodePort
      selector: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
      ports:
      - {name: http, port: 80, targetPort: 80, nodePort: 30080}
      - {name: https, port: 443, targetPort: 443, nodePort: 30443}
    """

    /// A Deployment with `replicas` pods and a Service `name:port` → 8080 in `namespace`.
    static func app(_ name: String, namespace: String = "default", port: Int = 80, replicas: Int = 1) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: \(name), namespace: \(namespace)}
        spec:
          replicas: \(replicas)
          selector: {matchLabels: {app: \(name)}}
          template:
            metadata: {labels: {app: \(name)}}
            spec:
              containers:
              - name: app
                image: example/\(name)
                ports: [{containerPort: 8080}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: \(name), namespace: \(namespace)}
        spec:
          selector: {app: \(name)}
          ports: [{port: \(port), targetPort: 8080}]
        """
    }

    /// A Service with no pods behind it.
    static func emptyService(_ name: String, namespace: String = "default") -> String {
        """
        apiVersion: v1
        kind: Service
        metadata: {name: \(name), namespace: \(namespace)}
        spec:
          selector: {app: \(name)-nothing}
          ports: [{port: 80, targetPort: 8080}]
        """
    }

    /// One path of an Ingress: `(path, pathType, service, port)`.
    typealias P = (path: String, type: String, service: String, port: Int)

    static func ingress(_ name: String, namespace: String = "default", host: String?, paths: [P], annotations: [String: String] = [:],
                        created: String? = nil, className: String? = "nginx", tls: [String]? = nil, defaultBackend: (String, Int)? = nil) -> String {
        var meta = "  name: \(name)\n  namespace: \(namespace)\n"
        if let created { meta += "  creationTimestamp: \"\(created)\"\n" }
        if !annotations.isEmpty {
            meta += "  annotations:\n" + annotations.sorted { $0.key < $1.key }.map { "    \($0.key.contains("/") ? $0.key : "nginx.ingress.kubernetes.io/\($0.key)"): \"\($0.value.replacingOccurrences(of: "\\", with: "\\\\"))\"\n" }.joined()
        }
        var spec = ""
        if let className { spec += "  ingressClassName: \(className)\n" }
        if let (svc, port) = defaultBackend { spec += "  defaultBackend: {service: {name: \(svc), port: {number: \(port)}}}\n" }
        if let tls { spec += "  tls:\n  - hosts: [\(tls.joined(separator: ", "))]\n    secretName: \(name)-tls\n" }
        if !paths.isEmpty {
            spec += "  rules:\n  - " + (host.map { "host: \"\($0)\"\n    " } ?? "") + "http:\n      paths:\n"
            for p in paths {
                spec += "      - path: \"\(p.path.replacingOccurrences(of: "\\", with: "\\\\"))\"\n        pathType: \(p.type)\n        backend: {service: {name: \(p.service), port: {number: \(p.port)}}}\n"
            }
        }
        return "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n\(meta)spec:\n\(spec)"
    }

    static func cluster(_ docs: [String], file: StaticString = #filePath, line: UInt = #line) -> Cluster {
        let text = docs.joined(separator: "\n---\n")
        let c = ClusterLoader.load(files: [SourceFile(path: "test.yaml", text: text)], name: "l7-test")
        let errors = c.diagnostics.errors
        XCTAssertTrue(errors.isEmpty, "fixture has errors: \(errors.map(\.description).joined(separator: "\n"))", file: file, line: line)
        return c
    }

    static func route(_ c: Cluster, _ url: String, via: HTTPEntry = .automatic, method: String = "GET", headers: [String: String] = [:],
                      file: StaticString = #filePath, line: UInt = #line) -> RoutingResult {
        do {
            return try L7Routing.route(cluster: c, entry: via, method: method, url: url,
                                       headers: headers.sorted { $0.key < $1.key }.map { HTTPHeader(name: $0.key, value: $0.value) })
        } catch {
            XCTFail("bad URL \(url): \(error)", file: file, line: line)
            return RoutingResult(request: HTTPRequest(host: "x"), entry: EntryPoint(kind: .ingress, name: "", port: 0, scheme: ""),
                                 candidates: [], result: RoutingOutcome(), steps: [], notes: [])
        }
    }
}

extension RoutingResult {
    /// `namespace/service:port`, or `-`.
    var backendText: String { result.backend.map { "\($0.service):\($0.port)" } ?? "-" }
    var explanation: String { (steps.map { "\($0.step): \($0.detail)" } + candidates.map { "\($0.location ?? $0.path) \($0.matched) \($0.reason)" } + notes).joined(separator: "\n") }
}
