extension Screen {
    /// Draws text inside `rect`, one line per row (lines past the bottom are dropped), each line
    /// truncated with `…` by display width, never by `String.count`. The rectangle is clipped to
    /// the screen first, so the ellipsis lands on the last *visible* column. A truncated line owns
    /// its whole row: cells the text cannot fill (a wide glyph that would not fit before the
    /// ellipsis) are blanked rather than left showing whatever was there. Control characters are
    /// dropped again here, because text from the network is untrusted however it got this far.
    /// Returns the widest drawn line in cells.
    @discardableResult
    public mutating func drawText(
        _ text: String, in rect: Rect, style: Style = .plain, alignment: TextAlignment = .leading
    ) -> Int {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return 0 }
        var widest = 0
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (offset, line) in lines.prefix(area.height).enumerated() {
            widest = max(widest, drawLine(String(line), in: area.row(offset), style: style, alignment: alignment))
        }
        return widest
    }

    private mutating func drawLine(_ line: String, in row: Rect, style: Style, alignment: TextAlignment) -> Int {
        let fitted = DisplayWidth.truncate(line, to: row.width)
        let used = DisplayWidth.of(fitted)
        if fitted != line {
            for x in row.x..<row.maxX { put(" ", x: x, y: row.y, style: style, clip: row) }
        }
        let start: Int
        switch alignment {
        case .leading: start = row.x
        case .center: start = row.x + (row.width - used) / 2
        case .trailing: start = row.maxX - used
        }
        var x = start
        for character in fitted { x += put(character, x: x, y: row.y, style: style, clip: row) }
        return used
    }
}
