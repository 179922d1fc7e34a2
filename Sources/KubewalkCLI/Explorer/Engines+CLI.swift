import ClusterModel
import ArgumentParser
import ClusterDNS
import DemoClusters
import Explorer
import L7Routing
import PacketPath
import Synchronization

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
///   `svc:default/web`: its rules and endpoints).
///
/// `cluster.model` is the reconciled `ClusterModel.Cluster` the engines run on.
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
            switch TraceRunner.trace(model, arguments: arguments, pick: pick, engines: preparedEngines(for: cluster, model)) {
            case let .success(trace): return .success(trace)
            case let .failure(error): return .failure(EngineError(error.message))
            }
        }
        // issue 6 (PodNetwork): a node's Detail is `kubewalk node NAME`.
        e.describe = { cluster, id in
            guard let model = cluster.model, let lines = NodeDescription.lines(model, id: id) else {
                return .failure(EngineError("details of \(id): engine not in this build yet (Service rules: issue 3)"))
            }
            return .success(lines)
        }
        // issue 4 (ClusterDNS): exactly `kubewalk dns ARGUMENTS`, its text output; each query's
        // DNAT from kube-proxy's rules on the pod's node, like the CLI (`DNSCommand.engine(for:)`).
        e.dns = { cluster, arguments in
            guard let model = cluster.model else { return .failure(EngineError("no cluster model loaded")) }
            let command: DNSCommand
            do {
                command = try DNSCommand.parse(arguments)
            } catch {
                let message = DNSCommand.message(for: error)
                return .failure(EngineError(message.isEmpty ? "invalid arguments; see `kubewalk dns --help`" : message))
            }
            switch PodArgument.lookup(command.from, in: model, option: "--from") {
            case .failure(let problem): return .failure(EngineError(problem.message))
            case .success(let pod):
                let resolution = command.resolution(dnsEngine(for: cluster, model), from: pod)
                return .success(DNSText.render(resolution).split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
            }
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

    /// The trace engines of the last cluster traced, built once per loaded cluster
    /// (`TraceEngines.standard(for:)` indexes the cluster; a keypress must not redo it).
    static let engineCache = Mutex<(ref: String, nodes: Int, pods: Int, engines: TraceEngines)?>(nil)

    static func preparedEngines(for loaded: LoadedCluster, _ model: Cluster) -> TraceEngines {
        if let hit = engineCache.withLock({ $0 }), hit.ref == loaded.ref, hit.nodes == model.nodes.count, hit.pods == model.pods.count {
            return hit.engines
        }
        let engines = TraceEngines.standard(for: model)
        engineCache.withLock { $0 = (loaded.ref, model.nodes.count, model.pods.count, engines) }
        return engines
    }

    /// The DNS engine of the last cluster asked (it indexes the cluster and keeps kube-proxy's rules per node).
    static let dnsEngineCache = Mutex<(ref: String, nodes: Int, pods: Int, engine: ClusterDNSEngine)?>(nil)

    static func dnsEngine(for loaded: LoadedCluster, _ model: Cluster) -> ClusterDNSEngine {
        if let hit = dnsEngineCache.withLock({ $0 }), hit.ref == loaded.ref, hit.nodes == model.nodes.count, hit.pods == model.pods.count {
            return hit.engine
        }
        let engine = DNSCommand.engine(for: model)
        dnsEngineCache.withLock { $0 = (loaded.ref, model.nodes.count, model.pods.count, engine) }
        return engine
    }

    /// Wraps a loaded cluster for the explorer.
    static func loaded(_ cluster: Cluster, ref: String) -> LoadedCluster {
        let errors = cluster.diagnostics.errors
        let diagnostics = errors.isEmpty ? [] : ["\(errors.count) error(s) in \(ref): \(errors[0].description) — run `kubewalk validate --cluster \(ref)`"]
        return LoadedCluster(ref: ref, view: ClusterView(cluster: cluster), model: cluster, diagnostics: diagnostics)
    }
}
