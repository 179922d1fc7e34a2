/// Renders the whole frame: a pure function of the state, the terminal size and time.
///
/// The same function serves the live terminal (TerminalUI blits the buffer), `kubewalk
/// screenshot` and the golden-frame tests, so a frame in a test is the frame a user sees.
public func render(_ state: AppState, size: Size, time now: Double) -> CellBuffer {
    var buf = CellBuffer(size: size, lines: state.lines)
    let s = state.strings
    guard let layout = ScreenLayout.compute(size: size, state: state) else {
        let a = "\(s.tooSmall): \(size.width)x\(size.height)"
        let b = "\(s.needs) \(ScreenLayout.minimum.width)x\(ScreenLayout.minimum.height)"
        let y = max(0, size.height / 2 - 1)
        buf.put(a, x: max(0, (size.width - CharWidth.width(of: a)) / 2), y: y, style: Style(.warning, bold: true))
        buf.put(b, x: max(0, (size.width - CharWidth.width(of: b)) / 2), y: y + 1, style: Style(.text))
        return buf
    }
    let mapLayout = state.layoutCache.layout(for: state, width: layout.map.width - 3)
    var scroll = max(0, min(state.mapScroll, mapLayout.contentHeight - (layout.map.height - 2)))
    // Follow the packet: when the hop it is at lies outside the visible rows, this frame
    // scrolls to it (the user's scroll position is kept in the state).
    if let y = MapRenderer(state: state, now: now).packetRow(layout: mapLayout) {
        let visible = layout.map.height - 2
        if y < scroll || y >= scroll + visible { scroll = max(0, min(y - visible / 2, mapLayout.contentHeight - visible)) }
    }
    MapRenderer(state: state, now: now).draw(into: &buf, rect: layout.map, layout: mapLayout, scroll: scroll)
    let panes = PaneRenderer(state: state, now: now)
    if let r = layout.steps { panes.steps(&buf, rect: r) }
    if let r = layout.detail {
        var preformatted = false
        if case .text = state.detailSource { preformatted = true }
        panes.detail(&buf, rect: r, lines: DetailContent(state: state, now: now).lines(), preformatted: preformatted)
    }
    if let r = layout.narration { panes.narration(&buf, rect: r) }
    if let r = layout.hopLine { panes.hopLine(&buf, rect: r) }
    drawStatus(&buf, layout.status, state: state, now: now)
    drawCommandLine(&buf, layout.command, state: state)
    if state.helpVisible { drawHelp(&buf, state: state) }
    return buf
}

/// True while frames change with time, so the terminal layer runs the 30 fps loop;
/// otherwise it blocks on input.
public func isAnimating(_ state: AppState, time now: Double) -> Bool {
    guard let trace = state.trace else { return false }
    return state.playback.isAnimating(at: now, hopCount: trace.hops.count)
}

func drawStatus(_ buf: inout CellBuffer, _ r: Rect, state: AppState, now: Double) {
    let s = state.strings
    buf.fill(r, style: Style(.statusBar))
    var mode = s.modeMap
    if state.trace != nil { mode = s.modeTrace }
    if state.walkthrough != nil { mode = s.modeWalkthrough }
    if state.commandLine != nil { mode = s.modeCommand }
    if state.filterEditor != nil { mode = s.modeFilter }
    if state.helpVisible { mode = s.modeHelp }
    let left = " kubewalk · \(state.cluster.view.name) · \(mode) "
    let x = buf.put(left, x: r.x, y: r.y, style: Style(.statusKey, bold: true), clip: r)
    let keys = s.statusKeys(tracing: state.trace != nil, walkthrough: state.walkthrough != nil)
    buf.put(" " + state.lines.text(keys), x: x, y: r.y, style: Style(.statusBar), clip: r)
}

func drawCommandLine(_ buf: inout CellBuffer, _ r: Rect, state: AppState) {
    if let editor = state.commandLine {
        let end = buf.put(":" + editor.text, x: r.x, y: r.y, style: Style(.commandLine), clip: r)
        buf.put(" ", x: end, y: r.y, style: Style(.commandLine, reverse: true), clip: r)
        if editor.completions.count > 1 {
            let list = editor.completions.prefix(8).joined(separator: "  ")
            buf.put("  " + list, x: end + 2, y: r.y, style: Style(.dim), clip: r)
        }
    } else if let editor = state.filterEditor {
        let end = buf.put("/" + editor.text, x: r.x, y: r.y, style: Style(.commandLine), clip: r)
        buf.put(" ", x: end, y: r.y, style: Style(.commandLine, reverse: true), clip: r)
    } else if let message = state.message {
        buf.put(CharWidth.truncate(message, to: r.width), x: r.x, y: r.y, style: Style(state.messageIsError ? .error : .note), clip: r)
    }
}

func drawHelp(_ buf: inout CellBuffer, state: AppState) {
    let s = state.strings
    let entries = s.helpEntries
    let commands = s.commandEntries
    let keyWidth = 20
    let width = min(buf.width - 4, 78)
    let height = min(buf.height - 2, entries.count + commands.count + 3)
    let rect = Rect(x: (buf.width - width) / 2, y: max(0, (buf.height - 2 - height) / 2), width: width, height: height)
    buf.fill(rect, style: Style(.overlay))
    buf.box(rect, title: s.help + " · ?/Esc", style: Style(.focusBorder))
    let inner = rect.inset(1)
    var y = inner.y
    for (k, v) in entries {
        if y >= inner.maxY { break }
        buf.put(state.lines.text(k).padded(to: keyWidth), x: inner.x + 1, y: y, style: Style(.highlight, bold: true), clip: inner)
        buf.put(v, x: inner.x + 1 + keyWidth, y: y, style: Style(.overlay), clip: inner)
        y += 1
    }
    y += 1
    if y + commands.count > inner.maxY {
        // Not enough rows for the command list: one compact line instead.
        let compact = ":trace :dns :http :node :get -A :cluster :theme :lang :walkthrough :q"
        buf.put(compact, x: inner.x + 1, y: min(y, inner.maxY - 1), style: Style(.highlight, bold: true), clip: inner)
        return
    }
    for (k, v) in commands {
        if y >= inner.maxY { break }
        let kw = max(keyWidth, CharWidth.width(of: k) + 2)
        buf.put(k, x: inner.x + 1, y: y, style: Style(.highlight, bold: true), clip: inner)
        buf.put(v, x: inner.x + 1 + kw, y: y, style: Style(.overlay), clip: inner)
        y += 1
    }
}
