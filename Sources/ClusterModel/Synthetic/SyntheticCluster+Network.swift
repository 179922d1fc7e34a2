import NetCore

extension Generator {
    mutating func service(namespace: String, name: String, index: Int, ip: IPv4Address, nodePort: Int?) -> KubeValue {
        let (t, _) = timestamp(within: index < 0 ? 1 : 30)
        var labels: [String: KubeValue] = [:]
        var spec: [String: KubeValue] = ["clusterIP": .string(ip.description), "clusterIPs": .array([.string(ip.description)]),
                                         "internalTrafficPolicy": "Cluster", "ipFamilies": .array(["IPv4"]), "ipFamilyPolicy": "SingleStack",
                                         "sessionAffinity": "None", "type": "ClusterIP"]
        switch index {
        case -1:
            labels = ["component": "apiserver", "provider": "kubernetes"]
            spec["ports"] = .array([.object(["name": "https", "port": .int(443), "protocol": "TCP", "targetPort": .int(6443)])])
        case -2:
            labels = ["k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS"]
            spec["selector"] = .object(["k8s-app": "kube-dns"])
            spec["ports"] = .array([
                .object(["name": "dns", "port": .int(53), "protocol": "UDP", "targetPort": .int(53)]),
                .object(["name": "dns-tcp", "port": .int(53), "protocol": "TCP", "targetPort": .int(53)]),
                .object(["name": "metrics", "port": .int(9153), "protocol": "TCP", "targetPort": .int(9153)]),
            ])
        default:
            labels = ["app": .string(name)]
            spec["selector"] = .object(["app": .string(name)])
            var port: [String: KubeValue] = ["name": "http", "port": .int(80), "protocol": "TCP", "targetPort": "http"]
            if let nodePort {
                port["nodePort"] = .int(nodePort)
                spec["type"] = "NodePort"
                spec["externalTrafficPolicy"] = "Cluster"
            }
            spec["ports"] = .array([.object(port)])
        }
        return .object(["apiVersion": "v1", "kind": "Service",
                        "metadata": .object(["creationTimestamp": .string(t), "labels": .object(labels),
                                             "managedFields": .array([managed(index == -1 ? "kube-apiserver" : "kubectl-client-side-apply", t, Self.fields(["f:metadata", "f:spec"]))]),
                                             "name": .string(name), "namespace": .string(namespace), "resourceVersion": rv(), "uid": .string(uuid())]),
                        "spec": .object(spec), "status": .object(["loadBalancer": .object([:])])])
    }

    mutating func endpointSlice(namespace: String, name: String, index: Int, endpoints: [(SyntheticCluster.PodPlan, String, String)], controlPlaneIP: IPv4Address) -> KubeValue {
        let (t, _) = timestamp()
        let service = index == -1 ? "kubernetes" : String(name.dropLast(6))
        var labels: [String: KubeValue] = ["kubernetes.io/service-name": .string(service)]
        var ports: KubeValue
        var eps: [KubeValue]
        var owner: [KubeValue] = []
        if index == -1 {
            labels["endpointslice.kubernetes.io/managed-by"] = "endpointslicemirroring-controller.k8s.io"
            ports = .array([.object(["name": "https", "port": .int(6443), "protocol": "TCP"])])
            eps = [.object(["addresses": .array([.string(controlPlaneIP.description)]), "conditions": .object(["ready": true])])]
        } else {
            labels["endpointslice.kubernetes.io/managed-by"] = "endpointslice-controller.k8s.io"
            owner = [.object(["apiVersion": "v1", "blockOwnerDeletion": true, "controller": true, "kind": "Service", "name": .string(service), "uid": .string(uuid())])]
            ports = index == -2
                ? .array([.object(["name": "dns-tcp", "port": .int(53), "protocol": "TCP"]), .object(["name": "dns", "port": .int(53), "protocol": "UDP"]),
                          .object(["name": "metrics", "port": .int(9153), "protocol": "TCP"])])
                : .array([.object(["name": "http", "port": .int(8080), "protocol": "TCP"])])
            eps = endpoints.map { (p, uid, node) in
                .object(["addresses": .array([.string(p.ip.description)]),
                         "conditions": .object(["ready": true, "serving": true, "terminating": false]),
                         "nodeName": .string(node),
                         "targetRef": .object(["kind": "Pod", "name": .string(p.name), "namespace": .string(p.namespace), "uid": .string(uid)])])
            }
        }
        var meta: [String: KubeValue] = [
            "annotations": .object(["endpoints.kubernetes.io/last-change-trigger-time": .string(t)]),
            "creationTimestamp": .string(t), "labels": .object(labels),
            "managedFields": .array([managed("kube-controller-manager", t, Self.fields(["f:addressType", "f:endpoints", "f:metadata", "f:ports"]), apiVersion: "discovery.k8s.io/v1")]),
            "name": .string(name), "namespace": .string(namespace), "resourceVersion": rv(), "uid": .string(uuid()),
        ]
        if !owner.isEmpty { meta["ownerReferences"] = .array(owner); meta["generateName"] = .string("\(service)-") }
        return .object(["addressType": "IPv4", "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
                        "endpoints": eps.isEmpty ? .null : .array(eps), "metadata": .object(meta), "ports": ports])
    }

