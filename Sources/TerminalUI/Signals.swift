import CNcurses

/// Every use of the shim's signal state lives in this one file: the C globals are `static`, so each object file
/// that touched them would get its own copy.
enum Signals {
    /// SIGINT/SIGTERM/SIGHUP, SIGQUIT, SIGPIPE, SIGUSR1/2, SIGALRM and the other terminating signals set a flag the loop polls; SIGSEGV/SIGABRT/SIGILL/SIGTRAP/SIGBUS/SIGFPE call endwin()
    /// (while curses is active) and re-raise to the previous handler (the Swift backtracer or the default).
    static func install() { gt_install_signal_handlers() }
    static func restore() { gt_restore_signal_handlers() }
    /// The pending quit signal (0 if none), cleared.
    static func take() -> Int32 { gt_take_signal() }
    static func pending() -> Bool { gt_peek_signal() != 0 }
    /// Whether a crash handler should call endwin().
    static func setCursesActive(_ on: Bool) { gt_set_curses_active(on ? 1 : 0) }
}
