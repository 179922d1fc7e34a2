import NetCore

/// Routes parsed documents to the typed decoders by apiVersion and kind, and gathers the
/// objects of a cluster before reconciling.
///
/// Versions accepted are the ones a v1.28–v1.33 API server serves; kinds that moved or
/// were removed (`extensions/v1beta1` Ingress, `apps/v1beta1` Deployment, …) are refused
/// the way `kubectl apply` refuses them: "no matches for kind … in version …".
final class DocumentCollector {
    private let ctx = DecodeContext()
    private var cluster: Cluster
    private var network: ClusterNetwork
    private var sawClusterNetwork = false
    private var seen: [ObjectKey: SourceLocation?] = [:]

    init(defaultName: String) {
        network = ClusterNetwork(name: defaultName)
        cluster = Cluster(network: network)
    }

    /// apiVersion each kind is served at (first) and other versions still accepted.
    static let served: [String: [String]] = [
        "Namespace": ["v1"], "Node": ["v1"], "Pod": ["v1"], "Service": ["v1"], "Endpoints": ["v1"], "ConfigMap": ["v1"],
        "Deployment": ["apps/v1"], "ReplicaSet": ["apps/v1"], "StatefulSet": ["apps/v1"], "DaemonSet": ["apps/v1"],
        "EndpointSlice": ["discovery.k8s.io/v1"],
        "Ingress": ["networking.k8s.io/v1"], "IngressClass": ["networking.k8s.io/v1"], "NetworkPolicy": ["networking.k8s.io/v1"],
        "GatewayClass": ["gateway.networking.k8s.io/v1", "gateway.networking.k8s.io/v1beta1"],
        "Gateway": ["gateway.networking.k8s.io/v1", "gateway.networking.k8s.io/v1beta1"],
        "HTTPRoute": ["gateway.networking.k8s.io/v1", "gateway.networking.k8s.io/v1beta1"],
        "ClusterNetwork": ["kubewalk.io/v1alpha1"],
    ]

    static let clusterScoped: Set<String> = ["Namespace", "Node", "IngressClass", "GatewayClass", "ClusterNetwork"]

    /// Groups an API server knows, to tell a misspelt group from a third-party one.
    static let knownGroups = ["apps", "extensions", "networking.k8s.io", "discovery.k8s.io", "gateway.networking.k8s.io",
                              "policy", "batch", "autoscaling", "rbac.authorization.k8s.io", "storage.k8s.io", "apiextensions.k8s.io"]

    /// Reads a JSON file the caller has mapped into memory (big dumps), streaming its items.
    func readJSON(buffer: UnsafeBufferPointer<UInt8>, path: String, consumed: @escaping (Int) -> Void) {
        cluster.sourceFiles.append(path)
        do {
            let top = try JSONReader.parse(buffer: buffer, file: path, onItem: { [self] item in self.route(item) }, consumed: consumed)
            route(top)
        } catch {
            ctx.error("json-syntax", nil, "JSON syntax error: \(error.message)", fallback: SourceLocation(file: path, line: error.line, column: error.column))
        }
    }

