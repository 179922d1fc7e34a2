import ClusterModel
import NetCore

/// The `/etc/resolv.conf` kubelet writes into a pod, with how it was formed.
///
/// Models kubelet's `pkg/kubelet/network/dns` (`getPodDNSType`, `GetPodDNS`,
/// `appendDNSConfig`, `formDNSConfigFitsLimits`), as described in
/// `reference/dns.md` §1: the dnsPolicy picks a base (cluster DNS, the node's file, or
/// nothing), `spec.dnsConfig` is merged on top, then the limits are applied.
public struct PodResolvConf: Hashable, Sendable, Codable {
    public var nameservers: [String]
    public var search: [String]
    public var options: [String]
    /// The pod's `dnsPolicy` as written (or the API default `ClusterFirst`).
    public var dnsPolicy: String
    /// What kubelet actually applied: `ClusterFirst` on a hostNetwork pod becomes `Default`.
    public var effectivePolicy: String
    /// How each line came to be, in order, for the detail pane.
    public var explanation: [String]
    /// `DNSConfigForming` events kubelet would record, and API validation failures.
    public var warnings: [String]
    /// Where kubewalk presents something nondeterministic in a fixed way.
    public var notes: [String]

    public init(nameservers: [String], search: [String], options: [String], dnsPolicy: String, effectivePolicy: String,
                explanation: [String] = [], warnings: [String] = [], notes: [String] = []) {
        self.nameservers = nameservers
        self.search = search
        self.options = options
        self.dnsPolicy = dnsPolicy
        self.effectivePolicy = effectivePolicy
        self.explanation = explanation
        self.warnings = warnings
        self.notes = notes
    }

    /// The file as the container runtime writes it: search, nameservers, options.
    public var fileText: String {
        var lines: [String] = []
        if !search.isEmpty { lines.append("search " + search.joined(separator: " ")) }
        for ns in nameservers { lines.append("nameserver " + ns) }
        if !options.isEmpty { lines.append("options " + options.joined(separator: " ")) }
        return lines.map { $0 + "\n" }.joined()
    }

    /// The nameservers that parse as addresses, in order.
    public var nameserverAddresses: [IPAddress] { nameservers.compactMap { IPAddress($0) } }
}

/// kubelet's resolv.conf forming. Pure: a function of the pod and the cluster's settings.
public enum KubeletDNS {
    /// The search-list limits of kubelet (`ExpandedDNSConfig`, GA in 1.28): 32 domains,
    /// 2048 characters for the joined line; a single domain over 253 characters is dropped.
    public static let maxSearchDomains = 32
    public static let maxSearchLineCharacters = 2048
    public static let maxNameservers = 3
    public static let maxDomainLength = 253

    public static func resolvConf(for pod: Pod, network: ClusterNetwork) -> PodResolvConf {
        let policy = pod.spec.effectiveDNSPolicy
        var why: [String] = []
        var warnings: [String] = []
        var notes: [String] = []
        var nameservers: [String] = []
        var search: [String] = []
        var options: [String] = []
        let nodeSearch = network.nodeResolvConf.search.map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 }.filter { !$0.isEmpty }
        var effective = policy

        switch policy {
        case "ClusterFirst" where pod.spec.hostNetwork:
            effective = "Default"
            why.append("dnsPolicy ClusterFirst on a hostNetwork pod is treated as Default (use ClusterFirstWithHostNet for cluster DNS)")
            fallthrough
        case "Default":
            nameservers = network.nodeResolvConf.nameservers
            search = nodeSearch
            options = network.nodeResolvConf.options
            why.append("Default: the node's resolv.conf (kubelet --resolv-conf): nameservers \(list(nameservers)), search \(list(search)), options \(list(options))")
        case "ClusterFirst", "ClusterFirstWithHostNet":
            nameservers = [network.dnsServiceIP.description]
            let domain = network.clusterDomain
            search = dedupe(["\(pod.namespace).svc.\(domain)", "svc.\(domain)", domain] + nodeSearch)
            options = ["ndots:5"]
            why.append("\(policy): nameserver \(network.dnsServiceIP) (kubelet --cluster-dns, the kube-dns Service)")
            why.append("search: \(pod.namespace).svc.\(domain) svc.\(domain) \(domain), then the node's search domains \(list(nodeSearch)), duplicates removed")
            why.append("options: ndots:5 only (the node's options are discarded)")
        case "None":
            why.append("None: nothing from kubelet; everything comes from spec.dnsConfig")
        default:
            warnings.append("dnsPolicy \"\(policy)\" is not one of ClusterFirst, ClusterFirstWithHostNet, Default, None: the API server would reject this pod")
            nameservers = [network.dnsServiceIP.description]
            search = dedupe(["\(pod.namespace).svc.\(network.clusterDomain)", "svc.\(network.clusterDomain)", network.clusterDomain] + nodeSearch)
            options = ["ndots:5"]
            effective = "ClusterFirst"
        }

