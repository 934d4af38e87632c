import TerminalKit

extension ColorCapacity {
    /// What to degrade themes to, given ncurses' `COLORS`; nil when the terminal has no colour
    /// and only attributes are drawn. Never `.trueColor`: colours reach ncurses as numbers
    /// through `init_pair`. Terminfo entries claiming more than 256 (`xterm-direct`) read
    /// numbers from 8 up as packed RGB, so only the first 8 mean what they say there.
    static func forCurses(colors: Int) -> ColorCapacity? {
        switch colors {
        case ..<8: return nil
        case 257...: return .ansi8
        default: return ColorCapacity(colors: colors)
        }
    }
}
