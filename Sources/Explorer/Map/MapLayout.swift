import TerminalKit

/// Where the service map puts its boxes and how it routes its edges, on a canvas of cells.
///
/// A layered (Sugiyama-style) layout, left to right, computed from the graph's structure only,
/// so the same nodes and edges always get the same picture and statistics can change under it
/// without anything moving:
/// 1. cycles are broken by reversing the back edges a depth-first search finds;
/// 2. each node goes in the layer of its longest path from a source (clients come first);
/// 3. edges that span layers get one placeholder per layer crossed, so they are routed through
///    reserved rows instead of through boxes;
/// 4. each layer is ordered by the barycentre of its neighbours, sweeping down and up, keeping
///    the order with the fewest crossings;
/// 5. rows are assigned left to right, each node as near its callers' centre as the order allows;
/// 6. edges leave a box from its own port row, drop to a vertical track in the gap between
///    layers (tracks are shared by edges whose rows do not overlap) and enter the target from the
///    left, with room for a label just before the arrowhead.
public struct MapLayout: Sendable, Hashable {
    public struct Point: Sendable, Hashable {
        public var x: Int
        public var y: Int
        public init(x: Int, y: Int) {
            self.x = x
            self.y = y
        }
    }

    /// How an edge is drawn: an orthogonal polyline from the cell just right of the caller's
    /// layer-order source to the cell just left of its target, with the arrowhead at one end.
    public struct Route: Sendable, Hashable {
        /// Index into the edges the layout was made from.
        public var edge: Int
        public var points: [Point]
        /// Where the arrowhead goes: the last point, or the first for an edge drawn backwards
        /// (a call against the layer order, from a cycle).
        public var arrow: Point
        public var reversed: Bool
        /// Where the latency and rate label fits, on the row entering the box on the right.
        public var label: Rect?
    }

    /// Box and gap sizes for one density.
    public struct Spacing: Sendable, Hashable {
        /// Boxes with a border have their ports on inner rows.
        public var bordered: Bool
        /// Each edge gets its own port row (boxes grow with their degree, and every edge can
        /// carry a label); otherwise edges share the middle row and fan out as a tree.
        public var portPerEdge: Bool
        public var baseHeight: Int
        /// Cells reserved for an edge label in each gap; 0 draws no labels.
        public var labelWidth: Int
        public var verticalGap: Int

        public init(bordered: Bool, portPerEdge: Bool, baseHeight: Int, labelWidth: Int, verticalGap: Int = 1) {
            self.bordered = bordered
            self.portPerEdge = portPerEdge
            self.baseHeight = baseHeight
            self.labelWidth = labelWidth
            self.verticalGap = verticalGap
        }
    }

    public var boxes: [Rect]
    public var layers: [Int]
    public var routes: [Route]
    /// Nodes that call themselves; they have no route, the view marks the box instead.
    public var selfLoops: Set<Int>
    public var width: Int
    public var height: Int

    /// Lays out `widths.count` nodes (each `widths[i]` cells wide) and the edges between them.
    /// `orderHint` (a previous row per node, when known) seeds the order within a layer, so a
    /// node that appears later does not reshuffle the ones already on screen.
    public init(widths: [Int], edges: [(from: Int, to: Int)], spacing: Spacing, orderHint: [Int?] = []) {
        self.init(
            structure: Structure(nodeCount: widths.count, edges: edges, orderHint: orderHint), widths: widths,
            spacing: spacing)
    }

    /// Steps 1 to 4 (layers and order) depend only on the graph, not on box sizes: the map
    /// computes them once and places them at each density it tries.
    public struct Structure: Sendable {
        let graph: LayeredGraph

        public init(nodeCount: Int, edges: [(from: Int, to: Int)], orderHint: [Int?] = []) {
            var graph = LayeredGraph(nodeCount: nodeCount, edges: edges)
            graph.order(hint: orderHint)
            self.graph = graph
        }
    }

    /// Steps 5 and 6 for boxes `widths[i]` cells wide.
    public init(structure: Structure, widths: [Int], spacing: Spacing) {
        let graph = structure.graph
        precondition(widths.count == graph.nodeCount, "one width per node")
        var placement = Placement(graph: graph, widths: widths, spacing: spacing)
        placement.placeRows()
        placement.placeColumns()
        boxes = placement.boxes
        layers = Array(graph.layer.prefix(widths.count))
        routes = placement.routes()
        selfLoops = graph.selfLoops
        width = placement.totalWidth
        // Long edges run through placeholder rows, which may lie below the last box.
        height = max(boxes.map(\.maxY).max() ?? 0, (routes.flatMap(\.points).map(\.y).max() ?? -1) + 1)
    }

    /// The node whose box holds a cell, if any.
    public func node(atX x: Int, y: Int) -> Int? {
        boxes.firstIndex { $0.contains(x: x, y: y) }
    }
}
