import ArgumentParser
import ClusterModel
import PodNetwork

/// `kubewalk node NAME`: what the CNI plugin built on one node.
struct NodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: "Show a node's pod networking: bridge, veths, routes, CNI config, IPAM, ports.",
        discussion: """
        Examples:
          kubewalk node node01
          kubewalk node node01 --section routes
          kubewalk node --cluster weave-overlay node02 --section ipam -o json
        """)

    enum Section: String, ExpressibleByArgument, CaseIterable { case routes, cni, ipam, ports, bridge }

    @OptionGroup var options: ClusterOptions
    @Argument(help: "The node's name.") var name: String
    @Option(name: .long, help: "Only one section: routes, cni, ipam, ports or bridge.") var section: Section?
    @Option(name: .shortAndLong, help: "Output format: text or json.") var output: OutputFormat = .text

    func run() throws {
        let cluster = try options.load()
        guard let net = PodNetwork.node(cluster, named: name), let node = cluster.node(named: name) else {
            printError("error: no node \(name) in \(cluster.name); nodes: \(cluster.nodes.map(\.name).joined(separator: ", "))")
            throw ExitCode(1)
        }
        let ports = PodNetwork.ports(cluster, node: node)
        if output == .json {
            switch section {
            case .routes: print(try JSONOutput.string(net.routes))
            case .cni: print(try JSONOutput.string(CNIView(path: net.cniConfigPath, conflist: net.cniConfig, binaries: net.cniBinaries)))
            case .ipam: print(try JSONOutput.string(net.ipam))
            case .ports: print(try JSONOutput.string(ports))
            case .bridge: print(try JSONOutput.string(net.pods))
            case nil: print(try JSONOutput.string(NodeView(network: net, ports: ports)))
            }
            return
        }
        print(NodeText.render(net, ports: ports, section: section?.rawValue))
    }

    struct CNIView: Encodable { var path: String; var conflist: String; var binaries: [String] }
    struct NodeView: Encodable { var network: NodeNetwork; var ports: [ListeningPort] }
}

/// The text of `kubewalk node`.
enum NodeText {
    static func render(_ n: NodeNetwork, ports: [ListeningPort], section: String?) -> String {
        var out: [String] = []
        func want(_ s: String) -> Bool { section == nil || section == s }
        if section == nil {
            out.append("node \(n.node) \(n.nodeIP.map(\.description) ?? "-")  CNI \(n.plugin), encapsulation \(n.encapsulation.kind), pod MTU \(n.encapsulation.podMTU)")
        }
        if want("bridge") {
            out.append("bridge: \(n.bridge.map { "\($0) \(n.bridgeAddress ?? "")" } ?? "none (pods are routed, one /32 per veth)")")
            if let d = n.overlayDevice { out.append("overlay: \(d)\(n.overlayAddress.map { " \($0)" } ?? "") — \(n.encapsulation.note)") }
            if !n.ipvsAddresses.isEmpty { out.append("kube-ipvs0 (dummy, kube-proxy ipvs): " + n.ipvsAddresses.map { "\($0)/32" }.joined(separator: " ")) }
            for p in n.pods {
                out.append("  \(p.namespace)/\(p.pod)  netns \(p.netns)  eth0 \(p.ip)/\(p.prefixLength) gw \(p.gateway.map(\.description) ?? "-")  ⇄  \(p.hostVeth)\(p.bridge.map { " master \($0)" } ?? "")")
            }
        }
        if want("routes") {
            out.append("ip route (\(n.node)):")
            for r in n.routes { out.append("  \(r.text)") }
        }
        if want("cni") {
            out.append("\(n.cniConfigPath):")
            out.append(n.cniConfig)
            out.append("/opt/cni/bin: \(n.cniBinaries.joined(separator: " "))")
        }
        if want("ipam") {
            let i = n.ipam
            out.append("IPAM \(i.plugin) range \(i.range): \(i.allocated.count) used, \(i.free) free of \(i.capacity)")
            for a in i.allocated { out.append("  \(a.ip)  \(a.owner)") }
        }
        if want("ports") {
            out.append("listening ports:")
            for p in ports { out.append("  \(p.port)/\(p.proto)  \(p.component)  bind \(p.bind)  from: \(p.reachableFrom)\(p.reachableByRequests ? "" : " (not for requests)")") }
        }
        if section == nil { for note in n.notes + n.ipam.notes { out.append("note: \(note)") } }
        return out.joined(separator: "\n")
    }
}

/// Detail lines for the explorer's `describe` of a node (`node:NAME`): what `kubewalk node
/// NAME` prints (bridge and veths, routes, CNI config, IPAM, ports).
public enum NodeDescription {
    /// - Returns: the lines, or nil when `id` is not `node:NAME` of a node of the cluster.
    public static func lines(_ cluster: Cluster, id: String) -> [String]? {
        guard id.hasPrefix("node:") else { return nil }
        let name = String(id.dropFirst("node:".count))
        guard let net = PodNetwork.node(cluster, named: name), let node = cluster.node(named: name) else { return nil }
        return NodeText.render(net, ports: PodNetwork.ports(cluster, node: node), section: nil).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
