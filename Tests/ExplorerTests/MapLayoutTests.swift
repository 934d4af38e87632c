import SampleData
import TerminalKit
import Testing

@testable import Explorer

/// The map's three densities (as `MapDensity` sets them up) and compact boxes with a port per edge.
private enum Density: String, CaseIterable, Sendable {
    case detailed, compact, compactPorts, dense

    var spacing: MapLayout.Spacing {
        switch self {
        case .detailed: MapLayout.Spacing(bordered: true, portPerEdge: true, baseHeight: 6, labelWidth: 17)
        case .compact: MapLayout.Spacing(bordered: true, portPerEdge: false, baseHeight: 3, labelWidth: 0)
        case .compactPorts: MapLayout.Spacing(bordered: true, portPerEdge: true, baseHeight: 3, labelWidth: 0)
        case .dense: MapLayout.Spacing(bordered: false, portPerEdge: false, baseHeight: 1, labelWidth: 0)
        }
    }
}

/// A seeded pseudo-random service graph: nodes in intended layers with callers in the layer
/// before, plus edges skipping layers, 2-cycles and longer cycles, self-loops, duplicate edges,
/// isolated nodes and box widths 8...30, all shuffled together.
private struct RandomGraph: Sendable, CustomTestStringConvertible {
    let nodes: Int
    let seed: UInt64

    var testDescription: String { "\(nodes) nodes, seed \(seed)" }

    static let all: [RandomGraph] =
        (1...8).map { RandomGraph(nodes: 5, seed: $0) } + (1...12).map { RandomGraph(nodes: 12, seed: $0) }
        + (1...4).map { RandomGraph(nodes: 50, seed: $0) }
        + (1...2).map { RandomGraph(nodes: 200, seed: $0) } + (1...2).map { RandomGraph(nodes: 500, seed: $0) }

    func make() -> (widths: [Int], edges: [(from: Int, to: Int)]) {
        var rng = SeededRandom(seed: seed &* 1_000_003 &+ UInt64(nodes))
        let widths = (0..<nodes).map { _ in rng.int(8...30) }
        let depth = max(3, Int(Double(nodes).squareRoot()))
        var layerOf = [Int?](repeating: nil, count: nodes)
        var byLayer = Array(repeating: [Int](), count: depth)
        // Node 4 (and about 5% of the rest) stay isolated: no edges at all. The first nodes fill
        // every layer once, so even a small graph has calls.
        for node in 0..<nodes where node != 4 && !rng.chance(0.05) {
            let layer = node < depth ? node : rng.int(0...(depth - 1))
            layerOf[node] = layer
            byLayer[layer].append(node)
        }
        let placed = (0..<nodes).filter { layerOf[$0] != nil }
        var edges: [(from: Int, to: Int)] = []
        // The layered DAG: one or two callers in the layer before.
        for node in placed {
            let layer = layerOf[node]!
            guard layer > 0, !byLayer[layer - 1].isEmpty else { continue }
            for _ in 0..<rng.int(1...2) { edges.append((rng.pick(byLayer[layer - 1]), node)) }
        }
        guard !placed.isEmpty else { return (widths, edges) }
        // Edges skipping one to three layers.
        for _ in 0..<max(2, nodes / 8) {
            let from = rng.pick(placed)
            let target = layerOf[from]! + rng.int(2...4)
            if target < depth, !byLayer[target].isEmpty { edges.append((from, rng.pick(byLayer[target]))) }
        }
        // Cycles: A→B→A by reversing an existing edge, and longer ones by calling back two or three layers.
        for _ in 0..<max(1, nodes / 25) where !edges.isEmpty {
            let edge = rng.pick(edges)
            edges.append((edge.to, edge.from))
        }
        for _ in 0..<max(1, nodes / 25) {
            let from = rng.pick(placed)
            let target = layerOf[from]! - rng.int(2...3)
            if target >= 0, !byLayer[target].isEmpty { edges.append((from, rng.pick(byLayer[target]))) }
        }
        for _ in 0..<max(1, nodes / 20) where !edges.isEmpty { edges.append(rng.pick(edges)) }
        for _ in 0..<max(1, nodes / 20) {
            let node = rng.pick(placed)
            edges.append((node, node))
        }
        for index in stride(from: edges.count - 1, to: 0, by: -1) {
            edges.swapAt(index, rng.int(0...index))
        }
        return (widths, edges)
    }
}

/// Failed checks grouped by property, recorded as one issue per property so a broken layout of
/// 500 nodes says what is wrong without thousands of lines.
private struct Problems {
    private(set) var byProperty: [String: [String]] = [:]

    mutating func check(_ condition: Bool, _ property: String, _ detail: @autoclosure () -> String) {
        if !condition { byProperty[property, default: []].append(detail()) }
    }

    func record(_ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for (property, details) in byProperty.sorted(by: { $0.key < $1.key }) {
            Issue.record(
                "\(context): \(property) (\(details.count)x), e.g. \(details.prefix(3).joined(separator: "; "))",
                sourceLocation: sourceLocation)
        }
    }
}

