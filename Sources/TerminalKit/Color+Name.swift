extension Color {
    /// The names theme files use for the 16 ANSI colours. Names rather than numbers because the
    /// user's terminal palette decides what "red" looks like, which is what they asked for.
    public static let ansiNames: [String] = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow", "bright-blue", "bright-magenta",
        "bright-cyan", "bright-white",
    ]

    /// Parses a colour as a theme file writes it: `default`, an ANSI name (`red`, `bright-red`),
    /// or `#rrggbb`. Numbers 0-255 are integers in the file, see `init(paletteIndex:)`.
    public init?(name: String) {
        let name = name.lowercased()
        if name == "default" {
            self = .default
        } else if let index = Self.ansiNames.firstIndex(of: name) {
            self = .ansi(UInt8(index))
        } else if name.hasPrefix("#"), name.count == 7, name.dropFirst().allSatisfy(\.isHexDigit),
            let value = UInt32(name.dropFirst(), radix: 16)
        {
            self = .rgb(UInt8(value >> 16), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF))
        } else {
            return nil
        }
    }

    /// A 256-palette colour from an integer in a theme file (nil outside 0-255).
    public init?(paletteIndex: Int) {
        guard (0...255).contains(paletteIndex) else { return nil }
        self = .palette(UInt8(paletteIndex))
    }

    /// How a theme file would write this colour; `init(name:)` reads it back (palette colours
    /// are written as bare integers, so they appear here as digits).
    public var themeName: String {
        switch self {
        case .default: "default"
        case .ansi(let index): index < 16 ? Self.ansiNames[Int(index)] : String(index)
        case .palette(let index): String(index)
        case .rgb(let red, let green, let blue):
            "#" + [red, green, blue].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        }
    }
}
