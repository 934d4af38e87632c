extension Color {
    /// The colour a terminal with `capacity` colours should show instead, one step at a time:
    /// RGB → the nearest of palette entries 16-255 → the nearest of the 16 ANSI colours → its
    /// normal (non-bright) colour. That last step keeps the hue instead of measuring distance,
    /// because by distance xterm's grey (bright black) is nearest to cyan; it becomes white
    /// rather than black so dim text stays visible on a dark background. Stepping means degrading
    /// twice equals degrading once to the lower capacity. RGB never maps into palette 0-15, because users retheme those and the match
    /// would be to xterm's defaults, not to what their terminal shows. `.default` is kept.
    public func degraded(to capacity: ColorCapacity) -> Color {
        switch (self, capacity) {
        case (.default, _), (_, .trueColor):
            return self
        case (.rgb(let red, let green, let blue), _):
            let index = XtermColors.nearest256((Int(red), Int(green), Int(blue)))
            return Color.palette(UInt8(index)).degraded(to: capacity)
        case (.palette(let index), .palette256):
            return index < 16 ? .ansi(index) : self
        case (.ansi(let index), .palette256):
            return index < 16 ? self : .palette(index)
        case (.palette(let index), _), (.ansi(let index), _):
            let ansi =
                index < 16 ? Int(index) : XtermColors.nearestANSI(XtermColors.rgb(ofIndex: Int(index)), among: 16)
            if capacity == .ansi16 || ansi < 8 { return .ansi(UInt8(ansi)) }
            return .ansi(ansi == 8 ? 7 : UInt8(ansi - 8))
        }
    }
}

extension Appearance {
    public func degraded(to capacity: ColorCapacity) -> Appearance {
        var copy = self
        copy.foreground = foreground.degraded(to: capacity)
        copy.background = background.degraded(to: capacity)
        return copy
    }
}

extension Theme {
    /// The theme as a terminal with `capacity` colours can show it; a backend applies this once
    /// when it starts (or when the theme changes), not per cell.
    public func degraded(to capacity: ColorCapacity) -> Theme {
        Theme(name: name, appearances: appearances.mapValues { $0.degraded(to: capacity) })
    }
}