    mutating func ingress(namespace: String, service: String) -> KubeValue {
        let (t, _) = timestamp()
        let host = "\(service).shop.example.com"
        return .object(["apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
                        "metadata": .object(["annotations": .object(["nginx.ingress.kubernetes.io/ssl-redirect": "false"]),
                                             "creationTimestamp": .string(t), "generation": .int(1),
                                             "managedFields": .array([managed("kubectl-client-side-apply", t, Self.fields(["f:metadata", "f:spec"]), apiVersion: "networking.k8s.io/v1")]),
                                             "name": .string(service), "namespace": .string(namespace), "resourceVersion": rv(), "uid": .string(uuid())]),
                        "spec": .object(["ingressClassName": "nginx",
                                         "rules": .array([.object(["host": .string(host), "http": .object(["paths": .array([
                                            .object(["backend": .object(["service": .object(["name": .string(service), "port": .object(["number": .int(80)])])]),
                                                     "path": "/", "pathType": "Prefix"]),
                                         ])])])])]),
                        "status": .object(["loadBalancer": .object(["ingress": .array([.object(["ip": "10.0.0.10"])])])])])
    }

    mutating func ingressClass() -> KubeValue {
        let (t, _) = timestamp(within: 1)
        return .object(["apiVersion": "networking.k8s.io/v1", "kind": "IngressClass",
                        "metadata": .object(["annotations": .object(["ingressclass.kubernetes.io/is-default-class": "true"]),
                                             "creationTimestamp": .string(t), "generation": .int(1),
                                             "labels": .object(["app.kubernetes.io/component": "controller", "app.kubernetes.io/name": "ingress-nginx"]),
                                             "name": "nginx", "resourceVersion": rv(), "uid": .string(uuid())]),
                        "spec": .object(["controller": "k8s.io/ingress-nginx"])])
    }

    mutating func corednsConfigMap() -> KubeValue {
        let (t, _) = timestamp(within: 1)
        let corefile = KubeadmDefaults.corefile()
        return .object(["apiVersion": "v1", "kind": "ConfigMap", "data": .object(["Corefile": .string(corefile)]),
                        "metadata": .object(["creationTimestamp": .string(t), "name": "coredns", "namespace": "kube-system",
                                             "resourceVersion": rv(), "uid": .string(uuid())])])
    }

    mutating func kubeProxyConfigMap() -> KubeValue {
        let (t, _) = timestamp(within: 1)
        let conf = """
        apiVersion: kubeproxy.config.k8s.io/v1alpha1
        kind: KubeProxyConfiguration
        clusterCIDR: 100.64.0.0/10
        iptables:
          masqueradeAll: false
          masqueradeBit: null
        mode: iptables

        """
        return .object(["apiVersion": "v1", "kind": "ConfigMap", "data": .object(["config.conf": .string(conf)]),
                        "metadata": .object(["creationTimestamp": .string(t), "labels": .object(["app": "kube-proxy"]), "name": "kube-proxy",
                                             "namespace": "kube-system", "resourceVersion": rv(), "uid": .string(uuid())])])
    }
}
