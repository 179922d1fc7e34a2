import ArgumentParser
import ClusterModel

/// Finds the pod named by a `NS/NAME` (or `NAME`, in `default`) argument; a pod that does not
/// exist is a one-line error naming the pods of that namespace (exit 1).
enum PodArgument {
    static func find(_ text: String, in cluster: Cluster, option: String) throws -> Pod {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty }) else {
            throw ValidationError("\(option) takes NAMESPACE/POD (or POD in namespace default), got \"\(text)\"")
        }
        let ns = parts.count == 2 ? String(parts[0]) : "default"
        let name = String(parts[parts.count - 1])
        if let pod = cluster.pod(namespace: ns, name: name) { return pod }
        let names = cluster.pods.filter { $0.namespace == ns }.map(\.name)
        if names.isEmpty {
            let spaces = Set(cluster.pods.map(\.namespace)).sorted()
            printError("error: no pod \(ns)/\(name) in \(cluster.name): namespace \(ns) has no pods (namespaces with pods: \(spaces.joined(separator: ", ")))")
        } else {
            printError("error: no pod \(ns)/\(name) in \(cluster.name); pods in \(ns): \(names.joined(separator: ", "))")
        }
        throw ExitCode(1)
    }
}
