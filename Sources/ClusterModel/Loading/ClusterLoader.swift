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

    /// Lists the manifest files at `path`: the file itself, or a directory's .yaml/.yml/.json
    /// files (recursively, sorted, hidden files and walkthroughs left out).
    public static func manifestPaths(at path: String) throws(ClusterSourceError) -> [String] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw .notFound(path) }
        guard isDir.boolValue else { return [path] }
        guard let walker = FileManager.default.enumerator(atPath: path) else { throw .unreadable(path, "cannot list the directory") }
        var paths: [String] = []
        for case let rel as String in walker {
            let name = (rel as NSString).lastPathComponent
            if name.hasPrefix(".") || ignoredNames.contains(name) { continue }
            let lower = name.lowercased()
            guard lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json") else { continue }
            paths.append((path as NSString).appendingPathComponent(rel))
        }
        paths.sort()
        if paths.isEmpty { throw .noManifests(path) }
        return paths
    }

    /// Lists and reads the manifest files at `path`.
    public static func readFiles(at path: String) throws(ClusterSourceError) -> [SourceFile] {
        var files: [SourceFile] = []
        for p in try manifestPaths(at: path) {
            files.append(SourceFile(path: p, bytes: try readBytes(p)))
        }
        return files
    }

    /// A file's bytes, read straight into one array (no intermediate `Data`).
    static func readBytes(_ path: String) throws(ClusterSourceError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .unreadable(path, String(cString: strerror(errno))) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { throw .unreadable(path, "not a regular file") }
        let size = Int(st.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buf, count in
            var done = 0
            while done < size {
                let n = read(fd, buf.baseAddress.map { $0 + done }, size - done)
                if n <= 0 { failed = n < 0; break }
                done += n
            }
            count = done
        }
        if failed { throw .unreadable(path, String(cString: strerror(errno))) }
        return bytes
    }

    /// Parses, decodes, reconciles and validates. Never throws: every problem becomes a
    /// diagnostic in `Cluster.diagnostics`.
    public static func load(files: [SourceFile], name: String) -> Cluster {
        let collector = DocumentCollector(defaultName: name)
        for file in files {
            collector.read(file)
        }
        return finish(collector)
    }

    static func finish(_ collector: DocumentCollector) -> Cluster {
        var cluster = collector.finish()
        Reconciler.reconcile(&cluster)
        Validator.validate(&cluster)
        cluster.reindex()
        return cluster
    }

    /// JSON files at least this big are mapped and streamed rather than read into memory.
    static let mappedThreshold = 32 << 20

    /// Loads the file or directory at `path`. Big JSON dumps are memory-mapped and their
    /// pages released as the items are decoded, so peak memory is the model, not the file.
    public static func load(path: String) throws(ClusterSourceError) -> Cluster {
        var name = (path as NSString).lastPathComponent
        for ext in [".yaml", ".yml", ".json"] where name.hasSuffix(ext) { name = String(name.dropLast(ext.count)) }
        let collector = DocumentCollector(defaultName: name)
        for p in try manifestPaths(at: path) {
            if p.lowercased().hasSuffix(".json"), let mapped = MappedFile(path: p), mapped.count >= mappedThreshold {
                mapped.withBuffer { buffer in
                    collector.readJSON(buffer: buffer, path: p) { done in mapped.release(upTo: done) }
                }
            } else {
                collector.read(SourceFile(path: p, bytes: try readBytes(p)))
            }
        }
        return finish(collector)
    }
}

/// A read-only private mapping of a file whose consumed prefix can be dropped from memory.
final class MappedFile {
    private let base: UnsafeMutableRawPointer
    let count: Int
    private var released = 0
    private let page = Int(sysconf(Int32(_SC_PAGESIZE)))

    init?(path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0 else { return nil }
        count = Int(st.st_size)
        guard let p = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else { return nil }
        base = p
        madvise(base, count, MADV_SEQUENTIAL)
    }

    deinit { munmap(base, count) }

    func withBuffer<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        try body(UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: count))
    }

    /// Drops the pages before `offset` (in 64 MB steps); they are re-read from the file if touched.
    func release(upTo offset: Int) {
        let target = (offset / page) * page
        guard target - released >= 64 << 20 else { return }
        madvise(base + released, target - released, MADV_DONTNEED)
        released = target
    }
}
