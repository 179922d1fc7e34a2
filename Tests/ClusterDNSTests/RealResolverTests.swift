import ClusterDNS
import ClusterModel
import Foundation
import XCTest

/// Differential test against the real glibc resolver: in a network namespace the test
/// creates, dnsmasq plays CoreDNS (configured with the replies kubewalk predicts), the pod's
/// resolv.conf is bind-mounted by `ip netns exec`, and `getent ahosts NAME` runs inside. The
/// (name, type) queries dnsmasq logs must equal the sequence kubewalk predicts for glibc.
/// Needs root, `ip`, `dnsmasq` and `getent`; skips with the reason otherwise.
final class RealResolverTests: XCTestCase {
    let cluster = DNSFixture.cluster()

    struct Scenario {
        var pod: (String, String)
        var name: String
    }

    let scenarios: [Scenario] = [
        Scenario(pod: ("shop", "client"), name: "cart"),                                   // 0 dots, first candidate answers
        Scenario(pod: ("ops", "client"), name: "cart.shop"),                               // 1 dot, §5 (a)
        Scenario(pod: ("shop", "client"), name: "a.b.c"),                                  // 2 dots, nothing exists
        Scenario(pod: ("shop", "client"), name: "kafka.shop.svc.cluster.local"),           // 4 dots
        Scenario(pod: ("shop", "client"), name: "kafka-1.kafka.shop.svc.cluster.local"),   // 5 dots, as typed first, §5 (b)
        Scenario(pod: ("shop", "client"), name: "one.two.three.four.five.six"),            // 5 dots, as typed first then the search list
        Scenario(pod: ("shop", "client"), name: "example.org."),                           // trailing dot
        Scenario(pod: ("shop", "client"), name: "nothing.here."),                          // trailing dot, NXDOMAIN: nothing else
        Scenario(pod: ("shop", "client"), name: "ops"),                                    // NODATA remembered, walk goes on, §5 (e)
        Scenario(pod: ("ops", "client"), name: "batch"),                                   // all NXDOMAIN, §5 (f)
        Scenario(pod: ("shop", "tuned"), name: "cart.shop"),                               // ndots:2 from dnsConfig
        Scenario(pod: ("shop", "client"), name: "web_app"),                                // underscore accepted by glibc
        Scenario(pod: ("shop", "client"), name: "-web"),                                   // rejected before any query
        Scenario(pod: ("shop", "client"), name: String(repeating: "a", count: 64)),        // label over 63: no query
    ]

