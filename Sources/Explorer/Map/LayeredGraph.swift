/// The combinatorial half of the map layout: cycle breaking, layering, placeholders for long
/// edges and the order within each layer. Items `0..<nodeCount` are the graph's nodes; the
/// rest are placeholders, one per layer a long edge crosses.
struct LayeredGraph: Sendable {
    /// One hop of an edge between adjacent layers.
    struct Segment {
        var upper: Int
        var lower: Int
        /// The input edge this hop belongs to.
        var edge: Int
    }

    /// An input edge as the layout draws it: its chain of items from left to right.
    struct Chain {
        var edge: Int
        var items: [Int]
        var reversed: Bool
    }

    let nodeCount: Int
    private(set) var layer: [Int] = []
    private(set) var segments: [Segment] = []
    private(set) var chains: [Chain] = []
    private(set) var selfLoops: Set<Int> = []
    /// Items of each layer, in drawing order (top to bottom).
    private(set) var layers: [[Int]] = []
    private(set) var position: [Int] = []

    var itemCount: Int { layer.count }
    func isPlaceholder(_ item: Int) -> Bool { item >= nodeCount }

    init(nodeCount: Int, edges: [(from: Int, to: Int)]) {
        self.nodeCount = nodeCount
        var unique: [(edge: Int, from: Int, to: Int)] = []
        var seen = Set<[Int]>()
        for (index, edge) in edges.enumerated() {
            guard (0..<nodeCount).contains(edge.from), (0..<nodeCount).contains(edge.to) else { continue }
            if edge.from == edge.to {
                selfLoops.insert(edge.from)
            } else if seen.insert([edge.from, edge.to]).inserted {
                unique.append((index, edge.from, edge.to))
            }
        }
        let reversed = Self.backEdges(nodeCount: nodeCount, unique.map { ($0.from, $0.to) })
        let forward = unique.enumerated().map { offset, edge in
            reversed.contains(offset) ? (edge.edge, edge.to, edge.from, true) : (edge.edge, edge.from, edge.to, false)
        }
        layer = Self.longestPathLayers(nodeCount: nodeCount, forward.map { ($0.1, $0.2) })
        for (edge, from, to, isReversed) in forward {
            var items = [from]
            for step in (layer[from] + 1)..<layer[to] {
                layer.append(step)
                items.append(layer.count - 1)
            }
            items.append(to)
            for (upper, lower) in zip(items, items.dropFirst()) {
                segments.append(Segment(upper: upper, lower: lower, edge: edge))
            }
            chains.append(Chain(edge: edge, items: items, reversed: isReversed))
        }
    }

    /// The offsets of the edges a depth-first search finds going back to a node still on its
    /// stack. Sources are searched first, so edges out of clients are never reversed.
    private static func backEdges(nodeCount: Int, _ edges: [(Int, Int)]) -> Set<Int> {
        var outgoing = Array(repeating: [(target: Int, offset: Int)](), count: nodeCount)
        var indegree = Array(repeating: 0, count: nodeCount)
        for (offset, (from, to)) in edges.enumerated() {
            outgoing[from].append((to, offset))
            indegree[to] += 1
        }
        let starts = (0..<nodeCount).filter { indegree[$0] == 0 } + (0..<nodeCount).filter { indegree[$0] > 0 }
        enum Mark { case new, onStack, done }
        var mark = Array(repeating: Mark.new, count: nodeCount)
        var back = Set<Int>()
        for start in starts where mark[start] == .new {
            // Iterative, so a long chain of services cannot overflow the stack.
            var stack = [(node: start, next: 0)]
            mark[start] = .onStack
            while let top = stack.last {
                if top.next < outgoing[top.node].count {
                    stack[stack.count - 1].next += 1
                    let (target, offset) = outgoing[top.node][top.next]
                    switch mark[target] {
                    case .onStack: back.insert(offset)
                    case .new:
                        mark[target] = .onStack
                        stack.append((target, 0))
                    case .done: break
                    }
                } else {
                    mark[top.node] = .done
                    stack.removeLast()
                }
            }
        }
        return back
    }

