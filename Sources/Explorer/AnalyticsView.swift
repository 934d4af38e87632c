import Foundation
import TerminalKit
import XRayModel

/// The Analytics tab, for now: the status mix of the traces in the window and their count
/// per minute. Histograms and group-by tables come with the analytics issue.
enum AnalyticsView {
    static func draw(_ state: AppState, into screen: inout Screen, in area: Rect) {
        let summaries = state.summaries
        guard !summaries.isEmpty else {
            screen.write("no traces in this window", x: area.x + 1, y: area.y, style: Style(.dim))
            return
        }
        var y = area.y
        screen.write("STATUS MIX (\(summaries.count) traces)", x: area.x + 1, y: y, style: Style(.title, bold: true))
        y += 1
        let classes: [(String, Role, (API.TraceSummary) -> Bool)] = [
            ("ok", .barOK, { $0.HasFault != true && $0.HasError != true }),
            ("4xx", .barError, { $0.HasError == true && $0.Http?.HttpStatus != 429 }),
            ("429", .barThrottle, { $0.Http?.HttpStatus == 429 }),
            ("5xx", .barFault, { $0.HasFault == true }),
        ]
        let barWidth = max(1, area.width - 24)
        for (name, role, test) in classes where y < area.maxY {
            let count = summaries.filter(test).count
            let cells = Int((Double(count) / Double(summaries.count) * Double(barWidth)).rounded())
            screen.write(
                DisplayWidth.pad(name, to: 4) + String(format: "%7d ", count), x: area.x + 1, y: y, style: Style(.text))
            screen.write(String(repeating: "█", count: cells), x: area.x + 14, y: y, style: Style(role))
            y += 1
        }
        y += 1
        guard y + 1 < area.maxY, let first = summaries.compactMap(\.StartTime).min(),
            let last = summaries.compactMap(\.StartTime).max()
        else { return }
        let buckets = max(1, min(area.width - 2, Int((last - first) / 60) + 1))
        var counts = Array(repeating: 0, count: buckets)
        for start in summaries.compactMap(\.StartTime) {
            counts[min(buckets - 1, Int((start - first) / 60))] += 1
        }
        screen.write(
            "TRACES PER MINUTE (max \(counts.max() ?? 0))", x: area.x + 1, y: y, style: Style(.title, bold: true))
        let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        let peak = Double(max(1, counts.max() ?? 1))
        let line = String(counts.map { blocks[min(7, Int(Double($0) / peak * 7.999))] })
        screen.write(line, x: area.x + 1, y: y + 1, style: Style(.barOK))
    }
}
