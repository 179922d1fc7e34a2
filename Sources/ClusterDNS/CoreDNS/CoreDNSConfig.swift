import ClusterModel

/// CoreDNS's configuration as kubewalk models it: the Corefile from the `kube-system/coredns`
/// ConfigMap (or kubeadm's default when the input has none), parsed and read into the
/// plugins that change answers (`reference/dns.md` §3, §6 "Corefile options").
public struct CoreDNSConfig: Hashable, Sendable, Codable {
    public var blocks: [ServerBlockConfig]
    public var origin: CorefileOrigin
    public var text: String
    /// Things the user should know about this configuration (default used, plugins not modelled).
    public var notes: [String]

    /// kubeadm's Corefile (kubeadm 1.28+, CoreDNS 1.11), used when the input has no ConfigMap.
    public static func kubeadmDefaultText(clusterDomain domain: String = "cluster.local") -> String {
        KubeadmDefaults.corefile(clusterDomain: domain)
    }

    /// Plugins CoreDNS compiles in that kubewalk acknowledges without modelling an effect on
    /// the answer to a pod's query.
    static let acknowledgedPlugins: Set<String> = ["errors", "health", "ready", "prometheus", "loop", "reload", "loadbalance",
                                                   "log", "debug", "bind", "cancel", "nsid", "bufsize", "timeouts", "metadata",
                                                   "pprof", "trace", "dnstap", "whoami", "any", "minimal", "chaos", "tls", "on",
                                                   "local", "multisocket", "view"]
    /// CoreDNS plugins that could change answers but are not modelled.
    static let otherCoreDNSPlugins: Set<String> = ["geoip", "dns64", "acl", "tsig", "header", "dnssec", "autopath", "template",
                                                   "transfer", "route53", "azure", "clouddns", "k8s_external", "file", "auto",
                                                   "secondary", "etcd", "grpc", "erratic", "sign"]

    /// The configuration of `cluster`'s CoreDNS: the ConfigMap's Corefile when present (an
    /// error when it does not load: kubewalk never falls back to the default silently),
    /// otherwise kubeadm's default with the cluster domain substituted.
    public static func load(_ cluster: Cluster) -> Result<CoreDNSConfig, CorefileLoadError> {
        if let given = cluster.corefile {
            let origin = origin(of: given.location)
            do {
                let file = try CorefileParser.parse(given.text)
                var config = try interpret(file, origin: origin, text: given.text)
                config.notes.insert("Corefile from ConfigMap kube-system/coredns (\(given.location.map { "\($0.file):\($0.line)" } ?? "input"))", at: 0)
                return .success(config)
            } catch {
                return .failure(CorefileLoadError(origin: origin, error: error))
            }
        }
        let domain = cluster.network.clusterDomain
        let text = kubeadmDefaultText(clusterDomain: domain)
        let origin = CorefileOrigin(file: "kubeadm default Corefile", firstLine: nil, isKubeadmDefault: true)
        do {
            var config = try interpret(try CorefileParser.parse(text), origin: origin, text: text)
            config.notes.insert("no ConfigMap kube-system/coredns in the input: using kubeadm's default Corefile", at: 0)
            return .success(config)
        } catch {
            return .failure(CorefileLoadError(origin: origin, error: error))
        }
    }

    /// Maps a ConfigMap value's location to the file line of the Corefile's first line: a YAML
    /// block scalar (`Corefile: |`) starts on the next line; a JSON string does not map lines.
    static func origin(of location: SourceLocation?) -> CorefileOrigin {
        guard let location else { return CorefileOrigin(file: "ConfigMap kube-system/coredns", firstLine: nil) }
        if location.file.hasSuffix(".json") { return CorefileOrigin(file: location.file, firstLine: nil) }
        return CorefileOrigin(file: location.file, firstLine: location.line + 1)
    }

    /// Reads a parsed Corefile into typed server blocks.
    public static func interpret(_ file: Corefile, origin: CorefileOrigin, text: String) throws(CorefileError) -> CoreDNSConfig {
        var blocks: [ServerBlockConfig] = []
        var notes: [String] = []
        for sb in file.serverBlocks {
            var zones: [String] = []
            var port = 53
            var scheme = "dns"
            for key in sb.keys {
                let address = try ServerAddress.parse(key, line: sb.line)
                zones += address.zones
                port = address.port
                scheme = address.scheme
            }
            var block = ServerBlockConfig(keys: sb.keys, zones: zones, port: port, scheme: scheme, line: sb.line)
            for d in sb.directives {
                try PluginReader.read(d, into: &block)
            }
            if scheme != "dns" { notes.append("server block \(block.label) (line \(sb.line)) uses \(scheme)://; pods query plain DNS, so it never answers them") }
            if !block.unknown.isEmpty {
                notes.append("unknown directive\(block.unknown.count == 1 ? "" : "s") \(block.unknown.joined(separator: ", ")) in \(block.label): real CoreDNS refuses to start with \"Unknown directive\"; kubewalk lists and ignores them")
            }
            if !block.notModelled.isEmpty {
                notes.append("not modelled in \(block.label): \(block.notModelled.joined(separator: ", ")) (their effect on answers is not shown)")
            }
            blocks.append(block)
        }
        // CoreDNS refuses two blocks serving the same zone on the same port.
        var seen: [String: Int] = [:]
        for b in blocks where b.scheme == "dns" {
            for z in b.zones {
                let k = "\(z):\(b.port)"
                if let first = seen[k] {
                    throw CorefileError(line: b.line, message: "zone \(z.isEmpty ? "." : z) on port \(b.port) is already served by the block on line \(first)")
                }
                seen[k] = b.line
            }
        }
        return CoreDNSConfig(blocks: blocks, origin: origin, text: text, notes: notes)
    }

    /// The block that receives a query for `name` (key form) on `port`: among blocks on that
    /// port, the one with the longest matching zone (CoreDNS's `dnsserver` zone lookup).
    public func block(for name: String, port: Int) -> (index: Int, zone: String)? {
        var best: (Int, String)? = nil
        for (i, b) in blocks.enumerated() where b.port == port && b.scheme == "dns" {
            for z in b.zones where DNSName.isWithin(name, zone: z) {
                if best == nil || z.utf8.count > (best?.1.utf8.count ?? 0) { best = (i, z) }
            }
        }
        return best
    }

    /// Whether any block listens on `port` for plain DNS.
    public func listens(on port: Int) -> Bool { blocks.contains { $0.port == port && $0.scheme == "dns" } }
}

/// A Corefile that does not load, with where it came from; `description` is `file:line: message`.
public struct CorefileLoadError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    public var origin: CorefileOrigin
    public var error: CorefileError
    public var description: String { origin.describe(error) }

    /// The same problem as a `kubewalk validate` diagnostic.
    public var diagnostic: Diagnostic {
        let at = origin.firstLine.map { SourceLocation(file: origin.file, line: $0 + error.line - 1, column: 1) }
        return Diagnostic(.error, "corefile-syntax", at: at,
                          "Corefile\(at == nil ? " line \(error.line)" : ""): \(error.message); CoreDNS would not load it (kubewalk does not fall back to the default)",
                          fix: "correct the Corefile in ConfigMap kube-system/coredns")
    }
}
