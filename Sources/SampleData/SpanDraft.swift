import XRayModel

/// A segment or subsegment being built. Work is laid out on a cursor: a child starts where the
/// previous piece of work ended, and the span ends where its cursor stops, so nesting and
/// ordering come out right without anyone doing interval arithmetic by hand.
struct SpanDraft {
    var document: SegmentDocument
    let start: Int64
    /// Where the next piece of work starts (microseconds).
    var cursor: Int64

    private init(document: SegmentDocument, start: Int64) {
        self.document = document
        self.start = start
        self.cursor = start
    }

    static func segment(name: String, id: String, traceID: String, parentID: String?, start: Int64) -> SpanDraft {
        SpanDraft(
            document: SegmentDocument(
                kind: .segment, id: id, traceID: traceID, parentID: parentID, name: name,
                startTime: Micros.seconds(start)),
            start: start)
    }

    /// An embedded subsegment. `trace_id`, `parent_id` and `type` are left out, as the Go and
    /// Java SDKs do; the streamer adds them if the subsegment is ever sent on its own.
    static func subsegment(name: String, id: String, namespace: String?, start: Int64) -> SpanDraft {
        var document = SegmentDocument(kind: .subsegment, id: id, name: name, startTime: Micros.seconds(start))
        document.namespace = namespace
        return SpanDraft(document: document, start: start)
    }

    /// Time spent in the span's own code.
    mutating func work(_ micros: Int64) {
        cursor += max(0, micros)
    }

    /// Embeds a finished child and moves the cursor past it.
    mutating func append(_ child: SegmentDocument) {
        document.subsegments.append(child)
        if let end = child.endTime { cursor = max(cursor, Micros.from(seconds: end)) }
    }

    /// Waits for a callee's segment to end, without embedding it: it is sent on its own.
    mutating func wait(until callee: SegmentDocument) {
        cursor = max(cursor, Micros.from(seconds: callee.endTime ?? callee.startTime))
    }

    /// The finished document, ending at the cursor.
    func finish() -> SegmentDocument {
        var finished = document
        finished.endTime = Micros.seconds(max(cursor, start))
        return finished
    }
}
