/// A JSON parser (RFC 8259) that records the line and column of every value.
///
/// Written for the sizes `kubectl get -A -o json` reaches on large clusters (hundreds of
/// megabytes): one pass over the bytes, no intermediate Foundation objects, and a streaming
/// mode that hands each element of a top-level `items` array to a callback and then drops
/// it, so a `kind: List` of 150,000 pods never exists as one tree.
public struct JSONReader {
    public struct SyntaxError: Error, Sendable {
        public var message: String
        public var line: Int
        public var column: Int
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private let file: String
    private var i = 0
    fileprivate(set) var line = 1
    private var lineStart = 0
    private var depth = 0
    private var consumed: ((Int) -> Void)? = nil
    // Scratch stacks: an object's members (an array's elements) are gathered here and copied
    // once into an array of exactly their size, instead of growing one array per object.
    private var memberStack: [(key: String, value: Node)] = []
    private var keyStack: [SourceLocation] = []
    private var elementStack: [Node] = []

    private init(bytes: UnsafeBufferPointer<UInt8>, file: String) {
        self.bytes = bytes
        self.file = file
    }

    /// Parses one JSON document. With `onItem`, the elements of the top-level object's
    /// `items` array are passed to it one at a time and left out of the returned tree.
    public static func parse(_ data: [UInt8], file: String, onItem: ((Node) -> Void)? = nil) throws(SyntaxError) -> Node {
        let result: Result<Node, SyntaxError> = data.withUnsafeBufferPointer { buffer in
            Result { () throws(SyntaxError) -> Node in try parse(buffer: buffer, file: file, onItem: onItem) }
        }
        return try result.get()
    }

    /// The same over memory the caller owns (a mapped file). `consumed` is told, after each
    /// streamed item, how many leading bytes will never be read again, so a caller can
    /// release those pages (`madvise(MADV_DONTNEED)`) and keep a 1.5 GB dump out of memory.
    public static func parse(buffer: UnsafeBufferPointer<UInt8>, file: String, onItem: ((Node) -> Void)? = nil,
                             consumed: ((Int) -> Void)? = nil) throws(SyntaxError) -> Node {
        var reader = JSONReader(bytes: buffer, file: file)
        reader.consumed = consumed
        reader.skipWhitespace()
        let node = try reader.parseValue(onItem: onItem, topLevel: true)
        reader.skipWhitespace()
        if reader.i < buffer.count { throw reader.error("unexpected text after the JSON document") }
        return node
    }

    private func error(_ message: String) -> SyntaxError {
        SyntaxError(message: message, line: line, column: i - lineStart + 1)
    }

    private var location: SourceLocation { SourceLocation(file: file, line: line, column: i - lineStart + 1) }

    private mutating func skipWhitespace() {
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0D { i += 1 }
            else if b == 0x0A { i += 1; line += 1; lineStart = i }
            else { return }
        }
    }

    private mutating func parseValue(onItem: ((Node) -> Void)?, topLevel: Bool) throws(SyntaxError) -> Node {
        guard i < bytes.count else { throw error("unexpected end of input; the file may be truncated") }
        let loc = location
        switch bytes[i] {
        case UInt8(ascii: "{"):
            var keys: [SourceLocation] = []
            let object = try parseObject(onItem: topLevel ? onItem : nil, keys: &keys)
            return Node(object, at: loc, keyLocations: keys)
        case UInt8(ascii: "["):
            return Node(.array(try parseArray(onItem: nil)), at: loc)
        case UInt8(ascii: "\""):
            return Node(.string(try parseString()), at: loc)
        case UInt8(ascii: "t"):
            try expectLiteral("true"); return Node(.bool(true), at: loc)
        case UInt8(ascii: "f"):
            try expectLiteral("false"); return Node(.bool(false), at: loc)
        case UInt8(ascii: "n"):
            try expectLiteral("null"); return Node(.null, at: loc)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return Node(try parseNumber(), at: loc)
        default:
            throw error("unexpected character \(describe(bytes[i])); expected a JSON value")
        }
    }

    private func describe(_ b: UInt8) -> String {
        b >= 0x20 && b < 0x7f ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x\(String(b, radix: 16))"
    }

