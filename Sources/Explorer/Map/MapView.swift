import TerminalKit
import XRayModel

/// The Map tab: the service graph drawn as boxes and routed edges, with the selection's side
/// panel and the legend. The layout is computed in `update` (when the graph's structure, the
/// density or the screen changes); drawing only reads it.
enum MapView {
    static func draw(_ state: AppState, into screen: inout Screen, in body: Rect) {
        let map = state.map
        guard let layout = map.layout, !map.services.nodes.isEmpty else {
            let message = state.loading ? "loading..." : "no services in this window"
            screen.write(message, x: body.x + 1, y: body.y, style: Style(.dim))
            return
        }
        let area = MapGeometry.mapArea(state)
        var canvas = Screen(width: area.width, height: area.height)
        let origin = MapGeometry.origin(state, layout, in: canvas.bounds)
        drawEdges(state, layout, origin: origin, into: &canvas)
        drawNodes(state, layout, origin: origin, into: &canvas)
        screen.paste(canvas, x: area.x, y: area.y)
        drawViewInfo(state, layout, in: area, into: &screen)
        if let panel = MapGeometry.panelArea(state) { MapPanel.draw(state, into: &screen, in: panel) }
        if map.showLegend { MapLegend.draw(state.map.density, into: &screen, in: area) }
    }

    private static func drawEdges(
        _ state: AppState, _ layout: MapLayout, origin: (x: Int, y: Int), into canvas: inout Screen
    ) {
        let services = state.map.services
        let selected = state.map.selectedEdge
        var lines = LineCanvas(area: canvas.bounds)
        var ends: [(MapLayout.Route, Style)] = []
        for route in layout.routes where services.edges.indices.contains(route.edge) {
            let edge = services.edges[route.edge]
            let (style, priority) = edgeStyle(edge, selected: route.edge == selected)
            lines.addPolyline(route.points.map { (origin.x + $0.x, origin.y + $0.y) }, style: style, priority: priority)
            ends.append((route, style))
        }
        lines.draw(into: &canvas)
        let minutes = state.shownWindow?.duration ?? 60
        for (route, style) in ends {
            canvas.put(
                route.reversed ? "◀" : "▶", x: origin.x + route.arrow.x, y: origin.y + route.arrow.y, style: style)
            guard let slot = route.label else { continue }
            let edge = services.edges[route.edge]
            let text = MapFormat.edgeLabel(edge.statistics, seconds: minutes)
            let x = origin.x + slot.x + max(0, (slot.width - DisplayWidth.of(text)) / 2)
            canvas.write(
                text, x: x, y: origin.y + slot.y, style: Style(style.role == .focus ? .focus : .text), limit: slot.width
            )
        }
    }

    /// Healthy edges in the border colour, unhealthy ones in their health colour, the selected
    /// one in the focus colour; a cell shared by several keeps the most important.
    static func edgeStyle(_ edge: ServiceMap.Edge, selected: Bool) -> (Style, Int) {
        if selected { return (Style(.focus, bold: true), 10) }
        switch edge.statistics.health {
        case .nodeFault: return (Style(.nodeFault), 3)
        case .nodeThrottle: return (Style(.nodeThrottle), 2)
        case .nodeError: return (Style(.nodeError), 1)
        default: return (Style(.border), 0)
        }
    }

    private static func drawNodes(
        _ state: AppState, _ layout: MapLayout, origin: (x: Int, y: Int), into canvas: inout Screen
    ) {
        let services = state.map.services
        let selected = state.map.selectedNode
        let seconds = state.shownWindow?.duration ?? 60
        let names = shortNames(services.nodes.map(\.title), width: state.map.density.nameWidth)
        for (index, node) in services.nodes.enumerated() where layout.boxes.indices.contains(index) {
            let box = layout.boxes[index]
            let rect = Rect(x: origin.x + box.x, y: origin.y + box.y, width: box.width, height: box.height)
            guard !rect.intersection(canvas.bounds).isEmpty else { continue }
            let isSelected = index == selected
            switch state.map.density {
            case .detailed:
                drawDetailedBox(
                    node, names[index], rect, selected: isSelected, seconds: seconds, glyphs: state.mixGlyphs,
                    into: &canvas)
            case .compact:
                drawCompactBox(node, names[index], rect, selected: isSelected, glyphs: state.mixGlyphs, into: &canvas)
            case .dense: drawDenseNode(node, names[index], rect, selected: isSelected, into: &canvas)
            }
            if layout.selfLoops.contains(index) {
                canvas.put("↻", x: rect.maxX - 2, y: rect.y, style: Style(.text, bold: true))
            }
        }
    }

    /// A node that stands out: faults past the threshold get a heavy border in the fault colour.
    private static func border(_ node: ServiceMap.Node, selected: Bool) -> (BorderStyle, Style) {
        if selected { return (.double, Style(.focus, bold: true)) }
        let health = node.statistics.health
        switch health {
        case .nodeFault: return (.heavy, Style(.nodeFault, bold: true))
        case .nodeOK: return (.rounded, Style(.border))
        default: return (.rounded, Style(health))
        }
    }

    /// Names cut to fit a box: the start of each, or where that would make two boxes read the
    /// same (`x-ray-sample-fr…`, `x-ray-sample-ba…` are fine; `x-ray-sample…` twice is not),
    /// the start and the end.
    static func shortNames(_ names: [String], width: Int) -> [String] {
        let cut = names.map { DisplayWidth.truncate($0, to: width) }
        var seen: [String: Int] = [:]
        for name in cut { seen[name, default: 0] += 1 }
        return zip(names, cut).map { name, short in
            seen[short]! > 1 ? DisplayWidth.truncateMiddle(name, to: width) : short
        }
    }

