/// Draws the map pane: the laid-out topology, the selection, a selected Service's
/// endpoints, and the travelling packet with its trail and header label.
struct MapRenderer {
    let state: AppState
    let now: Double

    func draw(into buf: inout CellBuffer, rect: Rect, layout: MapLayout, scroll: Int) {
        let focused = state.focus == .map
        let title = state.strings.map + " · " + state.cluster.view.name + (state.filter.isEmpty ? "" : "  [\(state.strings.filterLabel): \(state.filter)]")
            + (state.zoomedNode.map { "  [\($0)]" } ?? "")
        buf.box(rect, title: title, style: Style(focused ? .focusBorder : .border), titleStyle: Style(.title, bold: true))
        let inner = rect.inset(1)
        let area = Rect(x: inner.x + 1, y: inner.y, width: inner.width - 1, height: inner.height)
        let endpoints = Set(state.selectedID.flatMap { state.cluster.view.service(id: $0) }?.endpointPodIDs ?? [])
        for e in layout.elements {
            let y = area.y + e.rect.y - scroll
            if e.rect.maxY - 1 - scroll < 0 || e.rect.y - scroll >= area.height { continue }
            let x = area.x + e.rect.x
            var style = e.style
            if let id = e.id, endpoints.contains(id) { style = Style(.endpoint, bold: true) }
            let selected = e.id != nil && e.id == state.selectedID
            switch e.shape {
            case let .text(t):
                if selected { style = Style(.selection, bold: true) }
                var shown = t
                if let id = e.id, endpoints.contains(id) {
                    // An endpoint of the selected Service: its bullet becomes an arrow.
                    shown = String(state.lines.arrowRight) + String(t.unicodeScalars.dropFirst().map(Character.init))
                }
                buf.put(shown, x: x, y: y, style: style, clip: area)
            case let .box(title):
                drawBox(&buf, Rect(x: x, y: y, width: e.rect.width, height: e.rect.height), title: title, style: style, selected: selected, clip: area)
            case let .rule(title):
                if y >= area.y && y < area.maxY {
                    buf.hline(x: area.x, y: y, length: area.width)
                    buf.put(" " + title + " ", x: area.x + 2, y: y, style: Style(.title, bold: true), clip: area)
                }
            }
        }
        if scroll > 0 { buf.put(state.lines.text("▲"), x: rect.maxX - 2, y: rect.y, style: Style(.dim)) }
        if layout.contentHeight - scroll > area.height { buf.put(state.lines.text("▼"), x: rect.maxX - 2, y: rect.maxY - 1, style: Style(.dim)) }
        drawPacket(&buf, area: area, layout: layout, scroll: scroll)
    }

    /// A box that may be partly scrolled off: only its visible rows are drawn.
    func drawBox(_ buf: inout CellBuffer, _ r: Rect, title: String, style: Style, selected: Bool, clip: Rect) {
        let border = Style(.border)
        for row in r.y..<r.maxY where row >= clip.y && row < clip.maxY {
            if row == r.y {
                buf.put(String(buf.lines.topLeft), x: r.x, y: row, style: border, clip: clip)
                for i in 1..<max(1, r.width - 1) { buf.put(String(buf.lines.horizontal), x: r.x + i, y: row, style: border, clip: clip) }
                buf.put(String(buf.lines.topRight), x: r.maxX - 1, y: row, style: border, clip: clip)
                let t = CharWidth.truncate(" " + title + " ", to: max(0, r.width - 3))
                buf.put(t, x: r.x + 1, y: row, style: selected ? Style(.selection, bold: true) : style, clip: clip)
            } else if row == r.maxY - 1 {
                buf.put(String(buf.lines.bottomLeft), x: r.x, y: row, style: border, clip: clip)
                for i in 1..<max(1, r.width - 1) { buf.put(String(buf.lines.horizontal), x: r.x + i, y: row, style: border, clip: clip) }
                buf.put(String(buf.lines.bottomRight), x: r.maxX - 1, y: row, style: border, clip: clip)
            } else {
                buf.put(String(buf.lines.vertical), x: r.x, y: row, style: border, clip: clip)
                buf.put(String(buf.lines.vertical), x: r.maxX - 1, y: row, style: border, clip: clip)
            }
        }
    }

