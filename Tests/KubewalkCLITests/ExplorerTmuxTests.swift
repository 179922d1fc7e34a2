import Foundation
import XCTest

/// End-to-end: the built `kubewalk` in a real terminal (tmux on a private socket, a shell
/// in the pane), driven with send-keys and read with capture-pane.
final class ExplorerTmuxTests: XCTestCase {
    var socket = ""
    var binary = ""

    override func setUpWithError() throws {
        guard Self.which("tmux") != nil else { throw XCTSkip("tmux is not installed; CI installs it (.ci/run)") }
        let dir = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        let candidates = [dir.appendingPathComponent("kubewalk").path,
                          dir.deletingLastPathComponent().appendingPathComponent("kubewalk").path]
        guard let bin = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw XCTSkip("the kubewalk binary is not built next to the tests (looked in \(candidates)); run `swift build` first")
        }
        binary = bin
        socket = "kwtest-\(getpid())-\(UInt32.random(in: 0..<1_000_000))"
        // The server daemonizes and keeps inherited descriptors: give it no pipe to hold open.
        try tmuxRun(["-f", "/dev/null", "new-session", "-d", "-s", "kw", "-x", "120", "-y", "40",
                     "env -i PATH=/usr/bin:/bin HOME=/tmp TERM=tmux-256color LANG=C.UTF-8 bash --norc --noprofile"])
    }

    override func tearDown() {
        if !socket.isEmpty { _ = try? tmux("kill-server") }
    }

    static func which(_ name: String) -> String? {
        for dir in ["/usr/bin", "/bin", "/usr/local/bin"] where FileManager.default.isExecutableFile(atPath: dir + "/" + name) { return dir + "/" + name }
        return nil
    }

    @discardableResult
    func tmux(_ args: String...) throws -> String {
        try Spawn.run([Self.which("tmux") ?? "/usr/bin/tmux", "-L", socket] + args, captureOutput: true)
    }

    func keys(_ k: String...) throws { try tmuxRun(["send-keys", "-t", "kw"] + k) }
    func literal(_ text: String) throws { try tmux("send-keys", "-t", "kw", "-l", text) }
    func screen() throws -> String { try tmux("capture-pane", "-p", "-t", "kw") }

    /// Waits until the pane shows `text` (the UI redraws asynchronously).
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 10, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.contains(text) { return last }
            usleep(50_000)
        }
        XCTFail("pane never showed \(text.debugDescription); last screen:\n\(last)", file: file, line: line)
        return last
    }

    func waitForAny(_ texts: [String], timeout: Double = 10, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if texts.contains(where: last.contains) { return last }
            usleep(50_000)
        }
        XCTFail("pane never showed any of \(texts); last screen:\n\(last)", file: file, line: line)
        return last
    }

    func waitUntilGone(_ text: String, timeout: Double = 10, file: StaticString = #filePath, line: UInt = #line) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if !(try screen()).contains(text) { return }
            usleep(50_000)
        }
        XCTFail("pane still shows \(text.debugDescription)", file: file, line: line)
    }

    /// Waits until the terminal is given back (alternate screen off, cursor visible).
    func waitForRestored(file: StaticString = #filePath, line: UInt = #line) throws {
        let deadline = Date().addingTimeInterval(10)
        var state = ""
        while Date() < deadline {
            state = try terminalState()
            if state == "0 1" { return }
            usleep(50_000)
        }
        XCTFail("terminal not restored: alternate_on cursor_flag = \(state)", file: file, line: line)
    }

    func terminalState() throws -> String {
        try tmux("display", "-p", "-t", "kw", "#{alternate_on} #{cursor_flag}").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func tmuxRun(_ args: [String]) throws {
        // No pipes: `new-session` forks a server that would hold them open.
        try Spawn.run([Self.which("tmux") ?? "/usr/bin/tmux", "-L", socket] + args, captureOutput: false)
    }

    func testMapHelpLessonTraceResizeAndQuitRestoreTheTerminal() throws {
        try literal("\(binary) --cluster online-store")
        try keys("Enter")
        var s = try waitFor("Map · online-store")
        XCTAssertTrue(s.contains("node01 · worker · 192.168.56.11"), s)
        XCTAssertTrue(s.contains("cni0 10.244.1.1/24"), s)
        XCTAssertTrue(s.contains("wear-service"), s)
        XCTAssertEqual(try terminalState(), "1 0", "alternate screen on, cursor hidden while running")

        try keys("?")
        try waitFor("play / pause the animation")
        try keys("Escape")
        try waitUntilGone("play / pause the animation")

        try literal(":walkthrough")
        try keys("Enter")
        try waitFor("Reading the map")
        try keys("PageDown")
        try waitFor("The ports a cluster needs open")

        try literal(":trace --from default/client http://wear-service:8080/")
        try keys("Enter")
        s = try waitForAny(["trace engine is not in this build yet", "step 1/"])
        if s.contains("trace engine is not in this build yet") {
            // Until the trace engine lands the explorer says so in one line, and nothing moves.
            XCTAssertFalse(s.contains("step 1/"), s)
        } else {
            try keys("Space")
            s = try waitFor("step 2/")
            try keys("Space")
            try waitFor("step 3/")
        }

        try tmux("resize-window", "-t", "kw", "-x", "80", "-y", "24")
        s = try waitFor("Map · online-store")
        let width = s.split(separator: "\n").first.map { $0.count } ?? 0
        XCTAssertEqual(width, 80, s)
        try tmux("resize-window", "-t", "kw", "-x", "50", "-y", "12")
        try waitFor("terminal too small: 50x12")
        try tmux("resize-window", "-t", "kw", "-x", "120", "-y", "40")
        s = try waitFor("Map · online-store")
        XCTAssertEqual(s.split(separator: "\n").first.map { $0.count }, 120, s)

        try keys("q")
        try waitForRestored()
        try literal("echo rc=$?")
        try keys("Enter")
        try waitFor("rc=0")
    }

    func testSIGTERMRestoresTheTerminalAndExits143() throws {
        try literal("\(binary) --cluster online-store")
        try keys("Enter")
        try waitFor("Map · online-store")
        let shell = try tmux("display", "-p", "-t", "kw", "#{pane_pid}").trimmingCharacters(in: .whitespacesAndNewlines)
        let child = try XCTUnwrap(childPID(of: shell), "kubewalk's pid under the pane's shell \(shell)")
        kill(child, SIGTERM)
        try waitForRestored()
        try literal("echo rc=$?")
        try keys("Enter")
        try waitFor("rc=143")
    }

    func testSIGINTAndSIGHUPToo() throws {
        for (sig, code) in [(SIGINT, 130), (SIGHUP, 129)] {
            try literal("clear; \(binary) --cluster online-store")
            try keys("Enter")
            try waitFor("Map · online-store")
            let shell = try tmux("display", "-p", "-t", "kw", "#{pane_pid}").trimmingCharacters(in: .whitespacesAndNewlines)
            let child = try XCTUnwrap(childPID(of: shell))
            kill(child, sig)
            try waitForRestored()
            try literal("echo rc=$?")
            try keys("Enter")
            try waitFor("rc=\(code)")
        }
    }

    /// The first child process of `pid` (from /proc), polled briefly.
    func childPID(of pid: String) -> pid_t? {
        for _ in 0..<40 {
            if let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8),
               let first = text.split(separator: " ").first, let child = pid_t(first) { return child }
            usleep(50_000)
        }
        return nil
    }
}

