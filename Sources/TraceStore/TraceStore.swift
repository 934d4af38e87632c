import Foundation
import XRayFilter
import XRayModel

/// The store: documents in, traces, summaries and service graphs out. Every source that
/// produces documents (the daemon listener, OTLP, files) feeds it, and the explorer reads it
/// through `TraceSource`. Opened with a path (`open(path:...)`) it also keeps a SQLite copy.
///
/// Assembled traces and their summaries are cached per trace and dropped when a document for
/// that trace changes, so a burst of documents costs one assembly per trace read, not per
/// document. The indexes (`order`, `graphBuckets`) are brought up to date the same lazy way:
/// ingest only notes which traces changed, and the next read places them.
public actor TraceStore: TraceSource {
    public nonisolated let name: String
    var documents: [String: TraceDocuments] = [:]
    var assembled: [String: (trace: Trace, summary: API.TraceSummary)] = [:]
    /// Traces changed since they were last placed in `order` and `graphBuckets`.
    var unplaced: Set<String> = []
    var placements: [String: TracePlacement] = [:]
    var order = TraceOrder()
    var graphBuckets = GraphBuckets()
    /// Set by `open(path:...)`; nil for a store that lives in memory only.
    var storage: Persistence?
    /// Kept after `close()`, for a last report.
    var writeCounters = PersistenceCounters()
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

    deinit {
        // A store dropped without `close()` still lets the next one open the file.
        storage?.lock?.release()
        storage?.timers.forEach { $0.cancel() }
    }

    // MARK: ingest

    @discardableResult
    public func ingest(_ document: StoredDocument) -> TraceDocuments.InsertOutcome {
        let outcome = insert(document)
        counters.count(outcome)
        if outcome != .unchanged {
            storage?.queue.upsert(document)
            for continuation in continuations.values { continuation.yield() }
        }
        return outcome
    }

    public func ingest(_ batch: some Sequence<StoredDocument>) {
        for document in batch { ingest(document) }
    }

    /// Adds a document to memory only: what ingest and loading from the database share.
    func insert(_ document: StoredDocument) -> TraceDocuments.InsertOutcome {
        let traceID = document.traceID
        let outcome = documents[traceID, default: TraceDocuments(traceID: traceID)].insert(document)
        if outcome != .unchanged {
            assembled[traceID] = nil
            unplaced.insert(traceID)
        }
        return outcome
    }

    public func recordRejection() { counters.rejected += 1 }

    public func setGroups(_ groups: [API.GroupSummary]) { self.groups = groups }

    /// `async`, so that it is the witness of `TraceSource.filterGroups` rather than the default.
    public func filterGroups() async -> [API.GroupSummary] { groups }

    public var traceCount: Int { documents.count }

    // MARK: TraceSource

    public func traces(ids: [String]) async throws -> [Trace] {
        ids.compactMap { documents[$0] == nil ? nil : entry(for: $0).trace }
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

    /// The time range of all traces, for "the whole file" windows.
    public func timeRange() async -> TimeWindow? {
        placeChangedTraces()
        var start = Double.infinity
        var end = -Double.infinity
        for placement in placements.values {
            start = min(start, placement.traceStart)
            end = max(end, placement.traceEnd)
        }
        return start.isFinite ? TimeWindow(start: start, end: end) : nil
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

    func entry(for id: String) -> (trace: Trace, summary: API.TraceSummary) {
        if let cached = assembled[id] { return cached }
        let trace = documents[id]!.assemble()
        let entry = (trace, API.TraceSummary(trace: trace))
        assembled[id] = entry
        return entry
    }
}
