#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Redirects file descriptor 2 into a temporary file while the curses screen is up and
/// replays it to the real standard error afterwards.
final class StderrCapture {
    private var saved: Int32 = -1
    private var file: Int32 = -1

    init() {
        var template = Array("/tmp/kubewalk-stderr-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buf -> Int32 in
            guard let base = buf.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard fd >= 0 else { return }
        template.withUnsafeBufferPointer { buf in
            if let base = buf.baseAddress { _ = unlink(base) }
        }
        let dup = dup(2)
        guard dup >= 0, dup2(fd, 2) >= 0 else {
            close(fd)
            if dup >= 0 { close(dup) }
            return
        }
        saved = dup
        file = fd
        savedStandardError.store(dup, ordering: .relaxed)
    }

    /// Puts standard error back and writes out what was collected.
    func finish() {
        guard saved >= 0 else { return }
        savedStandardError.store(-1, ordering: .relaxed)
        _ = dup2(saved, 2)
        close(saved)
        saved = -1
        _ = lseek(file, 0, SEEK_SET)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(file, &buffer, buffer.count)
            if n <= 0 { break }
            _ = buffer.withUnsafeBytes { write(2, $0.baseAddress, n) }
        }
        close(file)
        file = -1
    }

    deinit { finish() }
}
