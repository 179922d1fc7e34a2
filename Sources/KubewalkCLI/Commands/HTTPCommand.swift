import ArgumentParser
import ClusterModel
import L7Routing

/// `kubewalk http`: which Ingress or Gateway API rule serves an HTTP request, and what the
/// backend receives.
struct HTTPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http",
        abstract: "Route an HTTP request through the ingress controller or a Gateway and explain every rule considered.",
        discussion: """
        The request goes to whichever entry point serves the URL's host (an Ingress host on the \
        ingress-nginx controller, else a Gateway whose HTTPRoutes claim it), or to the one named \
        with --via. A Host header (-H 'Host: name') overrides the host used for matching, as with curl.

        Output: the candidates in the order they were tried (the winner marked >), why each \
        other one lost, then the backend Service, its endpoints and the upstream request.

        Examples:
          kubewalk http http://192.168.56.11:30080/wear/shirts
          kubewalk http http://shop.my-online-store.com/something/abc --nginx-conf
          kubewalk http http://192.168.56.11:30080/ -H 'Host: watch.my-online-store.com'
          kubewalk http --cluster gateway-canary https://shop.example.com/ -H 'x-canary: true'
          kubewalk http --via gateway/default/eg --cluster gateway-canary http://x/ -o json
          kubewalk http --cluster ./manifests/ 'http://media.example/v/cat.mp4?t=3' -X POST
        """)

    @OptionGroup var options: ClusterOptions
    @Option(name: .long, help: ArgumentHelp("Entry point: ingress, or gateway/NAMESPACE/NAME (default: by the URL's host).", valueName: "entry"))
    var via: String?
    @Option(name: .customShort("H"), help: ArgumentHelp("A request header 'Name: value' (repeatable).", valueName: "header"))
    var header: [String] = []
    @Option(name: .customShort("X"), help: ArgumentHelp("The request method.", valueName: "method"))
    var method: String = "GET"
    @Option(name: .shortAndLong, help: "Output format: text or json.") var output: OutputFormat = .text
    @Flag(name: .long, help: "Also print the nginx server block ingress-nginx writes for the request's host (text output).")
    var nginxConf = false
    @Argument(help: ArgumentHelp("The URL: http[s]://host[:port]/path[?query].", valueName: "url"))
    var url: String

    /// Usage errors print a message and exit 2 (the house convention).
    func validate() throws {
        func usage(_ message: String) -> ExitCode {
            printError("error: \(message)")
            printError("usage: kubewalk http [--cluster C] [--via ingress|gateway/NS/NAME] URL [-H 'Name: value']... [-X METHOD] [-o text|json]")
            return ExitCode(2)
        }
        if let via, HTTPEntry(argument: via) == nil {
            throw usage("--via \(via): expected `ingress` or `gateway/NAMESPACE/NAME`")
        }
        for h in header where !h.contains(":") {
            throw usage("-H \(h): expected 'Name: value'")
        }
        do { _ = try HTTPRequest(url: url) } catch { throw usage("URL \(url): \(error.description)") }
        guard !method.isEmpty, method.utf8.allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }) else {
            throw usage("-X \(method): a method is a token like GET or POST")
        }
    }

    func run() throws {
        let cluster = try options.load()
        let headers = header.map { h -> HTTPHeader in
            let parts = h.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            return HTTPHeader(name: String(parts[0]).trimmed, value: parts.count > 1 ? String(parts[1]).trimmed : "")
        }
        let request: HTTPRequest
        do { request = try HTTPRequest(url: url, method: method, headers: headers) } catch {
            printError("error: URL \(url): \(error.description)")
            throw ExitCode(2)
        }
        let entry = via.flatMap { HTTPEntry(argument: $0) } ?? .automatic
        let result = L7Router(cluster: cluster).route(request, via: entry)
        switch output {
        case .json: print(try JSONOutput.string(result))
        case .text:
            print(HTTPResultText.render(result))
            if nginxConf && result.entry.kind == .ingress {
                let table = L7Router(cluster: cluster).ingress.table
                let server = table.servers[table.serverIndex(for: request.matchHost)]
                print("nginx.conf for \(server.host) (what the controller writes; canary, HTTPS redirect and 503 are its Lua code):")
                print(NginxConfigRenderer.render(server))
            }
        }
    }
}

