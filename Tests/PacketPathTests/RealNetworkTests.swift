import ClusterModel
import Foundation
import KubeProxy
import NetCore
@testable import PacketPath
import PodNetwork
import XCTest

/// Builds a small cluster's pod networking for real — one network namespace per node and
/// per pod, `cni0` bridges, veth pairs named as kubewalk names them, the routes kubewalk
/// prints, and kube-proxy's nat rules for one ClusterIP Service (the rules kubewalk's trace
/// shows, loaded with `iptables-restore`) — then connects from the client pod to the
/// Service address and checks that the pod that answered is one kubewalk predicts.
///
/// Needs root, `ip`, `iptables-restore` and `python3`; skips with the reason otherwise.
/// Only addresses inside the namespaces it creates receive traffic; everything it creates
/// is deleted afterwards, also when an assertion fails.
final class RealNetworkTests: XCTestCase {
    static let yaml = """
    apiVersion: kubewalk.io/v1alpha1
    kind: ClusterNetwork
    metadata: {name: netns-lab}
    spec:
      podCIDR: 10.244.0.0/16
      cni: CNI_SPEC
    ---
    apiVersion: v1
    kind: Node
    metadata: {name: node01}
    spec: {podCIDR: 10.244.1.0/24}
    status: {addresses: [{type: InternalIP, address: 192.168.56.11}]}
    ---
    apiVersion: v1
    kind: Node
    metadata: {name: node02}
    spec: {podCIDR: 10.244.2.0/24}
    status: {addresses: [{type: InternalIP, address: 192.168.56.12}]}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: client, namespace: default}
    spec: {nodeName: node01, containers: [{name: c, image: curl}]}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: web-a, namespace: default, labels: {app: web}}
    spec: {nodeName: node02, containers: [{name: web, image: web, ports: [{name: http, containerPort: 8080}]}]}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: web-b, namespace: default, labels: {app: web}}
    spec: {nodeName: node02, containers: [{name: web, image: web, ports: [{name: http, containerPort: 8080}]}]}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: web-c, namespace: default, labels: {app: web}}
    spec: {nodeName: node02, containers: [{name: web, image: web, ports: [{name: http, containerPort: 8080}]}]}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: web, namespace: default}
    spec:
      clusterIP: 10.96.100.10
      selector: {app: web}
      ports: [{name: http, port: 80, targetPort: http}]
    """

    var namespaces: [String] = []
    var servers: [Process] = []

    override func tearDown() {
        for s in servers where s.isRunning { s.terminate(); s.waitUntilExit() }
        for ns in namespaces.reversed() { _ = Self.run(["ip", "netns", "del", ns]) }
        super.tearDown()
    }

