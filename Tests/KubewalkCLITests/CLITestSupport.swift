import Foundation
import KubewalkCLI
import TestSupport

/// Runs `kubewalk ARGS…` in-process and returns its exit status and output.
func kubewalk(_ args: String...) -> (status: Int32, stdout: String, stderr: String) {
    kubewalk(args)
}

func kubewalk(_ args: [String]) -> (status: Int32, stdout: String, stderr: String) {
    captureOutput { KubewalkCommand.execute(args) }
}

/// The hand-written EKS-shaped `kubectl get -A -o json` dump (holds a Secret).
let eksDump = repositoryRoot.appendingPathComponent("Tests/ClusterModelTests/Fixtures/kubectl-dump/handwritten-eks.json").path

/// A generated cluster written to a temporary file.
func generatedClusterFile() -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("kwtest-generated-\(getpid()).json").path
    if !FileManager.default.fileExists(atPath: path) {
        let out = kubewalk("generate", "--nodes", "3", "--pods-per-node", "3", "--services", "3", "--endpoints-per-service", "2", "--ingresses", "2", "--seed", "5")
        try? out.stdout.write(toFile: path, atomically: true, encoding: .utf8)
    }
    return path
}
