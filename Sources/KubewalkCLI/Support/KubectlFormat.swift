/// kubectl's text conventions: the table printer (columns padded to the widest cell, three
/// spaces apart, as `text/tabwriter` with padding 3 does) and `duration.HumanDuration` for
/// the AGE column.
public enum KubectlFormat {
    /// Renders a table: header row then rows, left-aligned, the last column unpadded.
    public static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        var widths = Array(repeating: 0, count: header.count)
        for r in all { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        var lines: [String] = []
        for r in all {
            var line = ""
            for (i, c) in r.enumerated() where i < widths.count {
                if i + 1 < r.count { line += c + String(repeating: " ", count: widths[i] - c.count + 3) } else { line += c }
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// Seconds since 1970 of an RFC 3339 timestamp (`2024-05-01T10:00:00Z`, offsets and
    /// fractions accepted); nil when it does not parse.
    public static func epochSeconds(_ text: String) -> Int? {
        let b = Array(text.utf8)
        guard b.count >= 19 else { return nil }
        func num(_ from: Int, _ len: Int) -> Int? {
            guard from + len <= b.count else { return nil }
            var v = 0
            for k in from..<(from + len) {
                guard b[k] >= 48 && b[k] <= 57 else { return nil }
                v = v * 10 + Int(b[k] - 48)
            }
            return v
        }
        guard let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2), let s = num(17, 2),
              (1...12).contains(mo), (1...31).contains(d) else { return nil }
        var i = 19
        if i < b.count, b[i] == UInt8(ascii: ".") { i += 1; while i < b.count, b[i] >= 48 && b[i] <= 57 { i += 1 } }
        var offset = 0
        if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            guard let oh = num(i + 1, 2), let om = num(i + 4, 2) else { return nil }
            offset = (oh * 3600 + om * 60) * (b[i] == UInt8(ascii: "+") ? 1 : -1)
        }
        // Days from civil (Howard Hinnant's algorithm).
        let yy = mo <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146097 + doe - 719468
        return days * 86400 + h * 3600 + mi * 60 + s - offset
    }

    /// `k8s.io/apimachinery/pkg/util/duration.HumanDuration`: `45s`, `5m3s`, `4h`, `3d5h`, `2y30d`.
    public static func humanDuration(seconds: Int) -> String {
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 60 * 2 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 10 { let s = seconds % 60; return s == 0 ? "\(minutes)m" : "\(minutes)m\(s)s" }
        if minutes < 60 * 3 { return "\(minutes)m" }
        let hours = minutes / 60
        if hours < 8 { let m = minutes % 60; return m == 0 ? "\(hours)h" : "\(hours)h\(m)m" }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 { let h = hours % 24; return h == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(h)h" }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        if hours < 24 * 365 * 8 { let dy = (hours / 24) % 365; return dy == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(dy)d" }
        return "\(hours / 24 / 365)y"
    }
}
