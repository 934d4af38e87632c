/// A terminal colour: the terminal's default, one of the 16 ANSI colours, one of 256, or RGB.
public enum Color: Hashable, Sendable {
    case `default`
    case ansi(UInt8)  // 0-15
    case palette(UInt8)  // 0-255
    case rgb(UInt8, UInt8, UInt8)
}

/// What a role looks like.
public struct Appearance: Hashable, Sendable {
    public var foreground: Color
    public var background: Color
    public var bold: Bool
    public var underline: Bool
    public var reverse: Bool
    public var dim: Bool

    public init(
        _ foreground: Color = .default, on background: Color = .default, bold: Bool = false, underline: Bool = false,
        reverse: Bool = false, dim: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
        self.dim = dim
    }
}

/// Maps roles to appearances. Roles a theme does not name fall back to `.text`'s appearance.
public struct Theme: Hashable, Sendable {
    public var name: String
    public var appearances: [Role: Appearance]

    public init(name: String, appearances: [Role: Appearance]) {
        self.name = name
        self.appearances = appearances
    }

    public func appearance(for role: Role) -> Appearance {
        appearances[role] ?? appearances[.text] ?? Appearance()
    }
}
