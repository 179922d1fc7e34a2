import ArgumentParser
import ClusterDNS
import ClusterModel
import L7Routing

/// `kubewalk validate`: every diagnostic of a cluster at once.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a cluster's manifests and print every problem found.",
        discussion: """
        Exit status: 0 without errors (warnings are printed), 1 with errors, 2 for a usage error.

        Examples:
          kubewalk validate --cluster online-store
          kubewalk validate --cluster ./my-manifests/
          kubewalk validate --cluster dump.json -o json
        """)

    @OptionGroup var options: ClusterOptions
    @Option(name: .shortAndLong, help: "Output format: text or json.") var output: OutputFormat = .text

    func run() throws {
        let cluster = try options.loadUnchecked()
        let diagnostics = cluster.diagnostics + EngineValidation.all(cluster)
        switch output {
        case .json:
            print(try JSONOutput.string(ValidationReport(cluster: cluster.name, diagnostics: diagnostics, skipped: cluster.skipped)))
        case .text:
            for d in diagnostics.sorted(by: { ($0.severity, $0.location?.file ?? "", $0.location?.line ?? 0) < ($1.severity, $1.location?.file ?? "", $1.location?.line ?? 0) }) {
                print(d.description)
            }
            if !cluster.skipped.isEmpty {
                print("skipped \(cluster.skipped.count) object(s) of kinds kubewalk does not use: " +
                      Dictionary(grouping: cluster.skipped, by: \.kind).map { "\($0.key) ×\($0.value.count)" }.sorted().joined(separator: ", "))
            }
            let e = diagnostics.errors.count, w = diagnostics.warnings.count
            print("\(cluster.name): \(e) error\(e == 1 ? "" : "s"), \(w) warning\(w == 1 ? "" : "s")")
        }
        if diagnostics.hasErrors { throw ExitCode(1) }
    }
}

struct ValidationReport: Encodable {
    var cluster: String
    var diagnostics: [Diagnostic]
    var skipped: [SkippedObject]
}

/// Checks that belong to an engine (an nginx regex that would not compile, a Corefile that
/// does not parse), run by `validate` after the loader's own. Each engine adds its checker here.
enum EngineValidation {
    static func all(_ cluster: Cluster) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for check in checkers { out += check(cluster) }
        return out
    }

    static let checkers: [@Sendable (Cluster) -> [Diagnostic]] = [
        { DNSValidation.diagnostics($0) },  // Corefile that does not parse; kubelet DNSConfigForming
        { L7Validation.diagnostics($0) },
    ]
}
