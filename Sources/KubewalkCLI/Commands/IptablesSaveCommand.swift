import ArgumentParser
import ClusterModel
import KubeProxy
import NetCore
import Netfilter

/// `kubewalk iptables-save`: the rules kube-proxy programs on a node, as `iptables-save`
/// prints them there.
struct IptablesSaveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iptables-save",
        abstract: "Print the iptables rules kube-proxy programs on a node, as iptables-save shows them.",
        discussion: """
        The output is what `iptables-save` prints on the node after kube-proxy's sync: kubelet's \
        canary chains, the jumps from the built-in chains, and kube-proxy's chains (KUBE-SERVICES, \
        KUBE-SVC-…, KUBE-SEP-…) with their hashed names and exact comments. The real \
        `iptables-restore` accepts it unchanged. `--restore-input` prints instead the payload \
        kube-proxy itself hands to `iptables-restore --noflush`.

        Examples:
          kubewalk iptables-save --node node01
          kubewalk iptables-save --cluster ./manifests --node worker-1 --table nat
          kubewalk iptables-save --node node01 --restore-input
          kubewalk iptables-save --node node01 --proxy-mode ipvs
          kubewalk iptables-save --cluster ./dual-stack --node node01 --ipv6
        """)

    @OptionGroup var options: ClusterOptions

    @Option(help: "The node whose rules to print.")
    var node: String

    @Option(help: "Only this table: nat, filter or mangle.")
    var table: TableChoice?

    @Flag(help: "Print kube-proxy's iptables-restore payload instead of the iptables-save view.")
    var restoreInput = false

    @Option(help: "Override the cluster's kube-proxy mode (iptables or ipvs).")
    var proxyMode: ProxyModeChoice?

    @Flag(help: "The IPv6 rules (what ip6tables-save prints) of a dual-stack cluster.")
    var ipv6 = false

    func run() throws {
        let rules = try NodeRulesLoader.load(options, node: node, mode: proxyMode, family: ipv6 ? .ipv6 : .ipv4)
        if restoreInput {
            print(rules.restorePayload, terminator: "")
            return
        }
        let tables: [TableName] = table.map { [$0.table] } ?? [.mangle, .filter, .nat]
        print(rules.iptablesSave(tables: tables), terminator: "")
    }
}

enum TableChoice: String, ExpressibleByArgument, CaseIterable {
    case nat, filter, mangle
    var table: TableName { TableName(rawValue: rawValue) ?? .nat }
}

enum ProxyModeChoice: String, ExpressibleByArgument, CaseIterable {
    case iptables, ipvs
}

/// Loads the cluster and builds one node's kube-proxy rules, exiting 1 on bad input.
enum NodeRulesLoader {
    static func load(_ options: ClusterOptions, node: String, mode: ProxyModeChoice?, family: IPFamily = .ipv4) throws -> NodeRules {
        var cluster = try options.load()
        if let mode { cluster.network.kubeProxy.mode = mode.rawValue }
        do {
            let rules = try KubeProxy.rules(for: cluster, node: node, family: family)
            for d in rules.diagnostics { printError("internal: kube-proxy rules read back with a problem: \(d)") }
            return rules
        } catch {
            printError("error: \(error.description)")
            throw ExitCode(1)
        }
    }
}
