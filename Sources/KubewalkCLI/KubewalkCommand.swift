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
        """,
        version: KubewalkVersion.current,
        subcommands: [
            ClustersCommand.self,
            ValidateCommand.self,
            SummaryCommand.self,
            ResolvConfCommand.self,
            DNSCommand.self,
            BenchDNSCommand.self,
            HTTPCommand.self,
            HTTPBenchCommand.self,
            TraceCommand.self,
            NodeCommand.self,
            PortsCommand.self,
            BenchTraceCommand.self,
        ])

    @OptionGroup var options: ClusterOptions

    public init() {}

    public func run() throws {
        // Until the explorer lands, print the summary.
        print(ClusterSummary.render(try options.load()))
    }
}

/// kubewalk's version, printed by `--version`.
public enum KubewalkVersion {
    public static let current = "0.1.0"
}