private struct Pair: Hashable {
    var from: Int
    var to: Int
}

private func overlaps(_ a: Rect, _ b: Rect) -> Bool {
    a.x < b.maxX && b.x < a.maxX && a.y < b.maxY && b.y < a.maxY
}

/// The cells of one straight piece of a polyline, as a rectangle one cell wide or tall.
private func cells(_ a: MapLayout.Point, _ b: MapLayout.Point) -> Rect {
    Rect(x: min(a.x, b.x), y: min(a.y, b.y), width: abs(a.x - b.x) + 1, height: abs(a.y - b.y) + 1)
}

/// Every property the layout promises for any input; returns what failed.
private func verify(_ layout: MapLayout, widths: [Int], edges: [(from: Int, to: Int)], spacing: MapLayout.Spacing)
    -> Problems
{
    var problems = Problems()
    let count = widths.count
    let bounds = Rect(x: 0, y: 0, width: layout.width, height: layout.height)
    problems.check(layout.boxes.count == count, "one box per node", "\(layout.boxes.count) boxes for \(count) nodes")
    problems.check(layout.layers.count == count, "one layer per node", "\(layout.layers.count) layers")
    guard layout.boxes.count == count, layout.layers.count == count else { return problems }
    let boxes = layout.boxes

    // What the routes should be: one per distinct (from, to) pair, carrying its first index.
    var firstIndex: [Pair: Int] = [:]
    var expectedSelfLoops = Set<Int>()
    var successors = Array(repeating: [Int](), count: count)
    for (index, edge) in edges.enumerated() {
        // Edges naming a node that does not exist are ignored.
        guard (0..<count).contains(edge.from), (0..<count).contains(edge.to) else { continue }
        if edge.from == edge.to {
            expectedSelfLoops.insert(edge.from)
        } else if firstIndex[Pair(from: edge.from, to: edge.to)] == nil {
            firstIndex[Pair(from: edge.from, to: edge.to)] = index
            successors[edge.from].append(edge.to)
        }
    }
    problems.check(layout.selfLoops == expectedSelfLoops, "self-loops", "\(layout.selfLoops) != \(expectedSelfLoops)")
    let expectedEdges = Set(firstIndex.values)
    let routedEdges = layout.routes.map(\.edge)
    problems.check(
        routedEdges.count == Set(routedEdges).count, "at most one route per edge", "\(routedEdges.count) routes")
    problems.check(
        Set(routedEdges) == expectedEdges, "a route for exactly the first of each distinct non-loop edge",
        "missing \(expectedEdges.subtracting(routedEdges).sorted()), extra \(Set(routedEdges).subtracting(expectedEdges).sorted())"
    )

    // Boxes: the given widths, heights from the density and degree, inside the canvas, disjoint.
    var outDegree = Array(repeating: 0, count: count)
    var inDegree = Array(repeating: 0, count: count)
    for route in layout.routes where edges.indices.contains(route.edge) {
        let edge = edges[route.edge]
        let (left, right) = route.reversed ? (edge.to, edge.from) : (edge.from, edge.to)
        outDegree[left] += 1
        inDegree[right] += 1
    }
    for (node, box) in boxes.enumerated() {
        problems.check(box.width == widths[node], "box width", "node \(node): \(box)")
        let ports = max(outDegree[node], inDegree[node])
        let height = spacing.bordered && spacing.portPerEdge ? max(spacing.baseHeight, ports + 2) : spacing.baseHeight
        problems.check(box.height == height, "box height", "node \(node) with \(ports) ports: \(box)")
        problems.check(box.intersection(bounds) == box, "boxes within bounds", "node \(node): \(box) in \(bounds)")
    }
    for a in boxes.indices {
        for b in (a + 1)..<boxes.count {
            problems.check(!overlaps(boxes[a], boxes[b]), "boxes disjoint", "\(a) \(boxes[a]) and \(b) \(boxes[b])")
        }
    }

    // Layers: contiguous from 0, one column each, left to right.
    let layerCount = (layout.layers.max() ?? -1) + 1
    var columns = Array(repeating: [Int](), count: layerCount)
    for (node, layer) in layout.layers.enumerated() where layer >= 0 { columns[layer].append(node) }
    for (layer, nodes) in columns.enumerated() {
        problems.check(!nodes.isEmpty, "every layer holds a node", "layer \(layer) is empty")
        problems.check(
            Set(nodes.map { boxes[$0].x }).count <= 1, "a layer is one column",
            "layer \(layer): \(nodes.map { boxes[$0].x })")
        let stacked = nodes.map { boxes[$0] }.sorted { $0.y < $1.y }
        for (upper, lower) in zip(stacked, stacked.dropFirst()) {
            problems.check(
                upper.maxY + spacing.verticalGap <= lower.y, "vertical gap between boxes in a column",
                "layer \(layer): \(upper) above \(lower)")
        }
        if layer > 0, let right = nodes.map({ boxes[$0].x }).min(),
            let left = columns[layer - 1].map({ boxes[$0].maxX }).max()
        {
            problems.check(
                left < right, "columns left to right with a gap", "layer \(layer) at \(right), previous ends \(left)")
        }
    }

    // Longest-path layering of the graph with the reversed edges turned round.
    var expectedLayer = Array(repeating: 0, count: count)
    var predecessors = Array(repeating: [Int](), count: count)
    for route in layout.routes where edges.indices.contains(route.edge) {
        let edge = edges[route.edge]
        let (left, right) = route.reversed ? (edge.to, edge.from) : (edge.from, edge.to)
        predecessors[right].append(left)
    }
    for node in 0..<count where !predecessors[node].isEmpty {
        expectedLayer[node] = predecessors[node].map { layout.layers[$0] + 1 }.max()!
    }
    problems.check(layout.layers == expectedLayer, "longest-path layers", "\(layout.layers) != \(expectedLayer)")

    // Routes.
    var exitRows: [Int: [Int]] = [:]
    var entryRows: [Int: [Int]] = [:]
    /// Verticals by x; `fork` is the left box and exit row of a vertical in the first gap, which
    /// routes leaving one shared port may share (a tree), and nil for any other.
    var verticals: [Int: [(low: Int, high: Int, edge: Int, fork: [Int]?)]] = [:]
    var columnX = Array(repeating: Int.max, count: layerCount)
    for (node, layer) in layout.layers.enumerated() where layer >= 0 {
        columnX[layer] = min(columnX[layer], boxes[node].x)
    }
    var labels: [(rect: Rect, edge: Int)] = []
    var pieces: [(rect: Rect, edge: Int)] = []
    for route in layout.routes {
        guard edges.indices.contains(route.edge), route.points.count >= 2 else {
            problems.check(false, "route well formed", "edge \(route.edge), \(route.points.count) points")
            continue
        }
        let edge = edges[route.edge]
        let (left, right) = route.reversed ? (edge.to, edge.from) : (edge.from, edge.to)
        let (first, last) = (route.points[0], route.points[route.points.count - 1])
        let context = "edge \(route.edge) \(edge.from)→\(edge.to)\(route.reversed ? " (reversed)" : "")"
        problems.check(
            layout.layers[left] < layout.layers[right], "routes go to a later layer",
            "\(context): layers \(layout.layers[left]) → \(layout.layers[right])")
        let (leftBox, rightBox) = (boxes[left], boxes[right])
        problems.check(
            first.x == leftBox.maxX && (leftBox.y..<leftBox.maxY).contains(first.y),
            "route starts right of the left box",
            "\(context): \(first) vs \(leftBox)")
        problems.check(
            last.x == rightBox.x - 1 && (rightBox.y..<rightBox.maxY).contains(last.y),
            "route ends left of the right box", "\(context): \(last) vs \(rightBox)")
        if spacing.bordered && spacing.portPerEdge && spacing.baseHeight > 2 {
            problems.check(
                first.y > leftBox.y && first.y < leftBox.maxY - 1, "ports on inner rows",
                "\(context): exit row \(first.y) of \(leftBox)")
            problems.check(
                last.y > rightBox.y && last.y < rightBox.maxY - 1, "ports on inner rows",
                "\(context): entry row \(last.y) of \(rightBox)")
        } else if !spacing.portPerEdge {
            // Shared ports: the middle inner row of a bordered box, else the top row.
            func middle(_ box: Rect) -> Int {
                spacing.bordered && box.height > 2 ? box.y + 1 + (box.height - 3) / 2 : box.y
            }
            problems.check(
                first.y == middle(leftBox) && last.y == middle(rightBox), "shared ports on the middle row",
                "\(context): rows \(first.y) → \(last.y) of \(leftBox) → \(rightBox)")
        }
        exitRows[left, default: []].append(first.y)
        entryRows[right, default: []].append(last.y)
        problems.check(
            route.arrow == (route.reversed ? first : last), "arrow next to the target", "\(context): \(route.arrow)")
        for (a, b) in zip(route.points, route.points.dropFirst()) {
            problems.check(
                a != b && (a.x == b.x || a.y == b.y), "orthogonal, no empty pieces", "\(context): \(a) → \(b)")
            problems.check(a.x <= b.x, "routes run left to right", "\(context): \(a) → \(b)")
            let piece = cells(a, b)
            pieces.append((piece, route.edge))
            problems.check(
                piece.intersection(bounds) == piece, "routes within bounds", "\(context): \(piece) in \(bounds)")
            for (node, box) in boxes.enumerated() where overlaps(piece, box) {
                problems.check(false, "routes avoid boxes", "\(context): \(a) → \(b) crosses node \(node) \(box)")
            }
            if a.x == b.x && a.y != b.y {
                let nextColumn = layout.layers[left] + 1 < layerCount ? columnX[layout.layers[left] + 1] : Int.max
                let fork = a.x < nextColumn && a.y == first.y ? [left, first.y] : nil
                verticals[a.x, default: []].append((min(a.y, b.y), max(a.y, b.y), route.edge, fork))
            }
        }
        if spacing.labelWidth > 0 {
            guard let label = route.label else {
                problems.check(false, "a label per route", "\(context) has none")
                continue
            }
            labels.append((label, route.edge))
            problems.check(
                label.width == spacing.labelWidth && label.height == 1, "label size", "\(context): \(label)")
            problems.check(label.intersection(bounds) == label, "labels within bounds", "\(context): \(label)")
            for (node, box) in boxes.enumerated() where overlaps(label, box) {
                problems.check(false, "labels avoid boxes", "\(context): \(label) on node \(node) \(box)")
            }
            // On the last run into the right-hand box, with a cell of line before the arrowhead.
            let beforeLast = route.points[route.points.count - 2]
            problems.check(
                label.y == last.y && beforeLast.y == last.y && label.x > beforeLast.x && label.maxX < last.x,
                "label on the run into the right box", "\(context): \(label), run \(beforeLast) → \(last)")
        } else {
            problems.check(
                route.label == nil, "no labels without label room", "\(context): \(String(describing: route.label))")
        }
    }
    if spacing.bordered && spacing.portPerEdge && spacing.baseHeight > 2 {
        for (node, rows) in exitRows {
            problems.check(Set(rows).count == rows.count, "one exit row per route", "node \(node): \(rows.sorted())")
        }
        for (node, rows) in entryRows {
            problems.check(Set(rows).count == rows.count, "one entry row per route", "node \(node): \(rows.sorted())")
        }
    }
    // Tracks are shared only by verticals whose rows do not overlap, or that fork from one port.
    for (x, runs) in verticals {
        for (index, a) in runs.enumerated() {
            for b in runs[(index + 1)...] where a.low <= b.high && b.low <= a.high {
                problems.check(
                    a.fork != nil && a.fork == b.fork, "verticals share cells only in a fork",
                    "x \(x): edge \(a.edge) rows \(a.low)...\(a.high) and edge \(b.edge) rows \(b.low)...\(b.high)")
            }
        }
    }
    // With a port per edge, labels do not cover each other or other edges' lines.
    for (index, label) in labels.enumerated() where spacing.portPerEdge {
        for other in labels[(index + 1)...] where overlaps(label.rect, other.rect) {
            problems.check(false, "labels disjoint", "edges \(label.edge) and \(other.edge): \(label.rect)")
        }
        for piece in pieces where piece.edge != label.edge && overlaps(piece.rect, label.rect) {
            problems.check(
                false, "labels clear of other lines", "edge \(label.edge)'s label \(label.rect) on edge \(piece.edge)")
        }
    }

    // Only edges on a cycle are drawn reversed: the target reaches the source.
    for route in layout.routes where route.reversed && edges.indices.contains(route.edge) {
        let edge = edges[route.edge]
        var seen: Set<Int> = [edge.to]
        var queue = [edge.to]
        while let node = queue.popLast(), !seen.contains(edge.from) {
            for next in successors[node] where seen.insert(next).inserted { queue.append(next) }
        }
        problems.check(seen.contains(edge.from), "only edges on cycles are reversed", "edge \(route.edge) \(edge)")
    }
    return problems
}

