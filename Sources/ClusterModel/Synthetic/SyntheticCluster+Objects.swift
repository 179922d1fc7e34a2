import NetCore

/// The object templates of `SyntheticCluster`: each as the API server returns it.
struct Generator {
    var state: UInt64
    var resourceVersion = 1000
    /// 2026-01-15T08:00:00Z; objects are created over the following days.
    let epoch = 1_768_464_000

    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    /// SplitMix64.
    mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static let safeAlphabet = Array("bcdfghjklmnpqrstvwxz2456789")
    static let hex = Array("0123456789abcdef")

    mutating func safe(_ n: Int) -> String {
        var s = ""
        for _ in 0..<n { s.append(Self.safeAlphabet[Int(next() % UInt64(Self.safeAlphabet.count))]) }
        return s
    }

    mutating func hexString(_ n: Int) -> String {
        var s = ""
        for _ in 0..<n { s.append(Self.hex[Int(next() & 15)]) }
        return s
    }

    mutating func uuid() -> String {
        "\(hexString(8))-\(hexString(4))-4\(hexString(3))-a\(hexString(3))-\(hexString(12))"
    }

    mutating func rv() -> KubeValue {
        resourceVersion += 1 + Int(next() % 7)
        return .string(String(resourceVersion))
    }

    mutating func timestamp(within days: Int = 30) -> (String, Int) {
        let t = epoch + Int(next() % UInt64(days * 86400))
        return (Self.rfc3339(t), t)
    }

