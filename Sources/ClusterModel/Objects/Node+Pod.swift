import NetCore

/// A cluster node (`v1 Node`): its addresses, pod ranges, role and taints.
public struct ClusterNode: Hashable, Sendable, Codable {
    public struct Address: Hashable, Sendable, Codable {
        public var type: String     // InternalIP, ExternalIP, Hostname, InternalDNS
        public var address: String
        public init(type: String, address: String) { self.type = type; self.address = address }
    }

    public struct Taint: Hashable, Sendable, Codable {
        public var key: String
        public var value: String?
        public var effect: String
        public init(key: String, value: String? = nil, effect: String) { self.key = key; self.value = value; self.effect = effect }
    }

    public var meta: ObjectMeta
    public var podCIDRs: [IPPrefix]
    public var addresses: [Address]
    public var taints: [Taint]
    public var unschedulable: Bool
    /// The `Ready` condition of `status.conditions`; nil when the input gives none
    /// (a hand-written node, shown as Ready).
    public var ready: Bool? = nil
    /// `status.nodeInfo` (kubeletVersion, osImage, kernelVersion, containerRuntimeVersion, …) as given.
    public var nodeInfo: [String: String] = [:]

    public init(meta: ObjectMeta, podCIDRs: [IPPrefix] = [], addresses: [Address] = [], taints: [Taint] = [], unschedulable: Bool = false) {
        self.meta = meta
        self.podCIDRs = podCIDRs
        self.addresses = addresses
        self.taints = taints
        self.unschedulable = unschedulable
    }

    public var name: String { meta.name }

    /// The first `InternalIP`: what kubelet registers and kube-proxy treats as the node IP.
    public var internalIP: IPAddress? {
        addresses.first { $0.type == "InternalIP" }.flatMap { IPAddress($0.address) }
    }

    public var externalIP: IPAddress? {
        addresses.first { $0.type == "ExternalIP" }.flatMap { IPAddress($0.address) }
    }

    /// Every IP address the node owns (what `-m addrtype --dst-type LOCAL` sees, minus loopback).
    public var ipAddresses: [IPAddress] {
        addresses.compactMap { $0.type == "InternalIP" || $0.type == "ExternalIP" ? IPAddress($0.address) : nil }
    }

    /// True for nodes labelled `node-role.kubernetes.io/control-plane` (or the older `master`).
    public var isControlPlane: Bool {
        meta.labels["node-role.kubernetes.io/control-plane"] != nil || meta.labels["node-role.kubernetes.io/master"] != nil
    }

    /// The ROLES column of `kubectl get nodes`.
    public var roles: String {
        let r = meta.labels.keys.filter { $0.hasPrefix("node-role.kubernetes.io/") }
            .map { String($0.dropFirst("node-role.kubernetes.io/".count)) }.sorted()
        return r.isEmpty ? "<none>" : r.joined(separator: ",")
    }

    /// Whether the scheduler would place an ordinary pod (no tolerations) here.
    public var acceptsOrdinaryPods: Bool {
        !unschedulable && !taints.contains { $0.effect == "NoSchedule" || $0.effect == "NoExecute" }
    }
}

/// A container port (`spec.containers[].ports[]`), the target of named `targetPort`s.
public struct ContainerPort: Hashable, Sendable, Codable {
    public var name: String?
    public var containerPort: Int
    public var proto: TransportProtocol
    public var hostPort: Int?

    public init(name: String? = nil, containerPort: Int, proto: TransportProtocol = .tcp, hostPort: Int? = nil) {
        self.name = name
        self.containerPort = containerPort
        self.proto = proto
        self.hostPort = hostPort
    }
}

/// A container: name, image and ports (the rest of a container spec is not networking).
public struct Container: Hashable, Sendable, Codable {
    public var name: String
    public var image: String?
    public var ports: [ContainerPort]
    public var args: [String]

    public init(name: String, image: String? = nil, ports: [ContainerPort] = [], args: [String] = []) {
        self.name = name
        self.image = image
        self.ports = ports
        self.args = args
    }
}

/// `spec.dnsConfig` of a pod: merged into the resolv.conf kubelet writes.
public struct PodDNSConfig: Hashable, Sendable, Codable {
    public struct Option: Hashable, Sendable, Codable {
        public var name: String
        public var value: String?
        public init(name: String, value: String? = nil) { self.name = name; self.value = value }
    }
    public var nameservers: [String]
    public var searches: [String]
    public var options: [Option]

