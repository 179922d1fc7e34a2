import ClusterModel
import L7Routing
import NetCore
import PodNetwork

extension TraceBuilder {
    /// Whether the connection arrived at an HTTP proxy kubewalk routes through: an
    /// ingress-nginx controller pod, or a Gateway's data plane (its pods or its address).
    func httpEntry(arrival: Arrival, dst: IPAddress, port: Int) -> HTTPQuery.Entry? {
        if let pod = arrival.pod {
            if IngressControllers.isIngressNginx(pod) { return .ingressNginx(classes: IngressControllers.classes(cluster, pod)) }
            if let gw = IngressControllers.gateway(cluster, pod: pod, service: arrival.service) { return .gateway(namespace: gw.namespace, name: gw.name, port: port) }
        }
        if let gw = cluster.gateways.first(where: { $0.addresses.contains(dst.description) }) { return .gateway(namespace: gw.namespace, name: gw.name, port: port) }
        return nil
    }

    /// Step 7: the HTTP match, the controller's new connection (steps 2–6 again), the replies.
    mutating func http(_ query: HTTPQuery, arrival: Arrival, clientLeg: Arrival, client: TraceSource) -> TraceOutcome {
        let entry = query.entry, method = query.method
        let r = engines.routeHTTP(cluster, query)
        let proxyID: TopologyID
        let proxyName: String
        switch entry {
        case .ingressNginx:
            proxyID = arrival.pod.map { .pod($0.namespace, $0.name) } ?? .node(arrival.node)
            proxyName = "ingress-nginx"
        case .gateway(let ns, let name, _):
            proxyID = TopologyID("gateway:\(ns)/\(name)")
            proxyName = "Gateway \(ns)/\(name)"
        }
        let where_ = arrival.pod.map { "\($0.namespace)/\($0.name)" }
        if let status = r.responseStatus {
            add(Hop(index: 0, kind: .httpMatch, node: arrival.node, pod: where_, before: arrival.headers, after: arrival.headers,
                    decision: r.decision, explanation: r.explanation, from: proxyID, to: proxyID, detail: r.detail, notes: r.notes))
            addReply(clientLeg, client: client, proxied: "\(proxyName) answers \(status) itself")
            return TraceOutcome(status: .httpError, pod: where_, httpStatus: status, message: "HTTP \(status): \(r.explanation)")
        }
        var chosen = 0
        var alternatives: [Alternative] = []
        if r.backends.count > 1 {
            let c = cursor.choose(r.backends.count)
            chosen = c.index
            if chosen < r.backends.count { probability *= r.backends[chosen].probability }
            alternatives = r.backends.enumerated().map { Alternative(description: $1.description, probability: $1.probability, pick: c.picks[$0]) }
        }
        guard chosen < r.backends.count else { return TraceOutcome(status: .httpError, httpStatus: 500, message: "HTTP 500: no backend") }
        let b = r.backends[chosen]
        add(Hop(index: 0, kind: .httpMatch, node: arrival.node, pod: where_, before: arrival.headers, after: arrival.headers,
                decision: r.decision, explanation: r.explanation + (b.rewrittenPath.map { " (upstream request: \(method) \($0))" } ?? ""),
                alternatives: alternatives, from: proxyID, to: .service(b.namespace, b.service), detail: r.detail, notes: r.notes))
        func fail(_ status: Int, _ why: String) -> TraceOutcome {
            add(Hop(index: 0, kind: .proxy, node: arrival.node, pod: where_, decision: "\(status) from \(proxyName)", explanation: why, from: proxyID, to: .service(b.namespace, b.service)))
            addReply(clientLeg, client: client, proxied: "\(proxyName) answers \(status)")
            return TraceOutcome(status: .httpError, pod: where_, httpStatus: status, message: "HTTP \(status): \(why)")
        }
        if let status = b.status {
            return fail(status, "\(b.description): \(proxyName) answers \(status) for this share")
        }
        guard let svc = cluster.service(namespace: b.namespace, name: b.service) else {
            return fail(503, "Service \(b.namespace)/\(b.service) does not exist, so \(proxyName) has no upstream")
        }
        guard let sp = svc.ports.first(where: { p in b.port.map { $0 == p.port } ?? (b.portName.map { $0 == p.name } ?? (svc.ports.count == 1)) }) else {
            return fail(503, "Service \(b.namespace)/\(b.service) has no port \(b.port.map(String.init) ?? b.portName ?? "?")")
        }
        let eps = ServiceEndpoints.usable(cluster, service: svc, port: sp)
        guard !eps.isEmpty else {
            return fail(503, "Service \(b.namespace)/\(b.service) has no ready endpoints: \(proxyName) answers 503 Service Temporarily Unavailable")
        }
        var epIndex = 0
        var epAlternatives: [Alternative] = []
        if eps.count > 1 {
            let c = cursor.choose(eps.count)
            epIndex = c.index
            probability /= Double(eps.count)
            epAlternatives = eps.enumerated().map { Alternative(description: "upstream \($1.text)\($1.pod.map { " (\($0))" } ?? "")", probability: 1 / Double(eps.count), pick: c.picks[$0]) }
        }
        let ep = eps[epIndex]
        let balancing: String
        switch entry {
        case .ingressNginx: balancing = "ingress-nginx's default load-balance is round_robin: requests take the endpoints in turn"
        case .gateway: balancing = "the data plane balances over the endpoints (Envoy Gateway's default is least-request: with equal load, any of them)"
        }
        let proxySource: TraceSource
        var notes = ["\(proxyName) connects to the endpoints itself (from the EndpointSlices), not through the ClusterIP, so kube-proxy does not choose here"]
        if let pod = arrival.pod {
            proxySource = .pod(pod)
        } else if let n = cluster.nodes.first {
            proxySource = .node(n)
            notes.append("the Gateway's data-plane pods are not in the input; its connection is shown from node \(n.name)")
        } else {
            return fail(502, "no node to run the Gateway's data plane")
        }
        add(Hop(index: 0, kind: .proxy, node: proxySource.nodeName, pod: proxySource.podLabel,
                decision: "upstream \(ep.text)\(ep.pod.map { " (\($0))" } ?? "") of \(b.namespace)/\(b.service):\(sp.port)",
                explanation: "\(proxyName) opens a new connection from its own address to the chosen endpoint; " + balancing + ", so each gets 1/\(eps.count)",
                alternatives: epAlternatives, from: proxyID, to: ep.pod.flatMap { p in
                    let parts = p.split(separator: "/").map(String.init)
                    return parts.count == 2 ? .pod(parts[0], parts[1]) : nil
                }, notes: notes))
        guard let srcIP = proxySource.address else { return fail(502, "the proxy has no address") }
        switch leg(from: proxySource, srcIP: srcIP, dst: ep.ip, dport: ep.port, proto: .tcp) {
        case .failed(let o):
            let status = o.status == .refused ? 502 : 504
            addReply(clientLeg, client: client, proxied: "\(proxyName) answers \(status)")
            return TraceOutcome(status: .httpError, pod: o.pod, address: o.address, port: o.port, httpStatus: status,
                                message: "HTTP \(status) from \(proxyName): its upstream connection failed (\(o.message))")
        case .delivered(let a2):
            addReply(a2, client: proxySource, proxied: nil)
            addReply(clientLeg, client: client, proxied: "\(proxyName) relays the response")
            var out = a2.outcome
            out.message += " through \(proxyName)" + (b.rewrittenPath.map { " (path rewritten to \($0))" } ?? "")
            return out
        }
    }

