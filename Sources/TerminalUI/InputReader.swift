import CNcursesw
import Explorer

/// Turns `wget_wch` results into explorer events (reference/swift-ncurses.md, pitfall 5:
/// `get_wch` gives whole characters, `getch` would give UTF-8 bytes).
enum InputReader {
    /// Waits up to `timeoutMs` (-1: until input) and returns the next event, or nil on
    /// timeout or interruption by a signal.
    static func next(window: UnsafeMutablePointer<WINDOW>, timeoutMs: Int32) -> Event? {
        wtimeout(window, timeoutMs)
        var ch: wint_t = 0
        let rc = wget_wch(window, &ch)
        if rc == ERR { return nil }
        if rc == KEY_CODE_YES { return keyCode(Int32(bitPattern: ch), window: window) }
        return character(UInt32(ch))
    }

    static func character(_ v: UInt32) -> Event? {
        switch v {
        case 10, 13: return .key(.enter)
        case 9: return .key(.tab)
        case 27: return .key(.escape)
        case 127, 8: return .key(.backspace)
        case 0: return .key(.ctrl(" "))
        case 1...26: return Unicode.Scalar(v + 96).map { .key(.ctrl($0)) }
        default: return Unicode.Scalar(v).map { .key(.char($0)) }
        }
    }

    static func keyCode(_ code: Int32, window: UnsafeMutablePointer<WINDOW>) -> Event? {
        switch code {
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_IC: return .key(.insert)
        case KEY_BTAB: return .key(.backTab)
        case KEY_ENTER: return .key(.enter)
        case KEY_RESIZE:
            var h: Int32 = 0, w: Int32 = 0
            sh_getmaxyx(window, &h, &w)
            return .resize(Size(width: Int(w), height: Int(h)))
        case KEY_MOUSE:
            var m = MEVENT()
            guard getmouse(&m) == OK else { return nil }
            if m.bstate & sh_button4_pressed() != 0 { return .mouse(MouseEvent(x: Int(m.x), y: Int(m.y), kind: .wheelUp)) }
            if m.bstate & sh_button5_pressed() != 0 { return .mouse(MouseEvent(x: Int(m.x), y: Int(m.y), kind: .wheelDown)) }
            if m.bstate & (sh_button1_pressed() | sh_button1_clicked()) != 0 { return .mouse(MouseEvent(x: Int(m.x), y: Int(m.y), kind: .click)) }
            return nil
        default:
            for n in 1...24 where code == sh_key_f(Int32(n)) { return .key(.function(n)) }
            return nil
        }
    }
}
