import TerminalKit

extension Placement {
    /// Column widths from the boxes, gap widths from the tracks each gap needs.
    mutating func placeColumns() {
        let layerCount = graph.layers.count
        columnWidth = graph.layers.map { items in
            items.filter { !graph.isPlaceholder($0) }.map { widths[$0] }.max() ?? 0
        }
        var trackIndex = Array(repeating: Int?.none, count: graph.segments.count)
        var trackCount = Array(repeating: 0, count: layerCount)
        var byGap = Array(repeating: [Int](), count: layerCount)
        for (index, segment) in graph.segments.enumerated() { byGap[graph.layer[segment.upper]].append(index) }
        for (gap, segments) in byGap.enumerated() {
            let bent = segments.filter { exitRow($0) != entryRow($0) }
            for (track, members) in assignTracks(bent) {
                for segment in members { trackIndex[segment] = track }
            }
            trackCount[gap] = bent.compactMap { trackIndex[$0] }.max().map { $0 + 1 } ?? 0
        }
        columnX = Array(repeating: 0, count: layerCount)
        labelX = Array(repeating: 0, count: layerCount)
        var x = 0
        for index in 0..<layerCount {
            columnX[index] = x
            x += columnWidth[index]
            guard index + 1 < layerCount else { break }
            // One cell, the tracks, one cell, the label and a cell of line, the arrowhead.
            labelX[index] = x + 1 + trackCount[index] + 1
            let labelRoom = spacing.labelWidth > 0 ? spacing.labelWidth + 1 : 0
            x += 1 + trackCount[index] + 1 + labelRoom + 1
        }
        totalWidth = x
        trackX = graph.segments.indices.map { index in
            trackIndex[index].map {
                columnX[graph.layer[graph.segments[index].upper]]
                    + columnWidth[graph.layer[graph.segments[index].upper]] + 1 + $0
            }
        }
    }

    var boxes: [Rect] {
        (0..<graph.nodeCount).map { item in
            Rect(x: columnX[graph.layer[item]], y: top[item], width: widths[item], height: height[item])
        }
    }

    /// Each edge's polyline: out of its left item's box, along its tracks and through the
    /// placeholder rows, into the right item's box.
    func routes() -> [MapLayout.Route] {
        var segmentIndex: [[Int]: Int] = [:]
        for (index, segment) in graph.segments.enumerated() {
            segmentIndex[[segment.upper, segment.lower, segment.edge]] = index
        }
        let boxes = self.boxes
        return graph.chains.map { chain in
            let hops = zip(chain.items, chain.items.dropFirst()).map { segmentIndex[[$0, $1, chain.edge]]! }
            var points = [MapLayout.Point(x: boxes[chain.items[0]].maxX, y: exitRow(hops[0]))]
            for hop in hops {
                if let x = trackX[hop] {
                    points.append(.init(x: x, y: exitRow(hop)))
                    points.append(.init(x: x, y: entryRow(hop)))
                }
                let lower = graph.segments[hop].lower
                if !graph.isPlaceholder(lower) {
                    points.append(.init(x: columnX[graph.layer[lower]] - 1, y: entryRow(hop)))
                }
            }
            let last = hops[hops.count - 1]
            let label =
                spacing.labelWidth > 0
                ? Rect(
                    x: labelX[graph.layer[graph.segments[last].upper]], y: entryRow(last), width: spacing.labelWidth,
                    height: 1)
                : nil
            return MapLayout.Route(
                edge: chain.edge, points: points, arrow: chain.reversed ? points[0] : points[points.count - 1],
                reversed: chain.reversed, label: label)
        }
    }

    /// Vertical tracks (0 nearest the left-hand column) for the bent segments of one gap.
    ///
    /// Segments leaving one port together (a one-row node's fan-out) share a track, drawn as a
    /// tree. A segment leaves along its exit row to its track and arrives along its entry row
    /// from it, so when one arrives on the row another leaves on, the arriving one must be on a
    /// track right of the leaving one, or their runs would share cells. Groups are placed in an
    /// order that respects those constraints (a depth-first order of them; in a cycle, such as
    /// two segments that each arrive on the other's exit row, one constraint has to give), each
    /// on the first track from its minimum whose verticals do not share a row with its own.
    func assignTracks(_ segments: [Int]) -> [(track: Int, members: [Int])] {
        var byPort: [[Int]: [Int]] = [:]
        for segment in segments {
            byPort[[graph.segments[segment].upper, exitRow(segment)], default: []].append(segment)
        }
        let groups = byPort.values.map {
            members -> (members: [Int], exit: Int, entries: Set<Int>, low: Int, high: Int) in
            let entries = members.map(entryRow)
            let rows = entries + [exitRow(members[0])]
            return (members, exitRow(members[0]), Set(entries), rows.min()!, rows.max()!)
        }.sorted { ($0.low, $0.high, $0.members[0]) < ($1.low, $1.high, $1.members[0]) }
        // Within a gap an exit row belongs to one item, so to one group.
        var leavingOn: [Int: Int] = [:]
        for (index, group) in groups.enumerated() { leavingOn[group.exit] = index }
        let rightOf = groups.map { group in group.entries.compactMap { leavingOn[$0] }.sorted() }
        var track = Array(repeating: -1, count: groups.count)
        var tracks: [[(low: Int, high: Int)]] = []
        for index in Self.dependencyOrder(rightOf) {
            let group = groups[index]
            var candidate = rightOf[index].map { track[$0] + 1 }.max() ?? 0
            while candidate < tracks.count
                && tracks[candidate].contains(where: { !($0.high < group.low || group.high < $0.low) })
            {
                candidate += 1
            }
            if candidate == tracks.count { tracks.append([]) }
            tracks[candidate].append((group.low, group.high))
            track[index] = candidate
        }
        return groups.indices.map { (track[$0], groups[$0].members) }
    }

    /// Every index after the ones it depends on (post-order of a depth-first search), skipping
    /// dependencies that would close a cycle; an unplaced dependency counts as track -1.
    static func dependencyOrder(_ dependencies: [[Int]]) -> [Int] {
        enum Mark { case new, onStack, done }
        var mark = Array(repeating: Mark.new, count: dependencies.count)
        var order: [Int] = []
        for start in dependencies.indices where mark[start] == .new {
            var stack = [(node: start, next: 0)]
            mark[start] = .onStack
            while let top = stack.last {
                if top.next < dependencies[top.node].count {
                    stack[stack.count - 1].next += 1
                    let dependency = dependencies[top.node][top.next]
                    if mark[dependency] == .new {
                        mark[dependency] = .onStack
                        stack.append((dependency, 0))
                    }
                } else {
                    mark[top.node] = .done
                    order.append(top.node)
                    stack.removeLast()
                }
            }
        }
        return order
    }
}
