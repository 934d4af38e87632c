import XRayModel

/// Replays a segment's subsegments in time order and streams completed subtrees out the way
/// the X-Ray SDKs do past their streaming threshold (Python `DefaultStreaming.stream`):
/// after each subsegment ends, if more than `threshold` subsegments have been started and not
/// streamed, every completed subtree whose parent is still open is sent on its own, with
/// `type`, `trace_id` and `parent_id`, and removed from the segment that is sent last.
struct SubsegmentStreamer {
    struct Streamed {
        let time: Int64
        let document: SegmentDocument
    }

    private(set) var streamed: [Streamed] = []
    /// The segment as finally sent: what was never streamed.
    private(set) var remainder: SegmentDocument

    private var nodes: [Node] = []
    private let traceID: String?

    private struct Node {
        var document: SegmentDocument  // without its subsegments
        var parent: Int?
        var children: [Int] = []
        var start: Int64
        var end: Int64
        var started = false
        var closed = false
        var removed = false
    }

    init(segment: SegmentDocument, threshold: Int) {
        remainder = segment
        traceID = segment.traceID
        guard Self.count(segment) > threshold else { return }
        flatten(segment, parent: nil)
        replay(threshold: threshold)
        remainder = build(0)
    }

    private static func count(_ document: SegmentDocument) -> Int {
        document.subsegments.reduce(document.kind == .subsegment ? 1 : 0) { $0 + count($1) }
    }

    private mutating func flatten(_ document: SegmentDocument, parent: Int?) {
        var flat = document
        flat.subsegments = []
        let index = nodes.count
        let start = Micros.from(seconds: document.startTime)
        nodes.append(
            Node(
                document: flat, parent: parent, start: start,
                end: document.endTime.map(Micros.from(seconds:)) ?? start))
        if let parent { nodes[parent].children.append(index) }
        for child in document.subsegments { flatten(child, parent: index) }
    }

    private mutating func replay(threshold: Int) {
        // Node 0 is the segment: open for the whole replay, since it ends after everything.
        nodes[0].started = true
        enum Event { case begin(Int), end(Int) }
        var events: [(time: Int64, rank: Int, event: Event)] = []
        for index in nodes.indices.dropFirst() {
            // At one instant ends go first, children (higher pre-order index) before parents,
            // then begins in pre-order, parents before children.
            events.append((nodes[index].start, 2 * nodes.count + index, .begin(index)))
            events.append((nodes[index].end, nodes.count - index, .end(index)))
        }
        events.sort { ($0.time, $0.rank) < ($1.time, $1.rank) }

        // Like the SDK's counter: up on every begin, down by one per streamed subtree.
        var open = 0
        for (time, _, event) in events {
            switch event {
            case .begin(let index):
                nodes[index].started = true
                open += 1
            case .end(let index):
                nodes[index].closed = true
                guard open > threshold else { continue }
                var ready: [Int] = []
                _ = collectReady(0, into: &ready)
                for index in ready {
                    streamed.append(Streamed(time: time, document: standalone(index)))
                    nodes[index].removed = true
                    open -= 1
                }
            }
        }
    }

    /// True when the subtree at `index` is complete and can go up to its parent as a whole;
    /// otherwise appends its complete children to `ready` to be streamed on their own.
    private func collectReady(_ index: Int, into ready: inout [Int]) -> Bool {
        let held = nodes[index].children.filter { nodes[$0].started && !nodes[$0].removed }
        let complete = held.filter { collectReady($0, into: &ready) }
        if complete.count == held.count && nodes[index].closed && index != 0 { return true }
        ready.append(contentsOf: complete)
        return false
    }

    private func standalone(_ index: Int) -> SegmentDocument {
        var document = build(index)
        document.type = "subsegment"
        document.traceID = traceID
        document.parentID = nodes[nodes[index].parent ?? 0].document.id
        return document
    }

    /// The subtree at `index` without anything already streamed out of it.
    private func build(_ index: Int) -> SegmentDocument {
        var document = nodes[index].document
        document.subsegments = nodes[index].children.filter { !nodes[$0].removed }.map(build)
        return document
    }
}