/// `kubewalk` with standard output not a terminal prints the summary instead of the UI.
final class ExplorerNonTTYTests: XCTestCase {
    func testPipedOutputPrintsTheSummary() throws {
        let dir = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        let bin = [dir.appendingPathComponent("kubewalk").path, dir.deletingLastPathComponent().appendingPathComponent("kubewalk").path]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let bin else { throw XCTSkip("the kubewalk binary is not built next to the tests") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: bin)
        let out = Pipe()
        p.standardOutput = out
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        XCTAssertEqual(p.terminationStatus, 0)
        XCTAssertTrue(text.hasPrefix("cluster online-store:"), text)
        XCTAssertFalse(text.contains("\u{1B}["), "no escape codes when not a terminal")
    }
}

/// posix_spawn + waitpid. Foundation's `Process.waitUntilExit` hung here once tmux had
/// forked its server from the child, so the tmux tests start processes themselves.
enum Spawn {
    struct Failed: Error { var message: String }

    @discardableResult
    static func run(_ argv: [String], captureOutput: Bool) throws -> String {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var fds: [Int32] = [-1, -1]
        if captureOutput {
            guard pipe(&fds) == 0 else { throw Failed(message: "pipe failed") }
            posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
            posix_spawn_file_actions_addclose(&actions, fds[0])
            posix_spawn_file_actions_addclose(&actions, fds[1])
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var cargs = argv.map { strdup($0) } + [nil]
        defer { for p in cargs { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, nil, &cargs, environ)
        guard rc == 0 else { throw Failed(message: "posix_spawn \(argv[0]) failed: \(rc)") }
        var output = [UInt8]()
        if captureOutput {
            close(fds[1])
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = read(fds[0], &buffer, buffer.count)
                if n <= 0 { break }
                output += buffer[0..<n]
            }
            close(fds[0])
        }
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
        return String(decoding: output, as: UTF8.self)
    }
}
