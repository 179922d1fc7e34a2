/// What the Detail pane says: the current hop (headers before and after, what changed,
/// the decision, why, the alternatives), the selected object, or a command's text output.
struct DetailContent {
    let state: AppState
    let now: Double

    var s: Strings { state.strings }

    func lines() -> [(String, Style)] {
        switch state.detailSource {
        case let .text(title, lines):
            return [(title, Style(.title, bold: true))] + lines.map { ($0, Style(.text)) }
        case .hop:
            if let trace = state.trace, let i = state.currentHop(at: now), i < trace.hops.count { return hop(trace.hops[i], index: i, trace: trace) }
            return selection()
        case .selection:
            return selection()
        }
    }

    func hop(_ hop: HopView, index: Int, trace: TraceView) -> [(String, Style)] {
        var out: [(String, Style)] = []
        out.append(("\(s.step) \(index + 1)/\(trace.hops.count) · \(hop.kind)" + (hop.place.isEmpty ? "" : " · " + hop.place), Style(.title, bold: true)))
        out.append(("\(s.decision): \(hop.decision)", Style(.highlight, bold: true)))
        let changed = hop.before != hop.after
        if !hop.after.src.isEmpty || !hop.after.dst.isEmpty {
        out.append(("\(s.before):", Style(.dim)))
        out.append(("  " + hop.before.summary, Style(.text)))
        out.append(("\(s.after):", Style(.dim)))
        out.append(("  " + hop.after.summary, Style(changed ? .changed : .text, bold: changed)))
        if changed { out.append(("  ◀ " + changeSummary(hop), Style(.changed))) }
        }
        out.append(("\(s.why): \(hop.explanation)", Style(.text)))
        for line in hop.detail {
            if line.hasPrefix("> ") { out.append((line, Style(.highlight, bold: true))) } else { out.append((line, Style(.dim))) }
        }
        if !hop.alternatives.isEmpty {
            out.append(("\(s.alternatives):", Style(.title)))
            for a in hop.alternatives { out.append(("  " + a, Style(.dim))) }
        }
        if index == trace.hops.count - 1 {
            out.append(("\(s.outcome): \(trace.outcome.summary)", Style(.highlight, bold: true)))
        }
        for n in trace.notes { out.append(("note: " + n, Style(.note))) }
        return out.map { (state.lines.text($0.0), $0.1) }
    }

    func changeSummary(_ hop: HopView) -> String {
        var parts: [String] = []
        if hop.before.dst != hop.after.dst { parts.append("dst \(hop.before.dst) → \(hop.after.dst)") }
        if hop.before.src != hop.after.src { parts.append("src \(hop.before.src) → \(hop.after.src)") }
        if hop.before.proto != hop.after.proto { parts.append("proto \(hop.before.proto) → \(hop.after.proto)") }
        return parts.joined(separator: ", ")
    }