@Suite struct MapLayoutTests {
    // MARK: properties on random graphs

    @Test(arguments: RandomGraph.all, Density.allCases)
    fileprivate func invariantsHoldOnRandomGraphs(graph: RandomGraph, density: Density) {
        let (widths, edges) = graph.make()
        let layout = MapLayout(widths: widths, edges: edges, spacing: density.spacing)
        verify(layout, widths: widths, edges: edges, spacing: density.spacing).record("\(graph), \(density)")
        let again = MapLayout(widths: widths, edges: edges, spacing: density.spacing)
        #expect(layout == again, "same input, same layout")
        #expect(layout.hashValue == again.hashValue)
    }

    @Test func randomGraphsHaveTheIntendedMix() {
        // Guards the generator: the property test above is only as good as the graphs it sees.
        for graph in RandomGraph.all {
            let (widths, edges) = graph.make()
            let layout = MapLayout(widths: widths, edges: edges, spacing: Density.compact.spacing)
            var pairs = Set<Pair>()
            var duplicates = 0
            for edge in edges where edge.from != edge.to && !pairs.insert(Pair(from: edge.from, to: edge.to)).inserted {
                duplicates += 1
            }
            let touched = Set(edges.flatMap { [$0.from, $0.to] })
            #expect(widths.allSatisfy { (8...30).contains($0) })
            #expect(touched.count < widths.count, "\(graph): an isolated node")
            #expect(!layout.selfLoops.isEmpty, "\(graph): a self-loop")
            #expect(duplicates > 0, "\(graph): a duplicate edge")
            if graph.nodes >= 50 {
                let reversed = layout.routes.filter { $0.reversed }
                #expect(!reversed.isEmpty, "\(graph): a cycle")
                #expect(
                    layout.routes.contains { route in
                        let edge = edges[route.edge]
                        return abs(layout.layers[edge.from] - layout.layers[edge.to]) > 1
                    }, "\(graph): an edge skipping layers")
                #expect(
                    layout.routes.contains { pairs.contains(Pair(from: edges[$0.edge].to, to: edges[$0.edge].from)) },
                    "\(graph): a 2-cycle")
            }
        }
    }

    // MARK: hand-made graphs with known answers

    @Test func chainIsThreeLayersOfStraightRoutes() throws {
        let spacing = Density.detailed.spacing
        let edges: [(from: Int, to: Int)] = [(0, 1), (1, 2)]
        let layout = MapLayout(widths: [10, 12, 8], edges: edges, spacing: spacing)
        #expect(layout.layers == [0, 1, 2])
        // Each gap: a cell, no tracks, a cell, the 17-cell label and a cell of line, the arrowhead.
        #expect(
            layout.boxes == [
                Rect(x: 0, y: 0, width: 10, height: 6), Rect(x: 31, y: 0, width: 12, height: 6),
                Rect(x: 64, y: 0, width: 8, height: 6),
            ])
        #expect(layout.width == 72 && layout.height == 6)
        #expect(layout.selfLoops.isEmpty)
        #expect(layout.routes.map(\.edge) == [0, 1])
        #expect(
            layout.routes.map(\.points) == [
                [.init(x: 10, y: 2), .init(x: 30, y: 2)], [.init(x: 43, y: 2), .init(x: 63, y: 2)],
            ])
        #expect(layout.routes.allSatisfy { !$0.reversed && $0.arrow == $0.points.last })
        try #require(layout.routes.count == 2)
        #expect(layout.routes[0].label == Rect(x: 12, y: 2, width: 17, height: 1))
        #expect(layout.routes[1].label == Rect(x: 45, y: 2, width: 17, height: 1))
        verify(layout, widths: [10, 12, 8], edges: edges, spacing: spacing).record("chain")
        for density in Density.allCases {
            let other = MapLayout(widths: [10, 12, 8], edges: edges, spacing: density.spacing)
            #expect(Set(other.boxes.map(\.y)).count == 1, "\(density): equal tops")
            #expect(other.routes.allSatisfy { $0.points.count == 2 && $0.points[0].y == $0.points[1].y }, "\(density)")
        }
    }

    @Test func diamondSplitsAndJoins() throws {
        let edges: [(from: Int, to: Int)] = [(0, 1), (0, 2), (1, 3), (2, 3)]
        var graph = LayeredGraph(nodeCount: 4, edges: edges)
        graph.order(hint: [])
        #expect(graph.crossings() == 0)
        for density in Density.allCases {
            let layout = MapLayout(widths: [10, 10, 10, 10], edges: edges, spacing: density.spacing)
            #expect(layout.layers == [0, 1, 1, 2])
            #expect(layout.routes.count == 4 && layout.routes.allSatisfy { !$0.reversed })
            let boxes = layout.boxes
            // The branches are stacked in one column; fork and join sit between them.
            #expect(boxes[1].x == boxes[2].x && boxes[1].maxY < boxes[2].y, "\(density)")
            for node in [0, 3] {
                #expect(boxes[node].y > boxes[1].y && boxes[node].maxY < boxes[2].maxY, "\(density): node \(node)")
            }
            let exits = layout.routes.filter { edges[$0.edge].from == 0 }.sorted { $0.edge < $1.edge }.map(\.points)
            try #require(exits.count == 2 && exits.allSatisfy { $0.count >= 2 })
            if density.spacing.portPerEdge {
                // Two ports make the fork and the join taller than a compact box when it has one.
                let base = density.spacing.baseHeight
                #expect(boxes.map(\.height) == [max(4, base), base, base, max(4, base)], "\(density)")
                // The fork's upper port feeds the upper branch.
                #expect(exits[0][0].y < exits[1][0].y, "\(density)")
            } else {
                // One shared port: the two calls leave together and fork on one track.
                #expect(exits[0].prefix(2) == exits[1].prefix(2), "\(density)")
            }
            verify(layout, widths: [10, 10, 10, 10], edges: edges, spacing: density.spacing).record(
                "diamond, \(density)")
        }
    }

    @Test func routesBelowTheLastBoxAreInsideTheHeight() {
        // A → B → C and A → C: the long edge's placeholder goes under B; in one-row boxes nothing
        // else reaches that row, so the route drawn through it must still count in `height`.
        let edges: [(from: Int, to: Int)] = [(0, 1), (1, 2), (0, 2)]
        for density in Density.allCases {
            let layout = MapLayout(widths: [8, 8, 8], edges: edges, spacing: density.spacing)
            let lowest = layout.routes.flatMap(\.points).map(\.y).max() ?? 0
            #expect(lowest < layout.height, "\(density): \(layout.routes.map(\.points)), height \(layout.height)")
        }
    }

    @Test func twoCycleReversesOneEdge() throws {
        let edges: [(from: Int, to: Int)] = [(0, 1), (1, 0)]
        for density in Density.allCases {
            let layout = MapLayout(widths: [10, 10], edges: edges, spacing: density.spacing)
            #expect(layout.layers == [0, 1])
            #expect(layout.routes.map(\.edge) == [0, 1])
            #expect(layout.routes.map(\.reversed) == [false, true])
            try #require(layout.routes.count == 2 && layout.routes.allSatisfy { !$0.points.isEmpty })
            let (forward, back) = (layout.routes[0], layout.routes[1])
            // Both run from box 0 to box 1; the back edge's arrowhead points at box 0.
            #expect(back.points.first?.x == layout.boxes[0].maxX && back.arrow == back.points.first)
            #expect(forward.arrow == forward.points.last)
            if density.spacing.bordered && density.spacing.portPerEdge {
                #expect(forward.points[0].y != back.points[0].y, "\(density): separate ports")
            }
            verify(layout, widths: [10, 10], edges: edges, spacing: density.spacing).record("2-cycle, \(density)")
        }
    }

    @Test func longerCycleIsBrokenAfterTheClient() throws {
        // client 3 → 0 → 1 → 2 → 0: the search starts at the client, so 2 → 0 is the edge drawn backwards,
        // spanning two layers through a placeholder.
        let edges: [(from: Int, to: Int)] = [(0, 1), (1, 2), (2, 0), (3, 0)]
        for density in Density.allCases {
            let layout = MapLayout(widths: [9, 9, 9, 9], edges: edges, spacing: density.spacing)
            #expect(layout.layers == [1, 2, 3, 0])
            #expect(layout.routes.filter { $0.reversed }.map(\.edge) == [2])
            let back = try #require(layout.routes.first { $0.edge == 2 })
            #expect(back.points.first?.x == layout.boxes[0].maxX && back.arrow == back.points.first)
            #expect(back.points.last?.x == layout.boxes[2].x - 1)
            verify(layout, widths: [9, 9, 9, 9], edges: edges, spacing: density.spacing).record("3-cycle, \(density)")
        }
        // Client 2 → 1 ⇄ 0: the call back against the client's flow (0 → 1) is the reversed one,
        // even though the cycle's nodes come first.
        let flow: [(from: Int, to: Int)] = [(0, 1), (1, 0), (2, 1)]
        let layout = MapLayout(widths: [9, 9, 9], edges: flow, spacing: Density.detailed.spacing)
        #expect(layout.layers == [2, 1, 0])
        #expect(layout.routes.filter { $0.reversed }.map(\.edge) == [0])
    }

    @Test func barycentreOrderRemovesACrossing() throws {
        // Parents 0 and 1 call 3 and 2: input order puts 2 above 3, which crosses.
        let edges: [(from: Int, to: Int)] = [(0, 3), (1, 2)]
        var graph = LayeredGraph(nodeCount: 4, edges: edges)
        graph.order(hint: [])
        #expect(graph.layers == [[0, 1], [3, 2]])
        #expect(graph.crossings() == 0)
        for density in Density.allCases {
            let layout = MapLayout(widths: [10, 10, 10, 10], edges: edges, spacing: density.spacing)
            #expect(layout.boxes[0].y < layout.boxes[1].y && layout.boxes[3].y < layout.boxes[2].y, "\(density)")
            #expect(layout.routes.allSatisfy { $0.points.count == 2 }, "\(density): straight")
            try #require(layout.routes.count == 2 && layout.routes.allSatisfy { $0.points.count == 2 })
            let (a, b) = (layout.routes[0].points, layout.routes[1].points)
            #expect(!overlaps(cells(a[0], a[1]), cells(b[0], b[1])), "\(density): no crossing")
            verify(layout, widths: [10, 10, 10, 10], edges: edges, spacing: density.spacing).record(
                "crossing, \(density)")
        }
    }

    @Test func barycentreSweepsUntangleALargerGraph() {
        // Parents 0, 1, 2 call 5, 4, 3 (4 has all three), which call 8, 7, 6: input order crosses
        // in both gaps, and a downward sweep flips both child layers.
        let edges: [(from: Int, to: Int)] = [(0, 5), (1, 4), (2, 3), (3, 8), (4, 7), (5, 6), (0, 4), (2, 4)]
        var graph = LayeredGraph(nodeCount: 9, edges: edges)
        graph.order(hint: [])
        #expect(graph.layers == [[0, 1, 2], [5, 4, 3], [6, 7, 8]])
        #expect(graph.crossings() == 0)
        var unordered = LayeredGraph(nodeCount: 9, edges: edges)
        unordered.order(hint: [], sweeps: 0)
        #expect(unordered.crossings() == 8)
    }

    @Test func duplicatesShareOneRouteAndLoopsAndStrayEdgesHaveNone() {
        // Edge 1 repeats edge 0, edge 2 is a self-loop, edge 4 names a node that does not exist.
        let edges: [(from: Int, to: Int)] = [(0, 1), (0, 1), (1, 1), (1, 2), (0, 7), (1, 2)]
        let layout = MapLayout(widths: [8, 8, 8], edges: edges, spacing: Density.detailed.spacing)
        #expect(layout.routes.map(\.edge) == [0, 3])
        #expect(layout.selfLoops == [1])
        #expect(layout.boxes.map(\.height) == [6, 6, 6], "a duplicate takes no port of its own")
        verify(layout, widths: [8, 8, 8], edges: edges, spacing: Density.detailed.spacing).record("duplicates")
    }

    @Test func longEdgeRunsThroughThePlaceholderRow() throws {
        let edges: [(from: Int, to: Int)] = [(0, 1), (1, 2), (2, 3), (0, 3)]
        for density in Density.allCases {
            let layout = MapLayout(widths: [12, 20, 8, 10], edges: edges, spacing: density.spacing)
            #expect(layout.layers == [0, 1, 2, 3])
            let long = try #require(layout.routes.first { $0.edge == 3 })
            #expect(long.points.first?.x == layout.boxes[0].maxX)
            #expect(long.points.last?.x == layout.boxes[3].x - 1)
            verify(layout, widths: [12, 20, 8, 10], edges: edges, spacing: density.spacing).record("long, \(density)")
        }
    }

    @Test func orderHintKeepsPreviousRows() {
        let edges: [(from: Int, to: Int)] = [(0, 2), (1, 2)]
        let plain = MapLayout(widths: [8, 8, 8], edges: edges, spacing: Density.compact.spacing)
        #expect(plain.boxes[0].y < plain.boxes[1].y)
        let hinted = MapLayout(
            widths: [8, 8, 8], edges: edges, spacing: Density.compact.spacing, orderHint: [1, 0, nil])
        #expect(hinted.boxes[1].y < hinted.boxes[0].y)
        #expect(MapLayout(widths: [8, 8, 8], edges: edges, spacing: Density.compact.spacing, orderHint: []) == plain)
    }

    /// A node appearing in a laid-out map takes a place among the boxes already there: every
    /// pair of old nodes that shares a column keeps its order from top to bottom.
    @Test(arguments: [
        RandomGraph(nodes: 12, seed: 4), RandomGraph(nodes: 50, seed: 2), RandomGraph(nodes: 200, seed: 1),
    ])
    fileprivate func aNewNodeDoesNotReshuffleTheOldOnes(graph: RandomGraph) {
        let (widths, edges) = graph.make()
        let spacing = Density.compact.spacing
        let before = MapLayout(widths: widths, edges: edges, spacing: spacing)
        var changed = 0
        for caller in stride(from: 0, to: widths.count, by: max(1, widths.count / 6)) {
            // A new service called by `caller`, which calls the first node of the graph in turn.
            let newNode = widths.count
            let after = MapLayout(
                widths: widths + [12], edges: edges + [(caller, newNode), (newNode, 0)], spacing: spacing,
                orderHint: before.boxes.map(\.y) + [nil])
            let plain = MapLayout(
                widths: widths + [12], edges: edges + [(caller, newNode), (newNode, 0)], spacing: spacing)
            for a in 0..<widths.count {
                for b in 0..<widths.count where a < b && before.boxes[a].x == before.boxes[b].x {
                    guard after.boxes[a].x == after.boxes[b].x else { continue }
                    #expect(
                        (before.boxes[a].y < before.boxes[b].y) == (after.boxes[a].y < after.boxes[b].y),
                        "nodes \(a) and \(b) swapped when node \(newNode) arrived from \(caller)")
                    if (before.boxes[a].y < before.boxes[b].y) != (plain.boxes[a].y < plain.boxes[b].y) { changed += 1 }
                }
            }
        }
        // Without the hint, the same graphs would have moved some of them: the check can fail.
        if graph.nodes >= 50 { #expect(changed > 0) }
    }

    @Test func oneStructurePlacedAtEachDensity() {
        let (widths, edges) = RandomGraph(nodes: 50, seed: 9).make()
        let structure = MapLayout.Structure(nodeCount: widths.count, edges: edges)
        for density in Density.allCases {
            let placed = MapLayout(structure: structure, widths: widths, spacing: density.spacing)
            #expect(placed == MapLayout(widths: widths, edges: edges, spacing: density.spacing), "\(density)")
        }
    }

    @Test(arguments: [0, 3])
    func otherVerticalGaps(gap: Int) {
        for graph in [RandomGraph(nodes: 12, seed: 3), RandomGraph(nodes: 50, seed: 5)] {
            let (widths, edges) = graph.make()
            for density in Density.allCases {
                var spacing = density.spacing
                spacing.verticalGap = gap
                let layout = MapLayout(widths: widths, edges: edges, spacing: spacing)
                verify(layout, widths: widths, edges: edges, spacing: spacing).record(
                    "\(graph), \(density), gap \(gap)")
            }
        }
    }

    @Test func emptyAndEdgelessGraphs() {
        let empty = MapLayout(widths: [], edges: [], spacing: Density.detailed.spacing)
        #expect(empty.boxes.isEmpty && empty.routes.isEmpty && empty.width == 0 && empty.height == 0)
        let lonely = MapLayout(widths: [8, 12, 10], edges: [], spacing: Density.compact.spacing)
        #expect(lonely.layers == [0, 0, 0] && lonely.width == 12)
        #expect(lonely.boxes.map(\.y) == [0, 4, 8] && lonely.height == 11)
        #expect(lonely.node(atX: 3, y: 5) == 1 && lonely.node(atX: 3, y: 3) == nil)
    }
}

