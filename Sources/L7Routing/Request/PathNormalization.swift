/// nginx's URI normalisation before location matching (`ngx_http_parse_complex_uri`):
/// percent-decoding, merging repeated `/` (`merge_slashes on`), resolving `.` and `..`
/// segments. The query string is not part of it.
public enum PathNormalization {
    /// The normalised path nginx matches locations against, or nil when `..` climbs above
    /// the root (nginx answers 400 Bad Request).
    public static func normalize(_ path: String) -> String? {
        if isPlain(path) { return path }
        let decoded = percentDecode(Array(path.utf8))
        var segments: [ArraySlice<UInt8>] = []
        let parts = decoded.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        let trailingSlash = decoded.last == UInt8(ascii: "/")
        var endsInDir = trailingSlash
        for (i, seg) in parts.enumerated() {
            if i == 0 && seg.isEmpty { continue }
            if seg.isEmpty { continue }                       // merged slashes
            endsInDir = trailingSlash
            if seg.elementsEqual([UInt8(ascii: ".")]) { endsInDir = true; continue }
            if seg.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")]) {
                if segments.isEmpty { return nil }
                segments.removeLast()
                endsInDir = true
                continue
            }
            segments.append(seg)
        }
        var out: [UInt8] = [UInt8(ascii: "/")]
        for (i, s) in segments.enumerated() {
            out.append(contentsOf: s)
            if i < segments.count - 1 { out.append(UInt8(ascii: "/")) }
        }
        if !segments.isEmpty && endsInDir { out.append(UInt8(ascii: "/")) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Already normal: starts with `/`, no `%`, no `//`, no `/.` (the common case, no copy).
    static func isPlain(_ path: String) -> Bool {
        var prev: UInt8 = 0
        var first = true
        for c in path.utf8 {
            if first { guard c == UInt8(ascii: "/") else { return false }; first = false }
            if c == UInt8(ascii: "%") { return false }
            if prev == UInt8(ascii: "/") && (c == UInt8(ascii: "/") || c == UInt8(ascii: ".")) { return false }
            prev = c
        }
        return !first
    }

    static func percentDecode(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count, let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 65...70: return c - 55
        case 97...102: return c - 87
        default: return nil
        }
    }

    /// How nginx escapes a rewritten URI before passing it upstream (`ngx_escape_uri` with
    /// `NGX_ESCAPE_URI`): spaces, `#`, `%`, `?`, control characters and non-ASCII bytes.
    public static func escapeRewritten(_ path: String) -> String {
        var out = ""
        for b in path.utf8 {
            if b <= 0x20 || b >= 0x7f || b == UInt8(ascii: "#") || b == UInt8(ascii: "%") || b == UInt8(ascii: "?") || b == UInt8(ascii: "\"") {
                let digits = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [digits[Int(b >> 4)], digits[Int(b & 15)]], as: UTF8.self)
            } else {
                out.unicodeScalars.append(Unicode.Scalar(b))
            }
        }
        return out
    }
}
