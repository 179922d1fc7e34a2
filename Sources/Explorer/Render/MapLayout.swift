/// One thing drawn on the map, in map coordinates (row 0 is the top of the scrolled content).
public struct MapElement: Hashable, Sendable {
    public enum Shape: Hashable, Sendable {
        case text(String)
        case box(title: String)
        case rule(title: String)
    }
    public var shape: Shape
    public var rect: Rect
    public var style: Style
    /// The topology id this element stands for, when it can be selected.
    public var id: String?
}

/// The map's layout: the edge (external clients, entry points), node boxes holding
/// bridge and pods, and the Services band, positioned for a width. Large clusters
/// collapse to one line per node (optionally grouped by role); `zoomedNode` shows one
/// node in full. Only elements in the visible rows are drawn, so 1,000 nodes stay cheap.
public struct MapLayout: Hashable, Sendable {
    public var elements: [MapElement]
    /// Selectable ids in reading order (what ↑/↓ walk through).
    public var order: [String]
    /// Where the packet marker sits for each id.
    public var anchors: [String: Rect]
    public var contentHeight: Int
    public var collapsed: Bool

    static let minBoxWidth = 30
    static let maxPodsPerBox = 10
    static let autoCollapseNodes = 12

    public static func build(view: ClusterView, width: Int, state: AppState) -> MapLayout {
        var b = Builder(width: max(width, 10), strings: state.strings, lines: state.lines, namespaces: view.namespaces)
        let spacing = state.presenter ? 2 : 1
        b.edge(view)
        b.y += spacing
        let nodes = state.zoomedNode.flatMap { z in view.nodes.filter { $0.name == z } } ?? view.nodes
        let collapsed = state.zoomedNode == nil && (state.collapsed ?? (nodes.count > autoCollapseNodes))
        if collapsed {
            b.collapsedNodes(nodes, groupByRole: state.groupByRole)
        } else {
            b.nodeBoxes(nodes, spacing: spacing, allPods: state.zoomedNode != nil)
        }
        b.y += spacing - 1
        b.servicesBand(view.services)
        for note in view.notes { b.y += 1; b.text(state.lines.text("note: " + note), x: 0, style: Style(.note)) }
        return MapLayout(elements: b.elements, order: b.order, anchors: b.anchors, contentHeight: b.y + 1, collapsed: collapsed)
    }

    /// The id under a map-relative point, if any.
    public func id(atX x: Int, y: Int) -> String? {
        for e in elements.reversed() where e.id != nil && e.rect.contains(x: x, y: y) {
            if case .box = e.shape, y != e.rect.y { continue }
            return e.id
        }
        return nil
    }

    struct Builder {
        let width: Int
        let strings: Strings
        let lines: LineDrawing
        let namespaces: [String]
        var elements: [MapElement] = []
        var order: [String] = []
        var anchors: [String: Rect] = [:]
        var y = 0

        init(width: Int, strings: Strings, lines: LineDrawing, namespaces: [String]) {
            self.width = width
            self.strings = strings
            self.lines = lines
            self.namespaces = namespaces
        }

        func nsRole(_ ns: String) -> Role {
            let i = namespaces.firstIndex(of: ns) ?? 0
            return Role.namespaces[i % Role.namespaces.count]
        }

        mutating func text(_ s: String, x: Int, style: Style, id: String? = nil, maxWidth: Int? = nil) {
            let limit = maxWidth ?? (width - x)
            let t = CharWidth.truncate(s, to: limit)
            let r = Rect(x: x, y: y, width: CharWidth.width(of: t), height: 1)
            elements.append(MapElement(shape: .text(t), rect: r, style: style, id: id))
            if let id {
                order.append(id)
                anchors[id] = r
            }
        }

        mutating func edge(_ view: ClusterView) {
            var x = 0
            let label = strings.external + ":"
            text(label, x: x, style: Style(.dim))
            x += CharWidth.width(of: label) + 1
            if view.externalClients.isEmpty {
                text("-", x: x, style: Style(.dim))
            }
            for c in view.externalClients {
                let s = lines.text("◉ \(c.name) \(c.ip)")
                if x + CharWidth.width(of: s) > width { y += 1; x = 2 }
                text(s, x: x, style: Style(.external), id: c.id)
                x += CharWidth.width(of: s) + 2
            }
            if !view.entryPoints.isEmpty {
                y += 1
                x = 0
                let e = strings.entry + ":"
                text(e, x: x, style: Style(.dim))
                x += CharWidth.width(of: e) + 1
                for entry in view.entryPoints {
                    let s = lines.text("▶ \(entry.kind) \(entry.address) \(entry.name)")
                    if x + CharWidth.width(of: s) > width { y += 1; x = 2 }
                    text(s, x: x, style: Style(.entryPoint), id: entry.id)
                    x += CharWidth.width(of: s) + 2
                }
            }
            y += 1
        }

        mutating func nodeBoxes(_ nodes: [NodeView], spacing: Int, allPods: Bool) {
            guard !nodes.isEmpty else { return }
            let columns = max(1, min(nodes.count, width / MapLayout.minBoxWidth))
            let boxWidth = width / columns
            var index = 0
            while index < nodes.count {
                let row = Array(nodes[index..<min(nodes.count, index + columns)])
                let podRows = row.map { allPods ? $0.pods.count : min($0.pods.count, MapLayout.maxPodsPerBox) }
                let height = 3 + (podRows.max() ?? 0) + (row.contains { !allPods && $0.pods.count > MapLayout.maxPodsPerBox } ? 1 : 0)
                for (c, node) in row.enumerated() {
                    let rect = Rect(x: c * boxWidth, y: y, width: boxWidth - 1, height: height)
                    nodeBox(node, rect: rect, allPods: allPods)
                }
                y += height + spacing - 1
                index += columns
            }
        }

