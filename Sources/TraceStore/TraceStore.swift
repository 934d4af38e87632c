import Foundation
import XRayFilter
import XRayModel

/// The store: documents in, traces, summaries and service graphs out. This is the in-memory
/// part; every source that produces documents (the daemon listener, OTLP, files) feeds it, and
/// the explorer reads it through `TraceSource`.
///
/// Assembled traces and their summaries are cached per trace and dropped when a document for
/// that trace changes, so a burst of documents costs one assembly per trace read, not per
/// document.
public actor TraceStore: TraceSource {
    public nonisolated let name: String
    private var documents: [String: TraceDocuments] = [:]
    private var assembled: [String: (trace: Trace, summary: API.TraceSummary)] = [:]
    private var continuations: [Int: AsyncStream<Void>.Continuation] = [:]
    private var nextContinuationID = 0
    public private(set) var counters = IngestCounters()
    /// Named filters, for `group.name` / `group.arn` in filter expressions.
    public private(set) var groups: [API.GroupSummary] = []

    /// Summaries per GetTraceSummaries page.
    public let pageSize: Int

    public init(name: String = "memory", pageSize: Int = 1000) {
        self.name = name
        self.pageSize = pageSize
    }

    // MARK: ingest

    @discardableResult
    public func ingest(_ document: StoredDocument) -> TraceDocuments.InsertOutcome {
        let traceID = document.traceID
        let outcome = documents[traceID, default: TraceDocuments(traceID: traceID)].insert(document)
        counters.count(outcome)
        if outcome != .unchanged {
            assembled[traceID] = nil
            for continuation in continuations.values { continuation.yield() }
        }
        return outcome
    }

    public func ingest(_ batch: some Sequence<StoredDocument>) {
        for document in batch { ingest(document) }
    }

    public func recordRejection() { counters.rejected += 1 }

    public func setGroups(_ groups: [API.GroupSummary]) { self.groups = groups }

    public var traceCount: Int { documents.count }

    // MARK: TraceSource

    public func summaries(_ query: SummaryQuery) async throws -> SummaryPage {
        // Throws FilterError (with a column) for a bad expression.
        let filter = try query.filter.flatMap { text throws(FilterError) -> FilterExpression? in
            text.trimmingCharacters(in: .whitespaces).isEmpty
                ? nil : try FilterExpression(parsing: text, groups: groups)
        }
        let offset: Int
        if let token = query.nextToken {
            guard let value = Int(token), value >= 0 else { throw TraceSourceError.badNextToken(token) }
            offset = value
        } else {
            offset = 0
        }
        var processed = 0
        let matching = documents.keys.compactMap { id -> API.TraceSummary? in
            let entry = entry(for: id)
            guard Self.matches(entry.trace, query.window, query.timeRangeType) else { return nil }
            processed += 1
            guard let filter else { return entry.summary }
            return filter.matches(entry.summary) { entry.trace } ? entry.summary : nil
        }
        .sorted { ($0.StartTime ?? 0, $0.Id ?? "") > ($1.StartTime ?? 0, $1.Id ?? "") }
        let page = Array(matching.dropFirst(offset).prefix(pageSize))
        let next = offset + page.count < matching.count ? String(offset + page.count) : nil
        return SummaryPage(
            summaries: page, nextToken: next,
            approximateTime: page.last?.StartTime ?? query.window.start,
            tracesProcessed: offset == 0 ? processed : 0)
    }

    public func traces(ids: [String]) async throws -> [Trace] {
        ids.compactMap { documents[$0] == nil ? nil : entry(for: $0).trace }
    }

    public func serviceGraph(window: TimeWindow) async throws -> API.GetServiceGraphResult {
        var builder = ServiceGraphBuilder()
        for id in documents.keys {
            let trace = entry(for: id).trace
            if window.overlaps(start: trace.startTime, end: trace.endTime) { builder.add(trace) }
        }
        return builder.result(start: window.start, end: window.end)
    }

    public func timeSeries(window: TimeWindow, period: Double) async throws -> [API.TimeSeriesServiceStatistics] {
        let period = max(1, period)
        var buckets: [Int: StatisticsAccumulator] = [:]
        for id in documents.keys {
            let trace = entry(for: id).trace
            guard let root = trace.root?.document, let responseTime = root.duration,
                window.contains(root.startTime)
            else { continue }
            buckets[Int(((root.startTime - window.start) / period).rounded(.down)), default: .init()]
                .add(root.statusClass, responseTime: responseTime)
        }
        return buckets.keys.sorted().map { bucket in
            var point = API.TimeSeriesServiceStatistics()
            point.Timestamp = window.start + Double(bucket) * period
            point.EdgeSummaryStatistics = buckets[bucket]!.apiStatistics
            point.ResponseTimeHistogram = buckets[bucket]!.apiHistogram
            return point
        }
    }

    public nonisolated func changes() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        Task { await self.register(continuation) }
        return stream
    }

    // MARK: helpers

    private func register(_ continuation: AsyncStream<Void>.Continuation) {
        let id = nextContinuationID
        nextContinuationID += 1
        continuations[id] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.unregister(id) }
        }
    }

    private func unregister(_ id: Int) { continuations[id] = nil }

    private func entry(for id: String) -> (trace: Trace, summary: API.TraceSummary) {
        if let cached = assembled[id] { return cached }
        let trace = documents[id]!.assemble()
        let entry = (trace, API.TraceSummary(trace: trace))
        assembled[id] = entry
        return entry
    }

    /// The time range of all traces, for "the whole file" windows.
    public func timeRange() async -> TimeWindow? {
        var start = Double.infinity
        var end = -Double.infinity
        for id in documents.keys {
            let trace = entry(for: id).trace
            start = min(start, trace.startTime)
            end = max(end, trace.endTime)
        }
        return start.isFinite ? TimeWindow(start: start, end: end) : nil
    }

    static func matches(_ trace: Trace, _ window: TimeWindow, _ type: TimeRangeType) -> Bool {
        switch type {
        case .traceID:
            return window.contains(trace.startTime)
        case .event:
            return window.overlaps(start: trace.startTime, end: trace.endTime)
        case .service:
            return trace.segments.contains { window.contains($0.document.endTime ?? .nan) }
        }
    }
}

/// What happened to documents offered to the store.
public struct IngestCounters: Sendable, Hashable {
    public var added = 0
    public var replaced = 0
    public var unchanged = 0
    public var rejected = 0

    public init(added: Int = 0, replaced: Int = 0, unchanged: Int = 0, rejected: Int = 0) {
        self.added = added
        self.replaced = replaced
        self.unchanged = unchanged
        self.rejected = rejected
    }

    public var accepted: Int { added + replaced + unchanged }

    mutating func count(_ outcome: TraceDocuments.InsertOutcome) {
        switch outcome {
        case .added: added += 1
        case .replaced: replaced += 1
        case .unchanged: unchanged += 1
        }
    }
}
