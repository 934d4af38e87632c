/// xterm's colours as RGB, the reference for "nearest": 0-15 are xterm's defaults, 16-231 the
/// 6×6×6 cube, 232-255 the grey ramp. Distances use the "redmean" approximation, cheap and
/// closer to how different two colours look than plain RGB distance (the same measure
/// CursesTerminal uses, so both layers agree on what "nearest" means).
enum XtermColors {
    typealias RGB = (red: Int, green: Int, blue: Int)

    static let ansi: [RGB] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
        (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
        (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    static let cubeLevels = [0, 95, 135, 175, 215, 255]

    static func rgb(ofIndex index: Int) -> RGB {
        switch index {
        case ..<16:
            return ansi[max(0, index)]
        case 16..<232:
            let cube = index - 16
            return (cubeLevels[cube / 36], cubeLevels[cube / 6 % 6], cubeLevels[cube % 6])
        default:
            let grey = 8 + 10 * (min(index, 255) - 232)
            return (grey, grey, grey)
        }
    }

    /// The nearest of palette entries 16-255: the best cube colour or the best grey.
    static func nearest256(_ color: RGB) -> Int {
        func level(_ value: Int) -> Int {
            cubeLevels.indices.min { abs(cubeLevels[$0] - value) < abs(cubeLevels[$1] - value) }!
        }
        let cube = 16 + 36 * level(color.red) + 6 * level(color.green) + level(color.blue)
        let average = (color.red + color.green + color.blue) / 3
        let grey = 232 + min(23, max(0, (average - 3) / 10))
        return distance(color, rgb(ofIndex: grey)) < distance(color, rgb(ofIndex: cube)) ? grey : cube
    }

    /// The nearest of the first `count` ANSI colours.
    static func nearestANSI(_ color: RGB, among count: Int) -> Int {
        (0..<count).min { distance(color, ansi[$0]) < distance(color, ansi[$1]) }!
    }

    static func distance(_ a: RGB, _ b: RGB) -> Int {
        let meanRed = (a.red + b.red) / 2
        let red = a.red - b.red
        let green = a.green - b.green
        let blue = a.blue - b.blue
        // Parenthesised: in Swift `>>` binds tighter than `*`, so `a * b >> 8` would shift b alone.
        return (((512 + meanRed) * red * red) >> 8) + 4 * green * green + (((767 - meanRed) * blue * blue) >> 8)
    }
}
