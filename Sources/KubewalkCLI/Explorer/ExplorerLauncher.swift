import ArgumentParser
import ClusterModel
import Explorer
import Foundation
import TerminalUI

/// What `kubewalk` with no subcommand does: the explorer in a terminal, or the cluster
/// summary when standard input or output is not a terminal.
public enum ExplorerLauncher {
    public static func run(clusterOptions: ClusterOptions, options: ExplorerOptions) throws {
        let cluster = try clusterOptions.load()
        guard TerminalSession.isInteractive else {
            print(ClusterSummary.render(cluster))
            return
        }
        let environment = ProcessInfo.processInfo.environment
        let firstFrameFile = environment["KUBEWALK_FIRST_FRAME_FILE"]
        let code = TerminalSession.run(environment: environment, mouse: !options.noMouse, makeState: { utf8 in
            ExplorerSetup.state(cluster: cluster, ref: clusterOptions.cluster, options: options, environment: environment, utf8: utf8, now: 0)
        }, onFirstFrame: {
            // Benchmarks: the wall-clock time the first frame reached the terminal.
            guard let firstFrameFile else { return }
            let ns = UInt64(Date().timeIntervalSince1970 * 1e9)
            try? "\(ns)\n".write(toFile: firstFrameFile, atomically: false, encoding: .utf8)
        })
        if code != 0 { throw ExitCode(code) }
    }
}
