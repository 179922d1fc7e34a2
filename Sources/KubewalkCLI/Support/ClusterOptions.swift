import ArgumentParser
import ClusterModel
import DemoClusters
import Foundation

/// `--cluster PATH|NAME`, shared by every subcommand: a manifest file, a directory of
/// manifests, or the name of an embedded demo cluster (`kubewalk clusters`).
public struct ClusterOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A manifest file, a directory of manifests, or an embedded demo cluster name.", valueName: "path|name"),
            completion: .file())
    public var cluster: String = DemoClusters.defaultName

    public init() {}

    /// Loads and reconciles the cluster. Prints every error diagnostic to standard error
    /// and exits 1 when there are any (`--allow-errors` style callers use `loadUnchecked`).
    public func load() throws -> Cluster {
        let c = try loadUnchecked()
        let errors = c.diagnostics.errors
        if !errors.isEmpty {
            for e in errors { printError(e.description) }
            printError("\(errors.count) error(s) in \(cluster); run `kubewalk validate --cluster \(cluster)` for all diagnostics")
            throw ExitCode(1)
        }
        return c
    }

    /// Loads without stopping on error diagnostics.
    public func loadUnchecked() throws -> Cluster {
        do throws(ClusterSourceError) {
            return try ClusterSource.load(cluster)
        } catch {
            printError("error: \(error.description)")
            throw ExitCode(1)
        }
    }
}

/// Resolves a `--cluster` value: an existing path wins; otherwise an embedded demo name.
public enum ClusterSource {
    public static func load(_ value: String) throws(ClusterSourceError) -> Cluster {
        if FileManager.default.fileExists(atPath: value) {
            return try ClusterLoader.load(path: value)
        }
        if let demo = DemoClusters.named(value) {
            let files = demo.manifests.map { SourceFile(path: "\(demo.name)/\($0.path)", text: $0.contents) }
            return ClusterLoader.load(files: files, name: demo.name)
        }
        throw .notFound(value)
    }
}

/// Writes a line to standard error.
public func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// `-o text|json` for commands with structured output.
public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json
}
