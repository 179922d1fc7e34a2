/// Where each pane goes for a given terminal size and state. The layout adapts from
/// 80×24 upwards; below `minimum` the screen says how much room it needs.
public struct ScreenLayout: Hashable, Sendable {
    public var map: Rect
    public var steps: Rect?
    public var detail: Rect?
    public var narration: Rect?
    /// Presenter mode: one line with the current hop.
    public var hopLine: Rect?
    public var status: Rect
    public var command: Rect

    public static let minimum = Size(width: 60, height: 16)

    /// nil when the terminal is smaller than `minimum`.
    public static func compute(size: Size, state: AppState) -> ScreenLayout? {
        guard size.width >= minimum.width, size.height >= minimum.height else { return nil }
        let w = size.width
        let bodyHeight = size.height - 2
        let status = Rect(x: 0, y: size.height - 2, width: w, height: 1)
        let command = Rect(x: 0, y: size.height - 1, width: w, height: 1)
        var body = Rect(x: 0, y: 0, width: w, height: bodyHeight)
        var narration: Rect?
        if let lesson = state.walkthrough, !lesson.steps.isEmpty {
            // As tall as the narration needs (title, a blank in presenter mode, the
            // wrapped paragraph, borders), at most a third of the screen.
            let step = lesson.steps[max(0, min(state.walkthroughStep, lesson.steps.count - 1))]
            let lines = CharWidth.wrap(step.narration.text(state.language), to: max(1, w - 4)).count
            let h = max(4, min(lines + (state.presenter ? 4 : 3), bodyHeight / 2))
            narration = Rect(x: 0, y: body.maxY - h, width: w, height: h)
            body.height -= h
        }
        // A command's output (a kubectl table) being read: Detail takes the whole width.
        if case .text = state.detailSource, state.focus == .detail, !state.presenter {
            return ScreenLayout(map: Rect(x: 0, y: 0, width: 0, height: 0), steps: nil, detail: body, narration: narration,
                                hopLine: nil, status: status, command: command)
        }
        // A short terminal narrating with nothing to step through: map and narration only.
        let narratingOnly = narration != nil && state.trace == nil && size.height < 30
        if state.presenter || narratingOnly {
            var hopLine: Rect?
            if state.trace != nil {
                hopLine = Rect(x: 0, y: body.maxY - 3, width: w, height: 3)
                body.height -= 3
            }
            return ScreenLayout(map: body, steps: nil, detail: nil, narration: narration, hopLine: hopLine, status: status, command: command)
        }
        if w >= 110 {
            let side = max(40, w * 36 / 100)
            let map = Rect(x: 0, y: 0, width: w - side, height: body.height)
            let stepsHeight = state.trace == nil ? 5 : min(max(6, (state.trace?.hops.count ?? 0) + 4), body.height / 2)
            let steps = Rect(x: map.maxX, y: 0, width: side, height: stepsHeight)
            let detail = Rect(x: map.maxX, y: steps.maxY, width: side, height: body.height - stepsHeight)
            return ScreenLayout(map: map, steps: steps, detail: detail, narration: narration, hopLine: nil, status: status, command: command)
        }
        let lower = max(7, body.height * 2 / 5)
        let map = Rect(x: 0, y: 0, width: w, height: body.height - lower)
        let stepsWidth = w * 45 / 100
        let steps = Rect(x: 0, y: map.maxY, width: stepsWidth, height: lower)
        let detail = Rect(x: stepsWidth, y: map.maxY, width: w - stepsWidth, height: lower)
        return ScreenLayout(map: map, steps: steps, detail: detail, narration: narration, hopLine: nil, status: status, command: command)
    }
}
