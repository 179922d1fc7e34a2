import ArgumentParser
import ClusterModel
import Foundation

/// The `kubewalk` command: with no subcommand it opens the explorer on the default demo
/// cluster (or prints the cluster summary when standard output is not a terminal).
public struct KubewalkCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kubewalk",
        abstract: "See Kubernetes networking: step through a request's whole path, hop by hop.",
        discussion: """
        With no subcommand, kubewalk opens the explorer on the embedded demo cluster \
        "online-store" (or prints its summary when output is not a terminal).

        Examples:
          kubewalk                                  # explore the default demo
          kubewalk clusters                         # the embedded demo clusters
          kubewalk validate --cluster ./manifests/  # every problem, with file:line:column
          kubewalk get pods -A -o wide
          kubewalk --walkthrough --lang ko --presenter   # the guided lesson, for a projector
          kubewalk screenshot --size 80x24 --keys '?'    # a frame as text
        """,
        version: KubewalkVersion.current,
        subcommands: [
            ClustersCommand.self,
            ValidateCommand.self,
            SummaryCommand.self,
            ResolvConfCommand.self,
            DNSCommand.self,
            BenchDNSCommand.self,
            GetCommand.self,
            GenerateCommand.self,
            BenchCommand.self,
            HTTPCommand.self,
            HTTPBenchCommand.self,
            TraceCommand.self,
            NodeCommand.self,
            PortsCommand.self,
            BenchTraceCommand.self,
            ScreenshotCommand.self,
            BenchExplorerCommand.self,
            IptablesSaveCommand.self,
            IpvsadmCommand.self,
            IptablesTraceCommand.self,
            IptablesBench.self,
        ])

    @OptionGroup var options: ClusterOptions
    @OptionGroup var explorer: ExplorerOptions

    public init() {}

    public func run() throws {
        try ExplorerLauncher.run(clusterOptions: options, options: explorer)
    }
}

/// kubewalk's version, printed by `--version`.
public enum KubewalkVersion {
    public static let current = "0.1.0"
}

extension KubewalkCommand {
    /// Parses and runs a command line; returns the exit status. Like argument-parser's
    /// `main()`, except that a usage error exits 2 (kubewalk's convention, and kubectl's
    /// shells') rather than EX_USAGE (64). Help, `--version` and
    /// `--generate-completion-script` go to standard output and exit 0.
    public static func execute(_ arguments: [String]) -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            return 0
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code.isSuccess {
                if !message.isEmpty { print(message) }
                return 0
            }
            if !message.isEmpty { printError(message) }
            return code == .validationFailure ? 2 : code.rawValue
        }
    }
}
