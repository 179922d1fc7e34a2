import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import L7Routing

/// Runs a real nginx on 127.0.0.1 with the configuration kubewalk renders for a host table,
/// in its own prefix directory under a temporary folder, and stops it afterwards.
///
/// Every backend Service gets its own loopback port, answered by the same nginx with
/// `return 200 "<service> $request_uri"`, so a response says which backend got the request
/// and with which request-target. The controller's default backend answers 404.
final class NginxHarness {
    let dir: URL
    let port: Int
    private(set) var process: Process?
    /// Service key (`namespace/name:port`) → upstream port.
    var upstreams: [String: Int] = [:]
    let defaultBackendPort: Int

    static func nginxPath() -> String? {
        for p in ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx", "/usr/local/bin/nginx"] where FileManager.default.isExecutableFile(atPath: p) {
            return p
        }
        return nil
    }

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("kwt-nginx-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        port = try Self.freePort()
        defaultBackendPort = try Self.freePort()
    }

    deinit { stop() }

    static func backendKey(_ l: NginxLocation) -> String? {
        guard let b = l.backend, let svc = b.serviceName, let ns = l.ingress?.split(separator: "/").first else { return nil }
        return "\(ns)/\(svc):\(b.portDescription)"
    }

    /// Writes nginx.conf for `table` and starts nginx; throws when it does not come up.
    func start(_ table: NginxHostTable) throws {
        for s in table.servers { for l in s.locations { if let k = Self.backendKey(l), upstreams[k] == nil { upstreams[k] = try Self.freePort() } } }
        let servers = NginxConfigRenderer.render(table, listen: "127.0.0.1:\(port)") { l in
            let p = Self.backendKey(l).flatMap { self.upstreams[$0] } ?? self.defaultBackendPort
            return "http://127.0.0.1:\(p)"
        }
        var backends = upstreams.sorted { $0.key < $1.key }.map { (key, p) in
            "server {\n    listen 127.0.0.1:\(p);\n    location / { return 200 \"\(key) $request_uri\"; }\n}"
        }
        backends.append("server {\n    listen 127.0.0.1:\(defaultBackendPort);\n    location / { return 404 \"default-backend $request_uri\"; }\n}")
        let d = dir.path
        let conf = """
        daemon off;
        master_process off;
        pid \(d)/nginx.pid;
        error_log \(d)/error.log warn;
        events { worker_connections 64; }
        http {
            access_log off;
            client_body_temp_path \(d)/body;
            proxy_temp_path \(d)/proxy;
            fastcgi_temp_path \(d)/fastcgi;
            uwsgi_temp_path \(d)/uwsgi;
            scgi_temp_path \(d)/scgi;
            server_names_hash_bucket_size 128;
            proxy_http_version 1.1;
            proxy_set_header Host $http_host;
        \(servers)
        \(backends.joined(separator: "\n"))
        }
        """
        try conf.write(to: dir.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
        guard let nginx = Self.nginxPath() else { throw HarnessError.noNginx }
        let test = Process()
        test.executableURL = URL(fileURLWithPath: nginx)
        test.arguments = ["-t", "-q", "-p", d + "/", "-e", d + "/error.log", "-c", d + "/nginx.conf"]
        let errPipe = Pipe()
        test.standardError = errPipe
        test.standardOutput = FileHandle.nullDevice
        try test.run()
        test.waitUntilExit()
        if test.terminationStatus != 0 {
            let err = String(decoding: errPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw HarnessError.configRejected(err + "\n" + conf)
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: nginx)
        p.arguments = ["-p", d + "/", "-e", d + "/error.log", "-c", d + "/nginx.conf"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        process = p
        for _ in 0..<100 {
            if (try? HTTPProbe.send(port: port, host: "probe.invalid", target: "/")) != nil { return }
            usleep(50_000)
        }
        throw HarnessError.didNotStart((try? String(contentsOf: dir.appendingPathComponent("error.log"), encoding: .utf8)) ?? "")
    }

    /// Stops the nginx this harness started (by its pid) and removes the directory.
    func stop() {
        if let p = process, p.isRunning {
            p.terminate()
            p.waitUntilExit()
        }
        process = nil
        try? FileManager.default.removeItem(at: dir)
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError.socket("socket") }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard ok == 0 else { throw HarnessError.socket("bind") }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    enum HarnessError: Error, CustomStringConvertible {
        case noNginx, configRejected(String), didNotStart(String), socket(String)
        var description: String {
            switch self {
            case .noNginx: return "nginx not found"
            case .configRejected(let e): return "nginx -t rejected the rendered configuration: \(e)"
            case .didNotStart(let e): return "nginx did not start: \(e)"
            case .socket(let e): return "socket error: \(e)"
            }
        }
    }
}

/// A raw HTTP/1.1 client over a loopback TCP socket: sends the request-target byte for
/// byte (no client-side normalisation) and reads the whole response.
enum HTTPProbe {
    struct Response { var status: Int; var headers: [String: String]; var body: String }

    static func send(port: Int, host: String, target: String, method: String = "GET", headers: [(String, String)] = []) throws -> Response {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw NginxHarness.HarnessError.socket("socket") }
        defer { close(fd) }
        var tv = timeval(tv_sec: 3, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard ok == 0 else { throw NginxHarness.HarnessError.socket("connect") }
        var req = "\(method) \(target) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n"
        for (n, v) in headers { req += "\(n): \(v)\r\n" }
        req += "\r\n"
        let bytes = Array(req.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw NginxHarness.HarnessError.socket("write") }
            sent += n
        }
        var data: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buf.withUnsafeMutableBufferPointer { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            data += buf[0..<n]
        }
        let text = String(decoding: data, as: UTF8.self)
        guard let headEnd = text.range(of: "\r\n\r\n") else { throw NginxHarness.HarnessError.socket("no response") }
        let head = text[..<headEnd.lowerBound].split(separator: "\r\n").map(String.init)
        let statusParts = head.first?.split(separator: " ") ?? []
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw NginxHarness.HarnessError.socket("bad status line") }
        var hs: [String: String] = [:]
        for line in head.dropFirst() {
            if let c = line.firstIndex(of: ":") { hs[line[..<c].lowercased()] = line[line.index(after: c)...].trimmingCharacters(in: .whitespaces) }
        }
        return Response(status: status, headers: hs, body: String(text[headEnd.upperBound...]))
    }
}
