import NetCore

extension ObjectDecoder {
    /// Reads a `kubewalk.io/v1alpha1 ClusterNetwork` document over kubeadm's defaults.
    func clusterNetwork(_ doc: Node, into net: inout ClusterNetwork) {
        net.location = doc.location
        if let name = ctx.string(ctx.object(doc["metadata"], "metadata")?["name"], "metadata.name"), !name.isEmpty { net.name = name }
        guard let spec = ctx.object(doc["spec"], "spec") else { return }
        func given(_ key: String) { net.provenance[key] = .input }
        if let v = ctx.string(spec["clusterDomain"], "spec.clusterDomain") { net.clusterDomain = v; given("clusterDomain") }
        if let v = ctx.cidr(spec["serviceCIDR"], "spec.serviceCIDR") { net.serviceCIDR = v; given("serviceCIDR") }
        if let v = ctx.cidr(spec["podCIDR"], "spec.podCIDR") {
            net.podCIDR = v
            given("podCIDR")
            if net.kubeProxy.clusterCIDR != nil { net.kubeProxy.clusterCIDR = v }
        }
        if let v = ctx.int(spec["nodeCIDRMaskSize"], "spec.nodeCIDRMaskSize") {
            if v < net.podCIDR.length || v > net.podCIDR.family.bits {
                ctx.error("invalid-mask-size", spec["nodeCIDRMaskSize"], "spec.nodeCIDRMaskSize: /\(v) does not fit inside podCIDR \(net.podCIDR)")
            } else { net.nodeCIDRMaskSize = v; given("nodeCIDRMaskSize") }
        }
        if let text = ctx.string(spec["nodePortRange"], "spec.nodePortRange") {
            if let r = PortRange(text) { net.nodePortRange = r; given("nodePortRange") }
            else { ctx.error("invalid-port-range", spec["nodePortRange"], "spec.nodePortRange: '\(text)' is not a range like 30000-32767") }
        }
        if let v = ctx.ip(spec["dnsServiceIP"], "spec.dnsServiceIP") { net.dnsServiceIP = v; given("dnsServiceIP") }
        else if net.provenance["serviceCIDR"] == .input, let tenth = net.serviceCIDR.address(at: 10) {
            net.dnsServiceIP = tenth   // kubeadm: the tenth address of the service range
        }
        if let cni = ctx.object(spec["cni"], "spec.cni") {
            given("cni")
            if let v = ctx.string(cni["plugin"], "spec.cni.plugin") {
                if ["bridge", "flannel", "weave", "calico"].contains(v) { net.cni.plugin = v }
                else { ctx.error("invalid-cni", cni["plugin"], "spec.cni.plugin: '\(v)' is not one of bridge, flannel, weave, calico") }
            }
            // Each plugin's own defaults, then what the document says.
            switch net.cni.plugin {
            case "weave": net.cni.bridge = "weave"; net.cni.ipam = "weave"; net.cni.encapsulation = "weave"
                net.cni.ipRange = IPPrefix("10.32.0.0/12"); net.cni.mtu = 1376
            case "flannel": net.cni.bridge = "cni0"; net.cni.encapsulation = "vxlan"; net.cni.mtu = 1450
            case "calico": net.cni.bridge = ""; net.cni.encapsulation = "ipip"; net.cni.mtu = 1480
            default: break
            }
            if let v = ctx.string(cni["bridge"], "spec.cni.bridge") { net.cni.bridge = v }
            if let v = ctx.string(cni["ipam"], "spec.cni.ipam") {
                if ["host-local", "weave"].contains(v) { net.cni.ipam = v }
                else { ctx.error("invalid-ipam", cni["ipam"], "spec.cni.ipam: '\(v)' is not one of host-local, weave") }
            }
            if let v = ctx.cidr(cni["ipRange"], "spec.cni.ipRange") { net.cni.ipRange = v }
            if let v = ctx.string(cni["encapsulation"], "spec.cni.encapsulation") {
                if ["none", "vxlan", "ipip", "weave"].contains(v) { net.cni.encapsulation = v }
                else { ctx.error("invalid-encapsulation", cni["encapsulation"], "spec.cni.encapsulation: '\(v)' is not one of none, vxlan, ipip, weave") }
            }
            if let v = ctx.int(cni["mtu"], "spec.cni.mtu") { net.cni.mtu = v }
        }
        if let kp = ctx.object(spec["kubeProxy"], "spec.kubeProxy") {
            given("kubeProxy")
            if let v = ctx.string(kp["mode"], "spec.kubeProxy.mode") {
                if v == "iptables" || v == "ipvs" { net.kubeProxy.mode = v }
                else { ctx.error("invalid-proxy-mode", kp["mode"], "spec.kubeProxy.mode: '\(v)' is not one of iptables, ipvs") }
            }
            if let v = ctx.bool(kp["masqueradeAll"], "spec.kubeProxy.masqueradeAll") { net.kubeProxy.masqueradeAll = v }
            if kp["clusterCIDR"] != nil { net.kubeProxy.clusterCIDR = ctx.cidr(kp["clusterCIDR"], "spec.kubeProxy.clusterCIDR") }
        }
        if let rc = ctx.object(spec["nodeResolvConf"], "spec.nodeResolvConf") {
            given("nodeResolvConf")
            net.nodeResolvConf = .init(nameservers: ctx.stringList(rc["nameservers"], "spec.nodeResolvConf.nameservers"),
                                       search: ctx.stringList(rc["search"], "spec.nodeResolvConf.search"),
                                       options: ctx.stringList(rc["options"], "spec.nodeResolvConf.options"))
        }
        if let up = ctx.object(spec["upstreamDNS"], "spec.upstreamDNS"), let members = up.members {
            given("upstreamDNS")
            for m in members {
                let name = m.key.lowercased().hasSuffix(".") ? String(m.key.lowercased().dropLast()) : m.key.lowercased()
                net.upstreamDNS[name] = ctx.array(m.value, "spec.upstreamDNS.\(m.key)").compactMap { ctx.ip($0, "spec.upstreamDNS.\(m.key)") }
            }
        }
        if spec["externalClients"] != nil {
            given("externalClients")
            net.externalClients = ctx.array(spec["externalClients"], "spec.externalClients").enumerated().compactMap { (i, c) in
                guard let n = ctx.string(c["name"], "spec.externalClients[\(i)].name"), let ip = ctx.ip(c["ip"], "spec.externalClients[\(i)].ip") else { return nil }
                return .init(name: n, ip: ip)
            }
        }
    }

