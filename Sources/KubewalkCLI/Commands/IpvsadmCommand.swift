import ArgumentParser
import ClusterModel
import KubeProxy

/// `kubewalk ipvsadm`: what `ipvsadm -Ln` shows on a node whose kube-proxy runs in ipvs mode.
struct IpvsadmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ipvsadm",
        abstract: "Print the IPVS virtual servers kube-proxy (ipvs mode) creates on a node, as ipvsadm -Ln shows them.",
        discussion: """
        In ipvs mode kube-proxy binds every Service address to the dummy interface kube-ipvs0, \
        creates one IPVS virtual server (scheduler rr) per ClusterIP, external IP, load balancer \
        IP and node address:nodePort, with the Service's endpoints as real servers, and keeps a \
        few iptables rules that match ipsets. `--ipsets` also prints the sets (`ipset save` \
        form) and the addresses on kube-ipvs0.

        Examples:
          kubewalk ipvsadm --cluster ipvs-demo --node node01
          kubewalk ipvsadm --node node01 --proxy-mode ipvs --ipsets
        """)

    @OptionGroup var options: ClusterOptions

    @Option(help: "The node to show.")
    var node: String

    @Option(help: "Override the cluster's kube-proxy mode (iptables or ipvs).")
    var proxyMode: ProxyModeChoice?

    @Flag(help: "Also print kube-ipvs0's addresses and the ipsets.")
    var ipsets = false

    func run() throws {
        let rules = try NodeRulesLoader.load(options, node: node, mode: proxyMode)
        guard let ipvs = rules.ipvs else {
            print("IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn")
            printError("note: kube-proxy runs in iptables mode on this cluster, so IPVS holds no virtual servers; add --proxy-mode ipvs to see what ipvs mode would create")
            return
        }
        print(ipvs.ipvsadmList(), terminator: "")
        if ipsets {
            print("")
            print(ipvs.kubeIPVS0(), terminator: "")
            print("")
            print(IPVSProxier.ipsetRestore(ipvs), terminator: "")
        }
    }
}
