import ArgumentParser
import ClusterModel
import Foundation

/// `kubewalk generate`: a synthetic cluster as `kubectl get -A -o json` prints it, for
/// benchmarks and for trying kubewalk on a big cluster.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a realistic synthetic cluster as one kind: List JSON (kubectl get -A -o json) to standard output.",
        discussion: """
        NODES worker nodes plus one control-plane node (InternalIPs in 10.0.0.0/14, a /24 of \
        100.64.0.0/10 each), PODS-PER-NODE app pods on each worker (Deployment-owned, with \
        managedFields, containerStatuses and conditions), SERVICES ClusterIP Services in \
        10.96.0.0/12 (every tenth a NodePort), each selecting ENDPOINTS-PER-SERVICE pods, \
        their EndpointSlices (at most 100 endpoints each), INGRESSES Ingresses of class \
        nginx, and kube-system: CoreDNS (2 pods, kube-dns 10.96.0.10, Corefile), kube-proxy \
        on every node and its ConfigMap. The same --seed gives byte-identical output.

        Examples:
          kubewalk generate --nodes 3 --pods-per-node 4 --services 5 --endpoints-per-service 2 > small.json
          kubewalk generate --nodes 1000 --pods-per-node 30 --services 5000 --endpoints-per-service 6 --ingresses 200 > big.json
          kubewalk validate --cluster big.json
        """)

    @Option(help: "Worker nodes (one control-plane node is added).") var nodes: Int
    @Option(name: .customLong("pods-per-node"), help: "App pods on each worker node.") var podsPerNode: Int
    @Option(help: "Services.") var services: Int
    @Option(name: .customLong("endpoints-per-service"), help: "Pods each Service selects.") var endpointsPerService: Int
    @Option(help: "Ingresses (one per Service, for the first ones).") var ingresses: Int = 0
    @Option(help: "Seed for names, uids and timestamps.") var seed: UInt64 = 1

    func validate() throws {
        do { try spec.check() } catch { throw ValidationError(error.description) }
    }

    var spec: SyntheticCluster {
        SyntheticCluster(nodes: nodes, podsPerNode: podsPerNode, services: services, endpointsPerService: endpointsPerService,
                         ingresses: ingresses, seed: seed)
    }

    func run() throws {
        let out = FileHandle.standardOutput
        SyntheticListWriter.write(spec) { buffer in
            out.write(Data(buffer.utf8))
            buffer.removeAll(keepingCapacity: true)
        }
    }
}

