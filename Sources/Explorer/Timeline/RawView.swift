import TerminalKit
import XRayModel

/// The raw data: the selected document, or the whole trace as BatchGetTraces returns it,
/// pretty-printed and coloured, scrollable and searchable.
enum RawView {
    static func draw(_ timeline: TimelineState, into screen: inout Screen, in area: Rect) {
        let lines = timeline.rawLines
        let what = timeline.mode == .rawTrace ? "the trace (BatchGetTraces)" : "the selected document"
        var title = "RAW JSON of \(what) · \(lines.count) lines · y copies · Esc back"
        if !timeline.search.isEmpty {
            title += " · /\(timeline.search): \(JSONLines.find(timeline.search, in: lines).count) lines"
        }
        screen.write(title, x: area.x + 1, y: area.y, style: Style(.title, bold: true), limit: area.width - 2)
        let body = Rect(x: area.x, y: area.y + 1, width: area.width - 1, height: area.height - 1)
        let search = timeline.search.lowercased()
        for (offset, line) in lines.dropFirst(timeline.rawScroll).prefix(body.height).enumerated() {
            let y = body.y + offset
            var x = body.x + 1 + min(line.indent * 2, body.width / 2)
            for token in line.tokens where x < body.maxX {
                x += screen.write(token.text, x: x, y: y, style: Style(token.role), limit: body.maxX - x)
            }
            if !search.isEmpty && line.text.lowercased().contains(search) {
                screen.restyle(Rect(x: body.x, y: y, width: 1, height: 1), style: Style(.focus))
                screen.put("▶", x: body.x, y: y, style: Style(.focus, bold: true))
            }
        }
        screen.drawScrollbar(
            in: Rect(x: area.maxX - 1, y: body.y, width: 1, height: body.height), offset: timeline.rawScroll,
            visible: body.height, total: lines.count)
    }

    /// The JSON text the raw view shows (and `y` copies) for a mode.
    static func json(_ timeline: TimelineState) -> String {
        let trace = timeline.trace
        switch timeline.mode {
        case .rawTrace, .waterfall:
            var result = API.BatchGetTracesResult()
            result.Traces = [trace.apiTrace]
            result.UnprocessedTraceIds = []
            return (try? CLIJSONEncoder.encode(result)) ?? "{}"
        case .rawDocument:
            let span = trace.spans[timeline.selected]
            return trace.documents.first { $0.id == span.documentID }?.raw
                ?? trace.inferredSegments.first { $0.id == span.id }?.raw ?? "{}"
        }
    }
}
