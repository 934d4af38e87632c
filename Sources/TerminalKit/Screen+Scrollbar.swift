extension Screen {
    /// A vertical scrollbar in the rightmost column of `rect`: a `│` track and a `█` thumb whose
    /// length is the visible share and whose position is the offset's share of what can be
    /// scrolled, so the thumb touches the bottom exactly when the last row is on screen. The
    /// thumb is never shorter than one cell. Nothing is drawn when everything fits (there is
    /// nothing to scroll); returns whether a scrollbar was drawn.
    @discardableResult
    public mutating func drawScrollbar(
        in rect: Rect, offset: Int, visible: Int, total: Int, trackStyle: Style = Style(.border),
        thumbStyle: Style = Style(.focus)
    ) -> Bool {
        guard rect.width > 0, rect.height > 0, visible > 0, total > visible else { return false }
        let thumb = Self.scrollThumb(length: rect.height, offset: offset, visible: visible, total: total)
        let x = rect.maxX - 1
        for row in 0..<rect.height {
            let inThumb = thumb.contains(row)
            put(inThumb ? "█" : "│", x: x, y: rect.y + row, style: inThumb ? thumbStyle : trackStyle)
        }
        return true
    }

    /// The thumb's rows within a track of `length` cells.
    static func scrollThumb(length: Int, offset: Int, visible: Int, total: Int) -> Range<Int> {
        let size = min(length, max(1, Int((Double(length) * Double(visible) / Double(total)).rounded())))
        let scrollable = total - visible
        let clampedOffset = min(max(0, offset), scrollable)
        let start = Int((Double(length - size) * Double(clampedOffset) / Double(scrollable)).rounded())
        return start..<(start + size)
    }
}
