/// Why the terminal UI could not start. The messages are written for the person at the prompt,
/// because the caller prints them as they are and exits.
public enum CursesTerminalError: Error, Equatable, CustomStringConvertible {
    /// Neither stdin/stdout nor `/dev/tty` is a terminal (a cron job, a pipe, CI).
    case noTerminal
    /// ncurses has no terminfo entry for `$TERM`, `TERM` is unset, or the entry cannot move
    /// the cursor (`dumb`, an editor's shell buffer).
    case unsupportedTerminal(String?)

    public var description: String {
        switch self {
        case .noTerminal:
            return "xray-tui needs a terminal; run it in one, or use the traces/trace/map commands"
        case .unsupportedTerminal(let name?):
            return "xray-tui cannot drive a terminal of type \"\(name)\"; try TERM=xterm-256color, "
                + "or use the traces/trace/map commands"
        case .unsupportedTerminal(nil):
            return "xray-tui needs TERM to be set (for example TERM=xterm-256color), "
                + "or use the traces/trace/map commands"
        }
    }
}
