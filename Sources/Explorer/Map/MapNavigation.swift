import TerminalKit
import XRayModel

/// The map tab's part of `update`: keeping the drawn graph and its layout current, selection by
/// direction and by Tab, panning, zoom, and turning a selection into a trace filter.
extension AppState {
    /// Takes the graph from the last load. The layout is recomputed only when the graph's
    /// structure changed, so new numbers never move a box.
    mutating func refreshMap() {
        let services = graph.map(ServiceMap.init) ?? ServiceMap(nodes: [], edges: [])
        let changed = services.structure != map.services.structure
        map.services = services
        if changed || map.layout == nil { layoutMap() }
        if map.selectedNode == nil && map.selectedEdge == nil { map.selection = nil }
        clampPan()
    }

    /// The most detailed density whose layout fits the screen, or the one the user zoomed to.
    /// A map that fits at no density is shown compact (dense past 60 nodes) and panned.
    mutating func layoutMap() {
        let services = map.services
        guard !services.nodes.isEmpty else {
            map.layout = nil
            return
        }
        let body = Rect(x: 0, y: 0, width: width, height: max(0, height - 3))
        let structure = MapLayout.Structure(
            nodeCount: services.nodes.count, edges: services.edges.map { (from: $0.from, to: $0.to) },
            orderHint: services.nodes.map { map.lastRows[$0.id] })
        func make(_ density: MapDensity) -> MapLayout {
            MapLayout(structure: structure, widths: services.nodes.map(density.boxWidth), spacing: density.spacing)
        }
        var chosen: (MapDensity, MapLayout)?
        if let density = map.chosenDensity {
            chosen = (density, make(density))
        } else {
            let margin = 2 * MapGeometry.margin
            for density in MapDensity.allCases {
                let layout = make(density)
                if layout.width + margin <= body.width && layout.height + margin <= body.height {
                    chosen = (density, layout)
                    break
                }
            }
        }
        let (density, layout) =
            chosen
            ?? {
                let fallback: MapDensity = services.nodes.count > 60 ? .dense : .compact
                return (fallback, make(fallback))
            }()
        map.density = density
        map.layout = layout
        for (node, box) in zip(services.nodes, layout.boxes) { map.lastRows[node.id] = box.y }
    }

    mutating func mapCommand(_ command: Command) -> [Effect]? {
        switch command {
        case .left, .right, .up, .down: moveSelection(command)
        case .nextItem: cycleSelection(by: 1)
        case .previousItem: cycleSelection(by: -1)
        case .legend: map.showLegend.toggle()
        case .zoomIn, .zoomOut:
            let step = command == .zoomIn ? -1 : 1
            let next = MapDensity(rawValue: map.density.rawValue + step) ?? map.density
            map.chosenDensity = next
            layoutMap()
            revealSelection()
        case .fitMap:
            // Back to choosing the density that fits, as on a fresh start.
            map.chosenDensity = nil
            layoutMap()
            revealSelection()
        case .panLeft: pan(dx: -max(4, MapGeometry.mapArea(self).width / 4), dy: 0)
        case .panRight: pan(dx: max(4, MapGeometry.mapArea(self).width / 4), dy: 0)
        case .panUp, .pageUp: pan(dx: 0, dy: -max(2, MapGeometry.mapArea(self).height / 2))
        case .panDown, .pageDown: pan(dx: 0, dy: max(2, MapGeometry.mapArea(self).height / 2))
        case .open: return openSelectionTraces(faultsOnly: false)
        case .faults: return openSelectionTraces(faultsOnly: true)
        case .back:
            guard overlay == nil, map.selection != nil else { return nil }
            map.selection = nil
            clampPan()
        default: return nil
        }
        return []
    }

    /// The nearest node in a direction, favouring ones in line with the selection. With nothing
    /// selected, the first key selects the entry service.
    private mutating func moveSelection(_ direction: Command) {
        guard let layout = map.layout, !map.services.nodes.isEmpty else { return }
        var from = map.selectedNode
        if let edge = map.selectedEdge {
            from = direction == .left ? map.services.edges[edge].from : map.services.edges[edge].to
            if direction == .left || direction == .right {
                select(node: from!)
                return
            }
        }
        guard let from else {
            // Start where the console's eye goes first: the entry service a client calls.
            let services = map.services
            let entry = services.edges.first { services.nodes[$0.from].isClient }?.to
            select(node: entry ?? services.nodes.indices.first { !services.nodes[$0].isClient } ?? 0)
            return
        }
        let origin = layout.boxes[from]
        var best: (node: Int, score: Int)?
        for (index, box) in layout.boxes.enumerated() where index != from {
            let dx = (box.x + box.width / 2) - (origin.x + origin.width / 2)
            let dy = (box.y + box.height / 2) - (origin.y + origin.height / 2)
            let (along, across): (Int, Int)
            switch direction {
            case .right: (along, across) = (dx, abs(dy))
            case .left: (along, across) = (-dx, abs(dy))
            case .down: (along, across) = (dy, abs(dx))
            default: (along, across) = (-dy, abs(dx))
            }
            guard along > 0 else { continue }
            let score = along + 3 * across
            if best == nil || score < best!.score { best = (index, score) }
        }
        if let best { select(node: best.node) }
    }