        mutating func nodeBox(_ node: NodeView, rect: Rect, allPods: Bool) {
            // Title: name, role and InternalIP; when that does not fit, the role moves to
            // the first line inside the box.
            let full = "\(node.name) · \(node.role) · \(node.internalIP)"
            let fits = CharWidth.width(of: full) <= rect.width - 4
            let title = fits ? full : "\(node.name) · \(node.internalIP)"
            let role: Role = node.isControlPlane ? .controlPlane : .node
            elements.append(MapElement(shape: .box(title: lines.text(title)), rect: rect, style: Style(role, bold: true), id: node.id))
            order.append(node.id)
            anchors[node.id] = Rect(x: rect.x + 1, y: rect.y, width: 1, height: 1)
            let inner = rect.width - 4
            let savedY = y
            y = rect.y + 1
            let prefixLength = node.podCIDR.split(separator: "/").last.map { "/" + $0 } ?? ""
            var bridge = node.bridgeName.isEmpty ? "podCIDR \(node.podCIDR)" : "\(node.bridgeName) \(node.bridgeGateway.isEmpty ? node.podCIDR : node.bridgeGateway + prefixLength)"
            if !fits { bridge = node.role + " · " + bridge }
            text(bridge, x: rect.x + 2, style: Style(.bridge), id: "iface:\(node.name)/\(node.bridgeName.isEmpty ? "eth0" : node.bridgeName)", maxWidth: inner)
            order.removeLast()
            let shown = allPods ? node.pods : Array(node.pods.prefix(MapLayout.maxPodsPerBox))
            for pod in shown {
                y += 1
                let bullet = pod.ready ? lines.bullet : lines.hollowBullet
                let ipWidth = CharWidth.width(of: pod.ip)
                let nameWidth = max(4, inner - ipWidth - 3)
                let name = CharWidth.pad(pod.name, to: nameWidth)
                text("\(bullet) \(name) \(pod.ip)", x: rect.x + 2, style: Style(pod.ready ? nsRole(pod.namespace) : .podNotReady), id: pod.id, maxWidth: inner)
            }
            if shown.count < node.pods.count {
                y += 1
                text("… \(node.pods.count - shown.count) more (Enter zooms)", x: rect.x + 2, style: Style(.dim), maxWidth: inner)
            }
            y = savedY
        }

        mutating func collapsedNodes(_ nodes: [NodeView], groupByRole: Bool) {
            text(strings.nodesCollapsed + " · \(nodes.count)", x: 0, style: Style(.title, bold: true))
            y += 1
            let groups: [(String, [NodeView])]
            if groupByRole {
                var roles: [String] = []
                for n in nodes where !roles.contains(n.role) { roles.append(n.role) }
                groups = roles.map { r in (r, nodes.filter { $0.role == r }) }
            } else {
                groups = [("", nodes)]
            }
            let nameWidth = min(28, nodes.map { CharWidth.width(of: $0.name) }.max() ?? 8)
            for (role, members) in groups {
                if !role.isEmpty {
                    text("\(role) (\(members.count))", x: 0, style: Style(.title, bold: true))
                    y += 1
                }
                for n in members {
                    let nsList = Array(Set(n.pods.map(\.namespace))).sorted().prefix(3).joined(separator: ",")
                    let ready = n.pods.filter(\.ready).count
                    let cidr = width >= 96 ? CharWidth.pad(n.podCIDR, to: 18) + " " : ""
                    let line = "\(lines.marker) \(CharWidth.pad(n.name, to: nameWidth)) \(CharWidth.pad(n.role, to: 13)) \(CharWidth.pad(n.internalIP, to: 15)) \(cidr)\(ready)/\(n.pods.count) pods  \(nsList)"
                    text(lines.text(line), x: 1, style: Style(n.isControlPlane ? .controlPlane : .node), id: n.id)
                    y += 1
                }
            }
        }

        mutating func servicesBand(_ services: [ServiceView]) {
            elements.append(MapElement(shape: .rule(title: strings.services + " · \(services.count)"), rect: Rect(x: 0, y: y, width: width, height: 1), style: Style(.border), id: nil))
            y += 1
            guard !services.isEmpty else { return }
            let nameWidth = min(28, max(12, services.map { CharWidth.width(of: $0.name) }.max() ?? 12))
            let columnWidth = min(width, nameWidth + 40)
            let columns = max(1, width / columnWidth)
            for (i, s) in services.enumerated() {
                let col = i % columns
                if col == 0 && i > 0 { y += 1 }
                let ip = s.clusterIP.isEmpty ? s.externalName : s.clusterIP
                let eps = s.clusterIP.isEmpty ? "" : " \(s.readyEndpoints) ep"
                let line = "\(CharWidth.pad(s.name, to: nameWidth)) \(CharWidth.pad(ip, to: 15)) \(s.ports.joined(separator: ","))\(eps)"
                text(line, x: col * columnWidth, style: Style(.service), id: s.id, maxWidth: columnWidth - 1)
            }
            y += 1
        }
    }
}
