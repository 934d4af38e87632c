import TerminalKit
import XRayModel

/// The raw data: the selected document, or the whole trace as BatchGetTraces returns it,
/// pretty-printed and coloured, scrollable and searchable.
enum RawView {
    /// `searchEditor` is the `/` prompt while it is open.
    static func draw(_ timeline: TimelineState, _ searchEditor: LineEditor?, into screen: inout Screen, in area: Rect) {
        let lines = timeline.rawLines
        let what = timeline.mode == .rawTrace ? "the trace (BatchGetTraces)" : "the selected document"
        var title = "RAW JSON of \(what) · \(lines.count) lines · y copies · Esc back"
        if !timeline.search.isEmpty { title += " · /\(timeline.search): \(timeline.rawMatches.count) lines" }
        if let editor = searchEditor {
            // The prompt takes the right of the title row, as in the waterfall.
            let x = PromptBar.drawSearch(editor, into: &screen, titleRow: area)
            screen.write(title, x: area.x + 1, y: area.y, style: Style(.title, bold: true), limit: x - area.x - 2)
        } else {
            screen.write(title, x: area.x + 1, y: area.y, style: Style(.title, bold: true), limit: area.width - 2)
        }
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
            // An inferred node is a document X-Ray adds: shown as BatchGetTraces returns it.
            if let node = timeline.model.inferredNode(timeline.selected) {
                return StoredDocument(encoding: node.document).raw
            }
            let span = trace.spans[timeline.selected]
            return trace.documents.first { $0.id == span.documentID }?.raw ?? "{}"
        }
    }
}
