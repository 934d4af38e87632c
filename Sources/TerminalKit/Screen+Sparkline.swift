extension Screen {
    /// One eighth to a full cell, bottom-up.
    static let sparkBlocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// One column per value, scaled so `maximum` (the largest value when nil) reaches the top of
    /// `rect`; a taller rectangle gives eight more steps per row. When there are more values than
    /// columns the newest (last) ones are kept, since a sparkline is read right to left from
    /// "now". Any positive value shows at least `▁` and zero shows nothing, so a quiet minute is
    /// not mistaken for an idle one. Negative and NaN values count as zero.
    public mutating func drawSparkline(
        _ values: [Double], in rect: Rect, maximum: Double? = nil, style: Style = .plain
    ) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty, rect.width > 0 else { return }
        let shown = values.suffix(rect.width).map { $0.isFinite && $0 > 0 ? $0 : 0 }
        let top = maximum ?? shown.max() ?? 0
        let steps = rect.height * 8
        for (column, value) in shown.enumerated() {
            var level = 0
            if value > 0, top.isFinite, top > 0 {
                level = max(1, min(steps, Int((min(1, value / top) * Double(steps)).rounded())))
            }
            for row in 0..<rect.height {
                let eighths = min(8, max(0, level - row * 8))
                let glyph: Character = eighths == 0 ? " " : Self.sparkBlocks[eighths - 1]
                put(glyph, x: rect.x + column, y: rect.maxY - 1 - row, style: style, clip: area)
            }
        }
    }
}
