import ArgumentParser
import ClusterDNS
import ClusterModel

/// `kubewalk resolv-conf`: the `/etc/resolv.conf` kubelet writes into a pod.
struct ResolvConfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolv-conf",
        abstract: "Print the /etc/resolv.conf kubelet writes into a pod, and why each line is there.",
        discussion: """
        The file comes from the pod's dnsPolicy (ClusterFirst, ClusterFirstWithHostNet, Default, \
        None) with spec.dnsConfig merged on top and kubelet's limits applied (3 nameservers, \
        32 search domains, 2048 characters). Lines after the file, starting with "#", explain it.

        Examples:
          kubewalk resolv-conf --pod default/frontend
          kubewalk resolv-conf --cluster ./manifests/ --pod shop/cart-7d9f -o json
        """)

    @OptionGroup var options: ClusterOptions
    @Option(name: .long, help: ArgumentHelp("The pod, as NAMESPACE/NAME.", valueName: "ns/name")) var pod: String
    @Option(name: .shortAndLong, help: "Output format: text or json.") var output: OutputFormat = .text

    struct JSONShape: Encodable {
        var pod: String
        var resolvConf: PodResolvConf
        var file: String
    }

    func run() throws {
        let cluster = try options.load()
        let p = try PodArgument.find(pod, in: cluster, option: "--pod")
        let conf = KubeletDNS.resolvConf(for: p, network: cluster.network)
        switch output {
        case .json:
            print(try JSONOutput.string(JSONShape(pod: "\(p.namespace)/\(p.name)", resolvConf: conf, file: conf.fileText)))
        case .text:
            print(conf.fileText, terminator: "")
            print("# pod \(p.namespace)/\(p.name), dnsPolicy \(conf.dnsPolicy)\(conf.effectivePolicy != conf.dnsPolicy ? " (applied as \(conf.effectivePolicy))" : "")")
            for line in conf.explanation { print("# \(line)") }
            for w in conf.warnings { print("# warning: \(w)") }
            for n in conf.notes { print("# note: \(n)") }
        }
    }
}
