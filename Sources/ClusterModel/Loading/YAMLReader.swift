import Yams

/// Reads YAML (one or many `---`-separated documents) into `Node` trees with positions.
///
/// Uses Yams (libyaml) for the YAML 1.1 grammar kubectl also accepts, and keeps each node's
/// mark. Scalars are typed the way Kubernetes' YAML decoder (sigs.k8s.io/yaml, which turns YAML
/// into JSON first) types them: plain `true`/`false`, integers and floats become JSON values,
/// quoted scalars stay strings.
enum YAMLReader {
    struct SyntaxError: Error {
        var message: String
        var line: Int
        var column: Int
    }

    static func parseDocuments(_ text: String, file: String) throws(SyntaxError) -> [Node] {
        let (docs, error) = parseDocumentsKeepingPrefix(text, file: file)
        if let error { throw error }
        return docs
    }

    /// The documents before the first syntax error, and that error. (Yams' `compose_all`
    /// sequence stops silently at an error, so the parser is driven here document by document.)
    static func parseDocumentsKeepingPrefix(_ text: String, file: String) -> ([Node], SyntaxError?) {
        var out: [Node] = []
        do {
            let parser = try Yams.Parser(yaml: text)
            while let document = try parser.nextRoot() {
                out.append(convert(document, file: file, depth: 0))
            }
            return (out, nil)
        } catch let e as YamlError {
            return (out, syntaxError(from: e))
        } catch {
            return (out, SyntaxError(message: "\(error)", line: 1, column: 1))
        }
    }

    private static func syntaxError(from error: YamlError) -> SyntaxError {
        switch error {
        case .scanner(let context, let problem, let mark, _):
            let what = context.map { "\($0.text) " } ?? ""
            return SyntaxError(message: "\(what)\(problem)".trimmingCharacters(), line: mark.line, column: mark.column)
        case .parser(let context, let problem, let mark, _):
            let what = context.map { "\($0.text) " } ?? ""
            return SyntaxError(message: "\(what)\(problem)".trimmingCharacters(), line: mark.line, column: mark.column)
        case .composer(let context, let problem, let mark, _):
            let what = context.map { "\($0.text) " } ?? ""
            return SyntaxError(message: "\(what)\(problem)".trimmingCharacters(), line: mark.line, column: mark.column)
        default:
            return SyntaxError(message: "\(error)", line: 1, column: 1)
        }
    }

    private static func convert(_ node: Yams.Node, file: String, depth: Int) -> Node {
        let loc = SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        guard depth < 256 else { return Node(.null, at: loc) }
        switch node {
        case .scalar(let scalar):
            return Node(typedScalar(scalar), at: loc)
        case .sequence(let seq):
            return Node(.array(seq.map { convert($0, file: file, depth: depth + 1) }), at: loc)
        case .mapping(let map):
            var members: [(key: String, value: Node)] = []
            var keys: [SourceLocation] = []
            members.reserveCapacity(map.count)
            for (k, v) in map {
                members.append((k.string ?? "\(k)", convert(v, file: file, depth: depth + 1)))
                keys.append(SourceLocation(file: file, line: k.mark?.line ?? loc.line, column: k.mark?.column ?? loc.column))
            }
            return Node(.object(members), at: loc, keyLocations: keys)
        case .alias:
            return Node(.null, at: loc)
        }
    }

    private static func typedScalar(_ scalar: Yams.Node.Scalar) -> Node.Value {
        let s = scalar.string
        guard scalar.style == .plain else { return .string(s) }
        switch s {
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case "null", "Null", "NULL", "~", "": return .null
        default: break
        }
        if let first = s.utf8.first, (first >= 48 && first <= 57) || first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            if let v = Int64(s) { return .int(v) }
            if s.contains("."), let d = Double(s), !s.contains(where: { $0.isLetter && $0 != "e" && $0 != "E" }) { return .double(d) }
        }
        return .string(s)
    }
}

extension String {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s = s.dropFirst() }
        while s.last?.isWhitespace == true { s = s.dropLast() }
        return String(s)
    }
}
