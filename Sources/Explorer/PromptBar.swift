import TerminalKit

/// Drawing a line editor in a bar: the part of the text around the cursor that fits, and the
/// cursor as a reversed cell (the terminal's own cursor stays hidden, so the screen is the
/// whole truth, in snapshots too).
enum PromptBar {
    /// Draws `editor` from `x` in at most `width` cells and returns what is shown, for carets.
    @discardableResult
    static func draw(
        _ editor: LineEditor, into screen: inout Screen, x: Int, y: Int, width: Int, style: Style
    ) -> LineEditor.Viewport {
        let viewport = editor.viewport(width: max(1, width))
        guard width > 0 else { return viewport }
        screen.write(viewport.text, x: x, y: y, style: style, limit: width)
        let cursorX = x + viewport.cursorColumn
        screen[cursorX, y] = Cell(screen[cursorX, y].grapheme, style: Style(.focus, reverse: true))
        return viewport
    }

    /// A label, the editor, and what Enter and Esc do at the right when there is room.
    static func draw(
        label: String, _ editor: LineEditor, hint: String, into screen: inout Screen, area: Rect, style: Style
    ) {
        let labelWidth = screen.write(label, x: area.x, y: area.y, style: Style(style.role, bold: true))
        let hintWidth = DisplayWidth.of(hint)
        let room = area.width - labelWidth
        // The text comes first: the hint shows only where all of it still fits.
        let showHint = room - hintWidth - 2 >= DisplayWidth.of(editor.text) + 1
        draw(
            editor, into: &screen, x: area.x + labelWidth, y: area.y, width: showHint ? room - hintWidth - 2 : room,
            style: style)
        if showHint { screen.write(hint, x: area.maxX - hintWidth, y: area.y, style: Style(.dim)) }
    }

    /// The `/` search of a trace, at the right of a title row (it fills the whole row when the
    /// screen is narrow); returns where it starts.
    @discardableResult
    static func drawSearch(_ editor: LineEditor, into screen: inout Screen, titleRow area: Rect) -> Int {
        let width = min(area.width, max(30, min(64, DisplayWidth.of(editor.text) + 40)))
        let x = area.maxX - width
        screen.fill(Rect(x: x, y: area.y, width: width, height: 1), style: .plain)
        draw(
            label: "search: ", editor, hint: "Enter finds · Esc drops", into: &screen,
            area: Rect(x: x, y: area.y, width: width, height: 1), style: Style(.focus))
        return x
    }

    /// Ctrl-R's line: the query and the entry it found.
    static func drawHistorySearch(_ search: HistorySearch, history: LineHistory, into screen: inout Screen, area: Rect)
    {
        let found = search.match.map { history.entries[$0] }
        var x = area.x
        let label = search.failing ? "failing history search: " : "history search: "
        x += screen.write(label, x: x, y: area.y, style: Style(search.failing ? .filterInvalid : .focus, bold: true))
        x += screen.write(search.query, x: x, y: area.y, style: Style(.focus), limit: area.maxX - x)
        screen[x, area.y] = Cell(screen[x, area.y].grapheme, style: Style(.focus, reverse: true))
        x += 2
        let shown = found ?? (search.query.isEmpty ? "" : "(no match)")
        x += screen.write(
            shown, x: x, y: area.y, style: Style(found == nil ? .dim : .filterValid), limit: area.maxX - x)
        let hint = "Ctrl-R older · Enter takes it · Esc back"
        if area.maxX - x >= DisplayWidth.of(hint) + 2 {
            screen.write(hint, x: area.maxX - DisplayWidth.of(hint), y: area.y, style: Style(.dim))
        }
    }
}
