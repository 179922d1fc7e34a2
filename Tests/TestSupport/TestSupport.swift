// Shared test checkers: inline clusters, output capture, golden files, fixtures.
import ClusterModel
import DemoClusters
import Foundation

/// The repository's root (for fixtures and golden files).
public let repositoryRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Loads a cluster from inline manifests: `[(path, text)]`, in the given order.
public func loadCluster(_ files: [(String, String)], name: String = "test") -> Cluster {
    ClusterLoader.load(files: files.map { SourceFile(path: $0.0, text: $0.1) }, name: name)
}

/// Loads one inline file.
public func loadCluster(_ text: String, file: String = "test.yaml") -> Cluster {
    loadCluster([(file, text)])
}

/// Loads an embedded demo cluster the way `--cluster NAME` does.
public func loadDemo(_ name: String) -> Cluster? {
    guard let demo = DemoClusters.named(name) else { return nil }
    return ClusterLoader.load(files: demo.manifests.map { SourceFile(path: "\(demo.name)/\($0.path)", text: $0.contents) }, name: demo.name)
}

/// Every embedded demo's manifests as source files.
public func demoSourceFiles() -> [(demo: String, files: [SourceFile])] {
    DemoClusters.all.map { d in (d.name, d.manifests.map { SourceFile(path: "\(d.name)/\($0.path)", text: $0.contents) }) }
}

/// `file:line:column: severity: code` lines of a cluster's diagnostics, for exact assertions.
public func diagnosticLines(_ c: Cluster) -> [String] {
    c.diagnostics.map { d in "\(d.location.map(\.description) ?? "-"): \(d.severity.rawValue): \(d.code)" }
}

/// Runs `body` with standard output and standard error redirected to files; returns what
/// it printed. Used to run CLI commands in-process.
public func captureOutput(_ body: () -> Int32) -> (status: Int32, stdout: String, stderr: String) {
    let dir = FileManager.default.temporaryDirectory
    let outURL = dir.appendingPathComponent("kwtest-out-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
    let errURL = dir.appendingPathComponent("kwtest-err-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: outURL); try? FileManager.default.removeItem(at: errURL) }
    fflush(nil)
    let savedOut = dup(1), savedErr = dup(2)
    let outFD = open(outURL.path, O_WRONLY), errFD = open(errURL.path, O_WRONLY)
    dup2(outFD, 1)
    dup2(errFD, 2)
    let status = body()
    fflush(nil)
    dup2(savedOut, 1)
    dup2(savedErr, 2)
    close(outFD); close(errFD); close(savedOut); close(savedErr)
    let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
    let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
    return (status, out, err)
}

/// Compares `actual` with the golden file at `path` (relative to the repository root).
/// With `KUBEWALK_RECORD=1` the file is (re)written instead. Returns nil when they match,
/// else a message with the first differing line.
public func goldenMismatch(_ actual: String, path: String) -> String? {
    let url = repositoryRoot.appendingPathComponent(path)
    if ProcessInfo.processInfo.environment["KUBEWALK_RECORD"] == "1" {
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? actual.write(to: url, atomically: true, encoding: .utf8)
        return nil
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        return "\(path) does not exist; run the tests with KUBEWALK_RECORD=1 to record it, then review it by eye"
    }
    if expected == actual { return nil }
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false), a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    for i in 0..<max(e.count, a.count) {
        let el = i < e.count ? String(e[i]) : "<end>", al = i < a.count ? String(a[i]) : "<end>"
        if el != al { return "\(path):\(i + 1): expected «\(el)», got «\(al)» (KUBEWALK_RECORD=1 re-records)" }
    }
    return "\(path) differs"
}

/// Reads a fixture under Tests/ (nil when it does not exist yet).
public func fixture(_ path: String) -> String? {
    try? String(contentsOf: repositoryRoot.appendingPathComponent("Tests").appendingPathComponent(path), encoding: .utf8)
}
