/// The glyphs for boxes and lines: Unicode box drawing (U+2500 block) in a UTF-8
/// locale, plain ASCII where the locale cannot show it (the issue's "ASCII line drawing
/// where the locale is not UTF-8").
public struct LineDrawing: Hashable, Sendable {
    public var horizontal: Unicode.Scalar
    public var vertical: Unicode.Scalar
    public var topLeft: Unicode.Scalar
    public var topRight: Unicode.Scalar
    public var bottomLeft: Unicode.Scalar
    public var bottomRight: Unicode.Scalar
    public var teeRight: Unicode.Scalar
    public var teeLeft: Unicode.Scalar
    public var arrowRight: Unicode.Scalar
    public var arrowDown: Unicode.Scalar
    public var bullet: Unicode.Scalar
    public var hollowBullet: Unicode.Scalar
    public var packet: Unicode.Scalar
    public var trail: Unicode.Scalar
    public var marker: Unicode.Scalar
    public var isUnicode: Bool

    public static let unicode = LineDrawing(
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        teeRight: "├", teeLeft: "┤", arrowRight: "▶", arrowDown: "▼", bullet: "●", hollowBullet: "○",
        packet: "◆", trail: "·", marker: "▸", isUnicode: true)

    public static let ascii = LineDrawing(
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        teeRight: "+", teeLeft: "+", arrowRight: ">", arrowDown: "v", bullet: "*", hollowBullet: "o",
        packet: "@", trail: ".", marker: ">", isUnicode: false)

    /// UI text as drawn; kept as a hook, since the ASCII mapping happens per cell in
    /// `CellBuffer.put` (one column for one column, so layouts do not shift).
    public func text(_ s: String) -> String { s }

    /// The ASCII stand-in for a UI glyph a non-UTF-8 terminal cannot show.
    public static func asciiFallback(_ s: Unicode.Scalar) -> Unicode.Scalar {
        switch s {
        case "→", "▶", "▸", "⇢": return ">"
        case "←", "◀": return "<"
        case "↑", "▲": return "^"
        case "↓", "▼": return "v"
        case "…", "·", "•": return "."
        case "●", "◆": return "*"
        case "○", "◉": return "o"
        case "✓": return "+"
        case "✗", "×": return "x"
        case "─", "━": return "-"
        case "│", "┃": return "|"
        case "┌", "┐", "└", "┘", "├", "┤", "┬", "┴", "┼": return "+"
        default: return s
        }
    }
}
