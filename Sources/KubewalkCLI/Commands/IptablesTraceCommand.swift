import ArgumentParser
import ClusterModel
import Foundation
import KubeProxy
import NetCore
import Netfilter

/// `kubewalk iptables-trace`: a packet's walk through a node's netfilter rules, rule by rule.
struct IptablesTraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iptables-trace",
        abstract: "Walk a packet through a node's iptables rules, rule by rule, like the kernel's TRACE target.",
        discussion: """
        Rules come either from the cluster (what kube-proxy programs on --node) or from a file \
        that `iptables-save` wrote on a real node (--rules, with the node's addresses given by \
        --local-ip). Random choices (-m statistic) are not sampled: every outcome is listed with \
        its probability, its DNAT/SNAT/MASQUERADE and its verdict. Without --local the packet \
        arrives on the node (PREROUTING, then INPUT or FORWARD); with --local the node itself \
        sends it (OUTPUT). Long chains are indexed: a run of rules that cannot match is shown \
        as one line with its count, and still counted in the rules the kernel evaluates.

        Examples:
          kubewalk iptables-trace --node node01 --src 10.244.1.9 --dst 10.96.45.10 --dport 80
          kubewalk iptables-trace --node node01 --src 192.168.56.1 --dst 192.168.56.11 --dport 30080 -o json
          kubewalk iptables-trace --node node01 --src 127.0.0.1 --dst 127.0.0.1 --dport 30080 --local
          kubewalk iptables-trace --rules node01.rules --local-ip 192.168.56.11 --src 10.244.1.9 --dst 10.96.0.10 --dport 53 --proto udp
        """)

    @OptionGroup var options: ClusterOptions

    @Option(help: "The node whose kube-proxy rules to walk (with --cluster).")
    var node: String?

    @Option(help: ArgumentHelp("An iptables-save (or ip6tables-save) dump to walk instead of the cluster's rules.", valueName: "file"))
    var rules: String?

    @Option(name: .customLong("local-ip"), parsing: .upToNextOption, help: "The node's own addresses (with --rules); 127.0.0.0/8 is always local.")
    var localIPs: [String] = []

    @Option(help: "Source address.") var src: String
    @Option(help: "Destination address.") var dst: String
    @Option(help: "Destination port.") var dport: Int
    @Option(help: "Source port.") var sport: Int = 40000
    @Option(help: "tcp, udp or sctp.") var proto: String = "tcp"
    @Flag(help: "The node itself sends the packet (OUTPUT path).") var local = false
    @Option(help: "Conntrack state of the packet: NEW (a connection's first packet) or ESTABLISHED.") var ctstate: String = "NEW"
    @Option(help: "Input interface (for -i rules).") var inInterface: String?
    @Option(help: "Output interface (for -o rules).") var outInterface: String?
    @Option(name: .short, help: "Output format: text or json.") var output: OutputFormat = .text

    func validate() throws {
        if rules != nil && node != nil { throw ValidationError("give either --node (rules kube-proxy programs) or --rules FILE, not both") }
        if rules == nil && node == nil { throw ValidationError("give --node NAME (with --cluster) or --rules FILE") }
        if rules == nil && !localIPs.isEmpty { throw ValidationError("--local-ip goes with --rules; with --node the node's addresses come from the cluster") }
        guard IPAddress(src) != nil else { throw ValidationError("--src '\(src)' is not an IP address") }
        guard IPAddress(dst) != nil else { throw ValidationError("--dst '\(dst)' is not an IP address") }
        for ip in localIPs where IPAddress(ip) == nil { throw ValidationError("--local-ip '\(ip)' is not an IP address") }
        guard (0...65535).contains(dport), (0...65535).contains(sport) else { throw ValidationError("ports are 0 to 65535") }
        guard TransportProtocol(loose: proto) != nil else { throw ValidationError("--proto must be tcp, udp or sctp") }
        guard ["NEW", "ESTABLISHED", "RELATED", "INVALID", "UNTRACKED"].contains(ctstate.uppercased()) else {
            throw ValidationError("--ctstate must be NEW, ESTABLISHED, RELATED, INVALID or UNTRACKED")
        }
    }

    func run() throws {
        guard let s = IPAddress(src), let d = IPAddress(dst), let p = TransportProtocol(loose: proto) else { throw ExitCode(2) }
        let packet = Packet(proto: p, source: s, sourcePort: sport, destination: d, destinationPort: dport,
                            inInterface: inInterface, outInterface: outInterface, locallyGenerated: local,
                            conntrack: ConntrackState(rawValue: ctstate.uppercased()) ?? .new)
        let result: TraceResult
        var header: String
        if let file = rules {
            let ruleset = try RulesFile.load(file)
            let host = NetfilterHost(localAddresses: Set(localIPs.compactMap { IPAddress($0) }))
            result = Tracer(ruleset: ruleset, host: host).trace(packet)
            header = "rules: \(file) (\(ruleset.ruleCount) rules, \(ruleset.family.rawValue))"
            if !ruleset.unmodelled.isEmpty {
                header += "\n  \(ruleset.unmodelled.count) use(s) of matches or targets kubewalk does not model (a trace names any it meets):"
                for u in ruleset.unmodelled.prefix(10) {
                    header += "\n    \(file):\(u.line): \(u.table.rawValue) \(u.chain) rule \(u.rule): \(u.feature)"
                }
                if ruleset.unmodelled.count > 10 { header += "\n    … and \(ruleset.unmodelled.count - 10) more" }
            }
        } else {
            // The destination's family picks iptables or ip6tables rules.
            let nodeRules = try NodeRulesLoader.load(options, node: node ?? "", mode: nil, family: d.family)
            result = nodeRules.trace(packet)
            header = "rules: what kube-proxy (\(nodeRules.config.mode.rawValue) mode) programs on \(nodeRules.nodeName) (\(nodeRules.ruleset.ruleCount) rules)"
        }
        switch output {
        case .json: print(try JSONOutput.string(result))
        case .text: print(header + "\n" + TraceText.render(result))
        }
    }
}

/// Reads an iptables-save file, printing `file:line: message` for each problem (exit 1).
enum RulesFile {
    static func load(_ path: String) throws -> Ruleset {
        guard let data = FileManager.default.contents(atPath: path) else {
            printError("error: \(path): cannot be read (no such file, or not readable)")
            throw ExitCode(1)
        }
        let parsed = IptablesSaveParser.parse(String(decoding: data, as: UTF8.self))
        for w in parsed.diagnostics where w.severity == .warning { printError(w.formatted(file: path)) }
        let errors = parsed.errors
        if !errors.isEmpty {
            for e in errors { printError(e.formatted(file: path)) }
            throw ExitCode(1)
        }
        return parsed.ruleset
    }
}
