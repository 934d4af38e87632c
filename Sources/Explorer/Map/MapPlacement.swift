import TerminalKit

/// The geometric half of the map layout for an ordered `LayeredGraph`: box heights, ports and
/// rows here; columns, tracks and routes in `MapPlacement+Routing.swift`.
struct Placement {
    let graph: LayeredGraph
    let widths: [Int]
    let spacing: MapLayout.Spacing
    private(set) var top: [Int]
    private(set) var height: [Int]
    /// Row offsets from the item's top where each segment leaves its upper item and enters its
    /// lower item.
    var exitOffset: [Int]
    var entryOffset: [Int]
    var columnX: [Int] = []
    var columnWidth: [Int] = []
    /// Each segment's vertical track (an x), or nil when it runs straight across its gap.
    var trackX: [Int?] = []
    /// Per gap (after layer i): where the labels start.
    var labelX: [Int] = []
    var totalWidth = 0

    init(graph: LayeredGraph, widths: [Int], spacing: MapLayout.Spacing) {
        self.graph = graph
        self.widths = widths
        self.spacing = spacing
        var outgoing = Array(repeating: [Int](), count: graph.itemCount)
        var incoming = Array(repeating: [Int](), count: graph.itemCount)
        for (index, segment) in graph.segments.enumerated() {
            outgoing[segment.upper].append(index)
            incoming[segment.lower].append(index)
        }
        height = (0..<graph.itemCount).map { item in
            guard !graph.isPlaceholder(item) else { return 1 }
            let ports = max(outgoing[item].count, incoming[item].count)
            return spacing.bordered && spacing.portPerEdge ? max(spacing.baseHeight, ports + 2) : spacing.baseHeight
        }
        top = Array(repeating: 0, count: graph.itemCount)
        exitOffset = Array(repeating: 0, count: graph.segments.count)
        entryOffset = Array(repeating: 0, count: graph.segments.count)
        // Ports follow the order of what is at the other end, so edges leaving one box do not
        // cross each other.
        for item in 0..<graph.itemCount {
            let exits = outgoing[item].sorted {
                graph.position[graph.segments[$0].lower] < graph.position[graph.segments[$1].lower]
            }
            for (k, segment) in exits.enumerated() {
                exitOffset[segment] = Self.portOffset(k, of: exits.count, height: height[item], spacing)
            }
            let entries = incoming[item].sorted {
                graph.position[graph.segments[$0].upper] < graph.position[graph.segments[$1].upper]
            }
            for (k, segment) in entries.enumerated() {
                entryOffset[segment] = Self.portOffset(k, of: entries.count, height: height[item], spacing)
            }
        }
    }

    /// Port `k` of `count` on a side of an item: centred on the inner rows of a bordered box,
    /// spread over them when there are more ports than rows, the middle row when ports are
    /// shared, row 0 for a one-row item.
    static func portOffset(_ k: Int, of count: Int, height: Int, _ spacing: MapLayout.Spacing) -> Int {
        guard spacing.bordered, height > 2 else { return 0 }
        let rows = height - 2
        guard spacing.portPerEdge else { return 1 + (rows - 1) / 2 }
        return 1 + (count <= rows ? (rows - count) / 2 + k : k * rows / count)
    }

    /// Rows within each layer, keeping the order: each item as near as the order allows to the
    /// rows that make its edges straight, alternately towards its callers and its callees, and
    /// finally towards its callers (so a chain of single calls is one straight line).
    mutating func placeRows() {
        var incoming = Array(repeating: [Int](), count: graph.itemCount)
        var outgoing = Array(repeating: [Int](), count: graph.itemCount)
        for (index, segment) in graph.segments.enumerated() {
            incoming[segment.lower].append(index)
            outgoing[segment.upper].append(index)
        }
        let towardsCallers = { (placement: Placement, item: Int) -> Double? in
            incoming[item].isEmpty
                ? nil
                : incoming[item].map { Double(placement.exitRow($0) - placement.entryOffset[$0]) }.mean
        }
        let towardsCallees = { (placement: Placement, item: Int) -> Double? in
            outgoing[item].isEmpty
                ? nil
                : outgoing[item].map { Double(placement.entryRow($0) - placement.exitOffset[$0]) }.mean
        }
        let layerOrder = Array(graph.layers.indices)
        for (pass, forward) in [true, false, true, false, true, false, true].enumerated() {
            for index in forward ? layerOrder : layerOrder.reversed() {
                let items = graph.layers[index]
                let desired = items.map { item in
                    (forward ? towardsCallers(self, item) : towardsCallees(self, item)) ?? Double(top[item])
                }
                // The first pass starts from nothing: stack items with no callers from the top.
                let start =
                    pass == 0
                    ? items.indices.map { offset in incoming[items[offset]].isEmpty ? -1e9 : desired[offset] } : desired
                for (item, row) in zip(
                    items, Self.pack(desired: start, heights: items.map { height[$0] }, gap: spacing.verticalGap))
                {
                    top[item] = row
                }
            }
        }
        let lowest = top.min() ?? 0
        for item in top.indices { top[item] -= lowest }
    }

    /// Rows for items in order, each as near its desired row as the order and the gaps allow
    /// (least squares): items that would overlap are merged into a block placed at its
    /// members' mean, merging backwards until no blocks overlap.
    static func pack(desired: [Double], heights: [Int], gap: Int) -> [Int] {
        struct Block {
            var first: Int
            var count: Int
            /// Sum over members of (desired row - offset within the block).
            var sum: Double
            var size: Int
            var top: Double { sum / Double(count) }
        }
        var blocks: [Block] = []
        for index in desired.indices {
            var block = Block(first: index, count: 1, sum: desired[index], size: heights[index])
            while let last = blocks.last, last.top + Double(last.size + gap) > block.top {
                let shift = last.size + gap
                block = Block(
                    first: last.first, count: last.count + block.count,
                    sum: last.sum + block.sum - Double(block.count * shift), size: shift + block.size)
                blocks.removeLast()
            }
            blocks.append(block)
        }
        var rows: [Int] = []
        var nextFree = Int.min
        for block in blocks {
            var row = max(Int(block.top.rounded()), nextFree)
            for index in block.first..<(block.first + block.count) {
                rows.append(row)
                row += heights[index] + gap
            }
            nextFree = row
        }
        return rows
    }

    func exitRow(_ segment: Int) -> Int { top[graph.segments[segment].upper] + exitOffset[segment] }
    func entryRow(_ segment: Int) -> Int { top[graph.segments[segment].lower] + entryOffset[segment] }
}

extension Array where Element == Double {
    var mean: Double { isEmpty ? 0 : reduce(0, +) / Double(count) }
}