    private static func drawDetailedBox(
        _ node: ServiceMap.Node, _ name: String, _ rect: Rect, selected: Bool, seconds: Double,
        glyphs: StatusMix.Glyphs, into canvas: inout Screen
    ) {
        let (lines, style) = border(node, selected: selected)
        canvas.fill(rect)
        let inside = canvas.drawBox(rect, border: lines, style: style)
        let width = inside.width
        canvas.write(
            name, x: inside.x, y: inside.y,
            style: Style(.text, bold: true),
            limit: width)
        canvas.write(MapFormat.kind(node), x: inside.x, y: inside.y + 1, style: Style(.dim), limit: width)
        let latency = node.statistics.averageResponseTime.map(MapFormat.latency) ?? "-"
        let rate = MapFormat.rate(node.statistics.perMinute(over: seconds))
        canvas.write(
            DisplayWidth.pad(latency, to: width - DisplayWidth.of(rate)) + rate, x: inside.x, y: inside.y + 2,
            style: Style(.text), limit: width)
        canvas.drawStatusMix(
            node.statistics.mix, in: Rect(x: inside.x, y: inside.y + 3, width: width, height: 1), glyphs: glyphs)
    }

    private static func drawCompactBox(
        _ node: ServiceMap.Node, _ name: String, _ rect: Rect, selected: Bool, glyphs: StatusMix.Glyphs,
        into canvas: inout Screen
    ) {
        let (lines, style) = border(node, selected: selected)
        canvas.fill(rect)
        let inside = canvas.drawBox(rect, border: lines, style: style)
        let barWidth = 4
        let nameWidth = inside.width - barWidth - 1
        canvas.write(
            name, x: inside.x, y: inside.y,
            style: Style(.text, bold: true),
            limit: nameWidth)
        canvas.drawStatusMix(
            node.statistics.mix, in: Rect(x: inside.maxX - barWidth, y: inside.y, width: barWidth, height: 1),
            glyphs: glyphs)
    }

    private static func drawDenseNode(
        _ node: ServiceMap.Node, _ name: String, _ rect: Rect, selected: Bool, into canvas: inout Screen
    ) {
        canvas.put("●", x: rect.x, y: rect.y, style: Style(node.statistics.health))
        canvas.write(
            name, x: rect.x + 2, y: rect.y,
            style: Style(selected ? .focus : .text, bold: selected, reverse: selected), limit: rect.width - 2)
    }

    /// Top right of the map: the density, the counts, and where the view is when the map is
    /// larger than it.
    private static func drawViewInfo(_ state: AppState, _ layout: MapLayout, in area: Rect, into screen: inout Screen) {
        let services = state.map.services
        var info = "\(services.nodes.count) nodes · \(services.edges.count) edges · \(state.map.density.label)"
        if let drawn = state.graphTraces {
            info = "the newest \(drawn) of \(state.summaries.count) matching traces · " + info
        }
        let overflowsX = layout.width + 2 * MapGeometry.margin > area.width
        let overflowsY = layout.height + 2 * MapGeometry.margin > area.height
        if overflowsX || overflowsY {
            info += " · \(state.map.panX),\(state.map.panY) of \(layout.width)x\(layout.height)"
        }
        info += " · L legend "
        let width = DisplayWidth.of(info)
        screen.write(info, x: max(area.x, area.maxX - width), y: area.maxY - 1, style: Style(.dim), limit: area.width)
    }
}

/// The numbers on the map, short enough for a box or an edge label.
enum MapFormat {
    static func latency(_ seconds: Double) -> String {
        if seconds < 0.1 { return String(format1: seconds * 1000) + "ms" }
        if seconds < 1 { return String(Int((seconds * 1000).rounded())) + "ms" }
        if seconds < 10 {
            let hundredths = Int((seconds * 100).rounded())
            return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)s"
        }
        return String(format1: seconds) + "s"
    }

    static func rate(_ perMinute: Double) -> String {
        if perMinute >= 10_000 { return String(Int((perMinute / 1000).rounded())) + "k/min" }
        if perMinute >= 100 { return String(Int(perMinute.rounded())) + "/min" }
        return String(format1: perMinute) + "/min"
    }

    /// What the console writes on a link: average response time and requests per minute.
    static func edgeLabel(_ statistics: NodeStatistics, seconds: Double) -> String {
        let latency = statistics.averageResponseTime.map(latency) ?? "-"
        return latency + " " + rate(statistics.perMinute(over: seconds))
    }

    /// `EKS Container` for `AWS::EKS::Container`, `client`, `remote API`, `SQL database`.
    static func kind(_ node: ServiceMap.Node) -> String {
        switch node.type {
        case nil: return "service"
        case "client": return "client"
        case "remote": return "remote API"
        case "Database::SQL": return "SQL database"
        case let type?:
            let parts = type.split(separator: ":", omittingEmptySubsequences: true)
            return (parts.first == "AWS" ? parts.dropFirst() : parts[...]).joined(separator: " ")
        }
    }
}

extension String {
    /// One decimal place, without Foundation's locale-dependent formatting.
    init(format1 value: Double) {
        let tenths = Int((value * 10).rounded())
        self = "\(tenths / 10).\(abs(tenths % 10))"
    }
}