extension String {
    var trimmed: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }
}

/// The text of `kubewalk http`: read from the same `RoutingResult` as the JSON.
public enum HTTPResultText {
    public static func render(_ r: RoutingResult) -> String {
        var out: [String] = []
        let q = r.request
        out.append("\(q.method) \(q.scheme)://\(q.hostHeader)\(q.requestTarget)")
        let e = r.entry
        out.append("entry: \(e.kind == .ingress ? "ingress controller" : "Gateway") \(e.name)"
            + (e.listener.map { ", listener \($0)" } ?? "") + (e.address.map { " — \($0)" } ?? "") + ", port \(e.port) (\(e.scheme))")
        for s in r.steps { out.append("  \(s.step): \(s.detail)") }
        if !r.candidates.isEmpty {
            out.append("candidates, in the order tried:")
            let labels = r.candidates.map { c -> String in
                let owner = c.kind == "controller" ? "controller" : "\(c.kind) \(c.namespace ?? "")/\(c.name ?? "")"
                let what = c.location.map { "location \($0)" } ?? c.rule.map { "\($0) \(c.pathType) \(c.path)" } ?? "(route)"
                return "\(what)  [\(owner)\(c.kind == "HTTPRoute" ? "" : ", \(c.pathType) \(c.path)")]"
            }
            let width = min(labels.map(\.count).max() ?? 0, 70)
            for (c, label) in zip(r.candidates, labels) {
                let mark = c.winner ? ">" : c.matched ? "~" : " "
                out.append("  \(mark) \(label.padding(width))  \(c.reason)")
            }
        }
        let res = r.result
        out.append("result:")
        if let redirect = res.redirect {
            out.append("  \(redirect.status) redirect to \(redirect.location) (\(redirect.cause))")
        } else if let status = res.httpStatus, res.backend == nil || res.backends.allSatisfy({ $0.httpStatus != nil }) {
            out.append("  the \(e.kind == .ingress ? "controller" : "Gateway") answers \(status)" + (res.backend.map { " (backend \($0.description))" } ?? ""))
        } else if res.backend == nil {
            out.append("  no answer: nothing is listening for this request")
        }
        if res.redirect == nil, let b = res.backend {
            if res.backends.count > 1 {
                for w in res.backends {
                    out.append("  backend \(w.namespace)/\(w.service):\(w.port)  p=\(formatProbability(w.probability))  \(w.httpStatus.map { "→ \($0): " } ?? "")\(w.reason)")
                }
            } else {
                out.append("  backend \(b.description)" + (res.backends.first.map { " — \($0.reason)" } ?? ""))
            }
            if let up = res.upstreamPath, res.httpStatus == nil || res.backends.contains(where: { $0.httpStatus == nil }) {
                out.append("  upstream request: \(q.method) \(up)")
                for h in res.upstreamHeaders { out.append("    \(h.name): \(h.value)") }
                for w in res.backends where w.upstreamPath != nil {
                    out.append("    (to \(w.service): \(w.upstreamPath ?? "")" + (w.upstreamHeaders.map { "; " + $0.map { "\($0.name): \($0.value)" }.joined(separator: ", ") } ?? "") + ")")
                }
            }
            for h in res.responseHeaders { out.append("  response header \(h.name): \(h.value)") }
            let groups: [(String, [BackendEndpoint])] = res.backends.count > 1
                ? res.backends.compactMap { w in w.endpoints.map { (w.service, $0) } }
                : [(b.service, res.endpoints)]
            for (service, eps) in groups where !eps.isEmpty {
                out.append("  endpoints of \(service):")
                for ep in eps {
                    let state = ep.ready ? "ready" : ep.terminating ? "terminating" : "not ready"
                    out.append("    \(ep.address):\(ep.port.map(String.init) ?? "?")  \(state)" + (ep.pod.map { "  pod \($0)" } ?? "") + (ep.node.map { " on \($0)" } ?? ""))
                }
            }
        }
        if !r.notes.isEmpty {
            out.append("notes:")
            for n in r.notes { out.append("  - \(n)") }
        }
        return out.joined(separator: "\n")
    }

    static func formatProbability(_ p: Double) -> String {
        let v = (p * 10000).rounded() / 10000
        return String(v)
    }
}
