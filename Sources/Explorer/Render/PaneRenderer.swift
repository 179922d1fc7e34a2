/// Draws the Steps, Detail and walkthrough panes.
struct PaneRenderer {
    let state: AppState
    let now: Double

    var s: Strings { state.strings }

    func steps(_ buf: inout CellBuffer, rect: Rect) {
        let focused = state.focus == .steps
        var title = s.steps
        if let trace = state.trace {
            title += " · " + (state.playback.playing ? s.playing : s.paused) + " · \(s.speed) \(speedText)"
            if trace.outcomeCount > 1 { title += " · \(trace.pick)/\(trace.outcomeCount)" }
        }
        buf.box(rect, title: title, style: Style(focused ? .focusBorder : .border))
        let inner = rect.inset(1)
        guard let trace = state.trace else {
            var y = inner.y
            for l in CharWidth.wrap(s.noTrace, to: inner.width - 2) {
                buf.put(l, x: inner.x + 1, y: y, style: Style(.dim), clip: inner)
                y += 1
            }
            return
        }
        let current = state.currentHop(at: now) ?? 0
        buf.put(CharWidth.truncate(trace.request, to: inner.width - 1), x: inner.x + 1, y: inner.y, style: Style(.title, bold: true), clip: inner)
        let rows = inner.height - 2
        guard rows > 0 else { return }
        let first = max(0, min(current - rows / 2, trace.hops.count - rows))
        for (row, i) in (first..<min(trace.hops.count, first + rows)).enumerated() {
            let hop = trace.hops[i]
            let mark = i == current ? String(state.lines.marker) : " "
            let line = "\(mark)\(String(i + 1).leftPadded(to: 3)) \(hop.kind.padded(to: 10)) \(hop.decision)"
            let style = i == current ? Style(.highlight, bold: true, reverse: focused) : Style(i < current ? .dim : .text)
            buf.put(CharWidth.pad(state.lines.text(line), to: inner.width), x: inner.x, y: inner.y + 1 + row, style: style, clip: inner)
        }
        let outcome = "\(s.outcome): \(trace.outcome.summary)"
        buf.put(CharWidth.truncate(outcome, to: inner.width - 1), x: inner.x + 1, y: inner.maxY - 1,
                style: Style(trace.outcome.status == "delivered" ? .external : .warning, bold: true), clip: inner)
    }

    var speedText: String {
        let v = state.playback.speed
        return v == v.rounded() ? "\(Int(v))×" : "\(v)×"
    }

    /// - Parameter preformatted: a command's output (kubectl-style tables): lines are cut at
    ///   the pane's edge instead of wrapped, so columns stay aligned.
    func detail(_ buf: inout CellBuffer, rect: Rect, lines: [(String, Style)], preformatted: Bool = false) {
        let focused = state.focus == .detail
        buf.box(rect, title: s.detail, style: Style(focused ? .focusBorder : .border))
        let inner = rect.inset(1)
        var wrapped: [(String, Style)] = []
        for (text, style) in lines {
            if preformatted {
                wrapped.append((CharWidth.truncate(text, to: max(1, inner.width - 1)), style))
            } else {
                for l in CharWidth.wrap(text, to: max(1, inner.width - 2)) { wrapped.append((l, style)) }
            }
        }
        let scroll = max(0, min(state.detailScroll, wrapped.count - inner.height))
        for (row, item) in wrapped.dropFirst(scroll).prefix(inner.height).enumerated() {
            buf.put(item.0, x: inner.x + 1, y: inner.y + row, style: item.1, clip: inner)
        }
        if wrapped.count - scroll > inner.height { buf.put(state.lines.text("▼"), x: rect.maxX - 2, y: rect.maxY - 1, style: Style(.dim)) }
    }

    func narration(_ buf: inout CellBuffer, rect: Rect) {
        guard let w = state.walkthrough, !w.steps.isEmpty else { return }
        let i = max(0, min(state.walkthroughStep, w.steps.count - 1))
        let step = w.steps[i]
        let title = "\(s.walkthrough) · \(w.title.text(state.language)) · \(s.step) \(i + 1)/\(w.steps.count)"
        buf.box(rect, title: title, style: Style(.focusBorder), titleStyle: Style(.title, bold: true))
        let inner = rect.inset(1)
        buf.fill(inner, style: Style(.narration))
        buf.put(step.title.text(state.language), x: inner.x + 1, y: inner.y, style: Style(.highlight, bold: true), clip: inner)
        var y = inner.y + (state.presenter ? 2 : 1)
        for l in CharWidth.wrap(step.narration.text(state.language), to: inner.width - 2) {
            if y >= inner.maxY { break }
            buf.put(l, x: inner.x + 1, y: y, style: Style(.narration), clip: inner)
            y += 1
        }
        let hint = state.lines.text("PgDn ▶  PgUp ◀  Esc ✗")
        buf.put(hint, x: rect.maxX - CharWidth.width(of: hint) - 2, y: rect.maxY - 1, style: Style(.dim))
    }

    /// Presenter mode's one-line current hop.
    func hopLine(_ buf: inout CellBuffer, rect: Rect) {
        guard let trace = state.trace, let i = state.currentHop(at: now), i < trace.hops.count else { return }
        let hop = trace.hops[i]
        buf.box(rect, title: "\(s.step) \(i + 1)/\(trace.hops.count) · \(hop.kind) · \(hop.place)", style: Style(.border))
        let inner = rect.inset(1)
        buf.put(CharWidth.truncate(hop.decision + " — " + hop.explanation, to: inner.width - 2), x: inner.x + 1, y: inner.y, style: Style(.highlight, bold: true), clip: inner)
    }
}

extension String {
    func padded(to n: Int) -> String { CharWidth.pad(self, to: n) }
    func leftPadded(to n: Int) -> String { String(repeating: " ", count: max(0, n - CharWidth.width(of: self))) + self }
}
