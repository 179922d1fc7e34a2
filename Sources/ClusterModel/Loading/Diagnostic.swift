/// One problem found in the input, reported the way a compiler reports one.
///
/// Loading never stops at the first problem: every diagnostic is collected and shown at once
/// (`kubewalk validate`). Errors make `validate` exit 1; warnings are printed but do not.
public struct Diagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Severity: String, Hashable, Sendable, Codable, Comparable {
        case error, warning, note

        private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    public var severity: Severity
    public var location: SourceLocation?
    public var message: String
    /// What to change, when the fix is known ("use `pathType: Prefix`").
    public var fix: String?
    /// A stable identifier for tests and JSON consumers (`duplicate-cluster-ip`).
    public var code: String

    public init(_ severity: Severity, _ code: String, at location: SourceLocation?, _ message: String, fix: String? = nil) {
        self.severity = severity
        self.code = code
        self.location = location
        self.message = message
        self.fix = fix
    }

    public var description: String {
        var s = ""
        if let location { s += "\(location): " }
        s += "\(severity.rawValue): \(message)"
        if let fix { s += "\n    fix: \(fix)" }
        return s
    }
}

extension Array where Element == Diagnostic {
    public var errors: [Diagnostic] { filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { filter { $0.severity == .warning } }
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
