import ClusterModel
import NetCore
import PodNetwork

/// Where one connection arrived (steps 2–6), with what the reply needs to undo.
struct Arrival {
    var pod: Pod?
    var node: String
    var headers: PacketHeaders
    /// The address:port the client connected to (before DNAT).
    var originalDst: String
    var clientSrc: String
    /// The address the source was masqueraded to, if it was.
    var snatTo: String?
    var snatNode: String?
    var dnatNode: String?
    var service: String?
    var outcome: TraceOutcome
}

enum LegResult {
    case delivered(Arrival)
    case failed(TraceOutcome)
}

extension TraceBuilder {
    /// Steps 2–6 for one TCP connection from `source` to `dst:dport`.
    mutating func leg(from source: TraceSource, srcIP: IPAddress, dst original: IPAddress, dport: Int, proto: TransportProtocol) -> LegResult {
        let sport = Ports.ephemeral(srcIP.description, original.description, dport)
        var pkt = PacketHeaders(src: srcIP.withPort(sport), dst: original.withPort(dport), proto: proto.lowercased)
        let clientSrc = pkt.src
        var src = srcIP, srcPort = sport, dst = original, port = dport
        var current: String
        var hook = NetfilterQuery.Hook.prerouting
        var snatTo: String? = nil, snatNode: String? = nil, dnatNode: String? = nil, service: String? = nil
        var bridgedOnLink = false

        add(Hop(index: 0, kind: .socket, node: source.nodeName, pod: source.podLabel, interface: source.podLabel != nil ? "eth0" : nil, after: pkt,
                decision: "connect() \(pkt.src) → \(pkt.dst) (\(proto.lowercased))",
                explanation: "the kernel gives the socket the source address \(srcIP) and a free ephemeral port \(sport) from net.ipv4.ip_local_port_range (32768–60999)",
                from: source.topologyID, to: source.topologyID,
                notes: ["the ephemeral source port is chosen by a keyed hash in the kernel; kubewalk shows a fixed one"]))

        switch source {
        case .pod(let p) where p.spec.hostNetwork:
            // A hostNetwork pod sends from the node's own namespace: no veth, netfilter's OUTPUT hook.
            current = p.spec.nodeName ?? ""
            hook = .output
            note("\(source.label) uses hostNetwork: its packets leave from \(current)'s own network namespace (OUTPUT hook), like a node process")
        case .pod(let p):
            guard let a = PodNetwork.attachment(cluster, pod: p), let nodeName = p.spec.nodeName else {
                return .failed(TraceOutcome(status: .dropped, message: "\(source.label) has no pod network attachment (hostNetwork or not scheduled)"))
            }
            current = nodeName
            let link = a.podRoutes.first { $0.prefix?.contains(dst) ?? false }
            let podRoute = link ?? a.podRoutes.first { $0.prefix == nil }
            bridgedOnLink = link != nil && a.bridge != nil
            add(Hop(index: 0, kind: .veth, node: nodeName, pod: source.podLabel, interface: "eth0 → \(a.hostVeth)", before: pkt, after: pkt,
                    decision: "pod route: \(podRoute?.text ?? "default")",
                    explanation: "inside \(a.netns), the pod's route sends the packet out of eth0\(link != nil && link?.prefix?.length != 32 ? " (the destination is on its own link)" : " to the gateway \(a.gateway.map(\.description) ?? "?")"); eth0 is one end of a veth pair whose other end, \(a.hostVeth), is on \(nodeName)",
                    from: source.topologyID, to: .interface(nodeName, a.hostVeth),
                    detail: a.podRoutes.map { "ip route (pod): \($0.text)" },
                    notes: a.hostVethExact ? [] : ["host veth and netns names are derived by kubewalk (random on a real node)"]))
            if let bridge = a.bridge {
                add(Hop(index: 0, kind: .bridge, node: nodeName, interface: "\(a.hostVeth) → \(bridge)", before: pkt, after: pkt,
                        decision: "\(a.hostVeth) master \(bridge)",
                        explanation: "\(a.hostVeth) is a port of the bridge \(bridge), so the frame enters \(bridge); with br_netfilter (bridge-nf-call-iptables=1, which kube-proxy needs) netfilter sees it next",
                        from: .interface(nodeName, a.hostVeth), to: .interface(nodeName, bridge)))
            } else {
                add(Hop(index: 0, kind: .bridge, node: nodeName, interface: a.hostVeth, before: pkt, after: pkt,
                        decision: "proxy_arp on \(a.hostVeth) answers for \(a.gateway.map(\.description) ?? "169.254.1.1")",
                        explanation: "calico uses no bridge: the host end \(a.hostVeth) answers the pod's ARP for its gateway itself, and the packet goes straight into the node's routing",
                        from: .interface(nodeName, a.hostVeth), to: .node(nodeName)))
            }
        case .node(let n):
            current = n.name
            hook = .output
        case .external(let name, _):
            guard let entry = entryNode(for: dst, port: port) else {
                add(Hop(index: 0, kind: .drop, before: pkt, decision: "no route to \(dst) from outside the cluster",
                        explanation: "\(dst) is not a node address, an external IP or a load-balancer address; the pod and Service ranges are not routed outside the cluster, so nothing answers",
                        from: source.topologyID, to: source.topologyID))
                return .failed(TraceOutcome(status: .timeout, message: "timeout: \(dst) is not reachable from outside the cluster"))
            }
            current = entry.node
            let eth = "eth0"
            add(Hop(index: 0, kind: .underlay, node: entry.node, interface: eth, before: pkt, after: pkt, decision: entry.why,
                    explanation: "the packet crosses the outside network and arrives on \(entry.node)'s \(eth)",
                    from: .external(name), to: .interface(entry.node, eth), notes: entry.note.map { [$0] } ?? []))
        }

        var visited = 0
        while visited < 4 {
            visited += 1
            // Step 4: netfilter (nat PREROUTING/OUTPUT, then filter).
            let nf = engines.walkNetfilter(cluster, NetfilterQuery(node: current, hook: hook, src: src, sport: srcPort, dst: dst, dport: port, proto: proto))
            let fallbackNotes = nf.engine.contains("fallback") ? nf.notes : nf.notes
            var chosen = 0
            var alternatives: [Alternative] = []
            if nf.outcomes.count > 1 {
                let c = cursor.choose(nf.outcomes.count)
                chosen = c.index
                if chosen < nf.outcomes.count { probability *= nf.outcomes[chosen].probability }
                alternatives = nf.outcomes.enumerated().map { i, o in
                    Alternative(description: o.dnatAddress.map { a in "DNAT to \(a.withPort(o.dnatPort ?? 0))\(o.endpointPod.map { " (\($0))" } ?? "")" } ?? o.verdict.rawValue,
                                probability: o.probability, pick: c.picks[i])
                }
            }
            guard chosen < nf.outcomes.count else { break }
            let o = nf.outcomes[chosen]
            let before = pkt
            if o.verdict == .dnat, let a = o.dnatAddress, let p = o.dnatPort {
                dst = a; port = p
                pkt.dst = a.withPort(p)
                dnatNode = current
                service = nf.service
            }
            let svcID = nf.service.flatMap { s -> TopologyID? in
                let parts = s.split(separator: "/").map(String.init)
                return parts.count == 2 ? .service(parts[0], parts[1]) : nil
            }
            let podID = o.endpointPod.flatMap { s -> TopologyID? in
                let parts = s.split(separator: "/").map(String.init)
                return parts.count == 2 ? .pod(parts[0], parts[1]) : nil
            }
            let kind: HopKind = o.verdict == .reject ? .reject : (o.verdict == .drop ? .drop : .netfilter)
            add(Hop(index: 0, kind: .netfilter, node: current, interface: hook == .output ? "OUTPUT" : "PREROUTING", before: before, after: pkt,
                    decision: o.decidingRule, explanation: o.explanation, alternatives: alternatives,
                    from: svcID ?? .node(current), to: podID ?? svcID ?? .node(current), detail: o.rules, notes: fallbackNotes))
            if kind != .netfilter {
                add(Hop(index: 0, kind: kind, node: current, before: pkt, decision: o.decidingRule,
                        explanation: kind == .reject ? "REJECT answers at once with ICMP port unreachable; the client's connect() fails with ECONNREFUSED"
                                                     : "DROP discards the packet silently; the client retransmits SYNs until connect() times out",
                        from: .node(current), to: source.topologyID))
                return .failed(kind == .reject
                    ? TraceOutcome(status: .refused, message: "connection refused: \(o.explanation)")
                    : TraceOutcome(status: .dropped, message: "dropped (the client sees a timeout): \(o.explanation)"))
            }
            // Step 5: routing.
            let r = PodNetwork.lookup(cluster, fromNode: current, destination: dst)
            if r.kind == .localBridge, bridgedOnLink, dst == original {
                add(Hop(index: 0, kind: .route, node: current, interface: r.egressDevice, before: pkt, after: pkt,
                        decision: "no routing: \(dst) is on the pod's own link",
                        explanation: "the pod sends the frame straight to \(dst)'s MAC address (learnt by ARP); \(r.egressDevice ?? "the bridge") switches it between its ports without the node routing it",
                        from: .node(current), to: r.egressDevice.map { .interface(current, $0) } ?? .node(current)))
            } else {
                add(Hop(index: 0, kind: .route, node: current, interface: r.egressDevice, before: pkt, after: pkt,
                        decision: r.route.map { "ip route: \($0.text)" } ?? (r.kind == .local ? "local table: \(dst) is a local address" : "no cluster route for \(dst)"),
                        explanation: r.explanation, from: .node(current), to: r.egressDevice.map { .interface(current, $0) } ?? .node(current)))
            }
            if o.masquerade {
                let before = pkt
                let to = r.egressAddress ?? src
                src = to
                pkt.src = to.withPort(srcPort)
                snatTo = pkt.src
                snatNode = current
                add(Hop(index: 0, kind: .netfilter, node: current, interface: "POSTROUTING", before: before, after: pkt,
                        decision: "-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE --random-fully",
                        explanation: "the packet carries kube-proxy's masquerade mark 0x4000, so POSTROUTING's MASQUERADE sets its source to \(to), the address of the outgoing interface \(r.egressDevice ?? "?")\(before.src == pkt.src ? " (already the source here)" : ""); replies will come back here",
                        from: .node(current), to: .node(current),
                        notes: ["MASQUERADE --random-fully may also change the source port; kubewalk keeps it"]))
            }
            switch r.kind {
            case .local:
                return .delivered(hostArrival(node: current, pkt: pkt, port: port, clientSrc: clientSrc, original: original.withPort(dport), snatTo: snatTo, snatNode: snatNode))
            case .noRoute:
                let net = cluster.network
                let inCluster = net.serviceCIDR.contains(dst) || net.podCIDR.contains(dst) || (net.cni.ipRange?.contains(dst) ?? false)
                if !inCluster && r.route?.type != "blackhole" {
                    // Outside the cluster: the node's default route takes it to the world.
                    add(Hop(index: 0, kind: .underlay, node: current, interface: "eth0", before: pkt, after: pkt,
                            decision: "default route of \(current) (not in the input)",
                            explanation: "\(dst) is outside the cluster's ranges: the packet leaves \(current) through its default gateway; whatever answers at \(dst.withPort(port)) is outside kubewalk's model",
                            from: .node(current), to: .external(dst.description),
                            notes: ["a destination outside the cluster is shown leaving through the node's default route; the CNI's or the node's own SNAT for outbound traffic and the remote server are not modelled"]))
                    return .delivered(Arrival(pod: nil, node: current, headers: pkt, originalDst: original.withPort(dport), clientSrc: clientSrc, snatTo: snatTo,
                                              snatNode: snatNode, dnatNode: dnatNode, service: service,
                                              outcome: TraceOutcome(status: .delivered, address: dst.description, port: port,
                                                                    message: "left the cluster toward \(dst.withPort(port)) through \(current)'s default route (the remote end is outside the model)")))
                }
                add(Hop(index: 0, kind: .drop, node: current, before: pkt, decision: r.route.map { $0.text } ?? "no route",
                        explanation: "no route in the cluster leads to \(dst) (a cluster address nothing owns, or a blackholed one); the SYN goes unanswered", from: .node(current), to: .node(current)))
                return .failed(TraceOutcome(status: .timeout, message: "timeout: \(r.explanation)"))
            case .localBridge, .localPod:
                break
            case .remoteNode, .overlay, .nodeAddress:
                guard let next = r.toNode, let nextNode = cluster.node(named: next) else {
                    return .failed(TraceOutcome(status: .timeout, message: "timeout: no node owns \(dst)"))
                }
                let fromNode = cluster.node(named: current)
                if r.kind == .overlay, let e = r.encapsulation {
                    // The kernel's VXLAN source port is a hash of the inner flow (from the local port range).
                    let outerSport = e.outerPort.map { _ in ":\(Ports.ephemeral(pkt.src, pkt.dst, 4789))" } ?? ""
                    let outer = PacketHeaders(src: (fromNode?.internalIP?.description ?? "?") + outerSport,
                                              dst: (nextNode.internalIP?.description ?? "?") + (e.outerPort.map { ":\($0)" } ?? ""), proto: e.outerProtocol ?? "udp")
                    add(Hop(index: 0, kind: .encap, node: current, interface: e.device, before: pkt, after: outer,
                            decision: "\(e.kind) via \(e.device ?? "?"): outer \(outer.src) → \(outer.dst) \(outer.proto)",
                            explanation: "\(e.note). Pods get MTU \(e.podMTU) so the outer headers still fit the underlay's \(cluster.network.cni.mtu)",
                            from: .interface(current, e.device ?? "eth0"), to: .interface(current, "eth0")))
                    add(Hop(index: 0, kind: .underlay, node: current, interface: "eth0", before: outer, after: outer,
                            decision: "\(current) → \(next) on the node network", explanation: "the encapsulated packet travels between the nodes' addresses like any other",
                            from: .interface(current, "eth0"), to: .interface(next, "eth0")))
                    add(Hop(index: 0, kind: .decap, node: next, interface: e.device, before: outer, after: pkt,
                            decision: "\(e.device ?? "?") on \(next) strips the outer headers",
                            explanation: "the overlay device on \(next) takes the inner packet out and routes it on \(next)",
                            from: .interface(next, "eth0"), to: .interface(next, e.device ?? "eth0")))
                } else {
                    add(Hop(index: 0, kind: .underlay, node: current, interface: "eth0", before: pkt, after: pkt,
                            decision: r.route.map { "ip route: \($0.text)" } ?? "\(current) → \(next)",
                            explanation: r.kind == .nodeAddress ? "to \(next)'s own address over the node network" : "the pod packet travels unencapsulated to \(next), which routes it on",
                            from: .interface(current, "eth0"), to: .interface(next, "eth0")))
                }
                current = next
                if r.kind == .nodeAddress { hook = .prerouting; continue }
            }
            return deliver(node: current, pkt: pkt, dst: dst, port: port, clientSrc: clientSrc, original: original.withPort(dport),
                           snatTo: snatTo, snatNode: snatNode, dnatNode: dnatNode, service: service)
        }
        return .failed(TraceOutcome(status: .dropped, message: "the packet looped between nodes"))
    }

