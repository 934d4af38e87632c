import CNCursesW

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Puts the terminal back on the ways out that never reach `CursesTerminal.shutdown()`: SIGINT
/// (Ctrl-C, which cbreak mode still turns into a signal), SIGTERM, and `exit()` from anywhere
/// (ArgumentParser exits that way after an error).
///
/// The signal handler calls `endwin` and then `_exit(128 + signal)`. `endwin` is not on POSIX's
/// async-signal-safe list, but it is what ncurses' own handler does and what most ncurses
/// programs do, and it is the only choice that works when the UI is blocked or busy: a flag the
/// event loop polls would leave the terminal broken whenever the loop is not polling. The
/// handler keeps no state of its own (ncurses holds the screen), so nothing global is shared.
struct ExitGuard {
    static let signals: [Int32] = [SIGINT, SIGTERM]

    /// The signals this guard took over, to hand back on `release()`.
    private var taken: [Int32] = []

    /// Takes over each signal still at its default disposition. One somebody already handles
    /// or ignores (nohup; a service group's DispatchSource, which needs SIG_IGN) stays theirs,
    /// as ncurses itself does: they then own the shutdown and must call `shutdown()`.
    static func engage() -> ExitGuard {
        registerAtExit
        var guardian = ExitGuard()
        for number in signals where isDefault(number) {
            signal(number) { received in
                ExitGuard.bracketedPasteOff()
                endwin()
                _exit(128 + received)
            }
            guardian.taken.append(number)
        }
        guardian.unblockTaken()
        return guardian
    }

    /// A blocked signal never reaches the handler, and the mask is inherited across exec: a
    /// parent that spawns us from a thread with signals blocked (some test harnesses do) would
    /// make `kill` do nothing at all. Unblocking in this thread is enough, since the kernel
    /// delivers a process's signal to any thread that does not block it.
    private func unblockTaken() {
        var set = sigset_t()
        sigemptyset(&set)
        for number in taken { sigaddset(&set, number) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Gives the signals back their default disposition, once the terminal is restored.
    func release() {
        for number in taken { signal(number, SIG_DFL) }
    }

    /// Runs `endwin` at `exit()` if the screen is still up. Registered once per process: the
    /// `static let` is the once-token, so no mutable global is needed.
    private static let registerAtExit: Void = {
        atexit {
            if !isendwin() {
                ExitGuard.bracketedPasteOff()
                endwin()
            }
        }
    }()

    /// Turns bracketed paste off (endwin does not know about it), so a shell that does not
    /// use it never sees pastes wrapped in `ESC [200~`. Only `write(2)` of a constant: safe in
    /// a signal handler. When stdout is not the terminal the sequence is not written at all.
    static func bracketedPasteOff() {
        guard isatty(STDOUT_FILENO) == 1 else { return }
        let off: StaticString = "\u{1B}[?2004l"
        _ = write(STDOUT_FILENO, off.utf8Start, off.utf8CodeUnitCount)
    }

    /// Reads the disposition without changing it (`signal` would, for a moment).
    private static func isDefault(_ number: Int32) -> Bool {
        var current = sigaction()
        guard sigaction(number, nil, &current) == 0 else { return false }
        if current.sa_flags & SA_SIGINFO != 0 { return false }
        #if canImport(Darwin)
            return current.__sigaction_u.__sa_handler == nil
        #else
            return current.__sigaction_handler.sa_handler == nil
        #endif
    }
}
