import Foundation
import TerminalKit
import XRayModel

/// The Traces tab: one row per trace summary, newest first. Virtualised: only the rows on
/// screen are laid out, so a million summaries cost the same as fifty.
public enum TraceTableView {
    /// The names the config file uses for `columns` (and `annotation.KEY`).
    public static var columnNames: [String] { TraceColumn.standard.map(\.name) }

    static func draw(_ state: AppState, into screen: inout Screen, in area: Rect) {
        let table = state.table
        let (header, rows) = area.splitTop(1)
        let slots = layout(table, width: area.width, x: area.x)
        for (index, (column, x, width)) in slots.enumerated() {
            var title = column.title
            if table.sort.column == column { title = (table.sort.descending ? "▼" : "▲") + title }
            let cell = DisplayWidth.pad(title, to: width, alignRight: column.alignRight)
            let style = Style(.title, bold: true, reverse: index == table.cursor)
            screen.write(cell, x: x, y: header.y, style: style, limit: area.maxX - x)
        }
        guard !state.summaries.isEmpty else {
            let message =
                state.loading
                ? "loading..." : "no traces in this window" + (state.filter.isEmpty ? "" : " match the filter")
            screen.write(message, x: rows.x + 1, y: rows.y, style: Style(.dim))
            return
        }
        // Virtualised: only the rows on screen are formatted.
        let visible = state.summaries.dropFirst(state.scrollTop).prefix(rows.height)
        for (offset, summary) in visible.enumerated() {
            let y = rows.y + offset
            let selected = state.scrollTop + offset == state.selectedRow
            for (index, (column, x, width)) in slots.enumerated() {
                let text = DisplayWidth.pad(
                    Sanitize.text(column.value(summary)), to: width, alignRight: column.alignRight)
                var style = Style(column == .status ? role(summary) : .text)
                if selected { style = Style(index == table.cursor ? .focus : .selection, bold: index == table.cursor) }
                screen.write(text, x: x, y: y, style: style, limit: area.maxX - x)
            }
            if selected {
                // The gaps between cells too, so the selected row reads as one bar.
                for (_, x, width) in slots where x + width < area.maxX {
                    screen.write("  ", x: x + width, y: y, style: Style(.selection), limit: area.maxX - x - width)
                }
            }
        }
        drawScrollbar(state, into: &screen, in: rows)
    }

    /// Each visible column's left edge and width: two cells apart, a width of 0 taking what is
    /// left of the row, columns past the right edge dropped.
    static func layout(_ table: TableState, width: Int, x start: Int) -> [(TraceColumn, Int, Int)] {
        var x = start + 1
        var slots: [(TraceColumn, Int, Int)] = []
        for column in table.columns where x < start + width - 1 {
            var cells = table.width(of: column)
            if cells == 0 { cells = max(8, start + width - 1 - x) }
            slots.append((column, x, cells))
            x += cells + 2
        }
        return slots
    }

    private static func drawScrollbar(_ state: AppState, into screen: inout Screen, in rows: Rect) {
        guard state.summaries.count > rows.height else { return }
        screen.drawScrollbar(
            in: Rect(x: rows.maxX - 1, y: rows.y, width: 1, height: rows.height), offset: state.scrollTop,
            visible: rows.height, total: state.summaries.count)
    }

    static func role(_ summary: API.TraceSummary) -> Role {
        if let status = summary.Http?.HttpStatus {
            switch status {
            case 429: return .status429
            case 400..<500: return .status4xx
            case 500...: return .status5xx
            default: return .status2xx
            }
        }
        return summary.HasFault == true ? .status5xx : summary.HasError == true ? .status4xx : .status2xx
    }

    static func statusText(_ summary: API.TraceSummary) -> String {
        if let status = summary.Http?.HttpStatus { return String(status) }
        if summary.IsPartial == true { return "…" }
        return summary.HasFault == true ? "fault" : summary.HasError == true ? "error" : "ok"
    }

    static func clock(_ epoch: Double) -> String {
        let seconds = Int(epoch.rounded(.down))
        let millis = Int(((epoch - Double(seconds)) * 1000).rounded(.down))
        let day = seconds % 86_400
        return String(format: "%02d:%02d:%02d.%03d", day / 3600, day / 60 % 60, day % 60, millis)
    }

    static func milliseconds(_ seconds: Double) -> String {
        seconds < 10 ? String(format: "%.1f ms", seconds * 1000) : String(format: "%.1f s", seconds)
    }
}

/// Text from the network is sanitized at ingestion; this is the second line of defence at
/// drawing time (DESIGN.md principle 5).
enum Sanitize {
    static func text(_ value: String) -> String { Sanitizer.clean(value) }
}
