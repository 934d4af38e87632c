import TerminalKit

/// A framed panel drawn over the views.
func drawPanel(_ screen: inout Screen, _ area: Rect, title: String) {
    screen.fill(area, style: Style(.text))
    screen.drawBox(area, title: title, titleStyle: Style(.title, bold: true))
}

/// `?`: every binding of the key table, the same table that handles the keys, then the
/// prompts' editing keys and the `:` commands from their table. A list longer than the screen
/// scrolls with the motion keys.
enum HelpOverlay {
    static func rows(_ bindings: [KeyBinding]) -> [(keys: String, summary: String)] {
        let keys = bindings.map { binding in
            (binding.keys.map(\.description).joined(separator: " "), binding.scope.label + binding.summary)
        }
        let editing = [
            ("in prompts", "← → Home End, Alt-B Alt-F by word; Ctrl-W Alt-D Ctrl-U Ctrl-K cut, Ctrl-Y pastes"),
            ("", "↑ ↓ history, Ctrl-R searches it, Tab completes at the cursor, Ctrl-L clears"),
        ]
        let commands = CommandBar.table.map { command in
            (":" + command.name, (command.arguments.isEmpty ? "" : command.arguments + ": ") + command.summary)
        }
        return keys + editing + commands
    }

    /// Rows of bindings that fit: the panel's height less its border and a blank row.
    static func visibleRows(screenHeight: Int) -> Int { max(1, screenHeight - 2 - 3) }

    static func maximumScroll(_ state: AppState) -> Int {
        max(0, rows(state.bindings).count - visibleRows(screenHeight: state.height))
    }

    static func draw(_ bindings: [KeyBinding], scroll: Int, into screen: inout Screen) {
        let rows = rows(bindings)
        let keyWidth = rows.map { DisplayWidth.of($0.keys) }.max() ?? 0
        let width = min(screen.width - 2, keyWidth + (rows.map { DisplayWidth.of($0.summary) }.max() ?? 0) + 7)
        let visible = visibleRows(screenHeight: screen.height)
        let area = screen.bounds.centered(width: width, height: min(rows.count, visible) + 3)
        let first = max(0, min(scroll, rows.count - visible))
        let more = rows.count > visible
        drawPanel(&screen, area, title: more ? "Keys (j/k scroll, other keys close)" : "Keys (any key closes)")
        for (index, row) in rows.dropFirst(first).prefix(area.height - 3).enumerated() {
            let y = area.y + 1 + index
            screen.write(row.keys, x: area.x + 2, y: y, style: Style(.helpKey, bold: true))
            screen.write(
                row.summary, x: area.x + 4 + keyWidth, y: y, style: Style(.text),
                limit: area.maxX - area.x - keyWidth - 6)
        }
        if more {
            let position = " \(first + 1)-\(min(rows.count, first + visible)) of \(rows.count) "
            screen.write(position, x: area.maxX - DisplayWidth.of(position) - 2, y: area.maxY - 1, style: Style(.dim))
        }
    }
}

/// `w`: the time-window presets, and a custom window typed in.
enum WindowPickerOverlay {
    static func draw(_ state: AppState, _ selected: Int, _ custom: LineEditor?, into screen: inout Screen) {
        let presets = WindowChoice.presets
        let area = screen.bounds.centered(width: 52, height: presets.count + 5)
        drawPanel(&screen, area, title: "Time window")
        for (index, choice) in presets.enumerated() {
            let y = area.y + 1 + index
            let marker = choice == state.window ? "•" : " "
            screen.write(
                "\(marker) \(choice.label)", x: area.x + 2, y: y,
                style: Style(index == selected ? .selection : .text))
        }
        let y = area.maxY - 3
        if let custom {
            PromptBar.draw(
                label: "custom: ", custom, hint: "", into: &screen,
                area: Rect(x: area.x + 2, y: y, width: area.width - 4, height: 1), style: Style(.focus))
            screen.write(
                "45m, or START .. END; Enter applies, Esc back", x: area.x + 2, y: y + 1, style: Style(.dim),
                limit: area.width - 4)
        } else {
            screen.write(
                "↑↓ choose, Enter applies, c custom, Esc", x: area.x + 2, y: y + 1, style: Style(.dim),
                limit: area.width - 4)
        }
    }
}

/// `c` on the trace table: every column, annotations found in the data included; Space shows or
/// hides the highlighted one.
enum ColumnPickerOverlay {
    static func draw(_ state: AppState, _ selected: Int, into screen: inout Screen) {
        let available = TableState.available(in: state.summaries)
        let visibleRows = max(1, screen.height - 6)
        let area = screen.bounds.centered(width: 44, height: min(available.count, visibleRows) + 4)
        drawPanel(&screen, area, title: "Columns")
        let first = max(0, min(selected - visibleRows + 1, available.count - visibleRows))
        for (offset, column) in available.dropFirst(first).prefix(area.height - 4).enumerated() {
            let index = first + offset
            let mark = state.table.columns.contains(column) ? "[x]" : "[ ]"
            screen.write(
                "\(mark) \(column.name)", x: area.x + 2, y: area.y + 1 + offset,
                style: Style(index == selected ? .selection : .text), limit: area.width - 4)
        }
        screen.write(
            "↑↓ choose, Space shows or hides, Esc", x: area.x + 2, y: area.maxY - 2, style: Style(.dim),
            limit: area.width - 4)
    }
}