    /// Tab order: nodes column by column, top to bottom, then edges in the same order.
    private mutating func cycleSelection(by step: Int) {
        guard let layout = map.layout, !map.services.nodes.isEmpty else { return }
        let boxes = layout.boxes
        let nodes = map.services.nodes.indices.sorted {
            (boxes[$0].x, boxes[$0].y, $0) < (boxes[$1].x, boxes[$1].y, $1)
        }
        let edges = map.services.edges.indices.sorted {
            let a = map.services.edges[$0]
            let b = map.services.edges[$1]
            return (boxes[a.from].x, boxes[a.from].y, boxes[a.to].y, $0) < (
                boxes[b.from].x, boxes[b.from].y, boxes[b.to].y, $1
            )
        }
        let items: [MapSelection] =
            nodes.map { .node(map.services.nodes[$0].id) }
            + edges.map {
                .edge(
                    from: map.services.nodes[map.services.edges[$0].from].id,
                    to: map.services.nodes[map.services.edges[$0].to].id)
            }
        let current = map.selection.flatMap { items.firstIndex(of: $0) }
        let next = current.map { ($0 + step + items.count) % items.count } ?? (step > 0 ? 0 : items.count - 1)
        map.selection = items[next]
        revealSelection()
    }

    private mutating func select(node index: Int) {
        map.selection = .node(map.services.nodes[index].id)
        revealSelection()
    }

    /// Pans so the selected box (or the selected edge's label end) is in view.
    mutating func revealSelection() {
        guard let layout = map.layout else { return }
        var target: Rect?
        if let node = map.selectedNode {
            target = layout.boxes[node]
        } else if let edge = map.selectedEdge, let route = layout.routes.first(where: { $0.edge == edge }) {
            let end = route.points[route.points.count - 1]
            target = route.label ?? Rect(x: end.x - 4, y: end.y, width: 5, height: 1)
        }
        guard let target else { return }
        let area = MapGeometry.mapArea(self)
        let visibleWidth = area.width - 2 * MapGeometry.margin
        let visibleHeight = area.height - 2 * MapGeometry.margin
        if target.x < map.panX { map.panX = target.x }
        if target.maxX > map.panX + visibleWidth { map.panX = target.maxX - visibleWidth }
        if target.y < map.panY { map.panY = target.y }
        if target.maxY > map.panY + visibleHeight { map.panY = target.maxY - visibleHeight }
        clampPan()
    }

    private mutating func pan(dx: Int, dy: Int) {
        map.panX += dx
        map.panY += dy
        clampPan()
    }

    mutating func clampPan() {
        guard let layout = map.layout else {
            map.panX = 0
            map.panY = 0
            return
        }
        let area = MapGeometry.mapArea(self)
        let margin = 2 * MapGeometry.margin
        map.panX = max(0, min(map.panX, layout.width + margin - area.width))
        map.panY = max(0, min(map.panY, layout.height + margin - area.height))
    }

    /// Enter and `f`: the trace table filtered to the selection, as the console's "view traces".
    private mutating func openSelectionTraces(faultsOnly: Bool) -> [Effect] {
        let services = map.services
        var expression: String?
        if let node = map.selectedNode {
            expression = services.filter(for: node)
            if faultsOnly {
                guard let base = expression else {
                    notice = "the client has no faults of its own; select a service"
                    return []
                }
                expression = base + " { fault }"
            }
        } else if let edge = map.selectedEdge {
            expression = services.filter(forEdge: services.edges[edge])
            if faultsOnly, let base = expression { expression = base + " { fault }" }
        } else {
            return []
        }
        tab = .traces
        guard let expression else { return [] }
        filter = expression
        filterHistory.add(expression)
        selectedRow = 0
        scrollTop = 0
        return [reload(self)]
    }

    /// A click on a box selects it; a click elsewhere on the map clears the selection.
    mutating func clickMap(x: Int, y: Int) {
        guard let layout = map.layout else { return }
        let area = MapGeometry.mapArea(self)
        guard area.contains(x: x, y: y) else { return }
        let origin = MapGeometry.origin(self, layout, in: Rect(x: 0, y: 0, width: area.width, height: area.height))
        if let node = layout.node(atX: x - area.x - origin.x, y: y - area.y - origin.y) {
            select(node: node)
        } else {
            map.selection = nil
            clampPan()
        }
    }
}