    /// Step 8: the reply's way back, summarised from the connection's NAT state.
    mutating func addReply(_ a: Arrival, client: TraceSource, proxied: String?) {
        let before = PacketHeaders(src: a.headers.dst, dst: a.headers.src, proto: a.headers.proto)
        let after = PacketHeaders(src: a.originalDst, dst: a.clientSrc, proto: a.headers.proto)
        var parts: [String] = []
        if let proxied { parts.append(proxied + ";") }
        if a.originalDst != a.headers.dst {
            parts.append("conntrack on \(a.dnatNode ?? a.node) reverses the DNAT: the reply's source \(a.headers.dst) becomes \(a.originalDst) again.")
        }
        if let snat = a.snatTo {
            parts.append("The reply is addressed to \(snat), the masqueraded source, so it returns through \(a.snatNode ?? "that node"), where conntrack restores the destination \(a.clientSrc).")
        } else if case .external = client, a.originalDst != a.headers.dst {
            parts.append("No SNAT: the pod sees the client's own address \(a.clientSrc) and replies to it; the reply passes \(a.dnatNode ?? a.node) (the pod's node routes it out) where the DNAT is undone.")
        } else {
            parts.append("The reply retraces the path in reverse.")
        }
        add(Hop(index: 0, kind: .reply, node: a.node, pod: a.pod.map { "\($0.namespace)/\($0.name)" }, before: before, after: after,
                decision: "conntrack: \(a.clientSrc) ⇄ \(a.originalDst)\(a.originalDst != a.headers.dst ? " (DNAT \(a.headers.dst))" : "")\(a.snatTo.map { " (SNAT \($0))" } ?? "")",
                explanation: parts.joined(separator: " "),
                from: a.pod.map { .pod($0.namespace, $0.name) } ?? .node(a.node), to: client.topologyID))
    }
}

