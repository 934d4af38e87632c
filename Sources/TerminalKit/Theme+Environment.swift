extension Theme {
    /// Whether the environment asks for no colour: `NO_COLOR` set to anything but the empty
    /// string (https://no-color.org).
    public static func noColorRequested(in environment: [String: String]) -> Bool {
        guard let value = environment["NO_COLOR"] else { return false }
        return !value.isEmpty
    }

    /// This theme, or `.monochrome` when `NO_COLOR` is set. Monochrome rather than this theme
    /// with its colours stripped: a theme that shows faults only in red would then show them
    /// not at all, while `.monochrome` carries every distinction with bold, underline and reverse.
    public func honoringNoColor(in environment: [String: String]) -> Theme {
        Self.noColorRequested(in: environment) ? .monochrome : self
    }

    /// True when no role has a colour, so views should let shape carry meaning (for example
    /// `StatusMix.Glyphs.shaded` for status bars).
    public var isMonochrome: Bool {
        appearances.values.allSatisfy { $0.foreground == .default && $0.background == .default }
    }
}
