/// Where something came from: a file, a 1-based line and a 1-based column.
///
/// Every object, field and diagnostic carries one so that messages read like a compiler's
/// (`online-store/30-apps.yaml:14:9: error: …`).
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}
