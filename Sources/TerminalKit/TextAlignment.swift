/// Where a line of text sits in a rectangle wider than it.
public enum TextAlignment: Hashable, Sendable {
    case leading
    case center
    case trailing
}
