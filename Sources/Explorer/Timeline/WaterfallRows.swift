import TerminalKit
import XRayModel

/// The waterfall's rows, drawn the same way in the explorer and by `xray-tui trace --format
/// waterfall`: a tree column (fold marker, critical-path mark, names indented by depth), bars on
/// the time range, then the start offset and the duration.
public enum WaterfallRows {
    struct Columns {
        var name: Rect
        var bar: Rect
        var numbers: Rect
    }

    /// Offset and duration, right-aligned in 9 cells each with a gap.
    static let numbersWidth = 20

    static func columns(in area: Rect) -> Columns {
        let nameWidth = min(50, max(16, area.width * 2 / 5))
        let barWidth = max(4, area.width - nameWidth - numbersWidth - 2)
        return Columns(
            name: Rect(x: area.x, y: area.y, width: nameWidth, height: area.height),
            bar: Rect(x: area.x + nameWidth + 1, y: area.y, width: barWidth, height: area.height),
            numbers: Rect(x: area.maxX - numbersWidth, y: area.y, width: numbersWidth, height: area.height))
    }

    /// The ruler: tick labels at 0, ¼, ½, ¾ and the end of the range, over the bar column.
    static func drawRuler(_ range: TimeWindow, traceStart: Double, in columns: Columns, y: Int, screen: inout Screen) {
        screen.write("  NAME", x: columns.name.x, y: y, style: Style(.title, bold: true), limit: columns.name.width)
        screen.write(
            DisplayWidth.pad("OFFSET", to: 9, alignRight: true) + "  "
                + DisplayWidth.pad("DURATION", to: 9, alignRight: true),
            x: columns.numbers.x, y: y, style: Style(.title, bold: true))
        let width = columns.bar.width
        var nextFree = columns.bar.x
        for quarter in 0...4 {
            let label = TraceTableView.milliseconds(range.start - traceStart + range.duration * Double(quarter) / 4)
            let center = columns.bar.x + (width - 1) * quarter / 4
            let x = min(max(nextFree, center - DisplayWidth.of(label) / 2), columns.bar.maxX - DisplayWidth.of(label))
            guard x >= nextFree else { continue }
            screen.write(label, x: x, y: y, style: Style(.dim))
            nextFree = x + DisplayWidth.of(label) + 1
        }
    }

    /// One row: a span, or an inferred node (dim, marked `⇢`, bar drawn `░`).
    static func drawRow(
        _ row: Int, of model: TimelineModel, collapsed: Set<Int>, range: TimeWindow, in columns: Columns, y: Int,
        selected: Bool, screen: inout Screen
    ) {
        let trace = model.trace
        let document = model.document(row)
        let inferred = model.isInferred(row)
        let fold = model.hasChildren(row) ? (collapsed.contains(row) ? "▸" : "▾") : " "
        let critical = model.criticalPath.contains(row)
        screen.put(critical ? "◆" : " ", x: columns.name.x, y: y, style: Style(.focus, bold: true))
        let indent = String(repeating: " ", count: min(model.depth(row) * 2, columns.name.width / 2))
        let mark = inferred ? "⇢ " : (trace.spans[row].isOrphan ? "? " : "")
        let name = indent + fold + " " + mark + Sanitize.text(document.name)
        let nameStyle = inferred ? Style(.dim) : Style(.text, bold: trace.spans[row].isSegment)
        screen.write(
            DisplayWidth.truncate(name, to: columns.name.width - 1), x: columns.name.x + 1, y: y, style: nameStyle)
        // The bar, clipped to the range, in its status colour; in progress runs to the range's end.
        let end = document.endTime ?? trace.endTime
        let scale = Double(columns.bar.width) / max(range.duration, 0.000_001)
        let from = Int(((max(document.startTime, range.start) - range.start) * scale).rounded(.down))
        let to = Int(((min(end, range.end) - range.start) * scale).rounded(.up))
        if end >= range.start && document.startTime <= range.end {
            let first = min(max(0, from), columns.bar.width - 1)
            let cells = max(1, min(columns.bar.width, to) - first)
            let glyph: Character = document.inProgress ? "▒" : (inferred ? "░" : "█")
            screen.write(
                String(repeating: glyph, count: cells), x: columns.bar.x + first, y: y, style: Style(role(document)))
        }
        let offset = TraceTableView.milliseconds(document.startTime - trace.startTime)
        let duration = document.inProgress ? "…" : (document.duration.map(TraceTableView.milliseconds) ?? "…")
        screen.write(
            DisplayWidth.pad(offset, to: 9, alignRight: true) + "  "
                + DisplayWidth.pad(duration, to: 9, alignRight: true),
            x: columns.numbers.x, y: y, style: Style(.dim))
        if selected {
            let line = Rect(x: columns.name.x, y: y, width: columns.numbers.maxX - columns.name.x, height: 1)
            for x in line.x..<line.maxX {
                let cell = screen[x, y]
                let isName = x < columns.name.maxX && cell.style.role == .dim
                guard cell.style.role == .text || cell.grapheme == " " || isName else { continue }
                screen[x, y].style = Style(.selection, bold: cell.style.bold)
            }
        }
    }

