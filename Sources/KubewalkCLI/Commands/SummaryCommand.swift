import ArgumentParser
import ClusterModel

/// `kubewalk summary`: the cluster at a glance (also what `kubewalk` prints when its
/// output is not a terminal).
struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Print a cluster's nodes, pods, services and entry points at a glance.",
        discussion: """
        Examples:
          kubewalk summary
          kubewalk summary --cluster weave-overlay
        """)

    @OptionGroup var options: ClusterOptions

    func run() throws {
        print(ClusterSummary.render(try options.load()))
    }
}

/// The text of `kubewalk summary`.
public enum ClusterSummary {
    public static func render(_ c: Cluster) -> String {
        var out: [String] = []
        let net = c.network
        out.append("cluster \(c.name): \(c.nodes.count) nodes, \(c.pods.count) pods, \(c.services.count) services, \(c.ingresses.count) ingresses, \(c.gateways.count) gateways")
        out.append("  service CIDR \(net.serviceCIDR) (\(net.source(of: "serviceCIDR"))), pod CIDR \(net.podCIDR) (\(net.source(of: "podCIDR")))")
        out.append("  CNI \(net.cni.plugin) (IPAM \(net.cni.ipam), encapsulation \(net.cni.encapsulation)), kube-proxy \(net.kubeProxy.mode), DNS \(net.dnsServiceIP), domain \(net.clusterDomain)")
        for n in c.nodes {
            let pods = c.pods(onNode: n.name)
            out.append("  node \(n.name) [\(n.roles)] \(n.internalIP.map(\.description) ?? "-") podCIDR \(n.podCIDRs.map(\.description).joined(separator: ",").nonEmpty ?? "-"): \(pods.count) pods")
        }
        for s in c.services {
            out.append("  service \(s.namespace)/\(s.name) \(s.type.rawValue) \(s.isHeadless ? "None" : s.clusterIP.map(\.description) ?? "-") \(s.portsColumn)")
        }
        let e = c.diagnostics.errors.count, w = c.diagnostics.warnings.count
        if e + w > 0 { out.append("  \(e) error(s), \(w) warning(s): run `kubewalk validate --cluster \(c.name)`") }
        return out.joined(separator: "\n")
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
