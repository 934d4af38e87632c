import XRayModel

/// The pure model behind the trace timeline view: which rows show when spans are folded, the
/// critical path, problem navigation and search. Nothing here draws.
///
/// A row is a span (its index into `trace.spans`) or an inferred node (`trace.spans.count + k`
/// for `inferred[k]`). The display tree is `trace.spans` in order, nested by `depth`, with each
/// inferred node right after the subsegment it was inferred from, one level deeper (its first
/// child). `TraceAssembly` emits every segment (including segments called by a subsegment) and
/// every orphan at depth 0, each followed depth-first by its subsegments at depth + 1, so the
/// subtree of a row is exactly the run of rows after it whose depth is greater than its own.
/// Called segments are therefore *not* nested under the subsegment that called them: folding that
/// subsegment leaves them visible. The caller link (`callees`) is used only by the critical path.
public struct TimelineModel: Sendable {
    public let trace: Trace
    /// The nodes X-Ray infers for calls whose callee sent no segment (DynamoDB tables, SQS
    /// queues, SQL databases, remote APIs), in span order. The console shows them as rows.
    public let inferred: [InferredNode]
    /// Every row, in display order.
    public let order: [Int]
    /// Every row that can be folded (it has rows nested under it), in display order.
    public let foldable: [Int]
    /// The critical path; see `TimelineModel.criticalChain(of:)` for the definition.
    public let criticalPath: Set<Int>
    /// Spans whose status is error, throttle or fault, in display order. Inferred rows are left
    /// out: they repeat their subsegment's status, and `n` would stop twice on one call.
    public let problems: [Int]
    /// Row to its place in `order`.
    let positions: [Int]
    /// Row to its depth, copied out so the hot loops touch only flat arrays.
    let depths: [Int]
    /// The row's parent in the display tree: the nearest earlier row with a smaller depth.
    let displayParents: [Int?]

    /// A node inferred from the subsegment `call`; `document` is the segment X-Ray would add.
    public struct InferredNode: Sendable, Hashable {
        public let call: Int
        public let document: SegmentDocument
    }

    public init(trace: Trace) {
        self.trace = trace
        let spans = trace.spans
        var inferred: [InferredNode] = []
        var depths = spans.map(\.depth)
        var order: [Int] = []
        order.reserveCapacity(spans.count)
        for index in spans.indices {
            order.append(index)
            guard let document = trace.inferredSegment(forCallAt: index) else { continue }
            order.append(spans.count + inferred.count)
            depths.append(spans[index].depth + 1)
            inferred.append(InferredNode(call: index, document: document))
        }
        self.inferred = inferred
        self.order = order
        self.depths = depths
        var positions = [Int](repeating: 0, count: order.count)
        for (position, row) in order.enumerated() { positions[row] = position }
        self.positions = positions
        var parents = [Int?](repeating: nil, count: order.count)
        var stack: [Int] = []
        for row in order {
            while let top = stack.last, depths[top] >= depths[row] { stack.removeLast() }
            parents[row] = stack.last
            stack.append(row)
        }
        displayParents = parents
        foldable = order.indices.filter { $0 + 1 < order.count && depths[order[$0 + 1]] > depths[order[$0]] }
            .map { order[$0] }
        problems = spans.indices.filter { spans[$0].document.statusClass != .ok }
        // The path ends in the node its last call was inferred to: the service the trace waited on.
        let chain = Self.criticalChain(of: trace)
        var path = Set(chain)
        if let last = chain.last, let node = inferred.firstIndex(where: { $0.call == last }) {
            path.insert(spans.count + node)
        }
        criticalPath = path
    }

    /// Rows in the model: spans, then inferred nodes.
    public var rowCount: Int { order.count }

    public func isInferred(_ row: Int) -> Bool { row >= trace.spans.count && row < order.count }

    /// The inferred node a row shows, nil for a span's row.
    public func inferredNode(_ row: Int) -> InferredNode? {
        isInferred(row) ? inferred[row - trace.spans.count] : nil
    }

    /// The document a row shows: the span's, or the inferred segment.
    public func document(_ row: Int) -> SegmentDocument {
        inferredNode(row)?.document ?? trace.spans[row].document
    }

    public func depth(_ row: Int) -> Int { depths[row] }

    /// Row indices shown, in display order, when the rows in `collapsed` have their subtrees
    /// hidden. O(rows): a collapsed row skips the following rows deeper than it.
    public func visibleRows(collapsed: Set<Int>) -> [Int] {
        var rows: [Int] = []
        rows.reserveCapacity(collapsed.isEmpty ? order.count : 64)
        var position = 0
        while position < order.count {
            let row = order[position]
            rows.append(row)
            position += 1
            if collapsed.contains(row) {
                while position < order.count && depths[order[position]] > depths[row] { position += 1 }
            }
        }
        return rows
    }

    /// True when the row has rows nested under it in the display tree (something to fold).
    public func hasChildren(_ row: Int) -> Bool {
        guard positions.indices.contains(row) else { return false }
        let next = positions[row] + 1
        return next < order.count && depths[order[next]] > depths[row]
    }

    /// The ancestors of a row in the display tree, outermost first (the row itself excluded),
    /// so a view can unfold them to reveal it. Empty for a top-level row or an unknown index.
    public func ancestors(of row: Int) -> [Int] {
        guard displayParents.indices.contains(row) else { return [] }
        var chain: [Int] = []
        var current = displayParents[row]
        while let parent = current {
            chain.append(parent)
            current = displayParents[parent]
        }
        return chain.reversed()
    }

    /// The critical path as a chain: the spans that determined when the trace finished.
    ///
    /// It starts at the entry segment (`trace.rootIndex`) and repeatedly steps to the candidate
    /// that ends last, where the candidates of a span are its subsegments (`children`) and the
    /// segments it called (`callees`). A span without an end time (in progress) counts as ending
    /// at the trace end (`trace.endTime`). Ties on the end time go to the candidate earliest in
    /// display order (lowest span index). The walk stops at a span with no candidates (or one
    /// already on the path, should caller links form a cycle). Orphans are never reached: they
    /// are neither children nor callees of a span in the entry segment's tree. Empty when the
    /// trace has no segment. O(spans).
    static func criticalChain(of trace: Trace) -> [Int] {
        let spans = trace.spans
        guard let root = trace.rootIndex, spans.indices.contains(root) else { return [] }
        let traceEnd = trace.endTime
        func end(_ index: Int) -> Double { spans[index].document.endTime ?? traceEnd }
        var chain = [root]
        var onPath: Set<Int> = [root]
        var current = root
        while true {
            // Guard against a malformed child list (parent_id cycles): only real children count.
            let children = spans[current].children.filter {
                spans.indices.contains($0) && spans[$0].parentIndex == current
            }
            let callees = spans[current].callees.filter { spans.indices.contains($0) && !spans[$0].isOrphan }
            var best: Int?
            for candidate in children + callees where !onPath.contains(candidate) {
                guard let chosen = best else {
                    best = candidate
                    continue
                }
                let (a, b) = (end(candidate), end(chosen))
                if a > b || (a == b && candidate < chosen) { best = candidate }
            }
            guard let next = best else { return chain }
            chain.append(next)
            onPath.insert(next)
            current = next
        }
    }
}
