/// One part of a stacked bar: how much of the whole it is, and how it is drawn. The fill glyph
/// is part of the segment because colour alone cannot tell segments apart on a monochrome
/// terminal (see `StatusMix.Glyphs.shaded`).
public struct BarSegment: Hashable, Sendable {
    public var value: Double
    public var style: Style
    public var fill: Character

    public init(_ value: Double, style: Style, fill: Character = "█") {
        self.value = value
        self.style = style
        self.fill = fill
    }

    /// Splits `cells` whole cells between values in proportion (largest remainder, so the parts
    /// always add up to `cells`). Then every positive value gets at least one cell while some
    /// other part can spare one: one fault in ten thousand requests must still be visible. When
    /// there are fewer cells than positive values, the spare cells go to the values listed last, so
    /// callers list the most important last (a status mix runs ok → 4xx → 429 → 5xx).
    static func allocate(_ values: [Double], cells: Int) -> [Int] {
        let positive = values.map { $0.isFinite && $0 > 0 ? $0 : 0 }
        // Scaled by the largest first, so even values near Double.greatestFiniteMagnitude sum finitely.
        let largest = positive.max() ?? 0
        let weights = positive.map { largest > 0 ? $0 / largest : 0 }
        let sum = weights.reduce(0, +)
        guard cells > 0, sum > 0 else { return weights.map { _ in 0 } }
        let ideal = weights.map { $0 / sum * Double(cells) }
        var parts = ideal.map { Int($0.rounded(.down)) }
        let remainders = ideal.indices.map { ideal[$0] - Double(parts[$0]) }
        let byRemainder = ideal.indices.sorted {
            remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1
        }
        for index in byRemainder.prefix(cells - parts.reduce(0, +)) { parts[index] += 1 }
        for index in weights.indices.reversed() where weights[index] > 0 && parts[index] == 0 {
            guard let donor = parts.indices.filter({ parts[$0] > 1 }).max(by: { parts[$0] < parts[$1] }) else {
                continue
            }
            parts[donor] -= 1
            parts[index] = 1
        }
        return parts
    }
}
