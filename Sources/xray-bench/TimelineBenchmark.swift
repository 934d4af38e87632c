import Explorer
import Foundation
import TerminalKit
import XRayModel

// Opening a trace: the timeline's model (rows, folds, critical path, problems) and its first
// frame at 120x40, for traces of 1,000, 10,000 and 100,000 subsegments. The baseline is
// assembling the same trace from its documents, which any reader of the trace pays first.

/// One segment whose subsegments nest ten to a parent, a few of them faulted, the way a batch
/// job or a chatty ORM produces traces of thousands of calls.
func makeHugeTrace(subsegments count: Int) -> TraceDocuments {
    let traceID = "1-6b080000-000000000000000000000001"
    var next = 0
    func subsegment(start: Double, depth: Int, budget: inout Int) -> SegmentDocument {
        next += 1
        var document = SegmentDocument(
            kind: .subsegment, id: String(format: "%016x", next), name: "call-\(next)", startTime: start,
            endTime: start + 0.001)
        document.fault = next % 997 == 0
        var time = start
        while budget > 0 && document.subsegments.count < 10 && depth < 5 {
            budget -= 1
            let child = subsegment(start: time, depth: depth + 1, budget: &budget)
            time = child.endTime!
            document.subsegments.append(child)
        }
        document.endTime = max(document.endTime!, time)
        return document
    }
    var root = SegmentDocument(
        kind: .segment, id: "f000000000000000", traceID: traceID, name: "batch", startTime: 1_795_683_600,
        endTime: 1_795_683_600)
    var budget = count
    var time = root.startTime
    while budget > 0 {
        budget -= 1
        let child = subsegment(start: time, depth: 1, budget: &budget)
        time = child.endTime!
        root.subsegments.append(child)
    }
    root.endTime = time
    var documents = TraceDocuments(traceID: traceID)
    documents.insert(StoredDocument(encoding: root))
    return documents
}

func runTimelineBenchmarks(sizes: [Int]) {
    for size in sizes {
        let documents = makeHugeTrace(subsegments: size)
        var trace: Trace?
        let assemble = fastest(3) { trace = documents.assemble() }
        var state = AppState(sourceName: "bench", isLive: false, window: .whole, width: 120, height: 40, now: 0)
        let open = fastest(3) {
            state = AppState(sourceName: "bench", isLive: false, window: .whole, width: 120, height: 40, now: 0)
            _ = update(&state, .traceOpened(trace!, id: trace!.id))
        }
        let frame = fastest(3) { _ = render(state) }
        // Scrolling: a page down and its frame.
        let scroll = fastest(3) {
            _ = update(&state, .key(Key(.pageDown)))
            _ = render(state)
        }
        print(
            "timeline \(trace!.spans.count) spans: assembling \(milliseconds(assemble)); opening "
                + "\(milliseconds(open)) (ratio \(String(format: "%.3f", open / assemble))); first frame "
                + "\(milliseconds(frame)) (ratio \(String(format: "%.3f", frame / assemble))); page down and frame "
                + "\(milliseconds(scroll))")
    }
}
