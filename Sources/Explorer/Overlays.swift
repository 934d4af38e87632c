import TerminalKit

/// A framed panel drawn over the views.
func drawPanel(_ screen: inout Screen, _ area: Rect, title: String) {
    screen.fill(area, style: Style(.text))
    screen.drawBox(area, title: title, titleStyle: Style(.title, bold: true))
}

/// `?`: every binding of the key table, the same table that handles the keys.
enum HelpOverlay {
    static func draw(_ bindings: [KeyBinding], into screen: inout Screen) {
        let rows = bindings.map { binding in (binding.keys.map(\.description).joined(separator: " "), binding.summary) }
        let keyWidth = rows.map { DisplayWidth.of($0.0) }.max() ?? 0
        let width = min(screen.width - 2, keyWidth + (rows.map { DisplayWidth.of($0.1) }.max() ?? 0) + 7)
        let area = screen.bounds.centered(width: width, height: min(screen.height - 2, rows.count + 3))
        drawPanel(&screen, area, title: "Keys (any key closes)")
        for (index, row) in rows.prefix(area.height - 3).enumerated() {
            let y = area.y + 1 + index
            screen.write(row.0, x: area.x + 2, y: y, style: Style(.helpKey, bold: true))
            screen.write(
                row.1, x: area.x + 4 + keyWidth, y: y, style: Style(.text), limit: area.maxX - area.x - keyWidth - 6)
        }
    }
}

/// `w`: the time-window presets, and a custom window typed in.
enum WindowPickerOverlay {
    static func draw(_ state: AppState, _ selected: Int, _ custom: String?, into screen: inout Screen) {
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
            screen.write("custom: " + custom + "█", x: area.x + 2, y: y, style: Style(.focus), limit: area.width - 4)
            screen.write(
                "45m, or START .. END; Enter applies", x: area.x + 2, y: y + 1, style: Style(.dim),
                limit: area.width - 4)
        } else {
            screen.write(
                "↑↓ choose, Enter applies, c custom, Esc", x: area.x + 2, y: y + 1, style: Style(.dim),
                limit: area.width - 4)
        }
    }
}
