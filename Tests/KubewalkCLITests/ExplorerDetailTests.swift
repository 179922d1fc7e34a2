import ClusterDNS
import ClusterModel
import DemoClusters
@testable import Explorer
import Foundation
import KubeProxy
import XCTest
@testable import KubewalkCLI

/// The explorer with the engines wired as `kubewalk` wires them (`ExplorerEngines.make()`):
/// `:dns` prints what `kubewalk dns` prints, and the Detail of a Service, a pod and an entry
/// point comes from KubeProxy, ClusterDNS and PodNetwork.
final class ExplorerDetailTests: XCTestCase {
    func state(_ cluster: String = "online-store") throws -> AppState {
        let c = try ClusterSource.load(cluster)
        var s = ExplorerSetup.state(cluster: c, ref: cluster, options: try ExplorerOptions.parse([]), environment: [:], utf8: true, now: 0)
        s = update(s, .resize(Size(width: 120, height: 40)), time: 0)
        return s
    }

    func type(_ keys: String, _ s: inout AppState) throws {
        for k in try KeyNotation.parse(keys) { s = update(s, .key(k), time: 0) }
    }

    func detail(_ s: AppState) -> [String] { DetailContent(state: s, now: 0).lines().map(\.0) }

    func testDNSCommandShowsTheQueriesAndTheAnswerInDetail() throws {
        var s = try state()
        try type("':dns --from default/client wear-service' Enter", &s)
        guard case let .text(title, lines) = s.detailSource else { return XCTFail("no text in Detail: \(s.message ?? "")") }
        XCTAssertEqual(title, ":dns --from default/client wear-service")
        XCTAssertFalse(s.messageIsError, s.message ?? "")
        let text = lines.joined(separator: "\n")
        XCTAssertTrue(lines.contains("nameserver 10.96.0.10"), text)
        XCTAssertTrue(lines.contains(";; QUESTION: wear-service.default.svc.cluster.local. IN A"), text)
        XCTAssertTrue(lines.contains(";; QUESTION: wear-service.default.svc.cluster.local. IN AAAA"), text)
        XCTAssertTrue(lines.contains { $0.hasPrefix(";; SERVER: 10.96.0.10:53/udp via Service kube-system/kube-dns") }, text)
        XCTAssertTrue(lines.contains { $0.hasPrefix("wear-service.default.svc.cluster.local.") && $0.hasSuffix("IN  A      10.101.12.20") }, text)
        XCTAssertTrue(lines.contains { $0.hasPrefix(";; RESULT: getaddrinfo returns 10.101.12.20") }, text)
        // Exactly what `kubewalk dns --from default/client wear-service` prints (DNAT from kube-proxy's rules).
        let cluster = try ClusterSource.load("online-store")
        let pod = try XCTUnwrap(cluster.pod(namespace: "default", name: "client"))
        XCTAssertEqual(text, DNSText.render(DNSCommand.engine(for: cluster).resolve("wear-service", from: pod)))
        XCTAssertTrue(lines.contains { $0.contains("KUBE-SVC-TCOU7JCQXEZGVUNU") }, text)
        // The command's output takes the screen.
        let frame = render(s, size: Size(width: 120, height: 40), time: 0).text
        XCTAssertTrue(frame.contains(";; ANSWER SECTION:"), frame)
    }

