import ArgumentParser
import ClusterModel

/// Finds the pod named by a `NS/NAME` (or `NAME`, in `default`) argument; a pod that does not
/// exist is a one-line error naming the pods of that namespace (exit 1).
enum PodArgument {
    static func find(_ text: String, in cluster: Cluster, option: String) throws -> Pod {
        switch lookup(text, in: cluster, option: option) {
        case .success(let pod): return pod
        case .failure(let problem):
            if let usage = problem.usage { throw ValidationError(usage) }
            printError("error: \(problem.message)")
            throw ExitCode(1)
        }
    }

    /// The same without printing (for the explorer): the pod, or the one-line message.
    static func lookup(_ text: String, in cluster: Cluster, option: String) -> Result<Pod, Problem> {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty }) else {
            let usage = "\(option) takes NAMESPACE/POD (or POD in namespace default), got \"\(text)\""
            return .failure(Problem(message: usage, usage: usage))
        }
        let ns = parts.count == 2 ? String(parts[0]) : "default"
        let name = String(parts[parts.count - 1])
        if let pod = cluster.pod(namespace: ns, name: name) { return .success(pod) }
        let names = cluster.pods.filter { $0.namespace == ns }.map(\.name)
        if names.isEmpty {
            let spaces = Set(cluster.pods.map(\.namespace)).sorted()
            return .failure(Problem(message: "no pod \(ns)/\(name) in \(cluster.name): namespace \(ns) has no pods (namespaces with pods: \(spaces.joined(separator: ", ")))"))
        }
        return .failure(Problem(message: "no pod \(ns)/\(name) in \(cluster.name); pods in \(ns): \(names.joined(separator: ", "))"))
    }

    /// Why a pod argument names no pod; `usage` set when the argument is malformed (exit 2).
    struct Problem: Error {
        var message: String
        var usage: String? = nil
    }
}
