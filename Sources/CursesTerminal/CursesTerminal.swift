import CNCursesW
import TerminalKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The real terminal, through ncurses; the only code in the program that calls it.
///
/// ncurses is not thread-safe and keeps one current screen per process, so create one of
/// these, and draw, read and shut down from one task (the UI's). The terminal is restored by
/// `shutdown()` (also run by `deinit`), and by `ExitGuard` on SIGINT, SIGTERM and `exit()`.
public final class CursesTerminal: TerminalBackend {
    let window: UnsafeMutablePointer<WINDOW>
    let palette: StylePalette
    private(set) var isShutDown = false
    private let screen: OpaquePointer
    /// `/dev/tty`, opened when stdin or stdout is redirected; closed on shutdown.
    private let tty: UnsafeMutablePointer<FILE>?
    private let exitGuard: ExitGuard
    private var finalSize = (width: 0, height: 0)

    /// Whether stdin and stdout are both a terminal: the caller's cue to start the UI rather
    /// than print. (`init` also copes with redirection by opening `/dev/tty`.)
    public static var isTerminal: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    /// Takes over the terminal: alternate screen, no echo, keys one at a time, keypad and
    /// mouse decoding, the theme's colours as far as the terminal has them.
    ///
    /// Uses `newterm` rather than `initscr`, because `initscr` prints and exits on failure
    /// while this throws `CursesTerminalError` for the caller to report.
    public init(theme: Theme) throws {
        // The user's locale, so ncurses encodes and measures wide characters (UTF-8 in practice).
        setlocale(LC_ALL, "")
        // Engaged before newterm: ncurses installs its own SIGINT/SIGTERM handler (which exits
        // with status 1) only where it finds the default disposition.
        let exitGuard = ExitGuard.engage()
        var tty: UnsafeMutablePointer<FILE>?
        if !Self.isTerminal {
            guard let file = fopen("/dev/tty", "r+") else {
                exitGuard.release()
                throw CursesTerminalError.noTerminal
            }
            tty = file
        }
        let screen = newterm(nil, tty ?? xr_stdout(), tty ?? xr_stdin())
        guard let screen, let window = xr_stdscr(), Self.canAddressCursor else {
            if let screen {
                endwin()
                delscreen(screen)
            }
            exitGuard.release()
            if let tty { fclose(tty) }
            throw CursesTerminalError.unsupportedTerminal(getenv("TERM").map { String(cString: $0) })
        }
        self.screen = screen
        self.window = window
        self.tty = tty
        self.exitGuard = exitGuard
        palette = Self.configure(window)
        fputs(Self.bracketedPasteOn, terminalOutput)
        fflush(terminalOutput)
        draw(Screen(width: 0, height: 0), theme: theme)
    }

    deinit { shutdown() }

    /// xterm's private mode 2004, which every current terminal emulator and tmux honour.
    static let bracketedPasteOn = "\u{1B}[?2004h"
    static let bracketedPasteOff = "\u{1B}[?2004l"

    /// Where ncurses writes: the terminal, or `/dev/tty` when stdout is redirected.
    var terminalOutput: UnsafeMutablePointer<FILE> { tty ?? xr_stdout() }

    /// Without cursor addressing (`cup`) ncurses "succeeds" on `TERM=dumb` and then draws
    /// every row run together; refusing is kinder. (-1 means not a string capability.)
    private static var canAddressCursor: Bool {
        guard let capability = tigetstr("cup") else { return false }
        return Int(bitPattern: capability) != -1
    }

    /// Input modes, cursor, mouse and colours. Failures are ignored one by one: a terminal
    /// without an invisible cursor or a mouse is still worth drawing on.
    private static func configure(_ window: UnsafeMutablePointer<WINDOW>) -> StylePalette {
        cbreak()
        noecho()
        nonl()
        intrflush(window, false)
        keypad(window, true)
        curs_set(0)
        // Esc alone is a key here (close, back); 25 ms still joins the bytes of a function-key
        // sequence, which arrive together, while Esc does not feel sluggish.
        set_escdelay(25)
        mousemask(InputDecoder.mouseMask, nil)
        // Bracketed paste: the terminal marks pasted text, which then arrives as one event.
        define_key("\u{1B}[200~", pasteStartCode)
        define_key("\u{1B}[201~", pasteEndCode)
        // Report press and release as they happen instead of waiting to synthesize clicks.
        mouseinterval(0)
        guard has_colors(), start_color() == OK, let capacity = ColorCapacity.forCurses(colors: Int(xr_colors())) else {
            return StylePalette(capacity: nil, terminalDefaults: false, pairLimit: 0)
        }
        let defaults = use_default_colors() == OK
        return StylePalette(capacity: capacity, terminalDefaults: defaults, pairLimit: Int(xr_color_pairs()))
    }

    /// The terminal's size now; after a resize this is already the new size.
    public var size: (width: Int, height: Int) {
        isShutDown ? finalSize : (Int(getmaxx(window)), Int(getmaxy(window)))
    }

    /// Restores the terminal (`endwin`: modes, cursor, mouse reporting, main screen) and hands
    /// SIGINT/SIGTERM back. Safe to call more than once; later draws and reads do nothing.
    public func shutdown() {
        guard !isShutDown else { return }
        finalSize = size
        isShutDown = true
        fputs(Self.bracketedPasteOff, terminalOutput)
        fflush(terminalOutput)
        endwin()
        exitGuard.release()
        delscreen(screen)
        if let tty { fclose(tty) }
    }
}