    func read(_ file: SourceFile) {
        cluster.sourceFiles.append(file.path)
        let isJSON = file.path.lowercased().hasSuffix(".json") || file.bytes.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) == UInt8(ascii: "{")
        if isJSON {
            do {
                // Stream the items of a top-level List: each is decoded, then dropped.
                let top = try JSONReader.parse(file.bytes, file: file.path) { [self] item in self.route(item) }
                route(top)
            } catch {
                ctx.error("json-syntax", nil, "JSON syntax error: \(error.message)", fallback: SourceLocation(file: file.path, line: error.line, column: error.column))
            }
            return
        }
        let text = String(decoding: file.bytes, as: UTF8.self)
        let (docs, syntaxError) = YAMLReader.parseDocumentsKeepingPrefix(text, file: file.path)
        for doc in docs { route(doc) }
        if let error = syntaxError {
            ctx.error("yaml-syntax", nil, "YAML syntax error: \(error.message)", fallback: SourceLocation(file: file.path, line: error.line, column: error.column))
        }
    }

    private func route(_ doc: Node) {
        if doc.isNull { return }
        guard doc.members != nil else {
            ctx.error("not-an-object", doc, "a Kubernetes document must be a mapping with apiVersion, kind and metadata; found \(doc.typeName)")
            return
        }
        let apiVersion = ctx.string(doc["apiVersion"], "apiVersion")
        let kind = ctx.string(doc["kind"], "kind")
        if kind == "List" || kind?.hasSuffix("List") == true && doc["items"] != nil {
            for item in ctx.array(doc["items"], "items") { route(item) }
            return
        }
        let noVersion = apiVersion?.isEmpty ?? true
        let noKind = kind?.isEmpty ?? true
        if noVersion {
            ctx.error("missing-api-version", doc, "the document has no apiVersion", fix: kind.flatMap { Self.served[$0]?.first }.map { "add `apiVersion: \($0)`" } ?? "add `apiVersion:` and `kind:` (e.g. `apiVersion: v1`, `kind: Service`)")
        }
        if noKind {
            ctx.error("missing-kind", doc, "the document has no kind", fix: "add `kind:` (Pod, Service, Deployment, …)")
        }
        guard let apiVersion, let kind, !noVersion, !noKind else { return }
        if kind == "Secret" {
            // Never read past the name: a Secret's data stays in the parser.
            let m = doc["metadata"]
            cluster.skipped.append(SkippedObject(apiVersion: apiVersion, kind: kind, namespace: m?["namespace"]?.string ?? "default",
                                                 name: m?["name"]?.string ?? "?", location: doc.location))
            return
        }
        guard let versions = Self.served[kind] else {
            if let misspelt = misspeltGroup(apiVersion) {
                ctx.error("unknown-api-version", doc["apiVersion"], "no matches for kind \"\(kind)\" in version \"\(apiVersion)\": there is no API group \"\(groupOf(apiVersion))\"",
                          fix: "did you mean `\(misspelt)`?")
                return
            }
            let m = doc["metadata"]
            cluster.skipped.append(SkippedObject(apiVersion: apiVersion, kind: kind, namespace: m?["namespace"]?.string,
                                                 name: m?["name"]?.string ?? "?", location: doc.location))
            return
        }
        guard versions.contains(apiVersion) else {
            var message = "no matches for kind \"\(kind)\" in version \"\(apiVersion)\""
            if let misspelt = misspeltGroup(apiVersion) { message += ": there is no API group \"\(groupOf(apiVersion))\" (did you mean \(misspelt)?)" }
            else if ["extensions/v1beta1", "networking.k8s.io/v1beta1", "apps/v1beta1", "apps/v1beta2", "discovery.k8s.io/v1beta1"].contains(apiVersion) {
                message += ": that version was removed (Ingress in 1.22, Deployment and friends in 1.16, EndpointSlice v1beta1 in 1.25)"
            }
            ctx.error("unknown-api-version", doc["apiVersion"], message, fix: "use `apiVersion: \(versions[0])`")
            // The API server stops here; the user would hit the next mistake right after
            // fixing this one, so decode the body as the served version to report it now.
            if kind != "ClusterNetwork", let meta = ObjectDecoder(ctx: ctx).meta(doc, namespaced: !Self.clusterScoped.contains(kind)) {
                _ = decode(doc, kind: kind, meta: meta)
            }
            return
        }
        if kind == "ClusterNetwork" {
            if sawClusterNetwork {
                ctx.error("duplicate-cluster-network", doc, "a second ClusterNetwork document; a cluster has at most one")
                return
            }
            sawClusterNetwork = true
            ObjectDecoder(ctx: ctx).clusterNetwork(doc, into: &network)
            return
        }
        guard let meta = ObjectDecoder(ctx: ctx).meta(doc, namespaced: !Self.clusterScoped.contains(kind)) else { return }
        let key = ObjectKey(kind: kind, namespace: meta.namespace, name: meta.name)
        if let previous = seen[key] {
            ctx.error("duplicate-object", doc, "\(key) is defined twice" + (previous.map { "; first at \($0)" } ?? ""),
                      fix: "remove one of them or rename it")
            return
        }
        seen[key] = doc.location
        guard let object = decode(doc, kind: kind, meta: meta) else { return }
        switch object {
        case .namespace(let o): cluster.namespaces.append(o)
        case .node(let o): cluster.nodes.append(o)
        case .pod(let o): cluster.pods.append(o)
        case .service(let o): cluster.services.append(o)
        case .endpointSlice(let o): cluster.endpointSlices.append(o)
        case .configMap(let o): cluster.configMaps.append(o)
        case .workload(let o): cluster.workloads.append(o)
        case .ingress(let o): cluster.ingresses.append(o)
        case .ingressClass(let o): cluster.ingressClasses.append(o)
        case .networkPolicy(let o): cluster.networkPolicies.append(o)
        case .gatewayClass(let o): cluster.gatewayClasses.append(o)
        case .gateway(let o): cluster.gateways.append(o)
        case .httpRoute(let o): cluster.httpRoutes.append(o)
        }
    }

    /// One decoded object of any kind kubewalk keeps.
    enum Decoded {
        case namespace(Namespace), node(ClusterNode), pod(Pod), service(Service), endpointSlice(EndpointSlice)
        case configMap(ConfigMap), workload(Workload), ingress(Ingress), ingressClass(IngressClass)
        case networkPolicy(NetworkPolicy), gatewayClass(GatewayClass), gateway(Gateway), httpRoute(HTTPRoute)
    }

    private func decode(_ doc: Node, kind: String, meta: ObjectMeta) -> Decoded? {
        let decoder = ObjectDecoder(ctx: ctx)
        switch kind {
        case "Namespace": return .namespace(Namespace(meta: meta))
        case "Node": return .node(decoder.node(doc, meta: meta))
        case "Pod": return .pod(decoder.pod(doc, meta: meta))
        case "Service": return .service(decoder.service(doc, meta: meta))
        case "Endpoints": return .endpointSlice(decoder.endpoints(doc, meta: meta))
        case "EndpointSlice": return .endpointSlice(decoder.endpointSlice(doc, meta: meta))
        case "ConfigMap": return .configMap(decoder.configMap(doc, meta: meta))
        case "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet": return decoder.workload(doc, kind: kind, meta: meta).map { .workload($0) }
        case "Ingress": return .ingress(decoder.ingress(doc, meta: meta))
        case "IngressClass": return .ingressClass(decoder.ingressClass(doc, meta: meta))
        case "NetworkPolicy": return .networkPolicy(decoder.networkPolicy(doc, meta: meta))
        case "GatewayClass": return .gatewayClass(decoder.gatewayClass(doc, meta: meta))
        case "Gateway": return .gateway(decoder.gateway(doc, meta: meta))
        case "HTTPRoute": return .httpRoute(decoder.httpRoute(doc, meta: meta))
        default: return nil
        }
    }

    private func groupOf(_ apiVersion: String) -> String {
        apiVersion.split(separator: "/").dropLast().joined(separator: "/")
    }

    /// The known group a misspelt one is closest to (`extentions` → `extensions`), by edit distance ≤ 2.
    private func misspeltGroup(_ apiVersion: String) -> String? {
        let group = groupOf(apiVersion)
        guard !group.isEmpty, !Self.knownGroups.contains(group) else { return nil }
        let version = apiVersion.split(separator: "/").last.map(String.init) ?? ""
        for known in Self.knownGroups where editDistance(group, known) <= 2 { return "\(known)/\(version)" }
        return nil
    }

    func finish() -> Cluster {
        // kube-proxy's ConfigMap wins over spec.kubeProxy.
        if let cm = cluster.configMaps.first(where: { $0.meta.namespace == "kube-system" && $0.meta.name == "kube-proxy" }) {
            ObjectDecoder(ctx: ctx).kubeProxyConfig(cm, into: &network)
        }
        cluster.network = network
        cluster.diagnostics = ctx.diagnostics
        if !sawClusterNetwork { cluster.network.location = nil }
        cluster.hasClusterNetworkDocument = sawClusterNetwork
        return cluster
    }
}

func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a.utf8), y = Array(b.utf8)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var prev = Array(0...y.count)
    for i in 1...x.count {
        var cur = [i] + Array(repeating: 0, count: y.count)
        for j in 1...y.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
        }
        prev = cur
    }
    return prev[y.count]
}