    func which(_ tool: String) -> String? {
        for dir in ["/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin"] {
            let p = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// Starts a command with posix_spawn, its output to `outputPath`; returns the pid.
    /// (Foundation's Process loses the exit of short commands while a long-running child
    /// such as dnsmasq is alive, so the test spawns and reaps its children itself.)
    func spawn(_ args: [String], outputPath: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, args[0], &actions, nil, &argv, environ)
        guard rc == 0 else { throw XCTSkip("cannot run \(args[0]): error \(rc)") }
        return pid
    }

    /// Runs a command to completion and returns its status and output.
    @discardableResult
    func run(_ args: [String]) throws -> (Int32, String) {
        let out = "/tmp/kwt-dns-out-\(getpid())"
        let pid = try spawn(args, outputPath: out)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        defer { unlink(out) }
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (code, (try? String(contentsOfFile: out, encoding: .utf8)) ?? "")
    }

    func testGlibcSendsExactlyThePredictedQueries() throws {
        guard getuid() == 0 else { throw XCTSkip("needs root to create a network namespace") }
        guard let ip = which("ip") else { throw XCTSkip("`ip` (iproute2) is not installed") }
        guard let dnsmasq = which("dnsmasq") else { throw XCTSkip("dnsmasq is not installed (apt-get install dnsmasq)") }
        guard let getent = which("getent") else { throw XCTSkip("getent is not installed") }

        let engine = ClusterDNSEngine(cluster: cluster)
        var predictions: [(Scenario, DNSResolution)] = []
        for s in scenarios {
            let pod = try DNSFixture.pod(cluster, s.pod.0, s.pod.1)
            predictions.append((s, engine.resolve(s.name, from: pod, resolver: .glibc)))
        }
        // dnsmasq answers what kubewalk predicts CoreDNS answers: addresses as host records,
        // names that exist without addresses (NODATA for A and AAAA) as TXT records,
        // NXDOMAIN for everything else.
        var addresses: [String: Set<String>] = [:]
        var existing = Set<String>()
        for (_, r) in predictions {
            for q in r.queries where q.rcode == "NOERROR" {
                let key = String(q.name.dropLast())
                existing.insert(key)
                for a in q.answers where a.type.isAddress { addresses[key, default: []].insert(a.data) }
                if q.answers.contains(where: { $0.type == .CNAME }) && addresses[key] == nil { addresses[key] = [] }
            }
        }
        for (_, r) in predictions {
            for q in r.queries where q.rcode == "NOERROR" && q.type == .A && q.answers.contains(where: { $0.type == .CNAME }) {
                // ExternalName: CoreDNS returns CNAME + target A; dnsmasq returns the target's address directly.
                for a in r.result.addresses { addresses[String(q.name.dropLast()), default: []].insert(a) }
            }
        }

        let ns = "kwt-dns-\(getpid())"
        let etc = "/etc/netns/\(ns)"
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(ns).path
        let log = "\(dir)/dnsmasq.log"
        var daemon: pid_t = 0
        defer {
            if daemon > 0 {
                kill(daemon, SIGTERM)
                var status: Int32 = 0
                waitpid(daemon, &status, 0)
            }
            _ = try? run([ip, "netns", "del", ns])
            try? FileManager.default.removeItem(atPath: etc)
            try? FileManager.default.removeItem(atPath: dir)
        }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: etc, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: log, contents: nil)
        let setup: [[String]] = [
            [ip, "netns", "add", ns],
            [ip, "-n", ns, "link", "set", "lo", "up"],
            [ip, "-n", ns, "addr", "add", "10.96.0.10/32", "dev", "lo"],
            // A pod-like eth0: a veth pair whose both ends stay in the namespace, with an IPv4
            // address and the kernel's IPv6 link-local address, which is what makes
            // AI_ADDRCONFIG keep AAAA in an ordinary IPv4 pod (reference/dns.md §2.2).
            [ip, "-n", ns, "link", "add", "eth0", "type", "veth", "peer", "name", "peer0"],
            [ip, "-n", ns, "link", "set", "eth0", "up"],
            [ip, "-n", ns, "link", "set", "peer0", "up"],
            [ip, "-n", ns, "addr", "add", "10.244.1.10/24", "dev", "eth0"],
        ]
        for cmd in setup {
            let (status, out) = try run(cmd)
            guard status == 0 else { throw XCTSkip("cannot set up the namespace (\(cmd.joined(separator: " "))): \(out)") }
        }
        // Wait for the link-local address to finish duplicate address detection.
        var linkLocal = false
        for _ in 0..<50 {
            let (_, out) = try run([ip, "-n", ns, "-6", "addr", "show", "dev", "eth0"])
            if out.contains("scope link") && !out.contains("tentative") { linkLocal = true; break }
            usleep(100_000)
        }
        guard linkLocal else { throw XCTSkip("no IPv6 link-local address on the test veth (IPv6 disabled?): cannot model an ordinary pod") }
        try "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n".write(toFile: "\(etc)/hosts", atomically: true, encoding: .utf8)
        try "hosts: files dns\n".write(toFile: "\(etc)/nsswitch.conf", atomically: true, encoding: .utf8)

        var args = ["netns", "exec", ns, dnsmasq, "--keep-in-foreground", "--no-resolv", "--no-hosts", "--log-queries",
                    "--log-facility=\(log)", "--listen-address=10.96.0.10", "--bind-interfaces", "--port=53",
                    "--cache-size=0", "--user=root", "--pid-file=\(dir)/dnsmasq.pid", "--address=/#/"]
        for name in existing.sorted() {
            let addrs = (addresses[name] ?? []).sorted()
            if addrs.isEmpty { args.append("--txt-record=\(name),exists") }
            for a in addrs { args.append("--host-record=\(name),\(a)") }
        }
        daemon = try spawn([ip] + args, outputPath: "\(dir)/dnsmasq.out")
        var ready = false
        for _ in 0..<50 {
            if (try? String(contentsOfFile: log, encoding: .utf8))?.contains("started") == true { ready = true; break }
            usleep(100_000)
        }
        guard ready, kill(daemon, 0) == 0 else { return XCTFail("dnsmasq did not start: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")") }

        func compare(_ s: Scenario, _ predicted: DNSResolution, label: String) throws {
            let before = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").count
            try predicted.resolvConf.lines.write(toFile: "\(etc)/resolv.conf", atomically: true, encoding: .utf8)
            let (status, output) = try run([ip, "netns", "exec", ns, getent, "ahosts", s.name])
            usleep(200_000)
            let lines = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").dropFirst(before)
            let seen = lines.compactMap { line -> String? in
                guard let r = line.range(of: "query[") else { return nil }
                let rest = line[r.upperBound...]
                guard let close = rest.firstIndex(of: "]") else { return nil }
                let type = rest[..<close]
                let name = rest[rest.index(after: close)...].split(separator: " ").first.map(String.init) ?? ""
                return "\(name == "" ? "." : name + ".") \(type)"
            }
            let expected = predicted.queries.map { "\($0.name) \($0.type.rawValue)" }
            XCTAssertEqual(seen, expected, "\(label): \(s.pod.0)/\(s.pod.1) resolving \"\(s.name)\"")
            XCTAssertEqual(status == 0, predicted.result.error == nil, "getent for \"\(s.name)\" exited \(status): \(output); kubewalk: \(predicted.result.message)")
            if status == 0 {
                let got = Set(output.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) })
                XCTAssertEqual(got, Set(predicted.result.addresses), s.name)
            }
        }

        for (s, predicted) in predictions { try compare(s, predicted, label: "pod with IPv6 link-local") }

        // The same pod with IPv6 disabled: AI_ADDRCONFIG drops AAAA, only A queries go out.
        let (sysctlStatus, sysctlOut) = try run([ip, "netns", "exec", ns, which("sysctl") ?? "/usr/sbin/sysctl", "-w", "net.ipv6.conf.all.disable_ipv6=1"])
        if sysctlStatus == 0 {
            for s in scenarios.prefix(4) {
                let pod = try DNSFixture.pod(cluster, s.pod.0, s.pod.1)
                try compare(s, engine.resolve(s.name, from: pod, resolver: .glibc, ipv6: false), label: "pod with IPv6 disabled")
            }
        } else {
            print("skipping the IPv6-disabled variant: sysctl failed: \(sysctlOut)")
        }
    }
}

extension ResolvConfLines {
    /// The file text (search, nameservers, options).
    var lines: String {
        var out = ""
        if !search.isEmpty { out += "search " + search.joined(separator: " ") + "\n" }
        for n in nameservers { out += "nameserver \(n)\n" }
        if !options.isEmpty { out += "options " + options.joined(separator: " ") + "\n" }
        return out
    }
}
