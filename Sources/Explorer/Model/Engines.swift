import ClusterModel
import PacketPath

/// A failure an engine reports, in words for the status line.
public struct EngineError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A loaded cluster: what the map draws, plus the engines' own model (opaque here, so
/// the explorer never re-derives an answer from API objects).
public struct LoadedCluster: Sendable {
    /// The name or path it was loaded from (`online-store`, `./my-dump.json`).
    public var ref: String
    public var view: ClusterView
    /// The reconciled cluster the engines run on (nil only in tests of the UI alone).
    public var model: Cluster?
    /// Warnings the loader reported, shown once.
    public var diagnostics: [String]
    /// What the engines derive once per loaded cluster (kube-proxy's rules per node, the DNS
    /// engine, …), kept with the cluster so a keypress never rebuilds it and a reload starts
    /// afresh. Opaque here; KubewalkCLI's wiring fills and reads it.
    public var engineState: (any AnyObject & Sendable)?

    public init(ref: String, view: ClusterView, model: Cluster? = nil, diagnostics: [String] = [], engineState: (any AnyObject & Sendable)? = nil) {
        self.ref = ref
        self.view = view
        self.model = model
        self.diagnostics = diagnostics
        self.engineState = engineState
    }
}

/// The single place where the explorer reaches the engines. KubewalkCLI fills it in
/// (`KubewalkCLI/Explorer/Engines+CLI.swift`); a nil closure means that engine has not
/// landed in this build, and the command says so on screen in one line.
///
/// Each command closure receives the same arguments the CLI subcommand takes (after the
/// command name, already split like a shell), so `:trace --from default/client
/// http://wear-service/wear` runs exactly what `kubewalk trace --from default/client
/// http://wear-service/wear` runs.
public struct Engines: Sendable {
    /// Embedded demo cluster names, for `:cluster` completion.
    public var clusterNames: [String]
    /// Loads a cluster by embedded demo name or path.
    public var loadCluster: (@Sendable (_ nameOrPath: String) -> Result<LoadedCluster, EngineError>)?
    /// `trace` arguments → PacketPath's `Trace` (what `kubewalk trace -o json` prints);
    /// `pick` is `--pick N` (1-based), which `o` advances. Explorer adapts it with `TraceView(_:)`.
    public var trace: (@Sendable (_ cluster: LoadedCluster, _ arguments: [String], _ pick: Int) -> Result<Trace, EngineError>)?
    /// `dns` arguments → the CLI's text output, line by line.
    public var dns: (@Sendable (_ cluster: LoadedCluster, _ arguments: [String]) -> Result<[String], EngineError>)?
    /// `http` arguments → the CLI's text output.
    public var http: (@Sendable (_ cluster: LoadedCluster, _ arguments: [String]) -> Result<[String], EngineError>)?
    /// `get` arguments → the CLI's text output (`get pods -A`).
    public var get: (@Sendable (_ cluster: LoadedCluster, _ arguments: [String]) -> Result<[String], EngineError>)?
    /// Detail lines for a topology id: a node (`node:NAME`: routes, bridge, veths, CNI config,
    /// IPAM, ports), a Service (`svc:NS/NAME`, or `svc:NS/NAME@NODE` for kube-proxy's rules on
    /// NODE, the node zoomed on the map: spec, endpoints, rules), a pod (`pod:NS/NAME`:
    /// containers, resolv.conf, veth and routes). Called while drawing: cache the answers.
    public var describe: (@Sendable (_ cluster: LoadedCluster, _ id: String) -> Result<[String], EngineError>)?
    /// The text of `demo-clusters/<name>/walkthrough.yaml`, if the cluster has one.
    public var walkthrough: (@Sendable (_ clusterName: String) -> String?)?

    public init(clusterNames: [String] = [], loadCluster: (@Sendable (String) -> Result<LoadedCluster, EngineError>)? = nil,
                trace: (@Sendable (LoadedCluster, [String], Int) -> Result<Trace, EngineError>)? = nil,
                dns: (@Sendable (LoadedCluster, [String]) -> Result<[String], EngineError>)? = nil,
                http: (@Sendable (LoadedCluster, [String]) -> Result<[String], EngineError>)? = nil,
                get: (@Sendable (LoadedCluster, [String]) -> Result<[String], EngineError>)? = nil,
                describe: (@Sendable (LoadedCluster, String) -> Result<[String], EngineError>)? = nil,
                walkthrough: (@Sendable (String) -> String?)? = nil) {
        self.clusterNames = clusterNames
        self.loadCluster = loadCluster
        self.trace = trace
        self.dns = dns
        self.http = http
        self.get = get
        self.describe = describe
        self.walkthrough = walkthrough
    }

    /// The one-line message for an engine that has not landed.
    public static func notLanded(_ command: String, issue: Int) -> String {
        "\(command): the \(command) engine is not in this build yet (issue \(issue)); nothing was computed"
    }
}
