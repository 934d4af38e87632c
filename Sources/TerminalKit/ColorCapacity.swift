/// How many colours a terminal can show. Themes are written once, often in RGB or the 256
/// palette; degrading to the capacity is what keeps them readable on a 16- or 8-colour console
/// instead of asking every theme for variants.
public enum ColorCapacity: Int, Hashable, Sendable, CaseIterable {
    case ansi8 = 8
    case ansi16 = 16
    case palette256 = 256
    case trueColor = 16_777_216

    /// From a colour count such as ncurses' `COLORS`. Only claim `.trueColor` when the
    /// backend can actually send RGB.
    public init(colors: Int) {
        switch colors {
        case 16_777_216...: self = .trueColor
        case 256...: self = .palette256
        case 16...: self = .ansi16
        default: self = .ansi8
        }
    }
}
