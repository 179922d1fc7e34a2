/// The demo clusters and themes shipped inside the kubewalk binary.
///
/// Their source lives in the repository's `demo-clusters/<name>/` and `themes/` folders;
/// `scripts/embed-resources.py` copies them into `Generated/EmbeddedFiles.swift`, so
/// `kubewalk` runs from any directory with nothing beside it.
public enum DemoClusters {
    /// One embedded file: its path relative to the demo cluster's folder, and its text.
    public struct File: Sendable {
        public var path: String
        public var contents: String
    }

    /// One demo cluster: its name, the first paragraph of its README, and its files.
    public struct Demo: Sendable {
        public var name: String
        public var summary: String
        public var files: [File]

        /// The cluster's README.md, if it has one.
        public var readme: String? { files.first { $0.path == "README.md" }?.contents }
        /// The guided lesson (`walkthrough.yaml`), if it has one.
        public var walkthrough: String? { files.first { $0.path == "walkthrough.yaml" }?.contents }
        /// The manifests, in sorted path order (README and walkthrough excluded).
        public var manifests: [File] {
            files.filter { ($0.path.hasSuffix(".yaml") || $0.path.hasSuffix(".yml") || $0.path.hasSuffix(".json")) && !$0.path.hasPrefix("walkthrough.") }
                .sorted { $0.path < $1.path }
        }
    }

    /// The cluster `kubewalk` opens when none is named.
    public static let defaultName = "online-store"

    /// Every embedded demo cluster, sorted by name.
    public static var all: [Demo] {
        var byName: [String: [File]] = [:]
        for f in EmbeddedFiles.all where f.path.hasPrefix("demo-clusters/") {
            let rest = f.path.dropFirst("demo-clusters/".count)
            guard let slash = rest.firstIndex(of: "/") else { continue }
            let name = String(rest[..<slash])
            byName[name, default: []].append(File(path: String(rest[rest.index(after: slash)...]), contents: f.contents))
        }
        return byName.keys.sorted().map { name in
            let files = byName[name] ?? []
            return Demo(name: name, summary: summary(of: files.first { $0.path == "README.md" }?.contents ?? ""), files: files)
        }
    }

    public static func named(_ name: String) -> Demo? { all.first { $0.name == name } }

    /// Embedded themes: file name without `.yaml` → contents.
    public static var themes: [String: String] {
        var out: [String: String] = [:]
        for f in EmbeddedFiles.all where f.path.hasPrefix("themes/") && f.path.hasSuffix(".yaml") {
            out[String(f.path.dropFirst("themes/".count).dropLast(".yaml".count))] = f.contents
        }
        return out
    }

    /// The first sentence of a README's first paragraph (the paragraph's lines joined),
    /// for `kubewalk clusters`.
    static func summary(of readme: String) -> String {
        var paragraph: [String] = []
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false) {
            let t = line.trimmingCharacters()
            if t.hasPrefix("#") && paragraph.isEmpty { continue }
            if t.isEmpty { if paragraph.isEmpty { continue } else { break } }
            paragraph.append(t)
        }
        let text = paragraph.joined(separator: " ")
        // Up to the first ". " or ": " that ends a sentence; the whole paragraph if none.
        var end = text.endIndex
        var i = text.startIndex
        while i < text.endIndex {
            let next = text.index(after: i)
            if (text[i] == "." || text[i] == ":"), next < text.endIndex, text[next] == " " { end = next; break }
            i = next
        }
        var sentence = String(text[..<end])
        if sentence.hasSuffix(":") { sentence = String(sentence.dropLast()) }
        return sentence
    }
}

extension Substring {
    func trimmingCharacters() -> String {
        var s = self
        while s.first?.isWhitespace == true { s = s.dropFirst() }
        while s.last?.isWhitespace == true { s = s.dropLast() }
        return String(s)
    }
}
