import CNcursesw
import Synchronization

/// The signal that asked us to stop (SIGINT, SIGTERM, SIGHUP), or 0. Set by the handler,
/// read by the frame loop after every `get_wch` (reference/swift-ncurses.md, pitfall 7:
/// a handler must only store into an atomic, and must not be defined in main-actor code).
let pendingSignal = Atomic<Int32>(0)

/// A duplicate of the real standard error while the screen is up (-1 otherwise): the crash
/// guard puts it back so the runtime's crash report reaches the terminal.
let savedStandardError = Atomic<Int32>(-1)

/// Installs the stop handlers. Call *before* `newterm`, so ncurses leaves them alone
/// (pitfall 8); SIGWINCH stays ncurses' own (it becomes KEY_RESIZE).
func installStopHandlers() {
    for sig in [SIGINT, SIGTERM, SIGHUP] {
        _ = sh_install_handler(sig) { pendingSignal.store($0, ordering: .relaxed) }
    }
}

/// A crash guard: on SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT or SIGFPE, give the
/// terminal back (`endwin`) and re-raise with the default action, so the shell gets the
/// crash status and a working terminal (pitfall 9). Swift's own backtracer, whose handler
/// this replaces, would otherwise print into the curses screen and wait for a key.
func installCrashGuard() {
    for sig in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE] {
        _ = sh_install_handler(sig) { sig in
            endwin()
            let fd = savedStandardError.load(ordering: .relaxed)
            if fd >= 0 { _ = dup2(fd, 2) }
            _ = sh_default_handler(sig)
            raise(sig)
        }
    }
}

/// Puts the default actions back (after the terminal is restored).
func removeHandlers() {
    for sig in [SIGINT, SIGTERM, SIGHUP, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE] {
        _ = sh_default_handler(sig)
    }
}
