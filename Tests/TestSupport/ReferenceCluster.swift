import ClusterModel

/// The two-node cluster of kube-proxy-iptables.md §8 as ordinary manifests.
public enum ReferenceCluster {
    public static let manifests = """
    apiVersion: kubewalk.io/v1alpha1
    kind: ClusterNetwork
    metadata: {name: reference}
    spec:
      serviceCIDR: 10.96.0.0/12
      podCIDR: 10.244.0.0/16
      kubeProxy: {mode: iptables, clusterCIDR: 10.244.0.0/16}
    ---
    apiVersion: v1
    kind: Node
    metadata: {name: node01}
    spec: {podCIDR: 10.244.1.0/24}
    status: {addresses: [{type: InternalIP, address: 192.168.56.11}]}
    ---
    apiVersion: v1
    kind: Node
    metadata: {name: node02}
    spec: {podCIDR: 10.244.2.0/24}
    status: {addresses: [{type: InternalIP, address: 192.168.56.12}]}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: web-a, namespace: default, labels: {app: web}}
    spec: {nodeName: node01, containers: [{name: web, image: nginx, ports: [{containerPort: 8080}]}]}
    status: {podIP: 10.244.1.5, conditions: [{type: Ready, status: "True"}]}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: web-b, namespace: default, labels: {app: web}}
    spec: {nodeName: node02, containers: [{name: web, image: nginx, ports: [{containerPort: 8080}]}]}
    status: {podIP: 10.244.2.7, conditions: [{type: Ready, status: "True"}]}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: web-c, namespace: default, labels: {app: web}}
    spec: {nodeName: node02, containers: [{name: web, image: nginx, ports: [{containerPort: 8080}]}]}
    status: {podIP: 10.244.2.12, conditions: [{type: Ready, status: "True"}]}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: web, namespace: default}
    spec: {clusterIP: 10.96.45.10, selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: web-np, namespace: default}
    spec: {type: NodePort, clusterIP: 10.96.200.30, selector: {app: web}, ports: [{port: 80, targetPort: 8080, nodePort: 30080}]}
    """

    public static func load() -> Cluster {
        ClusterLoader.load(files: [SourceFile(path: "reference.yaml", text: manifests)], name: "reference")
    }
}
