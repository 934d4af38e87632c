import TerminalKit
import XRayModel

/// An open trace: the waterfall (only the visible rows are laid out, so a trace of 100,000
/// subsegments draws as fast as one of ten) with the detail pane under it, or the raw JSON.
enum TimelineView {
    /// The detail pane's height, when the screen leaves the waterfall at least eight rows.
    static func detailHeight(_ area: Rect) -> Int { area.height >= 24 ? area.height * 2 / 5 : 0 }

    /// The area `draw` gets: the screen less the tab bar above and the two bars below.
    private static func body(_ state: AppState) -> Rect {
        Rect(x: 0, y: 1, width: state.width, height: max(0, state.height - 3))
    }

    /// Rows of spans the waterfall shows (below its title and ruler).
    static func waterfallRows(_ state: AppState) -> Int {
        let body = body(state)
        return max(1, body.height - detailHeight(body) - 2)
    }

    /// Lines of content the detail pane shows (inside its border, below its tabs and a gap);
    /// 0 when the screen is too short for the pane.
    static func detailRows(_ state: AppState) -> Int {
        max(0, detailHeight(body(state)) - 4)
    }

    /// Lines of JSON the raw view shows (below its title).
    static func rawRows(_ state: AppState) -> Int {
        max(1, body(state).height - 1)
    }

    static func draw(_ state: AppState, into screen: inout Screen, in area: Rect) {
        guard let timeline = state.timeline else { return }
        if timeline.mode != .waterfall {
            RawView.draw(timeline, state.searchEditor, into: &screen, in: area)
            return
        }
        let (top, detail) = area.splitBottom(detailHeight(area))
        drawWaterfall(timeline, state.searchEditor, into: &screen, in: top)
        if !detail.isEmpty { DetailPane.draw(timeline, into: &screen, in: detail) }
    }

    private static func drawWaterfall(
        _ timeline: TimelineState, _ searchEditor: LineEditor?, into screen: inout Screen, in area: Rect
    ) {
        let trace = timeline.trace
        let model = timeline.model
        var title = "\(trace.spans.count) spans · \(model.problems.count) with errors or faults · ◆ critical path"
        if !model.inferred.isEmpty { title += " · ⇢ \(model.inferred.count) inferred" }
        if timeline.zoom != nil { title += " · zoomed (z: all)" }
        screen.write(title, x: area.x + 1, y: area.y, style: Style(.title, bold: true), limit: area.width - 2)
        if let editor = searchEditor {
            PromptBar.drawSearch(editor, into: &screen, titleRow: area)
        } else if !timeline.search.isEmpty {
            let found = timeline.searchMatches.count
            let text = "/\(timeline.search): \(found) found (n/N)"
            screen.write(text, x: area.maxX - DisplayWidth.of(text) - 1, y: area.y, style: Style(.filterValid))
        }
        let body = Rect(x: area.x, y: area.y + 1, width: area.width - 1, height: area.height - 1)
        let columns = WaterfallRows.columns(in: body)
        WaterfallRows.drawRuler(timeline.range, traceStart: trace.startTime, in: columns, y: body.y, screen: &screen)
        let rows = timeline.rows
        let visible = rows.dropFirst(timeline.scrollTop).prefix(max(0, body.height - 1))
        for (offset, row) in visible.enumerated() {
            WaterfallRows.drawRow(
                row, of: model, collapsed: timeline.collapsed, range: timeline.range, in: columns,
                y: body.y + 1 + offset, selected: row == timeline.selected, screen: &screen)
        }
        screen.drawScrollbar(
            in: Rect(x: area.maxX - 1, y: body.y + 1, width: 1, height: body.height - 1), offset: timeline.scrollTop,
            visible: body.height - 1, total: rows.count)
    }
}
