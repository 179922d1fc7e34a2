/// Streams a `kind: List` in kubectl's layout: items written one by one.
public enum SyntheticListWriter {
    public static func write(_ spec: SyntheticCluster, to sink: (inout String) -> Void) {
        var buffer = "{\n    \"apiVersion\": \"v1\",\n    \"items\": ["
        var first = true
        spec.generate { item in
            buffer += first ? "\n        " : ",\n        "
            first = false
            item.writeJSON(to: &buffer, level: 2)
            if buffer.utf8.count > 1 << 20 { sink(&buffer) }
        }
        buffer += first ? "],\n" : "\n    ],\n"
        buffer += "    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n"
        sink(&buffer)
    }
}

