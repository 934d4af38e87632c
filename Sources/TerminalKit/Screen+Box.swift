extension Screen {
    /// Draws a border around `rect` and returns the rectangle inside it. The title sits in the
    /// top border as `┌─ Title ─┐`, truncated with `…` to fit; it is dropped when not even one
    /// cell of it would fit. A rectangle smaller than 2×2 cannot hold a border, so nothing is drawn
    /// and the returned inside is empty: views on a tiny terminal degrade instead of crashing.
    @discardableResult
    public mutating func drawBox(
        _ rect: Rect, border: BorderStyle = .single, style: Style = Style(.border), title: String? = nil,
        titleStyle: Style = Style(.title)
    ) -> Rect {
        let inside = rect.inset(by: 1)
        guard rect.width >= 2, rect.height >= 2 else { return inside }
        let corners = border.corners
        drawHorizontalLine(x: rect.x + 1, y: rect.y, length: rect.width - 2, border: border, style: style)
        drawHorizontalLine(x: rect.x + 1, y: rect.maxY - 1, length: rect.width - 2, border: border, style: style)
        drawVerticalLine(x: rect.x, y: rect.y + 1, length: rect.height - 2, border: border, style: style)
        drawVerticalLine(x: rect.maxX - 1, y: rect.y + 1, length: rect.height - 2, border: border, style: style)
        put(corners.topLeft, x: rect.x, y: rect.y, style: style)
        put(corners.topRight, x: rect.maxX - 1, y: rect.y, style: style)
        put(corners.bottomLeft, x: rect.x, y: rect.maxY - 1, style: style)
        put(corners.bottomRight, x: rect.maxX - 1, y: rect.maxY - 1, style: style)
        if let title, !title.isEmpty { drawTitle(title, on: rect, style: style, titleStyle: titleStyle) }
        return inside
    }

    /// `┌─ ` + title + ` ` + at least the corner: the title gets `width - 5` cells at most.
    private mutating func drawTitle(_ title: String, on rect: Rect, style: Style, titleStyle: Style) {
        let room = rect.width - 5
        guard room > 0 else { return }
        let slot = Rect(x: rect.x + 3, y: rect.y, width: room, height: 1)
        let used = DisplayWidth.of(DisplayWidth.truncate(title, to: room))
        put(" ", x: slot.x - 1, y: rect.y, style: style)
        drawText(title, in: Rect(x: slot.x, y: slot.y, width: used, height: 1), style: titleStyle)
        put(" ", x: slot.x + used, y: rect.y, style: style)
    }

    /// A horizontal rule of `length` cells starting at (x, y), clipped to the screen.
    public mutating func drawHorizontalLine(
        x: Int, y: Int, length: Int, border: BorderStyle = .single, style: Style = Style(.border)
    ) {
        let line = Rect(x: x, y: y, width: length, height: 1).intersection(bounds)
        for column in line.x..<line.maxX where !line.isEmpty { put(border.horizontal, x: column, y: y, style: style) }
    }

    /// A vertical rule of `length` cells starting at (x, y), clipped to the screen.
    public mutating func drawVerticalLine(
        x: Int, y: Int, length: Int, border: BorderStyle = .single, style: Style = Style(.border)
    ) {
        let line = Rect(x: x, y: y, width: 1, height: length).intersection(bounds)
        for row in line.y..<line.maxY where !line.isEmpty { put(border.vertical, x: x, y: row, style: style) }
    }
}