    private mutating func expectLiteral(_ word: String) throws(SyntaxError) {
        let w = Array(word.utf8)
        let n = w.count
        guard i + n <= bytes.count else { throw error("unexpected end of input") }
        for k in 0..<n where bytes[i + k] != w[k] {
            throw error("invalid literal; expected '\(word)'")
        }
        i += n
    }

    private mutating func parseObject(onItem: ((Node) -> Void)?, keys: inout [SourceLocation]) throws(SyntaxError) -> Node.Value {
        depth += 1
        defer { depth -= 1 }
        guard depth < 512 else { throw error("nesting is too deep") }
        i += 1
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object([]) }
        let base = memberStack.count
        let keyBase = keyStack.count
        while true {
            skipWhitespace()
            guard i < bytes.count else { throw error("unexpected end of input inside an object; the file may be truncated") }
            guard bytes[i] == UInt8(ascii: "\"") else { throw error("expected a quoted member name, found \(describe(bytes[i]))") }
            keyStack.append(location)
            let key = try parseString()
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("expected ':' after member name \"\(key)\"") }
            i += 1
            skipWhitespace()
            if key == "items", let onItem, i < bytes.count, bytes[i] == UInt8(ascii: "[") {
                let loc = location
                _ = try parseArray(onItem: onItem)
                memberStack.append((key, Node(.array([]), at: loc)))
            } else {
                let value = try parseValue(onItem: nil, topLevel: false)
                memberStack.append((key, value))
            }
            skipWhitespace()
            guard i < bytes.count else { throw error("unexpected end of input inside an object; the file may be truncated") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") {
                i += 1
                let members = Array(memberStack[base...])
                memberStack.removeSubrange(base...)
                keys = Array(keyStack[keyBase...])
                keyStack.removeSubrange(keyBase...)
                return .object(members)
            }
            throw error("expected ',' or '}' in an object, found \(describe(bytes[i]))")
        }
    }

    private mutating func parseArray(onItem: ((Node) -> Void)?) throws(SyntaxError) -> [Node] {
        depth += 1
        defer { depth -= 1 }
        guard depth < 512 else { throw error("nesting is too deep") }
        i += 1
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return [] }
        let base = elementStack.count
        while true {
            skipWhitespace()
            let element = try parseValue(onItem: nil, topLevel: false)
            if let onItem {
                onItem(element)
                consumed?(i)
            } else { elementStack.append(element) }
            skipWhitespace()
            guard i < bytes.count else { throw error("unexpected end of input inside a list; the file may be truncated") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") {
                i += 1
                let elements = Array(elementStack[base...])
                elementStack.removeSubrange(base...)
                return elements
            }
            throw error("expected ',' or ']' in a list, found \(describe(bytes[i]))")
        }
    }

    private mutating func parseString() throws(SyntaxError) -> String {
        i += 1
        let start = i
        // Fast path: no escapes.
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                i += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw error("control character in a string (a raw line break?)") }
            i += 1
        }
        var out = Array(bytes[start..<i])
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if b < 0x20 { throw error("control character in a string (a raw line break?)") }
            if b != UInt8(ascii: "\\") { out.append(b); i += 1; continue }
            i += 1
            guard i < bytes.count else { break }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var code = try parseHex4()
                if (0xD800..<0xDC00).contains(code), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                    i += 2
                    let low = try parseHex4()
                    if (0xDC00..<0xE000).contains(low) {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                }
                let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))' in a string")
            }
        }
        throw error("unterminated string; the file may be truncated")
    }

    private mutating func parseHex4() throws(SyntaxError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit in \\u escape")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    private mutating func parseNumber() throws(SyntaxError) -> Node.Value {
        let start = i
        var isInteger = true
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") else {
            throw error("invalid number")
        }
        while i < bytes.count {
            let b = bytes[i]
            if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") { i += 1 }
            else if b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") || b == UInt8(ascii: "+") || b == UInt8(ascii: "-") {
                isInteger = false
                i += 1
            } else { break }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        if isInteger, let v = Int64(text) { return .int(v) }
        guard let d = Double(text) else { throw error("invalid number '\(text)'") }
        return .double(d)
    }
}
