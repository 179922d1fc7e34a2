import CNcursesw
import Explorer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the explorer in the terminal: the only loop that touches ncurses.
///
/// Order matters (reference/swift-ncurses.md): locale, then our signal handlers, then the
/// screen. The loop renders a frame when something changed or while a packet is moving
/// (30 frames per second, on deadlines), and otherwise blocks on input. The terminal is
/// restored on `q`, on SIGINT/SIGTERM/SIGHUP (exit 128+signal), on errors, and by the
/// crash guard.
public enum TerminalSession {
    /// Frames per second while animating.
    public static let framesPerSecond = 30.0

    /// Whether stdin and stdout are terminals (else the caller prints a summary instead).
    public static var isInteractive: Bool { isatty(0) == 1 && isatty(1) == 1 }

    /// Seconds on the monotonic clock.
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Runs until the user quits. Returns the process exit code (0, or 128+signal).
    /// `makeState` receives whether the terminal takes UTF-8 (else ASCII line drawing).
    /// `onFirstFrame` is called once the first frame reached the terminal.
    public static func run(environment: [String: String], mouse: Bool, makeState: (Bool) -> AppState,
                           onFirstFrame: (() -> Void)? = nil) -> Int32 {
        let utf8 = TerminalLocale.setUp(environment: environment)
        installStopHandlers()
        installCrashGuard()
        let screen: CursesScreen
        do {
            screen = try CursesScreen(term: nil, output: fdopen(1, "w"), input: fdopen(0, "r"), environment: environment)
        } catch {
            removeHandlers()
            let text = "kubewalk: \(error)\n"
            _ = text.withCString { write(2, $0, strlen($0)) }
            return 1
        }
        // Anything written to standard error while the screen is up (an engine's warning)
        // would draw over it: collect it in a file and print it once the terminal is back.
        let capture = StderrCapture()
        defer {
            screen.close()
            removeHandlers()
            capture.finish()
        }
        if mouse { screen.enableMouse() }
        let start = now()
        var state = makeState(utf8)
        state.mouseEnabled = mouse
        state.lastSize = screen.size
        var dirty = true
        var repaint = false
        var nextFrame = 0.0
        var first = true
        var lastFrame: CellBuffer?
        var lastTheme = state.theme
        let frame = 1 / framesPerSecond
        while true {
            let sig = pendingSignal.load(ordering: .relaxed)
            if sig != 0 { return 128 + sig }
            let t = now() - start
            let animating = isAnimating(state, time: t)
            if dirty || (animating && t >= nextFrame) {
                let buffer = render(state, size: screen.size, time: t)
                // While the packet pauses at a hop, frames repeat: nothing to send.
                if repaint || buffer != lastFrame || state.theme != lastTheme {
                    screen.present(buffer, theme: state.theme, repaintAll: repaint)
                    lastFrame = buffer
                    lastTheme = state.theme
                }
                if first {
                    first = false
                    onFirstFrame?()
                }
                dirty = false
                repaint = false
                // Deadlines, not sleeps: the next frame is due one period after this one.
                nextFrame = max(nextFrame + frame, t)
                if nextFrame > t + frame { nextFrame = t + frame }
            }
            let timeout: Int32 = animating ? Int32(max(0, (nextFrame - (now() - start)) * 1000)) : -1
            guard var event = InputReader.next(window: screen.window, timeoutMs: timeout) else { continue }
            // Apply every key already waiting (typing ahead, a paste) before the next frame.
            var drained = 0
            while true {
                if case .resize = event { repaint = true }
                state = update(state, event, time: now() - start)
                if state.quitRequested { return 0 }
                drained += 1
                guard drained < 512, let next = InputReader.next(window: screen.window, timeoutMs: 0) else { break }
                event = next
            }
            if state.redrawRequested {
                state.redrawRequested = false
                repaint = true
            }
            dirty = true
        }
    }
}
