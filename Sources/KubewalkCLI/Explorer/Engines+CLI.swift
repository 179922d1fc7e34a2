import ClusterModel
import DemoClusters
import Explorer
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
        // e.trace = { cluster, arguments, pick in … }      // issue 6 (PacketPath)
        // e.dns = { cluster, arguments in … }              // issue 4 (ClusterDNS)
        // e.http = { cluster, arguments in … }             // issue 5 (L7Routing)
        // e.get = { cluster, arguments in … }              // issue 2 (`kubewalk get`)
        // e.describe = { cluster, id in … }                // issues 3 and 6 (KubeProxy, PodNetwork)
        return e
    }

    /// Wraps a loaded cluster for the explorer.
    static func loaded(_ cluster: Cluster, ref: String) -> LoadedCluster {
        let errors = cluster.diagnostics.errors
        let diagnostics = errors.isEmpty ? [] : ["\(errors.count) error(s) in \(ref): \(errors[0].description) — run `kubewalk validate --cluster \(ref)`"]
        return LoadedCluster(ref: ref, view: ClusterView(cluster: cluster), model: cluster, diagnostics: diagnostics)
    }
}
