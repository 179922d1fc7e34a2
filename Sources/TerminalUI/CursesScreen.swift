import CNcursesw
import Explorer

/// A curses screen: a real terminal (`newterm` on stdin/stdout) or, in tests, one on
/// /dev/null. It blits a `CellBuffer` and lets ncurses diff (`werase`, draw,
/// `wnoutrefresh`, `doupdate`; never a clear per frame).
public final class CursesScreen {
    let screen: OpaquePointer
    let window: UnsafeMutablePointer<WINDOW>
    public private(set) var depth: ColorDepth
    var pairs: [PairKey: Int16] = [:]
    var isOpen = true

    struct PairKey: Hashable {
        var fg: Int
        var bg: Int
    }

    /// Opens a screen on the given streams. `term` nil uses `$TERM`.
    /// - Throws: `TerminalError.cannotOpen` when the terminal type is unknown.
    public init(term: String?, output: UnsafeMutablePointer<FILE>?, input: UnsafeMutablePointer<FILE>?, environment: [String: String]) throws(TerminalError) {
        let scr: OpaquePointer?
        if let term {
            scr = term.withCString { newterm($0, output, input) }
        } else {
            scr = newterm(nil, output, input)
        }
        guard let scr else { throw TerminalError.cannotOpen(term ?? environment["TERM"] ?? "(unset)") }
        _ = set_term(scr)
        guard let win = sh_stdscr() else {
            endwin()
            delscreen(scr)
            throw TerminalError.cannotOpen(term ?? "(unknown)")
        }
        screen = scr
        window = win
        var colors = 0
        if has_colors() {
            _ = start_color()
            _ = use_default_colors()
            colors = Int(sh_colors())
        }
        depth = ColorDepth.from(colors: colors, environment: environment)
        _ = cbreak()
        _ = noecho()
        _ = nonl()
        _ = keypad(win, true)
        _ = set_escdelay(25)
        _ = curs_set(0)
    }

    /// Turns on mouse reports (clicks and the wheel).
    public func enableMouse() {
        let mask = sh_button1_pressed() | sh_button1_clicked() | sh_button4_pressed() | sh_button5_pressed()
        _ = mousemask(mask, nil)
        _ = mouseinterval(0)
    }

    /// The screen's size in cells.
    public var size: Size {
        var h: Int32 = 0, w: Int32 = 0
        sh_getmaxyx(window, &h, &w)
        return Size(width: Int(w), height: Int(h))
    }

    /// Copies a frame into the window and lets ncurses send what changed.
    public func present(_ buffer: CellBuffer, theme: Theme, repaintAll: Bool = false) {
        _ = werase(window)
        blit(buffer, theme: theme)
        if repaintAll { _ = clearok(window, true) }
        _ = wnoutrefresh(window)
        _ = doupdate()
    }

    /// Draws every non-continuation cell with `setcchar` + `mvwadd_wch` (pitfall 6).
    func blit(_ buffer: CellBuffer, theme: Theme) {
        let size = self.size
        var cache: [Style: (UInt32, Int16)] = [:]
        var cc = cchar_t()
        var chars: [wchar_t] = [0, 0]
        for y in 0..<min(buffer.height, size.height) {
            for x in 0..<min(buffer.width, size.width) {
                guard let cell = buffer.cell(x: x, y: y), !cell.isContinuation else { continue }
                let attrs: UInt32
                let pair: Int16
                if let hit = cache[cell.style] {
                    attrs = hit.0
                    pair = hit.1
                } else {
                    let r = theme.resolve(cell.style, depth: depth)
                    var a: UInt32 = 0
                    if r.bold { a |= sh_a_bold() }
                    if r.reverse { a |= sh_a_reverse() }
                    if r.underline { a |= sh_a_underline() }
                    if r.dim { a |= sh_a_dim() }
                    let p = pairNumber(fg: r.foreground, bg: r.background)
                    cache[cell.style] = (a, p)
                    attrs = a
                    pair = p
                }
                chars[0] = wchar_t(bitPattern: cell.scalar.value)
                _ = setcchar(&cc, &chars, attrs, pair, nil)
                // Writing the bottom-right cell returns ERR (the cursor cannot advance) but draws.
                _ = mvwadd_wch(window, Int32(y), Int32(x), &cc)
            }
        }
    }

    /// A colour pair for (fg, bg), allocated on first use; 0 when colours are off or exhausted.
    func pairNumber(fg: Int, bg: Int) -> Int16 {
        if depth == .none || (fg < 0 && bg < 0) { return 0 }
        let key = PairKey(fg: fg, bg: bg)
        if let p = pairs[key] { return p }
        let next = pairs.count + 1
        guard next < Int(min(sh_color_pairs(), Int32(Int16.max))) else { return 0 }
        _ = init_pair(Int16(next), Int16(fg), Int16(bg))
        pairs[key] = Int16(next)
        return Int16(next)
    }

    /// Reads a cell back (tests): the character drawn at (x, y).
    public func character(x: Int, y: Int) -> Unicode.Scalar? {
        var cc = cchar_t()
        guard mvwin_wch(window, Int32(y), Int32(x), &cc) == OK else { return nil }
        var chars = [wchar_t](repeating: 0, count: 8)
        var attrs: attr_t = 0
        var pair: Int16 = 0
        guard getcchar(&cc, &chars, &attrs, &pair, nil) == OK else { return nil }
        return Unicode.Scalar(UInt32(bitPattern: chars[0]))
    }

    /// Gives the terminal back: leaves the alternate screen, shows the cursor, restores modes.
    public func close() {
        guard isOpen else { return }
        isOpen = false
        _ = curs_set(1)
        endwin()
        delscreen(screen)
    }

    deinit { close() }
}

/// Why the terminal could not be used.
public enum TerminalError: Error, CustomStringConvertible {
    case cannotOpen(String)

    public var description: String {
        switch self {
        case let .cannotOpen(term): return "cannot open the terminal (TERM=\(term)); set TERM to a known type such as xterm-256color"
        }
    }
}