    func testDNSReverseTypeAndResolverArgumentsAreTheCLIs() throws {
        var s = try state()
        try type("':dns --from default/client --reverse 10.244.1.5' Enter", &s)
        guard case let .text(_, reverse) = s.detailSource else { return XCTFail(s.message ?? "") }
        XCTAssertTrue(reverse.contains(";; QUESTION: 5.1.244.10.in-addr.arpa. IN PTR"), reverse.joined(separator: "\n"))
        s = update(s, .key(.escape), time: 0)
        try type("':dns --from default/client kube-dns.kube-system --type SRV --resolver musl' Enter", &s)
        guard case let .text(_, srv) = s.detailSource else { return XCTFail(s.message ?? "") }
        XCTAssertTrue(srv.contains { $0.hasPrefix(";; musl (--resolver musl)") }, srv.joined(separator: "\n"))
        XCTAssertTrue(srv.contains { $0.hasPrefix(";; QUESTION: ") && $0.hasSuffix(" IN SRV") }, srv.joined(separator: "\n"))
        XCTAssertFalse(srv.contains { $0.hasSuffix(" IN A") }, "--type SRV asks for SRV only")
    }

    /// Bad arguments and unknown pods are one status line; nothing reaches standard error
    /// (it would draw over the screen).
    func testDNSMistakesAreStatusLinesAndWriteNothingToStderr() throws {
        var s = try state()
        var messages: [String] = []
        let stderrText = try capturingStderr {
            for command in ["dns --from default/nobody web", "dns --from default/client", "dns --from default/client web --type BOGUS",
                            "dns --from default/client --reverse not-an-ip", "dns --from a/b/c web"] {
                try type("':\(command)' Enter", &s)
                XCTAssertTrue(s.messageIsError, "\(command): \(s.message ?? "")")
                messages.append(s.message ?? "")
            }
        }
        XCTAssertEqual(stderrText, "")
        XCTAssertEqual(try capturingStderr { printError("probe") }, "probe\n", "the capture sees what the CLI would print")
        XCTAssertTrue(messages[0].contains("no pod default/nobody in online-store; pods in default:"), messages[0])
        XCTAssertTrue(messages[1].contains("give a NAME to resolve, or --reverse IP"), messages[1])
        XCTAssertTrue(messages[2].contains("unknown record type \"BOGUS\""), messages[2])
        XCTAssertTrue(messages[3].contains("--reverse takes an IP address"), messages[3])
        XCTAssertTrue(messages[4].contains("--from takes NAMESPACE/POD"), messages[4])
    }

    func testServiceDetailShowsItsKubeProxyChainsAndEndpoints() throws {
        var s = try state()
        s.selectedID = "svc:default/wear-service"
        let lines = detail(s)
        let text = lines.joined(separator: "\n")
        let svc = ChainNames.svc("default/wear-service:http", .tcp)
        XCTAssertEqual(svc, "KUBE-SVC-KR7V3FLQDQZDRDGO")
        XCTAssertTrue(lines.contains("type ClusterIP · ClusterIP 10.101.12.20"), text)
        XCTAssertTrue(lines.contains("  http 8080/TCP → targetPort http"), text)
        XCTAssertTrue(lines.contains("selector app=wear"), text)
        XCTAssertTrue(lines.contains("sessionAffinity None"), text)
        XCTAssertTrue(lines.contains { $0.hasPrefix("    10.244.1.5  ready serving  node node01  pod default/wear-") }, text)
        XCTAssertTrue(lines.contains { $0.hasPrefix("    10.244.2.5  ready serving  node node02  pod default/wear-") }, text)
        XCTAssertTrue(lines.contains { $0.hasPrefix("kube-proxy (iptables mode) on node01 (the first worker") }, text)
        XCTAssertTrue(lines.contains(":\(svc) - [0:0]"), text)
        XCTAssertTrue(lines.contains("-A KUBE-SERVICES -d 10.101.12.20/32 -p tcp -m comment --comment \"default/wear-service:http cluster IP\" -m tcp --dport 8080 -j \(svc)"), text)
        XCTAssertTrue(lines.contains { $0.hasPrefix("-A \(svc) ") && $0.contains("--probability 0.50000000000 -j KUBE-SEP-") }, text)
        XCTAssertEqual(lines.filter { $0.contains("-j DNAT --to-destination 10.244.") }.count, 2, text)
        // Only this Service's lines, each exactly as iptables-save prints it on node01.
        let save = Set(try KubeProxy.rules(for: ClusterSource.load("online-store"), node: "node01").iptablesSave().split(separator: "\n").map(String.init))
        let rules = lines.filter { $0.hasPrefix("-A ") || $0.hasPrefix(":") || $0.hasPrefix("*") || $0 == "COMMIT" }
        XCTAssertGreaterThan(rules.count, 8)
        for r in rules { XCTAssertTrue(save.contains(r), "not in iptables-save: \(r)") }
        XCTAssertFalse(text.contains("watch-service"), text)
        XCTAssertFalse(text.contains("KUBE-MARK-MASQ -j MARK"), "shared chains stay out")
    }

