import ArgumentParser
import ClusterModel
import Foundation

/// `kubewalk bench load FILE` (hidden): times load + reconcile + validate of a file, for
/// `scripts/bench-load.sh` and the README's Performance section.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks (release build): `kubewalk bench load FILE`.",
        shouldDisplay: false)

    @Argument(help: "What to measure: load.") var what: String
    @Argument(help: "A cluster file or directory.") var path: String

    func validate() throws {
        guard what == "load" else { throw ValidationError("unknown benchmark '\(what)'; available: load") }
    }

    func run() throws {
        let start = DispatchTime.now().uptimeNanoseconds
        let cluster: Cluster
        let bytes: Int
        do {
            bytes = try ClusterLoader.manifestPaths(at: path).reduce(0) { total, p in
                total + ((try? FileManager.default.attributesOfItem(atPath: p)[.size] as? Int) ?? 0)
            }
            cluster = try ClusterLoader.load(path: path)
        } catch {
            printError("error: \(error.description)")
            throw ExitCode(1)
        }
        let end = DispatchTime.now().uptimeNanoseconds
        let seconds = Double(end - start) / 1e9
        let mb = Double(bytes) / 1_000_000
        print("file          \(path)")
        print("bytes         \(bytes) (\(String(format: "%.1f", mb)) MB)")
        print("objects       \(cluster.nodes.count) nodes, \(cluster.pods.count) pods, \(cluster.services.count) services, \(cluster.endpointSlices.count) EndpointSlices, \(cluster.ingresses.count) ingresses")
        print("diagnostics   \(cluster.diagnostics.errors.count) errors, \(cluster.diagnostics.warnings.count) warnings")
        print("seconds       \(String(format: "%.3f", seconds)) (read, parse, decode, reconcile, validate)")
        print("throughput    \(String(format: "%.1f", mb / seconds)) MB/s")
        print("peak RSS      \(peakRSS())")
    }

    /// VmHWM of /proc/self/status (Linux), the process's peak resident set.
    func peakRSS() -> String {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return "unknown (no /proc/self/status)" }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
            return "\(kb / 1024) MiB (VmHWM \(kb) kB)"
        }
        return "unknown"
    }
}
