import ClusterModel

/// The ingress-nginx controller as found in the cluster: its pods, the Service that
/// exposes it (NodePort or LoadBalancer), its flags and its ConfigMap settings.
///
/// Models the controller's command line (`--ingress-class`, `--controller-class`,
/// `--watch-ingress-without-class`, `--default-backend-service`, `--configmap`) and the
/// ConfigMap keys `ssl-redirect` and `http-redirect-code` (ingress-nginx docs,
/// "ConfigMap" and "Command line arguments").
public struct IngressController: Hashable, Sendable, Codable {
    public var namespace: String
    public var pods: [String]
    public var serviceName: String?
    public var serviceType: String?
    /// `NodePort 30080 (http), 30443 (https)` or `LoadBalancer 203.0.113.10` etc.
    public var address: String?
    public var httpNodePort: Int?
    public var httpsNodePort: Int?
    public var loadBalancerIPs: [String]
    public var clusterIP: String?
    public var ingressClass = "nginx"
    public var controllerClass = "k8s.io/ingress-nginx"
    public var watchIngressWithoutClass = false
    /// `--default-backend-service=ns/name`: answers unmatched requests instead of the built-in 404.
    public var defaultBackendService: String?
    public var sslRedirect = true
    public var httpRedirectCode = 308
    /// True when no controller pod was found and defaults are assumed.
    public var assumed = false

    /// The conventional name `ingress-nginx/ingress-nginx-controller`, or what was found.
    public var displayName: String { "\(namespace)/\(serviceName ?? "ingress-nginx-controller")" }

    static func isControllerPod(_ p: Pod) -> Bool {
        let l = p.meta.labels
        if l["app.kubernetes.io/component"] == "admission-webhook" { return false }
        if l["app.kubernetes.io/name"] == "ingress-nginx" { return l["app.kubernetes.io/component"].map { $0 == "controller" } ?? true }
        if p.name.hasPrefix("ingress-nginx-controller") || p.name.hasPrefix("nginx-ingress-controller") { return true }
        return p.spec.containers.contains { ($0.image ?? "").contains("ingress-nginx/controller") || ($0.image ?? "").contains("nginx-ingress-controller") }
    }

    /// Finds the controller in `cluster`; when there is none, the defaults of a stock
    /// ingress-nginx install with `assumed == true`.
    public static func find(in cluster: Cluster) -> IngressController {
        let pods = cluster.pods.filter(isControllerPod)
        let namespace = pods.first?.namespace ?? "ingress-nginx"
        var c = IngressController(namespace: namespace, pods: pods.map { "\($0.namespace)/\($0.name)" }, loadBalancerIPs: [])
        c.assumed = pods.isEmpty
        let candidates = cluster.services.filter { $0.namespace == namespace && $0.type != .ExternalName }
        let exposing = candidates.filter { s in
            guard let sel = s.selector, !sel.isEmpty else { return false }
            return pods.contains { p in sel.allSatisfy { p.meta.labels[$0.key] == $0.value } }
        }
        let svc = exposing.first { $0.type == .LoadBalancer } ?? exposing.first { $0.type == .NodePort }
            ?? exposing.first ?? candidates.first { $0.name == "ingress-nginx-controller" }
        if let svc {
            c.serviceName = svc.name
            c.serviceType = svc.type.rawValue
            c.clusterIP = svc.clusterIP?.description
            let http = svc.ports.first { $0.port == 80 || $0.name == "http" }
            let https = svc.ports.first { $0.port == 443 || $0.name == "https" }
            c.httpNodePort = http?.nodePort
            c.httpsNodePort = https?.nodePort
            c.loadBalancerIPs = svc.loadBalancerIngress.compactMap { $0.ip?.description ?? $0.hostname } + svc.externalIPs.map(\.description)
            var parts: [String] = []
            if !c.loadBalancerIPs.isEmpty { parts.append("LoadBalancer \(c.loadBalancerIPs.joined(separator: ", ")) port 80/443") }
            if let h = c.httpNodePort { parts.append("NodePort \(h) (http)" + (c.httpsNodePort.map { ", \($0) (https)" } ?? "") + " on every node") }
            if parts.isEmpty, let ip = c.clusterIP { parts.append("ClusterIP \(ip) port 80/443") }
            c.address = parts.joined(separator: "; ")
        }
        for arg in pods.first?.spec.containers.flatMap(\.args) ?? [] {
            func value(_ flag: String) -> String? {
                arg.hasPrefix("--\(flag)=") ? String(arg.dropFirst(flag.count + 3)) : nil
            }
            if let v = value("ingress-class") { c.ingressClass = v }
            if let v = value("controller-class") { c.controllerClass = v }
            if arg == "--watch-ingress-without-class" || arg == "--watch-ingress-without-class=true" { c.watchIngressWithoutClass = true }
            if let v = value("default-backend-service") { c.defaultBackendService = v }
        }
        // `$(POD_NAMESPACE)` is expanded by kubelet from the pod's own namespace (downward API).
        let cmName = (pods.first?.spec.containers.flatMap(\.args).compactMap { a -> String? in
            a.hasPrefix("--configmap=") ? String(a.dropFirst("--configmap=".count)) : nil
        }.first ?? "\(namespace)/ingress-nginx-controller").replacingAll("$(POD_NAMESPACE)", with: namespace)
        let parts = cmName.split(separator: "/", maxSplits: 1).map(String.init)
        if parts.count == 2, let cm = cluster.configMap(namespace: parts[0], name: parts[1]) {
            if let v = cm.data["ssl-redirect"] { c.sslRedirect = v == "true" }
            if let v = cm.data["http-redirect-code"].flatMap({ Int($0) }), [301, 302, 307, 308].contains(v) { c.httpRedirectCode = v }
        }
        return c
    }

    /// Whether a request to `host:port` (an IP literal) is addressed to this controller.
    func isAddressed(host: String, port: Int, cluster: Cluster) -> Bool {
        if loadBalancerIPs.contains(host) || clusterIP == host { return port == 80 || port == 443 }
        if let h = httpNodePort, port == h { return true }
        if let h = httpsNodePort, port == h { return true }
        return false
    }

    /// Which scheme the controller serves on the port a request reached (NodePort → 80/443).
    func servesTLS(port: Int, scheme: String) -> Bool {
        if let h = httpsNodePort, port == h { return true }
        if let h = httpNodePort, port == h { return false }
        return scheme == "https"
    }
}
