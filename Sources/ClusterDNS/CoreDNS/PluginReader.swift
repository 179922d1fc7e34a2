/// Reads one Corefile directive into a server block's typed plugin settings, rejecting
/// arguments the plugin's own setup would reject (each plugin's `setup.go` in CoreDNS).
enum PluginReader {
    static func read(_ d: CorefileDirective, into block: inout ServerBlockConfig) throws(CorefileError) {
        switch d.name {
        case "kubernetes": block.kubernetes = try kubernetes(d, block: block)
        case "forward": block.forward = try forward(d)
        case "hosts": block.hosts = try hosts(d, block: block)
        case "rewrite": if let rule = try rewrite(d) { block.rewrites.append(rule) } else { block.notModelled.append("rewrite (line \(d.line): only `rewrite name` is modelled)") }
        case "cache": block.cache = try cache(d)
        case "loadbalance": block.loadbalance = true; block.acknowledged.append(d.name)
        case let n where CoreDNSConfig.acknowledgedPlugins.contains(n): block.acknowledged.append(n)
        case let n where CoreDNSConfig.otherCoreDNSPlugins.contains(n): block.notModelled.append(n)
        case "import": block.notModelled.append("import \(d.args.joined(separator: " ")) (no such snippet)")
        default: block.unknown.append("\(d.name) (line \(d.line))")
        }
    }

    static func zones(_ args: [String], default fallback: [String], line: Int) throws(CorefileError) -> [String] {
        if args.isEmpty { return fallback }
        var out: [String] = []
        for a in args {
            if a.contains("/") {
                guard let z = ServerAddress.reverseZone(a) else { throw CorefileError(line: line, message: "\"\(a)\" is not a zone or an octet-aligned CIDR") }
                out.append(z)
            } else {
                out.append(a == "." ? "" : DNSName.key(a))
            }
        }
        return out
    }

    static func kubernetes(_ d: CorefileDirective, block: ServerBlockConfig) throws(CorefileError) -> KubernetesPluginConfig {
        var k = KubernetesPluginConfig(zones: try zones(d.args, default: block.zones, line: d.line), line: d.line)
        for o in d.block {
            switch o.name {
            case "pods":
                guard o.args.count == 1, let mode = KubernetesPluginConfig.PodsMode(rawValue: o.args[0]) else {
                    throw CorefileError(line: o.line, message: "kubernetes: `pods` takes one of disabled, insecure, verified (got \(o.args.isEmpty ? "nothing" : o.args.joined(separator: " ")))")
                }
                k.pods = mode
            case "ttl":
                guard o.args.count == 1, let t = Int(o.args[0]), (0...3600).contains(t) else {
                    throw CorefileError(line: o.line, message: "kubernetes: `ttl` takes one number of seconds from 0 to 3600 (got \(o.args.joined(separator: " ")))")
                }
                k.ttl = t
            case "fallthrough":
                k.fallthroughZones = try zones(o.args, default: [], line: o.line)
            case "endpoint_pod_names":
                k.endpointPodNames = true
            case "namespaces":
                guard !o.args.isEmpty else { throw CorefileError(line: o.line, message: "kubernetes: `namespaces` needs at least one namespace") }
                k.namespaces = o.args
            case "ignore":
                guard o.args == ["empty_service"] else { throw CorefileError(line: o.line, message: "kubernetes: `ignore` takes `empty_service`") }
                k.ignoreEmptyService = true
            case "resyncperiod", "endpoint", "tls", "kubeconfig", "labels", "namespace_labels", "noendpoints", "multicluster", "startup_timeout", "apiserver_qps", "apiserver_burst", "apiserver_max_inflight":
                k.notModelled.append(o.name)
            default:
                throw CorefileError(line: o.line, message: "kubernetes: unknown property '\(o.name)'")
            }
        }
        return k
    }

    static func forward(_ d: CorefileDirective) throws(CorefileError) -> ForwardPluginConfig {
        guard d.args.count >= 2 else {
            throw CorefileError(line: d.line, message: "forward: needs a zone and at least one upstream (`forward . /etc/resolv.conf`)")
        }
        let from = d.args[0] == "." ? "" : DNSName.key(d.args[0])
        var f = ForwardPluginConfig(from: from, to: Array(d.args.dropFirst()), line: d.line)
        if f.to.count > 15 { throw CorefileError(line: d.line, message: "forward: more than 15 upstreams") }
        for o in d.block {
            switch o.name {
            case "except": f.except = o.args.map { DNSName.key($0) }
            case "force_tcp", "prefer_udp", "expire", "max_fails", "tls", "tls_servername", "policy", "health_check", "max_concurrent", "next", "failfast_all_unhealthy_upstreams", "failover", "max_age":
                f.notModelled.append(o.name)
            default:
                throw CorefileError(line: o.line, message: "forward: unknown property '\(o.name)'")
            }
        }
        return f
    }

