/// The `/` filter: `ns:NAME` keeps one namespace, `key=value` pods with that label,
/// anything else pods, nodes and Services whose name or namespace contains it.
/// Nodes stay when their name matches or they hold a matching pod; Services when they
/// match or back a matching pod.
public struct MapFilter: Hashable, Sendable {
    public var text: String
    public init(_ text: String) { self.text = text.trimmingCharacters(in: " ") }

    public var isEmpty: Bool { text.isEmpty }

    func matches(pod: PodView) -> Bool {
        if text.hasPrefix("ns:") { return pod.namespace == String(text.dropFirst(3)) }
        if let eq = text.firstIndex(of: "=") {
            let k = String(text[..<eq]), v = String(text[text.index(after: eq)...])
            return pod.labels[k] == v
        }
        return pod.name.contains(text) || pod.namespace.contains(text)
    }

    func matches(service: ServiceView) -> Bool {
        if text.hasPrefix("ns:") { return service.namespace == String(text.dropFirst(3)) }
        if text.contains("=") { return false }
        return service.name.contains(text) || service.namespace.contains(text)
    }

    /// The view with only what matches.
    public func apply(to view: ClusterView) -> ClusterView {
        guard !isEmpty else { return view }
        var v = view
        v.nodes = view.nodes.compactMap { node in
            var n = node
            let nodeMatches = !text.hasPrefix("ns:") && !text.contains("=") && node.name.contains(text)
            if nodeMatches { return n }
            n.pods = node.pods.filter(matches(pod:))
            if text.contains("="), let eq = text.firstIndex(of: "="),
               node.labels[String(text[..<eq])] == String(text[text.index(after: eq)...]) { return node }
            return n.pods.isEmpty ? nil : n
        }
        // A Service stays when it matches, or when one of its endpoints does.
        var kept: Set<String>?
        v.services = view.services.filter { svc in
            if matches(service: svc) { return true }
            if svc.endpointPodIDs.isEmpty { return false }
            if kept == nil { kept = Set(v.nodes.flatMap { $0.pods.map(\.id) }) }
            return svc.endpointPodIDs.contains { kept?.contains($0) ?? false }
        }
        return v
    }
}
