import ArgumentParser
import ClusterModel

/// `kubewalk get KIND [NAME]`: the reconciled cluster through kubectl's eyes — the same
/// columns, the same `-o wide`, and `-o json|yaml` in the Kubernetes schema.
struct GetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Print objects of the reconciled cluster the way kubectl get does.",
        discussion: """
        KIND is one of nodes (no), pods (po), services (svc), endpointslices, endpoints (ep), \
        ingresses (ing), ingressclasses, gatewayclasses, gateways, httproutes, namespaces (ns).

        The objects are the reconciled ones: what the input gives plus what the control plane \
        would fill in (pods of Deployments, pod IPs, ClusterIPs, nodePorts, EndpointSlices). \
        In -o json|yaml such fields are listed in the annotation kubewalk.io/filled-in.

        AGE is measured from the newest creationTimestamp in the input (the moment the \
        snapshot was taken at the earliest), not from the clock, so output is reproducible; \
        objects without a creationTimestamp show <unknown>.

        Examples:
          kubewalk get pods -A -o wide
          kubewalk get svc -n ingress-nginx
          kubewalk get pods -A -o json | jq -r '.items[].status.podIP'
          kubewalk get service wear-service -o yaml --cluster online-store
        """)

    @OptionGroup var options: ClusterOptions
    @Argument(help: "The kind: pods, services, nodes, … (kubectl's names and short names).",
              completion: .list(ResourceKind.allCases.map(\.rawValue))) var kind: String
    @Argument(help: "Only the object of this name.") var name: String?
    @Option(name: .shortAndLong, help: "Namespace (default: default).") var namespace: String?
    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "Objects of every namespace.") var allNamespaces = false
    @Option(name: .shortAndLong, help: "Output format: wide, json or yaml (default: kubectl's table).") var output: GetOutput?

    enum GetOutput: String, ExpressibleByArgument, CaseIterable { case wide, json, yaml }

    func validate() throws {
        guard ResourceKind(typed: kind) != nil else {
            throw ValidationError("the server doesn't have a resource type \"\(kind)\"; kubewalk knows: \(ResourceKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if allNamespaces && namespace != nil { throw ValidationError("-A and -n are mutually exclusive") }
        if allNamespaces && name != nil { throw ValidationError("a resource cannot be retrieved by name across all namespaces") }
    }

    func run() throws {
        guard let kind = ResourceKind(typed: kind) else { throw ExitCode(2) }
        let cluster = try options.load()
        let (text, ok) = GetRenderer.render(kind, cluster: cluster, name: name, namespace: namespace, allNamespaces: allNamespaces, output: output?.rawValue)
        if !text.isEmpty { print(text) }
        if let message = ok { printError(message) }
        if ok != nil && name != nil { throw ExitCode(1) }
    }
}

/// The text `kubewalk get` prints; separate from the command so tests call it directly.
public enum GetRenderer {
    /// Returns the output and, when nothing matched, kubectl's message for standard error.
    public static func render(_ kind: ResourceKind, cluster: Cluster, name: String?, namespace: String?, allNamespaces: Bool, output: String?) -> (String, String?) {
        let snapshot = snapshotTime(cluster)
        let age: (ObjectMeta) -> String = { meta in
            guard let snapshot, let t = meta.creationTimestamp.flatMap(KubectlFormat.epochSeconds) else { return "<unknown>" }
            return KubectlFormat.humanDuration(seconds: snapshot - t)
        }
        let ns = namespace ?? "default"
        var rows = ResourceTable.rows(kind, in: cluster, age: age)
        if kind.isNamespaced && !allNamespaces { rows = rows.filter { $0.namespace == ns } }
        if let name {
            rows = rows.filter { $0.name == name }
            if rows.isEmpty { return ("", "Error from server (NotFound): \(kind.resourceName) \"\(name)\" not found") }
        }
        switch output {
        case "json", "yaml":
            let value = name != nil && rows.count == 1 ? rows[0].value : KubernetesList.value(rows.map(\.value))
            return (output == "json" ? value.json() : String(value.yaml().dropLast()), nil)
        default:
            if rows.isEmpty {
                if kind.isNamespaced && !allNamespaces { return ("", "No resources found in \(ns) namespace.") }
                return ("", "No resources found")
            }
            let (normal, wide) = ResourceTable.header(kind)
            let isWide = output == "wide"
            var header = normal + (isWide ? wide : [])
            var cells = rows.map { $0.cells + (isWide ? $0.wideCells : []) }
            if kind.isNamespaced && allNamespaces {
                header = ["NAMESPACE"] + header
                cells = zip(rows, cells).map { [$0.namespace ?? ""] + $1 }
            }
            return (KubectlFormat.table(header, cells), nil)
        }
    }

    /// The newest creationTimestamp in the input: the earliest the snapshot can have been taken.
    public static func snapshotTime(_ c: Cluster) -> Int? {
        var metas: [ObjectMeta] = c.nodes.map(\.meta) + c.pods.map(\.meta) + c.services.map(\.meta)
        metas += c.endpointSlices.map(\.meta) + c.ingresses.map(\.meta) + c.namespaces.map(\.meta)
        metas += c.gateways.map(\.meta) + c.httpRoutes.map(\.meta) + c.ingressClasses.map(\.meta) + c.gatewayClasses.map(\.meta)
        metas += c.workloads.map(\.meta) + c.configMaps.map(\.meta)
        return metas.compactMap { $0.creationTimestamp.flatMap(KubectlFormat.epochSeconds) }.max()
    }
}
