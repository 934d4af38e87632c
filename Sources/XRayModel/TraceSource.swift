/// The one seam every reader of traces goes through: the embedded store, files, a remote
/// collector and the AWS API all answer these calls, and the explorer never knows which.
public protocol TraceSource: Sendable {
    /// What the status bar shows: a file name, `aws us-east-1`, `collector 127.0.0.1:2000`.
    var name: String { get }

    /// Trace summaries in a window, newest first, a page at a time (GetTraceSummaries).
    func summaries(_ query: SummaryQuery) async throws -> SummaryPage

    /// Assembled traces by id (BatchGetTraces). Unknown ids are left out.
    func traces(ids: [String]) async throws -> [Trace]

    /// The service graph of a window (GetServiceGraph).
    func serviceGraph(window: TimeWindow) async throws -> API.GetServiceGraphResult

    /// Entry-edge statistics per period (GetTimeSeriesServiceStatistics without a selector).
    func timeSeries(window: TimeWindow, period: Double) async throws -> [API.TimeSeriesServiceStatistics]

    /// Yields whenever new data may have arrived; a source that never changes finishes at once.
    func changes() -> AsyncStream<Void>

    /// The time range the source holds, when it knows it (files and the store do; AWS does not).
    func timeRange() async -> TimeWindow?

    /// What a receiving source has taken in (the collector's counters), for the status bar;
    /// nil for sources that only read.
    func ingestStatus() async -> String?

    /// The groups `group.name` and `group.arn` in a filter may name (GetGroups), so filters
    /// are checked here before they are sent.
    func filterGroups() async throws -> [API.GroupSummary]

    /// How many traces `traceGraph` should be given at most, for sources where each trace
    /// costs a call (nil: no limit).
    var traceGraphLimit: Int? { get }
}

extension TraceSource {
    public func timeRange() async -> TimeWindow? { nil }

    public func ingestStatus() async -> String? { nil }

    public func filterGroups() async throws -> [API.GroupSummary] { [] }

    public var traceGraphLimit: Int? { nil }

    /// The graph of just these traces (GetTraceGraph), dated to `window`: what the map shows
    /// when a filter is set. Sources that can ask a service for it override this.
    public func traceGraph(ids: [String], window: TimeWindow) async throws -> API.GetServiceGraphResult {
        var builder = ServiceGraphBuilder()
        for start in stride(from: 0, to: ids.count, by: 1000) {
            for trace in try await traces(ids: Array(ids[start..<min(ids.count, start + 1000)])) { builder.add(trace) }
        }
        return builder.result(start: window.start, end: window.end)
    }
}

public struct TimeWindow: Sendable, Hashable, CustomStringConvertible {
    public var start: Double
    public var end: Double

    public init(start: Double, end: Double) {
        self.start = start
        self.end = end
    }

    public var duration: Double { end - start }

    public func contains(_ time: Double) -> Bool { time >= start && time <= end }

    public func overlaps(start otherStart: Double, end otherEnd: Double) -> Bool {
        otherStart <= end && otherEnd >= start
    }

    public var description: String { "\(TimeFormat.iso8601(start)) .. \(TimeFormat.iso8601(end))" }
}

/// Which time of a trace GetTraceSummaries compares with the window.
public enum TimeRangeType: String, Sendable, Hashable, CaseIterable {
    /// The trace's start (the time in its id).
    case traceID = "TraceId"
    /// Any update: the trace overlaps the window.
    case event = "Event"
    /// When a segment ended.
    case service = "Service"
}

public struct SummaryQuery: Sendable, Hashable {
    public var window: TimeWindow
    public var filter: String?
    public var timeRangeType: TimeRangeType
    public var nextToken: String?

    public init(
        window: TimeWindow, filter: String? = nil, timeRangeType: TimeRangeType = .traceID, nextToken: String? = nil
    ) {
        self.window = window
        self.filter = filter
        self.timeRangeType = timeRangeType
        self.nextToken = nextToken
    }
}

public struct SummaryPage: Sendable, Hashable {
    public var summaries: [API.TraceSummary]
    public var nextToken: String?
    /// Start of the time this page covers, for a "scanned N%" indicator.
    public var approximateTime: Double?
    /// Traces looked at for this page, matching or not.
    public var tracesProcessed: Int

    public init(summaries: [API.TraceSummary], nextToken: String?, approximateTime: Double?, tracesProcessed: Int) {
        self.summaries = summaries
        self.nextToken = nextToken
        self.approximateTime = approximateTime
        self.tracesProcessed = tracesProcessed
    }

    public var apiResult: API.GetTraceSummariesResult {
        var result = API.GetTraceSummariesResult()
        result.TraceSummaries = summaries
        result.ApproximateTime = approximateTime
        result.TracesProcessedCount = tracesProcessed
        result.NextToken = nextToken
        return result
    }
}

/// A bad filter expression is reported as XRayFilter's `FilterError`, with its column.
public enum TraceSourceError: Error, Sendable, Hashable, CustomStringConvertible {
    case badNextToken(String)

    public var description: String {
        switch self {
        case .badNextToken(let token): return "bad NextToken \"\(Sanitizer.clean(token))\""
        }
    }
}

extension Trace {
    /// BatchGetTraces' shape: the top-level documents as JSON strings, as received, plus the
    /// inferred segments X-Ray adds for downstream calls whose callee sent nothing.
    public var apiTrace: API.Trace {
        var trace = API.Trace()
        trace.Id = id
        let segments = Array(self.segments)
        let start = segments.map(\.document.startTime).min() ?? startTime
        let end = segments.map { $0.document.endTime ?? $0.document.startTime }.max() ?? endTime
        trace.Duration = max(0, end - start).roundedToMicroseconds
        trace.LimitExceeded = false
        trace.Segments =
            documents.map { API.Segment(Id: $0.id, Document: $0.raw) }
            + inferredSegments.map { API.Segment(Id: $0.id, Document: $0.raw) }
        return trace
    }

    /// Inferred segments as X-Ray writes them (reference §2.9), one per subsegment that
    /// `inferredSegment(forCallAt:)` infers a node for, in span order.
    public var inferredSegments: [StoredDocument] {
        spans.indices.compactMap { inferredSegment(forCallAt: $0).map(StoredDocument.init(encoding:)) }
    }

    /// The segment X-Ray adds for the subsegment at `index` when its callee sent nothing: a new
    /// id derived from the subsegment's, `parent_id` = the subsegment, the inferred node's name
    /// and type (as `origin`), the subsegment's times, `http`, `aws` and status, and
    /// `inferred: true`. nil when the span made no call or called a traced service.
    public func inferredSegment(forCallAt index: Int) -> SegmentDocument? {
        guard case .inferred(let key) = downstream(of: index) else { return nil }
        let call = spans[index].document
        var document = SegmentDocument(
            kind: .segment, id: Self.inferredID(for: call.id), traceID: id, parentID: call.id, name: key.name,
            startTime: call.startTime, endTime: call.endTime, inProgress: call.inProgress)
        document.origin = key.type
        document.http = call.http
        document.aws = call.aws
        document.error = call.error
        document.throttle = call.throttle
        document.fault = call.fault
        document.inferred = true
        return document
    }

    /// Deterministic, so the same trace always gets the same inferred ids.
    static func inferredID(for subsegmentID: String) -> String { FNV1a.hex("inferred:" + subsegmentID) }
}
