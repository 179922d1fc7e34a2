import ClusterModel
import NetCore

/// The kubernetes plugin's view of the cluster, indexed by name so a query costs a few hash
/// lookups, never a scan (CoreDNS keeps the same informer indexes: services by
/// `namespace/name`, endpoints by service, reverse by IP).
///
/// Built once per cluster and plugin configuration; `endpoint_pod_names` changes endpoint
/// labels, so it is part of the build.
struct KubernetesIndex: Sendable {
    struct Port: Hashable, Sendable {
        /// Lower case; "" for an unnamed port.
        var name: String
        var proto: String
        var port: Int
    }

    struct Endpoint: Hashable, Sendable {
        /// The endpoint's DNS label: hostname, pod name (`endpoint_pod_names`) or dashed address.
        var label: String
        var addresses: [IPAddress]
        var ports: [Port]
        var pod: String?
        var hasHostname: Bool
    }

    enum Kind: Hashable, Sendable {
        case clusterIP([IPAddress])
        case headless
        case externalName(String)
    }

    /// A Service as the plugin reads it, with the strings a reply needs built once (a
    /// class, so a lookup copies one reference, not the whole entry).
    final class ServiceEntry: Sendable {
        let name: String
        let namespace: String
        let kind: Kind
        let typeName: String
        let ports: [Port]
        /// Ready endpoints only (what CoreDNS publishes).
        let endpoints: [Endpoint]
        let notReadyCount: Int
        let byLabel: [String: [Int]]
        /// `namespace/name`.
        let qualified: String
        /// The ClusterIPs with their text, sorted.
        let clusterIPs: [(IPAddress, String)]
        /// Why a service-name A/AAAA query answers what it does.
        let addressWhy: String

        init(name: String, namespace: String, kind: Kind, typeName: String, ports: [Port], endpoints: [Endpoint], notReadyCount: Int,
             byLabel: [String: [Int]]) {
            self.name = name
            self.namespace = namespace
            self.kind = kind
            self.typeName = typeName
            self.ports = ports
            self.endpoints = endpoints
            self.notReadyCount = notReadyCount
            self.byLabel = byLabel
            qualified = "\(namespace)/\(name)"
            switch kind {
            case .clusterIP(let ips):
                clusterIPs = ips.sorted().map { ($0, $0.description) }
                let empty = endpoints.isEmpty ? " (it has no ready endpoints; the name answers anyway)" : ""
                addressWhy = "Service \(namespace)/\(name) has ClusterIP \(ips.map(\.description).joined(separator: ", "))\(empty)"
            case .headless:
                clusterIPs = []
                addressWhy = "Service \(namespace)/\(name) is headless: one record per ready endpoint (\(endpoints.count))"
            case .externalName:
                clusterIPs = []
                addressWhy = "Service \(namespace)/\(name) is an ExternalName"
            }
        }
    }

    /// An owner name of a reverse record and what it is.
    struct ReverseOwner: Hashable, Sendable {
        /// Relative to the zone: `cart.shop.svc`, `10-244-3-7.cart.shop.svc`.
        var name: String
        var what: String
    }

    var namespaces: Set<String> = []
    var services: [String: ServiceEntry] = [:]
    /// IP → owner names relative to the zone (`cart.shop.svc`, `10-244-3-7.cart.shop.svc`).
    var reverse: [IPAddress: [ReverseOwner]] = [:]
    /// `namespace|ip` of every pod (for `pods verified`).
    var podAddresses: Set<String> = []
    var kubeDNSClusterIPs: [IPAddress] = []
    var hasKubeDNS = false

    static func key(service: String, namespace: String) -> String { service.lowercased() + "." + namespace.lowercased() }

