extension CellBuffer {
    /// The frame as text with ANSI SGR escapes (ECMA-48): 256-colour `38;5;N`/`48;5;N`,
    /// bold, underline, reverse, dim; each line ends with a reset. With `depth` `.none`
    /// (NO_COLOR) only the attributes are kept. Used by `kubewalk screenshot --ansi`.
    public func ansi(theme: Theme, depth: ColorDepth) -> String {
        var out = ""
        for y in 0..<height {
            var current: ResolvedStyle?
            var line = ""
            var pendingSpaces = ""
            for x in 0..<width {
                guard let c = cell(x: x, y: y), !c.isContinuation else { continue }
                let r = theme.resolve(c.style, depth: depth)
                // Trailing default-styled blanks are trimmed: hold spaces until something follows.
                if c.scalar == " " && r.background < 0 && !r.reverse && !r.underline {
                    if r != current {
                        if !pendingSpaces.isEmpty { line += pendingSpaces; pendingSpaces = "" }
                        line += CellBuffer.sgr(r)
                        current = r
                    }
                    pendingSpaces += " "
                    continue
                }
                line += pendingSpaces
                pendingSpaces = ""
                if r != current {
                    line += CellBuffer.sgr(r)
                    current = r
                }
                line.unicodeScalars.append(c.scalar)
            }
            out += line + "\u{1B}[0m" + (y + 1 < height ? "\n" : "")
        }
        return out + "\n"
    }

    static func sgr(_ r: ResolvedStyle) -> String {
        var codes = ["0"]
        if r.bold { codes.append("1") }
        if r.dim { codes.append("2") }
        if r.underline { codes.append("4") }
        if r.reverse { codes.append("7") }
        if r.foreground >= 0 { codes.append("38;5;\(r.foreground)") }
        if r.background >= 0 { codes.append("48;5;\(r.background)") }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }
}