    /// A bar's colour: in progress, or the status.
    static func role(_ document: SegmentDocument) -> Role {
        if document.inProgress { return .barInProgress }
        switch document.statusClass {
        case .ok: return .barOK
        case .error: return .barError
        case .throttle: return .barThrottle
        case .fault: return .barFault
        }
    }

    /// The waterfall as text, for `xray-tui trace --format waterfall`: the explorer's rows, every
    /// span unfolded, over the whole trace; with `colour` (stdout is a terminal and `NO_COLOR` is
    /// not set) bars and marks carry ANSI colours.
    public static func text(_ trace: Trace, width: Int, colour: Bool = false) -> String {
        let model = TimelineModel(trace: trace)
        let rows = model.visibleRows(collapsed: [])
        var screen = Screen(width: max(40, width), height: rows.count + 2)
        let summary = API.TraceSummary(trace: trace)
        let legend = "◆ critical path" + (model.inferred.isEmpty ? "" : "  ⇢ inferred")
        screen.write(
            "Trace \(trace.id)  \(TimeFormat.iso8601(trace.startTime, fractional: true))  "
                + "\(TraceTableView.milliseconds(summary.Duration ?? 0))  \(trace.segmentCount) segments · "
                + "\(trace.spans.count) spans  \(legend)", x: 0, y: 0)
        let columns = self.columns(in: Rect(x: 0, y: 1, width: screen.width, height: rows.count + 1))
        let range = TimeWindow(start: trace.startTime, end: max(trace.endTime, trace.startTime + 0.000_001))
        drawRuler(range, traceStart: trace.startTime, in: columns, y: 1, screen: &screen)
        for (offset, row) in rows.enumerated() {
            drawRow(
                row, of: model, collapsed: [], range: range, in: columns, y: 2 + offset, selected: false,
                screen: &screen)
        }
        var lines = (0..<screen.height).map { colour ? ansiRow(screen, $0) : screen.row(at: $0) }
        if trace.spans.contains(where: \.isOrphan) {
            lines.append("? = orphan: its parent (parent_id) has not arrived")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A row with SGR codes where the role changes: the status colours of the bars, bold for
    /// titles and the critical path, faint for the numbers.
    static func ansiRow(_ screen: Screen, _ y: Int) -> String {
        func code(_ style: Style) -> String {
            switch style.role {
            case .barOK: return "32"
            case .barError: return "33"
            case .barThrottle: return "35"
            case .barFault: return "31"
            case .barInProgress: return "34"
            case .focus, .title: return "1"
            case .dim: return "2"
            default: return style.bold ? "1" : "0"
            }
        }
        var line = ""
        var current = "0"
        for x in 0..<screen.width {
            let cell = screen[x, y]
            guard !cell.isContinuation else { continue }
            let wanted = cell.grapheme == " " ? "0" : code(cell.style)
            if wanted != current {
                line += "\u{1B}[0m" + (wanted == "0" ? "" : "\u{1B}[\(wanted)m")
                current = wanted
            }
            line.append(cell.grapheme)
        }
        while line.hasSuffix(" ") { line.removeLast() }
        return line + (current == "0" ? "" : "\u{1B}[0m")
    }
}
