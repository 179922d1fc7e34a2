import ClusterDNS
import ClusterModel
import XCTest

/// Hostile input never traps, and odd clusters still get an answer with a note.
final class RobustnessTests: XCTestCase {
    /// Every one-character deletion and a set of insertions into kubeadm's Corefile either
    /// parses or fails with a line inside the text.
    func testMutatedCorefilesNeverTrap() {
        let text = CoreDNSConfig.kubeadmDefaultText()
        let chars = Array(text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        var failures = 0
        for i in chars.indices {
            var deleted = chars
            deleted.remove(at: i)
            for candidate in [String(deleted)] + ["{", "}", "\"", "`", "#", "\n", " x{"].map({ ins -> String in
                var c = chars
                c.insert(contentsOf: Array(ins), at: i)
                return String(c)
            }) {
                do {
                    let file = try CorefileParser.parse(candidate)
                    _ = try CoreDNSConfig.interpret(file, origin: CorefileOrigin(file: "t", firstLine: 1), text: candidate)
                } catch {
                    failures += 1
                    XCTAssertTrue((1...lines + 1).contains(error.line), "line \(error.line) for mutation at \(i)")
                }
            }
        }
        XCTAssertGreaterThan(failures, 0, "some mutations must fail")
    }

    func testNamesThatAreNotNamesNeverTrap() throws {
        let c = DNSFixture.cluster()
        let engine = ClusterDNSEngine(cluster: c)
        let pod = try DNSFixture.pod(c, "shop", "client")
        for name in ["", ".", "..", "a.", ".a", "-", "_", "é.example", String(repeating: "a.", count: 200), "1-2-3-4.shop.pod.cluster.local",
                     "--1.shop.pod.cluster.local", "x.y.z.in-addr.arpa", "1.2.3.4.5.in-addr.arpa.", "\u{0}", "a b", "*.shop.svc.cluster.local"] {
            let r = engine.resolve(name, from: pod)
            XCTAssertFalse(r.result.message.isEmpty, name)
            _ = engine.resolve(name, from: pod, types: [.SRV, .TXT, .PTR, .CAA], resolver: .musl)
        }
        for q in ["", ".", "in-addr.arpa.", "ip6.arpa.", "x.ip6.arpa.", "svc.cluster.local.", "a.b.c.d.e.f.g.svc.cluster.local."] {
            for t in DNSRecordType.allCases { XCTAssertNotNil(engine.coreDNSReply(DNSQuestion(name: q, type: t)), q) }
        }
    }

    func testNoKubeDNSServiceAssumesCoreDNSAtTheClusterDNSAddressWithANote() throws {
        var c = DNSFixture.cluster()
        c.services = c.services.filter { $0.name != "kube-dns" }
        c.endpointSlices = c.endpointSlices.filter { $0.serviceName != "kube-dns" }
        c.reindex()
        let r = ClusterDNSEngine(cluster: c).resolve("cart", from: try DNSFixture.pod(c, "shop", "client"))
        XCTAssertEqual(r.result.addresses, ["10.96.7.7"])
        XCTAssertTrue(r.notes.contains { $0.contains("no Service kube-system/kube-dns") }, "\(r.notes)")
    }

    /// musl drops a resolv.conf line that does not fit its 256-byte buffer: a long search line
    /// means no search list at all (musl `__get_resolv_conf`); glibc uses every domain.
    func testMuslIgnoresASearchLineLongerThan255Characters() {
        let domains = (1...9).map { "d\($0)-" + String(repeating: "x", count: 20) + ".example" }  // 31 characters each
        let fits = Array(domains.prefix(7))   // "search " + 7 × 31 + 6 + "\n" = 231
        let k8s = ResolverOptions(["ndots:5"])
        XCTAssertEqual(SearchList.muslCandidates("web", search: fits, options: k8s).count, 7 + 1)
        XCTAssertEqual(SearchList.muslCandidates("web", search: domains, options: k8s), ["web."])  // 7 + 279 + 1 > 255
        XCTAssertEqual(SearchList.glibcCandidates("web", search: domains, options: k8s).count, 9 + 1)
        XCTAssertTrue(SearchList.muslIgnoresSearchLine(domains))
        XCTAssertFalse(SearchList.muslIgnoresSearchLine(fits))
    }
}
