import NetCore

/// A synthetic cluster in the exact shape `kubectl get namespaces,nodes,pods,services,
/// endpointslices,ingresses,ingressclasses,configmaps -A -o json` prints for a kubeadm
/// cluster: managedFields, uids, resourceVersions, ownerReferences, full pod and node status,
/// the kube-system objects (CoreDNS, kube-dns, kube-proxy), one EndpointSlice per 100
/// endpoints as the EndpointSlice controller cuts them. Deterministic per seed.
///
/// Items are produced one at a time (`emit`), so a 500 MB cluster never exists in memory.
public struct SyntheticCluster: Sendable {
    public var nodes: Int
    public var podsPerNode: Int
    public var services: Int
    public var endpointsPerService: Int
    public var ingresses: Int
    public var seed: UInt64

    public enum ParameterError: Error, CustomStringConvertible {
        case outOfRange(String)
        public var description: String { switch self { case .outOfRange(let s): return s } }
    }

    public init(nodes: Int, podsPerNode: Int, services: Int, endpointsPerService: Int, ingresses: Int = 0, seed: UInt64 = 1) {
        self.nodes = nodes
        self.podsPerNode = podsPerNode
        self.services = services
        self.endpointsPerService = endpointsPerService
        self.ingresses = ingresses
        self.seed = seed
    }

    /// Checks the sizes fit the address plan (pods in 100.64.0.0/10 with a /24 per node,
    /// services in 10.96.0.0/12, node IPs in 10.0.0.0/14).
    /// `nodes` counts workers; one control-plane node is added (tainted NoSchedule, as kubeadm does).
    public func check() throws(ParameterError) {
        if nodes < 1 || nodes > 16000 { throw .outOfRange("--nodes must be 1…16000 (worker nodes; each gets a /24 of 100.64.0.0/10)") }
        if podsPerNode < 0 || podsPerNode > 250 { throw .outOfRange("--pods-per-node must be 0…250 (a node's /24 holds 253 pod addresses)") }
        if services < 0 || services > 900_000 { throw .outOfRange("--services must be 0…900000 (10.96.0.0/12)") }
        if endpointsPerService < 0 { throw .outOfRange("--endpoints-per-service must be ≥ 0") }
        if services * endpointsPerService > nodes * podsPerNode {
            throw .outOfRange("--services × --endpoints-per-service (\(services * endpointsPerService)) exceeds the app pods there are (nodes × pods-per-node = \(nodes * podsPerNode))")
        }
        if ingresses < 0 || ingresses > services { throw .outOfRange("--ingresses must be 0…services") }
    }

    static let words = ["cart", "checkout", "catalog", "payments", "search", "auth", "profile", "orders", "inventory", "shipping",
                        "reviews", "pricing", "billing", "notify", "gateway", "ledger", "media", "session", "feed", "quotes"]

    struct PodPlan {
        var namespace: String
        var name: String
        var app: String
        var hash: String
        var node: Int
        var ip: IPv4Address
        var service: Int?
        var kind: Int  // 0 app, 1 coredns, 2 kube-proxy
    }

