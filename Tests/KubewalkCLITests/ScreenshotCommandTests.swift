import Foundation
import XCTest

/// `kubewalk screenshot` runs the live UI's code path without a terminal.
final class ScreenshotCommandTests: XCTestCase {
    func run(_ args: [String], environment: [String: String] = [:]) throws -> (Int32, String) {
        let dir = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        guard let bin = [dir.appendingPathComponent("kubewalk").path, dir.deletingLastPathComponent().appendingPathComponent("kubewalk").path]
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { throw XCTSkip("the kubewalk binary is not built next to the tests") }
        var argv = [bin] + args
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = nil
        env["TERM"] = "dumb"
        env.merge(environment) { $1 }
        let envp = env.map { "\($0.key)=\($0.value)" }
        let output = try Spawn.runWithEnvironment(argv, environment: envp)
        argv.removeAll()
        return output
    }

    func testKeysAndSizeGiveTheFrameTheUIWouldShow() throws {
        let (code, text) = try run(["screenshot", "--size", "80x24", "--keys", "'?'"])
        XCTAssertEqual(code, 0)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 25, text)
        XCTAssertTrue(text.contains("play / pause the animation"), text)
    }

    func testATraceSteppedThroughInKorean() throws {
        let (code, text) = try run(["screenshot", "--lang", "ko", "--keys", "':trace --from default/client http://wear-service:8080/' Enter Space Space Space"])
        XCTAssertEqual(code, 0)
        XCTAssertTrue(text.contains("단계 4/10 · veth"), text)
        XCTAssertTrue(text.contains("결정: pod route"), text)
    }

    func testANSIHonoursNoColor() throws {
        let (_, colour) = try run(["screenshot", "--size", "80x24", "--ansi"])
        XCTAssertTrue(colour.contains("\u{1B}[0;1;38;5;"), "256-colour SGR")
        let (_, plain) = try run(["screenshot", "--size", "80x24", "--ansi"], environment: ["NO_COLOR": "1"])
        XCTAssertFalse(plain.contains("38;5;"))
        XCTAssertTrue(plain.contains("\u{1B}[0;1m"), "bold kept")
    }

    func testBadArgumentsAreUsageErrors() throws {
        XCTAssertEqual(try run(["screenshot", "--size", "12"]).0, 2)
        XCTAssertEqual(try run(["screenshot", "--keys", "'unterminated"]).0, 2)
    }
}

extension Spawn {
    /// Runs `argv` with `environment`, returning the exit status and standard output.
    static func runWithEnvironment(_ argv: [String], environment: [String]) throws -> (Int32, String) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw Failed(message: "pipe failed") }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addclose(&actions, fds[1])
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var cargs = argv.map { strdup($0) } + [nil]
        var cenv = environment.map { strdup($0) } + [nil]
        defer {
            for p in cargs { free(p) }
            for p in cenv { free(p) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, nil, &cargs, &cenv)
        guard rc == 0 else { throw Failed(message: "posix_spawn failed: \(rc)") }
        close(fds[1])
        var output = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fds[0], &buffer, buffer.count)
            if n <= 0 { break }
            output += buffer[0..<n]
        }
        close(fds[0])
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (code, String(decoding: output, as: UTF8.self))
    }
}