    /// Step 6: bridge → veth → the pod's eth0, and whether a container listens on the port.
    mutating func deliver(node: String, pkt: PacketHeaders, dst: IPAddress, port: Int, clientSrc: String, original: String,
                          snatTo: String?, snatNode: String?, dnatNode: String?, service: String?) -> LegResult {
        guard let pod = cluster.pod(withIP: dst), let a = PodNetwork.attachment(cluster, pod: pod) else {
            add(Hop(index: 0, kind: .drop, node: node, before: pkt, decision: "no pod has \(dst)",
                    explanation: "ARP for \(dst) gets no answer on \(node): no pod owns the address", from: .node(node), to: .node(node)))
            return .failed(TraceOutcome(status: .timeout, message: "timeout: no pod has the address \(dst)"))
        }
        let podID = TopologyID.pod(pod.namespace, pod.name)
        if let bridge = a.bridge {
            add(Hop(index: 0, kind: .bridge, node: node, interface: "\(bridge) → \(a.hostVeth)", before: pkt, after: pkt,
                    decision: "bridge fdb: \(dst)'s MAC is behind port \(a.hostVeth)",
                    explanation: "\(bridge) forwards the frame to the port where \(pod.namespace)/\(pod.name)'s MAC address was learnt",
                    from: .interface(node, bridge), to: .interface(node, a.hostVeth)))
        }
        let ports = pod.spec.allPorts
        let listening = ports.first { $0.containerPort == port && $0.proto.lowercased == pkt.proto }
        let container = pod.spec.containers.first { $0.ports.contains { $0.containerPort == port } }?.name
        if !ports.isEmpty && listening == nil {
            add(Hop(index: 0, kind: .reject, node: node, pod: "\(pod.namespace)/\(pod.name)", interface: "eth0", before: pkt,
                    decision: "no container of \(pod.namespace)/\(pod.name) declares port \(port) (declared: \(ports.map { "\($0.containerPort)" }.joined(separator: ",")))",
                    explanation: "nothing listens on \(port) in the pod, so its kernel answers the SYN with RST: connection refused",
                    from: .interface(node, a.hostVeth), to: podID,
                    notes: ["kubewalk takes the declared containerPorts as what listens; a process may listen on an undeclared port"]))
            return .failed(TraceOutcome(status: .refused, pod: "\(pod.namespace)/\(pod.name)", address: dst.description, port: port,
                                        message: "connection refused: nothing listens on \(dst.withPort(port)) in \(pod.namespace)/\(pod.name)"))
        }
        add(Hop(index: 0, kind: .deliver, node: node, pod: "\(pod.namespace)/\(pod.name)", interface: "\(a.hostVeth) → eth0", before: pkt, after: pkt,
                decision: listening.map { "containerPort \($0.containerPort)/\($0.proto.rawValue)\($0.name.map { " (\($0))" } ?? "")\(container.map { " in container \($0)" } ?? "")" } ?? "port \(port) (no containerPort declared)",
                explanation: "through the veth pair into \(a.netns): \(pod.namespace)/\(pod.name)'s eth0 \(dst)/\(a.prefixLength), where the process listening on \(port) accepts the connection",
                from: .interface(node, a.hostVeth), to: podID,
                notes: listening == nil ? ["\(pod.namespace)/\(pod.name) declares no containerPorts; kubewalk assumes a process listens on \(port)"] : []))
        let outcome = TraceOutcome(status: .delivered, pod: "\(pod.namespace)/\(pod.name)", address: dst.description, port: port,
                                   message: "delivered to \(pod.namespace)/\(pod.name) at \(dst.withPort(port))")
        return .delivered(Arrival(pod: pod, node: node, headers: pkt, originalDst: original, clientSrc: clientSrc, snatTo: snatTo,
                                  snatNode: snatNode, dnatNode: dnatNode, service: service, outcome: outcome))
    }