    static func rfc3339(_ t: Int) -> String {
        let days = t / 86400, secs = t % 86400
        // Civil from days (Howard Hinnant).
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d))T\(two(secs / 3600)):\(two(secs / 60 % 60)):\(two(secs % 60))Z"
    }

    static func fields(_ keys: [String]) -> KubeValue {
        var o: [String: KubeValue] = [:]
        for k in keys { o[k] = .object([:]) }
        return .object(o)
    }

    func managed(_ manager: String, _ time: String, _ fields: KubeValue, apiVersion: String = "v1", subresource: String? = nil, operation: String = "Update") -> KubeValue {
        var m: [String: KubeValue] = ["apiVersion": .string(apiVersion), "fieldsType": .string("FieldsV1"), "fieldsV1": fields,
                                      "manager": .string(manager), "operation": .string(operation), "time": .string(time)]
        if let subresource { m["subresource"] = .string(subresource) }
        return .object(m)
    }

    mutating func namespace(_ name: String) -> KubeValue {
        let (t, _) = timestamp(within: 1)
        return .object(["apiVersion": "v1", "kind": "Namespace",
                        "metadata": .object(["creationTimestamp": .string(t), "labels": .object(["kubernetes.io/metadata.name": .string(name)]),
                                             "managedFields": .array([managed("kubectl-create", t, Self.fields(["f:metadata"]), operation: "Update")]),
                                             "name": .string(name), "resourceVersion": rv(), "uid": .string(uuid())]),
                        "spec": .object(["finalizers": .array(["kubernetes"])]), "status": .object(["phase": "Active"])])
    }

    mutating func node(name: String, ip: IPv4Address, podCIDR: String, controlPlane: Bool) -> KubeValue {
        let (t, ts) = timestamp(within: 1)
        let later = Self.rfc3339(ts + 3600)
        var labels: [String: KubeValue] = ["beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
                                           "kubernetes.io/hostname": .string(name), "kubernetes.io/os": "linux"]
        if controlPlane { labels["node-role.kubernetes.io/control-plane"] = ""; labels["node.kubernetes.io/exclude-from-external-load-balancers"] = "" }
        var spec: [String: KubeValue] = ["podCIDR": .string(podCIDR), "podCIDRs": .array([.string(podCIDR)])]
        if controlPlane { spec["taints"] = .array([.object(["effect": "NoSchedule", "key": "node-role.kubernetes.io/control-plane"])]) }
        func condition(_ type: String, _ status: String, _ reason: String, _ message: String) -> KubeValue {
            .object(["lastHeartbeatTime": .string(later), "lastTransitionTime": .string(t), "message": .string(message), "reason": .string(reason),
                     "status": .string(status), "type": .string(type)])
        }
        let status: [String: KubeValue] = [
            "addresses": .array([.object(["address": .string(ip.description), "type": "InternalIP"]), .object(["address": .string(name), "type": "Hostname"])]),
            "allocatable": .object(["cpu": "4", "ephemeral-storage": "95491281146", "hugepages-2Mi": "0", "memory": "16272396Ki", "pods": "110"]),
            "capacity": .object(["cpu": "4", "ephemeral-storage": "103609120Ki", "hugepages-2Mi": "0", "memory": "16374796Ki", "pods": "110"]),
            "conditions": .array([
                condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
            ]),
            "daemonEndpoints": .object(["kubeletEndpoint": .object(["Port": .int(10250)])]),
            "images": .array([.object(["names": .array(["registry.k8s.io/kube-proxy:v1.31.4"]), "sizeBytes": .int(30229624)])]),
            "nodeInfo": .object(["architecture": "amd64", "bootID": .string(uuid()), "containerRuntimeVersion": "containerd://1.7.24",
                                 "kernelVersion": "6.8.0-1019-aws", "kubeProxyVersion": "v1.31.4", "kubeletVersion": "v1.31.4",
                                 "machineID": .string(hexString(32)), "operatingSystem": "linux", "osImage": "Ubuntu 24.04.1 LTS",
                                 "systemUUID": .string(uuid())]),
        ]
        return .object(["apiVersion": "v1", "kind": "Node",
                        "metadata": .object(["annotations": .object(["kubeadm.alpha.kubernetes.io/cri-socket": "unix:///var/run/containerd/containerd.sock",
                                                                     "node.alpha.kubernetes.io/ttl": "0",
                                                                     "volumes.kubernetes.io/controller-managed-attach-detach": "true"]),
                                             "creationTimestamp": .string(t), "labels": .object(labels),
                                             "managedFields": .array([
                                                managed("kubelet", t, Self.fields(["f:metadata", "f:spec"])),
                                                managed("kube-controller-manager", t, Self.fields(["f:spec"])),
                                                managed("kubelet", later, Self.fields(["f:status"]), subresource: "status"),
                                             ]),
                                             "name": .string(name), "resourceVersion": rv(), "uid": .string(uuid())]),
                        "spec": .object(spec), "status": .object(status)])
    }

    mutating func pod(_ p: SyntheticCluster.PodPlan, uid: String, nodeName: String, hostIP: IPv4Address) -> KubeValue {
        let (t, ts) = timestamp()
        let started = Self.rfc3339(ts + 4)
        let ready = Self.rfc3339(ts + 9)
        let hostNetwork = p.kind == 2
        var labels: [String: KubeValue]
        var owner: KubeValue
        var container: [String: KubeValue]
        switch p.kind {
        case 1:
            labels = ["k8s-app": "kube-dns", "pod-template-hash": .string(p.hash)]
            owner = .object(["apiVersion": "apps/v1", "blockOwnerDeletion": true, "controller": true, "kind": "ReplicaSet",
                             "name": .string("coredns-\(p.hash)"), "uid": .string(uuid())])
            container = ["name": "coredns", "image": "registry.k8s.io/coredns/coredns:v1.11.3", "args": .array(["-conf", "/etc/coredns/Corefile"]),
                         "ports": .array([.object(["containerPort": .int(53), "name": "dns", "protocol": "UDP"]),
                                          .object(["containerPort": .int(53), "name": "dns-tcp", "protocol": "TCP"]),
                                          .object(["containerPort": .int(9153), "name": "metrics", "protocol": "TCP"])])]
        case 2:
            labels = ["controller-revision-hash": "6d4b9c7f8d", "k8s-app": "kube-proxy", "pod-template-generation": "1"]
            owner = .object(["apiVersion": "apps/v1", "blockOwnerDeletion": true, "controller": true, "kind": "DaemonSet", "name": "kube-proxy", "uid": .string(uuid())])
            container = ["name": "kube-proxy", "image": "registry.k8s.io/kube-proxy:v1.31.4",
                         "command": .array(["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf", "--hostname-override=$(NODE_NAME)"])]
        default:
            labels = ["app": .string(p.app), "pod-template-hash": .string(p.hash)]
            owner = .object(["apiVersion": "apps/v1", "blockOwnerDeletion": true, "controller": true, "kind": "ReplicaSet",
                             "name": .string("\(p.app)-\(p.hash)"), "uid": .string(uuid())])
            container = ["name": .string(p.app), "image": .string("registry.example.com/shop/\(p.app):1.4.2"),
                         "ports": .array([.object(["containerPort": .int(8080), "name": "http", "protocol": "TCP"])])]
        }
        let token = "kube-api-access-\(safe(5))"
        container["imagePullPolicy"] = "IfNotPresent"
        container["resources"] = .object(["limits": .object(["memory": "256Mi"]), "requests": .object(["cpu": "100m", "memory": "128Mi"])])
        container["terminationMessagePath"] = "/dev/termination-log"
        container["terminationMessagePolicy"] = "File"
        container["volumeMounts"] = .array([.object(["mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": .string(token), "readOnly": true])])
        var spec: [String: KubeValue] = [
            "containers": .array([.object(container)]), "dnsPolicy": hostNetwork ? "ClusterFirstWithHostNet" : "ClusterFirst",
            "enableServiceLinks": true, "nodeName": .string(nodeName), "preemptionPolicy": "PreemptLowerPriority", "priority": .int(0),
            "restartPolicy": "Always", "schedulerName": "default-scheduler", "securityContext": .object([:]),
            "serviceAccount": "default", "serviceAccountName": "default", "terminationGracePeriodSeconds": .int(30),
            "tolerations": .array([
                .object(["effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists", "tolerationSeconds": .int(300)]),
                .object(["effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists", "tolerationSeconds": .int(300)]),
            ]),
            "volumes": .array([.object(["name": .string(token), "projected": .object(["defaultMode": .int(420), "sources": .array([
                .object(["serviceAccountToken": .object(["expirationSeconds": .int(3607), "path": "token"])]),
                .object(["configMap": .object(["items": .array([.object(["key": "ca.crt", "path": "ca.crt"])]), "name": "kube-root-ca.crt"])]),
            ])])])]),
        ]
        if hostNetwork { spec["hostNetwork"] = true; spec["priorityClassName"] = "system-node-critical"; spec["priority"] = .int(2000001000) }
        func cond(_ type: String, _ at: String) -> KubeValue {
            .object(["lastProbeTime": .null, "lastTransitionTime": .string(at), "status": "True", "type": .string(type)])
        }
        let status: [String: KubeValue] = [
            "conditions": .array([cond("PodReadyToStartContainers", started), cond("Initialized", t), cond("Ready", ready),
                                  cond("ContainersReady", ready), cond("PodScheduled", t)]),
            "containerStatuses": .array([.object([
                "containerID": .string("containerd://\(hexString(64))"), "image": container["image"] ?? .null,
                "imageID": .string("sha256:\(hexString(64))"), "lastState": .object([:]), "name": container["name"] ?? .null,
                "ready": true, "restartCount": .int(Int(next() % 50 == 0 ? next() % 4 : 0)), "started": true,
                "state": .object(["running": .object(["startedAt": .string(started)])]),
                "volumeMounts": .array([.object(["mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": .string(token), "readOnly": true, "recursiveReadOnly": "Disabled"])]),
            ])]),
            "hostIP": .string(hostIP.description), "hostIPs": .array([.object(["ip": .string(hostIP.description)])]),
            "phase": "Running", "podIP": .string(p.ip.description), "podIPs": .array([.object(["ip": .string(p.ip.description)])]),
            "qosClass": "Burstable", "startTime": .string(t),
        ]
        var meta: [String: KubeValue] = [
            "creationTimestamp": .string(t), "labels": .object(labels),
            "managedFields": .array([
                managed("kube-controller-manager", t, Self.fields(["f:metadata", "f:spec"])),
                managed("kubelet", ready, Self.fields(["f:status"]), subresource: "status"),
            ]),
            "name": .string(p.name), "namespace": .string(p.namespace), "ownerReferences": .array([owner]),
            "resourceVersion": rv(), "uid": .string(uid),
        ]
        if p.kind != 2 { meta["generateName"] = .string(String(p.name.dropLast(5))) }
        return .object(["apiVersion": "v1", "kind": "Pod", "metadata": .object(meta), "spec": .object(spec), "status": .object(status)])
    }
}

extension KubeValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}
