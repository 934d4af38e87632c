extension Screen {
    /// Segments side by side in whole cells, on every row of `rect`. With `total` the bar's
    /// length is the segments' sum over `total` (so rows of a table compare by length); without
    /// it the bar fills the rectangle and only the shares matter. Whole cells, not eighths: a
    /// partial block has one colour, so it cannot show where one segment ends and the next
    /// begins. A bar with anything in it is at least one cell long. Returns the cells drawn.
    @discardableResult
    public mutating func drawStackedBar(_ segments: [BarSegment], in rect: Rect, total: Double? = nil) -> Int {
        let area = rect.intersection(bounds)
        let sum = segments.reduce(0) { $0 + ($1.value.isFinite && $1.value > 0 ? $1.value : 0) }
        guard !area.isEmpty, sum > 0 else { return 0 }
        var length = rect.width
        if let total, total.isFinite, total > 0 {
            length = Int((min(1, sum / total) * Double(rect.width)).rounded())
            if length == 0 { length = 1 }
        }
        let parts = BarSegment.allocate(segments.map(\.value), cells: length)
        for y in area.y..<area.maxY {
            var x = rect.x
            for (segment, cells) in zip(segments, parts) {
                for column in x..<(x + cells) { put(segment.fill, x: column, y: y, style: segment.style, clip: area) }
                x += cells
            }
        }
        return length
    }

    /// A stacked bar of a status mix, each class in its role (`bar.ok`, `bar.error`,
    /// `bar.throttle`, `bar.fault`) and glyph. Pass `glyphs: .shaded` when the theme has no
    /// colours (`theme.isMonochrome`), so shape carries what colour would have.
    @discardableResult
    public mutating func drawStatusMix(
        _ mix: StatusMix, in rect: Rect, total: Int? = nil, glyphs: StatusMix.Glyphs = .solid
    ) -> Int {
        drawStackedBar(mix.segments(glyphs: glyphs), in: rect, total: total.map(Double.init))
    }
}