    /// Writes every item, in kubectl's order (kind by kind, each in namespace/name order).
    /// Emits nothing when `check()` fails.
    public func generate(_ emit: (KubeValue) -> Void) {
        do { try check() } catch { return }
        var g = Generator(seed: seed)
        let workers = nodes
        let nodeCount = workers + 1   // the control plane, then the workers
        let namespaceCount = max(1, min(100, services / 50))
        func ns(ofService s: Int) -> String { "team-\(zeroPadded(s % namespaceCount, 3))" }
        func serviceName(_ s: Int) -> String { "\(Self.words[s % Self.words.count])-\(zeroPadded(s, 5))" }
        func nodeName(_ i: Int) -> String { i == 0 ? "control-plane-1" : "worker-\(zeroPadded(i, 5))" }
        func nodeIP(_ i: Int) -> IPv4Address { IPv4Address(IPv4Address(10, 0, 0, 0).value + 10 + UInt32(i)) }
        func podBlock(_ i: Int) -> UInt32 { IPv4Address(100, 64, 0, 0).value + UInt32(i) * 256 }
        var nextIPOffset = Array(repeating: UInt32(2), count: nodeCount)

        // Plan pods.
        var plans: [PodPlan] = []
        plans.reserveCapacity(workers * podsPerNode + nodeCount + 2)
        var deploymentHash: [Int: String] = [:]
        // Generated suffixes can collide (27^5 names); the API server would retry, and so do we.
        var taken: Set<String> = []
        func unique(_ make: () -> String) -> String {
            var name = make()
            while taken.contains(name) { name = make() }
            taken.insert(name)
            return name
        }
        let total = workers * podsPerNode
        for k in 0..<total {
            let node = 1 + k % max(workers, 1)
            let ip = IPv4Address(podBlock(node) + nextIPOffset[node])
            nextIPOffset[node] += 1
            let svc: Int? = endpointsPerService > 0 && k < services * endpointsPerService ? k / endpointsPerService : nil
            let app = svc.map(serviceName) ?? "batch-\(zeroPadded(k % 100, 3))"
            let key = svc ?? (1_000_000 + k % 100)
            let hash = deploymentHash[key] ?? g.safe(10)
            deploymentHash[key] = hash
            plans.append(PodPlan(namespace: svc.map(ns(ofService:)) ?? "batch", name: unique { "\(app)-\(hash)-\(g.safe(5))" }, app: app, hash: hash,
                                 node: node, ip: ip, service: svc, kind: 0))
        }
        let dnsHash = g.safe(10)
        for r in 0..<2 {
            let node = 1 + r % max(workers, 1)
            let ip = IPv4Address(podBlock(node) + nextIPOffset[node])
            nextIPOffset[node] += 1
            plans.append(PodPlan(namespace: "kube-system", name: unique { "coredns-\(dnsHash)-\(g.safe(5))" }, app: "kube-dns", hash: dnsHash, node: node, ip: ip, service: nil, kind: 1))
        }
        for n in 0..<nodeCount {
            plans.append(PodPlan(namespace: "kube-system", name: unique { "kube-proxy-\(g.safe(5))" }, app: "kube-proxy", hash: "", node: n, ip: nodeIP(n), service: nil, kind: 2))
        }
        plans.sort { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
        var podsOfService: [[Int]] = Array(repeating: [], count: services)
        var dnsPods: [Int] = []
        for (i, p) in plans.enumerated() {
            if let s = p.service { podsOfService[s].append(i) }
            if p.kind == 1 { dnsPods.append(i) }
        }

        // Namespaces.
        var namespaces = ["default", "kube-system", "kube-public", "kube-node-lease"]
        if total > services * endpointsPerService { namespaces.append("batch") }
        if services > 0 { namespaces += (0..<min(namespaceCount, services)).map { "team-\(zeroPadded($0, 3))" } }
        for name in namespaces.sorted() { emit(g.namespace(name)) }
        // Nodes.
        for i in 0..<nodeCount {
            emit(g.node(name: nodeName(i), ip: nodeIP(i), podCIDR: "\(IPv4Address(podBlock(i)))/24", controlPlane: i == 0))
        }
        // Pods.
        var podUIDs: [String] = []
        podUIDs.reserveCapacity(plans.count)
        for p in plans {
            let uid = g.uuid()
            podUIDs.append(uid)
            emit(g.pod(p, uid: uid, nodeName: nodeName(p.node), hostIP: nodeIP(p.node)))
        }
        // Services, in namespace/name order.
        var serviceOrder: [(ns: String, name: String, index: Int)] = (0..<services).map { (ns(ofService: $0), serviceName($0), $0) }
        serviceOrder.append(("default", "kubernetes", -1))
        serviceOrder.append(("kube-system", "kube-dns", -2))
        serviceOrder.sort { ($0.ns, $0.name) < ($1.ns, $1.name) }
        let svcBase = IPv4Address(10, 96, 0, 0).value
        func clusterIP(_ index: Int) -> IPv4Address {
            switch index {
            case -1: return IPv4Address(svcBase + 1)
            case -2: return IPv4Address(svcBase + 10)
            default: return IPv4Address(svcBase + 16 + UInt32(index))
            }
        }
        func nodePort(_ index: Int) -> Int? { index >= 0 && index % 10 == 0 && index / 10 < 2768 ? 30000 + index / 10 : nil }
        for s in serviceOrder {
            emit(g.service(namespace: s.ns, name: s.name, index: s.index, ip: clusterIP(s.index), nodePort: nodePort(s.index)))
        }
        // EndpointSlices.
        var sliceOrder: [(ns: String, name: String, index: Int, chunk: Int)] = []
        for s in serviceOrder {
            let members = s.index >= 0 ? podsOfService[s.index].count : s.index == -2 ? dnsPods.count : 1
            let chunks = max(1, (members + 99) / 100)
            for c in 0..<chunks { sliceOrder.append((s.ns, s.index == -1 ? "kubernetes" : unique { "\(s.ns)/\(s.name)-\(g.safe(5))" }.split(separator: "/").last.map(String.init) ?? s.name, s.index, c)) }
        }
        sliceOrder.sort { ($0.ns, $0.name) < ($1.ns, $1.name) }
        for sl in sliceOrder {
            var eps: [(PodPlan, String, String)] = []
            let members: [Int] = sl.index >= 0 ? podsOfService[sl.index] : sl.index == -2 ? dnsPods : []
            for m in members.dropFirst(sl.chunk * 100).prefix(100) { eps.append((plans[m], podUIDs[m], nodeName(plans[m].node))) }
            emit(g.endpointSlice(namespace: sl.ns, name: sl.name, index: sl.index, endpoints: eps, controlPlaneIP: nodeIP(0)))
        }
        // Ingresses and the IngressClass.
        let ingressOrder = (0..<ingresses).map { (ns(ofService: $0), serviceName($0), $0) }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        for i in ingressOrder { emit(g.ingress(namespace: i.0, service: i.1)) }
        emit(g.ingressClass())
        // ConfigMaps: CoreDNS's Corefile and kube-proxy's configuration.
        emit(g.corednsConfigMap())
        emit(g.kubeProxyConfigMap())
    }
}

func zeroPadded(_ v: Int, _ width: Int) -> String {
    let s = "\(v)"
    return String(repeating: "0", count: max(0, width - s.count)) + s
}
