import ClusterModel

extension IngressRouter {
    /// nginx's location decision alone (sections 5.1, 5.2, 5.4): the location index, or the
    /// path to 301 to. `chooseLocation` explains this same decision.
    ///
    /// - Complexity: a hash lookup and a scan of the host's prefixes (static), or the host's
    ///   regexes in order (regex mode).
    func selectLocation(_ server: NginxServer, path: String) -> (index: Int?, slashRedirect: String?) {
        if server.regexMode {
            let bytes = Array(path.utf8)
            for (i, l) in server.locations.enumerated() {
                if let re = l.locationRegex, re.firstMatch(in: bytes) != nil { return (i, nil) }
            }
            return (nil, nil)
        }
        if let e = server.exactIndex[path] { return (e, nil) }
        if !server.slashPaths.isEmpty, server.slashPaths.contains(path) { return (nil, path + "/") }
        for i in server.prefixOrder where path.hasPrefix(server.locations[i].path) { return (i, nil) }
        return (nil, nil)
    }

    /// The decision without its explanation: which server and location, and the upstream
    /// request-target or status. For bulk use (benchmarks, the explorer's previews); `route`
    /// gives the full result.
    public struct QuickMatch: Hashable, Sendable {
        public var server: String
        public var location: String?
        public var backend: String?
        public var status: Int?
        public var upstreamPath: String?
    }

    public func quickMatch(_ request: HTTPRequest) -> QuickMatch {
        let si = table.serverIndex(for: request.matchHost)
        var m = QuickMatch(server: table.servers[si].host)
        guard let path = PathNormalization.normalize(request.path) else { m.status = 400; return m }
        if table.servers[si].appRoot != nil && path == "/" { m.status = 302; return m }
        let (index, slash) = selectLocation(table.servers[si], path: path)
        if slash != nil { m.status = 301; return m }
        guard let i = index else { m.status = 404; return m }
        m.location = table.servers[si].locations[i].directive
        let ann = table.servers[si].locations[i].annotations
        if ann.temporalRedirect != nil || ann.permanentRedirect != nil {
            m.status = ann.temporalRedirect != nil ? ann.temporalRedirectCode : ann.permanentRedirectCode
            return m
        }
        m.upstreamPath = request.requestTarget
        if let target = table.servers[si].locations[i].rewriteTarget, let re = table.servers[si].locations[i].rewriteRegex {
            let subject = Array(path.utf8)
            if let match = re.firstMatch(in: subject) {
                m.upstreamPath = PathNormalization.escapeRewritten(Self.expand(target, match: match, subject: subject)) + (request.query.map { "?\($0)" } ?? "")
            }
        }
        if let b = table.servers[si].locations[i].backend, let svc = b.serviceName { m.backend = "\(svc):\(b.portDescription)" } else { m.status = 404 }
        return m
    }
}
