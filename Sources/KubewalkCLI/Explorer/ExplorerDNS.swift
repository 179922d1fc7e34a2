import ArgumentParser
import ClusterDNS
import ClusterModel
import Explorer
import NetCore

/// The explorer's `:dns`: `kubewalk dns`'s arguments run on the loaded cluster through
/// ClusterDNS's engine (built once per loaded cluster), giving the lines the CLI prints.
/// Nothing is written to standard error while the screen is up: a bad argument or an
/// unknown pod comes back as the message the CLI would print.
enum ExplorerDNS {
    /// - Parameter arguments: what follows `kubewalk dns` (`--from default/client web`);
    ///   a `--cluster` among them is ignored (the cluster is given).
    static func run(_ cluster: Cluster, engine: ClusterDNSEngine, arguments: [String]) -> Result<[String], EngineError> {
        let command: DNSCommand
        do {
            command = try DNSCommand.parse(arguments)
        } catch {
            let message = DNSCommand.message(for: error)
            return .failure(EngineError(message.isEmpty ? "invalid arguments; see `kubewalk dns --help`" : message))
        }
        let pod: Pod
        switch PodArgument.lookup(command.from, in: cluster, option: "--from") {
        case .success(let p): pod = p
        case .failure(let e): return .failure(EngineError(e.message))
        }
        let types: [DNSRecordType]?
        do { types = try command.types() } catch { return .failure(EngineError(DNSCommand.message(for: error))) }
        let kind = command.resolver.flatMap { StubResolverKind(rawValue: $0) }
        let resolution: DNSResolution
        if let reverse = command.reverse, let ip = IPAddress(reverse) {
            resolution = engine.reverse(ip, from: pod, resolver: kind)
        } else {
            resolution = engine.resolve(command.name ?? "", from: pod, types: types, resolver: kind, ipv6: !command.noIpv6)
        }
        var lines: [String] = []
        if case .failure(let e) = engine.coreDNS {
            lines.append("error: \(e.description) (CoreDNS would not start; kubewalk does not fall back to the default Corefile)")
        }
        let text: String
        switch command.output {
        case .json:
            do { text = try JSONOutput.string(resolution) } catch { return .failure(EngineError("cannot encode the resolution as JSON: \(error)")) }
        case .text:
            text = DNSText.render(resolution)
        }
        lines += text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return .success(lines)
    }
}
