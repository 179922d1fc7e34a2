/// A colour as a theme file writes it, and its nearest equivalent on terminals with
/// fewer colours.
///
/// Theme files may say `default` (the terminal's own colour), a name (`red`,
/// `bright-blue`, …, the 16 ANSI colours), a 256-colour index (`208`) or `#rrggbb`.
/// 256-colour terminals get the nearest xterm palette entry (the 6×6×6 cube plus the
/// 24 greys, xterm's `256colres.pl` levels); 8-colour terminals the nearest of the 8 ANSI
/// colours (distance in RGB, the way `tput colors` = 8 terminals are usually served).
public enum TerminalColor: Hashable, Sendable {
    case terminalDefault
    case indexed(Int)
    case rgb(UInt8, UInt8, UInt8)

    static let names: [String] = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// Parses a theme value; nil if it is not a colour.
    public init?(parsing raw: String) {
        let s = raw.trimmingCharacters(in: " ").lowercased()
        if s == "default" || s == "none" { self = .terminalDefault; return }
        if let i = TerminalColor.names.firstIndex(of: s) { self = .indexed(i); return }
        if s.hasPrefix("bright-"), let i = TerminalColor.names.firstIndex(of: String(s.dropFirst(7))) {
            self = .indexed(i + 8); return
        }
        if s == "gray" || s == "grey" { self = .indexed(8); return }
        if let n = Int(s), (0...255).contains(n) { self = .indexed(n); return }
        if s.hasPrefix("#"), s.count == 7, let v = UInt32(s.dropFirst(), radix: 16) {
            self = .rgb(UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)); return
        }
        return nil
    }

    /// The colour's RGB value (xterm's palette for indexed colours).
    public var rgbValue: (Int, Int, Int)? {
        switch self {
        case .terminalDefault: return nil
        case let .rgb(r, g, b): return (Int(r), Int(g), Int(b))
        case let .indexed(i): return TerminalColor.xtermRGB(i)
        }
    }

    static let base16: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]
    static let cubeLevels = [0, 95, 135, 175, 215, 255]

    static func xtermRGB(_ i: Int) -> (Int, Int, Int) {
        if i < 16 { return base16[max(0, i)] }
        if i < 232 {
            let n = i - 16
            return (cubeLevels[n / 36], cubeLevels[(n / 6) % 6], cubeLevels[n % 6])
        }
        let g = 8 + 10 * (min(i, 255) - 232)
        return (g, g, g)
    }

    static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let dr = a.0 - b.0, dg = a.1 - b.1, db = a.2 - b.2
        return dr * dr * 2 + dg * dg * 4 + db * db * 3
    }

    /// The palette index for a terminal with `colors` colours (8, 16 or 256);
    /// -1 means the terminal's default colour.
    public func paletteIndex(colors: Int) -> Int {
        switch self {
        case .terminalDefault: return -1
        case let .indexed(i) where i < colors: return i
        default:
            guard let rgb = rgbValue else { return -1 }
            let limit = colors >= 256 ? 256 : (colors >= 16 ? 16 : 8)
            // Search the cube and greys for 256; the basic colours for 8/16.
            let candidates: [Int] = limit == 256 ? Array(16..<256) : Array(0..<limit)
            var best = candidates.first ?? 0
            var bestDistance = Int.max
            for c in candidates {
                let d = TerminalColor.distance(rgb, TerminalColor.xtermRGB(c))
                if d < bestDistance { bestDistance = d; best = c }
            }
            return best
        }
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}
