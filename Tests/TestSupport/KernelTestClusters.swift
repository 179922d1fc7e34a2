import ClusterModel
import DemoClusters

/// The clusters the real-kernel tests load: every embedded demo cluster, plus the
/// reference example.
public enum KernelTestClusters {
    public static func all() -> [(name: String, cluster: Cluster)] {
        var out: [(String, Cluster)] = [("reference", ReferenceCluster.load()), ("shapes", ServiceShapesCluster.load())]
        for demo in DemoClusters.all {
            let files = demo.manifests.map { SourceFile(path: "\(demo.name)/\($0.path)", text: $0.contents) }
            out.append((demo.name, ClusterLoader.load(files: files, name: demo.name)))
        }
        return out
    }
}
