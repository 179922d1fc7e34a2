import ArgumentParser
import ClusterModel
import PacketPath

/// `kubewalk trace`: one request's whole path through the cluster, hop by hop.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Follow one request from the client's socket to the process that answers, hop by hop.",
        discussion: """
        SOURCE is NS/POD, node/NAME, or external[/NAME] (a ClusterNetwork externalClients entry; \
        default the first). TARGET is a URL (http://web/, http://node01:30080/watch), NAME:PORT or IP:PORT.
        Where kube-proxy (or a Gateway's weights, or a proxy's balancing) chooses at random, every \
        outcome is listed with its probability and --pick N follows the N-th (default 1).

        Examples:
          kubewalk trace --from default/client http://wear-service:8080/
          kubewalk trace --from default/client http://wear-service:8080/ --pick 2 --verbose
          kubewalk trace --from default/client mysql-service:3306
          kubewalk trace --from external http://node01:30080/watch
          kubewalk trace --from external http://wear.my-online-store.com:30080/ -H 'User-Agent: curl'
          kubewalk trace --cluster gateway-canary --from external https://shop.example.com/
          kubewalk trace --from node/node01 10.96.0.10:53 -o json
        """)

    @OptionGroup var options: ClusterOptions

    @Option(name: .long, help: ArgumentHelp("Where the request starts: NS/POD, node/NAME or external[/NAME].", valueName: "source"))
    var from: String

    @Argument(help: ArgumentHelp("A URL, NAME:PORT or IP:PORT.", valueName: "target"))
    var target: String

    @Option(name: [.customShort("H"), .customLong("header")], help: ArgumentHelp("An HTTP request header, 'Name: value' (repeatable).", valueName: "header"))
    var headers: [String] = []

    @Option(name: [.customShort("X"), .customLong("request")], help: ArgumentHelp("The HTTP method.", valueName: "method"))
    var method: String = "GET"

    @Option(name: .long, help: ArgumentHelp("Which random outcome to follow, counting from 1.", valueName: "n"))
    var pick: Int = 1

    @Flag(name: .long, help: "Show each hop's rules, routes and candidates.")
    var verbose = false

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var output: OutputFormat = .text

    func run() throws {
        guard pick >= 1 else {
            printError("error: --pick counts from 1")
            throw ExitCode(2)
        }
        let cluster = try options.load()
        let request = TraceRequest(from: from, target: target, method: method.uppercased(), headers: headers, pick: pick)
        let trace: Trace
        do {
            trace = try RequestTracer.trace(cluster, request: request, engines: .standard(for: cluster))
        } catch {
            printError("error: \(error.description)")
            throw ExitCode(error.isUsage ? 2 : 1)
        }
        switch output {
        case .json: print(try JSONOutput.string(trace))
        case .text: print(TracePrinter.render(trace, verbose: verbose))
        }
    }
}

/// `kubewalk trace`'s arguments run on an already loaded cluster — for the explorer's
/// `:trace` command, so it runs exactly what the CLI runs.
public enum TraceRunner {
    /// - Parameters:
    ///   - arguments: what follows `kubewalk trace` (`--from default/client http://web/ -H 'X: y'`);
    ///     a `--cluster` among them is ignored (the cluster is given).
    ///   - pick: overrides `--pick` when set (the explorer's "next outcome" key).
    /// - Returns: the trace, or the message the CLI would print.
    ///   - engines: the engines prepared for this cluster (`TraceEngines.standard(for: cluster)`);
    ///     pass them in to build them once per loaded cluster rather than once per trace.
    public static func trace(_ cluster: Cluster, arguments: [String], pick: Int? = nil, engines: TraceEngines? = nil) -> Result<Trace, TraceRunnerError> {
        let parsed: TraceCommand
        do {
            parsed = try TraceCommand.parse(arguments)
        } catch {
            return .failure(TraceRunnerError(message: TraceCommand.message(for: error), isUsage: true))
        }
        let request = TraceRequest(from: parsed.from, target: parsed.target, method: parsed.method.uppercased(),
                                   headers: parsed.headers, pick: pick ?? parsed.pick)
        do {
            return .success(try RequestTracer.trace(cluster, request: request, engines: engines ?? .standard(for: cluster)))
        } catch {
            return .failure(TraceRunnerError(message: error.description, isUsage: error.isUsage))
        }
    }
}

/// Why `TraceRunner.trace` could not trace: the message `kubewalk trace` prints.
public struct TraceRunnerError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    /// A malformed argument (exit 2 in the CLI) rather than something missing from the cluster (exit 1).
    public var isUsage: Bool
    public var description: String { message }
}
