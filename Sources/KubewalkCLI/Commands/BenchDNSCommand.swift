import ArgumentParser
import ClusterDNS
import ClusterModel
import Foundation

/// `kubewalk bench-dns` (hidden): CoreDNS lookups per second on a synthetic cluster (an index, not a scan).
struct BenchDNSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-dns",
        abstract: "Measure CoreDNS lookups per second and whole getaddrinfo resolutions per second.",
        discussion: """
        Example:
          swift build -c release --product kubewalk
          .build/release/kubewalk bench-dns --services 10000 --lookups 2000000
        """,
        shouldDisplay: false)

    @Option(help: "Services in the synthetic cluster.") var services = 10_000
    @Option(help: "CoreDNS lookups to time.") var lookups = 2_000_000
    @Option(help: "Whole getaddrinfo resolutions (search-list walk included) to time.") var resolutions = 200_000

    func run() throws {
        let clock = ContinuousClock()
        let buildStart = clock.now
        let cluster = SyntheticDNSCluster.make(services: services)
        let engine = ClusterDNSEngine(cluster: cluster)
        let buildTime = clock.now - buildStart
        guard let client = cluster.pod(namespace: "ns-0", name: "client") else { throw ExitCode(1) }
        let questions = SyntheticDNSCluster.questions(services: services, count: 4096)
        var answered = 0
        let cpuStart = BenchDNSCommand.cpuSeconds()
        let start = clock.now
        for k in 0..<lookups {
            if let r = engine.coreDNSReply(questions[k & 4095]) { answered &+= r.answers.count }
        }
        let elapsed = clock.now - start
        let cpu = BenchDNSCommand.cpuSeconds() - cpuStart
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("cluster: \(services) services, index built in \(buildTime)")
        print("CoreDNS lookups: \(lookups) in \(String(format: "%.3f", seconds)) s wall = \(Int(Double(lookups) / seconds)) lookups/s; "
              + "\(String(format: "%.3f", cpu)) s CPU = \(Int(Double(lookups) / max(cpu, 1e-9))) lookups per CPU-second (answers \(answered))")

        let rcpuStart = BenchDNSCommand.cpuSeconds()
        let names = (0..<1024).map { "svc-\(($0 * 7919) % max(1, services)).ns-\((($0 * 7919) % max(1, services)) % 100)" }
        var found = 0
        let rstart = clock.now
        for k in 0..<resolutions {
            found &+= engine.resolve(names[k & 1023], from: client).result.addresses.count
        }
        let relapsed = clock.now - rstart
        let rseconds = Double(relapsed.components.seconds) + Double(relapsed.components.attoseconds) / 1e18
        let rcpu = BenchDNSCommand.cpuSeconds() - rcpuStart
        print("getaddrinfo resolutions (1-dot names, A+AAAA, DNAT and explanations included): \(resolutions) in \(String(format: "%.3f", rseconds)) s wall = "
              + "\(Int(Double(resolutions) / rseconds)) resolutions/s; \(Int(Double(resolutions) / max(rcpu, 1e-9))) per CPU-second (addresses \(found))")

        // The same through `kubewalk dns`'s engine: each lookup's DNAT walked through kube-proxy's
        // rules on the client's node (generated once, on the first lookup, and timed with it).
        let wired = DNSCommand.engine(for: cluster)
        let firstStart = clock.now
        _ = wired.resolve(names[0], from: client)
        let first = clock.now - firstStart
        let wcpuStart = BenchDNSCommand.cpuSeconds()
        let wstart = clock.now
        for k in 0..<resolutions {
            found &+= wired.resolve(names[k & 1023], from: client).result.addresses.count
        }
        let welapsed = clock.now - wstart
        let wseconds = Double(welapsed.components.seconds) + Double(welapsed.components.attoseconds) / 1e18
        let wcpu = BenchDNSCommand.cpuSeconds() - wcpuStart
        print("  with DNAT from kube-proxy's rules (kubewalk dns): first lookup (rules generated for node01) \(first); then \(resolutions) in "
              + "\(String(format: "%.3f", wseconds)) s wall = \(Int(Double(resolutions) / wseconds)) resolutions/s; "
              + "\(Int(Double(resolutions) / max(wcpu, 1e-9))) per CPU-second")
    }

    /// User + system CPU time of this process (the machine may be shared: wall time alone misleads).
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
