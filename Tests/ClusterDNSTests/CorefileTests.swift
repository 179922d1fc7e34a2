import ClusterDNS
import ClusterModel
import XCTest

/// Corefile parsing, its errors with `file:line`, and what the modelled plugins change.
final class CorefileTests: XCTestCase {
    func loadError(_ corefile: String, file: StaticString = #filePath, line: UInt = #line) -> CorefileLoadError? {
        switch CoreDNSConfig.load(DNSFixture.cluster(corefile: corefile)) {
        case .success: XCTFail("expected the Corefile to fail", file: file, line: line); return nil
        case .failure(let e): return e
        }
    }

    func testKubeadmDefaultWhenNoConfigMap() throws {
        let config = try CoreDNSConfig.load(DNSFixture.cluster()).get()
        XCTAssertTrue(config.origin.isKubeadmDefault)
        XCTAssertTrue(config.notes.first?.contains("kubeadm's default") == true)
        let b = try XCTUnwrap(config.blocks.first)
        XCTAssertEqual(b.zones, [""])
        XCTAssertEqual(b.port, 53)
        XCTAssertEqual(b.kubernetes?.zones, ["cluster.local", "in-addr.arpa", "ip6.arpa"])
        XCTAssertEqual(b.kubernetes?.pods, .insecure)
        XCTAssertEqual(b.kubernetes?.ttl, 30)
        XCTAssertEqual(b.kubernetes?.fallthroughZones, ["in-addr.arpa", "ip6.arpa"])
        XCTAssertEqual(b.cache?.successCap, 30)
        XCTAssertEqual(b.cache?.disableSuccess, ["cluster.local"])
        XCTAssertEqual(b.forward?.to, ["/etc/resolv.conf"])
        XCTAssertEqual(Set(b.acknowledged), ["errors", "health", "ready", "prometheus", "loop", "reload", "loadbalance"])
    }

    func testParseErrorsPointIntoTheManifestFile() throws {
        // The ConfigMap puts Corefile line 1 on file line 6 (`Corefile: |` is line 5).
        let unclosed = loadError("""
        .:53 {
            errors
            kubernetes cluster.local {
               pods insecure
        }
        """)
        XCTAssertEqual(unclosed?.description, "dns/40-coredns.yaml:6: Corefile: unexpected end of file: the '{' opened on this line is never closed with '}'")
        let stray = loadError(".:53 {\n    errors\n}\n}")
        XCTAssertEqual(stray?.description, "dns/40-coredns.yaml:9: Corefile: unexpected '}': no block is open here")
        let quote = loadError(".:53 {\n    hosts {\n      1.2.3.4 \"web\n    }\n}")
        XCTAssertEqual(quote?.error.line, 3)
        XCTAssertTrue(quote?.error.message.contains("unterminated") == true)
        let pods = loadError(".:53 {\n    kubernetes cluster.local {\n        pods sometimes\n    }\n}")
        XCTAssertEqual(pods?.description, "dns/40-coredns.yaml:8: Corefile: kubernetes: `pods` takes one of disabled, insecure, verified (got sometimes)")
        let ttl = loadError(".:53 {\n    kubernetes cluster.local {\n        ttl 9000\n    }\n}")
        XCTAssertEqual(ttl?.error.line, 3)
        let noBrace = loadError(".:53 {\n errors\n}\nexample.org:53\n errors\n")
        XCTAssertEqual(noBrace?.error.line, 4)
        XCTAssertEqual(loadError("# nothing but a comment\n")?.error.message, "the Corefile has no server block (CoreDNS would serve nothing)")
        let dup = loadError(".:53 {\n errors\n}\n.:53 {\n errors\n}")
        XCTAssertEqual(dup?.error.line, 4)
        XCTAssertEqual(dup?.diagnostic.location?.line, 9)
        XCTAssertEqual(dup?.diagnostic.code, "corefile-syntax")
    }

