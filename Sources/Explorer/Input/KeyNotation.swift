/// Parses key sequences written in tmux's `send-keys` notation.
///
/// Models tmux's `key_string_lookup_string` (tmux/key-string.c): each argument is first
/// looked up as a key name — `Enter`, `Escape`, `Space`, `Tab`, `BTab`, `BSpace`, `Up`,
/// `Down`, `Left`, `Right`, `Home`, `End`, `PageUp`/`PgUp`/`PPage`, `PageDown`/`PgDn`/`NPage`,
/// `IC`/`Insert`, `DC`/`Delete`, `F1`…`F12`, with modifiers `C-`/`^` (control) and `M-`
/// (meta) — and if it is not a key name, its characters are sent literally. The `--keys`
/// string of `kubewalk screenshot` is split into arguments like a shell does (single and
/// double quotes, backslash escapes), so `':trace --from default/client http://x/' Enter
/// Space` is three arguments.
public enum KeyNotation {
    /// A problem in a `--keys` string.
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Splits `text` into arguments and converts each to keys.
    public static func parse(_ text: String) throws(ParseError) -> [Key] {
        try split(text).flatMap { keys(for: $0) }
    }

    /// The keys one `send-keys` argument stands for.
    public static func keys(for argument: String) -> [Key] {
        if let k = namedKey(argument) { return [k] }
        return argument.unicodeScalars.map { s in
            switch s {
            case "\r", "\n": return .enter
            case "\t": return .tab
            case "\u{1B}": return .escape
            case "\u{7F}": return .backspace
            default: return .char(s)
            }
        }
    }

    static let names: [String: Key] = [
        "enter": .enter, "escape": .escape, "esc": .escape, "space": .char(" "), "tab": .tab, "btab": .backTab,
        "bspace": .backspace, "up": .up, "down": .down, "left": .left, "right": .right,
        "home": .home, "end": .end, "pageup": .pageUp, "pgup": .pageUp, "ppage": .pageUp,
        "pagedown": .pageDown, "pgdn": .pageDown, "npage": .pageDown,
        "ic": .insert, "insert": .insert, "dc": .delete, "delete": .delete,
    ]

    /// A key name with optional modifiers, or nil when `arg` is not one (then it is literal).
    static func namedKey(_ arg: String) -> Key? {
        if arg.isEmpty { return nil }
        let lower = arg.lowercased()
        if let k = names[lower] { return k }
        if lower.hasPrefix("f"), let n = Int(lower.dropFirst()), (1...24).contains(n) { return .function(n) }
        if lower.hasPrefix("c-") || (arg.hasPrefix("^") && arg.unicodeScalars.count == 2) {
            let rest = String(arg.dropFirst(arg.hasPrefix("^") ? 1 : 2))
            if rest.unicodeScalars.count == 1, let s = rest.lowercased().unicodeScalars.first { return .ctrl(s) }
            if rest.lowercased() == "space" { return .ctrl(" ") }
            return nil
        }
        if lower.hasPrefix("m-") {
            let rest = String(arg.dropFirst(2))
            if rest.unicodeScalars.count == 1, let s = rest.unicodeScalars.first { return .meta(s) }
            return nil
        }
        return nil
    }

    /// Splits like a POSIX shell: whitespace separates; '…' is literal; "…" allows \" and \\;
    /// a backslash outside quotes escapes the next character.
    public static func split(_ text: String) throws(ParseError) -> [String] {
        var out: [String] = []
        var current = ""
        var inWord = false
        var quote: Character? = nil
        var escape = false
        for ch in text {
            if escape {
                current.append(ch); escape = false; inWord = true; continue
            }
            if let q = quote {
                if ch == q { quote = nil; continue }
                if q == "\"" && ch == "\\" { escape = true; continue }
                current.append(ch); continue
            }
            switch ch {
            case "'", "\"": quote = ch; inWord = true
            case "\\": escape = true
            case " ", "\t", "\n":
                if inWord { out.append(current); current = ""; inWord = false }
            default: current.append(ch); inWord = true
            }
        }
        if quote != nil { throw ParseError(message: "unterminated quote in --keys: \(text)") }
        if escape { current.append("\\") }
        if inWord { out.append(current) }
        return out
    }

    /// The tmux name of a key (for help text and tests): the inverse of `keys(for:)`.
    public static func name(of key: Key) -> String {
        switch key {
        case .char(" "): return "Space"
        case let .char(s): return String(s)
        case .enter: return "Enter"
        case .escape: return "Escape"
        case .tab: return "Tab"
        case .backTab: return "BTab"
        case .backspace: return "BSpace"
        case .delete: return "DC"
        case .insert: return "IC"
        case .up: return "Up"
        case .down: return "Down"
        case .left: return "Left"
        case .right: return "Right"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PageUp"
        case .pageDown: return "PageDown"
        case let .function(n): return "F\(n)"
        case let .ctrl(s): return "C-\(s)"
        case let .meta(s): return "M-\(s)"
        }
    }
}
