import ArgumentParser
import ClusterDNS
import ClusterModel
import Foundation
@testable import KubewalkCLI
import XCTest

/// The `dns` and `resolv-conf` commands' output shapes, the pod-not-found error, and
/// validate's Corefile check.
final class DNSCommandTests: XCTestCase {
    static let yaml = """
    apiVersion: v1
    kind: Pod
    metadata: {name: client, namespace: shop}
    spec: {containers: [{name: c}]}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: web-1, namespace: shop, labels: {app: web}}
    spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: web, namespace: shop}
    spec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: http}]}
    """

    func cluster(corefile: String? = nil) -> Cluster {
        var files = [SourceFile(path: "t/app.yaml", text: DNSCommandTests.yaml)]
        if let corefile {
            files.append(SourceFile(path: "t/coredns.yaml", text: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: coredns, namespace: kube-system}\ndata:\n  Corefile: |\n" +
                                    corefile.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n"))
        }
        return ClusterLoader.load(files: files, name: "t")
    }

    func testJSONHasTheShapeOfIssue4() throws {
        let c = cluster()
        let pod = try XCTUnwrap(c.pod(namespace: "shop", name: "client"))
        let r = ClusterDNSEngine(cluster: c).resolve("web", from: pod)
        let json = try JSONOutput.string(r)
        let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let conf = try XCTUnwrap(obj["resolvConf"] as? [String: Any])
        XCTAssertEqual(Set(conf.keys), ["nameservers", "search", "options"])
        let queries = try XCTUnwrap(obj["queries"] as? [[String: Any]])
        let first = try XCTUnwrap(queries.first)
        for key in ["name", "type", "server", "rcode", "answers"] { XCTAssertNotNil(first[key], key) }
        XCTAssertEqual(first["name"] as? String, "web.shop.svc.cluster.local.")
        XCTAssertEqual(first["server"] as? String, "10.96.0.10")
        let answer = try XCTUnwrap((first["answers"] as? [[String: Any]])?.first)
        XCTAssertEqual(Set(answer.keys), ["name", "type", "ttl", "data"])
        XCTAssertEqual(answer["name"] as? String, "web.shop.svc.cluster.local.")
        let result = try XCTUnwrap(obj["result"] as? [String: Any])
        XCTAssertEqual(result["rcode"] as? String, "NOERROR")
        XCTAssertNotNil(result["answers"])
        XCTAssertEqual(try JSONOutput.string(r), json, "stable output")
    }

    func testTextReadsLikeDig() throws {
        let c = cluster()
        let pod = try XCTUnwrap(c.pod(namespace: "shop", name: "client"))
        let text = DNSText.render(ClusterDNSEngine(cluster: c).resolve("web", from: pod))
        XCTAssertTrue(text.contains(";; QUESTION: web.shop.svc.cluster.local. IN A"), text)
        XCTAssertTrue(text.contains(";; ANSWER SECTION:"), text)
        XCTAssertTrue(text.contains("no ConfigMap kube-system/coredns in the input"), text)
        let line = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("web.shop.svc.cluster.local.") && $0.contains(" IN  A ") })
        XCTAssertTrue(line.contains(" 30 "), String(line))
    }

    func testMissingPodNamesThePodsOfTheNamespace() throws {
        let c = cluster()
        XCTAssertThrowsError(try PodArgument.find("shop/nope", in: c, option: "--from")) { error in
            XCTAssertEqual((error as? ExitCode)?.rawValue, 1)
        }
        XCTAssertEqual(try PodArgument.find("shop/client", in: c, option: "--from").name, "client")
        XCTAssertThrowsError(try PodArgument.find("a/b/c", in: c, option: "--from"))
    }

    func testCommandParsing() throws {
        XCTAssertThrowsError(try DNSCommand.parse(["--from", "shop/client"]), "a name or --reverse is required")
        XCTAssertThrowsError(try DNSCommand.parse(["--from", "shop/client", "web", "--type", "BOGUS"]))
        XCTAssertThrowsError(try DNSCommand.parse(["--from", "shop/client", "--reverse", "not-an-ip"]))
        XCTAssertThrowsError(try DNSCommand.parse(["--from", "shop/client", "web", "--resolver", "uclibc"]))
        let ok = try DNSCommand.parse(["--from", "shop/client", "web", "--type", "a,srv"])
        XCTAssertEqual(try ok.types(), [.A, .SRV])
    }

    func testValidateReportsACorefileThatDoesNotParse() throws {
        let bad = cluster(corefile: ".:53 {\n    kubernetes cluster.local {\n        pods maybe\n    }\n}")
        let diags = EngineValidation.all(bad)
        let d = try XCTUnwrap(diags.first { $0.code == "corefile-syntax" })
        XCTAssertEqual(d.severity, .error)
        XCTAssertEqual(d.location?.file, "t/coredns.yaml")
        XCTAssertEqual(d.location?.line, 8)
        XCTAssertTrue(EngineValidation.all(cluster()).filter { $0.severity == .error }.isEmpty)
    }
}
