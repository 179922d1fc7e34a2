import ArgumentParser
import ClusterModel
import PodNetwork

/// `kubewalk ports`: every node's cluster ports in one table.
struct PortsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ports",
        abstract: "The cluster's ports: which component listens on which node and port, and who may reach it.",
        discussion: """
        Examples:
          kubewalk ports
          kubewalk ports --cluster weave-overlay -o json
        """)

    @OptionGroup var options: ClusterOptions
    @Option(name: .shortAndLong, help: "Output format: text or json.") var output: OutputFormat = .text

    func run() throws {
        let cluster = try options.load()
        let ports = PodNetwork.ports(cluster)
        if output == .json { print(try JSONOutput.string(ports)); return }
        let w = max(4, ports.map(\.node.count).max() ?? 0)
        let c = max(9, ports.map(\.component.count).max() ?? 0)
        print("NODE".padding(w) + "  " + "PORT".padding(15) + "  " + "COMPONENT".padding(c) + "  BIND  /  REACHABLE FROM")
        for p in ports {
            print(p.node.padding(w) + "  " + "\(p.port)/\(p.proto)".padding(15) + "  " + p.component.padding(c) + "  \(p.bind)  /  \(p.reachableFrom)\(p.reachableByRequests ? "" : " (not for requests)")")
        }
    }
}
