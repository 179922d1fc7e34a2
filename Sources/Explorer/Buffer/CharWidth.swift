/// Display width of a Unicode scalar in a terminal cell grid.
///
/// Models the East Asian Width property (Unicode UAX #11) the way terminals apply it:
/// Wide and Fullwidth characters take two columns, combining marks and zero-width
/// characters none, everything else one. glibc's `wcwidth` gives -1 for Hangul in the
/// "C" locale, so the pure layer carries its own table (reference/swift-ncurses.md,
/// pitfall 4) rather than asking the C library.
public enum CharWidth {
    /// Ranges of code points that terminals draw two columns wide.
    static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,   // Hangul Jamo initial consonants
        0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0, 0x23F3...0x23F3,
        0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F, 0x2693...0x2693,
        0x26A1...0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE...0x26CE,
        0x26D4...0x26D4, 0x26EA...0x26EA, 0x26F2...0x26F3, 0x26F5...0x26F5, 0x26FA...0x26FA,
        0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B, 0x2728...0x2728, 0x274C...0x274C,
        0x2E80...0x303E,   // CJK radicals, Kangxi, CJK symbols and punctuation
        0x3041...0x33FF,   // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, CJK compat
        0x3400...0x4DBF,   // CJK extension A
        0x4E00...0x9FFF,   // CJK unified ideographs
        0xA000...0xA4CF,   // Yi
        0xA960...0xA97F,   // Hangul Jamo extended-A
        0xAC00...0xD7A3,   // Hangul syllables
        0xF900...0xFAFF,   // CJK compatibility ideographs
        0xFE10...0xFE19, 0xFE30...0xFE6F,
        0xFF00...0xFF60,   // Fullwidth forms
        0xFFE0...0xFFE6,
        0x1F300...0x1F64F, 0x1F900...0x1F9FF,  // emoji presentation blocks
        0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    /// The number of columns `scalar` occupies: 0, 1 or 2.
    public static func width(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v == 0 { return 0 }
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        if v < 0x300 { return 1 }
        if isZeroWidth(v) { return 0 }
        if v >= 0x1100 && isWide(v) { return 2 }
        return 1
    }

    /// The number of columns a string occupies.
    public static func width(of text: String) -> Int {
        if isPrintableASCII(text) { return text.utf8.count }
        var total = 0
        for s in text.unicodeScalars { total += width(of: s) }
        return total
    }

    static func isZeroWidth(_ v: UInt32) -> Bool {
        (0x0300...0x036F).contains(v) || (0x1160...0x11FF).contains(v) || (0x200B...0x200F).contains(v)
            || (0x20D0...0x20FF).contains(v) || (0xFE00...0xFE0F).contains(v) || v == 0xFEFF
    }

    static func isWide(_ v: UInt32) -> Bool {
        var lo = 0
        var hi = wideRanges.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = wideRanges[mid]
            if v < r.lowerBound { hi = mid - 1 } else if v > r.upperBound { lo = mid + 1 } else { return true }
        }
        return false
    }

    /// True when every byte is printable ASCII (one column each): the fast path.
    @inline(__always)
    static func isPrintableASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// Cuts `text` to at most `columns` columns, appending `…` when it was cut.
    public static func truncate(_ text: String, to columns: Int, ellipsis: Bool = true) -> String {
        if columns <= 0 { return "" }
        if isPrintableASCII(text) {
            let n = text.utf8.count
            if n <= columns { return text }
            let keep = ellipsis ? columns - 1 : columns
            return String(text.utf8.prefix(keep)).map { $0 + (ellipsis ? "…" : "") } ?? ""
        }
        if width(of: text) <= columns { return text }
        var out = String.UnicodeScalarView()
        var used = 0
        let limit = ellipsis ? columns - 1 : columns
        for s in text.unicodeScalars {
            let w = width(of: s)
            if used + w > limit { break }
            out.append(s)
            used += w
        }
        return String(out) + (ellipsis ? "…" : "")
    }

    /// Pads `text` with spaces on the right to exactly `columns` columns (cutting if longer).
    public static func pad(_ text: String, to columns: Int) -> String {
        let t = truncate(text, to: columns)
        return t + String(repeating: " ", count: max(0, columns - width(of: t)))
    }

    /// Word-wraps `text` to lines of at most `columns` columns. Breaks at spaces; a word
    /// longer than a line (or a run of Hangul/CJK without spaces) is broken anywhere.
    public static func wrap(_ text: String, to columns: Int) -> [String] {
        guard columns > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let indent = String(paragraph.prefix { $0 == " " }.prefix(max(0, columns / 2)))
            var line = indent
            var lineWidth = indent.count
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                var w = String(word)
                var ww = width(of: w)
                if lineWidth > indent.count && lineWidth + 1 + ww <= columns {
                    line += " " + w
                    lineWidth += 1 + ww
                    continue
                }
                if lineWidth == indent.count && lineWidth + ww <= columns {
                    line += w
                    lineWidth += ww
                    continue
                }
                if lineWidth > indent.count { lines.append(line); line = indent; lineWidth = indent.count }
                while ww > columns - indent.count {
                    let head = truncate(w, to: columns - indent.count, ellipsis: false)
                    if head.isEmpty { break }
                    lines.append(indent + head)
                    w = String(String.UnicodeScalarView(w.unicodeScalars.dropFirst(head.unicodeScalars.count)))
                    ww = width(of: w)
                }
                line = indent + w
                lineWidth = indent.count + ww
            }
            lines.append(line)
        }
        return lines
    }
}