    /// A connection to the node itself: a cluster component's port, or nothing.
    mutating func hostArrival(node: String, pkt: PacketHeaders, port: Int, clientSrc: String, original: String, snatTo: String?, snatNode: String?) -> Arrival {
        let listening = cluster.node(named: node).map { PodNetwork.ports(cluster, node: $0) } ?? []
        // A component bound to 127.0.0.1 only (kubeadm's scheduler, controller manager, etcd metrics)
        // does not accept connections to the node's address, even from the node itself.
        if let local = listening.first(where: { $0.port == "\(port)" && $0.proto.lowercased() == pkt.proto && $0.bind == "127.0.0.1" }) {
            add(Hop(index: 0, kind: .reject, node: node, interface: "eth0", before: pkt, decision: "\(local.component) listens on 127.0.0.1:\(port) only",
                    explanation: "\(local.purpose); nothing listens on \(pkt.dst), so the kernel answers RST", from: .node(node), to: .node(node)))
            return Arrival(pod: nil, node: node, headers: pkt, originalDst: original, clientSrc: clientSrc, snatTo: snatTo, snatNode: snatNode, dnatNode: nil, service: nil,
                           outcome: TraceOutcome(status: .refused, address: pkt.dst, port: port,
                                                 message: "connection refused: \(local.component) on \(node) binds 127.0.0.1 only"))
        }
        // A hostNetwork pod of this node that declares the port (kube-apiserver, etcd, …).
        if let pod = cluster.pods(onNode: node).first(where: { $0.spec.hostNetwork && $0.spec.allPorts.contains { $0.containerPort == port && $0.proto.lowercased == pkt.proto } }) {
            add(Hop(index: 0, kind: .deliver, node: node, pod: "\(pod.namespace)/\(pod.name)", interface: "eth0", before: pkt, after: pkt,
                    decision: "hostNetwork pod \(pod.namespace)/\(pod.name) listens on \(port)",
                    explanation: "\(pod.namespace)/\(pod.name) shares \(node)'s network namespace (hostNetwork), so the node's own stack hands it the connection; no veth, no bridge",
                    from: .interface(node, "eth0"), to: .pod(pod.namespace, pod.name)))
            return Arrival(pod: pod, node: node, headers: pkt, originalDst: original, clientSrc: clientSrc, snatTo: snatTo, snatNode: snatNode, dnatNode: nil, service: nil,
                           outcome: TraceOutcome(status: .delivered, pod: "\(pod.namespace)/\(pod.name)", address: String(pkt.dst.split(separator: ":").first ?? ""), port: port,
                                                 message: "delivered to \(pod.namespace)/\(pod.name) (hostNetwork) at \(pkt.dst)"))
        }
        let hit = listening.first { $0.port == "\(port)" && $0.proto.lowercased() == pkt.proto && $0.reachableByRequests }
        if let hit {
            add(Hop(index: 0, kind: .deliver, node: node, interface: "eth0", before: pkt, after: pkt, decision: "\(hit.component) listens on \(hit.bind):\(hit.port)",
                    explanation: "\(hit.purpose)", from: .node(node), to: .node(node)))
            return Arrival(pod: nil, node: node, headers: pkt, originalDst: original, clientSrc: clientSrc, snatTo: snatTo, snatNode: snatNode, dnatNode: nil, service: nil,
                           outcome: TraceOutcome(status: .delivered, address: pkt.dst, port: port, message: "delivered to \(hit.component) on \(node)"))
        }
        add(Hop(index: 0, kind: .reject, node: node, interface: "eth0", before: pkt, decision: "nothing listens on \(node):\(port)",
                explanation: "no Service nodePort and no node component uses \(port) here; the node's kernel answers RST", from: .node(node), to: .node(node)))
        return Arrival(pod: nil, node: node, headers: pkt, originalDst: original, clientSrc: clientSrc, snatTo: snatTo, snatNode: snatNode, dnatNode: nil, service: nil,
                       outcome: TraceOutcome(status: .refused, address: pkt.dst, port: port, message: "connection refused: nothing listens on \(pkt.dst) on \(node)"))
    }

