import NetCore

/// Collects diagnostics while typed objects are read out of `Node` trees.
///
/// Every accessor reports a wrong type at the offending node's position and returns nil,
/// so one bad field never hides the others.
final class DecodeContext {
    var diagnostics: [Diagnostic] = []

    func error(_ code: String, _ node: Node?, _ message: String, fix: String? = nil, fallback: SourceLocation? = nil) {
        diagnostics.append(Diagnostic(.error, code, at: node?.location ?? fallback, message, fix: fix))
    }

    func warning(_ code: String, _ node: Node?, _ message: String, fix: String? = nil, fallback: SourceLocation? = nil) {
        diagnostics.append(Diagnostic(.warning, code, at: node?.location ?? fallback, message, fix: fix))
    }

    private func wrongType(_ node: Node, _ path: String, expected: String) {
        error("wrong-type", node, "\(path): expected \(expected), found \(node.typeName)")
    }

    /// A string field; numbers and booleans are reported (the API server rejects them too).
    func string(_ node: Node?, _ path: String) -> String? {
        guard let node, !node.isNull else { return nil }
        if let s = node.string { return s }
        wrongType(node, path, expected: "a string")
        return nil
    }

    func int(_ node: Node?, _ path: String) -> Int? {
        guard let node, !node.isNull else { return nil }
        switch node.value {
        case .int(let v):
            guard let i = Int(exactly: v) else { return nil }
            return i
        case .double(let d) where d.rounded() == d && abs(d) < 1e15:
            return Int(d)
        default:
            wrongType(node, path, expected: "an integer")
            return nil
        }
    }

    func bool(_ node: Node?, _ path: String) -> Bool? {
        guard let node, !node.isNull else { return nil }
        if case .bool(let b) = node.value { return b }
        wrongType(node, path, expected: "true or false")
        return nil
    }

    func array(_ node: Node?, _ path: String) -> [Node] {
        guard let node, !node.isNull else { return [] }
        if let a = node.elements { return a }
        wrongType(node, path, expected: "a list")
        return []
    }

    func object(_ node: Node?, _ path: String) -> Node? {
        guard let node, !node.isNull else { return nil }
        if node.members != nil { return node }
        wrongType(node, path, expected: "a mapping")
        return nil
    }

    func stringMap(_ node: Node?, _ path: String) -> [String: String] {
        guard let obj = object(node, path), let members = obj.members else { return [:] }
        var out: [String: String] = [:]
        for m in members {
            switch m.value.value {
            case .string(let s): out[m.key] = s
            case .null: out[m.key] = ""
            default: wrongType(m.value, "\(path).\(m.key)", expected: "a string")
            }
        }
        return out
    }

    func stringList(_ node: Node?, _ path: String) -> [String] {
        array(node, path).enumerated().compactMap { string($0.element, "\(path)[\($0.offset)]") }
    }

    func ip(_ node: Node?, _ path: String) -> IPAddress? {
        guard let text = string(node, path), !text.isEmpty else { return nil }
        guard let ip = IPAddress(text) else {
            error("invalid-ip", node, "\(path): '\(text)' is not a valid IP address")
            return nil
        }
        return ip
    }

    func cidr(_ node: Node?, _ path: String) -> IPPrefix? {
        guard let text = string(node, path), !text.isEmpty else { return nil }
        guard let prefix = IPPrefix(text) else {
            error("invalid-cidr", node, "\(path): '\(text)' is not a valid CIDR (address/length, e.g. 10.244.0.0/16)")
            return nil
        }
        return prefix
    }

    func proto(_ node: Node?, _ path: String) -> TransportProtocol {
        guard let text = string(node, path) else { return .tcp }
        guard let p = TransportProtocol(rawValue: text) else {
            error("invalid-protocol", node, "\(path): unsupported protocol '\(text)'; must be TCP, UDP or SCTP",
                  fix: TransportProtocol(loose: text).map { "write `\($0.rawValue)` (upper case)" })
            return .tcp
        }
        return p
    }

    func port(_ node: Node?, _ path: String, allowZero: Bool = false) -> Int? {
        guard let v = int(node, path) else { return nil }
        guard (allowZero ? 0 : 1)...65535 ~= v else {
            error("invalid-port", node, "\(path): \(v) is not a valid port number (1-65535)")
            return nil
        }
        return v
    }

    func selector(_ node: Node?, _ path: String) -> LabelSelector {
        guard let obj = object(node, path) else { return LabelSelector() }
        var sel = LabelSelector(matchLabels: stringMap(obj["matchLabels"], "\(path).matchLabels"))
        for (i, e) in array(obj["matchExpressions"], "\(path).matchExpressions").enumerated() {
            let p = "\(path).matchExpressions[\(i)]"
            guard let key = string(e["key"], "\(p).key"), let opText = string(e["operator"], "\(p).operator") else { continue }
            guard let op = LabelSelector.Requirement.Operator(rawValue: opText) else {
                error("invalid-selector", e["operator"], "\(p).operator: '\(opText)' is not one of In, NotIn, Exists, DoesNotExist")
                continue
            }
            sel.matchExpressions.append(.init(key: key, op: op, values: stringList(e["values"], "\(p).values")))
        }
        return sel
    }
}
