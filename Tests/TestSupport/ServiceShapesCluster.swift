import ClusterModel

/// A three-node cluster (node03 runs none of the pods) with one Service of every shape kube-proxy treats differently
/// (kube-proxy-iptables.md §5): multi-port, eTP/iTP Local, ClientIP affinity, external IP,
/// LoadBalancer with source ranges, no endpoints, UDP, SCTP, headless, ExternalName, and a
/// hand-written EndpointSlice whose only endpoint is serving but terminating.
public enum ServiceShapesCluster {
    public static let manifests = """
    apiVersion: kubewalk.io/v1alpha1
    kind: ClusterNetwork
    metadata: {name: shapes}
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
    kind: Node
    metadata: {name: node03}
    spec: {podCIDR: 10.244.3.0/24}
    status: {addresses: [{type: InternalIP, address: 192.168.56.13}]}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: api-1, namespace: shop, labels: {app: api}}
    spec:
      nodeName: node01
      containers: [{name: api, image: api, ports: [{name: http, containerPort: 8080}, {name: metrics, containerPort: 9090}, {name: dns, containerPort: 53, protocol: UDP}, {name: sig, containerPort: 7777, protocol: SCTP}]}]
    status: {podIP: 10.244.1.10, conditions: [{type: Ready, status: "True"}]}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: api-2, namespace: shop, labels: {app: api}}
    spec:
      nodeName: node02
      containers: [{name: api, image: api, ports: [{name: http, containerPort: 8080}, {name: metrics, containerPort: 9090}, {name: dns, containerPort: 53, protocol: UDP}, {name: sig, containerPort: 7777, protocol: SCTP}]}]
    status: {podIP: 10.244.2.10, conditions: [{type: Ready, status: "True"}]}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: api-3, namespace: shop, labels: {app: api}}
    spec:
      nodeName: node02
      containers: [{name: api, image: api, ports: [{name: http, containerPort: 8080}, {name: metrics, containerPort: 9090}, {name: dns, containerPort: 53, protocol: UDP}, {name: sig, containerPort: 7777, protocol: SCTP}]}]
    status: {podIP: 10.244.2.11, conditions: [{type: Ready, status: "True"}]}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: api-multi, namespace: shop}
    spec: {clusterIP: 10.96.0.20, selector: {app: api}, ports: [{name: http, port: 80, targetPort: http}, {name: metrics, port: 9090, targetPort: metrics}]}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: api-local, namespace: shop}
    spec: {type: NodePort, externalTrafficPolicy: Local, clusterIP: 10.96.0.21, selector: {app: api}, ports: [{port: 80, targetPort: 8080, nodePort: 30100}]}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: api-itp, namespace: shop}
    spec: {internalTrafficPolicy: Local, clusterIP: 10.96.0.22, selector: {app: api}, ports: [{port: 80, targetPort: 8080}]}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: api-sticky, namespace: shop}
    spec: {sessionAffinity: ClientIP, clusterIP: 10.96.0.23, selector: {app: api}, ports: [{port: 80, targetPort: 8080}]}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: api-ext, namespace: shop}
    spec: {clusterIP: 10.96.0.24, externalIPs: [192.168.56.200], selector: {app: api}, ports: [{port: 80, targetPort: 8080}]}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: api-lb, namespace: shop}
    spec:
      type: LoadBalancer
      externalTrafficPolicy: Local
      healthCheckNodePort: 30200
      clusterIP: 10.96.0.25
      loadBalancerSourceRanges: [192.168.56.0/24]
      selector: {app: api}
      ports: [{port: 443, targetPort: 8080, nodePort: 30101}]
    status: {loadBalancer: {ingress: [{ip: 192.168.56.201}]}}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: empty, namespace: shop}
    spec: {clusterIP: 10.96.0.26, selector: {app: nothing}, ports: [{port: 80, targetPort: 8080}]}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: api-dns, namespace: shop}
    spec: {clusterIP: 10.96.0.27, selector: {app: api}, ports: [{name: dns, port: 53, protocol: UDP, targetPort: dns}]}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: api-sctp, namespace: shop}
    spec: {clusterIP: 10.96.0.28, selector: {app: api}, ports: [{name: sig, port: 7777, protocol: SCTP, targetPort: sig}]}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: api-headless, namespace: shop}
    spec: {clusterIP: None, selector: {app: api}, ports: [{port: 80, targetPort: 8080}]}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: upstream, namespace: shop}
    spec: {type: ExternalName, externalName: example.org}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: draining, namespace: shop}
    spec: {clusterIP: 10.96.0.29, ports: [{port: 80, targetPort: 8080}]}
    ---
    apiVersion: discovery.k8s.io/v1
    kind: EndpointSlice
    metadata: {name: draining-1, namespace: shop, labels: {kubernetes.io/service-name: draining}}
    addressType: IPv4
    ports: [{port: 8080, protocol: TCP}]
    endpoints:
    - addresses: [10.244.1.50]
      nodeName: node01
      conditions: {ready: false, serving: true, terminating: true}
    - addresses: [10.244.2.50]
      nodeName: node02
      conditions: {ready: false, serving: false, terminating: true}
    """

    public static func load() -> Cluster {
        ClusterLoader.load(files: [SourceFile(path: "shapes.yaml", text: manifests)], name: "shapes")
    }
}
