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

    /// Replaces characters an ASCII terminal cannot show in UI text (not user data).
    public func text(_ s: String) -> String {
        if isUnicode { return s }
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "→", "▶": out += "->"
            case "←": out += "<-"
            case "…": out += "..."
            case "·", "•": out += "."
            case "●": out += "*"
            case "○": out += "o"
            case "◆": out += "@"
            case "✓": out += "+"
            case "✗": out += "x"
            case "─": out += "-"
            case "│": out += "|"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
