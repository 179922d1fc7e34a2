import ArgumentParser
import ClusterModel

/// Finds the pod named by a `NS/NAME` (or `NAME`, in `default`) argument; a pod that does not
/// exist is a one-line error naming the pods of that namespace (exit 1).
enum PodArgument {
    /// A malformed argument (a usage error) or a pod the cluster does not have.
    enum LookupError: Error {
        case malformed(String)
        case notFound(String)
        var message: String {
            switch self {
            case .malformed(let m), .notFound(let m): return m
            }
        }
    }

    static func find(_ text: String, in cluster: Cluster, option: String) throws -> Pod {
        switch lookup(text, in: cluster, option: option) {
        case .success(let pod): return pod
        case .failure(.malformed(let message)): throw ValidationError(message)
        case .failure(.notFound(let message)):
            printError("error: " + message)
            throw ExitCode(1)
        }
    }

    /// The same lookup, printing nothing (the explorer shows the message in its status line).
    static func lookup(_ text: String, in cluster: Cluster, option: String) -> Result<Pod, LookupError> {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty }) else {
            return .failure(.malformed("\(option) takes NAMESPACE/POD (or POD in namespace default), got \"\(text)\""))
        }
        let ns = parts.count == 2 ? String(parts[0]) : "default"
        let name = String(parts[parts.count - 1])
        if let pod = cluster.pod(namespace: ns, name: name) { return .success(pod) }
        let names = cluster.pods.filter { $0.namespace == ns }.map(\.name)
        if names.isEmpty {
            let spaces = Set(cluster.pods.map(\.namespace)).sorted()
            return .failure(.notFound("no pod \(ns)/\(name) in \(cluster.name): namespace \(ns) has no pods (namespaces with pods: \(spaces.joined(separator: ", ")))"))
        }
        return .failure(.notFound("no pod \(ns)/\(name) in \(cluster.name); pods in \(ns): \(names.joined(separator: ", "))"))
    }
}
