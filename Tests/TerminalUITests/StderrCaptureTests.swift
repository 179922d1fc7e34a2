import XCTest
@testable import TerminalUI

/// What an engine writes to standard error while the screen is up is held back and
/// written out once the terminal is restored.
final class StderrCaptureTests: XCTestCase {
    func testStandardErrorIsHeldUntilFinish() throws {
        var fds: [Int32] = [-1, -1]
        XCTAssertEqual(pipe(&fds), 0)
        let original = dup(2)
        defer {
            _ = dup2(original, 2)
            close(original)
            close(fds[0])
        }
        _ = dup2(fds[1], 2)
        close(fds[1])
        _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)

        let capture = StderrCapture()
        _ = "warning from an engine\n".withCString { write(2, $0, strlen($0)) }
        var buffer = [UInt8](repeating: 0, count: 256)
        XCTAssertLessThanOrEqual(read(fds[0], &buffer, buffer.count), 0, "nothing reaches the real stderr while captured")
        capture.finish()
        let n = read(fds[0], &buffer, buffer.count)
        XCTAssertEqual(String(decoding: buffer.prefix(max(0, n)), as: UTF8.self), "warning from an engine\n")
    }
}
