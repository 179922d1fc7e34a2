import ClusterModel

/// A deterministic synthetic ingress load for the matching benchmark: `hosts` hosts with
/// `pathsPerHost` paths each (Prefix, Exact, and on every tenth host a rewrite with capture
/// groups that puts the host in regex mode), plus the requests to send.
public enum SyntheticIngresses {
    public static func cluster(hosts: Int = 500, pathsPerHost: Int = 10) -> Cluster {
        var c = Cluster(network: ClusterNetwork(name: "synthetic-ingress"))
        c.ingressClasses = [IngressClass(meta: ObjectMeta(name: "nginx", annotations: ["ingressclass.kubernetes.io/is-default-class": "true"]),
                                         controller: "k8s.io/ingress-nginx")]
        for h in 0..<max(0, hosts) {
            let host = "app\(h).bench.example"
            var paths: [IngressPath] = []
            var annotations: [String: String] = [:]
            let regex = h % 10 == 0
            for p in 0..<max(1, pathsPerHost) {
                let backend = IngressBackend(serviceName: "svc\(h % 50)", portNumber: 80)
                if regex && p == 0 {
                    paths.append(IngressPath(path: "/api\(p)(/|$)(.*)", pathType: "ImplementationSpecific", backend: backend))
                    annotations["nginx.ingress.kubernetes.io/rewrite-target"] = "/$2"
                } else {
                    paths.append(IngressPath(path: "/section\(p)/page", pathType: p % 3 == 0 ? "Exact" : "Prefix", backend: backend))
                }
            }
            let ts = "2024-01-01T00:\(String(format2: (h / 60) % 60)):\(String(format2: h % 60))Z"
            c.ingresses.append(Ingress(meta: ObjectMeta(name: "ing\(h)", namespace: "bench", annotations: annotations, creationTimestamp: ts),
                                       ingressClassName: "nginx", rules: [IngressRule(host: host, paths: paths)]))
        }
        for s in 0..<50 {
            c.services.append(Service(meta: ObjectMeta(name: "svc\(s)", namespace: "bench"), ports: [ServicePort(port: 80, targetPort: .number(8080))]))
        }
        c.reindex()
        return c
    }

    /// `count` requests spread over the hosts: hits on Prefix and Exact paths, sub-paths,
    /// misses, unknown hosts and rewrites.
    public static func requests(hosts: Int = 500, pathsPerHost: Int = 10, count: Int = 10_000) -> [HTTPRequest] {
        (0..<max(0, count)).map { i in
            let h = (i * 7919) % max(1, hosts)
            let p = (i / 3) % max(1, pathsPerHost)
            let host = i % 50 == 49 ? "unknown\(i).example" : "app\(h).bench.example"
            let path: String
            switch i % 5 {
            case 0: path = "/section\(p)/page"
            case 1: path = "/section\(p)/page/item\(i)"
            case 2: path = h % 10 == 0 ? "/api0/v1/items/\(i)" : "/section\(p)/pages"
            case 3: path = "/nothing/here"
            default: path = "/section\(p)/page"
            }
            return HTTPRequest(host: host, path: path, query: i % 4 == 0 ? "q=\(i)" : nil)
        }
    }
}

extension String {
    init(format2 n: Int) { self = n < 10 ? "0\(n)" : "\(n)" }
}