    @discardableResult
    static func run(_ args: [String], input: String? = nil) -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input == nil ? FileHandle.nullDevice : inp
        do { try p.run() } catch { return (127, "", "\(error)") }
        if let input { inp.fileHandleForWriting.write(Data(input.utf8)); try? inp.fileHandleForWriting.close() }
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    func must(_ args: [String], input: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws {
        let r = Self.run(args, input: input)
        if r.status != 0 {
            XCTFail("\(args.joined(separator: " ")) failed: \(r.err)", file: file, line: line)
            throw XCTSkip("setup step failed")
        }
    }

    func testRealNamespacesAnswerFromAPodKubewalkPredicts() throws {
        try runLab(cni: "{plugin: bridge, bridge: cni0, ipam: host-local, encapsulation: none}", tagSuffix: "b")
    }

    /// The same over flannel's VXLAN: `flannel.1` devices (VNI 1, UDP 8472) with the
    /// neighbour and FDB entries flanneld would install, and the onlink routes kubewalk prints.
    func testRealVXLANOverlayAnswersFromAPodKubewalkPredicts() throws {
        try runLab(cni: "{plugin: flannel, bridge: cni0, ipam: host-local, encapsulation: vxlan, mtu: 1500}", tagSuffix: "v")
    }

    func runLab(cni: String, tagSuffix: String) throws {
        guard getuid() == 0 else { throw XCTSkip("needs root to create network namespaces") }
        for tool in ["ip", "iptables-restore", "nfacct", "python3"] where Self.run(["which", tool]).status != 0 {
            throw XCTSkip("\(tool) is not installed")
        }
        let tag = "kwt-tr\(getpid() % 100000)\(tagSuffix)"
        guard Self.run(["ip", "netns", "add", "\(tag)-probe"]).status == 0 else { throw XCTSkip("`ip netns add` is not permitted here") }
        namespaces.append("\(tag)-probe")

        let cluster = ClusterLoader.load(files: [SourceFile(path: "netns-lab.yaml", text: Self.yaml.replacingOccurrences(of: "CNI_SPEC", with: cni))], name: "netns-lab")
        XCTAssertEqual(cluster.diagnostics.errors.count, 0, "\(cluster.diagnostics.errors)")
        // What kubewalk predicts, and the rules it says node01 walks.
        let request = TraceRequest(from: "default/client", target: "10.96.100.10:80")
        let predicted = try RequestTracer.trace(cluster, request: request)
        let predictedPods = Set(predicted.outcomes.compactMap { $0.description.split(separator: " ").dropFirst().first.map(String.init) })
        XCTAssertEqual(predictedPods, ["default/web-a", "default/web-b", "default/web-c"])
        // kube-proxy's rules on the client's node, exactly as the trace walked them.
        let nodeRules = try KubeProxy.rules(for: cluster, node: "node01")
        let restoreText = nodeRules.iptablesSave()
        XCTAssertTrue(restoreText.contains("--probability 0.33333333349"), "three endpoints: the first rule draws 1/3")
        for pick in 1...3 {
            var r = request
            r.pick = pick
            let t = try RequestTracer.trace(cluster, request: r, enumerateOutcomes: false)
            XCTAssertTrue(t.dnatHop?.decision.hasPrefix("-A KUBE-SEP-") == true, "the trace's DNAT is decided by kube-proxy's rule")
        }

        // Node namespaces joined by an underlay veth, each with its cni0 bridge and routes.
        let nodeNS = ["node01": "\(tag)-n1", "node02": "\(tag)-n2"]
        for ns in nodeNS.values.sorted() { try must(["ip", "netns", "add", ns]); namespaces.append(ns) }
        let n1 = nodeNS["node01"] ?? "", n2 = nodeNS["node02"] ?? ""
        try must(["ip", "-n", n1, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", n2])
        for (name, ns) in nodeNS {
            let net = try XCTUnwrap(PodNetwork.node(cluster, named: name))
            let nodeIP = try XCTUnwrap(net.nodeIP)
            try must(["ip", "-n", ns, "addr", "add", "\(nodeIP)/24", "dev", "eth0"])
            try must(["ip", "-n", ns, "link", "set", "eth0", "up"])
            try must(["ip", "-n", ns, "link", "set", "lo", "up"])
            try must(["ip", "-n", ns, "link", "add", "cni0", "type", "bridge"])
            try must(["ip", "-n", ns, "addr", "add", try XCTUnwrap(net.bridgeAddress), "dev", "cni0"])
            try must(["ip", "-n", ns, "link", "set", "cni0", "up"])
            try must(["ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.ip_forward=1"])
            if net.overlayDevice == "flannel.1", let addr = net.overlayAddress {
                try must(["ip", "-n", ns, "link", "add", "flannel.1", "type", "vxlan", "id", "1", "local", "\(nodeIP)", "dev", "eth0", "dstport", "8472", "nolearning"])
                try must(["ip", "-n", ns, "addr", "add", addr, "dev", "flannel.1"])
                try must(["ip", "-n", ns, "link", "set", "flannel.1", "up"])
            }
            for r in net.routes where r.via != nil {
                try must(["ip", "-n", ns] + ["route", "add"] + r.text.split(separator: " ").map(String.init))
            }
            // Pods: a namespace each, eth0 ⇄ the host veth kubewalk names, default route via cni0.
            for p in net.pods {
                let podNS = "\(tag)-\(p.pod)"
                try must(["ip", "netns", "add", podNS]); namespaces.append(podNS)
                try must(["ip", "-n", ns, "link", "add", p.hostVeth, "type", "veth", "peer", "name", "eth0", "netns", podNS])
                try must(["ip", "-n", ns, "link", "set", p.hostVeth, "master", "cni0", "up"])
                try must(["ip", "-n", podNS, "addr", "add", "\(p.ip)/\(p.prefixLength)", "dev", "eth0"])
                try must(["ip", "-n", podNS, "link", "set", "eth0", "up"])
                try must(["ip", "-n", podNS, "link", "set", "lo", "up"])
                for r in p.podRoutes where r.prefix == nil {
                    try must(["ip", "-n", podNS, "route", "add"] + r.text.split(separator: " ").map(String.init))
                }
                if p.pod.hasPrefix("web-") {
                    let server = Process()
                    server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                    let script = "import socket\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\ns.bind(('0.0.0.0',8080))\ns.listen(16)\nwhile True:\n c,_=s.accept()\n c.recv(64)\n c.sendall(b'\(p.namespace)/\(p.pod)')\n c.close()\n"
                    server.arguments = ["ip", "netns", "exec", podNS, "python3", "-c", script]
                    server.standardOutput = FileHandle.nullDevice
                    server.standardError = FileHandle.nullDevice
                    try server.run()
                    servers.append(server)
                }
            }
        }
        // flanneld's part: for each other node, its VTEP's MAC as the neighbour of its .0
        // address and as an FDB entry pointing at its node address.
        if cluster.network.cni.encapsulation == "vxlan" {
            XCTAssertFalse(predicted.hops.filter { $0.kind == .encap }.isEmpty, "kubewalk predicts the VXLAN hop")
            for (name, ns) in nodeNS {
                for other in cluster.nodes where other.name != name {
                    guard let otherNS = nodeNS[other.name], let cidr = other.podCIDRs.first, let ip = other.internalIP else { continue }
                    let show = Self.run(["ip", "-n", otherNS, "-o", "link", "show", "flannel.1"]).out
                    let mac = show.components(separatedBy: "link/ether ").dropFirst().first?.split(separator: " ").first.map(String.init) ?? ""
                    XCTAssertEqual(mac.count, 17, "flannel.1 MAC on \(other.name)")
                    try must(["ip", "-n", ns, "neigh", "replace", "\(cidr.network)", "lladdr", mac, "dev", "flannel.1", "nud", "permanent"])
                    try must(["bridge", "-n", ns, "fdb", "append", mac, "dev", "flannel.1", "dst", "\(ip)"])
                }
            }
        }
        // kube-proxy's rules on the client's node (nfacct counters first, as kube-proxy does).
        for counter in nodeRules.nfacctCounters { try must(["ip", "netns", "exec", n1, "nfacct", "add", counter]) }
        try must(["ip", "netns", "exec", n1, "iptables-restore"], input: restoreText)

        // Connect from the client pod to the Service address, several times.
        let client = "import socket,sys\ns=socket.create_connection(('10.96.100.10',80),timeout=2)\ns.sendall(b'hi')\nprint(s.recv(64).decode())\n"
        var answered: [String] = []
        var lastError = ""
        for _ in 0..<40 where answered.count < 9 {
            let r = Self.run(["ip", "netns", "exec", "\(tag)-client", "python3", "-c", client])
            if r.status == 0, !r.out.isEmpty { answered.append(r.out.trimmingCharacters(in: .whitespacesAndNewlines)) } else { lastError = r.err; usleep(150_000) }
        }
        XCTAssertFalse(answered.isEmpty, "no answer through the Service address: \(lastError)")
        for a in answered { XCTAssertTrue(predictedPods.contains(a), "\(a) answered, kubewalk predicted \(predictedPods.sorted())") }
        print("real network: \(answered.count) connections answered by \(Set(answered).sorted()); kubewalk predicted \(predictedPods.sorted())")
    }
}
