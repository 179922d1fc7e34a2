/// YAML as `kubectl get -o yaml` prints it (sigs.k8s.io/yaml over go-yaml): two-space
/// indentation, list items at their key's indentation, sorted keys, and strings quoted only
/// where a plain scalar would read back as something else (`"80"`, `"true"`, `''`).
extension KubeValue {
    public func yaml() -> String {
        var out = ""
        switch self {
        case .object(let o) where !o.isEmpty: writeYAMLMapping(o, to: &out, indent: 0)
        case .array(let a) where !a.isEmpty: writeYAMLSequence(a, to: &out, indent: 0)
        default: writeYAMLScalar(to: &out, indent: 0); out += "\n"
        }
        return out
    }

    private func writeYAMLMapping(_ o: [String: KubeValue], to out: inout String, indent: Int, firstInline: Bool = false) {
        let pad = String(repeating: " ", count: indent)
        for (i, k) in o.keys.sorted().enumerated() {
            guard let v = o[k] else { continue }
            if !(firstInline && i == 0) { out += pad }
            out += Self.yamlString(k) + ":"
            switch v {
            case .object(let m) where !m.isEmpty:
                out += "\n"
                v.writeYAMLMapping(m, to: &out, indent: indent + 2)
            case .array(let a) where !a.isEmpty:
                out += "\n"
                v.writeYAMLSequence(a, to: &out, indent: indent)
            default:
                out += " "
                v.writeYAMLScalar(to: &out, indent: indent + 2)
                out += "\n"
            }
        }
    }

    private func writeYAMLSequence(_ a: [KubeValue], to out: inout String, indent: Int) {
        let pad = String(repeating: " ", count: indent)
        for e in a {
            out += pad + "- "
            switch e {
            case .object(let m) where !m.isEmpty:
                e.writeYAMLMapping(m, to: &out, indent: indent + 2, firstInline: true)
            case .array(let inner) where !inner.isEmpty:
                out += "\n"
                e.writeYAMLSequence(inner, to: &out, indent: indent + 2)
            default:
                e.writeYAMLScalar(to: &out, indent: indent + 2)
                out += "\n"
            }
        }
    }

    private func writeYAMLScalar(to out: inout String, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .string(let s):
            if s.contains("\n"), !s.contains(where: { $0 == "\r" || $0 == "\t" }), !s.hasPrefix(" ") {
                let pad = String(repeating: " ", count: indent)
                out += s.hasSuffix("\n") ? "|\n" : "|-\n"
                let body = s.hasSuffix("\n") ? String(s.dropLast()) : s
                for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
                    out += line.isEmpty ? "\n" : pad + line + "\n"
                }
                out.removeLast()
            } else {
                out += Self.yamlString(s)
            }
        case .array: out += "[]"
        case .object: out += "{}"
        }
    }

    /// A string as a YAML scalar: plain when it reads back as the same string, else
    /// double-quoted as go-yaml writes it.
    static func yamlString(_ s: String) -> String {
        guard needsQuoting(s) else { return s }
        var q = ""
        quoteJSON(s, into: &q)
        return q
    }

    static let reservedWords: Set<String> = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
                                             "True", "False", "Yes", "No", "On", "Off", "Y", "N", "Null", "NULL", "TRUE", "FALSE", "YES", "NO", "ON", "OFF",
                                             ".inf", ".Inf", ".INF", "-.inf", "+.inf", ".nan", ".NaN", ".NAN"]

    /// Whether a plain scalar would be read back as something other than this string
    /// (YAML 1.1 as go-yaml resolves it: booleans, null, numbers, timestamps, indicators).
    static func needsQuoting(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return true }
        if reservedWords.contains(s) { return true }
        if first == " " || last == " " { return true }
        // `-`, `?` and `:` start a plain scalar unless a space (or nothing) follows: `-conf` is plain.
        if "-?:".unicodeScalars.contains(first) {
            let second = s.unicodeScalars.dropFirst().first
            if second == nil || second == " " { return true }
        } else if ",[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) { return true }
        if s.contains(": ") || s.contains(" #") || s.hasSuffix(":") || s.contains("\n") || s.contains("\t") { return true }
        if s.unicodeScalars.contains(where: { $0.value < 0x20 }) { return true }
        let digitsFirst = ("0"..."9").contains(first) || first == "+" || first == "." 
        if digitsFirst {
            let plain = s.replacingUnderscores()
            if Int(plain) != nil || Double(plain) != nil { return true }
            if plain.hasPrefix("0x") || plain.hasPrefix("0o") || plain.hasPrefix("0b") { return true }
            // Timestamps (2024-05-01, 2024-05-01T10:00:00Z) resolve to !!timestamp.
            let b = Array(s.utf8)
            if b.count >= 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
               b[0..<4].allSatisfy({ $0 >= 48 && $0 <= 57 }) { return true }
        }
        return false
    }
}

extension String {
    func replacingUnderscores() -> String { contains("_") ? String(filter { $0 != "_" }) : self }
}
