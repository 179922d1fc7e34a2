/// A key the user pressed, as the explorer sees it (terminal-independent).
public enum Key: Hashable, Sendable {
    case char(Unicode.Scalar)
    case enter, escape, tab, backTab, backspace, delete, insert
    case up, down, left, right, home, end, pageUp, pageDown
    case function(Int)
    /// Control plus a letter or symbol, stored lower-case (`C-c` is `.ctrl("c")`).
    case ctrl(Unicode.Scalar)
    /// Meta/Alt plus a key.
    case meta(Unicode.Scalar)
}

/// A mouse report: where, and what happened.
public struct MouseEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case click, wheelUp, wheelDown }
    public var x: Int
    public var y: Int
    public var kind: Kind
    public init(x: Int, y: Int, kind: Kind) {
        self.x = x
        self.y = y
        self.kind = kind
    }
}

/// Everything that can change the explorer's state. Time is not an event: it is passed to
/// `update` and `render` explicitly so frames are reproducible.
public enum Event: Hashable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(Size)
}
