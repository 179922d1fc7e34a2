import Foundation

/// A network namespace a test creates for itself (`ip netns add kwt-<name>-<pid>-<n>`),
/// runs commands in (`ip netns exec`), and always deletes (`delete()`, also from `deinit`).
///
/// Nothing is ever sent outside it: the tests give it a veth pair whose both ends stay
/// inside. `skipReason` says why such tests cannot run here (not root, a tool missing).
public final class NetnsSandbox: @unchecked Sendable {
    public let name: String
    private var deleted = false
    nonisolated(unsafe) private static var counter = 0

    /// Why kernel tests cannot run on this machine, or nil when they can.
    public static func skipReason(tools: [String] = ["ip", "iptables-restore", "conntrack"]) -> String? {
        guard getuid() == 0 else { return "needs root to create network namespaces (run the tests as root)" }
        for t in tools where which(t) == nil { return "\(t) is not installed" }
        let probe = "kwt-probe-\(getpid())"
        let add = NetnsSandbox.exec(["ip", "netns", "add", probe])
        guard add.status == 0 else { return "cannot create a network namespace: \(add.stderr.trimmingCharacters(in: .whitespacesAndNewlines))" }
        _ = NetnsSandbox.exec(["ip", "netns", "del", probe])
        return nil
    }

    public static func which(_ tool: String) -> String? {
        for dir in ["/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin"] {
            let p = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// Creates `kwt-<label>-<pid>-<n>`.
    public init(label: String) throws {
        NetnsSandbox.counter += 1
        name = "kwt-\(label.prefix(12))-\(getpid())-\(NetnsSandbox.counter)"
        let r = NetnsSandbox.exec(["ip", "netns", "add", name])
        guard r.status == 0 else { throw SandboxError.command("ip netns add \(name)", r.stderr) }
    }

    deinit { delete() }

    /// Removes the namespace (and with it every interface, rule and conntrack entry in it).
    public func delete() {
        guard !deleted else { return }
        deleted = true
        _ = NetnsSandbox.exec(["ip", "netns", "del", name])
    }

    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public enum SandboxError: Error, CustomStringConvertible {
        case command(String, String)
        public var description: String {
            switch self { case .command(let c, let e): return "\(c) failed: \(e)" }
        }
    }

    /// Runs `args` inside the namespace.
    @discardableResult
    public func run(_ args: [String], stdin: String? = nil) -> Output {
        NetnsSandbox.exec(["ip", "netns", "exec", name] + args, stdin: stdin)
    }

    /// Runs `args` inside the namespace and throws when it fails.
    @discardableResult
    public func check(_ args: [String], stdin: String? = nil) throws -> Output {
        let r = run(args, stdin: stdin)
        guard r.status == 0 else { throw SandboxError.command(args.joined(separator: " "), r.stderr + r.stdout) }
        return r
    }

    /// Runs a shell script inside the namespace.
    @discardableResult
    public func shell(_ script: String) -> Output { run(["/bin/bash", "-c", script]) }

    static func exec(_ args: [String], stdin: String? = nil) -> Output {
        let p = Process()
        guard let tool = args.first, let path = which(tool) ?? (tool.hasPrefix("/") ? tool : nil) else {
            return Output(status: 127, stdout: "", stderr: "\(args.first ?? "") not found")
        }
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = Array(args.dropFirst())
        // stdin and stderr go through temporary files, stdout through a pipe read to the end,
        // so no command can block on a full pipe.
        let tmp = FileManager.default.temporaryDirectory
        let errURL = tmp.appendingPathComponent("kwt-err-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let inURL = tmp.appendingPathComponent("kwt-in-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: errURL); try? FileManager.default.removeItem(at: inURL) }
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        FileManager.default.createFile(atPath: inURL.path, contents: Data((stdin ?? "").utf8))
        guard let errHandle = try? FileHandle(forWritingTo: errURL), let inHandle = try? FileHandle(forReadingFrom: inURL) else {
            return Output(status: 126, stdout: "", stderr: "cannot create temporary files")
        }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = errHandle
        p.standardInput = inHandle
        do { try p.run() } catch { return Output(status: 126, stdout: "", stderr: "\(error)") }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try? errHandle.close()
        try? inHandle.close()
        let errData = (try? Data(contentsOf: errURL)) ?? Data()
        return Output(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }
}