/// Recognises ingress controllers and Gateway data planes among pods.
enum IngressControllers {
    /// ingress-nginx's controller pod: its standard labels, image or binary.
    static func isIngressNginx(_ pod: Pod) -> Bool {
        let l = pod.meta.labels
        if l["app.kubernetes.io/name"] == "ingress-nginx" && (l["app.kubernetes.io/component"] ?? "controller") == "controller" { return true }
        return pod.spec.containers.contains { c in
            (c.image ?? "").contains("ingress-nginx/controller") || c.args.contains { $0.contains("nginx-ingress-controller") }
        }
    }

    /// The IngressClass names the controller serves: `--ingress-class`, else the classes whose
    /// controller is `--controller-class` (default `k8s.io/ingress-nginx`).
    static func classes(_ cluster: Cluster, _ pod: Pod) -> [String] {
        let args = pod.spec.containers.flatMap(\.args)
        if let a = args.first(where: { $0.hasPrefix("--ingress-class=") }) { return [String(a.dropFirst("--ingress-class=".count))] }
        let controller = args.first { $0.hasPrefix("--controller-class=") }.map { String($0.dropFirst("--controller-class=".count)) } ?? "k8s.io/ingress-nginx"
        return cluster.ingressClasses.filter { $0.controller == controller }.map(\.name)
    }

    /// The Gateway a pod (or the Service it was reached through) serves, by the labels
    /// implementations put on their data plane.
    static func gateway(_ cluster: Cluster, pod: Pod, service: String?) -> Gateway? {
        var labels = pod.meta.labels
        if let s = service {
            let parts = s.split(separator: "/").map(String.init)
            if parts.count == 2, let svc = cluster.service(namespace: parts[0], name: parts[1]) { labels.merge(svc.meta.labels) { a, _ in a } }
        }
        let name = labels["gateway.networking.k8s.io/gateway-name"] ?? labels["gateway.envoyproxy.io/owning-gateway-name"]
        guard let name else { return nil }
        let ns = labels["gateway.envoyproxy.io/owning-gateway-namespace"] ?? pod.namespace
        return cluster.gateways.first { $0.name == name && $0.namespace == ns } ?? cluster.gateways.first { $0.name == name }
    }
}