    static func hosts(_ d: CorefileDirective, block: ServerBlockConfig) throws(CorefileError) -> HostsPluginConfig {
        var h = HostsPluginConfig(zones: try zones(Array(d.args.dropFirst()), default: block.zones, line: d.line), line: d.line)
        if let file = d.args.first { h.file = file }
        for o in d.block {
            switch o.name {
            case "fallthrough": h.fallthroughZones = try zones(o.args, default: [], line: o.line)
            case "ttl":
                guard o.args.count == 1, let t = Int(o.args[0]), t >= 0 else { throw CorefileError(line: o.line, message: "hosts: `ttl` takes one number of seconds") }
                h.ttl = t
            case "no_reverse": h.noReverse = true
            case "reload": continue
            default:
                // An inline entry: `IP name [name…]`.
                guard !o.args.isEmpty, IPAddressText.isAddress(o.name) else {
                    throw CorefileError(line: o.line, message: "hosts: \"\(([o.name] + o.args).joined(separator: " "))\" is neither an option nor an `IP name…` entry")
                }
                h.entries.append(.init(address: o.name, names: o.args.map { DNSName.key($0) }))
            }
        }
        return h
    }

    static func rewrite(_ d: CorefileDirective) throws(CorefileError) -> RewriteNameRule? {
        var args = d.args[...]
        var stop = true
        if let f = args.first, f == "continue" || f == "stop" { stop = f == "stop"; args = args.dropFirst() }
        guard args.first == "name" else { return nil }
        args = args.dropFirst()
        var match = RewriteNameRule.Match.exact
        if let f = args.first, let m = RewriteNameRule.Match(rawValue: f) { match = m; args = args.dropFirst() }
        guard args.count >= 2 else {
            throw CorefileError(line: d.line, message: "rewrite name: needs FROM and TO (`rewrite name [exact|prefix|suffix|substring|regex] FROM TO`)")
        }
        let from = Array(args)[0], to = Array(args)[1]
        if match == .regex {
            do { _ = try Regex(from) } catch {
                throw CorefileError(line: d.line, message: "rewrite name regex: \"\(from)\" is not a valid regular expression")
            }
        }
        let normalize: (String) -> String = { match == .exact ? DNSName.key($0) : $0.lowercased() }
        return RewriteNameRule(match: match, from: match == .regex ? from : normalize(from), to: match == .regex ? to : normalize(to), stop: stop, line: d.line)
    }

    static func cache(_ d: CorefileDirective) throws(CorefileError) -> CachePluginConfig {
        var c = CachePluginConfig(line: d.line)
        var args = d.args[...]
        if let f = args.first, let ttl = Int(f) {
            guard ttl > 0 else { throw CorefileError(line: d.line, message: "cache: the TTL must be a positive number of seconds") }
            c.successCap = ttl
            c.denialCap = ttl
            args = args.dropFirst()
        }
        c.zones = try zones(Array(args), default: [], line: d.line)
        for o in d.block {
            switch o.name {
            case "success", "denial":
                guard o.args.count >= 1, o.args.count <= 3, o.args.allSatisfy({ Int($0) != nil }) else {
                    throw CorefileError(line: o.line, message: "cache: `\(o.name)` takes CAPACITY [TTL] [MINTTL]")
                }
                let nums = o.args.compactMap { Int($0) }
                if o.name == "success" {
                    if nums.count > 1 { c.successCap = nums[1] }
                    if nums.count > 2 { c.successMinTTL = nums[2] }
                } else {
                    if nums.count > 1 { c.denialCap = nums[1] }
                    if nums.count > 2 { c.denialMinTTL = nums[2] }
                }
            case "disable":
                guard let kind = o.args.first, kind == "success" || kind == "denial" else {
                    throw CorefileError(line: o.line, message: "cache: `disable` takes success or denial, then optional zones")
                }
                let z = try zones(Array(o.args.dropFirst()), default: [], line: o.line)
                if kind == "success" { c.disableSuccess = z } else { c.disableDenial = z }
            case "prefetch", "serve_stale", "servfail", "keepttl":
                continue
            default:
                throw CorefileError(line: o.line, message: "cache: unknown property '\(o.name)'")
            }
        }
        return c
    }
}

/// Whether a text is an IPv4 or IPv6 address (for hosts entries).
enum IPAddressText {
    static func isAddress(_ s: String) -> Bool { NetCoreBridge.parse(s) != nil }
}