    func testAResolutionWithABrokenCorefileNeverFallsBackToTheDefault() throws {
        let c = DNSFixture.cluster(corefile: ".:53 {\n  errors\n")
        let engine = ClusterDNSEngine(cluster: c)
        let r = engine.resolve("cart", from: try DNSFixture.pod(c, "shop", "client"))
        XCTAssertEqual(r.result.error, "EAI_AGAIN")
        XCTAssertTrue(r.queries.first?.explanation.contains("CoreDNS cannot start with this Corefile") == true)
        XCTAssertNil(engine.coreDNSReply(DNSQuestion(name: "cart.shop.svc.cluster.local.", type: .A)))
    }

    func testTokenizerQuotesCommentsAndOneLineBlocks() throws {
        let file = try CorefileParser.parse("""
        # comment
        .:53 { # trailing comment
            health { lameduck 5s }
            hosts "/etc/my hosts" {
                10.0.0.1 "db.internal"   # entry
                fallthrough
            }
        }
        """)
        let d = try XCTUnwrap(file.serverBlocks.first?.directives)
        XCTAssertEqual(d.map(\.name), ["health", "hosts"])
        XCTAssertEqual(d[0].block.map(\.name), ["lameduck"])
        XCTAssertEqual(d[1].args, ["/etc/my hosts"])
        XCTAssertEqual(d[1].block.map(\.name), ["10.0.0.1", "fallthrough"])
        XCTAssertEqual(d[1].block.first?.args, ["db.internal"])
        XCTAssertEqual(d[1].line, 4)
    }

    func testUnknownPluginsAreListedNotFatal() throws {
        let config = try CoreDNSConfig.load(DNSFixture.cluster(corefile: ".:53 {\n  errors\n  frobnicate 3\n  template IN A example {\n  }\n  forward . 8.8.8.8\n}")).get()
        XCTAssertEqual(config.blocks.first?.unknown, ["frobnicate (line 3)"])
        XCTAssertEqual(config.blocks.first?.notModelled, ["template"])
        XCTAssertTrue(config.notes.contains { $0.contains("frobnicate") && $0.contains("Unknown directive") })
    }

    func testServerBlocksAreChosenByLongestZoneAndPort() throws {
        let text = """
        .:53 {
            forward . 8.8.8.8
        }
        cluster.local:53 {
            kubernetes
        }
        example.org:5353 {
            hosts {
                10.9.9.9 www.example.org
            }
        }
        """
        let c = DNSFixture.cluster(corefile: text)
        let engine = ClusterDNSEngine(cluster: c)
        let cart = try XCTUnwrap(engine.coreDNSReply(DNSQuestion(name: "cart.shop.svc.cluster.local.", type: .A)))
        XCTAssertEqual(cart.answers.map(\.data), ["10.96.7.7"])
        XCTAssertTrue(cart.decidedBy.hasPrefix("cluster.local:53 kubernetes"), cart.decidedBy)
        XCTAssertEqual(cart.answers.first?.ttl, 5)
        let www = try XCTUnwrap(engine.coreDNSReply(DNSQuestion(name: "www.example.org.", type: .A)))
        XCTAssertTrue(www.decidedBy.hasPrefix(".:53 forward"), "port 53 never reaches the 5353 block: \(www.decidedBy)")
        let on5353 = try XCTUnwrap(engine.coreDNSReply(DNSQuestion(name: "www.example.org.", type: .A), port: 5353))
        XCTAssertEqual(on5353.answers.map(\.data), ["10.9.9.9"])
        let refused = try XCTUnwrap(engine.coreDNSReply(DNSQuestion(name: "other.net.", type: .A), port: 5353))
        XCTAssertEqual(refused.rcode, .REFUSED)
        // Without kubernetes' fallthrough, a reverse name nobody owns is... not claimed here:
        // the cluster.local block's kubernetes has no reverse zones, so .:53 forwards it.
        let ptr = try XCTUnwrap(engine.coreDNSReply(DNSQuestion(name: "7.7.96.10.in-addr.arpa.", type: .PTR)))
        XCTAssertTrue(ptr.decidedBy.hasPrefix(".:53 forward"), ptr.decidedBy)
    }

