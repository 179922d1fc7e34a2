/// A Kubernetes API object as plain data (what `kubectl get -o json|yaml` prints), built
/// from the typed model by the encoders in this folder and written with sorted keys, so the
/// same cluster always gives byte-identical output.
///
/// Objects keep their members in a dictionary; the writers sort the keys, as
/// `encoding/json` does for maps and as `kubectl get -o json` output reads.
public indirect enum KubeValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([KubeValue])
    case object([String: KubeValue])

    /// A member of an object (nil for anything else).
    public subscript(key: String) -> KubeValue? {
        if case .object(let m) = self { return m[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var arrayValue: [KubeValue]? {
        if case .array(let a) = self { return a }
        return nil
    }
}

/// Builds an object member by member, leaving out what is nil or empty (the API server's
/// `omitempty`), so encoders read like the Go structs they mirror.
public struct KubeObjectBuilder {
    public private(set) var members: [String: KubeValue] = [:]
    public init() {}

    public mutating func set(_ key: String, _ value: KubeValue?) {
        guard let value else { return }
        switch value {
        case .array(let a) where a.isEmpty: return
        case .object(let o) where o.isEmpty: return
        default: members[key] = value
        }
    }
    public mutating func set(_ key: String, _ value: String?) { if let value, !value.isEmpty { members[key] = .string(value) } }
    public mutating func set(_ key: String, _ value: Int?) { if let value { members[key] = .int(value) } }
    /// Sets a boolean only when true (`omitempty` on a bool).
    public mutating func flag(_ key: String, _ value: Bool) { if value { members[key] = .bool(true) } }
    public mutating func set(_ key: String, bool value: Bool) { members[key] = .bool(value) }
    public mutating func set(_ key: String, map: [String: String]) {
        if !map.isEmpty { members[key] = .object(map.mapValues { .string($0) }) }
    }
    public mutating func set(_ key: String, strings: [String]) {
        if !strings.isEmpty { members[key] = .array(strings.map { .string($0) }) }
    }
    public var value: KubeValue { .object(members) }
}

extension KubeValue {
    /// JSON as `kubectl get -o json` prints it: four-space indentation, sorted keys.
    public func json(indent: Int = 4, level: Int = 0) -> String {
        var out = ""
        writeJSON(to: &out, level: level, indent: indent)
        return out
    }

    /// Appends the JSON text to `out`, as if nested `level` deep (for streaming a List's items).
    public func writeJSON(to out: inout String, level: Int, indent: Int = 4) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .string(let s): Self.quoteJSON(s, into: &out)
        case .array(let a):
            if a.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, e) in a.enumerated() {
                out += String(repeating: " ", count: (level + 1) * indent)
                e.writeJSON(to: &out, level: level + 1, indent: indent)
                out += i + 1 < a.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: level * indent) + "]"
        case .object(let o):
            if o.isEmpty { out += "{}"; return }
            out += "{\n"
            let keys = o.keys.sorted()
            for (i, k) in keys.enumerated() {
                out += String(repeating: " ", count: (level + 1) * indent)
                Self.quoteJSON(k, into: &out)
                out += ": "
                o[k]?.writeJSON(to: &out, level: level + 1, indent: indent)
                out += i + 1 < keys.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: level * indent) + "}"
        }
    }

    /// A JSON string literal (RFC 8259 escapes; `<`, `>`, `&` kept as is, like kubectl).
    public static func quoteJSON(_ s: String, into out: inout String) {
        out += "\""
        var needsEscape = false
        for b in s.utf8 where b < 0x20 || b == 0x22 || b == 0x5C { needsEscape = true; break }
        if !needsEscape { out += s; out += "\""; return }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
