import TraceStore
import XRayModel

/// The explorer's view of an embedded collector: the store's traces, plus the collector's
/// counters for the status bar, so a user sees datagrams being rejected or dropped.
public struct CollectorSource: TraceSource {
    public let collector: Collector
    public let name: String

    public init(collector: Collector, name: String? = nil) {
        self.collector = collector
        self.name = name ?? "collector \(collector.udpAddress)"
    }

    var store: TraceStore { collector.store }

    public func summaries(_ query: SummaryQuery) async throws -> SummaryPage { try await store.summaries(query) }

    public func traces(ids: [String]) async throws -> [Trace] { try await store.traces(ids: ids) }

    public func serviceGraph(window: TimeWindow) async throws -> API.GetServiceGraphResult {
        try await store.serviceGraph(window: window)
    }

    public func timeSeries(window: TimeWindow, period: Double) async throws -> [API.TimeSeriesServiceStatistics] {
        try await store.timeSeries(window: window, period: period)
    }

    public func changes() -> AsyncStream<Void> { store.changes() }

    public func timeRange() async -> TimeWindow? { await store.timeRange() }

    public func filterGroups() async throws -> [API.GroupSummary] { await store.groups }

    /// The counters, and a database that is not being written (a full disk), which the user
    /// must hear about even though the explorer keeps working from memory.
    public func ingestStatus() async -> String? {
        var status = collector.snapshot.summary + (await store.counters).prunedSummary
        if let failure = await store.persistence.lastError { status += " · NOT SAVED: \(failure)" }
        return status
    }
}
