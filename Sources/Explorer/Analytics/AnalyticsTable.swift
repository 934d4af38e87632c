import TerminalKit
import XRayModel

/// The group-by table of the Analytics tab, and its comparison form.
enum AnalyticsTable {
    static func drawGroups(_ state: AppState, _ rows: [GroupRow], into screen: inout Screen, in area: Rect) {
        let title = "GROUP BY \(state.analytics.field.title)  (b/B change · Enter refines · p pins for compare)"
        screen.write(title, x: area.x + 1, y: area.y, style: Style(.title, bold: true), limit: area.width - 2)
        let numbers: [(String, Int)] = [
            ("COUNT", 7), ("SHARE", 7), ("", 12), ("AVG", 9), ("P50", 9), ("P90", 9), ("P99", 9), ("ERR%", 6),
            ("FAULT%", 6),
        ]
        let valueWidth = max(12, area.width - 2 - numbers.reduce(0) { $0 + $1.1 + 1 })
        let header = [("VALUE", valueWidth)] + numbers
        drawCells(header.map { ($0.0, $0.1, $0.0 != "VALUE") }, x: area.x + 1, y: area.y + 1, style: Style(.dim))
        let visible = rows.dropFirst(state.analytics.scrollTop).prefix(max(0, area.height - 2))
        for (offset, row) in visible.enumerated() {
            let y = area.y + 2 + offset
            let selected = state.analytics.scrollTop + offset == state.analytics.selectedRow
            let ms = { (value: Double?) in value.map(TraceTableView.milliseconds) ?? "-" }
            let cells: [(String, Int, Bool)] = [
                (Sanitize.text(row.label), valueWidth, false), (String(row.count), 7, true),
                (MapPanel.percent(row.share), 7, true), ("", 12, false), (ms(row.averageResponseTime), 9, true),
                (ms(row.p50), 9, true), (ms(row.p90), 9, true), (ms(row.p99), 9, true),
                (MapPanel.percent(row.errorRate), 6, true), (MapPanel.percent(row.faultRate), 6, true),
            ]
            let style = Style(selected ? .selection : .text)
            drawCells(cells, x: area.x + 1, y: y, style: style)
            // The share as a bar, so the big groups stand out at a glance.
            let barX = area.x + 1 + valueWidth + 1 + 8 + 8
            screen.drawBar(fraction: row.share, in: Rect(x: barX, y: y, width: 12, height: 1))
            if selected { screen.restyle(Rect(x: area.x, y: y, width: area.width, height: 1), style: style) }
        }

        func drawCells(_ cells: [(String, Int, Bool)], x: Int, y: Int, style: Style) {
            var column = x
            for (text, width, right) in cells {
                screen.write(
                    DisplayWidth.pad(text, to: width, alignRight: right), x: column, y: y, style: style,
                    limit: area.maxX - column)
                column += width + 1
            }
        }
    }

    static func drawComparison(_ state: AppState, _ rows: [CompareRow], into screen: inout Screen, in area: Rect) {
        let pinned = state.analytics.pinned!
        let a = pinned.filter.isEmpty ? "all" : pinned.filter
        let b = state.filter.isEmpty ? "all" : state.filter
        let title =
            "COMPARE by \(state.analytics.field.title): A = \(a) (\(pinned.summaries.count)), "
            + "B = \(b) (\(state.summaries.count))  · p unpins"
        screen.write(title, x: area.x + 1, y: area.y, style: Style(.title, bold: true), limit: area.width - 2)
        let numbers: [(String, Int)] = [
            ("A COUNT", 8), ("A SHARE", 8), ("B COUNT", 8), ("B SHARE", 8), ("Δ SHARE", 9), ("Δ COUNT", 8),
        ]
        let valueWidth = max(12, area.width - 2 - numbers.reduce(0) { $0 + $1.1 + 1 })
        var x = area.x + 1
        for (text, width) in [("VALUE", valueWidth)] + numbers {
            screen.write(
                DisplayWidth.pad(text, to: width, alignRight: text != "VALUE"), x: x, y: area.y + 1,
                style: Style(.dim), limit: area.maxX - x)
            x += width + 1
        }
        let visible = rows.dropFirst(state.analytics.scrollTop).prefix(max(0, area.height - 2))
        for (offset, row) in visible.enumerated() {
            let y = area.y + 2 + offset
            let selected = state.analytics.scrollTop + offset == state.analytics.selectedRow
            let delta = (row.shareDelta >= 0 ? "+" : "-") + String(format1: abs(row.shareDelta)) + "pp"
            let cells: [(String, Int)] = [
                (Sanitize.text(row.label), valueWidth), (String(row.countA), 8), (MapPanel.percent(row.shareA), 8),
                (String(row.countB), 8), (MapPanel.percent(row.shareB), 8), (delta, 9),
                ((row.countDelta >= 0 ? "+" : "") + String(row.countDelta), 8),
            ]
            var column = area.x + 1
            for (index, (text, width)) in cells.enumerated() {
                // A change of five points or more is bold: the rows worth reading first.
                let strong = index == 5 && abs(row.shareDelta) >= 5
                screen.write(
                    DisplayWidth.pad(text, to: width, alignRight: index > 0), x: column, y: y,
                    style: Style(selected ? .selection : .text, bold: strong), limit: area.maxX - column)
                column += width + 1
            }
        }
    }
}