        if let cfg = pod.spec.dnsConfig {
            if cfg.nameservers.count > maxNameservers {
                warnings.append("spec.dnsConfig.nameservers: must not have more than 3 nameservers: the API server would reject this pod")
            }
            if policy == "None" && cfg.nameservers.isEmpty {
                warnings.append("spec.dnsConfig.nameservers: Required value: must provide at least one DNS nameserver when `dnsPolicy` is None: the API server would reject this pod")
            }
            if !cfg.nameservers.isEmpty || !cfg.searches.isEmpty || !cfg.options.isEmpty {
                why.append("spec.dnsConfig merged: nameservers +\(list(cfg.nameservers)), searches +\(list(cfg.searches)), options \(list(cfg.options.map(optionText)))")
            }
            nameservers = dedupe(nameservers + cfg.nameservers)
            search = dedupe(search + cfg.searches)
            options = mergeOptions(options, cfg.options)
            if options.count > 1 {
                notes.append("kubelet rebuilds the options from an unordered map when dnsConfig is set, so their order in the real file varies; kubewalk sorts them")
            }
        } else if policy == "None" {
            warnings.append("spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None: the API server would reject this pod")
        }

        if nameservers.count > maxNameservers {
            let kept = Array(nameservers.prefix(maxNameservers))
            warnings.append("DNSConfigForming: Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: \(kept.joined(separator: " "))")
            nameservers = kept
        }
        let (fitted, searchWarning) = fitSearch(search)
        search = fitted
        if let searchWarning { warnings.append(searchWarning) }
        return PodResolvConf(nameservers: nameservers, search: search, options: options, dnsPolicy: policy,
                             effectivePolicy: effective, explanation: why, warnings: warnings, notes: notes)
    }

    /// kubelet's `formDNSSearchFitsLimits`: cut to 32 domains, drop domains over 253
    /// characters, then remove domains from the end until the joined line fits 2048.
    public static func fitSearch(_ input: [String]) -> (search: [String], warning: String?) {
        var search = input
        var exceeded = false
        if search.count > maxSearchDomains {
            search = Array(search.prefix(maxSearchDomains))
            exceeded = true
        }
        let short = search.filter { $0.utf8.count <= maxDomainLength }
        if short.count != search.count { exceeded = true }
        search = short
        var length = search.joined(separator: " ").utf8.count
        while length > maxSearchLineCharacters, let last = search.last {
            length -= last.utf8.count + (search.count > 1 ? 1 : 0)
            search.removeLast()
            exceeded = true
        }
        guard exceeded else { return (search, nil) }
        return (search, "DNSConfigForming: Search Line limits were exceeded, some search paths have been omitted, the applied search line is: \(search.joined(separator: " "))")
    }

    /// kubelet's `mergeDNSOptions`: options keyed by name, a dnsConfig option replacing one of
    /// the same name; returned sorted (kubelet's order comes from a Go map).
    static func mergeOptions(_ base: [String], _ extra: [PodDNSConfig.Option]) -> [String] {
        var map: [String: String] = [:]
        for op in base {
            if let colon = op.firstIndex(of: ":") {
                map[String(op[..<colon])] = String(op[op.index(after: colon)...])
            } else {
                map[op] = ""
            }
        }
        for op in extra { map[op.name] = op.value ?? "" }
        return map.map { $0.value.isEmpty ? $0.key : "\($0.key):\($0.value)" }.sorted()
    }

    static func optionText(_ o: PodDNSConfig.Option) -> String { o.value.map { "\(o.name):\($0)" } ?? o.name }

    static func dedupe(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }

    static func list(_ items: [String]) -> String { items.isEmpty ? "(none)" : items.joined(separator: " ") }
}