    /// Reads `mode`, `clusterCIDR` and `iptables.masqueradeAll` out of the kube-proxy
    /// ConfigMap's `config.conf` (a KubeProxyConfiguration in YAML), which wins over
    /// `spec.kubeProxy`.
    func kubeProxyConfig(_ cm: ConfigMap, into net: inout ClusterNetwork) {
        guard let text = cm.data["config.conf"] else { return }
        let file = cm.dataLocations["config.conf"]?.file ?? "kube-proxy ConfigMap"
        let docs: [Node]
        do { docs = try YAMLReader.parseDocuments(text, file: file) } catch {
            let base = cm.dataLocations["config.conf"]
            ctx.error("yaml-syntax", nil, "kube-system/kube-proxy config.conf: \(error.message) (line \(error.line) of the embedded file)", fallback: base)
            return
        }
        guard let cfg = docs.first else { return }
        net.provenance["kubeProxy"] = .configMap("kube-system/kube-proxy")
        if let mode = ctx.string(cfg["mode"], "config.conf mode") {
            net.kubeProxy.mode = mode.isEmpty ? "iptables" : mode
        }
        if let c = cfg["clusterCIDR"] {
            let text = ctx.string(c, "config.conf clusterCIDR") ?? ""
            net.kubeProxy.clusterCIDR = text.isEmpty ? nil : ctx.cidr(c, "config.conf clusterCIDR")
        }
        if let ipt = cfg["iptables"], let m = ctx.bool(ipt["masqueradeAll"], "config.conf iptables.masqueradeAll") { net.kubeProxy.masqueradeAll = m }
        if let ipt = cfg["iptables"], let b = ctx.int(ipt["masqueradeBit"], "config.conf iptables.masqueradeBit") { net.kubeProxy.masqueradeBit = b }
    }
}
