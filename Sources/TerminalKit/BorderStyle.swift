/// The line characters a box or rule is drawn with. Rounded corners for ordinary panels,
/// double or heavy lines when a panel must stand out without relying on colour.
public enum BorderStyle: Hashable, Sendable {
    case single
    case rounded
    case double
    case heavy

    public var horizontal: Character {
        switch self {
        case .single, .rounded: "─"
        case .double: "═"
        case .heavy: "━"
        }
    }

    public var vertical: Character {
        switch self {
        case .single, .rounded: "│"
        case .double: "║"
        case .heavy: "┃"
        }
    }

    /// Top-left, top-right, bottom-left, bottom-right.
    public var corners: (topLeft: Character, topRight: Character, bottomLeft: Character, bottomRight: Character) {
        switch self {
        case .single: ("┌", "┐", "└", "┘")
        case .rounded: ("╭", "╮", "╰", "╯")
        case .double: ("╔", "╗", "╚", "╝")
        case .heavy: ("┏", "┓", "┗", "┛")
        }
    }
}
