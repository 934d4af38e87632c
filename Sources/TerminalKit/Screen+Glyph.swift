extension Screen {
    /// Places one grapheme the way a terminal would, so the buffer never holds half a wide glyph:
    /// overwriting either half of a wide glyph blanks the other half (ncurses does the same), and
    /// a wide glyph that would cross the right edge of `clip` (or of the screen) becomes a blank
    /// cell instead of being split. Zero-width graphemes (control characters among them) are
    /// dropped, so nothing drawn here can reach the terminal as a control sequence.
    /// Returns the columns the grapheme occupies (0, 1 or 2), drawn or clipped.
    @discardableResult
    public mutating func put(_ grapheme: Character, x: Int, y: Int, style: Style = .plain, clip: Rect? = nil) -> Int {
        let cells = DisplayWidth.of(grapheme)
        guard cells > 0 else { return 0 }
        let area = clip.map { $0.intersection(bounds) } ?? bounds
        guard area.contains(x: x, y: y) else { return cells }
        detach(x, y)
        if cells == 2 {
            guard area.contains(x: x + 1, y: y) else {
                self[x, y] = Cell(" ", style: style)
                return cells
            }
            detach(x + 1, y)
            self[x, y] = Cell(grapheme, style: style)
            self[x + 1, y] = Cell(" ", style: style, isContinuation: true)
        } else {
            self[x, y] = Cell(grapheme, style: style)
        }
        return cells
    }

    /// Makes (x, y) safe to overwrite: if it is one half of a wide glyph, the other half becomes
    /// a plain blank so the glyph is not left dangling.
    mutating func detach(_ x: Int, _ y: Int) {
        guard contains(x, y) else { return }
        if self[x, y].isContinuation {
            if contains(x - 1, y) { self[x - 1, y] = Cell(" ", style: self[x - 1, y].style) }
            self[x, y].isContinuation = false
            self[x, y].grapheme = " "
        }
        if contains(x + 1, y) && self[x + 1, y].isContinuation {
            self[x + 1, y] = Cell(" ", style: self[x + 1, y].style)
        }
    }
}