    init(cluster: Cluster, endpointPodNames: Bool) {
        for ns in cluster.namespaces { namespaces.insert(ns.name.lowercased()) }
        for p in cluster.pods where !p.spec.hostNetwork {
            for ip in p.podIPs { podAddresses.insert("\(p.namespace.lowercased())|\(ip)") }
        }
        var slicesByService: [String: [EndpointSlice]] = [:]
        for s in cluster.endpointSlices {
            guard let svc = s.serviceName else { continue }
            slicesByService[KubernetesIndex.key(service: svc, namespace: s.namespace), default: []].append(s)
        }
        for svc in cluster.services {
            let k = KubernetesIndex.key(service: svc.name, namespace: svc.namespace)
            let kind: Kind
            if svc.type == .ExternalName {
                kind = .externalName(svc.externalName ?? "")
            } else if svc.isHeadless || svc.clusterIPs.isEmpty {
                kind = .headless
            } else {
                kind = .clusterIP(svc.clusterIPs)
            }
            let ports = svc.ports.map { Port(name: ($0.name ?? "").lowercased(), proto: $0.proto.lowercased, port: $0.port) }
            var endpoints: [Endpoint] = []
            var notReady = 0
            var seen = Set<String>()
            for slice in slicesByService[k] ?? [] where slice.addressType != "FQDN" {
                let slicePorts = slice.ports.compactMap { p in p.port.map { Port(name: (p.name ?? "").lowercased(), proto: p.proto.lowercased, port: $0) } }
                for ep in slice.endpoints {
                    guard ep.ready else { notReady += 1; continue }
                    for addr in ep.addresses {
                        let podName = ep.targetPod.flatMap { $0.split(separator: "/").last.map(String.init) }
                        let label: String
                        if let h = ep.hostname, !h.isEmpty { label = h }
                        else if endpointPodNames, let podName { label = podName }
                        else { label = DNSName.dashed(addr) }
                        let dedupeKey = "\(label)|\(addr)|\(slicePorts.map { "\($0.name)/\($0.proto)/\($0.port)" })"
                        guard seen.insert(dedupeKey).inserted else { continue }
                        endpoints.append(Endpoint(label: label.lowercased(), addresses: [addr], ports: slicePorts, pod: ep.targetPod,
                                                  hasHostname: ep.hostname?.isEmpty == false))
                    }
                }
            }
            var byLabel: [String: [Int]] = [:]
            for (i, e) in endpoints.enumerated() { byLabel[e.label, default: []].append(i) }
            let entry = ServiceEntry(name: svc.name, namespace: svc.namespace, kind: kind, typeName: svc.type.rawValue, ports: ports,
                                     endpoints: endpoints, notReadyCount: notReady, byLabel: byLabel)
            services[k] = entry
            let owner = "\(svc.name.lowercased()).\(svc.namespace.lowercased()).svc"
            if case .clusterIP(let ips) = kind {
                for ip in ips { reverse[ip, default: []].append(ReverseOwner(name: owner, what: "the ClusterIP of Service \(svc.namespace)/\(svc.name)")) }
            }
            if svc.namespace == "kube-system" && svc.name == "kube-dns" {
                hasKubeDNS = true
                if case .clusterIP(let ips) = kind { kubeDNSClusterIPs = ips }
            }
        }
        // Endpoint PTRs, only for addresses that are not a ClusterIP (CoreDNS answers a
        // ClusterIP with the Service alone).
        var endpointReverse: [IPAddress: [ReverseOwner]] = [:]
        for (_, entry) in services.sorted(by: { $0.key < $1.key }) {
            for e in entry.endpoints {
                for ip in e.addresses where reverse[ip] == nil {
                    let owner = ReverseOwner(name: "\(e.label).\(entry.name.lowercased()).\(entry.namespace.lowercased()).svc",
                                             what: "a ready endpoint of Service \(entry.qualified)")
                    if endpointReverse[ip]?.contains(owner) != true { endpointReverse[ip, default: []].append(owner) }
                }
            }
        }
        for (ip, owners) in endpointReverse { reverse[ip] = owners.sorted { $0.name < $1.name } }
    }
}