    /// The node an outside client's packet reaches for `dst`: the node owning the address,
    /// or, for a load-balancer or external IP, the node the load balancer forwards to.
    func entryNode(for dst: IPAddress, port: Int) -> (node: String, why: String, note: String?)? {
        if let n = cluster.node(withIP: dst) { return (n.name, "\(dst) is \(n.name)'s address", nil) }
        let hit = cluster.services.withUnsafeBufferPointer { services in
            services.firstIndex { $0.externalIPs.contains(dst) || ($0.type == .LoadBalancer && $0.loadBalancerVIPs.contains(dst)) }
        }
        if let hit {
            let svc = cluster.services[hit]
            let candidates = cluster.nodes.filter { $0.acceptsOrdinaryPods }.map(\.name)
            var pool = candidates.isEmpty ? cluster.nodes.map(\.name) : candidates
            if svc.externalTrafficPolicy == "Local" {
                let local = Set(cluster.endpointSlices(for: svc).flatMap(\.endpoints).filter(\.ready).compactMap(\.nodeName))
                let healthy = pool.filter { local.contains($0) }
                if !healthy.isEmpty { pool = healthy }
            }
            guard let first = pool.first else { return nil }
            return (first, "\(dst) is \(svc.namespace)/\(svc.name)'s \(svc.externalIPs.contains(dst) ? "external IP" : "load-balancer address")",
                    "the load balancer may forward to any of \(pool.joined(separator: ", "))\(svc.externalTrafficPolicy == "Local" ? " (nodes passing the health check)" : ""); kubewalk shows the first")
        }
        return nil
    }
}
