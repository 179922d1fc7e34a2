import ArgumentParser
import DemoClusters

/// `kubewalk clusters`: the embedded demo clusters, one line each.
struct ClustersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clusters",
        abstract: "List the embedded demo clusters and what each teaches.",
        discussion: """
        Examples:
          kubewalk clusters
          kubewalk validate --cluster dns-lab
        """)

    func run() throws {
        let demos = DemoClusters.all
        let width = demos.map(\.name.count).max() ?? 0
        for d in demos {
            let mark = d.name == DemoClusters.defaultName ? "*" : " "
            print("\(mark) \(d.name.padding(width))  \(d.summary)")
        }
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
