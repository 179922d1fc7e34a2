/// A frame: a grid of cells the renderer draws into and the terminal layer blits.
///
/// This is the seam between the pure UI and ncurses (ARCHITECTURE.md, "The UI is a state
/// machine"): `render(state, size, time)` fills one, tests compare it with golden text,
/// and TerminalUI copies it into a curses window. Writes outside the grid are clipped,
/// never trapped. A wide character is stored once with a continuation cell after it and
/// is never started in the last column of a clip area (a space is written instead).
public struct CellBuffer: Hashable, Sendable {
    public let size: Size
    public private(set) var cells: [Cell]
    /// Glyph set for boxes and markers.
    public var lines: LineDrawing

    public init(size: Size, lines: LineDrawing = .unicode) {
        self.size = Size(width: max(0, size.width), height: max(0, size.height))
        self.cells = Array(repeating: .blank, count: self.size.width * self.size.height)
        self.lines = lines
    }

    public var width: Int { size.width }
    public var height: Int { size.height }
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at column `x`, row `y`, or nil outside the grid.
    public func cell(x: Int, y: Int) -> Cell? {
        guard x >= 0, y >= 0, x < width, y < height else { return nil }
        return cells[y * width + x]
    }

    /// Stores a cell; outside the grid it is ignored. Overwriting half of a wide
    /// character blanks its other half so no orphaned continuation is left.
    public mutating func set(x: Int, y: Int, _ cell: Cell) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let i = y * width + x
        let old = cells[i]
        if old.isContinuation, x > 0 { cells[i - 1] = Cell(" ", style: cells[i - 1].style) }
        if !old.isContinuation, x + 1 < width, cells[i + 1].isContinuation {
            cells[i + 1] = Cell(" ", style: cells[i + 1].style)
        }
        cells[i] = cell
    }

    /// Writes `text` at (x, y), clipped to `clip` (default: the whole grid). Returns the
    /// column after the last one written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, clip: Rect? = nil) -> Int {
        let area = clip ?? bounds
        guard y >= area.y, y < area.maxY, y >= 0, y < height else { return x + CharWidth.width(of: text) }
        let right = min(area.maxX, width)
        var col = x
        for original in text.unicodeScalars {
            let scalar = lines.isUnicode ? original : LineDrawing.asciiFallback(original)
            let w = CharWidth.width(of: scalar)
            if w == 0 { continue }
            if col >= right { break }
            if col < max(area.x, 0) { col += w; continue }
            if w == 2 {
                if col + 1 >= right {
                    set(x: col, y: y, Cell(" ", style: style))
                    col += 1
                    break
                }
                set(x: col, y: y, Cell(scalar, style: style))
                set(x: col + 1, y: y, Cell(" ", style: style, isContinuation: true))
                col += 2
            } else {
                set(x: col, y: y, Cell(scalar, style: style))
                col += 1
            }
        }
        return col
    }

    /// Fills a rectangle with one character in one style.
    public mutating func fill(_ rect: Rect, with scalar: Unicode.Scalar = " ", style: Style = .plain) {
        for y in max(rect.y, 0)..<max(max(rect.y, 0), min(rect.maxY, height)) {
            for x in max(rect.x, 0)..<max(max(rect.x, 0), min(rect.maxX, width)) {
                set(x: x, y: y, Cell(scalar, style: style))
            }
        }
    }

    /// Changes the style of every cell in `rect`, keeping characters.
    public mutating func restyle(_ rect: Rect, _ transform: (inout Style) -> Void) {
        for y in max(rect.y, 0)..<max(max(rect.y, 0), min(rect.maxY, height)) {
            for x in max(rect.x, 0)..<max(max(rect.x, 0), min(rect.maxX, width)) {
                transform(&cells[y * width + x].style)
            }
        }
    }

    /// A horizontal line of `length` cells.
    public mutating func hline(x: Int, y: Int, length: Int, style: Style = Style(.border)) {
        guard length > 0 else { return }
        for i in 0..<length { set(x: x + i, y: y, Cell(lines.horizontal, style: style)) }
    }

    /// A vertical line of `length` cells.
    public mutating func vline(x: Int, y: Int, length: Int, style: Style = Style(.border)) {
        guard length > 0 else { return }
        for i in 0..<length { set(x: x, y: y + i, Cell(lines.vertical, style: style)) }
    }

    /// A box around `rect` with an optional title in its top border.
    public mutating func box(_ rect: Rect, title: String? = nil, style: Style = Style(.border), titleStyle: Style = Style(.title, bold: true)) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let x2 = rect.maxX - 1
        let y2 = rect.maxY - 1
        hline(x: rect.x + 1, y: rect.y, length: rect.width - 2, style: style)
        hline(x: rect.x + 1, y: y2, length: rect.width - 2, style: style)
        vline(x: rect.x, y: rect.y + 1, length: rect.height - 2, style: style)
        vline(x: x2, y: rect.y + 1, length: rect.height - 2, style: style)
        set(x: rect.x, y: rect.y, Cell(lines.topLeft, style: style))
        set(x: x2, y: rect.y, Cell(lines.topRight, style: style))
        set(x: rect.x, y: y2, Cell(lines.bottomLeft, style: style))
        set(x: x2, y: y2, Cell(lines.bottomRight, style: style))
        if let title, rect.width > 4 {
            let t = CharWidth.truncate(" " + title + " ", to: rect.width - 2)
            put(t, x: rect.x + 1, y: rect.y, style: titleStyle, clip: Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: 1))
        }
    }

    /// Positions (x, y) of cells that differ from `previous`; every cell when sizes differ.
    public func changedCells(since previous: CellBuffer) -> [(x: Int, y: Int)] {
        var out: [(x: Int, y: Int)] = []
        if previous.size != size {
            for y in 0..<height { for x in 0..<width { out.append((x, y)) } }
            return out
        }
        for i in 0..<cells.count where cells[i] != previous.cells[i] {
            out.append((i % width, i / width))
        }
        return out
    }

    /// Row `y` as text (continuation cells omitted, trailing spaces kept).
    public func line(_ y: Int) -> String {
        guard y >= 0, y < height else { return "" }
        var s = String.UnicodeScalarView()
        for x in 0..<width {
            let c = cells[y * width + x]
            if !c.isContinuation { s.append(c.scalar) }
        }
        return String(s)
    }

    /// The whole frame as text, one line per row, trailing spaces trimmed.
    public var text: String {
        (0..<height).map { y in
            var l = line(y)
            while l.hasSuffix(" ") { l.removeLast() }
            return l
        }.joined(separator: "\n")
    }
}