    /// The anchor point of a topology id on the map, falling back from an interface or
    /// bridge to its node, and from a pod that is filtered away to its node.
    func point(for id: String?, layout: MapLayout) -> (x: Int, y: Int)? {
        guard let id else { return nil }
        if let r = layout.anchors[id] { return (r.x, r.y) }
        let view = state.cluster.view
        if id.hasPrefix("pod:"), let pod = view.pod(id: id), let r = layout.anchors["node:" + pod.node] { return (r.x, r.y) }
        if id.hasPrefix("iface:") {
            let rest = id.dropFirst(6)
            let node = String(rest.prefix { $0 != "/" })
            if let r = layout.anchors["iface:" + rest] ?? layout.anchors["node:" + node] { return (r.x, r.y) }
        }
        if id.hasPrefix("ingress:") || id.hasPrefix("gateway:") {
            // A controller: its entry point, its Service, or one of its pods.
            let ref = String(id.drop { $0 != ":" }.dropFirst())
            for candidate in ["entry:" + ref, "svc:" + ref] { if let r = layout.anchors[candidate] { return (r.x, r.y) } }
            let ns = String(ref.prefix { $0 != "/" }), name = String(ref.drop { $0 != "/" }.dropFirst())
            if let pod = view.pods.first(where: { $0.namespace == ns && $0.name.hasPrefix(name) }) { return point(for: pod.id, layout: layout) }
        }
        return nil
    }

    func drawPacket(_ buf: inout CellBuffer, area: Rect, layout: MapLayout, scroll: Int) {
        guard let trace = state.trace, !trace.hops.isEmpty else { return }
        let count = trace.hops.count
        let progress = state.playback.progress(at: now, hopCount: count)
        let index = max(0, min(count - 1, Int(progress)))
        let frac = progress - Double(index)
        let hop = trace.hops[index]
        guard let to = point(for: hop.locationID, layout: layout) else { return }
        // Travel from the hop's own `from` element when it names one, else from where the
        // previous hop left the packet.
        let fromID = hop.elements.count >= 2 ? hop.elements.first : (index > 0 ? trace.hops[index - 1].locationID : nil)
        let from = point(for: fromID, layout: layout) ?? to
        let path = manhattan(from, to)
        let travel = frac >= Playback.travelShare - 1e-9 ? 1 : frac / Playback.travelShare
        let pos = Int((Double(path.count - 1) * travel).rounded())
        let trailLength = 8
        for i in max(0, pos - trailLength)..<pos {
            let p = path[i]
            let x = area.x + p.x, y = area.y + p.y - scroll
            // The trail never hides text: it is drawn on blanks and lines only.
            guard area.contains(x: x, y: y), let under = buf.cell(x: x, y: y), !under.isContinuation,
                  under.scalar == " " || under.scalar == buf.lines.horizontal || under.scalar == buf.lines.vertical else { continue }
            buf.set(x: x, y: y, Cell(state.lines.trail, style: Style(.trail, bold: true)))
        }
        let p = path[max(0, min(path.count - 1, pos))]
        let px = area.x + p.x, py = area.y + p.y - scroll
        buf.put(String(state.lines.packet), x: px, y: py, style: Style(.packet, bold: true), clip: area)
        // The label shows the headers of the moment: before the hop's decision while
        // travelling, after it while paused there (a DNAT changes them visibly).
        let arrived = travel >= 1
        let headers = arrived ? hop.after : hop.before
        guard !headers.src.isEmpty || !headers.dst.isEmpty else { return }
        let changedDst = arrived && hop.after.dst != hop.before.dst
        let changedSrc = arrived && hop.after.src != hop.before.src
        let ly = py > area.y ? py - 1 : py + 1
        let arrow = state.lines.text(" → ")
        var lx = min(px + 2, area.maxX - CharWidth.width(of: headers.src + arrow + headers.dst + " " + headers.proto) - 2)
        lx = max(area.x, lx)
        lx = buf.put(" " + headers.src, x: lx, y: ly, style: Style(changedSrc ? .changed : .label, bold: changedSrc), clip: area)
        lx = buf.put(arrow, x: lx, y: ly, style: Style(.label), clip: area)
        lx = buf.put(headers.dst, x: lx, y: ly, style: Style(changedDst ? .changed : .label, bold: changedDst), clip: area)
        buf.put(" " + headers.proto + " ", x: lx, y: ly, style: Style(.label), clip: area)
    }

    /// The map row of the hop the packet is at, if a trace is showing.
    func packetRow(layout: MapLayout) -> Int? {
        guard let trace = state.trace, !trace.hops.isEmpty else { return nil }
        let i = state.playback.hopIndex(at: now, hopCount: trace.hops.count)
        return point(for: trace.hops[i].locationID, layout: layout)?.y
    }

    /// A right-angled path from `a` to `b` whose horizontal leg runs on the upper of the
    /// two rows (box titles and the edge row), where it crosses the least text.
    func manhattan(_ a: (x: Int, y: Int), _ b: (x: Int, y: Int)) -> [(x: Int, y: Int)] {
        var pts: [(x: Int, y: Int)] = [a]
        var x = a.x, y = a.y
        func horizontal() { while x != b.x { x += x < b.x ? 1 : -1; pts.append((x, y)) } }
        func vertical() { while y != b.y { y += y < b.y ? 1 : -1; pts.append((x, y)) } }
        if a.y <= b.y { horizontal(); vertical() } else { vertical(); horizontal() }
        return pts
    }
}