    func selection() -> [(String, Style)] {
        let view = state.cluster.view
        guard let id = state.selectedID else {
            var out: [(String, Style)] = [(view.name, Style(.title, bold: true))]
            out.append(("\(view.nodes.count) nodes · \(view.pods.count) pods · \(view.services.count) services", Style(.text)))
            for setting in view.settings { out.append((setting, Style(.text))) }
            for n in view.notes { out.append(("note: " + n, Style(.note))) }
            return out
        }
        var out: [(String, Style)] = []
        if let node = view.nodes.first(where: { $0.id == id }) {
            out.append(("node \(node.name)", Style(.title, bold: true)))
            out.append(("role \(node.role) · InternalIP \(node.internalIP)", Style(.text)))
            out.append(("podCIDR \(node.podCIDR)", Style(.text)))
            if !node.bridgeName.isEmpty { out.append(("bridge \(node.bridgeName) \(node.bridgeGateway)", Style(.bridge))) }
            out.append(("\(node.pods.count) pods", Style(.text)))
            for p in node.pods { out.append(("  \(p.qualifiedName) \(p.ip) \(p.ready ? s.ready : s.notReady)", Style(p.ready ? .text : .podNotReady))) }
            out += described(id)
        } else if let pod = view.pod(id: id) {
            out.append(("pod \(pod.qualifiedName)", Style(.title, bold: true)))
            out.append(("IP \(pod.ip) · node \(pod.node) · \(pod.ready ? s.ready : s.notReady)", Style(.text)))
            if pod.hostNetwork { out.append(("hostNetwork: shares the node's addresses", Style(.note))) }
            for (k, v) in pod.labels.sorted(by: { $0.key < $1.key }) { out.append(("  \(k)=\(v)", Style(.dim))) }
            let backing = view.services.filter { $0.endpointPodIDs.contains(pod.id) }.map(\.name)
            if !backing.isEmpty { out.append(("endpoint of: " + backing.joined(separator: ", "), Style(.endpoint))) }
            if state.engines.describe != nil { out += described(id) }
            out.append(("t: trace from this pod", Style(.dim)))
        } else if let svc = view.service(id: id) {
            out.append(("service \(svc.namespace)/\(svc.name)", Style(.title, bold: true)))
            // The engines' description has the spec, the EndpointSlices and kube-proxy's rules.
            if let describe = state.engines.describe, case let .success(lines) = describe(state.cluster, serviceID(id)) {
                return out + lines.map(styled)
            }
            out.append(("type \(svc.type) · ClusterIP \(svc.clusterIP.isEmpty ? "-" : svc.clusterIP)", Style(.service)))
            if !svc.externalName.isEmpty { out.append(("externalName \(svc.externalName)", Style(.text))) }
            out.append(("ports \(svc.ports.joined(separator: " "))", Style(.text)))
            out.append(("\(s.endpoints) (\(svc.endpointPodIDs.count)):", Style(.endpoint, bold: true)))
            for e in svc.endpointPodIDs {
                let ip = view.pod(id: e)?.ip ?? ""
                out.append(("  \(e.dropFirst(4)) \(ip)", Style(.endpoint)))
            }
            if svc.clusterIP != "None" && !svc.clusterIP.isEmpty {
                out.append(("The ClusterIP is on no interface: kube-proxy's nat rules rewrite it.", Style(.note)))
            }
            out += described(id)
        } else if let client = view.externalClients.first(where: { $0.id == id }) {
            out.append(("external client \(client.name)", Style(.title, bold: true)))
            out.append(("IP \(client.ip) (outside the cluster)", Style(.external)))
            out.append(("t: trace from this client", Style(.dim)))
        } else if let entry = view.entryPoints.first(where: { $0.id == id }) {
            out.append(("\(entry.kind) \(entry.name)", Style(.title, bold: true)))
            out.append(("address \(entry.address)", Style(.entryPoint)))
            out.append(("leads to \(entry.targetID)", Style(.text)))
            if entry.targetID.hasPrefix("svc:") && state.engines.describe != nil { out += described(entry.targetID) }
        } else {
            out.append((id, Style(.text)))
        }
        return out
    }

    /// The engine's description of a node or Service, or the one line saying it has not landed.
    func described(_ id: String) -> [(String, Style)] {
        guard let describe = state.engines.describe else {
            return [("routes, veths, CNI config, IPAM and rules: engine not in this build yet (issues 3, 6)", Style(.note))]
        }
        switch describe(state.cluster, serviceID(id)) {
        case let .success(lines): return lines.map(styled)
        case let .failure(e): return [(e.message, Style(.warning))]
        }
    }

    /// An engine's line, in the role its prefix calls for (`note:`, `warning:`, `error:`).
    func styled(_ line: String) -> (String, Style) {
        if line.hasPrefix("note: ") { return (line, Style(.note)) }
        if line.hasPrefix("warning: ") || line.hasPrefix("error: ") { return (line, Style(.warning)) }
        return (line, Style(.text))
    }

    /// A Service's id for `describe`, with `@NODE` when a node is zoomed: kube-proxy's rules
    /// are shown for the node the user is looking at.
    func serviceID(_ id: String) -> String {
        guard id.hasPrefix("svc:"), let node = state.zoomedNode else { return id }
        return id + "@" + node
    }
}
