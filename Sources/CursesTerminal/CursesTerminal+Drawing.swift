import CNCursesW
import TerminalKit

extension CursesTerminal {
    /// Writes the whole frame into ncurses' buffer and lets `doupdate` send only what changed
    /// since the last one, so redrawing everything every frame stays cheap on the wire. A Screen
    /// larger than the terminal (a frame made just before a resize) is clipped.
    public func draw(_ screen: Screen, theme: Theme) {
        guard !isShutDown else { return }
        // Erasing first leaves no stale text where the Screen is smaller than the terminal;
        // the blanks cost nothing once diffed.
        palette.use(theme)
        var background = Self.blank(palette.resolve(.plain))
        wbkgrndset(window, &background)
        werase(window)
        let width = min(screen.width, Int(getmaxx(window)))
        let height = min(screen.height, Int(getmaxy(window)))
        withUnsafeTemporaryAllocation(of: wchar_t.self, capacity: Glyph.capacity) { buffer in
            for y in 0..<height {
                var x = 0
                while x < width { x += drawCell(of: screen, x: x, y: y, width: width, buffer: buffer) }
            }
        }
        wnoutrefresh(window)
        doupdate()
    }

    /// Draws the cell at (x, y) and returns how many columns it took.
    private func drawCell(
        of screen: Screen, x: Int, y: Int, width: Int, buffer: UnsafeMutableBufferPointer<wchar_t>
    ) -> Int {
        let cell = screen[x, y]
        // The wide glyph before a continuation half covers it; an orphaned half stays blank.
        if cell.isContinuation { return 1 }
        let style = palette.resolve(cell.style)
        let wide = screen[x + 1, y].isContinuation
        // A wide glyph cut by the right edge would be dropped by ncurses anyway; say so with a blank.
        if wide && x + 1 >= width {
            put(Self.blank(style), x: x, y: y)
            return 1
        }
        let cells = wide ? 2 : 1
        let used = Glyph.encode(cell.grapheme, cells: cells, into: buffer)
        var glyph = cchar_t()
        _ = setcchar(&glyph, buffer.baseAddress, style.attributes, style.pair, nil)
        put(glyph, x: x, y: y)
        for pad in used..<cells { put(Self.blank(style), x: x + pad, y: y) }
        return cells
    }

    /// ncurses returns ERR for the bottom-right cell (it cannot move the cursor past it) even
    /// though the character is stored, so the result is deliberately ignored.
    private func put(_ cell: cchar_t, x: Int, y: Int) {
        var cell = cell
        _ = mvwadd_wch(window, Int32(y), Int32(x), &cell)
    }

    private static func blank(_ style: CursesStyle) -> cchar_t {
        var cell = cchar_t()
        var space: [wchar_t] = [wchar_t(UInt8(ascii: " ")), 0]
        _ = setcchar(&cell, &space, style.attributes, style.pair, nil)
        return cell
    }
}