    /// Each node one layer right of its furthest caller (Kahn's topological order).
    private static func longestPathLayers(nodeCount: Int, _ edges: [(Int, Int)]) -> [Int] {
        var outgoing = Array(repeating: [Int](), count: nodeCount)
        var indegree = Array(repeating: 0, count: nodeCount)
        for (from, to) in edges {
            outgoing[from].append(to)
            indegree[to] += 1
        }
        var layer = Array(repeating: 0, count: nodeCount)
        var ready = (0..<nodeCount).filter { indegree[$0] == 0 }
        var next = 0
        while next < ready.count {
            let node = ready[next]
            next += 1
            for target in outgoing[node] {
                layer[target] = max(layer[target], layer[node] + 1)
                indegree[target] -= 1
                if indegree[target] == 0 { ready.append(target) }
            }
        }
        return layer
    }

    // MARK: ordering

    /// Orders each layer by barycentre sweeps, keeping the order with the fewest crossings.
    /// Nodes start in input order, or by `hint` (their previous rows) where given. Hinted nodes
    /// keep their order among themselves: when a node appears, it finds its place between the
    /// boxes already on screen instead of reshuffling them.
    mutating func order(hint: [Int?], sweeps: Int = 8) {
        // Items whose order among themselves the sweeps keep (the nodes already on screen).
        let pinned = (0..<itemCount).map { $0 < hint.count && hint[$0] != nil }
        let layerCount = (layer.max() ?? -1) + 1
        layers = Array(repeating: [], count: layerCount)
        let seeded = (0..<itemCount).sorted { a, b in
            let ha = a < hint.count ? hint[a] : nil
            let hb = b < hint.count ? hint[b] : nil
            return (ha ?? Int.max, a) < (hb ?? Int.max, b)
        }
        for item in seeded { layers[layer[item]].append(item) }
        position = Array(repeating: 0, count: itemCount)
        renumber()
        var upper = Array(repeating: [Int](), count: itemCount)
        var lower = Array(repeating: [Int](), count: itemCount)
        for segment in segments {
            lower[segment.upper].append(segment.lower)
            upper[segment.lower].append(segment.upper)
        }
        var best = layers
        var bestCrossings = crossings()
        for sweep in 0..<sweeps where bestCrossings > 0 {
            let down = sweep % 2 == 0
            let order = down ? Array(layers.indices.dropFirst()) : Array(layers.indices.dropLast().reversed())
            for index in order {
                reorder(layer: index, by: down ? upper : lower, keeping: pinned)
            }
            let count = crossings()
            if count < bestCrossings {
                bestCrossings = count
                best = layers
            }
        }
        layers = best
        renumber()
    }

    private mutating func reorder(layer index: Int, by neighbours: [[Int]], keeping pinned: [Bool]) {
        let keyed = layers[index].map { item -> (item: Int, key: Double) in
            let around = neighbours[item]
            guard !around.isEmpty, !pinned[item] else { return (item, Double(position[item])) }
            return (item, Double(around.reduce(0) { $0 + position[$1] }) / Double(around.count))
        }
        layers[index] = keyed.sorted { ($0.key, position[$0.item]) < ($1.key, position[$1.item]) }.map(\.item)
        for (offset, item) in layers[index].enumerated() { position[item] = offset }
    }

    private mutating func renumber() {
        for items in layers {
            for (offset, item) in items.enumerated() { position[item] = offset }
        }
    }

    /// Edge crossings between adjacent layers: inversions among the segments sorted by their
    /// upper end, counted with a Fenwick tree (O(E log V) per layer pair).
    func crossings() -> Int {
        var byLayer = Array(repeating: [(Int, Int)](), count: layers.count)
        for segment in segments {
            byLayer[layer[segment.upper]].append((position[segment.upper], position[segment.lower]))
        }
        var total = 0
        for (index, pairs) in byLayer.enumerated() where pairs.count > 1 {
            let size = index + 1 < layers.count ? layers[index + 1].count : 0
            var tree = Array(repeating: 0, count: size + 1)
            var inserted = 0
            for (_, lowerPosition) in pairs.sorted(by: { $0 < $1 }) {
                // Segments already inserted whose lower end is to the right of this one cross it.
                var atOrBelow = 0
                var i = lowerPosition + 1
                while i > 0 {
                    atOrBelow += tree[i]
                    i -= i & -i
                }
                total += inserted - atOrBelow
                i = lowerPosition + 1
                while i <= size {
                    tree[i] += 1
                    i += i & -i
                }
                inserted += 1
            }
        }
        return total
    }
}