    public init(nameservers: [String] = [], searches: [String] = [], options: [Option] = []) {
        self.nameservers = nameservers
        self.searches = searches
        self.options = options
    }
}

/// The networking part of a pod spec; shared by Pods and workload templates.
public struct PodSpec: Hashable, Sendable, Codable {
    public var nodeName: String?
    public var hostNetwork: Bool
    public var hostname: String?
    public var subdomain: String?
    public var dnsPolicy: String?          // ClusterFirst (default), ClusterFirstWithHostNet, Default, None
    public var dnsConfig: PodDNSConfig?
    public var containers: [Container]
    public var tolerations: [String]       // toleration keys ("" = tolerate everything)
    public var nodeSelector: [String: String]

    public init(nodeName: String? = nil, hostNetwork: Bool = false, hostname: String? = nil, subdomain: String? = nil,
                dnsPolicy: String? = nil, dnsConfig: PodDNSConfig? = nil, containers: [Container] = [],
                tolerations: [String] = [], nodeSelector: [String: String] = [:]) {
        self.nodeName = nodeName
        self.hostNetwork = hostNetwork
        self.hostname = hostname
        self.subdomain = subdomain
        self.dnsPolicy = dnsPolicy
        self.dnsConfig = dnsConfig
        self.containers = containers
        self.tolerations = tolerations
        self.nodeSelector = nodeSelector
    }

    /// `dnsPolicy` with the API default applied.
    public var effectiveDNSPolicy: String { dnsPolicy ?? "ClusterFirst" }

    public var allPorts: [ContainerPort] { containers.flatMap(\.ports) }
}

/// A pod (`v1 Pod`): where it runs, its addresses and readiness.
public struct Pod: Hashable, Sendable, Codable {
    public var meta: ObjectMeta
    public var spec: PodSpec
    public var podIPs: [IPAddress]
    public var hostIP: IPAddress?
    public var phase: String
    /// The `Ready` condition; nil when the input gave no conditions (the reconciler decides).
    public var ready: Bool?
    /// Sum of `status.containerStatuses[].restartCount` (the RESTARTS column).
    public var restartCount: Int = 0
    /// How many `status.containerStatuses[]` are ready; nil without container statuses
    /// (then the READY column follows the pod's Ready condition).
    public var readyContainers: Int? = nil
    /// What kubectl's STATUS column shows instead of the phase, when the input says:
    /// `status.reason` (Evicted, NodeLost), else a container's waiting or terminated reason
    /// (CrashLoopBackOff, ContainerCreating, ImagePullBackOff, Completed, Error).
    public var statusReason: String? = nil

    public init(meta: ObjectMeta, spec: PodSpec, podIPs: [IPAddress] = [], hostIP: IPAddress? = nil, phase: String = "Running", ready: Bool? = nil) {
        self.meta = meta
        self.spec = spec
        self.podIPs = podIPs
        self.hostIP = hostIP
        self.phase = phase
        self.ready = ready
    }

    public var name: String { meta.name }
    public var namespace: String { meta.namespace ?? "default" }
    public var podIP: IPAddress? { podIPs.first }
    public var isReady: Bool { ready ?? false }
    public var isTerminating: Bool { meta.deletionTimestamp != nil }

    /// The stub resolver of the pod's image (`kubewalk.io/resolver` annotation; glibc by default).
    public var resolverAnnotation: String? { meta.annotations["kubewalk.io/resolver"] }
}

/// A workload controller (Deployment, ReplicaSet, StatefulSet, DaemonSet) and its pod template.
public struct Workload: Hashable, Sendable, Codable {
    public var kind: String
    public var meta: ObjectMeta
    public var replicas: Int
    public var selector: LabelSelector
    public var templateLabels: [String: String]
    public var templateAnnotations: [String: String]
    public var template: PodSpec
    /// StatefulSet `spec.serviceName`: the governing (usually headless) Service.
    public var serviceName: String?

    public init(kind: String, meta: ObjectMeta, replicas: Int, selector: LabelSelector, templateLabels: [String: String],
                templateAnnotations: [String: String] = [:], template: PodSpec, serviceName: String? = nil) {
        self.kind = kind
        self.meta = meta
        self.replicas = replicas
        self.selector = selector
        self.templateLabels = templateLabels
        self.templateAnnotations = templateAnnotations
        self.template = template
        self.serviceName = serviceName
    }
}
