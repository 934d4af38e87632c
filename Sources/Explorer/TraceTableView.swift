import Foundation
import TerminalKit
import XRayModel

/// The Traces tab: one row per trace summary, newest first. Virtualised: only the rows on
/// screen are laid out, so a million summaries cost the same as fifty.
public enum TraceTableView {
    struct Column: Sendable {
        var title: String
        var width: Int
        var alignRight = false
        var value: @Sendable (API.TraceSummary) -> String
    }

    static let columns: [Column] = [
        Column(title: "TIME", width: 12) { summary in summary.StartTime.map(clock) ?? "-" },
        Column(title: "TRACE ID", width: 12) { summary in String((summary.Id ?? "-").suffix(12)) },
        Column(title: "METHOD", width: 6) { $0.Http?.HttpMethod ?? "-" },
        Column(title: "STATUS", width: 6, alignRight: true) { summary in statusText(summary) },
        Column(title: "RESPONSE", width: 9, alignRight: true) { summary in summary.ResponseTime.map(milliseconds) ?? "-"
        },
        Column(title: "CLIENT IP", width: 15) { $0.Http?.ClientIp ?? "-" },
        Column(title: "URL", width: 0) { $0.Http?.HttpURL ?? "-" },
    ]

    /// The names the config file uses for `columns`.
    public static var columnNames: [String] { columns.map { $0.title.lowercased() } }

    static func draw(_ state: AppState, into screen: inout Screen, in area: Rect) {
        let columns =
            state.columns.map { names in Self.columns.filter { names.contains($0.title.lowercased()) } }
            ?? Self.columns
        let (header, rows) = area.splitTop(1)
        drawRow(columns.map(\.title), columns, into: &screen, at: header, style: Style(.title, bold: true))
        guard !state.summaries.isEmpty else {
            let message =
                state.loading
                ? "loading..." : "no traces in this window" + (state.filter.isEmpty ? "" : " match the filter")
            screen.write(message, x: rows.x + 1, y: rows.y, style: Style(.dim))
            return
        }
        let visible = state.summaries.dropFirst(state.scrollTop).prefix(rows.height)
        for (offset, summary) in visible.enumerated() {
            let index = state.scrollTop + offset
            let line = Rect(x: rows.x, y: rows.y + offset, width: rows.width, height: 1)
            drawRow(
                columns.map { $0.value(summary) }, columns, into: &screen, at: line, style: Style(.text),
                statusRole: role(summary))
            if index == state.selectedRow { screen.restyle(line, style: Style(.selection)) }
        }
    }

    private static func drawRow(
        _ values: [String], _ columns: [Column], into screen: inout Screen, at line: Rect, style: Style,
        statusRole: Role? = nil
    ) {
        var x = line.x + 1
        for (column, value) in zip(columns, values) {
            let width = column.width == 0 ? max(0, line.maxX - x) : column.width
            let cell = DisplayWidth.pad(Sanitize.text(value), to: width, alignRight: column.alignRight)
            let cellStyle = column.title == "STATUS" && statusRole != nil ? Style(statusRole!) : style
            screen.write(cell, x: x, y: line.y, style: cellStyle, limit: line.maxX - x)
            x += width + 2
            if x >= line.maxX { break }
        }
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
