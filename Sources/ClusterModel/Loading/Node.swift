/// A parsed YAML or JSON value with the place it was written.
///
/// Both parsers (Yams for YAML, `JSONReader` for JSON) produce this tree, so decoding the
/// typed objects and reporting `file:line:column` is one code path for both formats.
public struct Node: Sendable {
    public indirect enum Value: Sendable {
        case null
        case bool(Bool)
        case int(Int64)
        case double(Double)
        case string(String)
        case array([Node])
        case object([(key: String, value: Node)])
    }

    public var value: Value
    public var location: SourceLocation
    /// For a mapping: where each member's key was written (parallel to the members), so an
    /// unknown or misplaced field is reported at its key, as the API server names it.
    public var keyLocations: [SourceLocation]?

    public init(_ value: Value, at location: SourceLocation, keyLocations: [SourceLocation]? = nil) {
        self.value = value
        self.location = location
        self.keyLocations = keyLocations
    }

    /// Where the member `key`'s name was written; the value's position when unknown.
    public func keyLocation(_ key: String) -> SourceLocation? {
        guard case .object(let members) = value else { return nil }
        for (i, m) in members.enumerated() where m.key == key {
            if let k = keyLocations, i < k.count { return k[i] }
            return m.value.location
        }
        return nil
    }

    /// A node standing for the key `key` of this mapping, for diagnostics about the field itself.
    public func keyNode(_ key: String) -> Node? {
        guard let loc = keyLocation(key) else { return nil }
        return Node(.string(key), at: loc)
    }

    /// The member `key` of an object; nil for a missing key or a non-object.
    public subscript(key: String) -> Node? {
        guard case .object(let members) = value else { return nil }
        for m in members where m.key == key { return m.value }
        return nil
    }

    public var string: String? {
        if case .string(let s) = value { return s }
        return nil
    }

    public var isNull: Bool {
        if case .null = value { return true }
        return false
    }

    /// A human word for the node's type, for messages ("expected a list, found a string").
    public var typeName: String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .double: return "a number"
        case .string: return "a string"
        case .array: return "a list"
        case .object: return "a mapping"
        }
    }

    public var members: [(key: String, value: Node)]? {
        if case .object(let m) = value { return m }
        return nil
    }

    public var elements: [Node]? {
        if case .array(let a) = value { return a }
        return nil
    }
}
