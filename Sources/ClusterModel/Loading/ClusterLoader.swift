import Foundation
import NetCore

/// One input file: its path as shown in diagnostics, and its bytes.
public struct SourceFile: Sendable {
    public var path: String
    public var bytes: [UInt8]
    public init(path: String, bytes: [UInt8]) { self.path = path; self.bytes = bytes }
    public init(path: String, text: String) { self.path = path; self.bytes = Array(text.utf8) }
}

/// Errors that stop loading before any document is read (the path itself is wrong).
public enum ClusterSourceError: Error, CustomStringConvertible, Sendable {
    case notFound(String)
    case unreadable(String, String)
    case noManifests(String)

    public var description: String {
        switch self {
        case .notFound(let p): return "\(p): no such file or directory, and no demo cluster of that name (see `kubewalk clusters`)"
        case .unreadable(let p, let why): return "\(p): cannot be read: \(why)"
        case .noManifests(let p): return "\(p): holds no .yaml, .yml or .json files"
        }
    }
}

/// Reads a cluster as `reference/input-format.md` describes: a file or a directory (read
/// recursively, files in sorted path order) of YAML / JSON Kubernetes documents, `kind: List`
/// included; then reconciles it and validates it.
public enum ClusterLoader {
    /// Files that live beside manifests but are not manifests.
    static let ignoredNames: Set<String> = ["walkthrough.yaml", "walkthrough.yml", "kustomization.yaml"]

    /// Lists and reads the manifest files at `path`.
    public static func readFiles(at path: String) throws(ClusterSourceError) -> [SourceFile] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw .notFound(path) }
        var paths: [String] = []
        if isDir.boolValue {
            guard let walker = FileManager.default.enumerator(atPath: path) else { throw .unreadable(path, "cannot list the directory") }
            for case let rel as String in walker {
                let name = (rel as NSString).lastPathComponent
                if name.hasPrefix(".") || ignoredNames.contains(name) { continue }
                let lower = name.lowercased()
                guard lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json") else { continue }
                paths.append((path as NSString).appendingPathComponent(rel))
            }
            paths.sort()
            if paths.isEmpty { throw .noManifests(path) }
        } else {
            paths = [path]
        }
        var files: [SourceFile] = []
        for p in paths {
            guard let data = FileManager.default.contents(atPath: p) else { throw .unreadable(p, "permission denied or not a regular file") }
            files.append(SourceFile(path: p, bytes: [UInt8](data)))
        }
        return files
    }

    /// Parses, decodes, reconciles and validates. Never throws: every problem becomes a
    /// diagnostic in `Cluster.diagnostics`.
    public static func load(files: [SourceFile], name: String) -> Cluster {
        let collector = DocumentCollector(defaultName: name)
        for file in files {
            collector.read(file)
        }
        var cluster = collector.finish()
        Reconciler.reconcile(&cluster)
        Validator.validate(&cluster)
        cluster.reindex()
        return cluster
    }

    /// Loads the file or directory at `path`.
    public static func load(path: String) throws(ClusterSourceError) -> Cluster {
        let files = try readFiles(at: path)
        var name = (path as NSString).lastPathComponent
        for ext in [".yaml", ".yml", ".json"] where name.hasSuffix(ext) { name = String(name.dropLast(ext.count)) }
        return load(files: files, name: name)
    }
}
