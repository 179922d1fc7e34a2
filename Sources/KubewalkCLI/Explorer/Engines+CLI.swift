import ClusterModel
import ArgumentParser
import DemoClusters
import Explorer
import L7Routing
import PacketPath

/// THE WIRING POINT between the explorer and the engines.
///
/// Every `:command` of the explorer that needs an engine calls one closure of `Engines`
/// (Sources/Explorer/Model/Engines.swift). A closure left nil makes the explorer say, in
/// one line, that the engine is not in this build. To connect an engine, set its closure
/// here; the arguments are exactly the CLI subcommand's (already split like a shell):
///
/// - `trace`:    `(LoadedCluster, [String], Int) -> Result<Trace, EngineError>` —
///   the `kubewalk trace` arguments (`--from default/client http://wear-service/wear`) and
///   the `--pick` number the `o` key advances; return PacketPath's `Trace`.
/// - `dns`, `http`, `get`: `(LoadedCluster, [String]) -> Result<[String], EngineError>` —
///   the subcommand's text output, one string per line (shown in the Detail pane).
/// - `describe`: `(LoadedCluster, String) -> Result<[String], EngineError>` — Detail lines
///   for a topology id (`node:node01`: routes, bridge, veths, CNI config, IPAM, ports;
///   `svc:default/web` or `svc:default/web@node02`: spec, endpoints, kube-proxy's rules on
///   that node; `pod:default/client`: containers, resolv.conf, veth; `entry:…`: its Service).
///
/// `cluster.model` is the reconciled `ClusterModel.Cluster` the engines run on;
/// `ExplorerClusterCache.of(cluster, model)` holds what is built once per loaded cluster.
enum ExplorerEngines {
    static func make() -> Engines {
        var e = Engines(clusterNames: DemoClusters.all.map(\.name))
        e.loadCluster = { ref in
            do {
                return .success(ExplorerEngines.loaded(try ClusterSource.load(ref), ref: ref))
            } catch {
                return .failure(EngineError("\(error)"))
            }
        }
        e.walkthrough = { name in DemoClusters.named(name)?.walkthrough }
        // issue 6 (PacketPath): exactly `kubewalk trace ARGUMENTS`, `o` overriding --pick.
        e.trace = { cluster, arguments, pick in
            guard let model = cluster.model else { return .failure(EngineError("no cluster model loaded")) }
            switch TraceRunner.trace(model, arguments: arguments, pick: pick, engines: ExplorerClusterCache.of(cluster, model).trace) {
            case let .success(trace): return .success(trace)
            case let .failure(error): return .failure(EngineError(error.message))
            }
        }
        // Detail of the selected object: a node is `kubewalk node NAME` (PodNetwork); a Service
        // its spec, EndpointSlices and kube-proxy's rules for it on one node (KubeProxy); a pod
        // its containers, resolv.conf (ClusterDNS) and veth (PodNetwork). Computed once per id.
        e.describe = { cluster, id in
            guard let model = cluster.model else { return .failure(EngineError("no cluster model loaded")) }
            let cache = ExplorerClusterCache.of(cluster, model)
            return cache.description(id) { ExplorerEngines.describe(model, id: id, cache: cache) }
        }
        // issue 4 (ClusterDNS): exactly `kubewalk dns ARGUMENTS`, its text output.
        e.dns = { cluster, arguments in
            guard let model = cluster.model else { return .failure(EngineError("no cluster model loaded")) }
            return ExplorerDNS.run(model, engine: ExplorerClusterCache.of(cluster, model).dns, arguments: arguments)
        }
        // issue 5 (L7Routing): exactly `kubewalk http ARGUMENTS`, its text output.
        e.http = { cluster, arguments in
            guard let model = cluster.model else { return .failure(EngineError("no cluster model loaded")) }
            let command: HTTPCommand
            do {
                command = try HTTPCommand.parse(arguments)
            } catch {
                let message = HTTPCommand.message(for: error)
                return .failure(EngineError(message.isEmpty ? "invalid arguments; see `kubewalk http --help`" : message))
            }
            let headers = command.header.map { h -> HTTPHeader in
                let parts = h.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                return HTTPHeader(name: String(parts.first ?? "").trimmed, value: parts.count > 1 ? String(parts[1]).trimmed : "")
            }
            do {
                let request = try HTTPRequest(url: command.url, method: command.method, headers: headers)
                let result = L7Router(cluster: model).route(request, via: command.via.flatMap { HTTPEntry(argument: $0) } ?? .automatic)
                return .success(HTTPResultText.render(result).split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
            } catch {
                return .failure(EngineError("URL \(command.url): \(error)"))
            }
        }
        // issue 2: exactly `kubewalk get ARGUMENTS`, its text output.
        e.get = { cluster, arguments in
            guard let model = cluster.model else { return .failure(EngineError("no cluster model loaded")) }
            let command: GetCommand
            do {
                command = try GetCommand.parse(arguments)
            } catch {
                return .failure(EngineError(GetCommand.message(for: error)))
            }
            guard let kind = ResourceKind(typed: command.kind) else { return .failure(EngineError("unknown kind \(command.kind)")) }
            let (text, problem) = GetRenderer.render(kind, cluster: model, name: command.name, namespace: command.namespace,
                                                     allNamespaces: command.allNamespaces, output: command.output?.rawValue)
            var lines = text.isEmpty ? [] : text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if let problem { lines.append(problem) }
            return .success(lines)
        }
        return e
    }

    /// Detail lines for a topology id: `node:NAME`, `svc:NS/NAME` (`svc:NS/NAME@NODE`: the
    /// rules on NODE), `entry:NS/NAME…` (the Service behind a NodePort/LoadBalancer entry),
    /// `pod:NS/NAME`.
    static func describe(_ model: Cluster, id: String, cache: ExplorerClusterCache) -> Result<[String], EngineError> {
        if let lines = NodeDescription.lines(model, id: id) { return .success(lines) }
        let (kind, rest) = id.split(separator: ":", maxSplits: 1).map(String.init).pair
        switch kind {
        case "svc", "entry":
            let at = rest.lastIndex(of: "@")
            let node = at.map { String(rest[rest.index(after: $0)...]) }
            let parts = String(rest[..<(at ?? rest.endIndex)]).split(separator: "/").map(String.init)
            guard parts.count >= 2, let svc = model.service(namespace: parts[0], name: parts[1]) else {
                return .failure(EngineError("no Service \(rest) in \(model.name)"))
            }
            if let node, model.node(named: node) == nil { return .failure(EngineError("no node \(node) in \(model.name)")) }
            return .success(ServiceDescription.lines(model, service: svc, node: node, rules: cache.rules(onNode:)))
        case "pod":
            let parts = rest.split(separator: "/").map(String.init)
            guard parts.count == 2, let pod = model.pod(namespace: parts[0], name: parts[1]) else {
                return .failure(EngineError("no pod \(rest) in \(model.name)"))
            }
            return .success(PodDescription.lines(model, pod: pod, dns: cache.dns))
        default:
            return .failure(EngineError("no details for \(id)"))
        }
    }

    /// Wraps a loaded cluster for the explorer.
    static func loaded(_ cluster: Cluster, ref: String) -> LoadedCluster {
        let errors = cluster.diagnostics.errors
        let diagnostics = errors.isEmpty ? [] : ["\(errors.count) error(s) in \(ref): \(errors[0].description) — run `kubewalk validate --cluster \(ref)`"]
        return LoadedCluster(ref: ref, view: ClusterView(cluster: cluster), model: cluster, diagnostics: diagnostics,
                             engineState: ExplorerClusterCache(model: cluster))
    }
}

private extension Array where Element == String {
    /// The first two elements (missing ones empty).
    var pair: (String, String) { (first ?? "", count > 1 ? self[1] : "") }
}