/// Pairs of routes whose horizontal runs share cells. With a port per edge every route has
/// rows of its own at both ends, so a shared run means two routes are drawn as one.
private func routesSharingRuns(_ layout: MapLayout) -> Set<Pair> {
    var owners: [[Int]: Set<Int>] = [:]
    for route in layout.routes {
        for (a, b) in zip(route.points, route.points.dropFirst()) where a.y == b.y {
            for x in min(a.x, b.x)...max(a.x, b.x) { owners[[x, a.y], default: []].insert(route.edge) }
        }
    }
    var pairs = Set<Pair>()
    for edges in owners.values where edges.count > 1 {
        for a in edges { for b in edges where a < b { pairs.insert(Pair(from: a, to: b)) } }
    }
    return pairs
}

/// A vertical piece of a route: where it bends in a gap, from its exit row to its entry row.
private struct Bend: Hashable {
    var gap: Int
    var from: Int
    var to: Int
    var edge: Int
}

/// Whether two routes' runs are bound to meet: in the same gap, a chain of bends each arriving on
/// the next one's exit row leads from one of them to the other and back. No order of tracks
/// keeps every such bend right of the one it arrives behind, so one pair in the cycle shares.
private func onAConstraintCycle(_ a: Int, _ b: Int, in layout: MapLayout) -> Bool {
    let columns = Array(Set(layout.boxes.map(\.x))).sorted()
    var bends: [Bend] = []
    for route in layout.routes {
        for (p, q) in zip(route.points, route.points.dropFirst()) where p.x == q.x && p.y != q.y {
            bends.append(Bend(gap: columns.lastIndex { $0 < p.x } ?? -1, from: p.y, to: q.y, edge: route.edge))
        }
    }
    /// Bends that `bend` must be right of: the ones leaving on the row it arrives on.
    func behind(_ bend: Bend) -> [Bend] { bends.filter { $0.gap == bend.gap && $0.from == bend.to && $0 != bend } }
    func reaches(_ start: Bend, _ goal: Int) -> Set<Bend> {
        var seen: Set<Bend> = []
        var queue = behind(start)
        var found: Set<Bend> = []
        while let next = queue.popLast() {
            guard seen.insert(next).inserted else { continue }
            if next.edge == goal { found.insert(next) }
            queue += behind(next)
        }
        return found
    }
    return bends.filter { $0.edge == a }.contains { start in
        reaches(start, b).contains { !reaches($0, a).filter { $0.gap == start.gap }.isEmpty }
    }
}

