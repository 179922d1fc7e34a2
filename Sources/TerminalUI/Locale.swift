import CNcursesw

/// Locale setup before curses starts (reference/swift-ncurses.md, pitfall 4).
public enum TerminalLocale {
    /// Calls `setlocale(LC_ALL, "")`; if the codeset is not UTF-8 and the user did not
    /// name a locale (or named plain C/POSIX), tries `C.UTF-8` for LC_CTYPE. Returns
    /// whether the terminal gets UTF-8 (else the explorer draws ASCII lines).
    /// `KUBEWALK_ASCII=1` forces ASCII.
    @discardableResult
    public static func setUp(environment: [String: String]) -> Bool {
        _ = setlocale(LC_ALL, "")
        if environment["KUBEWALK_ASCII"] != nil { return false }
        if isUTF8() { return true }
        let asked = environment["LC_ALL"] ?? environment["LC_CTYPE"] ?? environment["LANG"] ?? ""
        if asked.isEmpty || asked == "C" || asked == "POSIX" {
            if setlocale(LC_CTYPE, "C.UTF-8") != nil { return isUTF8() }
        }
        return false
    }

    static func isUTF8() -> Bool {
        guard let cs = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: cs).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }
}
