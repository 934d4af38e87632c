import Foundation
import XRayFilter
import XRayModel

/// The store: documents in, traces, summaries and service graphs out. Every source that
/// produces documents (the daemon listener, OTLP, files) feeds it, and the explorer reads it
/// through `TraceSource`. Opened with a path (`open(path:...)`) it keeps everything in SQLite.
///
/// Memory holds a `TraceRow` per trace (about a hundred bytes: times, flags, the HTTP fields
/// and term ids), the order index and graph minutes over them, the documents of traces not
/// yet written, and assembled traces in a cache bounded in bytes. Opening a trace that is not
/// cached reads its documents from SQLite. Ingest only notes which traces changed; the next
/// read or write assembles each changed trace once and updates its row.
public actor TraceStore: TraceSource {
    public nonisolated let name: String
    /// Documents by trace: all of them for a store in memory only; for a store with a
    /// database, those of traces changed since their last write.
    var resident: [String: TraceDocuments] = [:]
    var cache: AssembledCache
    /// Whether traces assembled to compute their rows stay in `cache` (for readers of fresh
    /// traces); an import, which has no readers, turns it off.
    var cachesPlacedTraces = true
    /// Traces changed since their row was last computed.
    var unplaced: Set<String> = []
    var table = TraceTable()
    var order = TraceOrder()
    var graphBuckets = GraphBuckets()
    var terms = TermTable()
    var texts = TextPool()
    var nextNumber: Int64 = 1
    /// Set by `open(path:...)`; nil for a store that lives in memory only.
    var storage: Persistence?
    /// Kept after `close()`, for a last report.
    var writeCounters = PersistenceCounters()
    private var continuations: [Int: AsyncStream<Void>.Continuation] = [:]
    private var nextContinuationID = 0
    public internal(set) var counters = IngestCounters()
    /// Named filters, for `group.name` / `group.arn` in filter expressions.
    public private(set) var groups: [API.GroupSummary] = []

    /// Summaries per GetTraceSummaries page.
    public let pageSize: Int

    /// - Parameter cacheBytes: what assembled traces may take; they are assembled again
    ///   when evicted.
    public init(name: String = "memory", pageSize: Int = 1000, cacheBytes: Int = 256 << 20) {
        self.name = name
        self.pageSize = pageSize
        self.cache = AssembledCache(limit: cacheBytes)
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

    public func ingest(_ batch: some Collection<StoredDocument>) {
        // Grown once, not doubled again and again while a large batch (an import block) goes in.
        resident.reserveCapacity(resident.count + batch.count)
        unplaced.reserveCapacity(unplaced.count + batch.count)
        storage?.queue.reserveCapacity(batch.count)
        for document in batch { ingest(document) }
    }

    /// Adds a document to the trace's resident documents, first reading back the ones
    /// already written, so that which version is kept is decided as if all were in memory.
    func insert(_ document: StoredDocument) -> TraceDocuments.InsertOutcome {
        let traceID = document.traceID
        if resident[traceID] == nil, storage != nil, let row = table.row(traceID) {
            resident[traceID] = storedDocuments([row])[traceID]
        }
        let outcome = resident[traceID, default: TraceDocuments(traceID: traceID)].insert(document)
        if outcome != .unchanged {
            cache.remove(traceID)
            unplaced.insert(traceID)
        }
        return outcome
    }

    public func recordRejection() { counters.rejected += 1 }

    /// Off: traces assembled as documents arrive are not kept for readers (an import).
    public func setCachesPlacedTraces(_ value: Bool) { cachesPlacedTraces = value }

    public func setGroups(_ groups: [API.GroupSummary]) { self.groups = groups }

    /// `async`, so that it is the witness of `TraceSource.filterGroups` rather than the default.
    public func filterGroups() async -> [API.GroupSummary] { groups }

    public var traceCount: Int {
        placeChangedTraces()
        return table.count
    }

    // MARK: TraceSource

    public func traces(ids: [String]) async throws -> [Trace] {
        placeChangedTraces()
        let known = ids.filter { table.slot(of: $0) != nil }
        let entries = entries(for: known)
        return known.compactMap { entries[$0]?.trace }
    }

    /// Entry-edge statistics per period, from the trace rows (root status and duration).
    public func timeSeries(window: TimeWindow, period: Double) async throws -> [API.TimeSeriesServiceStatistics] {
        placeChangedTraces()
        let period = max(1, period)
        var buckets: [Int: StatisticsAccumulator] = [:]
        for row in table.rows where !row.isFree {
            guard let status = row.rootStatus, !row.rootDuration.isNaN, window.contains(row.rootStart) else { continue }
            buckets[Int(((row.rootStart - window.start) / period).rounded(.down)), default: .init()]
                .add(status, responseTime: row.rootDuration)
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
        for row in table.rows where !row.isFree {
            start = min(start, row.traceStart)
            end = max(end, row.traceEnd)
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

    /// A placed trace, assembled: from the cache, its resident documents, or the database.
    func entry(for id: String) -> AssembledCache.Entry? {
        if let cached = cache.get(id) { return completed(cached) }
        return entries(for: [id])[id]
    }

    /// A placed trace, assembled, for a caller that reads only the trace: a cached one is
    /// returned as placing left it, without making the rest of its summary.
    func trace(for id: String) -> Trace? {
        if let cached = cache.get(id) { return cached.trace }
        return entries(for: [id])[id]?.trace
    }

    /// A cached entry with its whole summary, made now (and kept) if placing left it out.
    private func completed(_ entry: AssembledCache.Entry) -> AssembledCache.Entry {
        guard !entry.isComplete else { return entry }
        let complete = entry.completed()
        cache.put(complete.trace.id, complete)
        return complete
    }

    /// Several traces at once, reading those not in memory in one query.
    func entries(for ids: [String]) -> [String: AssembledCache.Entry] {
        var found: [String: AssembledCache.Entry] = [:]
        var incomplete: [AssembledCache.Entry] = []
        var missing: [TraceRow] = []
        for id in ids {
            if let cached = cache.get(id) {
                if cached.isComplete { found[id] = cached } else { incomplete.append(cached) }
            } else if let documents = resident[id] {
                found[id] = assemble(documents)
            } else if let row = table.row(id) {
                missing.append(row)
            }
        }
        // Summaries are completed, like traces read back are assembled, on every core.
        let summarized = incomplete.concurrentMap { $0.completed() }
        let assembled = Array(storedDocuments(missing).values).concurrentMap { documents in
            let trace = documents.assemble()
            return AssembledCache.Entry(trace: trace, summary: API.TraceSummary(trace: trace), isComplete: true)
        }
        for entry in summarized + assembled {
            cache.put(entry.trace.id, entry)
            found[entry.trace.id] = entry
        }
        return found
    }

    private func assemble(_ documents: TraceDocuments) -> AssembledCache.Entry {
        let trace = documents.assemble()
        let entry = AssembledCache.Entry(trace: trace, summary: API.TraceSummary(trace: trace), isComplete: true)
        cache.put(trace.id, entry)
        return entry
    }

    /// The documents the database holds for these traces, with the revisions their rows
    /// recorded. A read that fails is reported once and answers what it could.
    func storedDocuments(_ rows: [TraceRow]) -> [String: TraceDocuments] {
        guard let database = storage?.database, !rows.isEmpty else { return [:] }
        let read: (byTrace: [Int64: [StoredDocument]], unreadable: Int)
        do {
            read = try database.documents(ofTraces: rows.map(\.number))
        } catch {
            storage?.log("xray-tui: \(error)")
            return [:]
        }
        if read.unreadable > 0 {
            storage?.log(
                "xray-tui: \(read.unreadable) documents in \(database.path) could not be read and were skipped")
        }
        var result: [String: TraceDocuments] = [:]
        for row in rows {
            guard let documents = read.byTrace[row.number] else { continue }
            result[row.id] = TraceDocuments(traceID: row.id, stored: documents, revision: Int(row.revision))
        }
        return result
    }
}