@Suite struct MapRouteSeparationTests {
    @Test func anArrivalOnAnotherEdgesExitRowUsesATrackRightOfIt() {
        // Edge 1→2 leaves box 1 on the row where the reversed edge 2→1 arrives: the arriving
        // edge's vertical must be right of the leaving one's.
        let spacing = Density.detailed.spacing
        let layout = MapLayout(widths: [8, 8, 8], edges: [(0, 1), (2, 0), (1, 2), (2, 1)], spacing: spacing)
        #expect(routesSharingRuns(layout).isEmpty, "\(layout.routes.map(\.points))")
    }

    /// Edges that each arrive on the other's exit row (an X between the same two columns, or a
    /// longer cycle of them) cannot all have the track order that keeps them apart, so one pair
    /// shares a run; any other pair is kept apart. Without that order a fifth to a third of the
    /// routes of the larger graphs shared runs.
    @Test(arguments: RandomGraph.all)
    fileprivate func onlyPairsOnAConstraintCycleShareARun(graph: RandomGraph) {
        let (widths, edges) = graph.make()
        let layout = MapLayout(widths: widths, edges: edges, spacing: Density.detailed.spacing)
        let routes = Dictionary(uniqueKeysWithValues: layout.routes.map { ($0.edge, $0) })
        let shared = routesSharingRuns(layout)
        for pair in shared {
            #expect(
                onAConstraintCycle(pair.from, pair.to, in: layout),
                "\(graph): edges \(pair.from) and \(pair.to) share a run: \(routes[pair.from]!.points) \(routes[pair.to]!.points)"
            )
        }
    }
}
