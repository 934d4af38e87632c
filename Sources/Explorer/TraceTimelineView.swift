import Foundation
import TerminalKit
import XRayModel

/// A trace opened from the table: one row per segment and subsegment, indented, with a bar on
/// the trace's time scale. The full timeline (folding, details, raw JSON) comes with the
/// timeline issue.
enum TraceTimelineView {
    static func draw(_ trace: Trace, scroll: Int, into screen: inout Screen, in area: Rect) {
        let start = trace.startTime
        let total = max(trace.endTime - start, 0.000_001)
        let nameWidth = min(40, area.width / 3)
        let barX = area.x + nameWidth + 2
        let barWidth = max(1, area.width - nameWidth - 16)
        screen.write("NAME", x: area.x + 1, y: area.y, style: Style(.title, bold: true))
        screen.write(
            "TIMELINE (\(TraceTableView.milliseconds(total)))", x: barX, y: area.y, style: Style(.title, bold: true))
        for (row, span) in trace.spans.dropFirst(scroll).prefix(area.height - 1).enumerated() {
            let y = area.y + 1 + row
            let document = span.document
            let name = String(repeating: "  ", count: span.depth) + Sanitize.text(document.name)
            screen.write(
                DisplayWidth.truncate(name, to: nameWidth), x: area.x + 1, y: y,
                style: Style(span.isSegment ? .title : .text))
            let from = Int((document.startTime - start) / total * Double(barWidth))
            let to = Int(((document.endTime ?? trace.endTime) - start) / total * Double(barWidth))
            let role: Role
            switch document.statusClass {
            case .ok: role = .barOK
            case .error: role = .barError
            case .throttle: role = .barThrottle
            case .fault: role = .barFault
            }
            screen.write(
                String(repeating: "█", count: max(1, to - from)), x: barX + min(from, barWidth - 1), y: y,
                style: Style(role), limit: barWidth - from)
            let duration = document.duration.map(TraceTableView.milliseconds) ?? "in progress"
            screen.write(duration, x: area.maxX - 13, y: y, style: Style(.dim))
            if row == 0 && scroll > 0 { screen.write("↑", x: area.maxX - 1, y: y, style: Style(.dim)) }
        }
    }
}
