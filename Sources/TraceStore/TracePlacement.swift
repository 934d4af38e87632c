import XRayModel

/// Where one trace sits in the store's indexes, and the times a window is compared with, so
/// queries can select without looking at the trace itself.
struct TracePlacement: Sendable, Hashable {
    /// Its position in `TraceOrder`: the summary's start time and the trace id.
    var key: TraceOrder.Key
    /// The earliest start of any span (what `TimeRangeType.traceID` windows compare).
    var traceStart: Double
    /// The latest end of any span (for `TimeRangeType.event`).
    var traceEnd: Double
    /// The graph bucket of `traceStart`.
    var bucket: Int

    init(trace: Trace, summary: API.TraceSummary) {
        key = TraceOrder.Key(start: summary.StartTime ?? 0, id: trace.id)
        traceStart = trace.startTime
        traceEnd = trace.endTime
        bucket = GraphBuckets.bucket(containing: trace.startTime)
    }

    /// How much earlier than its summary the trace starts (`TraceOrder` widens searches by it).
    var skew: Double { key.start - traceStart }
}
