/// The explorer's state machine: one event in, the next state out. Pure: `now` is passed
/// in (seconds on any monotonic clock), engines are called through `state.engines`.
public func update(_ state: AppState, _ event: Event, time now: Double) -> AppState {
    var s = state
    switch event {
    case let .resize(size):
        s.lastSize = size
        s.ensureSelectionVisible()
    case let .mouse(m):
        s.handleMouse(m, now: now)
    case let .key(key):
        if s.helpVisible {
            if key == .escape || key == .char("?") || key == .char("q") || key == .enter { s.helpVisible = false }
            return s
        }
        if s.commandLine != nil {
            s.editCommand(key, now: now)
        } else if s.filterEditor != nil {
            s.editFilter(key)
        } else {
            s.normalKey(key, now: now)
        }
    }
    return s
}

extension AppState {
    /// The layouts of the current frame size (nil when the terminal is too small).
    func layouts() -> (screen: ScreenLayout, map: MapLayout)? {
        guard let screen = ScreenLayout.compute(size: lastSize, state: self) else { return nil }
        return (screen, layoutCache.layout(for: self, width: screen.map.width - 3))
    }

    mutating func normalKey(_ key: Key, now: Double) {
        message = nil
        let hopCount = trace?.hops.count ?? 0
        switch key {
        case .char("q"), .ctrl("c"): quitRequested = true
        case .char("?"): helpVisible = true
        case .char(":"): commandLine = LineEditor()
        case .char("/"): filterEditor = LineEditor(text: filter)
        case .tab: cycleFocus(forward: true)
        case .backTab: cycleFocus(forward: false)
        case .ctrl("l"): redrawRequested = true
        case .escape: back()
        case .enter: open()
        case .down, .char("j"): move(1, now: now)
        case .up, .char("k"): move(-1, now: now)
        case .left, .char("h"): moveNode(-1)
        case .right, .char("l"): moveNode(1)
        case .pageDown, .char("]"):
            if walkthrough != nil { walkthroughGo(walkthroughStep + 1, now: now) } else { scrollPage(1) }
        case .pageUp, .char("["):
            if walkthrough != nil { walkthroughGo(walkthroughStep - 1, now: now) } else { scrollPage(-1) }
        case .home: mapScroll = 0; detailScroll = 0
        case .end: mapScroll = Int.max / 2
        case .char("c"): collapsed = !(layouts()?.map.collapsed ?? false); mapScroll = 0; ensureSelectionVisible()
        case .char("g"): groupByRole.toggle(); if collapsed == nil { collapsed = true }
        case .char("t"): startTracePrompt()
        case .char(" "), .char("n"):
            guard hopCount > 0 else { return noTrace() }
            playback.jump(to: playback.hopIndex(at: now, hopCount: hopCount) + 1, at: now, hopCount: hopCount)
            detailSource = .hop
        case .char("p"), .backspace:
            guard hopCount > 0 else { return noTrace() }
            playback.jump(to: playback.hopIndex(at: now, hopCount: hopCount) - 1, at: now, hopCount: hopCount)
            detailSource = .hop
        case .char("a"):
            guard hopCount > 0 else { return noTrace() }
            playback.togglePlay(at: now, hopCount: hopCount)
        case .char("+"), .char("="):
            playback.changeSpeed(faster: true, at: now, hopCount: max(hopCount, 1))
            say("\(strings.speed) \(playback.speed)×")
        case .char("-"):
            playback.changeSpeed(faster: false, at: now, hopCount: max(hopCount, 1))
            say("\(strings.speed) \(playback.speed)×")
        case .char("r"):
            guard hopCount > 0 else { return noTrace() }
            playback.restart(at: now)
        case .char("o"): nextOutcome(now: now)
        default: break
        }
    }

    mutating func noTrace() { say(strings.noTrace) }

    mutating func cycleFocus(forward: Bool) {
        let panes: [Pane] = presenter ? [.map] : Pane.allCases
        let i = panes.firstIndex(of: focus) ?? 0
        focus = panes[(i + (forward ? 1 : panes.count - 1)) % panes.count]
    }

    mutating func back() {
        if zoomedNode != nil { zoomedNode = nil; ensureSelectionVisible(); return }
        if focus != .map { focus = .map; return }
        if !filter.isEmpty { filter = ""; return }
        if trace != nil { trace = nil; detailSource = .selection; return }
        if case .text = detailSource { detailSource = .selection; return }
        if walkthrough != nil { walkthrough = nil; return }
        selectedID = nil
    }

    mutating func open() {
        switch focus {
        case .map:
            guard let id = selectedID else { return }
            if id.hasPrefix("node:") {
                zoomedNode = zoomedNode == nil ? String(id.dropFirst(5)) : nil
                mapScroll = 0
            }
            detailSource = .selection
            detailScroll = 0
        case .steps:
            focus = .detail
            detailSource = .hop
        case .detail: break
        }
    }

