import XRayModel

/// The pure model behind the trace timeline view: which rows show when spans are folded, the
/// critical path, problem navigation and search. Nothing here draws.
///
/// The display tree is `trace.spans` in order, nested by `depth`. `TraceAssembly` emits every
/// segment (including segments called by a subsegment) and every orphan at depth 0, each followed
/// depth-first by its subsegments at depth + 1, so the subtree of a row is exactly the run of rows
/// after it whose depth is greater than its own. Called segments are therefore *not* nested under
/// the subsegment that called them: folding that subsegment leaves them visible. The caller link
/// (`callees`) is used only by the critical path.
public struct TimelineModel: Sendable {
    public let trace: Trace
    /// Every span that can be folded (it has rows nested under it), in display order.
    public let foldable: [Int]
    /// The critical path; see `TimelineModel.criticalPath(of:)` for the definition.
    public let criticalPath: Set<Int>
    /// Spans whose status is error, throttle or fault, in display order.
    public let problems: [Int]
    /// `trace.spans[i].depth`, copied out so the hot loops touch only a flat array.
    let depths: [Int]
    /// The span's parent in the display tree: the nearest earlier row with a smaller depth.
    let displayParents: [Int?]

    public init(trace: Trace) {
        self.trace = trace
        let depths = trace.spans.map(\.depth)
        self.depths = depths
        var parents: [Int?] = []
        parents.reserveCapacity(depths.count)
        var stack: [Int] = []
        for index in depths.indices {
            while let top = stack.last, depths[top] >= depths[index] { stack.removeLast() }
            parents.append(stack.last)
            stack.append(index)
        }
        displayParents = parents
        foldable = depths.indices.filter { $0 + 1 < depths.count && depths[$0 + 1] > depths[$0] }
        problems = trace.spans.indices.filter { trace.spans[$0].document.statusClass != .ok }
        criticalPath = Self.criticalPath(of: trace)
    }

    /// Span indices shown, in display order, when the spans in `collapsed` have their subtrees
    /// hidden. O(spans): a collapsed row skips the following rows deeper than it.
    public func visibleRows(collapsed: Set<Int>) -> [Int] {
        var rows: [Int] = []
        rows.reserveCapacity(collapsed.isEmpty ? depths.count : 64)
        var index = 0
        while index < depths.count {
            rows.append(index)
            let depth = depths[index]
            index += 1
            if collapsed.contains(index - 1) {
                while index < depths.count && depths[index] > depth { index += 1 }
            }
        }
        return rows
    }

    /// True when the span has rows nested under it in the display tree (something to fold).
    public func hasChildren(_ span: Int) -> Bool {
        depths.indices.contains(span) && span + 1 < depths.count && depths[span + 1] > depths[span]
    }

    /// The ancestors of a span in the display tree, outermost first (the span itself excluded),
    /// so a view can unfold them to reveal it. Empty for a top-level row or an unknown index.
    public func ancestors(of span: Int) -> [Int] {
        guard displayParents.indices.contains(span) else { return [] }
        var chain: [Int] = []
        var current = displayParents[span]
        while let parent = current {
            chain.append(parent)
            current = displayParents[parent]
        }
        return chain.reversed()
    }

    /// The critical path: the chain of spans that determined when the trace finished.
    ///
    /// It starts at the entry segment (`trace.rootIndex`) and repeatedly steps to the candidate
    /// that ends last, where the candidates of a span are its subsegments (`children`) and the
    /// segments it called (`callees`). A span without an end time (in progress) counts as ending
    /// at the trace end (`trace.endTime`). Ties on the end time go to the candidate earliest in
    /// display order (lowest span index). The walk stops at a span with no candidates (or one
    /// already on the path, should caller links form a cycle). Orphans are never reached: they
    /// are neither children nor callees of a span in the entry segment's tree. Empty when the
    /// trace has no segment. O(spans).
    static func criticalPath(of trace: Trace) -> Set<Int> {
        let spans = trace.spans
        guard let root = trace.rootIndex, spans.indices.contains(root) else { return [] }
        let traceEnd = trace.endTime
        func end(_ index: Int) -> Double { spans[index].document.endTime ?? traceEnd }
        var path: Set<Int> = [root]
        var current = root
        while true {
            // Guard against a malformed child list (parent_id cycles): only real children count.
            let children = spans[current].children.filter {
                spans.indices.contains($0) && spans[$0].parentIndex == current
            }
            let callees = spans[current].callees.filter { spans.indices.contains($0) && !spans[$0].isOrphan }
            var best: Int?
            for candidate in children + callees where !path.contains(candidate) {
                guard let chosen = best else {
                    best = candidate
                    continue
                }
                let (a, b) = (end(candidate), end(chosen))
                if a > b || (a == b && candidate < chosen) { best = candidate }
            }
            guard let next = best else { return path }
            path.insert(next)
            current = next
        }
    }
}
