extension Screen {
    /// Left eighth to seven eighths: the partial cell at the end of a bar.
    static let eighthBlocks: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// A horizontal bar filling `fraction` (0...1) of `rect`'s width on every row of it, to an
    /// eighth of a cell: a 20-cell bar has 160 steps, enough to tell 41% from 43%. Any positive
    /// fraction shows at least `▏`, so a bucket with one request never looks empty. NaN and
    /// negatives draw nothing; fractions over 1 fill the rectangle. Returns the cells touched.
    @discardableResult
    public mutating func drawBar(fraction: Double, in rect: Rect, style: Style = Style(.barOK)) -> Int {
        let area = rect.intersection(bounds)
        guard !area.isEmpty, fraction > 0 else { return 0 }
        let clamped = min(fraction, 1)
        let eighths = max(1, Int((clamped * Double(rect.width) * 8).rounded()))
        let full = eighths / 8
        let partial = eighths % 8
        for y in area.y..<area.maxY {
            for x in rect.x..<(rect.x + full) { put("█", x: x, y: y, style: style, clip: area) }
            if partial > 0 { put(Self.eighthBlocks[partial - 1], x: rect.x + full, y: y, style: style, clip: area) }
        }
        return full + (partial > 0 ? 1 : 0)
    }
}