    mutating func move(_ delta: Int, now: Double) {
        switch focus {
        case .map:
            guard let order = layouts()?.map.order, !order.isEmpty else { return }
            let i = selectedID.flatMap { order.firstIndex(of: $0) } ?? (delta > 0 ? -1 : order.count)
            selectedID = order[max(0, min(order.count - 1, i + delta))]
            detailSource = .selection
            detailScroll = 0
            ensureSelectionVisible()
        case .steps:
            guard let count = trace?.hops.count, count > 0 else { return }
            playback.jump(to: playback.hopIndex(at: now, hopCount: count) + delta, at: now, hopCount: count)
            detailSource = .hop
        case .detail:
            detailScroll = max(0, detailScroll + delta)
        }
    }

    /// ←/→ on the map: the previous/next node.
    mutating func moveNode(_ delta: Int) {
        guard focus == .map, let order = layouts()?.map.order else { return }
        let nodes = order.filter { $0.hasPrefix("node:") }
        guard !nodes.isEmpty else { return }
        var current = selectedID.flatMap { nodes.firstIndex(of: $0) }
        if current == nil, let sel = selectedID, let pod = cluster.view.pod(id: sel) { current = nodes.firstIndex(of: "node:" + pod.node) }
        let i = current ?? (delta > 0 ? -1 : nodes.count)
        selectedID = nodes[max(0, min(nodes.count - 1, i + delta))]
        detailSource = .selection
        ensureSelectionVisible()
    }

    mutating func scrollPage(_ delta: Int) {
        let page = max(1, (layouts()?.screen.map.height ?? 10) - 3)
        switch focus {
        case .detail: detailScroll = max(0, detailScroll + delta * page)
        default: mapScroll = max(0, mapScroll + delta * page)
        }
    }

    /// Scrolls the map so the selected element is on screen.
    mutating func ensureSelectionVisible() {
        guard let (screen, map) = layouts() else { return }
        let visible = screen.map.height - 2
        mapScroll = max(0, min(mapScroll, map.contentHeight - visible))
        guard let id = selectedID, let r = map.anchors[id] else { return }
        if r.y < mapScroll { mapScroll = r.y }
        if r.y >= mapScroll + visible { mapScroll = r.y - visible + 1 }
    }

    mutating func startTracePrompt() {
        guard let id = selectedID else { return say("select a pod or an external client first, then press t") }
        if let pod = cluster.view.pod(id: id) {
            commandLine = LineEditor(text: "trace --from \(pod.qualifiedName) ")
        } else if id.hasPrefix("ext:") {
            commandLine = LineEditor(text: "trace --from external/\(id.dropFirst(4)) ")
        } else if id.hasPrefix("node:") {
            commandLine = LineEditor(text: "trace --from node/\(id.dropFirst(5)) ")
        } else {
            say("t traces from a pod, a node or an external client; select one first")
        }
    }

    mutating func nextOutcome(now: Double) {
        guard let t = trace else { return noTrace() }
        guard t.outcomeCount > 1 else { return say("this request has only one outcome") }
        runTrace(arguments: traceArguments, pick: t.pick % t.outcomeCount + 1, now: now)
    }

    mutating func handleMouse(_ m: MouseEvent, now: Double) {
        guard mouseEnabled, let (screen, map) = layouts() else { return }
        switch m.kind {
        case .wheelUp, .wheelDown:
            let d = m.kind == .wheelDown ? 3 : -3
            if let r = screen.detail, r.contains(x: m.x, y: m.y) { detailScroll = max(0, detailScroll + d) } else { mapScroll = max(0, mapScroll + d) }
        case .click:
            if screen.map.contains(x: m.x, y: m.y) {
                focus = .map
                let visible = screen.map.height - 2
                let scroll = max(0, min(mapScroll, map.contentHeight - visible))
                if let id = map.id(atX: m.x - screen.map.x - 2, y: m.y - screen.map.y - 1 + scroll) {
                    selectedID = id
                    detailSource = .selection
                    detailScroll = 0
                }
            } else if let r = screen.steps, r.contains(x: m.x, y: m.y) {
                focus = .steps
                if let count = trace?.hops.count, count > 0 {
                    let rows = r.height - 4
                    let current = playback.hopIndex(at: now, hopCount: count)
                    let first = max(0, min(current - rows / 2, count - rows))
                    let row = m.y - r.y - 2
                    if row >= 0 && first + row < count { playback.jump(to: first + row, at: now, hopCount: count); detailSource = .hop }
                }
            } else if let r = screen.detail, r.contains(x: m.x, y: m.y) {
                focus = .detail
            }
        }
    }
}