    func testServiceRulesAreThoseOfTheZoomedNode() throws {
        var s = try state()
        try type("':node node02' Enter", &s)
        s.selectedID = "svc:default/wear-service"
        let lines = detail(s)
        XCTAssertTrue(lines.contains("kube-proxy (iptables mode) on node02, this Service's lines of `kubewalk iptables-save --node node02`:"), lines.joined(separator: "\n"))
    }

    /// `default/web` must not pull in `default/web-lb`, `default/web-local`, … (same prefix).
    func testServiceLinesNameNoOtherService() throws {
        var s = try state("service-types")
        s.selectedID = "svc:default/web"
        let lines = detail(s)
        let text = lines.joined(separator: "\n")
        XCTAssertTrue(text.contains("\"default/web:http cluster IP\""), text)
        let rules = lines.filter { $0.hasPrefix("-A ") }
        XCTAssertEqual(rules.count, 11, text)
        XCTAssertFalse(rules.contains { $0.contains("default/web-") }, text)
        s.selectedID = "svc:default/orders"
        let orders = detail(s)
        XCTAssertTrue(orders.contains { $0.contains("\"default/orders:http has no endpoints\"") && $0.hasSuffix("-j REJECT --reject-with icmp-port-unreachable") },
                      orders.joined(separator: "\n"))
        XCTAssertTrue(orders.contains("*filter"))
    }

    /// On every node of every demo cluster, each Service's excerpt holds every rule whose
    /// comment names it, and only rules that name it or belong to its own chains.
    func testRuleIndexKeepsEveryRuleOfTheServiceAndNoOther() throws {
        for demo in DemoClusters.all {
            let cluster = try ClusterSource.load(demo.name)
            for node in cluster.nodes {
                let rules = try KubeProxy.rules(for: cluster, node: node.name)
                let save = rules.iptablesSave()
                let all = save.split(separator: "\n").map(String.init)
                let index = ServiceRuleIndex(rules)
                for svc in cluster.services {
                    let ref = "\(svc.namespace)/\(svc.name)"
                    func names(_ line: String) -> Bool {
                        line.contains("\"\(ref):") || line.contains(" \(ref):") || line.contains("\"\(ref) ") || line.contains("\"\(ref)\"")
                    }
                    let lines = index.lines(service: ref)
                    let kept = Set(lines)
                    for line in all where line.hasPrefix("-A ") && names(line) {
                        XCTAssertTrue(kept.contains(line), "\(demo.name) \(node.name) \(ref): missing \(line)")
                    }
                    let declared = Set(lines.filter { $0.hasPrefix(":") }.map { String($0.dropFirst().prefix { $0 != " " }) })
                    for line in lines where line.hasPrefix("-A ") && !names(line) {
                        let words = line.split(separator: " ").map(String.init)
                        let chain = words[1]
                        let target = words.firstIndex(of: "-j").map { words[$0 + 1] } ?? ""
                        XCTAssertTrue(declared.contains(chain) || declared.contains(target), "\(demo.name) \(node.name) \(ref): stray \(line)")
                    }
                    XCTAssertEqual(lines.filter { $0.hasPrefix("*") }.count, lines.filter { $0 == "COMMIT" }.count)
                }
            }
        }
    }

