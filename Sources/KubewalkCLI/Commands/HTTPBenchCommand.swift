import ArgumentParser
import ClusterModel
import L7Routing

/// `kubewalk bench-http`: the HTTP matching benchmark on a synthetic ingress load.
struct HTTPBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-http",
        abstract: "Benchmark Ingress matching on a synthetic set of Ingress rules (build with -c release).",
        discussion: """
        Builds the ingress-nginx host table once for HOSTS hosts with PATHS paths each (every \
        tenth host in regex mode with a rewrite), then matches REQUESTS requests and prints the \
        rate: the decision alone (server, location, upstream path) and the full explained result.

        Examples:
          swift build -c release --product kubewalk
          .build/release/kubewalk bench-http
          .build/release/kubewalk bench-http --hosts 500 --paths 10 --requests 2000000
        """)

    @Option(help: "Number of hosts.") var hosts = 500
    @Option(help: "Paths per host.") var paths = 10
    @Option(help: "Requests to match.") var requests = 1_000_000

    func validate() throws {
        guard hosts > 0, paths > 0, requests > 0 else {
            printError("error: --hosts, --paths and --requests must be positive")
            throw ExitCode(2)
        }
    }

    func run() throws {
        let clock = ContinuousClock()
        let cluster = SyntheticIngresses.cluster(hosts: hosts, pathsPerHost: paths)
        var router: IngressRouter?
        let build = clock.measure { router = IngressRouter(cluster: cluster) }
        guard let router else { return }
        let sample = SyntheticIngresses.requests(hosts: hosts, pathsPerHost: paths, count: 10_000)
        var proxied = 0
        let quick = clock.measure {
            for i in 0..<requests {
                let m = router.quickMatch(sample[i % sample.count])
                if m.backend != nil && m.status == nil { proxied += 1 }
            }
        }
        let fullCount = min(requests, 50_000)
        let entry = EntryPoint(kind: .ingress, name: "bench", port: 80, scheme: "http")
        var candidates = 0
        let full = clock.measure {
            for i in 0..<fullCount { candidates += router.route(sample[i % sample.count], cluster: cluster, entry: entry).candidates.count }
        }
        func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
        let rules = cluster.ingresses.reduce(0) { $0 + $1.rules.reduce(0) { $0 + $1.paths.count } }
        print("synthetic: \(rules) Ingress paths over \(hosts) hosts (\(hosts / 10) in regex mode); host table built in \(Int(seconds(build) * 1000)) ms")
        print("decision:  \(requests) requests in \(String(format3: seconds(quick))) s = \(Int(Double(requests) / seconds(quick))) requests/s (\(proxied) proxied)")
        print("explained: \(fullCount) requests in \(String(format3: seconds(full))) s = \(Int(Double(fullCount) / seconds(full))) requests/s (\(candidates) candidates explained)")
    }
}

extension String {
    init(format3 v: Double) {
        let ms = Int((v * 1000).rounded())
        let frac = ms % 1000
        self = "\(ms / 1000).\(frac < 10 ? "00" : frac < 100 ? "0" : "")\(frac)"
    }
}