    func testHostsWithoutFallthroughIsSERVFAILForOtherNames() throws {
        let text = """
        .:53 {
            hosts {
                10.1.1.1 legacy.internal
            }
            kubernetes cluster.local
            forward . /etc/resolv.conf
        }
        """
        let engine = ClusterDNSEngine(cluster: DNSFixture.cluster(corefile: text))
        XCTAssertEqual(engine.coreDNSReply(DNSQuestion(name: "legacy.internal.", type: .A))?.answers.map(\.data), ["10.1.1.1"])
        XCTAssertEqual(engine.coreDNSReply(DNSQuestion(name: "legacy.internal.", type: .AAAA))?.rcode, .NOERROR)
        XCTAssertEqual(engine.coreDNSReply(DNSQuestion(name: "cart.shop.svc.cluster.local.", type: .A))?.rcode, .SERVFAIL,
                       "hosts runs before kubernetes and, without fallthrough, answers SERVFAIL for names it lacks")
    }

    func testRewriteNameAndIgnoreEmptyService() throws {
        let text = """
        .:53 {
            rewrite name exact db.internal. cart.shop.svc.cluster.local.
            rewrite name suffix .legacy.local. .shop.svc.cluster.local.
            kubernetes cluster.local {
                ignore empty_service
                namespaces shop kube-system
            }
            forward . /etc/resolv.conf
        }
        """
        let engine = ClusterDNSEngine(cluster: DNSFixture.cluster(corefile: text))
        let r = try XCTUnwrap(engine.coreDNSReply(DNSQuestion(name: "db.internal.", type: .A)))
        XCTAssertEqual(r.answers.map(\.data), ["10.96.7.7"])
        XCTAssertEqual(r.answers.map(\.name), ["db.internal."], "the answer is written back to the question's name")
        XCTAssertEqual(engine.coreDNSReply(DNSQuestion(name: "kafka.legacy.local.", type: .A))?.answers.count, 2)
        XCTAssertEqual(engine.coreDNSReply(DNSQuestion(name: "ops.svc.cluster.local.", type: .A))?.rcode, .NXDOMAIN, "ops is not exposed")
    }

    func testIgnoreEmptyServiceMakesAnEndpointlessClusterIPNXDOMAIN() throws {
        let extra = """
        apiVersion: v1
        kind: Service
        metadata: {name: empty, namespace: shop}
        spec: {clusterIP: 10.96.8.8, selector: {app: none}, ports: [{port: 80}]}
        """
        let plain = ClusterDNSEngine(cluster: DNSFixture.cluster(extra: extra))
        XCTAssertEqual(plain.coreDNSReply(DNSQuestion(name: "empty.shop.svc.cluster.local.", type: .A))?.answers.map(\.data), ["10.96.8.8"])
        let ignoring = ClusterDNSEngine(cluster: DNSFixture.cluster(extra: extra, corefile: ".:53 {\n kubernetes cluster.local {\n  ignore empty_service\n }\n}"))
        XCTAssertEqual(ignoring.coreDNSReply(DNSQuestion(name: "empty.shop.svc.cluster.local.", type: .A))?.rcode, .NXDOMAIN)
    }

    func testEndpointPodNames() throws {
        let engine = ClusterDNSEngine(cluster: DNSFixture.cluster(corefile: ".:53 {\n kubernetes cluster.local {\n  endpoint_pod_names\n }\n}"))
        XCTAssertEqual(engine.coreDNSReply(DNSQuestion(name: "cart-7d9f.cart.shop.svc.cluster.local.", type: .A))?.answers.map(\.data), ["10.244.3.7"])
        XCTAssertEqual(engine.coreDNSReply(DNSQuestion(name: "10-244-3-7.cart.shop.svc.cluster.local.", type: .A))?.rcode, .NXDOMAIN)
    }
}

extension CorefileTests {
    func testABraceGluedToAnotherIsAnErrorOnItsLine() throws {
        let e = loadError(".:53 {\n    errors\n    cache 30\n}}")
        XCTAssertEqual(e?.error.line, 4)
        XCTAssertTrue(e?.error.message.contains("a brace must stand alone") == true, e?.description ?? "")
    }
}
