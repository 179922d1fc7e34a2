import ArgumentParser
import ClusterModel
import Foundation
import PacketPath

/// `kubewalk bench-trace`: how long one trace takes on a large synthetic cluster.
struct BenchTraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-trace",
        abstract: "Benchmark: a trace across nodes through an ingress on a synthetic cluster built in code.",
        discussion: """
        Builds SyntheticTraceCluster (N ClusterIP Services, 2 pods each, 10 flannel nodes,
        ingress-nginx on NodePort 30080), then times `external → http://svc-7.example.com:30080/`
        (cross-node, through the ingress). Build with -c release for meaningful numbers.

        Examples:
          swift build -c release --product kubewalk
          .build/release/kubewalk bench-trace --services 10000 --iterations 200
        """)

    @Option(help: "Number of Services.") var services: Int = 10_000
    @Option(help: "Timed iterations.") var iterations: Int = 200
    @Flag(help: "Skip listing every outcome (one trace instead of one per outcome).") var noOutcomes = false

    func run() throws {
        let t0 = DispatchTime.now().uptimeNanoseconds
        let cluster = SyntheticTraceCluster.make(services: services)
        let t1 = DispatchTime.now().uptimeNanoseconds
        // What `kubewalk trace` and the explorer build once per cluster (L7Routing's host table).
        let engines = TraceEngines.standard(for: cluster)
        let t2 = DispatchTime.now().uptimeNanoseconds
        let request = TraceRequest(from: "external", target: "http://192.168.100.11:30080/", headers: ["Host: svc-7.example.com"])
        var samples: [Double] = []
        var last: Trace? = nil
        for _ in 0..<max(1, iterations) {
            let s = DispatchTime.now().uptimeNanoseconds
            last = try? RequestTracer.trace(cluster, request: request, engines: engines, enumerateOutcomes: !noOutcomes)
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - s) / 1e6)
        }
        samples.sort()
        let median = samples[samples.count / 2], p95 = samples[min(samples.count - 1, samples.count * 95 / 100)]
        print("cluster: \(cluster.services.count) services, \(cluster.pods.count) pods, \(cluster.nodes.count) nodes (built in \(String(format: "%.0f", Double(t1 - t0) / 1e6)) ms; engines prepared once in \(String(format: "%.1f", Double(t2 - t1) / 1e6)) ms)")
        print("trace external → svc-7.example.com via ingress: \(last?.hops.count ?? 0) hops, outcome \(last?.outcome.status.rawValue ?? "error") \(last?.outcome.pod ?? ""); HTTP by \(last?.notes.contains { $0.contains("fallback model, not the L7Routing") } == true ? "the fallback" : "L7Routing")")
        print(String(format: "per trace: min %.3f ms, median %.3f ms, p95 %.3f ms over %d runs", samples[0], median, p95, samples.count))
    }
}