    func testServiceDetailInIPVSModeListsItsVirtualServers() throws {
        var s = try state("weave-overlay")
        s.selectedID = "svc:default/web"
        let lines = detail(s)
        let text = lines.joined(separator: "\n")
        XCTAssertTrue(lines.contains("TCP  10.96.50.10:80 rr"), text)
        XCTAssertTrue(lines.contains("TCP  192.168.56.11:30180 rr"), text)
        XCTAssertEqual(lines.filter { $0.hasPrefix("  -> 10.37.85.87:80 ") }.count, 2, text)
        XCTAssertTrue(lines.contains("kube-ipvs0: 10.96.50.10/32"), text)
        XCTAssertTrue(lines.contains("ipset add KUBE-NODE-PORT-TCP 30180"), text)
        XCTAssertFalse(text.contains("10.96.0.10"), "kube-dns's virtual servers stay out")
    }

    func testKubernetesServiceCountsTheAPIServerEndpoint() throws {
        let s = try state()
        XCTAssertEqual(s.cluster.view.service(id: "svc:default/kubernetes")?.readyEndpoints, 1)
        XCTAssertEqual(s.cluster.view.service(id: "svc:default/kubernetes")?.endpointPodIDs, [], "no targetRef: no pod to mark")
        let frame = render(s, size: Size(width: 120, height: 40), time: 0).text
        XCTAssertTrue(frame.split(separator: "\n").contains { $0.contains("kubernetes ") && $0.contains("443/TCP 1 ep") }, frame)
        var t = s
        t.selectedID = "svc:default/kubernetes"
        XCTAssertTrue(detail(t).contains("    192.168.56.10  ready serving  node -  no targetRef"))
    }

    func testPodDetailHasItsResolvConfAndVeth() throws {
        var s = try state()
        s.selectedID = "pod:default/client"
        let lines = detail(s)
        let text = lines.joined(separator: "\n")
        XCTAssertTrue(lines.contains("/etc/resolv.conf (dnsPolicy ClusterFirst):"), text)
        XCTAssertTrue(lines.contains("  nameserver 10.96.0.10"), text)
        XCTAssertTrue(lines.contains("  options ndots:5"), text)
        XCTAssertTrue(lines.contains("  eth0 10.244.1.2/24 mtu 1500"), text)
        XCTAssertTrue(lines.contains { $0.hasPrefix("  ⇄ veth") && $0.contains(" master cni0") }, text)
        XCTAssertTrue(lines.contains("    default via 10.244.1.1 dev eth0"), text)
        XCTAssertEqual(lines.last, "t: trace from this pod")
        s.selectedID = "pod:kube-system/kube-proxy-fv5ks"
        XCTAssertTrue(detail(s).contains { $0.hasPrefix("network: hostNetwork") })
    }

    func testEntryPointDetailDescribesItsService() throws {
        var s = try state()
        s.selectedID = "entry:ingress-nginx/ingress-nginx-controller"
        let lines = detail(s)
        XCTAssertTrue(lines.contains("  http 80/TCP → targetPort http · nodePort 30080"), lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains { $0.hasPrefix("-A KUBE-NODEPORTS -p tcp") && $0.contains("--dport 30080 -j KUBE-EXT-") }, lines.joined(separator: "\n"))
    }

    /// Runs `body` with file descriptor 2 sent to a temporary file; returns what was written.
    func capturingStderr(_ body: () throws -> Void) throws -> String {
        let path = NSTemporaryDirectory() + "kwtest-stderr-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0o600)
        guard fd >= 0 else { throw XCTSkip("cannot create \(path)") }
        let saved = dup(2)
        fflush(nil)
        dup2(fd, 2)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            try body()
        } catch {
            fflush(nil); dup2(saved, 2); close(saved); close(fd)
            throw error
        }
        fflush(nil)
        dup2(saved, 2)
        close(saved)
        close(fd)
        return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
}
